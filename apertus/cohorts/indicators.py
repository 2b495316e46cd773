"""Program indicators, computed from the data in one place: per cohort (phase) and for all cohorts.

Every page, download and API answer reads ``indicators(phase=...)``; nothing is stored. The
definitions, as the indicators page states them:

- **Applicants**: submitted applications to the calls of the cohort (one per person and call),
  by the state and gender the applicant declared.
- **Fellows**: people with a fellow role of the cohort that is in force today (started, not ended)
  and whose account is active, counted once per cohort. Their state and sector are those of the
  role; their gender is the one declared in their accepted application to a call of that cohort
  ("No declarado" when there is none or it was left blank).
- **Completion**: a fellow completed the course when every activity of the cohort's course is
  marked completed for them (the 100 % of the course's progress bar). A course with no activities
  has no completions. Only cohorts that have a course count.
- **Pass**: a fellow passed when their stored grade reaches the course's pass mark, or they hold a
  certificate (certificates are issued only to those who passed). While the course is running the
  grade moves, so the figure is provisional.
- **Satisfaction**: each respondent's mean score (1 to 5) in the cohort's satisfaction
  questionnaires (``apertus.surveys``); the indicator is the mean of those means.

Small groups: a cell of the state × gender crossing with fewer than ``SUPPRESS_BELOW`` people
(zero included) shows "<3"; and when a row or column would have a single hidden cell, whose value
could be worked out by subtracting from the total, its next smallest cell is hidden too. This is
decided for every cohort's table at once, so the all-cohort table hides the same cells and the two
cannot be subtracted from each other. Rates and means over fewer than ``SUPPRESS_BELOW`` people are
not shown. State and gender totals are.

Queries: a fixed number per call whatever the number of people (grouped counts, one per breakdown),
plus the satisfaction questionnaires' own, once per cohort.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apertus.accounts.models import Role, RoleAssignment, role_in_force
from apertus.calls.models import Application, ApplicationStatus, Gender, Result
from apertus.learning.models import Activity, ActivityProgress, Certificate, Grade, ProgressStatus
from apertus.organizations.models import OrganizationType
from apertus.program.models import ProgramPhase
from apertus.surveys import selectors as surveys

SUPPRESS_BELOW = 3
SUPPRESSED = "<3"
NOT_DECLARED = "no_declarado"
GENDER_ORDER = [*Gender.values, NOT_DECLARED]
NO_STATE = ""


def gender_label(key: str) -> str:
    return str(Gender(key).label) if key in Gender.values else str(_("No declarado"))


def sector_label(key: str) -> str:
    return str(OrganizationType(key).label) if key in OrganizationType.values else str(_("No declarado"))


# --- What the indicators are made of ------------------------------------------------------------


@dataclass
class Category:
    """One bar of a breakdown: a state, a gender or a sector, and how many people."""

    key: str
    label: str
    count: int
    code: str = ""
    slug: str = ""


@dataclass
class Cell:
    value: int
    suppressed: bool = False

    @property
    def display(self) -> str:
        return SUPPRESSED if self.suppressed else str(self.value)


@dataclass
class CrossRow:
    state: Category
    cells: list[Cell]


@dataclass
class Crossing:
    """States (rows) × genders (columns). Row and column totals are shown; small cells are not."""

    columns: list[Category]
    rows: list[CrossRow]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.columns)


@dataclass
class Rate:
    key: str
    label: str
    base: int
    hits: int

    @property
    def suppressed(self) -> bool:
        return self.base < SUPPRESS_BELOW

    @property
    def percent(self) -> Decimal | None:
        if self.suppressed or not self.base:
            return None
        return (Decimal(100 * self.hits) / self.base).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Mean:
    key: str
    label: str
    scores: list[float] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def suppressed(self) -> bool:
        return self.n < SUPPRESS_BELOW

    @property
    def mean(self) -> Decimal | None:
        if self.suppressed:
            return None
        return (Decimal(str(sum(self.scores))) / self.n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Indicators:
    phase: ProgramPhase | None
    phases: list[ProgramPhase]
    all_phases: list[ProgramPhase]
    applicants: Crossing
    applicants_by_state: list[Category]
    applicants_by_gender: list[Category]
    fellows: Crossing
    fellows_by_state: list[Category]
    fellows_by_gender: list[Category]
    fellows_by_sector: list[Category]
    completion: Rate
    completion_by_gender: list[Rate]
    passing: Rate
    passing_by_gender: list[Rate]
    certificates: int
    satisfaction: Mean | None
    satisfaction_by_gender: list[Mean]
    courses: list = field(default_factory=list)

    @property
    def applicants_total(self) -> int:
        return self.applicants.total

    @property
    def fellows_total(self) -> int:
        return self.fellows.total

    @property
    def provisional(self) -> bool:
        """True while a course counted here is still running: its grades can still change."""
        today = timezone.localdate()
        return any(course.ends_on >= today for course in self.courses)


# --- Small-group protection -----------------------------------------------------------------------


def suppress(
    matrix: list[list[int]], *, groups: list[list[int]] | None = None, hidden: list[list[bool]] | None = None
) -> list[list[bool]]:
    """Which cells to hide: those under ``SUPPRESS_BELOW`` (and any already ``hidden``), then, while a
    row or a column has exactly one hidden cell (derivable from its shown total), its smallest shown
    cell as well. ``groups`` splits the rows into tables published apart (one per cohort): each has
    its own column totals, so each is a column of its own."""
    hidden = [
        [h or value < SUPPRESS_BELOW for value, h in zip(row, marks, strict=True)]
        for row, marks in zip(matrix, hidden or [[False] * len(row) for row in matrix], strict=True)
    ]
    height, width = len(matrix), len(matrix[0]) if matrix else 0
    groups = groups if groups is not None else [list(range(height))]
    lines = [[(r, c) for c in range(width)] for r in range(height)]
    lines += [[(r, c) for r in group] for group in groups for c in range(width)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            shown = [(r, c) for r, c in line if not hidden[r][c]]
            if len(line) - len(shown) == 1 and shown:
                r, c = min(shown, key=lambda rc: (matrix[rc[0]][rc[1]], rc))
                hidden[r][c] = changed = True
    return hidden


@dataclass
class _Atom:
    """One state's counts in one cohort, and which of them are hidden."""

    phase_id: int
    state: Category
    counts: dict[str, int]
    hidden: dict[str, bool] = field(default_factory=dict)


def _protect(atoms: list[_Atom], phase_order: dict[int, int]) -> None:
    """Hide small cells of every cohort's table at once, so that the cohort tables and the all-cohort
    table hide the same cells and neither can be subtracted from the other."""
    atoms.sort(key=lambda a: (phase_order.get(a.phase_id, 0), a.state.key == NO_STATE, a.state.label))
    genders = [g for g in GENDER_ORDER if any(a.counts.get(g) for a in atoms)]
    matrix = [[a.counts.get(g, 0) for g in genders] for a in atoms]
    groups: dict[int, list[int]] = defaultdict(list)
    for i, atom in enumerate(atoms):
        groups[atom.phase_id].append(i)
    for atom, marks in zip(atoms, suppress(matrix, groups=list(groups.values())), strict=True):
        atom.hidden = dict(zip(genders, marks, strict=True))


def _crossing(atoms: list[_Atom], phase_ids: list[int]) -> Crossing:
    """The published table of ``phase_ids`` (one cohort, or all): each state's counts summed over the
    cohorts, hidden where any of its cohort cells is hidden (then checked again as a table)."""
    states: dict[str, Category] = {}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    marks: dict[str, dict[str, bool]] = defaultdict(lambda: defaultdict(bool))
    for atom in atoms:
        if atom.phase_id not in phase_ids:
            continue
        states.setdefault(atom.state.key, atom.state)
        for gender, n in atom.counts.items():
            counts[atom.state.key][gender] += n
        for gender, hidden in atom.hidden.items():
            marks[atom.state.key][gender] |= hidden
    genders = [g for g in GENDER_ORDER if any(c.get(g) for c in counts.values())]
    keys = list(states)  # already in order
    matrix = [[counts[k].get(g, 0) for g in genders] for k in keys]
    hidden = suppress(matrix, hidden=[[marks[k][g] for g in genders] for k in keys])
    rows = [
        CrossRow(
            Category(k, states[k].label, sum(matrix[i]), states[k].code, states[k].slug),
            [Cell(v, h) for v, h in zip(matrix[i], hidden[i], strict=True)],
        )
        for i, k in enumerate(keys)
    ]
    columns = [Category(g, gender_label(g), sum(counts[k].get(g, 0) for k in keys)) for g in genders]
    if len(phase_ids) > 1:  # the same state in two cohorts: one row, in name order
        order = sorted(range(len(rows)), key=lambda i: (rows[i].state.key == NO_STATE, rows[i].state.label))
        rows = [rows[i] for i in order]
    return Crossing(columns, rows)


def _by_state(crossing: Crossing) -> list[Category]:
    return [row.state for row in crossing.rows]


# --- Reads --------------------------------------------------------------------------------------


def fellow_assignments(phase_ids: list[int]) -> QuerySet[RoleAssignment]:
    """The fellow roles that count: of these cohorts, in force today, of active accounts."""
    return RoleAssignment.objects.filter(
        role_in_force(), role=Role.FELLOW, phase_id__in=phase_ids, user__is_active=True
    ).order_by()


def declared_gender():
    """The gender of a fellow role's person: from their accepted application to a call of its cohort."""
    accepted = (
        Application.objects.filter(
            applicant_id=OuterRef("user_id"), call__phase_id=OuterRef("phase_id"), result=Result.ACCEPTED
        )
        .order_by("-submitted_at", "-pk")
        .values("gender")[:1]
    )
    return Coalesce(NullIf(Subquery(accepted), Value("")), Value(NOT_DECLARED))


def _outcomes(qs: QuerySet[RoleAssignment]) -> QuerySet[RoleAssignment]:
    """Annotate each fellow role with ``done``/``activities`` (course completion) and ``passed``/``certified``."""
    done = (
        ActivityProgress.objects.filter(
            fellow_id=OuterRef("user_id"),
            status=ProgressStatus.COMPLETED,
            activity__session__module__program__phase_id=OuterRef("phase_id"),
        )
        .order_by()
        .values("fellow_id")
        .annotate(c=Count("activity_id", distinct=True))
        .values("c")
    )
    activities = (
        Activity.objects.filter(session__module__program__phase_id=OuterRef("phase_id"))
        .order_by()
        .values("session__module__program__phase_id")
        .annotate(c=Count("pk"))
        .values("c")
    )
    mine = {"program__phase_id": OuterRef("phase_id"), "fellow_id": OuterRef("user_id")}
    return qs.annotate(
        done=Subquery(done, output_field=IntegerField()),
        activities=Subquery(activities, output_field=IntegerField()),
        passed=Exists(Grade.objects.filter(passed=True, **mine)),
        certified=Exists(Certificate.objects.filter(**mine)),
    )


def _state_categories(rows) -> dict[str, Category]:
    states = {NO_STATE: Category(NO_STATE, str(_("Sin entidad")), 0)}
    for row in rows:
        if row["state_id"] is not None:
            key = str(row["state_id"])
            states[key] = Category(key, row["state__short_name"], 0, row["state__code"], row["state__slug"])
    return states


def _state_key(state_id) -> str:
    return NO_STATE if state_id is None else str(state_id)


def _atoms(rows, gender_of) -> list[_Atom]:
    states = _state_categories(rows)
    atoms: dict[tuple[int, str], _Atom] = {}
    for row in rows:
        key = _state_key(row["state_id"])
        atom = atoms.setdefault((row["phase_id"], key), _Atom(row["phase_id"], states[key], defaultdict(int)))
        atom.counts[gender_of(row)] += row["n"]
    return list(atoms.values())


def _applicants(all_phase_ids: list[int]) -> list[_Atom]:
    """Submitted applications per cohort, state and declared gender (one grouped query)."""
    rows = list(
        Application.objects.filter(status=ApplicationStatus.SUBMITTED, call__phase_id__in=all_phase_ids)
        .order_by()
        .values("state_id", "state__code", "state__short_name", "state__slug", "gender", phase_id=F("call__phase_id"))
        .annotate(n=Count("pk"))
    )
    return _atoms(rows, lambda row: row["gender"] or NOT_DECLARED)


def _fellows(all_phase_ids: list[int]) -> list[_Atom]:
    """Fellows per cohort, state and gender (one grouped query)."""
    rows = list(
        fellow_assignments(all_phase_ids)
        .annotate(gender=declared_gender())
        .values("phase_id", "state_id", "state__code", "state__short_name", "state__slug", "gender")
        .annotate(n=Count("user_id", distinct=True))
    )
    return _atoms(rows, lambda row: row["gender"])


def _sectors(phase_ids: list[int]) -> list[Category]:
    totals: dict[str, int] = defaultdict(int)
    for row in fellow_assignments(phase_ids).values("phase_id", "sector").annotate(n=Count("user_id", distinct=True)):
        totals[row["sector"] or NOT_DECLARED] += row["n"]
    order = [*OrganizationType.values, NOT_DECLARED]
    return [Category(k, sector_label(k), totals[k]) for k in order if totals.get(k)]


def _rates(course_phase_ids: list[int]) -> tuple[Rate, list[Rate], Rate, list[Rate]]:
    """Completion and pass, overall and by gender, over the fellows of cohorts that have a course."""
    completed = Q(activities__gt=0, done__gte=F("activities"))
    passed = Q(passed=True) | Q(certified=True)
    rows = (
        _outcomes(fellow_assignments(course_phase_ids))
        .annotate(gender=declared_gender())
        .values("phase_id", "gender")
        .annotate(
            n=Count("user_id", distinct=True),
            completed=Count("user_id", distinct=True, filter=completed),
            passed_n=Count("user_id", distinct=True, filter=passed),
        )
    )
    by_gender: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        totals = by_gender[row["gender"]]
        totals[0] += row["n"]
        totals[1] += row["completed"]
        totals[2] += row["passed_n"]
    genders = [g for g in GENDER_ORDER if g in by_gender]
    everyone = [sum(by_gender[g][i] for g in genders) for i in range(3)]
    label = str(_("Todas las personas"))
    return (
        Rate("total", label, everyone[0], everyone[1]),
        [Rate(g, gender_label(g), by_gender[g][0], by_gender[g][1]) for g in genders],
        Rate("total", label, everyone[0], everyone[2]),
        [Rate(g, gender_label(g), by_gender[g][0], by_gender[g][2]) for g in genders],
    )


def _certificates(phase_ids: list[int]) -> int:
    return Certificate.objects.filter(program__phase_id__in=phase_ids).count()


def _satisfaction(phases: list[ProgramPhase]) -> tuple[Mean, list[Mean]]:
    """Respondents' mean scores from the surveys app, overall and by gender."""
    scores = {phase.pk: surveys.satisfaction_scores(phase=phase) for phase in phases}
    if not any(scores.values()):
        return Mean("total", str(_("Todas las personas"))), []
    genders = dict(
        ((p, u), g)
        for p, u, g in fellow_assignments([p.pk for p in phases])
        .annotate(gender=declared_gender())
        .values_list("phase_id", "user_id", "gender")
    )
    overall = Mean("total", str(_("Todas las personas")))
    by_gender: dict[str, Mean] = {}
    for phase_id, per_user in scores.items():
        for user_id, score in per_user.items():
            gender = genders.get((phase_id, user_id), NOT_DECLARED)
            overall.scores.append(float(score))
            by_gender.setdefault(gender, Mean(gender, gender_label(gender))).scores.append(float(score))
    return overall, [by_gender[g] for g in GENDER_ORDER if g in by_gender]


def indicators(*, phase: ProgramPhase | None = None) -> Indicators:
    """The indicators of one cohort, or of every cohort together when ``phase`` is None."""
    all_phases = list(ProgramPhase.objects.select_related("learning_program").order_by("number"))
    phases = [p for p in all_phases if phase is None or p.pk == phase.pk]
    phase_ids = [p.pk for p in phases]
    courses = [p.learning_program for p in phases if hasattr(p, "learning_program")]
    # Small cells are protected across every cohort at once, whichever table is asked for.
    order = {p.pk: p.number for p in all_phases}
    all_ids = list(order)
    applicant_atoms, fellow_atoms = _applicants(all_ids), _fellows(all_ids)
    _protect(applicant_atoms, order)
    _protect(fellow_atoms, order)
    applicants, fellows = _crossing(applicant_atoms, phase_ids), _crossing(fellow_atoms, phase_ids)
    completion, completion_by_gender, passing, passing_by_gender = _rates([c.phase_id for c in courses])
    satisfaction, satisfaction_by_gender = _satisfaction(phases)
    return Indicators(
        phase=phase,
        phases=phases,
        all_phases=all_phases,
        applicants=applicants,
        applicants_by_state=_by_state(applicants),
        applicants_by_gender=applicants.columns,
        fellows=fellows,
        fellows_by_state=_by_state(fellows),
        fellows_by_gender=fellows.columns,
        fellows_by_sector=_sectors(phase_ids),
        completion=completion,
        completion_by_gender=completion_by_gender,
        passing=passing,
        passing_by_gender=passing_by_gender,
        certificates=_certificates(phase_ids),
        satisfaction=satisfaction,
        satisfaction_by_gender=satisfaction_by_gender,
        courses=courses,
    )
