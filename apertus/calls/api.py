"""Read-only: published calls (with the methodology in numbers) and published results, public;
an evaluator's own assignments, with a personal token, blind until the scoring is final."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.accounts.tokens import TokenAuth
from apertus.calls import selectors
from apertus.calls.models import Call, EvaluationAssignment
from apertus.core.api import from_path
from apertus.core.permissions import has_perm

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

    resolve_state_code = from_path("state.code")
    resolve_state = from_path("state.short_name")


class CVEntryOut(Schema):
    section: str
    title: str
    organization: str
    start_year: int | None
    end_year: int | None
    level: str
    description: str


class EvaluationOut(Schema):
    """The identity fields are null until every assigned institution has submitted its scores."""

    id: int
    call: str
    application: int
    institution: str
    state: str | None
    motives: str
    cv: list[CVEntryOut]
    submitted: bool
    scoring_final: bool
    applicant_name: str | None
    applicant_email: str | None
    video_url: str | None


def _evaluation_out(request, assignment) -> dict:
    app = assignment.application
    identity = has_perm(request.auth, "calls.view_identity", assignment)
    return {
        "id": assignment.pk,
        "call": app.call.slug,
        "application": app.pk,
        "institution": assignment.organization.name,
        "state": app.state.code if app.state_id else None,
        "motives": app.motives,
        "cv": list(app.cv_entries.all()),
        "submitted": assignment.is_submitted,
        "scoring_final": app.scoring_final_at is not None,
        "applicant_name": app.applicant.public_name if identity else None,
        "applicant_email": app.applicant.email if identity else None,
        "video_url": (app.video_url or None) if identity else None,
    }


@router.get(
    "/evaluations/{int:assignment_id}",
    auth=TokenAuth(),
    response=EvaluationOut,
    summary="Una evaluación asignada a mi institución (ciega hasta que los puntajes sean definitivos)",
)
def get_evaluation(request, assignment_id: int):
    try:
        assignment = selectors.evaluation_get(pk=assignment_id)
    except EvaluationAssignment.DoesNotExist:
        raise HttpError(404, "No encontrado.") from None
    if not has_perm(request.auth, "calls.view_evaluation", assignment):
        raise HttpError(404, "No encontrado.")
    return _evaluation_out(request, assignment)


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
