"""The participating states side by side, and the home page's map coloured by a chosen figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apertus.results.framework import Period, StateRow, commitments_in, plans_in, results_framework
from apertus.territories.selectors import state_map

DEFAULT = "avance"
# figure → (label, how to read it from a state's row and its SDG coverage)
MAP_FIGURES = {
    "avance": gettext_noop("Avance del plan (%)"),
    "estandares": gettext_noop("Estándares de cocreación cumplidos (de 5)"),
    "cobertura_ods": gettext_noop("ODS distintos con compromisos"),
    "compromisos": gettext_noop("Compromisos"),
    "propuestas_respondidas": gettext_noop("Propuestas con respuesta razonada (%)"),
    "fellows": gettext_noop("Agentes de cambio seleccionados"),
}
# Five sequential blues (light to dark), readable on white, and the grey of non-participating states.
SCALE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#f3f4f6"
NOT_PARTICIPATING = "#d9dde3"


@dataclass
class StateColumn:
    row: StateRow
    goals: int
    answered_percent: Decimal | None

    def value(self, figure: str):
        c = self.row.counts
        return {
            "avance": c.progress,
            "estandares": c.standards_met if c.standards_plans else None,
            "cobertura_ods": self.goals,
            "compromisos": c.commitments,
            "propuestas_respondidas": self.answered_percent,
            "fellows": c.fellows,
        }[figure]


@dataclass
class LegendItem:
    color: str
    label: str


@dataclass
class Comparison:
    figure: str
    figure_label: str
    columns: list[StateColumn]
    states: list  # all 32, each with map_phase, map_fill and map_label
    legend: list[LegendItem]
    choices: list[tuple[str, str]]


def _goal_coverage(state_ids) -> dict[int, int]:
    rows = (
        commitments_in(plans_in(Period(), state_ids))
        .values("plan__state_id")
        .annotate(goals=Count("primary_goal_id", distinct=True))
        .order_by()
    )
    return {r["plan__state_id"]: r["goals"] for r in rows}


def _bins(values: list[float]) -> list[float]:
    """Upper bounds of five equal-width classes between the smallest and largest value."""
    low, high = min(values), max(values)
    step = (high - low) / len(SCALE) or 1
    return [low + step * (i + 1) for i in range(len(SCALE))]


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def comparison(*, figure: str = DEFAULT) -> Comparison:
    fw = results_framework()
    rows = fw.total.rows
    coverage = _goal_coverage([r.state.pk for r in rows])
    columns = []
    for row in rows:
        c = row.counts
        percent = (Decimal(c.answered) * 100 / c.proposals).quantize(Decimal("0.1")) if c.proposals else None
        columns.append(StateColumn(row, coverage.get(row.state.pk, 0), percent))
    by_state = {col.row.state.pk: col for col in columns}
    values = [float(v) for col in columns if (v := col.value(figure)) is not None]
    bounds = _bins(values) if values else []
    label = _(MAP_FIGURES[figure])
    states = state_map()
    for state in states:
        col = by_state.get(state.pk)
        state.map_fill, state.map_label = NOT_PARTICIPATING, state.short_name
        if col is None:
            continue
        value = col.value(figure)
        if value is None:
            state.map_fill, state.map_label = NO_DATA, f"{state.short_name}: {_('sin dato')}"
            continue
        index = next(i for i, b in enumerate(bounds) if float(value) <= b + 1e-9) if bounds else 0
        state.map_fill, state.map_label = SCALE[index], f"{state.short_name}: {label} {_fmt(float(value))}"
    legend = []
    if bounds:
        lower = min(values)
        for color, upper in zip(SCALE, bounds, strict=True):
            legend.append(LegendItem(color, f"{_fmt(lower)} – {_fmt(upper)}"))
            lower = upper
    legend += [LegendItem(NO_DATA, _("Participa, sin dato")), LegendItem(NOT_PARTICIPATING, _("No participa"))]
    choices = [(key, _(text)) for key, text in MAP_FIGURES.items()]
    return Comparison(figure, label, columns, states, legend, choices)
