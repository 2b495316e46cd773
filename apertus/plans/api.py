"""Read endpoints for everything published; progress writes for a state's STL with a personal token."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.accounts.tokens import TokenAuth
from apertus.core.api import from_path
from apertus.core.concurrency import EditConflict
from apertus.plans import selectors, services
from apertus.plans.models import Commitment, Milestone, MilestoneStatus

router = Router()


class PlanOut(Schema):
    id: int
    state_code: str
    state: str
    edition: int
    title: str
    period_start: date
    period_end: date
    status: str
    progress: float
    url: str

    resolve_state_code = from_path("state.code")
    resolve_state = from_path("state.short_name")

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class MilestoneOut(Schema):
    id: int
    commitment_id: int
    number: int
    title: str
    deliverable: str
    start_date: date
    end_date: date
    weight: int
    status: str
    progress: int
    version: int
    responsible: str | None

    @staticmethod
    def resolve_responsible(obj) -> str | None:
        return obj.responsible.name if obj.responsible_id else None


class CommitmentOut(Schema):
    id: int
    plan_id: int
    number: int
    title: str
    problem: str
    baseline: str
    objective: str
    expected_results: str
    primary_goal: str = Field(alias="primary_goal.code")
    targets: list[str]
    lead_institution: str = Field(alias="lead_institution.name")
    start_date: date
    end_date: date
    progress: float
    completion: str = Field(alias="effective_completion")
    version: int
    url: str

    @staticmethod
    def resolve_targets(obj) -> list[str]:
        return [t.code for t in obj.targets.all()]

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class ReportOut(Schema):
    id: int
    milestone_id: int
    reported_at: str
    reported_by: str | None
    progress_before: int
    progress_after: int
    status_after: str
    note: str
    source: str

    @staticmethod
    def resolve_reported_at(obj) -> str:
        return obj.created_at.isoformat()

    @staticmethod
    def resolve_reported_by(obj) -> str | None:
        return obj.reported_by.public_name if obj.reported_by_id else None


class ProgressIn(Schema):
    progress: int = Field(ge=0, le=100)
    status: MilestoneStatus
    note: str = Field("", max_length=10000)
    version: int = Field(
        ge=0, le=2**63 - 1, description="La versión del hito que leíste (obligatoria); si cambió, la respuesta es 409."
    )
    evidence_url: str | None = Field(None, max_length=500)
    evidence_description: str | None = Field(None, max_length=500)


class Problem(Schema):
    detail: str | list | dict


def _public_commitments():
    return Commitment.objects.filter(plan__in=selectors.public_plans())


@router.get("/", response=list[PlanOut], summary="Planes de acción publicados")
@paginate(LimitOffsetPagination)
def list_plans(request):
    return selectors.public_plans().order_by("state__code", "edition")


@router.get("/{int:plan_id}", response=PlanOut, summary="Un plan publicado")
def get_plan(request, plan_id: int):
    return get_object_or_404(selectors.public_plans(), pk=plan_id)


@router.get("/{int:plan_id}/commitments", response=list[CommitmentOut], summary="Compromisos de un plan")
@paginate(LimitOffsetPagination)
def list_commitments(request, plan_id: int):
    plan = get_object_or_404(selectors.public_plans(), pk=plan_id)
    return (
        plan.commitments.select_related("primary_goal", "lead_institution")
        .prefetch_related("targets")
        .order_by("number")
    )


@router.get("/commitments/{int:commitment_id}", response=CommitmentOut, summary="Un compromiso")
def get_commitment(request, commitment_id: int):
    return get_object_or_404(_public_commitments().select_related("primary_goal", "lead_institution"), pk=commitment_id)


@router.get(
    "/commitments/{int:commitment_id}/milestones", response=list[MilestoneOut], summary="Hitos de un compromiso"
)
def list_milestones(request, commitment_id: int):
    commitment = get_object_or_404(_public_commitments(), pk=commitment_id)
    return commitment.milestones.select_related("responsible").order_by("number")


@router.get("/commitments/{int:commitment_id}/reports", response=list[ReportOut], summary="Reportes de avance")
@paginate(LimitOffsetPagination)
def list_reports(request, commitment_id: int):
    commitment = get_object_or_404(_public_commitments(), pk=commitment_id)
    return commitment.reports.select_related("reported_by")


@router.get("/milestones/{int:milestone_id}", response=MilestoneOut, summary="Un hito")
def get_milestone(request, milestone_id: int):
    return get_object_or_404(
        Milestone.objects.filter(commitment__in=_public_commitments()).select_related("responsible"), pk=milestone_id
    )


@router.post(
    "/milestones/{int:milestone_id}/progress",
    auth=TokenAuth(),
    response={201: ReportOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Reportar avance de un hito (STL de la entidad, con token personal)",
)
def post_progress(request, milestone_id: int, payload: ProgressIn):
    user = request.auth
    milestone = get_object_or_404(
        Milestone.objects.filter(commitment__plan__in=selectors.plans_visible_to(user)).select_related(
            "commitment__plan__state"
        ),
        pk=milestone_id,
    )
    try:
        new_evidence = []
        if payload.evidence_url:
            new_evidence.append(
                {"url": payload.evidence_url, "description": payload.evidence_description or payload.evidence_url}
            )
        report = services.progress_report(
            actor=user,
            milestone=milestone,
            progress=payload.progress,
            status=payload.status,
            note=payload.note,
            expected_version=payload.version,
            new_evidence=new_evidence,
            source="api",
        )
    except PermissionDenied:
        return Status(403, {"detail": "No puedes reportar avance de este hito."})
    except EditConflict as exc:
        return Status(
            409,
            {
                "detail": {
                    "message": str(exc),
                    "current_version": exc.current.version,
                    "changed": {c.field: c.theirs for c in exc.changes},
                }
            },
        )
    except ValidationError as exc:
        return Status(422, {"detail": exc.message_dict if hasattr(exc, "error_dict") else exc.messages})
    return Status(201, report)
