"""Reads about team projects, each page in a bounded number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from apertus.accounts.models import Role, RoleAssignment, User, role_in_force
from apertus.core.permissions import has_perm
from apertus.plans.models import Commitment
from apertus.program.models import ProgramPhase
from apertus.taxonomy.models import Term
from apertus.teams.models import Deliverable, TeamProject


def phase_by_year(year: int) -> ProgramPhase | None:
    return ProgramPhase.objects.filter(year=year).order_by("number").first()


def _current(qs: QuerySet[RoleAssignment]) -> QuerySet[RoleAssignment]:
    return qs.filter(role_in_force())


def eligible_fellows(*, phase, state) -> QuerySet[User]:
    """People who are fellows of exactly this cohort and state today: the only possible team."""
    assignments = _current(RoleAssignment.objects.filter(role=Role.FELLOW, phase=phase, state=state))
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("last_name", "first_name")


def eligible_mentors(*, phase, state) -> QuerySet[User]:
    """Facilitators serving this cohort and state (an unscoped facilitator serves them all)."""
    assignments = _current(
        RoleAssignment.objects.filter(role=Role.FACILITATOR)
        .filter(Q(phase__isnull=True) | Q(phase=phase))
        .filter(Q(state__isnull=True) | Q(state=state))
    )
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("last_name", "first_name")


def state_commitments(*, state):

    return (
        Commitment.objects.filter(plan__state=state, plan__is_deleted=False)
        .select_related("plan")
        .order_by("plan__edition", "number")
    )


def sdg_targets():

    return Term.objects.filter(scheme="sdg_target").order_by("position", "code")


def _deliverables() -> QuerySet[Deliverable]:
    return Deliverable.objects.select_related("document", "submitted_by", "feedback_by").order_by("due_date", "pk")


def _with_relations(qs: QuerySet[TeamProject]) -> QuerySet[TeamProject]:

    return qs.select_related("phase", "state", "mentor", "stl__state").prefetch_related(
        Prefetch("fellows", queryset=User.objects.order_by("last_name", "first_name")),
        Prefetch(
            "commitments", queryset=Commitment.objects.select_related("plan__state").order_by("plan__edition", "number")
        ),
        Prefetch("targets", queryset=Term.objects.order_by("position", "code")),
        Prefetch("deliverables", queryset=_deliverables()),
    )


def project_get(*, year: int, state_slug: str) -> TeamProject | None:
    """The project of a cohort (by year) and state, with everything its page shows; None if absent."""
    return (
        _with_relations(TeamProject.objects.filter(phase__year=year, state__slug=state_slug))
        .order_by("phase__number")
        .first()
    )


def deliverable_get(*, project: TeamProject, pk: int) -> Deliverable | None:
    return _deliverables().filter(project=project, pk=pk).first()


def published_projects() -> QuerySet[TeamProject]:
    return (
        TeamProject.objects.filter(is_published=True)
        .select_related("phase", "state")
        .order_by("phase__number", "state__short_name")
    )


def cohort_index() -> list[ProgramPhase]:
    """Every cohort with how many of its projects are published."""
    return list(
        ProgramPhase.objects.annotate(
            published_count=Count("team_projects", filter=Q(team_projects__is_published=True))
        ).order_by("number")
    )


def cohort_projects(*, phase: ProgramPhase, user) -> list[TeamProject]:
    """The cohort's projects the person may see: published ones, plus drafts they belong to or run."""
    projects = list(
        TeamProject.objects.filter(phase=phase)
        .select_related("phase", "state", "mentor")
        .prefetch_related("fellows")
        .annotate(deliverable_count=Count("deliverables", distinct=True))
        .order_by("state__short_name")
    )
    return [p for p in projects if has_perm(user, "teams.view_project", p)]


def projects_of(user) -> QuerySet[TeamProject]:
    """The projects a person works on, as team member or mentor (for their own menus)."""
    if not getattr(user, "is_authenticated", False):
        return TeamProject.objects.none()
    return (
        TeamProject.objects.filter(Q(fellows=user) | Q(mentor=user))
        .distinct()
        .select_related("phase", "state")
        .order_by("phase__number", "state__short_name")
    )
