"""A state's context: its SDG indicator series over time against the median of the 32 states, the
fact sheet's open-government metric (INAI/CIDE) and GESOC's index against the national value, and
its commitments by SDG. A handful of queries whatever the state."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from apertus.plans.models import Commitment
from apertus.plans.selectors import public_plans
from apertus.results.models import FactKind, IndicatorSeries, IndicatorSummary, IndicatorValue, StateFact
from apertus.taxonomy.models import Scheme, Term

WIDTH, HEIGHT = 320, 120
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 10, 10, 22
FIRST_YEAR, LAST_YEAR = 2006, 2018


def _c(value: float) -> str:
    return f"{value:.1f}"


@dataclass
class Point:
    year: int
    value: float | None
    median: float | None


@dataclass
class LineChart:
    state_points: str
    median_points: str
    state_dots: list[tuple[str, str, str]]
    y_labels: list[tuple[str, str]]
    x_labels: list[tuple[str, str]]
    width: int = WIDTH
    height: int = HEIGHT


@dataclass
class SeriesContext:
    series: IndicatorSeries
    points: list[Point]
    chart: LineChart | None
    latest: Point | None


@dataclass
class GoalContext:
    goal: Term
    series: list[SeriesContext] = field(default_factory=list)


@dataclass
class Fact:
    name: str
    source: str
    year: int
    value: str
    national: str = ""


@dataclass
class StateContext:
    goals: list[Term]  # goals with series, for the selector
    goal: GoalContext | None
    open_government: list[Fact]
    capacities: list[Fact]
    sdg_facts: list[Fact]
    commitments_by_goal: list[tuple[Term, int]]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.2f}".rstrip("0").rstrip(".")


def line_chart(points: list[Point]) -> LineChart | None:
    values = [v for p in points for v in (p.value, p.median) if v is not None]
    if not values or not any(p.value is not None for p in points):
        return None
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    inner_w, inner_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(year: int) -> float:
        return PAD_LEFT + inner_w * (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)

    def y(value: float) -> float:
        return PAD_TOP + inner_h * (1 - (value - low) / (high - low))

    state = [(x(p.year), y(p.value)) for p in points if p.value is not None]
    median = [(x(p.year), y(p.median)) for p in points if p.median is not None]
    return LineChart(
        " ".join(f"{_c(a)},{_c(b)}" for a, b in state),
        " ".join(f"{_c(a)},{_c(b)}" for a, b in median),
        [
            (_c(a), _c(b), _fmt(p.value))
            for (a, b), p in zip(state, [p for p in points if p.value is not None], strict=True)
        ],
        [(_c(y(high)), _fmt(high)), (_c(y(low)), _fmt(low))],
        [(_c(x(year)), str(year)) for year in (FIRST_YEAR, 2012, LAST_YEAR)],
    )


def _goal_context(state, goal: Term) -> GoalContext:
    series = list(IndicatorSeries.objects.filter(goal=goal).select_related("target").order_by("code"))
    values = defaultdict(dict)
    for series_id, year, value in IndicatorValue.objects.filter(state=state, series__goal=goal).values_list(
        "series_id", "year", "value"
    ):
        values[series_id][year] = value
    medians = defaultdict(dict)
    for series_id, year, median in IndicatorSummary.objects.filter(series__goal=goal).values_list(
        "series_id", "year", "median"
    ):
        medians[series_id][year] = median
    context = GoalContext(goal)
    for s in series:
        if not values[s.pk]:
            continue
        points = [
            Point(year, values[s.pk].get(year), medians[s.pk].get(year))
            for year in range(FIRST_YEAR, LAST_YEAR + 1)
            if year in values[s.pk] or year in medians[s.pk]
        ]
        latest = next((p for p in reversed(points) if p.value is not None), None)
        context.series.append(SeriesContext(s, points, line_chart(points), latest))
    return context


def _facts(state) -> tuple[list[Fact], list[Fact], list[Fact]]:
    rows = list(StateFact.objects.filter(state__in=[state]) | StateFact.objects.filter(state__isnull=True))
    national = {f.key: f.value for f in rows if f.state_id is None}
    out = {FactKind.OPEN_GOVERNMENT: [], FactKind.CAPACITIES: [], FactKind.SDG: []}

    def order(fact):
        digits = "".join(ch for ch in fact.key if ch.isdigit())
        return (int(digits) if digits else 0, fact.key)

    for fact in sorted((f for f in rows if f.state_id == state.pk), key=order):
        out[fact.kind].append(Fact(fact.name, fact.source, fact.year, fact.value, national.get(fact.key, "")))
    return out[FactKind.OPEN_GOVERNMENT], out[FactKind.CAPACITIES], out[FactKind.SDG]


def _commitments_by_goal(state) -> list[tuple[Term, int]]:

    rows = (
        Commitment.objects.filter(plan__in=public_plans().filter(state=state))
        .values("primary_goal_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {r["primary_goal_id"]: r["n"] for r in rows}
    goals = Term.objects.filter(pk__in=counts).order_by("position")
    return [(g, counts[g.pk]) for g in goals]


def state_context(*, state, goal_number: str = "") -> StateContext:
    """The context block of a state page; ``goal_number`` picks the goal whose series are drawn."""
    goals = list(
        Term.objects.filter(scheme=Scheme.SDG_GOAL, state_series__values__state=state).distinct().order_by("position")
    )
    by_goal = _commitments_by_goal(state)
    chosen = next((g for g in goals if g.code == goal_number), None)
    if chosen is None and goals:
        # The goal most of the state's commitments serve, else the first with data.
        ranked = [g for g, _n in sorted(by_goal, key=lambda item: -item[1]) if g in goals]
        chosen = ranked[0] if ranked else goals[0]
    open_government, capacities, sdg_facts = _facts(state)
    return StateContext(
        goals, _goal_context(state, chosen) if chosen else None, open_government, capacities, sdg_facts, by_goal
    )
