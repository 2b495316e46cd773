"""Reads for the course pages, the gradebooks and the API, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet

from apertus.accounts.models import Role, RoleAssignment
from apertus.accounts.rules import is_coordinator
from apertus.accounts.selectors import roles_of
from apertus.core.permissions import has_perm
from apertus.learning.models import (
    GRADED_KINDS,
    Activity,
    ActivityProgress,
    Attempt,
    AttendanceStatus,
    Certificate,
    Course,
    Extension,
    Grade,
    Module,
    ProgressStatus,
    Seminar,
    SeminarAttendance,
    Session,
    Submission,
)


@dataclass
class Fellow:
    """A fellow of a cohort, with the state of their fellow role (their team)."""

    user: object
    state: object

    @property
    def state_id(self):
        return self.state.pk if self.state is not None else None


def roster(program: Course, *, state_ids=None) -> list[Fellow]:
    """The cohort's fellows (one query), by state and name. ``state_ids`` None means all states."""
    qs = (
        RoleAssignment.objects.filter(role=Role.FELLOW, phase_id=program.phase_id, user__is_active=True)
        .select_related("user", "state")
        .order_by("state__short_name", "user__last_name", "user__first_name", "pk")
    )
    if state_ids is not None:
        qs = qs.filter(state_id__in=list(state_ids))
    seen, fellows = set(), []
    for assignment in qs:
        if assignment.user_id not in seen:
            seen.add(assignment.user_id)
            fellows.append(Fellow(assignment.user, assignment.state))
    return fellows


def fellow_of(program: Course, user_id) -> Fellow | None:
    assignment = (
        RoleAssignment.objects.filter(role=Role.FELLOW, phase_id=program.phase_id, user_id=user_id)
        .select_related("user", "state")
        .first()
    )
    return Fellow(assignment.user, assignment.state) if assignment else None


def staff_states(user, program: Course) -> set | None:
    """The states whose fellows ``user`` grades in ``program``: None means every state."""
    if is_coordinator(user, program):
        return None
    states = set()
    for assignment in roles_of(user):
        if assignment.role == Role.FACILITATOR and assignment.phase_id in (None, program.phase_id):
            if assignment.state_id is None:
                return None
            states.add(assignment.state_id)
    return states


def course_get(*, year: int) -> Course | None:
    return Course.objects.select_related("phase").filter(phase__year=year).first()


def courses_visible_to(user) -> list[Course]:
    programs = Course.objects.select_related("phase").order_by("phase__number")
    return [p for p in programs if has_perm(user, "learning.view_outline", p)]


def modules_of(program: Course) -> list[Module]:
    """Modules, sessions and activities, in order (three queries)."""
    activities = Activity.objects.order_by("position", "pk")
    sessions = Session.objects.order_by("position", "pk").prefetch_related(Prefetch("activities", queryset=activities))
    return list(
        Module.objects.filter(program=program)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("sessions", queryset=sessions))
    )


def statuses_of(program: Course, fellow) -> dict[int, str]:
    return dict(
        ActivityProgress.objects.filter(fellow=fellow, activity__session__module__program=program).values_list(
            "activity_id", "status"
        )
    )


def activity_get(*, pk: int) -> Activity | None:
    return (
        Activity.objects.select_related("session__module__program__phase", "document")
        .prefetch_related("facilitators")
        .filter(pk=pk)
        .first()
    )


def attempts_of(activity: Activity, fellow) -> list[Attempt]:
    return list(Attempt.objects.filter(activity=activity, fellow=fellow).order_by("number"))


def attempt_get(*, pk: int) -> Attempt | None:
    return Attempt.objects.select_related("activity__session__module__program__phase", "fellow").filter(pk=pk).first()


def questions_of(activity: Activity):
    return activity.questions.order_by("position", "pk").prefetch_related("options")


def submission_for(activity: Activity, fellow: Fellow) -> Submission | None:
    qs = Submission.objects.filter(activity=activity).select_related("document", "feedback_document", "fellow")
    if activity.is_team_work:
        return qs.filter(is_team=True, state_id=fellow.state_id).first()
    return qs.filter(is_team=False, fellow=fellow.user).first()


def submission_get(*, pk: int) -> Submission | None:
    return (
        Submission.objects.select_related(
            "activity__session__module__program__phase", "fellow", "state", "document", "feedback_document", "graded_by"
        )
        .prefetch_related("criterion_scores__criterion")
        .filter(pk=pk)
        .first()
    )


def extension_for(activity: Activity, fellow) -> Extension | None:
    return Extension.objects.filter(activity=activity, fellow=fellow).first()


@dataclass
class SubmissionRow:
    fellow: Fellow
    submission: Submission | None
    extension: Extension | None


def submissions_overview(activity: Activity, *, state_ids=None) -> list[SubmissionRow]:
    """Every fellow (in the staff member's states) with their submission and extension: 3 queries."""
    fellows = roster(activity.program, state_ids=state_ids)
    submissions = Submission.objects.filter(activity=activity).select_related("fellow", "document")
    by_fellow, by_team = {}, {}
    for s in submissions:
        (by_team if s.is_team else by_fellow)[s.state_id if s.is_team else s.fellow_id] = s
    extensions = {e.fellow_id: e for e in Extension.objects.filter(activity=activity)}
    return [
        SubmissionRow(
            f, by_team.get(f.state_id) if activity.is_team_work else by_fellow.get(f.user.pk), extensions.get(f.user.pk)
        )
        for f in fellows
    ]


def seminars_of(program: Course) -> QuerySet[Seminar]:
    return Seminar.objects.filter(program=program).order_by("number")


def seminar_get(*, pk: int) -> Seminar | None:
    return Seminar.objects.select_related("program__phase").filter(pk=pk).first()


def attendance_of(seminar: Seminar) -> dict[int, str]:
    return dict(SeminarAttendance.objects.filter(seminar=seminar).values_list("fellow_id", "status"))


# --- Gradebooks --------------------------------------------------------------------------------


@dataclass
class GradebookRow:
    fellow: Fellow
    grade: Grade | None
    scores: list = field(default_factory=list)
    # (activity title, Allowance): the fellow's extensions and exemptions, granted or by the cohort's rule.
    exceptions: list = field(default_factory=list)


@dataclass
class Gradebook:
    program: Course
    activities: list
    rows: list[GradebookRow]
    history: list = field(default_factory=list)


EXCEPTION_HISTORY_SIZE = 50


def exception_history(program: Course, fellow_ids) -> list:
    """The latest changes to extensions and exemptions of these fellows, newest first (one query)."""
    return list(
        Extension.history.filter(activity__session__module__program=program, fellow_id__in=list(fellow_ids))
        .select_related("activity", "fellow", "history_user")
        .order_by("-history_date", "-history_id")[:EXCEPTION_HISTORY_SIZE]
    )


def gradebook(program: Course, *, state_ids=None) -> Gradebook:
    """Fellows × graded activities and components, with the stored grades, exceptions and their
    history: nine queries at most, whatever the size."""
    from apertus.learning.allowances import allowances

    fellows = roster(program, state_ids=state_ids)
    ids = [f.user.pk for f in fellows]
    grades = {g.fellow_id: g for g in Grade.objects.filter(program=program, fellow_id__in=ids)}
    activities = list(
        Activity.objects.filter(session__module__program=program, kind__in=list(GRADED_KINDS))
        .select_related("session__module")
        .order_by("session__module__position", "session__position", "position", "pk")
    )
    scores = defaultdict(dict)
    for fellow_id, activity_id, score in ActivityProgress.objects.filter(
        fellow_id__in=ids, activity__in=activities
    ).values_list("fellow_id", "activity_id", "score"):
        scores[fellow_id][activity_id] = score
    titles = dict(Activity.objects.filter(session__module__program=program).values_list("pk", "title"))
    exceptions = allowances(program, ids)
    rows = [
        GradebookRow(
            f,
            grades.get(f.user.pk),
            [scores[f.user.pk].get(a.pk) for a in activities],
            [(titles.get(pk, ""), a) for pk, a in sorted(exceptions.get(f.user.pk, {}).items())],
        )
        for f in fellows
    ]
    return Gradebook(program, activities, rows, exception_history(program, ids))


def own_grade(program: Course, fellow) -> Grade | None:
    return Grade.objects.filter(program=program, fellow=fellow).first()


def own_scores(program: Course, fellow) -> list[tuple[Activity, object]]:
    activities = list(
        Activity.objects.filter(session__module__program=program, kind__in=list(GRADED_KINDS)).order_by(
            "session__module__position", "session__position", "position", "pk"
        )
    )
    scores = dict(
        ActivityProgress.objects.filter(fellow=fellow, activity__in=activities).values_list("activity_id", "score")
    )
    return [(a, scores.get(a.pk)) for a in activities]


def own_attendance(program: Course, fellow) -> list[tuple[Seminar, str | None]]:
    marks = dict(
        SeminarAttendance.objects.filter(seminar__program=program, fellow=fellow).values_list("seminar_id", "status")
    )
    return [(s, AttendanceStatus(marks[s.pk]).label if s.pk in marks else None) for s in seminars_of(program)]


# --- Certificates ------------------------------------------------------------------------------


def certificate_get(*, pk: int) -> Certificate | None:
    return Certificate.objects.select_related("program__phase", "fellow").filter(pk=pk).first()


def certificate_of(program: Course, fellow) -> Certificate | None:
    return Certificate.objects.filter(program=program, fellow=fellow).first()


def certificate_by_code(code: str) -> Certificate | None:
    """Always exactly one indexed query, whether the code is well formed, forged or real."""
    return Certificate.objects.select_related("program__phase").filter(code=code).first()


def outline_courses() -> QuerySet[Course]:
    return Course.objects.filter(Q(is_published=True)).select_related("phase").order_by("phase__number")


def _role_scope(user, role: str, *, phase_field: str, state_field: str | None = None) -> Q | None:
    """The rows a person's ``role`` assignments cover (None: no such role). Unscoped means every phase/state."""
    scope = None
    for assignment in roles_of(user):
        if assignment.role != role:
            continue
        q = Q()
        if assignment.phase_id is not None:
            q &= Q(**{phase_field: assignment.phase_id})
        if state_field and assignment.state_id is not None:
            q &= Q(**{state_field: assignment.state_id})
        scope = q if scope is None else scope | q
    return scope


def submissions_to_grade(user) -> QuerySet[Submission]:
    """Ungraded submissions in the cohorts and states the person facilitates."""
    scope = _role_scope(
        user, Role.FACILITATOR, phase_field="activity__session__module__program__phase_id", state_field="state_id"
    )
    if scope is None:
        return Submission.objects.none()
    return (
        Submission.objects.filter(scope, graded_at__isnull=True)
        .select_related("activity", "fellow", "state")
        .order_by("submitted_at", "pk")
    )


def activities_due_soon(user, *, now, days: int = 7) -> QuerySet[Activity]:
    """Open activities of the fellow's cohort that close within ``days`` and they have not completed."""
    scope = _role_scope(user, Role.FELLOW, phase_field="session__module__program__phase_id")
    if scope is None:
        return Activity.objects.none()
    done = ActivityProgress.objects.filter(fellow_id=user.pk, status=ProgressStatus.COMPLETED).values("activity_id")
    return (
        Activity.objects.filter(scope, closes_at__gte=now, closes_at__lte=now + timedelta(days=days))
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .exclude(pk__in=done)
        .select_related("session__module")
        .order_by("closes_at", "pk")
    )


# --- Building the course -----------------------------------------------------------------------


def affected_fellows(activity_ids) -> dict[int, int]:
    """activity id → how many fellows already have something on it: progress, a quiz attempt, a
    submission or an extension/exemption (four queries, whatever the number of activities)."""
    ids = list(activity_ids)
    if not ids:
        return {}
    people: dict[int, set[int]] = defaultdict(set)
    for model in (ActivityProgress, Attempt, Submission, Extension):
        for activity_id, fellow_id in (
            model.objects.filter(activity_id__in=ids).values_list("activity_id", "fellow_id").distinct()
        ):
            people[activity_id].add(fellow_id)
    return {pk: len(people.get(pk, ())) for pk in ids}


def attempted_fellows(activity: Activity) -> int:
    """How many fellows attempted this quiz (one query)."""
    return Attempt.objects.filter(activity=activity).values("fellow_id").distinct().count()


def builder_outline(program: Course) -> tuple[list[Module], list[Seminar]]:
    """The course as its builder shows it: modules, sessions and activities in order, each activity
    with ``affected`` (fellows who already worked on it), and the seminars. Eight queries."""
    modules = modules_of(program)
    ids = [a.pk for m in modules for s in m.sessions.all() for a in s.activities.all()]
    affected = affected_fellows(ids)
    for module in modules:
        for session in module.sessions.all():
            for activity in session.activities.all():
                activity.affected = affected.get(activity.pk, 0)
    return modules, list(seminars_of(program))


def courses_to_copy(user, target: Course) -> list[Course]:
    """Other programs with modules whose course ``user`` may build (and so read, answer keys included)."""
    programs = (
        Course.objects.exclude(pk=target.pk)
        .filter(modules__isnull=False)
        .distinct()
        .select_related("phase")
        .order_by("-phase__number")
    )
    return [p for p in programs if has_perm(user, "learning.build_course", p)]
