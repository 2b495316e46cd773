"""Read endpoints: the IRM design assessment of published commitments and the advice of published plans."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.advice import selectors
from apertus.advice.rules import PUBLISHED
from apertus.core.api import from_path
from apertus.plans.models import ActionPlan

router = Router()


class AssessmentOut(Schema):
    commitment_id: int
    state_code: str
    plan_edition: int
    commitment_number: int
    verifiable: bool
    relevant_access: bool
    relevant_participation: bool
    relevant_accountability: bool
    relevant_technology: bool
    potential_impact: str
    impact_reason: str
    opened_access: str
    opened_participation: str
    opened_accountability: str
    opened_technology: str

    resolve_state_code = from_path("commitment.plan.state.code")

    @staticmethod
    def resolve_plan_edition(obj) -> int:
        return obj.commitment.plan.edition

    @staticmethod
    def resolve_commitment_number(obj) -> int:
        return obj.commitment.number


class ReplyOut(Schema):
    kind: str
    author: str
    body: str
    created_at: datetime
    change_id: int | None = None


class ReviewCommentOut(Schema):
    id: int
    commitment_id: int
    field: str
    kind: str
    status: str
    author: str
    organization: str
    body: str
    created_at: datetime
    replies: list[ReplyOut]


class RoundOut(Schema):
    id: int
    number: int
    status: str
    due_date: date
    comments: list[ReviewCommentOut]


@router.get(
    "/assessments",
    response=list[AssessmentOut],
    summary="Evaluación de diseño (escala IRM) de los compromisos publicados",
)
@paginate(LimitOffsetPagination)
def assessments(request):
    return selectors.public_assessments()


def _reply(r) -> dict:
    return {
        "kind": r.kind,
        "author": r.author.public_name,
        "body": r.body,
        "created_at": r.created_at,
        "change_id": r.change_id,
    }


@router.get(
    "/plans/{plan_id}/rounds",
    response=list[RoundOut],
    summary="Rondas de revisión de un plan publicado, con comentarios y respuestas",
)
def plan_rounds(request, plan_id: int):

    plan = ActionPlan.objects.filter(pk=plan_id, status__in=PUBLISHED).first()
    if plan is None:
        raise Http404
    out = []
    for review in plan.review_rounds.order_by("number"):
        comments = [
            {
                "id": c.pk,
                "commitment_id": c.commitment_id,
                "field": c.field,
                "kind": c.kind,
                "status": c.status,
                "author": c.author.public_name,
                "organization": c.organization.name if c.organization else "",
                "body": c.body,
                "created_at": c.created_at,
                "replies": [_reply(r) for r in c.replies.all()],
            }
            for c in selectors.round_comments(review)
        ]
        out.append(
            {
                "id": review.pk,
                "number": review.number,
                "status": review.status,
                "due_date": review.due_date,
                "comments": comments,
            }
        )
    return out
