"""The program's results framework, computed from the records in one place (never typed).

``results_framework(period=...)`` answers, for every phase, every participating state and the
whole program, what the program set out to do (``Target`` rows, loaded from data) and what the
records show it achieved. The public page, its CSV/XLSX, the API and the funder report all read it.

Definitions (the page states them too):

- **Participating states**: states in a phase whose year is not after the period's end.
- **Fellows selected / trained / certified**: the fellow roles of the cohorts whose year falls in the
  period, counted as ``cohorts/indicators.py`` counts them (roles in force, active accounts, gender
  declared in the accepted application). *Trained*: completed every activity of the course.
  *Certified*: holds the cohort's certificate. Gender cells under three people are hidden with the
  same protection as the indicators page (``indicators.suppress``).
- **STLs installed**: published STLs of participating states whose joint declaration is not after the
  period's end. **Meeting the six-month rule**: the STL flag of ``stl/selectors.py`` computed on the
  period's last day (or today, if it ends later).
- **Plans**: public plans (not drafts) of participating states whose period overlaps the period.
  *Co-created*: with a co-creation process on the platform. *Published*: published, in
  implementation or concluded.
- **Commitments** of those plans; *with SDG targets* (at least one target), *with OGP values*
  (at least one value with its justification), **anti-corruption**: aligned to SDG target 16.5
  ("reducir considerablemente la corrupción y el soborno"); *complete*: substantial or complete on
  the IRM scale (``plans/progress.py``, or the completion assigned by a monitor).
- **Progress**: the mean stored progress of those plans (``plans/progress.py``).
- **Co-creation standards met**: of the five OGP standards, how many each state's latest plan in
  the period meets (``participation/standards.py``, evaluated at the period's end).
- **Proposals received / answered**: visible proposals made to those plans within the period, and
  those with a reasoned response.

Queries: a fixed number (about twenty-five) whatever the number of states, plans, proposals or
comments: grouped counts, and the co-creation standards of every state's latest plan at once
(``participation/standards.py::standards_many``, one row per plan).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apertus.cohorts.indicators import (
    GENDER_ORDER,
    NOT_DECLARED,
    Cell,
    _outcomes,
    declared_gender,
    fellow_assignments,
    gender_label,
    suppress,
)
from apertus.moderation.selectors import visible
from apertus.participation.models import Process, Proposal
from apertus.participation.standards import CUMPLE, standards_many
from apertus.plans.models import Commitment, CommitmentValue, Completion, PlanStatus
from apertus.plans.selectors import public_plans
from apertus.program.models import ProgramPhase, StateParticipation
from apertus.stl.models import Stl
from apertus.stl.selectors import stl_health_many
from apertus.taxonomy.models import Scheme, Term

PROGRAM_START = date(2016, 12, 1)
PROGRAM_END = date(2019, 9, 30)
ANTI_CORRUPTION_TARGET = "16.5"
STANDARDS_COUNT = 5


@dataclass(frozen=True)
class Period:
    """The dates a framework covers; both ends included. Open ends mean "from the start" / "until today"."""

    start: date | None = None
    end: date | None = None

    @property
    def last_day(self) -> date:
        today = timezone.localdate()
        return min(self.end, today) if self.end else today

    def contains_year(self, year: int) -> bool:
        return (self.start is None or year >= self.start.year) and (self.end is None or year <= self.end.year)

    def query(self) -> dict[str, str]:
        params = {}
        if self.start:
            params["desde"] = self.start.isoformat()
        if self.end:
            params["hasta"] = self.end.isoformat()
        return params


# --- The figures and their definitions, in the order every table shows them -----------------------

FIGURES: list[tuple[str, str]] = [
    ("entidades_participantes", gettext_noop("Entidades participantes")),
    ("fellows_seleccionados", gettext_noop("Agentes de cambio seleccionados")),
    ("fellows_formados", gettext_noop("Agentes de cambio que concluyeron el curso")),
    ("fellows_con_constancia", gettext_noop("Agentes de cambio con constancia")),
    ("stl_instalados", gettext_noop("STL instalados")),
    ("stl_regla_seis_meses", gettext_noop("STL que sesionaron en los últimos seis meses")),
    ("planes_cocreados", gettext_noop("Planes cocreados en la plataforma")),
    ("planes_publicados", gettext_noop("Planes publicados")),
    ("compromisos", gettext_noop("Compromisos")),
    ("compromisos_metas_ods", gettext_noop("Compromisos con metas ODS")),
    ("compromisos_valores_ogp", gettext_noop("Compromisos con valores de gobierno abierto")),
    ("compromisos_anticorrupcion", gettext_noop("Compromisos anticorrupción (meta ODS 16.5)")),
    ("compromisos_cumplidos", gettext_noop("Compromisos con cumplimiento sustancial o completo")),
    ("avance_promedio", gettext_noop("Avance promedio de los planes (%)")),
    ("estandares_cumplidos", gettext_noop("Estándares de cocreación cumplidos")),
    ("propuestas", gettext_noop("Propuestas ciudadanas recibidas")),
    ("propuestas_respondidas", gettext_noop("Propuestas con respuesta razonada")),
]
# Figures whose records are people: they link to the (protected) indicators page, never to a list.
PEOPLE = {"fellows_seleccionados", "fellows_formados", "fellows_con_constancia"}


def figure_label(code: str) -> str:
    return _(dict(FIGURES)[code])


@dataclass
class Figure:
    code: str
    label: str
    value: int | Decimal | None
    target: int | None = None
    url: str = ""
    unit: str = ""

    @property
    def percent_of_target(self) -> Decimal | None:
        if not self.target or self.value is None:
            return None
        return (Decimal(self.value) * 100 / self.target).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@dataclass
class Counts:
    """What one state (or a sum of states) achieved."""

    fellows: int = 0
    trained: int = 0
    certified: int = 0
    stl_installed: int = 0
    stl_meets_rule: int = 0
    plans_cocreated: int = 0
    plans_published: int = 0
    commitments: int = 0
    with_targets: int = 0
    with_values: int = 0
    anti_corruption: int = 0
    complete: int = 0
    progress_sum: Decimal = Decimal("0")
    plans_for_progress: int = 0
    standards_met: int = 0
    standards_plans: int = 0
    proposals: int = 0
    answered: int = 0
    states: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def progress(self) -> Decimal | None:
        if not self.plans_for_progress:
            return None
        return (self.progress_sum / self.plans_for_progress).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def value(self, code: str):
        return {
            "entidades_participantes": self.states,
            "fellows_seleccionados": self.fellows,
            "fellows_formados": self.trained,
            "fellows_con_constancia": self.certified,
            "stl_instalados": self.stl_installed,
            "stl_regla_seis_meses": self.stl_meets_rule,
            "planes_cocreados": self.plans_cocreated,
            "planes_publicados": self.plans_published,
            "compromisos": self.commitments,
            "compromisos_metas_ods": self.with_targets,
            "compromisos_valores_ogp": self.with_values,
            "compromisos_anticorrupcion": self.anti_corruption,
            "compromisos_cumplidos": self.complete,
            "avance_promedio": self.progress,
            "estandares_cumplidos": self.standards_met,
            "propuestas": self.proposals,
            "propuestas_respondidas": self.answered,
        }[code]


@dataclass
class StateRow:
    participation: StateParticipation
    counts: Counts
    plan: object | None = None  # the state's latest public plan in the period
    standards: list = field(default_factory=list)  # (number, title, status, status label) of that plan
    stl_last_session: date | None = None

    @property
    def state(self):
        return self.participation.state


@dataclass
class GenderRow:
    key: str
    label: str
    cells: list[Cell]


@dataclass
class Block:
    """One phase (or, with ``phase`` None, the whole program): figures vs targets, genders and states."""

    phase: ProgramPhase | None
    counts: Counts
    figures: list[Figure]
    genders: list[GenderRow]
    rows: list[StateRow]


@dataclass
class Framework:
    period: Period
    computed_at: datetime
    blocks: list[Block]
    goals: list[tuple[object, int, int]]  # (SDG goal, commitments whose main goal it is, states)
    values: list[tuple[object, int]]  # (OGP value, commitments)

    @property
    def total(self) -> Block:
        return self.blocks[-1]

    @property
    def phases(self) -> list[Block]:
        return self.blocks[:-1]


# --- Scope: the records a period covers ------------------------------------------------------------


def participations(period: Period) -> QuerySet[StateParticipation]:
    qs = StateParticipation.objects.select_related("state", "phase").order_by("phase__number", "state__short_name")
    return qs.filter(phase__year__lte=period.end.year) if period.end else qs


def plans_in(period: Period, state_ids) -> QuerySet:

    qs = public_plans().filter(state_id__in=state_ids)
    if period.start:
        qs = qs.filter(period_end__gte=period.start)
    if period.end:
        qs = qs.filter(period_start__lte=period.end)
    return qs


def commitments_in(plans: QuerySet) -> QuerySet:

    anti = Commitment.targets.through.objects.filter(
        commitment_id=OuterRef("pk"), term__code=ANTI_CORRUPTION_TARGET, term__scheme="sdg_target"
    )
    done = [Completion.SUBSTANTIAL, Completion.COMPLETE]
    return (
        Commitment.objects.filter(plan__in=plans)
        .annotate(
            has_targets=Exists(Commitment.targets.through.objects.filter(commitment_id=OuterRef("pk"))),
            has_values=Exists(CommitmentValue.objects.filter(commitment_id=OuterRef("pk"))),
            anti_corruption=Exists(anti),
        )
        .annotate(is_complete=Q(completion_override__in=done) | Q(completion_override="", completion__in=done))
    )


def proposals_in(period: Period, plans: QuerySet) -> QuerySet:

    qs = visible(Proposal.objects.filter(process__plan__in=plans))
    if period.start:
        qs = qs.filter(created_at__gte=_aware(period.start))
    if period.end:
        qs = qs.filter(created_at__lt=_aware(period.end, end=True))
    return qs


def stls_in(period: Period, state_ids) -> QuerySet:

    qs = Stl.objects.filter(is_published=True, state_id__in=state_ids).select_related("state")
    return qs.filter(Q(declaration_date__isnull=True) | Q(declaration_date__lte=period.end)) if period.end else qs


def _aware(day: date, *, end: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1) if end else day, time.min))


# --- The grouped counts ---------------------------------------------------------------------------


def _fellow_rows(phase_ids: list[int]):
    """(phase, state, gender) → selected, trained, certified: one grouped query."""
    trained = Q(activities__gt=0, done__gte=F("activities"))
    return list(
        _outcomes(fellow_assignments(phase_ids))
        .annotate(gender=declared_gender())
        .values("phase_id", "state_id", "gender")
        .annotate(
            n=Count("user_id", distinct=True),
            trained=Count("user_id", distinct=True, filter=trained),
            certified=Count("user_id", distinct=True, filter=Q(certified=True)),
        )
    )


def _plan_counts(period: Period, state_ids, counts: dict[int, Counts]) -> dict[int, object]:

    plans = plans_in(period, state_ids)
    published = [PlanStatus.PUBLISHED, PlanStatus.IMPLEMENTATION, PlanStatus.CONCLUDED]
    latest: dict[int, object] = {}
    for plan in plans.annotate(cocreated=Exists(Process.objects.filter(plan_id=OuterRef("pk")))).order_by(
        "state_id", "-edition"
    ):
        c = counts[plan.state_id]
        latest.setdefault(plan.state_id, plan)
        c.plans_cocreated += int(plan.cocreated)
        c.plans_published += int(plan.status in published)
        c.progress_sum += plan.progress
        c.plans_for_progress += 1
    rows = (
        commitments_in(plans)
        .values("plan__state_id")
        .annotate(
            n=Count("pk"),
            t=Count("pk", filter=Q(has_targets=True)),
            v=Count("pk", filter=Q(has_values=True)),
            a=Count("pk", filter=Q(anti_corruption=True)),
            d=Count("pk", filter=Q(is_complete=True)),
        )
        .order_by()
    )
    for row in rows:
        c = counts[row["plan__state_id"]]
        c.commitments, c.with_targets, c.with_values = row["n"], row["t"], row["v"]
        c.anti_corruption, c.complete = row["a"], row["d"]
    for row in (
        proposals_in(period, plans)
        .values("process__plan__state_id")
        .annotate(n=Count("pk"), answered=Count("response"))
        .order_by()
    ):
        c = counts[row["process__plan__state_id"]]
        c.proposals, c.answered = row["n"], row["answered"]
    return latest


def _stl_counts(period: Period, state_ids, counts: dict[int, Counts]) -> dict[int, date | None]:

    stls = list(stls_in(period, state_ids))
    health = stl_health_many(stls, period.last_day)
    last = {}
    for stl in stls:
        counts[stl.state_id].stl_installed = 1
        counts[stl.state_id].stl_meets_rule = int(not health[stl.pk].no_meeting_in_6_months)
        last[stl.state_id] = health[stl.pk].last_session_on
    return last


def _standards(plans, period: Period) -> dict[int, list[tuple]]:
    """The co-creation standards of each plan at the period's end, for all of them at once."""

    now = timezone.now() if period.end is None or period.end >= timezone.localdate() else _aware(period.end, end=True)
    return {
        pk: [(s.number, s.title, s.status, s.status_label, s.status == CUMPLE) for s in standards]
        for pk, standards in standards_many(plans, now=now).items()
    }


def _gender_matrix(fellow_rows, phase_ids: set[int]) -> dict[str, list[int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in fellow_rows:
        if row["phase_id"] in phase_ids:
            cells = totals[row["gender"] or NOT_DECLARED]
            cells[0] += row["n"]
            cells[1] += row["trained"]
            cells[2] += row["certified"]
    return totals


def _genders(fellow_rows, phase_ids: list[int]) -> dict[int | None, list[GenderRow]]:
    """Gender × (selected, trained, certified) for each cohort and for all of them (key None).

    A cell hidden in a cohort's table is hidden in the all-cohort table too (then checked again), so
    neither table can be subtracted from the other, as on the indicators page.
    """
    keys = [
        g
        for g in GENDER_ORDER
        if any((r["gender"] or NOT_DECLARED) == g and r["phase_id"] in phase_ids for r in fellow_rows)
    ]
    out: dict[int | None, list[GenderRow]] = {}
    marks = [[False] * 3 for _k in keys]
    for phase_id in phase_ids:
        totals = _gender_matrix(fellow_rows, {phase_id})
        matrix = [totals.get(k, [0, 0, 0]) for k in keys]
        hidden = suppress(matrix) if matrix else []
        out[phase_id] = [
            GenderRow(k, gender_label(k), [Cell(v, h) for v, h in zip(matrix[i], hidden[i], strict=True)])
            for i, k in enumerate(keys)
            if any(matrix[i])
        ]
        # Only the rows the cohort's table shows (a gender with nobody in the cohort has no row there).
        marks = [
            [a or (b and any(row)) for a, b in zip(m, h, strict=True)]
            for m, h, row in zip(marks, hidden, matrix, strict=True)
        ]
    totals = _gender_matrix(fellow_rows, set(phase_ids))
    matrix = [totals.get(k, [0, 0, 0]) for k in keys]
    hidden = suppress(matrix, hidden=marks) if matrix else []
    out[None] = [
        GenderRow(k, gender_label(k), [Cell(v, h) for v, h in zip(matrix[i], hidden[i], strict=True)])
        for i, k in enumerate(keys)
    ]
    return out


def _targets() -> dict[tuple[str, int | None], int]:
    from apertus.results.models import Target

    targets = {(t.code, t.phase_id): t.value for t in Target.objects.all()}
    phases = list(ProgramPhase.objects.all())
    for phase in phases:  # the fellows each cohort set out to select: the phase's own goal
        targets[("fellows_seleccionados", phase.pk)] = phase.fellows_goal
    targets[("fellows_seleccionados", None)] = sum(p.fellows_goal for p in phases)
    return targets


def records_url(code: str, period: Period, *, phase: ProgramPhase | None = None, state=None) -> str:
    """The list of records behind a figure (people: the protected indicators page)."""
    if code in PEOPLE:
        return reverse("program:cohort_indicators", args=[phase.year]) if phase else reverse("program:indicators")
    params = period.query()
    if phase:
        params["fase"] = str(phase.number)
    if state:
        params["entidad"] = state.code
    url = reverse("results:records", args=[code])
    return f"{url}?{urlencode(params)}" if params else url


def _figures(counts: Counts, targets, period: Period, phase: ProgramPhase | None) -> list[Figure]:
    key = phase.pk if phase else None
    figures = []
    for code, _label in FIGURES:
        value = counts.value(code)
        unit = "%" if code == "avance_promedio" else ""
        figure = Figure(
            code, figure_label(code), value, targets.get((code, key)), records_url(code, period, phase=phase), unit
        )
        if code == "estandares_cumplidos":
            figure.target = STANDARDS_COUNT * counts.standards_plans or None
        figures.append(figure)
    return figures


def _goal_table(period: Period, state_ids):

    plans = plans_in(period, state_ids)
    rows = (
        commitments_in(plans)
        .values("primary_goal_id")
        .annotate(n=Count("pk"), states=Count("plan__state_id", distinct=True))
        .order_by()
    )
    by_goal = {r["primary_goal_id"]: r for r in rows}
    goals = Term.objects.filter(scheme=Scheme.SDG_GOAL).order_by("position")
    table = [(g, by_goal[g.pk]["n"], by_goal[g.pk]["states"]) for g in goals if g.pk in by_goal]

    value_rows = (
        CommitmentValue.objects.filter(commitment__in=commitments_in(plans).values("pk"))
        .values("value_id")
        .annotate(n=Count("commitment_id", distinct=True))
        .order_by()
    )
    by_value = {r["value_id"]: r["n"] for r in value_rows}
    values = [(v, by_value.get(v.pk, 0)) for v in Term.objects.filter(scheme=Scheme.OGP_VALUE).order_by("position")]
    return table, values


def results_framework(*, period: Period | None = None, standards: bool = True) -> Framework:
    """Targets and achievements per phase, per participating state and for the whole program."""
    period = period or Period()
    parts = list(participations(period))
    state_ids = [p.state_id for p in parts]
    counts: dict[int, Counts] = defaultdict(Counts)
    for p in parts:
        counts[p.state_id].states = 1
    phases = list(ProgramPhase.objects.order_by("number"))
    cohort_ids = [p.pk for p in phases if period.contains_year(p.year)]
    fellow_rows = _fellow_rows(cohort_ids)
    for row in fellow_rows:
        if row["state_id"] in counts:
            c = counts[row["state_id"]]
            c.fellows += row["n"]
            c.trained += row["trained"]
            c.certified += row["certified"]
    latest = _plan_counts(period, state_ids, counts)
    last_sessions = _stl_counts(period, state_ids, counts)
    rows = []
    plan_standards = _standards({p.pk: p for p in latest.values()}.values(), period) if standards else {}
    for p in parts:
        row = StateRow(p, counts[p.state_id], latest.get(p.state_id), stl_last_session=last_sessions.get(p.state_id))
        if row.plan is not None and row.plan.pk in plan_standards:
            row.standards = plan_standards[row.plan.pk]
            row.counts.standards_met = sum(1 for s in row.standards if s[4])
            row.counts.standards_plans = 1
        rows.append(row)
    targets = _targets()
    genders = _genders(fellow_rows, cohort_ids)
    blocks = []
    for phase in phases:
        phase_rows = [r for r in rows if r.participation.phase_id == phase.pk]
        total = Counts()
        for r in phase_rows:
            total.add(r.counts)
        # A cohort's fellows are those of its roles, wherever they live (a state outside the phase too).
        total.fellows = sum(r["n"] for r in fellow_rows if r["phase_id"] == phase.pk)
        total.trained = sum(r["trained"] for r in fellow_rows if r["phase_id"] == phase.pk)
        total.certified = sum(r["certified"] for r in fellow_rows if r["phase_id"] == phase.pk)
        if not phase_rows and not total.fellows:
            continue
        blocks.append(
            Block(phase, total, _figures(total, targets, period, phase), genders.get(phase.pk, []), phase_rows)
        )
    grand = Counts()
    for block in blocks:
        grand.add(block.counts)
    blocks.append(Block(None, grand, _figures(grand, targets, period, None), genders[None], rows))
    goals, values = _goal_table(period, state_ids)
    return Framework(period, timezone.now(), blocks, goals, values)
