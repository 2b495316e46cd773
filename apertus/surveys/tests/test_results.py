"""Results: aggregates on a worked example, the XLSX opened and read, hostile text inert, bounded queries,
and the satisfaction scores other apps read."""

import re
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apertus.core.testing import assert_inert, client_for
from apertus.learning.tests.conftest import build_course
from apertus.program.models import ProgramPhase
from apertus.surveys import selectors, services
from apertus.surveys.models import Purpose, QuestionKind
from apertus.surveys.tests.conftest import HOSTILE, add_fellow, answers, build_survey

# Four submitted responses and one draft (which never counts):
#   scale 5, 4, 4, 2            -> n 4, mean 3.75, distribution 0 / 1 / 0 / 2 / 1 (0, 25, 0, 50, 25 %)
#   single Sí, Sí, Tal vez, No  -> 2 / 1 / 1 (50, 25, 25 %)
#   multiple {L, V}, {L}, -, -  -> n 2: Lecturas 2 (100 %), Videos 1 (50 %), Foros 0
#   open "Más práctica", "", "Todo bien", -  -> 2 texts
WORKED = [
    dict(scale=5, single="Sí", multiple=["Lecturas", "Videos"], text="Más práctica"),
    dict(scale=4, single="Sí", multiple=["Lecturas"]),
    dict(scale=4, single="Tal vez", text="Todo bien"),
    dict(scale=2, single="No"),
]


def _fellows(n, *, start=0, phase_number=1):
    phase = ProgramPhase.objects.get(number=phase_number)
    return [
        add_fellow(phase, f"fellow{start + i}@test.apertus.mx", first=f"Persona{start + i}", last="Prueba")
        for i in range(n)
    ]


def _answer_all(survey, fellows, rows):
    for fellow, row in zip(fellows, rows, strict=True):
        services.response_save(
            actor=fellow, questionnaire=survey.questionnaire, answers=answers(survey, **row), submit=True
        )


@pytest.fixture
def worked(people, survey):
    fellows = _fellows(4)
    _answer_all(survey, fellows, WORKED)
    services.response_save(
        actor=people["fellow_oaxaca"],
        questionnaire=survey.questionnaire,
        answers=answers(survey, scale=1, single="No", multiple=["Foros"], text="borrador"),
    )
    return survey, fellows


def test_aggregates_on_a_worked_example(worked):
    survey, _fellows = worked
    data = selectors.results(survey.questionnaire)
    assert (data.submitted, data.fellows, data.response_rate) == (4, 5, 80.0)  # 4 of the cohort's 5 fellows
    scale, single, multiple, open_ = data.questions
    assert scale.answered == 4 and scale.mean == 3.75
    assert [(b.label, b.count, b.percent) for b in scale.bars] == [
        ("1", 0, 0.0),
        ("2", 1, 25.0),
        ("3", 0, 0.0),
        ("4", 2, 50.0),
        ("5", 1, 25.0),
    ]
    assert [(b.label, b.count, b.percent) for b in single.bars] == [
        ("Sí", 2, 50.0),
        ("Tal vez", 1, 25.0),
        ("No", 1, 25.0),
    ]
    assert multiple.answered == 2
    assert [(b.label, b.count, b.percent) for b in multiple.bars] == [
        ("Lecturas", 2, 100.0),
        ("Videos", 1, 50.0),
        ("Foros", 0, 0.0),
    ]
    assert open_.texts == ["Más práctica", "Todo bien"] and open_.texts_total == 2
    assert "borrador" not in open_.texts


def test_the_results_page_shows_charts_tables_and_people(people, worked):
    survey, fellows = worked
    html = (
        client_for(people["facilitator"])
        .get(f"/formacion/2017/cuestionarios/{survey.questionnaire.pk}/resultados/")
        .content.decode()
    )
    assert html.count('<svg class="survey-bars"') == 3 and html.count('<title id="grafica-') == 3
    assert 'width="100.0"' in html  # Videos: 50 % of a 200-wide bar, never "100,0" in Spanish
    assert "style=" not in html  # CSP: no inline styles
    assert 'data-testid="response-rate">80' in html
    scale_block = html.split(f'data-testid="result-{survey.scale.pk}"')[1].split("</section>")[0]
    assert re.search(r"Promedio: 3[.,]75", scale_block)
    assert '<th scope="row">4</th><td class="num">2</td>' in scale_block
    assert 'data-testid="per-person"' in html and "Persona0 Prueba" in html  # not anonymous
    survey.questionnaire.anonymous_results = True
    survey.questionnaire.save()
    html = (
        client_for(people["coordinator"])
        .get(f"/formacion/2017/cuestionarios/{survey.questionnaire.pk}/resultados/")
        .content.decode()
    )
    assert 'data-testid="per-person"' not in html and "Persona0" not in html


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(BytesIO(b"".join(response.streaming_content)))


def test_the_xlsx_has_the_summary_and_one_row_per_response(people, worked):
    survey, fellows = worked
    url = f"/formacion/2017/cuestionarios/{survey.questionnaire.pk}/resultados.xlsx"
    book = _workbook(client_for(people["coordinator"]).get(url))
    assert book.sheetnames == ["Resumen", "Respuestas", "Ficha"]
    summary = [list(r) for r in book["Resumen"].iter_rows(values_only=True)]
    assert summary[0] == [
        "Núm.",
        "Pregunta",
        "Tipo",
        "Respuestas",
        "Opción o valor",
        "Conteo",
        "Porcentaje",
        "Promedio",
    ]
    assert summary[1:6] == [
        [1, "Satisfacción general", "Escala del 1 al 5", 4, v, c, p, 3.75]
        for v, c, p in [(1, 0, 0), (2, 1, 25), (3, 0, 0), (4, 2, 50), (5, 1, 25)]
    ]
    assert summary[6] == [2, "¿Lo recomendarías?", "Opción única", 4, "Sí", 2, 50, None]
    assert summary[9] == [3, "¿Qué te sirvió?", "Opción múltiple", 2, "Lecturas", 2, 100, None]
    assert summary[12] == [4, "¿Qué mejorarías?", "Pregunta abierta", 2, "(respuestas abiertas)", 2, None, None]
    rows = [list(r) for r in book["Respuestas"].iter_rows(values_only=True)]
    assert rows[0][:4] == ["Respuesta", "Persona", "Entidad", "Enviada"]
    assert rows[0][4:] == [
        "1. Satisfacción general",
        "2. ¿Lo recomendarías?",
        "3. ¿Qué te sirvió?",
        "4. ¿Qué mejorarías?",
    ]
    assert len(rows) == 5  # four submitted, the draft left out
    first = rows[1]
    assert first[1] == "Persona0 Prueba" and first[2] == str(fellows[0].state)
    assert first[4:] == [5, "Sí", "Lecturas; Videos", "Más práctica"]
    facts = dict(book["Ficha"].iter_rows(values_only=True))
    assert facts["Respuestas enviadas"] == 4 and facts["Tasa de respuesta (%)"] == 80


def test_anonymous_xlsx_names_nobody_and_formulas_stay_text(people, course):
    survey = build_survey(course.program, anonymous=True)
    fellows = _fellows(2)
    _answer_all(
        survey,
        fellows,
        [dict(scale=3, single="Sí", text='=HYPERLINK("https://evil.example")'), dict(scale=4, single="No")],
    )
    book = _workbook(
        client_for(people["coordinator"]).get(
            f"/formacion/2017/cuestionarios/{survey.questionnaire.pk}/resultados.xlsx"
        )
    )
    rows = [list(r) for r in book["Respuestas"].iter_rows(values_only=True)]
    assert rows[0] == [
        "Respuesta",
        "1. Satisfacción general",
        "2. ¿Lo recomendarías?",
        "3. ¿Qué te sirvió?",
        "4. ¿Qué mejorarías?",
    ]
    cells = {str(c) for row in rows for c in row}
    assert not any("Persona" in c or "Oaxaca" in c for c in cells)
    assert '\'=HYPERLINK("https://evil.example")' in cells


def test_hostile_text_is_inert_on_the_results_and_answer_pages(people, course):
    survey = build_survey(course.program, title=HOSTILE, intro=HOSTILE)
    survey.multiple.choices.filter(label="Foros").update(label=HOSTILE)
    survey.scale.text = HOSTILE
    survey.scale.save()
    fellow = _fellows(1)[0]
    hostile_choice = survey.multiple.choices.get(label=HOSTILE)
    services.response_save(
        actor=fellow,
        questionnaire=survey.questionnaire,
        submit=True,
        answers={**answers(survey, scale=3, single="Sí", text=HOSTILE), survey.multiple.pk: [hostile_choice.pk]},
    )
    pages = [
        (people["coordinator"], f"/formacion/2017/cuestionarios/{survey.questionnaire.pk}/resultados/"),
        (people["coordinator"], survey.questionnaire.get_absolute_url()),
        (people["fellow_oaxaca"], survey.questionnaire.get_absolute_url()),
        (fellow, survey.questionnaire.get_absolute_url()),
        (people["coordinator"], "/formacion/2017/cuestionarios/"),
    ]
    for user, url in pages:
        html = client_for(user).get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<iframe" not in html, url
        assert "<svg onload" not in html, url
        assert not re.search(r"<[a-z]+\s[^>]*(href|src)=\"\s*(javascript|data):", html, re.I), url
        # Everything people wrote is in these blocks; the charts' own <svg> is ours.
        blocks = re.findall(
            r'<(?:ul class="(?:open-answers|choice-labels)"|table class="data-table[^"]*"|'
            r'div class="prose"|dl class="own-answers"|strong class="question-text")[^>]*>'
            r".*?</(?:ul|table|div|dl|strong)>",
            html,
            re.S,
        )
        assert blocks, url
        for block in blocks:
            assert_inert(block)
        for svg in re.findall(r'<svg class="survey-bars".*?</svg>', html, re.S):
            tags, attributes = _markup(svg)
            assert tags <= {"svg", "title", "text", "rect"}, tags
            assert not any(name.startswith("on") or name in {"href", "style"} for name in attributes), attributes


def _markup(html: str) -> tuple[set, set]:
    """The element and attribute names in ``html`` (escaped text is text, not markup)."""
    from html.parser import HTMLParser

    tags, attributes = set(), set()

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.add(tag)
            attributes.update(name for name, _value in attrs)

    Collector().feed(html)
    return tags, attributes


def _results_queries(client, questionnaire) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/formacion/2017/cuestionarios/{questionnaire.pk}/resultados/")
    assert response.status_code == 200
    return len(ctx)


def test_the_results_page_runs_the_same_queries_for_5_and_40_respondents(people, course, django_assert_max_num_queries):
    small, large = build_survey(course.program, title="Pequeña"), build_survey(course.program, title="Grande")
    fellows = _fellows(40)
    rows = [
        dict(
            scale=1 + i % 5,
            single=["Sí", "No"][i % 2],
            multiple=["Lecturas", "Foros"][: 1 + i % 2],
            text=f"Comentario {i}",
        )
        for i in range(40)
    ]
    _answer_all(small, fellows[:5], rows[:5])
    _answer_all(large, fellows, rows)
    client = client_for(people["coordinator"])
    _results_queries(client, small.questionnaire)  # warm the session and the role cache alike
    few, many = _results_queries(client, small.questionnaire), _results_queries(client, large.questionnaire)
    assert few == many
    with django_assert_max_num_queries(18):  # 17 measured
        client.get(f"/formacion/2017/cuestionarios/{large.questionnaire.pk}/resultados/")


def test_the_answer_page_runs_a_bounded_number_of_queries(people, survey, django_assert_max_num_queries):
    client = client_for(people["fellow_oaxaca"])
    client.get(survey.questionnaire.get_absolute_url())
    with django_assert_max_num_queries(11):  # 10 measured
        assert client.get(survey.questionnaire.get_absolute_url()).status_code == 200


def test_satisfaction_scores_on_a_worked_example(people, course):
    program = course.program
    s1 = build_survey(program, title="Satisfacción 1")
    s2 = build_survey(program, title="Satisfacción 2")
    extra = services.question_create(
        actor=None, questionnaire=s1.questionnaire, kind=QuestionKind.SCALE, text="Contenidos", required=False
    )
    diagnostic = build_survey(program, title="Diagnóstico", purpose=Purpose.DIAGNOSTIC)
    ana, beto, carla, dora = _fellows(4)
    # Ana: 5 and 4 in the first survey, 3 in the second -> (5 + 4 + 3) / 3 = 4.0
    services.response_save(
        actor=ana,
        questionnaire=s1.questionnaire,
        submit=True,
        answers={**answers(s1, scale=5, single="Sí"), extra.pk: 4},
    )
    services.response_save(
        actor=ana, questionnaire=s2.questionnaire, submit=True, answers=answers(s2, scale=3, single="Sí")
    )
    # Beto: 2 and (no answer to the optional one) -> 2.0; his diagnostic 5 does not count
    services.response_save(
        actor=beto, questionnaire=s1.questionnaire, submit=True, answers=answers(s1, scale=2, single="No")
    )
    services.response_save(
        actor=beto,
        questionnaire=diagnostic.questionnaire,
        submit=True,
        answers=answers(diagnostic, scale=5, single="Sí"),
    )
    # Carla: a draft only -> absent. Dora: a diagnostic only -> absent.
    services.response_save(actor=carla, questionnaire=s1.questionnaire, answers=answers(s1, scale=1))
    services.response_save(
        actor=dora,
        questionnaire=diagnostic.questionnaire,
        submit=True,
        answers=answers(diagnostic, scale=1, single="No"),
    )
    # Another cohort's satisfaction survey does not count for this one.
    other = build_survey(build_course(2).program, title="Satisfacción 2018")
    (eva,) = _fellows(1, start=10, phase_number=2)
    services.response_save(
        actor=eva, questionnaire=other.questionnaire, submit=True, answers=answers(other, scale=1, single="No")
    )
    phase = ProgramPhase.objects.get(number=1)
    assert selectors.satisfaction_scores(phase=phase) == {ana.pk: 4.0, beto.pk: 2.0}
    assert selectors.satisfaction_scores(phase=ProgramPhase.objects.get(number=2)) == {eva.pk: 1.0}
