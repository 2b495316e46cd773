"""Read endpoints for co-creation: processes of public plans, their phases, proposals and responses.

Only visible proposals of processes whose plan is public; only non-personal fields (the author's
public name, never an e-mail).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.core.api import from_path
from apertus.participation import selectors, standards
from apertus.plans.selectors import plans_visible_to

router = Router()


class ProcessPhaseOut(Schema):
    id: int
    kind: str
    name: str
    description: str
    starts_at: datetime
    ends_at: datetime
    actions: list[str]


class ProcessOut(Schema):
    id: int
    plan_id: int
    state_code: str
    edition: int
    title: str
    description: str
    phases: list[ProcessPhaseOut]
    current_phase: ProcessPhaseOut | None
    url: str

    resolve_state_code = from_path("plan.state.code")

    @staticmethod
    def resolve_edition(obj) -> int:
        return obj.plan.edition

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())

    @staticmethod
    def resolve_current_phase(obj):
        return selectors.current_phase(obj, timezone.now())

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class ResponseOut(Schema):
    kind: str
    reason: str
    commitment_id: int | None
    responded_at: datetime


class ProposalOut(Schema):
    id: int
    process_id: int
    title: str
    problem: str
    solution: str
    sdg_goals: list[str]
    municipality: str | None
    support_count: int
    author: str
    created_at: datetime
    response: ResponseOut | None
    url: str

    @staticmethod
    def resolve_sdg_goals(obj) -> list[str]:
        return [g.code for g in obj.goals.all()]

    @staticmethod
    def resolve_municipality(obj) -> str | None:
        return obj.municipality.code if obj.municipality_id else None

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.public_name if obj.author_id else ""

    @staticmethod
    def resolve_response(obj):
        return getattr(obj, "response", None)

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class ResponseListOut(ResponseOut):
    proposal_id: int


@router.get("/processes", response=list[ProcessOut], summary="Procesos de cocreación de planes públicos")
@paginate(LimitOffsetPagination)
def process_list(request, state: str | None = None):
    qs = selectors.public_processes().order_by("plan__state__code", "plan__edition")
    return qs.filter(plan__state__code=state) if state else qs


@router.get("/processes/{process_id}", response=ProcessOut, summary="Un proceso, con sus fases y la fase abierta")
def process_detail(request, process_id: int):
    return get_object_or_404(selectors.public_processes(), pk=process_id)


@router.get("/proposals", response=list[ProposalOut], summary="Propuestas ciudadanas y su respuesta")
@paginate(LimitOffsetPagination)
def proposal_list(request, process: int | None = None, sdg_goal: str | None = None, municipality: str | None = None):
    qs = selectors.public_proposals().order_by("created_at", "id")
    if process:
        qs = qs.filter(process_id=process)
    if sdg_goal:
        qs = qs.filter(goals__scheme="sdg_goal", goals__code=sdg_goal)
    if municipality:
        qs = qs.filter(municipality__code=municipality)
    return qs


@router.get("/proposals/{proposal_id}", response=ProposalOut, summary="Una propuesta")
def proposal_detail(request, proposal_id: int):
    return get_object_or_404(selectors.public_proposals(), pk=proposal_id)


@router.get("/responses", response=list[ResponseListOut], summary="Respuestas razonadas a las propuestas")
@paginate(LimitOffsetPagination)
def response_list(request, process: int | None = None):
    qs = selectors.public_responses().order_by("responded_at", "id")
    return qs.filter(proposal__process_id=process) if process else qs


class FigureOut(Schema):
    code: str
    label: str
    value: int | float | str | None
    unit: str

    @staticmethod
    def resolve_value(obj):
        if isinstance(obj.value, Decimal):
            return float(obj.value)
        if isinstance(obj.value, date):
            return obj.value.isoformat()
        return obj.value


class StandardOut(Schema):
    key: str
    number: int
    title: str
    status: str
    status_label: str
    rule: str
    reason: str
    figures: list[FigureOut]


class PlanStandardsOut(Schema):
    plan_id: int
    state_code: str
    edition: int
    plan_status: str
    computed_at: datetime
    url: str
    csv_url: str
    standards: list[StandardOut]


@router.get(
    "/plans/{plan_id}/standards",
    response=PlanStandardsOut,
    url_name="plan_standards",
    summary="Cómo cumple un plan los estándares de cocreación de la AGA, con sus cifras",
)
def plan_standards(request, plan_id: int):
    # The plan page's rule: public plans for everyone; drafts only for their STL and coordination (session).
    plan = get_object_or_404(plans_visible_to(request.user), pk=plan_id)
    report = standards.plan_standards(plan)
    args = [plan.state.slug, plan.edition]
    return {
        "plan_id": plan.pk,
        "state_code": plan.state.code,
        "edition": plan.edition,
        "plan_status": plan.status,
        "computed_at": report.computed_at,
        "url": reverse("plans:standards", args=args),
        "csv_url": reverse("plans:standards_csv", args=args),
        "standards": report.standards,
    }
