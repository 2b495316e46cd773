"""How a fellow's grade is computed: the one place for the rule, its storage and its explanation.

The rule, as the methodology page states it (generated from ``methodology(program)``):

1. A quiz question with k correct options: each correct option marked adds 1/k, each wrong one
   marked takes 1/k away, and a question never scores below 0. A single-answer question is worth
   all or nothing. A quiz scores the points earned over the points possible (0-100, two decimals);
   the attempt that counts is the best or the last, as each quiz says.
2. An assignment or the final team deliverable scores the rubric points awarded over the points
   possible (0-100, two decimals). Anything not handed in or not graded counts 0; an activity the
   fellow is exempt from (granted by the staff, or by the cohort's late-join rule) is left out.
3. A component (quizzes, assignments, final deliverable) is the weighted mean of its activities.
4. Seminars: present 100, late 50, absent 0; an excused absence (or one not recorded) is neutral:
   it is left out of the mean. With no seminar left to count, the component is left out.
5. The grade is the weighted mean of the components with the program's weights, leaving out any
   component that has nothing to count, rounded to one decimal (half up). Component scores enter
   it rounded to two decimals, as the gradebook shows them. The fellow passes with grade >= pass mark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from apertus.learning.models import (
    GRADED_KINDS,
    Activity,
    ActivityProgress,
    AttemptPolicy,
    AttendanceStatus,
    Component,
    Course,
    Grade,
    QuestionKind,
    SeminarAttendance,
)

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Fraction(100)
ATTENDANCE_VALUE = {
    AttendanceStatus.PRESENT: Fraction(100),
    AttendanceStatus.LATE: Fraction(50),
    AttendanceStatus.ABSENT: Fraction(0),
}  # EXCUSED is absent on purpose: it is neutral.


def to_cents(value: Fraction | Decimal | int) -> Decimal:
    value = Fraction(value)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def to_tenths(value: Fraction | Decimal | int) -> Decimal:
    value = Fraction(value)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(TENTH, rounding=ROUND_HALF_UP)


# --- Activities -----------------------------------------------------------------------------------


def question_score(kind: str, correct: set[int], selected: set[int], options: set[int] | None = None) -> Fraction:
    """The share (0 to 1) of a question's points earned by marking ``selected``."""
    if options is not None:
        selected = selected & options  # an option of another question is not an answer to this one
    k = len(correct)
    if k == 0 or not selected:
        return Fraction(0)
    if kind == QuestionKind.SINGLE:
        return Fraction(1) if len(selected) == 1 and selected <= correct else Fraction(0)
    right, wrong = len(selected & correct), len(selected - correct)
    return max(Fraction(0), Fraction(right - wrong, k))


def quiz_percent(earned: Iterable[tuple[int, Fraction]]) -> Decimal:
    """``earned``: (points, share) per question. Points earned over points possible, 0-100."""
    earned = list(earned)
    possible = sum(points for points, _share in earned)
    if not possible:
        return Decimal("0.00")
    return to_cents(sum(points * share for points, share in earned) / possible * HUNDRED)


def rubric_percent(awarded: Iterable[tuple[Decimal, int]]) -> Decimal:
    """``awarded``: (points given, maximum) per criterion."""
    awarded = list(awarded)
    possible = sum(maximum for _points, maximum in awarded)
    if not possible:
        return Decimal("0.00")
    return to_cents(Fraction(sum(Decimal(points) for points, _m in awarded)) / possible * HUNDRED)


def counted_attempt_score(scores: list[Decimal], policy: str) -> Decimal | None:
    """``scores`` of the finished attempts in order; the best or the last counts."""
    if not scores:
        return None
    return max(scores) if policy == AttemptPolicy.BEST else scores[-1]


# --- Components and the grade -----------------------------------------------------------------


def activity_components(activities: Iterable[tuple[str, int, Decimal | None]]) -> dict[str, Decimal | None]:
    """``activities``: (component, weight, score or None). Weighted mean per component, missing = 0."""
    totals: dict[str, list[Fraction]] = defaultdict(lambda: [Fraction(0), Fraction(0)])
    for component, weight, score in activities:
        totals[component][0] += weight * Fraction(score or 0)
        totals[component][1] += weight
    return {c: to_cents(s / w) for c, (s, w) in totals.items() if w}


def seminars_component(statuses: Iterable[str]) -> Decimal | None:
    counted = [ATTENDANCE_VALUE[s] for s in statuses if s in ATTENDANCE_VALUE]
    return to_cents(sum(counted) / len(counted)) if counted else None


@dataclass
class GradeResult:
    components: dict[str, Decimal | None]
    weights: dict[str, int]
    used: dict[str, int] = field(default_factory=dict)
    total: Decimal = Decimal("0.0")
    passed: bool = False


def combine(weights: dict[str, int], components: dict[str, Decimal | None], pass_mark: int) -> GradeResult:
    used = {c: w for c, w in weights.items() if w and components.get(c) is not None}
    result = GradeResult(components={c: components.get(c) for c in weights}, weights=weights, used=used)
    weight_sum = sum(used.values())
    if weight_sum:
        result.total = to_tenths(sum(Fraction(components[c]) * w for c, w in used.items()) / weight_sum)
    result.passed = result.total >= pass_mark
    return result


def compute(program: Course, *, activities, attendance) -> GradeResult:
    """The grade from raw inputs: (component, weight, score) per graded activity, seminar statuses."""
    components = activity_components(activities)
    components[Component.SEMINARS] = seminars_component(attendance)
    return combine(program.weights(), components, program.pass_mark)


# --- Storage: recomputed on every grading event, from here only ----------------------------------


def _graded_activities(program: Course) -> list[dict]:
    return list(
        Activity.objects.filter(session__module__program=program, kind__in=list(GRADED_KINDS)).values(
            "pk", "kind", "weight"
        )
    )


def _store(program: Course, fellow_id: int, state_id, result: GradeResult) -> None:
    c = result.components
    Grade.objects.update_or_create(
        program=program,
        fellow_id=fellow_id,
        defaults={
            "state_id": state_id,
            "quizzes": c.get(Component.QUIZZES),
            "assignments": c.get(Component.ASSIGNMENTS),
            "seminars": c.get(Component.SEMINARS),
            "final": c.get(Component.FINAL),
            "total": result.total,
            "passed": result.passed,
        },
    )


def grades_recompute(*, program: Course, fellow_ids: Iterable[int] | None = None) -> int:
    """Recompute and store the grades of ``fellow_ids`` (default: the whole cohort). Returns how many.

    Services call it after every event that can change a grade: a quiz attempt ends, a submission
    is graded, attendance is recorded, the program's weights change.
    """
    from apertus.learning.allowances import allowances
    from apertus.learning.selectors import roster

    fellows = roster(program)
    if fellow_ids is not None:
        wanted = set(fellow_ids)
        fellows = [f for f in fellows if f.user.pk in wanted]
    ids = [f.user.pk for f in fellows]
    activities = _graded_activities(program)
    scores = defaultdict(dict)
    for row in ActivityProgress.objects.filter(fellow_id__in=ids, activity__session__module__program=program).values(
        "fellow_id", "activity_id", "score"
    ):
        scores[row["fellow_id"]][row["activity_id"]] = row["score"]
    statuses = defaultdict(list)
    for fellow_id, status in SeminarAttendance.objects.filter(seminar__program=program, fellow_id__in=ids).values_list(
        "fellow_id", "status"
    ):
        statuses[fellow_id].append(status)
    exempt = allowances(program, ids)
    for fellow in fellows:
        mine, excused = scores[fellow.user.pk], exempt.get(fellow.user.pk, {})
        rows = [
            (GRADED_KINDS[a["kind"]], a["weight"], mine.get(a["pk"]))
            for a in activities
            if not (a["pk"] in excused and excused[a["pk"]].exempt)
        ]
        _store(
            program,
            fellow.user.pk,
            fellow.state_id,
            compute(program, activities=rows, attendance=statuses[fellow.user.pk]),
        )
    return len(fellows)


def grade_recompute(*, program: Course, fellow) -> None:
    grades_recompute(program=program, fellow_ids=[getattr(fellow, "pk", fellow)])
