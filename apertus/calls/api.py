"""Read-only, public: published calls (with the methodology in numbers) and published results."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.calls import selectors
from apertus.calls.models import Call

router = Router()


class CallOut(Schema):
    slug: str
    title: str
    summary: str
    phase_year: int | None
    opens_at: datetime
    closes_at: datetime
    extended_until: datetime | None
    deadline: datetime
    is_open: bool
    results_published: bool
    url: str

    @staticmethod
    def resolve_phase_year(obj) -> int | None:
        return obj.phase.year if obj.phase_id else None

    @staticmethod
    def resolve_is_open(obj) -> bool:
        return selectors.call_is_open(obj)

    @staticmethod
    def resolve_results_published(obj) -> bool:
        return obj.results_published_at is not None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class CriterionOut(Schema):
    name: str
    min_score: int
    max_score: int
    weight: float


class QuestionOut(Schema):
    text: str
    weight: float


class CallDetailOut(CallOut):
    objective: str
    profile: str
    eligibility: str
    process: str
    schedule: str
    contact: str
    states: list[str]
    evaluators_per_application: int
    interviewers_per_application: int
    evaluation_weight: float
    interview_weight: float
    quota_per_state: int
    rubric: list[CriterionOut]
    questionnaire: list[QuestionOut]

    @staticmethod
    def resolve_states(obj) -> list[str]:
        return [s.code for s in selectors.eligible_states(obj)]

    @staticmethod
    def resolve_rubric(obj) -> list:
        return list(obj.criteria.all())

    @staticmethod
    def resolve_questionnaire(obj) -> list:
        return list(obj.questions.all())


class SelectedOut(Schema):
    name: str
    state_code: str
    state: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.applicant.public_name

    @staticmethod
    def resolve_state_code(obj) -> str:
        return obj.state.code

    @staticmethod
    def resolve_state(obj) -> str:
        return obj.state.short_name


def _published(slug: str) -> Call:
    call = selectors.published_calls().filter(slug=slug).first()
    if call is None:
        raise Http404
    return call


@router.get("/", response=list[CallOut], summary="Convocatorias publicadas")
@paginate(LimitOffsetPagination)
def list_calls(request):
    return selectors.published_calls()


@router.get("/{slug}", response=CallDetailOut, summary="Una convocatoria, con su metodología de evaluación")
def get_call(request, slug: str):
    return _published(slug)


@router.get("/{slug}/results", response=list[SelectedOut], summary="Personas seleccionadas (resultados publicados)")
@paginate(LimitOffsetPagination)
def call_results(request, slug: str):
    call = _published(slug)
    if call.results_published_at is None:
        raise Http404
    return selectors.results(call)
