"""Answers are personal data: in the person's download, out of the open data, gone with the account."""

from apertus.accounts.personal_data import personal_data_for
from apertus.accounts.services import account_delete
from apertus.core.datasets import DATASETS
from apertus.core.testing import client_for
from apertus.surveys import selectors, services
from apertus.surveys.models import Answer, ResponseSet
from apertus.surveys.tests.conftest import answers, build_survey


def test_own_answers_are_in_the_download(people, course, survey):
    fellow = people["fellow_oaxaca"]
    draft = build_survey(course.program, title="Diagnóstico")
    services.response_save(
        actor=fellow,
        questionnaire=survey.questionnaire,
        submit=True,
        answers=answers(survey, scale=4, single="Tal vez", multiple=["Lecturas", "Foros"], text="Más práctica"),
    )
    services.response_save(actor=fellow, questionnaire=draft.questionnaire, answers=answers(draft, scale=2))
    data = personal_data_for(fellow)["datos"]["cuestionarios_y_encuestas"]
    assert [d["cuestionario"] for d in data] == ["Encuesta de prueba", "Diagnóstico"]
    assert data[0]["enviada"] is not None and data[1]["enviada"] is None
    assert data[0]["respuestas"] == [
        {"pregunta": "Satisfacción general", "respuesta": 4},
        {"pregunta": "¿Lo recomendarías?", "respuesta": "Tal vez"},
        {"pregunta": "¿Qué te sirvió?", "respuesta": "Lecturas; Foros"},
        {"pregunta": "¿Qué mejorarías?", "respuesta": "Más práctica"},
    ]
    assert personal_data_for(people["coordinator"])["datos"]["cuestionarios_y_encuestas"] == []
    body = client_for(fellow).get("/mi-cuenta/datos.json").content.decode()
    assert "Más práctica" in body


def test_no_open_dataset_holds_answers(db):
    assert DATASETS  # the catalogue is filled...
    described = " ".join(f"{d.slug} {d.title} {d.description}" for d in DATASETS.values()).lower()
    assert "cuestionario" not in described and "encuesta" not in described  # ...and answers are not in it


def test_deleting_the_account_keeps_the_totals_and_nothing_that_points_back(people, course, survey):
    fellow = people["fellow_oaxaca"]
    draft = build_survey(course.program, title="Diagnóstico")
    services.response_save(
        actor=fellow,
        questionnaire=survey.questionnaire,
        submit=True,
        answers=answers(survey, scale=5, single="Sí", text="Soy de Oaxaca y opino esto"),
    )
    services.response_save(actor=fellow, questionnaire=draft.questionnaire, answers=answers(draft, scale=2))
    account_delete(user=fellow)
    assert not ResponseSet.objects.filter(respondent=fellow).exists()
    assert not ResponseSet.objects.filter(questionnaire=draft.questionnaire).exists()  # the draft went
    assert not Answer.objects.filter(text__contains="Oaxaca").exists()  # open texts went
    data = selectors.results(survey.questionnaire)
    assert data.submitted == 1 and data.questions[0].mean == 5  # the scale still counts, unnamed
    assert selectors.satisfaction_scores(phase=course.program.phase) == {}
    assert personal_data_for(fellow)["datos"]["cuestionarios_y_encuestas"] == []
