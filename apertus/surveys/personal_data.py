"""What the surveys app holds about a person: their download (``/mi-cuenta/datos.json``), and what goes
when they leave."""

from __future__ import annotations

from django.db.models import Prefetch

from apertus.surveys.models import Answer, QuestionKind, ResponseSet
from apertus.surveys.selectors import answer_value


def personal_data(user) -> list[dict]:
    """Every response the person started, with their answers (for ``/mi-cuenta/datos.json``)."""
    responses = (
        ResponseSet.objects.filter(respondent=user)
        .select_related("questionnaire__program")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question")
                .prefetch_related("choices")
                .order_by("question__position", "pk"),
            )
        )
        .order_by("started_at", "pk")
    )
    return [
        {
            "cuestionario": r.questionnaire.title,
            "programa": r.questionnaire.program.title,
            "proposito": r.questionnaire.purpose,
            "iniciada": r.started_at,
            "enviada": r.submitted_at,
            "respuestas": [
                {"pregunta": a.question.text, "respuesta": answer_value(a.question, a)} for a in r.answers.all()
            ],
        }
        for r in responses
    ]


def forget(user) -> None:
    """On account deletion: drafts go; submitted responses lose their open texts and no longer
    point to the person, so the totals stay right and nothing leads back to them."""
    ResponseSet.objects.filter(respondent=user, submitted_at__isnull=True).delete()
    Answer.objects.filter(response__respondent=user, question__kind=QuestionKind.OPEN).delete()
    ResponseSet.objects.filter(respondent=user).update(respondent=None)
