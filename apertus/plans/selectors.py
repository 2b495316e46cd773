"""Reads for action plans: what a person may see, and each page's data in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from apertus.accounts.models import Role
from apertus.accounts.selectors import roles_of, visibility_scope
from apertus.core.cache import versioned
from apertus.plans.models import (
    ActionPlan,
    Commitment,
    Evidence,
    Milestone,
    MilestoneStatus,
    OgpImportJob,
    PlanStatus,
    ProgressReport,
)

OPEN_STATUSES = [MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS]


def _stl_state_ids(user) -> set[int]:
    return {a.state_id for a in roles_of(user) if a.role == Role.STL_MEMBER and a.state_id}


def plans_visible_to(user) -> QuerySet[ActionPlan]:
    """Public plans, plus drafts of the person's own STL (all drafts for coordinators): what the person's
    visibility scope (``accounts.selectors.visibility_scope``) says, so one scope, one set of plans."""
    qs = ActionPlan.objects.select_related("state")
    scope = visibility_scope(user)
    if scope.everything:
        return qs
    visible = ~Q(status=PlanStatus.DRAFT)
    if scope.state_ids:
        visible |= Q(state_id__in=scope.state_ids)
    return qs.filter(visible)


def commitments_visible_to(user) -> QuerySet[Commitment]:
    """Commitments of the plans the person sees (what follows and comments offer)."""
    return Commitment.objects.filter(plan__in=plans_visible_to(user)).select_related("plan__state")


def public_plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.exclude(status=PlanStatus.DRAFT).select_related("state")


def plan_get(*, user, state_slug: str, edition: int) -> ActionPlan:
    try:
        return plans_visible_to(user).get(state__slug=state_slug, edition=edition)
    except ActionPlan.DoesNotExist:
        raise Http404 from None


def commitment_get(*, user, pk: int) -> Commitment:
    plans = plans_visible_to(user)
    try:
        return Commitment.objects.select_related("plan__state").get(pk=pk, plan__in=plans)
    except Commitment.DoesNotExist:
        raise Http404 from None


def commitment_page_get(*, user, pk: int) -> Commitment:
    """``commitment_get`` for the commitment's page: read once per visibility scope and content version
    (everyone with the same scope sees the same commitment; any write reads it afresh)."""

    def read():
        found = Commitment.objects.select_related("plan__state").filter(pk=pk, plan__in=plans_visible_to(user)).first()
        return found or False  # a miss is kept too

    commitment = versioned("commitment-page", [pk, visibility_scope(user).key], read)
    if not commitment:
        raise Http404
    return commitment


def milestone_get(*, user, pk: int) -> Milestone:
    try:
        return Milestone.objects.select_related("commitment__plan__state").get(
            pk=pk, commitment__plan__in=plans_visible_to(user)
        )
    except Milestone.DoesNotExist:
        raise Http404 from None


def _overdue(today):
    return Case(
        When(Q(end_date__lt=today) & Q(status__in=OPEN_STATUSES), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def plan_commitments(plan: ActionPlan) -> QuerySet[Commitment]:
    """The plan page's commitments: one query, whatever their number."""
    today = timezone.localdate()
    return (
        plan.commitments.select_related("primary_goal", "lead_institution")
        .annotate(
            milestone_count=Count("milestones", filter=Q(milestones__is_deleted=False), distinct=True),
            overdue_count=Count(
                "milestones",
                distinct=True,
                filter=Q(
                    milestones__is_deleted=False, milestones__end_date__lt=today, milestones__status__in=OPEN_STATUSES
                ),
            ),
        )
        .order_by("number")
    )


def plan_timeline(plan: ActionPlan, limit: int = 20) -> list[dict]:
    """Stage changes and the latest progress reports, newest first."""
    events = []
    previous = None
    for row in plan.history.order_by("history_date", "history_id").only(
        "status", "history_date", "history_change_reason"
    ):
        if row.status != previous:
            events.append(
                {
                    "when": row.history_date,
                    "kind": "stage",
                    "label": PlanStatus(row.status).label,
                    "note": row.history_change_reason or "",
                }
            )
            previous = row.status
    reports = ProgressReport.objects.filter(commitment__plan=plan, commitment__is_deleted=False).select_related(
        "milestone", "commitment", "reported_by"
    )[:limit]
    for report in reports:
        events.append({"when": report.created_at, "kind": "report", "report": report})
    return sorted(events, key=lambda e: e["when"], reverse=True)[:limit]


def commitment_page(commitment: Commitment) -> Commitment:
    today = timezone.localdate()
    evidence = Evidence.objects.select_related("document").order_by("-date", "-id")
    milestones = (
        Milestone.objects.select_related("responsible")
        .annotate(is_overdue=_overdue(today))
        .prefetch_related(Prefetch("evidence", queryset=evidence))
        .order_by("number")
    )
    return (
        Commitment.objects.filter(pk=commitment.pk)
        .select_related("plan__state", "primary_goal", "lead_institution")
        .prefetch_related(
            "targets",
            "co_responsible",
            "values__value",
            Prefetch("milestones", queryset=milestones),
        )
        .get()
    )


def commitment_reports(commitment: Commitment) -> QuerySet[ProgressReport]:
    return commitment.reports.select_related("milestone", "reported_by").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("document"))
    )


def overdue_milestones(*, plan: ActionPlan | None = None) -> QuerySet[Milestone]:
    qs = Milestone.objects.filter(
        end_date__lt=timezone.localdate(), status__in=OPEN_STATUSES, commitment__is_deleted=False
    )
    return qs.filter(commitment__plan=plan) if plan else qs


def current_plan_by_state() -> dict[int, ActionPlan]:
    """Each state's current public plan (its latest public edition): its progress is the state's."""
    plans = public_plans().order_by("state_id", "-edition")
    current: dict[int, ActionPlan] = {}
    for plan in plans:
        current.setdefault(plan.state_id, plan)
    return current


def deleted_commitments() -> QuerySet[Commitment]:
    return Commitment.all_objects.filter(is_deleted=True).select_related("plan__state").order_by("-deleted_at")


def states_with_plan_in_preparation() -> set[int]:
    """States whose only plans are drafts: pages may say a plan is being prepared, never show it."""
    drafts = set(ActionPlan.objects.filter(status=PlanStatus.DRAFT).values_list("state_id", flat=True))
    return drafts - set(public_plans().filter(state_id__in=drafts).values_list("state_id", flat=True))


def milestones_needing_progress(user, *, days: int = 14) -> QuerySet[Milestone]:
    """Open milestones of the plans of the person's STL, overdue or due within ``days``: what to report next."""
    states = _stl_state_ids(user)
    if not states:
        return Milestone.objects.none()
    soon = timezone.localdate() + timedelta(days=days)
    return (
        Milestone.objects.filter(
            commitment__plan__state_id__in=states,
            commitment__plan__is_deleted=False,
            commitment__is_deleted=False,
            status__in=OPEN_STATUSES,
            end_date__lte=soon,
        )
        .select_related("commitment__plan__state")
        .annotate(is_overdue=_overdue(timezone.localdate()))
        .order_by("end_date", "pk")
    )


# --- OGP imports in the background ----------------------------------------------------------------


def ogp_job_get(*, user, plan: ActionPlan, pk: int) -> OgpImportJob:
    """A job of ``plan`` that ``user`` asked for (the view has checked ``plans.import_ogp``); anybody
    else's, or another plan's, is a 404. ``rows_done`` is read from the running step's progress file."""
    from apertus.plans.services.ogp_jobs import read_progress

    try:
        job = OgpImportJob.objects.select_related("plan__state").get(pk=pk, plan=plan, requested_by=user)
    except OgpImportJob.DoesNotExist:
        raise Http404 from None
    job.rows_done = read_progress(job)
    return job


def ogp_jobs_recent(*, user, plan: ActionPlan, limit: int = 10) -> list[OgpImportJob]:
    """``user``'s latest background imports into ``plan`` (the report, which can be large, left out)."""
    from apertus.plans.services.ogp_jobs import read_progress

    jobs = list(
        OgpImportJob.objects.filter(plan=plan, requested_by=user).select_related("plan__state").defer("report")[:limit]
    )
    for job in jobs:
        job.rows_done = read_progress(job)
    return jobs


def ogp_job_active_elsewhere(*, user, plan: ActionPlan) -> bool:
    """Whether someone else's job keeps ``plan`` busy (one active job per plan)."""
    from apertus.plans.models import OGP_JOB_ACTIVE

    return OgpImportJob.objects.filter(plan=plan, status__in=OGP_JOB_ACTIVE).exclude(requested_by=user).exists()


def ogp_job_importing(*, plan: ActionPlan) -> bool:
    """Whether a background import into ``plan`` is confirmed or running (an in-request import waits)."""
    from apertus.plans.models import OgpJobStatus

    return OgpImportJob.objects.filter(
        Q(status=OgpJobStatus.IMPORTING) | Q(status=OgpJobStatus.QUEUED, previewed_at__isnull=False),
        plan=plan,
    ).exists()
