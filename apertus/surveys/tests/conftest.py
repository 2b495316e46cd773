"""Questionnaires built through the services, on learning's test course (2017: fellow_oaxaca's cohort)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from apertus.accounts.models import Role
from apertus.accounts.services import role_assign, user_create
from apertus.learning.tests.conftest import build_course_kept
from apertus.program.models import ProgramPhase, StateParticipation
from apertus.surveys import services
from apertus.surveys.models import Purpose, QuestionKind, Questionnaire

HOSTILE = (
    '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(2)" onclick="x()">a</a> '
    '<iframe src="https://evil.example"></iframe> <svg onload=alert(3)></svg>'
)


@dataclass
class Survey:
    questionnaire: Questionnaire
    scale: object
    single: object
    multiple: object
    open: object

    def choice(self, question, label):
        return question.choices.get(label=label)


def build_survey(
    program,
    *,
    purpose=Purpose.SATISFACTION,
    publish=True,
    anonymous=False,
    facilitator=None,
    title="Encuesta de prueba",
    **fields,
) -> Survey:
    """Scale (required), single (required), multiple (optional), open (optional)."""
    q = services.questionnaire_create(
        actor=None,
        program=program,
        title=title,
        purpose=purpose,
        anonymous_results=anonymous,
        facilitator=facilitator,
        **fields,
    )
    scale = services.question_create(actor=None, questionnaire=q, kind=QuestionKind.SCALE, text="Satisfacción general")
    single = services.question_create(
        actor=None,
        questionnaire=q,
        kind=QuestionKind.SINGLE,
        text="¿Lo recomendarías?",
        choices=["Sí", "Tal vez", "No"],
    )
    multiple = services.question_create(
        actor=None,
        questionnaire=q,
        kind=QuestionKind.MULTIPLE,
        required=False,
        text="¿Qué te sirvió?",
        choices=["Lecturas", "Videos", "Foros"],
    )
    open_ = services.question_create(
        actor=None, questionnaire=q, kind=QuestionKind.OPEN, required=False, text="¿Qué mejorarías?"
    )
    if publish:
        services.questionnaire_publish(actor=None, questionnaire=q)
    return Survey(q, scale, single, multiple, open_)


def answers(survey: Survey, *, scale=None, single=None, multiple=(), text=None) -> dict:
    """Answers by label, as the service takes them (question id -> value)."""
    data = {}
    if scale is not None:
        data[survey.scale.pk] = scale
    if single is not None:
        data[survey.single.pk] = [survey.choice(survey.single, single).pk]
    if multiple:
        data[survey.multiple.pk] = [survey.choice(survey.multiple, label).pk for label in multiple]
    if text is not None:
        data[survey.open.pk] = text
    return data


def add_fellow(phase: ProgramPhase, email: str, *, state=None, first="Fellow", last="Prueba"):
    """A fellow of ``phase`` without a password (fast): in a state of that phase unless given."""
    state = (
        state or StateParticipation.objects.filter(phase=phase).select_related("state").order_by("state__code")[0].state
    )
    user = user_create(email=email, password=None, first_name=first, last_name=last, state=state)
    role_assign(actor=None, user=user, role=Role.FELLOW, state=state, phase=phase)
    return user


def add_facilitator(email: str, *, phase=None):
    user = user_create(email=email, password=None, first_name="Facilitadora", last_name="Extra")
    role_assign(actor=None, user=user, role=Role.FACILITATOR, phase=phase)
    return user


@pytest.fixture
def course(db):
    """Learning's test course, its rows written back after the first build (``build_course_kept``)."""
    return build_course_kept()


@pytest.fixture
def survey(course):
    return build_survey(course.program)
