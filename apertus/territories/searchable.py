"""What the site search indexes of the territory: the states (load_reference writes them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apertus.core.searchable import Doc, IndexedType, phase_id
from apertus.territories.models import State


def _states():
    return State.objects.select_related("participation")


def _state(s) -> Doc:
    return Doc(
        title=s.short_name,
        title_en=s.short_name,
        body=s.name,
        body_en=s.name,
        url=s.get_absolute_url(),
        state_id=s.pk,
        phase_id=phase_id(s),
    )


STATE = IndexedType(
    "estado",
    _("Entidad"),
    _("Entidades"),
    "territories.state",
    _states,
    _state,
    weight=1.5,
    order=100,
    reference=True,
)


def state_labels(values: list[str]) -> dict[str, str]:
    """The search's state facet: each state's short name, by id."""
    return {str(s.pk): s.short_name for s in State.objects.filter(pk__in=values)}
