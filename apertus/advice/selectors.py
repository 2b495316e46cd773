"""Reads of technical advice, each page's data in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from apertus.accounts.models import Role, RoleAssignment
from apertus.advice.drafts import draft_from_commitment
from apertus.advice.models import (
    UNRESOLVED,
    AdvisorAssignment,
    CommentKind,
    CommentStatus,
    IRMAssessment,
    QualityThreshold,
    ReviewComment,
    ReviewReply,
    ReviewRound,
    RoundStatus,
)
from apertus.advice.quality import QualityResult, check
from apertus.core.permissions import visible_or_404
from apertus.plans.models import ActionPlan, Commitment, CommitmentValue, Milestone

DEFAULT_THRESHOLD = 0  # until coordination sets one for the phase, no score is required


def plan_get(*, user, state_slug: str, edition: int, permission: str = "advice.view_review") -> ActionPlan:
    plan = ActionPlan.objects.select_related("state").filter(state__slug=state_slug, edition=edition).first()
    return visible_or_404(user, permission, plan)


def commitment_get(*, user, pk: int, permission: str) -> Commitment:
    commitment = Commitment.objects.select_related("plan__state").filter(pk=pk).first()
    return visible_or_404(user, permission, commitment)


def round_get(*, user, pk: int) -> ReviewRound:
    review = visible_or_404(
        user, "advice.view_review", ReviewRound.objects.select_related("plan__state").filter(pk=pk).first()
    )
    return review


def comment_get(*, user, pk: int) -> ReviewComment:
    comment = visible_or_404(
        user,
        "advice.view_review",
        ReviewComment.objects.select_related("round__plan__state", "commitment__plan").filter(pk=pk).first(),
    )
    return comment


def rounds_of(plan: ActionPlan) -> QuerySet[ReviewRound]:
    return (
        plan.review_rounds.select_related("opened_by")
        .annotate(
            comment_count=Count("comments", distinct=True),
            pending_must_fix=Count(
                "comments",
                distinct=True,
                filter=Q(comments__kind=CommentKind.MUST_FIX, comments__status__in=UNRESOLVED),
            ),
        )
        .order_by("-number")
    )


def advisors_of(plan: ActionPlan) -> QuerySet[AdvisorAssignment]:
    return plan.advisors.filter(is_active=True).select_related("user", "organization")


def open_round(plan: ActionPlan) -> ReviewRound | None:
    return plan.review_rounds.filter(status=RoundStatus.OPEN).first()


def unresolved_must_fix(plan: ActionPlan) -> int:
    return ReviewComment.objects.filter(round__plan=plan, kind=CommentKind.MUST_FIX, status__in=UNRESOLVED).count()


def _commitments_for_quality(plan: ActionPlan, pks=None) -> list[Commitment]:
    qs = (
        plan.commitments.select_related("plan", "primary_goal")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("number")),
            Prefetch("values", queryset=CommitmentValue.objects.select_related("value")),
            "targets",
            "co_responsible",
        )
        .order_by("number")
    )
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    return list(qs)


def quality_of_plan(plan: ActionPlan, pks=None) -> list[tuple[Commitment, QualityResult]]:
    """Every (or the chosen) commitment with its quality check: a fixed number of queries."""
    commitments = _commitments_for_quality(plan)
    chosen = [c for c in commitments if pks is None or c.pk in set(pks)]
    return [(c, check(draft_from_commitment(c, siblings=commitments))) for c in chosen]


def quality_of_commitment(commitment: Commitment, data: dict | None = None) -> QualityResult:
    """One commitment's check; ``data`` holds the editing form's unsaved values."""
    plan = commitment.plan
    siblings = _commitments_for_quality(plan)
    current = next((c for c in siblings if c.pk == commitment.pk), commitment)
    return check(draft_from_commitment(current, siblings=siblings, data=data))


def threshold_for(plan: ActionPlan) -> int:
    value = (
        QualityThreshold.objects.filter(phase__participations__state_id=plan.state_id)
        .values_list("minimum_score", flat=True)
        .first()
    )
    return DEFAULT_THRESHOLD if value is None else value


def commitments_below_threshold(plan: ActionPlan, chosen) -> list[tuple[Commitment, int, int]]:
    minimum = threshold_for(plan)
    if minimum <= 0:
        return []
    return [
        (c, result.score, minimum)
        for c, result in quality_of_plan(plan, [c.pk for c in chosen])
        if result.score < minimum
    ]


def round_comments(review: ReviewRound) -> QuerySet[ReviewComment]:
    replies = ReviewReply.objects.select_related("author", "change").order_by("created_at", "id")
    return (
        review.comments.select_related("author", "organization", "commitment")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("commitment__number", "created_at", "id")
    )


def round_page(review: ReviewRound) -> list[dict]:
    """The round's commitments, each with its comments (and their threads) and its quality check."""
    comments = list(round_comments(review))
    chosen = set(review.commitments.values_list("pk", flat=True))
    by_commitment: dict[int, list[ReviewComment]] = {}
    for comment in comments:
        by_commitment.setdefault(comment.commitment_id, []).append(comment)
    return [
        {"commitment": c, "quality": result, "comments": by_commitment.get(c.pk, [])}
        for c, result in quality_of_plan(review.plan, chosen)
    ]


def commitment_changes(commitment: Commitment, limit: int = 20):
    """The commitment's latest saved versions, for the STL to point an answer at one."""
    return commitment.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]


_DIFF_SKIP = {"updated_at", "version", "progress", "completion"}


def _diff(row, previous) -> list[dict]:
    out = []
    for delta in row.diff_against(previous).changes:
        if delta.field in _DIFF_SKIP:
            continue
        out.append(
            {"label": str(Commitment._meta.get_field(delta.field).verbose_name), "old": delta.old, "new": delta.new}
        )
    return out


def round_changes(review: ReviewRound, recent: int = 10) -> dict[int, dict]:
    """For each commitment of the round, in one query: its latest saved versions (for the STL to
    point an answer at one) and, for each version, the field-by-field diff against the previous one."""
    history = (
        Commitment.history.model.objects.filter(id__in=review.commitments.values("pk"))
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    out: dict[int, dict] = {}
    previous = None
    for row in history:
        entry = out.setdefault(row.id, {"recent": [], "diffs": {}})
        if previous is not None and previous.id == row.id:
            entry["diffs"][row.history_id] = _diff(row, previous)
        entry["recent"].insert(0, row)
        previous = row
    for entry in out.values():
        entry["recent"] = entry["recent"][:recent]
    return out


def stl_user_ids(plan: ActionPlan) -> list[int]:
    return list(
        RoleAssignment.objects.filter(role=Role.STL_MEMBER, state_id=plan.state_id, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )


def advisor_user_ids(plan_id: int) -> list[int]:
    return list(AdvisorAssignment.objects.filter(plan_id=plan_id, is_active=True).values_list("user_id", flat=True))


def assessments_summary(commitments: QuerySet[Commitment]) -> dict:
    """How many commitments, how many assessed, and how many verifiable with moderate or transformative impact (one query)."""
    strong = Q(irm_assessment__verifiable=True, irm_assessment__potential_impact__in=["moderate", "transformative"])
    return Commitment.objects.filter(pk__in=commitments.values("pk")).aggregate(
        commitments=Count("pk"),
        assessed=Count("irm_assessment"),
        verifiable_count=Count("irm_assessment", filter=Q(irm_assessment__verifiable=True)),
        strong=Count("irm_assessment", filter=strong),
    )


def public_assessments() -> QuerySet[IRMAssessment]:
    from apertus.advice.rules import PUBLISHED

    return (
        IRMAssessment.objects.filter(
            commitment__plan__status__in=PUBLISHED, commitment__plan__is_deleted=False, commitment__is_deleted=False
        )
        .select_related("commitment__plan__state")
        .order_by("commitment__plan__state__code", "commitment__plan__edition", "commitment__number")
    )


def rounds_awaiting_advisor(user) -> QuerySet[ReviewRound]:
    """Open review rounds of the plans ``user`` advises: commitments waiting for their review."""
    return (
        ReviewRound.objects.filter(
            status=RoundStatus.OPEN,
            plan__advisors__user_id=user.pk,
            plan__advisors__is_active=True,
            plan__is_deleted=False,
        )
        .select_related("plan__state")
        .order_by("due_date", "pk")
    )


def answers_awaiting_advisor(user) -> QuerySet[ReviewComment]:
    """The person's own review comments the STL has answered: to accept or reopen."""
    return (
        ReviewComment.objects.filter(author_id=user.pk, status=CommentStatus.ANSWERED)
        .select_related("commitment", "round")
        .order_by("updated_at", "pk")
    )
