"""The program's open data: the states file (territories.datasets) ends with the phase and the guarantor
body of each participating state. The program indicators are published by apertus.cohorts."""

from dataclasses import replace

from django.utils.translation import gettext_lazy

from apertus.core.datasets import col, register
from apertus.program.models import StateParticipation
from apertus.territories.datasets import STATES
from apertus.territories.models import State


def _phase_year(state):
    participation = getattr(state, "_prefetched_participation", None)
    return participation.phase.year if participation else ""


def _guarantor(state):
    p = getattr(state, "_prefetched_participation", None)
    return p.guarantor.name if p and p.guarantor else ""


def _states():
    participations = {p.state_id: p for p in StateParticipation.objects.select_related("phase", "guarantor")}
    for state in State.objects.order_by("code").iterator():
        state._prefetched_participation = participations.get(state.pk)
        yield state


STATES.columns.extend(
    [
        col(
            "fase_programa",
            gettext_lazy("Año de la fase en que participa (vacío si no participa)"),
            _phase_year,
            "integer",
        ),
        col("organo_garante", gettext_lazy("Órgano garante de transparencia de la entidad participante"), _guarantor),
    ]
)
register(replace(STATES, rows=_states))
