"""Answering: the server checks every answer, a bad submission saves nothing, one response per person,
and submitting completes the course activity the questionnaire belongs to."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apertus.core.testing import client_for
from apertus.learning import services as learning
from apertus.learning.models import Activity, ActivityKind, ActivityProgress, ProgressStatus
from apertus.learning.progress import ActivityLocked
from apertus.surveys import services
from apertus.surveys.models import TEXT_LIMIT, Answer, AnswerChoice, ResponseSet
from apertus.surveys.tests.conftest import answers, build_survey


@pytest.fixture
def fellow(people):
    return people["fellow_oaxaca"]


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def _nothing_saved():
    return not (ResponseSet.objects.exists() or Answer.objects.exists() or AnswerChoice.objects.exists())


def test_required_questions_are_refused_on_submission_and_nothing_is_saved(fellow, survey):
    with pytest.raises(ValidationError) as excinfo:
        services.response_save(
            actor=fellow,
            questionnaire=survey.questionnaire,
            submit=True,
            answers=answers(survey, multiple=["Lecturas"], text="Algo"),
        )
    errors = _errors(excinfo)
    assert set(errors) == {f"q{survey.scale.pk}", f"q{survey.single.pk}"}
    assert errors[f"q{survey.scale.pk}"] == ["Esta pregunta es obligatoria."]
    assert _nothing_saved()
    # The same partial answers are a valid draft.
    draft = services.response_save(
        actor=fellow, questionnaire=survey.questionnaire, answers=answers(survey, multiple=["Lecturas"], text="Algo")
    )
    assert draft.submitted_at is None and draft.answers.count() == 2


@pytest.mark.parametrize(
    ("make", "question"),
    [
        (lambda s: {s.single.pk: [s.choice(s.multiple, "Videos").pk]}, "single"),  # another question's choice
        (lambda s: {s.single.pk: [s.choice(s.single, "Sí").pk, s.choice(s.single, "No").pk]}, "single"),  # two
        (lambda s: {s.multiple.pk: [s.choice(s.multiple, "Foros").pk, 999999]}, "multiple"),  # unknown id
        (lambda s: {s.multiple.pk: ["abc"]}, "multiple"),
        (lambda s: {s.scale.pk: 6}, "scale"),
        (lambda s: {s.scale.pk: 0}, "scale"),
        (lambda s: {s.scale.pk: "cinco"}, "scale"),
        (lambda s: {s.open.pk: "x" * (TEXT_LIMIT + 1)}, "open"),
    ],
)
def test_bad_answers_are_refused_per_question_and_nothing_is_saved(fellow, survey, make, question):
    good = answers(survey, scale=4, single="Sí", multiple=["Lecturas"], text="Bien")
    services.response_save(actor=fellow, questionnaire=survey.questionnaire, answers=good)  # a draft first
    before = sorted(Answer.objects.values_list("question_id", "scale", "text"))
    for submit in (False, True):
        with pytest.raises(ValidationError) as excinfo:
            services.response_save(
                actor=fellow, questionnaire=survey.questionnaire, submit=submit, answers={**good, **make(survey)}
            )
        assert list(_errors(excinfo)) == [f"q{getattr(survey, question).pk}"]
    assert sorted(Answer.objects.values_list("question_id", "scale", "text")) == before  # the draft is intact
    assert set(AnswerChoice.objects.values_list("choice__label", flat=True)) == {"Sí", "Lecturas"}
    assert ResponseSet.objects.get().submitted_at is None


def test_answers_to_questions_of_another_questionnaire_are_refused(fellow, course, survey):
    other = build_survey(course.program, title="Otra")
    with pytest.raises(ValidationError):
        services.response_save(
            actor=fellow,
            questionnaire=survey.questionnaire,
            answers={**answers(survey, scale=3, single="No"), other.scale.pk: 5},
        )
    assert _nothing_saved()


def test_submission_is_final_and_one_response_per_person(fellow, survey):
    services.response_save(
        actor=fellow,
        questionnaire=survey.questionnaire,
        submit=True,
        answers=answers(survey, scale=5, single="Sí", multiple=["Lecturas", "Foros"]),
    )
    with pytest.raises(ValidationError, match="Ya enviaste"):
        services.response_save(actor=fellow, questionnaire=survey.questionnaire, answers=answers(survey, scale=1))
    assert Answer.objects.get(question=survey.scale).scale == 5
    # The database itself holds one response per person and questionnaire, and scales within 1..5.
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponseSet.objects.create(questionnaire=survey.questionnaire, respondent=fellow)
    response = ResponseSet.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(question=survey.scale).update(scale=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=survey.open, scale=0)


def test_only_open_published_questionnaires_take_answers(people, fellow, course):
    draft = build_survey(course.program, publish=False)
    with pytest.raises(PermissionDenied):
        services.response_save(actor=fellow, questionnaire=draft.questionnaire, answers={})
    closed = build_survey(
        course.program,
        title="Cerrada",
        closes_at=timezone.now() - timedelta(minutes=1),
        opens_at=timezone.now() - timedelta(days=3),
    )
    with pytest.raises(ValidationError, match="no está abierto"):
        services.response_save(actor=fellow, questionnaire=closed.questionnaire, answers={})
    for user in (people["facilitator"], people["coordinator"], people["citizen"]):
        with pytest.raises(PermissionDenied):
            services.response_save(actor=user, questionnaire=closed.questionnaire, answers={})
    html = client_for(fellow).get(closed.questionnaire.get_absolute_url()).content.decode()
    assert 'data-testid="closed"' in html and 'data-testid="answer-form"' not in html
    assert _nothing_saved()


def test_the_answer_page_shows_errors_per_question_and_keeps_what_was_typed(fellow, survey):
    client = client_for(fellow)
    url = survey.questionnaire.get_absolute_url()
    response = client.post(
        url,
        {
            f"q{survey.open.pk}": "Mi comentario",
            f"q{survey.multiple.pk}": [str(survey.choice(survey.single, "Sí").pk)],
            "accion": "enviar",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    for question, message in (
        (survey.scale, "Esta pregunta es obligatoria."),
        (survey.single, "Esta pregunta es obligatoria."),
        (survey.multiple, "Esa opción no es de esta pregunta."),
    ):
        block = html.split(f'data-testid="question-q{question.pk}"')[1].split("</fieldset>")[0]
        assert message in block
    assert "Mi comentario" in html
    assert _nothing_saved()


def test_draft_then_submit_then_read_only(fellow, survey):
    client = client_for(fellow)
    url = survey.questionnaire.get_absolute_url()
    data = {f"q{survey.scale.pk}": "4", f"q{survey.open.pk}": "Más ejemplos"}
    assert client.post(url, {**data, "accion": "guardar"}).status_code == 302
    html = client.get(url).content.decode()
    assert "Borrador guardado" in html and 'value="4" class="scale" id="id_q' in html and "Más ejemplos" in html
    data[f"q{survey.single.pk}"] = str(survey.choice(survey.single, "Tal vez").pk)
    assert client.post(url, {**data, "accion": "enviar"}).status_code == 302
    response = ResponseSet.objects.get()
    assert response.submitted_at is not None
    html = client.get(url).content.decode()
    assert 'data-testid="own-answers"' in html and "Tal vez" in html and 'data-testid="answer-form"' not in html
    assert client.post(url, {f"q{survey.scale.pk}": "1", "accion": "enviar"}).status_code == 302  # refused
    assert Answer.objects.get(question=survey.scale).scale == 4


def test_submitting_completes_the_course_activity(fellow, course, survey):
    q = survey.questionnaire
    activity = learning.activity_create(
        actor=None,
        session=course.reading.session,
        kind=ActivityKind.DIAGNOSTIC,
        title="Diagnóstico",
        position=9,
        questionnaire=q,
        predecessors=[course.reading],
    )
    assert activity.url == ""  # the questionnaire takes the place of the link
    client = client_for(fellow)
    good = answers(survey, scale=3, single="Sí")
    # Locked like its activity until the reading is done.
    with pytest.raises(ActivityLocked):
        services.response_save(actor=fellow, questionnaire=q, answers=good, submit=True)
    assert 'data-testid="locked"' in client.get(q.get_absolute_url()).content.decode()
    learning.activity_complete(actor=fellow, activity=course.reading)
    # The activity page leads to the questionnaire; it cannot be marked done by hand.
    html = client.get(activity.get_absolute_url()).content.decode()
    assert 'data-testid="questionnaire-link"' in html and "Responder cuestionario" in html
    assert "Marcar como completada" not in html
    with pytest.raises(ValidationError, match="al enviar su cuestionario"):
        learning.activity_complete(actor=fellow, activity=activity)
    services.response_save(actor=fellow, questionnaire=q, answers=good)  # a draft completes nothing
    assert not ActivityProgress.objects.filter(activity=activity, fellow=fellow).exists()
    services.response_save(actor=fellow, questionnaire=q, answers=good, submit=True)
    progress = ActivityProgress.objects.get(activity=activity, fellow=fellow)
    assert progress.status == ProgressStatus.COMPLETED and progress.completed_at is not None


def test_an_activity_points_only_to_a_questionnaire_of_its_program(course):
    from apertus.learning.tests.conftest import build_course

    other = build_survey(build_course(2).program)
    diagnostic = Activity(
        session=course.reading.session, kind=ActivityKind.DIAGNOSTIC, title="D", questionnaire=other.questionnaire
    )
    with pytest.raises(ValidationError) as excinfo:
        diagnostic.full_clean()
    assert "questionnaire" in excinfo.value.message_dict
    mine = build_survey(course.program)
    video = Activity(
        session=course.reading.session, kind=ActivityKind.VIDEO, title="V", questionnaire=mine.questionnaire
    )
    with pytest.raises(ValidationError) as excinfo:
        video.full_clean()
    assert set(excinfo.value.message_dict) == {"url", "questionnaire"}
    Activity(
        session=course.reading.session, kind=ActivityKind.SURVEY, title="S", questionnaire=mine.questionnaire
    ).full_clean()
