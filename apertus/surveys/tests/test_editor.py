"""The staff editor: create, add and edit questions with their options, reorder, publish, and what
can no longer change once people answered."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.deletion import RestrictedError

from apertus.core.testing import client_for
from apertus.surveys import services
from apertus.surveys.models import Choice, Purpose, Question, QuestionKind, Questionnaire
from apertus.surveys.tests.conftest import answers, build_survey


def _formset(rows, prefix="opciones"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_a_facilitator_builds_and_publishes_a_questionnaire_through_the_pages(people, course):
    client = client_for(people["facilitator"])
    response = client.post(
        "/formacion/2017/cuestionarios/nuevo/",
        {
            "title": "Diagnóstico inicial",
            "purpose": Purpose.DIAGNOSTIC,
            "intro": "Bienvenida",
            "opens_at": "",
            "closes_at": "",
            "anonymous_results": "on",
        },
    )
    questionnaire = Questionnaire.objects.get()
    assert response.status_code == 302 and response.url == questionnaire.get_absolute_url()
    assert questionnaire.created_by == people["facilitator"] and questionnaire.anonymous_results
    assert not questionnaire.is_published and questionnaire.history.count() == 1
    base = f"/formacion/2017/cuestionarios/{questionnaire.pk}"
    # Publishing with no questions is refused with a clear message.
    client.post(f"{base}/publicar/", {"publicar": "1"})
    questionnaire.refresh_from_db()
    assert not questionnaire.is_published
    # A single-choice question with its options, and a scale.
    response = client.post(
        f"{base}/preguntas/nueva/",
        {
            "kind": QuestionKind.SINGLE,
            "text": "¿Tu sector?",
            "help": "",
            "required": "on",
            **_formset(
                [
                    {"label": "Gobierno", "position": "2"},
                    {"label": "Sociedad civil", "position": "1"},
                    {"label": "", "position": ""},
                ]
            ),
        },
    )
    assert response.status_code == 302
    single = Question.objects.get(text="¿Tu sector?")
    assert [c.label for c in single.choices.order_by("position")] == ["Sociedad civil", "Gobierno"]
    client.post(
        f"{base}/preguntas/nueva/",
        {"kind": QuestionKind.SCALE, "text": "¿Cuánto sabes?", "required": "on", **_formset([])},
    )
    scale = Question.objects.get(text="¿Cuánto sabes?")
    assert scale.position == 2 and not scale.choices.exists()
    # A choice question needs two options.
    response = client.post(
        f"{base}/preguntas/nueva/",
        {"kind": QuestionKind.MULTIPLE, "text": "¿Cuáles?", **_formset([{"label": "Solo una"}])},
    )
    assert response.status_code == 400 and "al menos dos opciones" in response.content.decode()
    # Reorder: the scale goes first.
    client.post(f"{base}/preguntas/{scale.pk}/mover/", {"direccion": "arriba"})
    assert list(questionnaire.questions.order_by("position").values_list("text", flat=True)) == [
        "¿Cuánto sabes?",
        "¿Tu sector?",
    ]
    # Edit: rename an option, delete the other, add a new one.
    gobierno, sociedad = single.choices.get(label="Gobierno"), single.choices.get(label="Sociedad civil")
    client.post(
        f"{base}/preguntas/{single.pk}/",
        {
            "kind": QuestionKind.SINGLE,
            "text": "¿De qué sector vienes?",
            "required": "on",
            **_formset(
                [
                    {"id": str(gobierno.pk), "label": "Gobierno local", "position": "1"},
                    {"id": str(sociedad.pk), "label": "Sociedad civil", "position": "2", "delete": "on"},
                    {"label": "Academia", "position": "3"},
                ]
            ),
        },
    )
    single.refresh_from_db()
    assert single.text == "¿De qué sector vienes?"
    assert [c.label for c in single.choices.order_by("position")] == ["Gobierno local", "Academia"]
    assert single.history.count() == 3  # created, moved down, edited
    client.post(f"{base}/publicar/", {"publicar": "1"})
    questionnaire.refresh_from_db()
    assert questionnaire.is_published


def test_only_coordination_builds_surveys_about_a_facilitator(people, course):
    data = {
        "title": "Sobre la facilitación",
        "purpose": Purpose.FACILITATION,
        "anonymous_results": "on",
        "facilitator": str(people["facilitator"].pk),
    }
    response = client_for(people["facilitator"]).post("/formacion/2017/cuestionarios/nuevo/", data)
    assert response.status_code == 400 and not Questionnaire.objects.exists()  # not a choice they have
    with pytest.raises(PermissionDenied):
        services.questionnaire_create(
            actor=people["facilitator"],
            program=course.program,
            title="x",
            purpose=Purpose.FACILITATION,
            facilitator=people["facilitator"],
        )
    response = client_for(people["coordinator"]).post("/formacion/2017/cuestionarios/nuevo/", data)
    assert response.status_code == 302
    assert Questionnaire.objects.get().facilitator == people["facilitator"]
    with pytest.raises(ValidationError) as excinfo:  # the person rated must facilitate
        services.questionnaire_create(
            actor=people["coordinator"],
            program=course.program,
            title="y",
            purpose=Purpose.FACILITATION,
            facilitator=people["citizen"],
        )
    assert "facilitator" in excinfo.value.message_dict


@pytest.fixture
def answered(people, survey):
    services.response_save(
        actor=people["fellow_oaxaca"],
        questionnaire=survey.questionnaire,
        submit=True,
        answers=answers(survey, scale=4, single="Sí", multiple=["Videos"]),
    )
    return survey


def test_answered_questions_and_options_cannot_be_deleted(people, answered):
    survey = answered
    coordinator = people["coordinator"]
    base = f"/formacion/2017/cuestionarios/{survey.questionnaire.pk}"
    client = client_for(coordinator)
    response = client.post(f"{base}/preguntas/{survey.scale.pk}/eliminar/", follow=True)
    assert "ya tiene respuestas" in response.content.decode()
    assert Question.objects.filter(pk=survey.scale.pk).exists()
    # The open question has no answers yet: it goes.
    client.post(f"{base}/preguntas/{survey.open.pk}/eliminar/")
    assert not Question.objects.filter(pk=survey.open.pk).exists()
    videos, lecturas = survey.choice(survey.multiple, "Videos"), survey.choice(survey.multiple, "Lecturas")
    rows = [
        {"id": videos.pk, "label": "Videos", "delete": True},
        {"id": lecturas.pk, "label": "Lecturas"},
        {"id": None, "label": "Foros nuevos"},
    ]
    with pytest.raises(ValidationError, match="ya alguien marcó: Videos"):
        services.question_update(
            actor=coordinator,
            question=survey.multiple,
            kind=QuestionKind.MULTIPLE,
            text="¿Qué te sirvió?",
            required=False,
            choices=rows,
        )
    assert survey.multiple.choices.count() == 3
    # An unmarked option may go; the kind of an answered question stays.
    rows[0]["delete"], rows[1]["delete"] = False, True
    services.question_update(
        actor=coordinator,
        question=survey.multiple,
        kind=QuestionKind.MULTIPLE,
        text="¿Qué te sirvió?",
        required=False,
        choices=rows,
    )
    assert set(survey.multiple.choices.values_list("label", flat=True)) == {"Videos", "Foros nuevos"}
    with pytest.raises(ValidationError, match="tipo de pregunta"):
        services.question_update(actor=coordinator, question=survey.scale, kind=QuestionKind.OPEN, text="x")
    # The database refuses too, whatever path a delete takes.
    with pytest.raises(RestrictedError):
        Choice.objects.filter(pk=videos.pk).delete()
    with pytest.raises(RestrictedError):
        Question.objects.filter(pk=survey.scale.pk).delete()


def test_after_answers_anonymity_and_purpose_stay(people, course):
    survey = build_survey(course.program, anonymous=True)
    services.response_save(
        actor=people["fellow_oaxaca"], questionnaire=survey.questionnaire, answers=answers(survey, scale=2)
    )
    coordinator = people["coordinator"]
    with pytest.raises(ValidationError) as excinfo:
        services.questionnaire_update(
            actor=coordinator, questionnaire=survey.questionnaire, anonymous_results=False, purpose=Purpose.DIAGNOSTIC
        )
    assert set(excinfo.value.message_dict) == {"anonymous_results", "purpose"}
    survey.questionnaire.refresh_from_db()
    assert survey.questionnaire.anonymous_results and survey.questionnaire.purpose == Purpose.SATISFACTION
    services.questionnaire_update(actor=coordinator, questionnaire=survey.questionnaire, title="Nuevo título")
    assert Questionnaire.objects.get().title == "Nuevo título"
    # Deleting the whole questionnaire takes its answers with it (the restriction is per question).
    survey.questionnaire.delete()
    assert not Question.objects.exists()


def test_a_huge_option_count_is_refused_at_fifty():
    """A request claiming 100,000 options gets the "too many" error with at most 50 forms built."""
    from apertus.surveys.forms import ChoiceFormSet

    bound = ChoiceFormSet({"opciones-TOTAL_FORMS": "100000", "opciones-INITIAL_FORMS": "0"}, prefix="opciones")
    assert len(bound.forms) == 50
    assert not bound.is_valid()
    assert [e.code for e in bound.non_form_errors().as_data()] == ["too_many_forms"]
