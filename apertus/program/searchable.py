"""What the program gives the site search: the labels of its phase facet (the program's records are
not indexed themselves; the states and the plans carry their phase)."""

from __future__ import annotations

from apertus.program.models import ProgramPhase


def phase_labels(values: list[str]) -> dict[str, str]:
    """The search's phase facet: each phase's number and year, by id."""
    return {str(p.pk): f"{p.number} ({p.year})" for p in ProgramPhase.objects.filter(pk__in=values)}
