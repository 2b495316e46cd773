"""The conditions technical advice adds to the plan lifecycle (``plans.lifecycle.add_guard``), connected
once from ``AdviceConfig.ready`` (its events and reminders are in its manifest).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apertus.advice.selectors import open_round, unresolved_must_fix
from apertus.plans.lifecycle import add_guard
from apertus.plans.models import PlanStatus


def no_open_round(plan) -> str | None:
    """A plan is not published while advisors are still reviewing it."""
    review = open_round(plan)
    if review is None:
        return None
    return str(_("La ronda de revisión %(n)s de la asesoría técnica sigue abierta.") % {"n": review.number})


def no_unresolved_must_fix(plan) -> str | None:
    """Every «must fix» comment has been accepted by an advisor."""
    pending = unresolved_must_fix(plan)
    if not pending:
        return None
    return ngettext(
        "%(n)d comentario «debe corregirse» de la asesoría técnica no está aceptado.",
        "%(n)d comentarios «debe corregirse» de la asesoría técnica no están aceptados.",
        pending,
    ) % {"n": pending}


def connect() -> None:
    add_guard(PlanStatus.PUBLISHED, no_open_round)
    add_guard(PlanStatus.PUBLISHED, no_unresolved_must_fix)
