"""Aggregate results of a questionnaire, for the staff who may read them (personal token).

Not public: even aggregates of a small cohort are close to personal data. Per-person answers and
open texts never leave through the API; a questionnaire the token's person may not read is a 404.
"""

from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError

from apertus.accounts.tokens import TokenAuth
from apertus.core.permissions import has_perm
from apertus.surveys import selectors
from apertus.surveys.models import Questionnaire

router = Router()


class BarOut(Schema):
    label: str
    count: int
    percent: float


class QuestionResultOut(Schema):
    position: int
    text: str
    kind: str
    required: bool
    answered: int
    mean: float | None
    bars: list[BarOut]


class ResultsOut(Schema):
    id: int
    title: str
    purpose: str
    year: int
    submitted: int
    fellows: int
    response_rate: float | None
    questions: list[QuestionResultOut]


@router.get(
    "/{int:questionnaire_id}/results",
    auth=TokenAuth(),
    response=ResultsOut,
    summary="Resultados agregados de un cuestionario (equipo docente, con token personal)",
)
def get_results(request, questionnaire_id: int):
    questionnaire = (
        Questionnaire.objects.select_related("program__phase", "facilitator").filter(pk=questionnaire_id).first()
    )
    if questionnaire is None or not has_perm(request.auth, "surveys.view_results", questionnaire):
        raise HttpError(404, "No encontrado.")
    data = selectors.results(questionnaire, open_cap=0)
    return {
        "id": questionnaire.pk,
        "title": questionnaire.title,
        "purpose": questionnaire.purpose,
        "year": questionnaire.program.phase.year,
        "submitted": data.submitted,
        "fellows": data.fellows,
        "response_rate": data.response_rate,
        "questions": [
            {
                "position": n,
                "text": r.question.text,
                "kind": r.question.kind,
                "required": r.question.required,
                "answered": r.answered,
                "mean": r.mean,
                "bars": [{"label": b.label, "count": b.count, "percent": b.percent} for b in r.bars],
            }
            for n, r in enumerate(data.questions, start=1)
        ],
    }
