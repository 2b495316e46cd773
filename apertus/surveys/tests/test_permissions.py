"""Every questionnaire page × every role: who answers, who builds, who reads results, and who gets nothing."""

import pytest
from django.utils import timezone

from apertus.core.testing import assert_matrix, client_for, data_kept_copy, only
from apertus.learning.tests.conftest import build_course
from apertus.program.models import ProgramPhase
from apertus.surveys import services
from apertus.surveys.models import Purpose, ResponseSet
from apertus.surveys.tests.conftest import add_facilitator, add_fellow, answers, build_survey

STAFF = ["facilitator", "coordinator"]


def logged_in(allowed, yes, no):
    cells = only(allowed, yes, no)
    cells["anonymous"] = 302
    return cells


def _world_made(people):
    program = build_course().program
    build_course(2)
    published = build_survey(program, title="Satisfacción")
    draft = build_survey(program, title="Borrador", publish=False)
    rated = build_survey(
        program,
        title="Sobre la facilitación",
        purpose=Purpose.FACILITATION,
        facilitator=people["facilitator"],
        anonymous=True,
    )
    for survey in (published, rated):
        services.response_save(
            actor=people["fellow_oaxaca"],
            questionnaire=survey.questionnaire,
            submit=True,
            answers=answers(survey, scale=4, single="Sí"),
        )
    return published.questionnaire, draft.questionnaire, rated.questionnaire


@pytest.fixture
def world(people):
    """On learning's 2017 course (and a 2018 one): a published questionnaire, a draft and one about the
    facilitator, fellow_oaxaca's answers to the published ones. Built through the services, course
    included, once per starting point, then its rows written back (``data_kept_copy``, keyed by today's
    date, which the courses' dates follow); each test gets its own copies."""
    return data_kept_copy(f"surveys-permissions-world {timezone.localdate()}", lambda: _world_made(people))


def test_permission_matrix(people, world):
    published, draft, rated = world
    base = "/formacion/2017/cuestionarios"
    q, d, f = (f"{base}/{x.pk}" for x in (published, draft, rated))
    matrix = {
        ("GET", f"{base}/"): logged_in(["fellow_oaxaca", *STAFF], 200, 403),
        ("GET", f"{base}/nuevo/"): logged_in(STAFF, 200, 403),
        ("GET", f"{q}/"): logged_in(["fellow_oaxaca", *STAFF], 200, 403),
        ("GET", f"{d}/"): {**logged_in(STAFF, 200, 403), "fellow_oaxaca": 404},  # drafts never leak
        ("GET", f"{q}/editar/"): logged_in(STAFF, 200, 403),
        ("GET", f"{q}/preguntas/nueva/"): logged_in(STAFF, 200, 403),
        ("GET", f"{q}/resultados/"): logged_in(STAFF, 200, 403),
        ("GET", f"{q}/resultados.xlsx"): logged_in(STAFF, 200, 403),
        ("GET", f"{d}/resultados/"): {**logged_in(STAFF, 200, 403), "fellow_oaxaca": 404},
        ("GET", f"{d}/resultados.xlsx"): {**logged_in(STAFF, 200, 403), "fellow_oaxaca": 404},
        # A survey about the facilitator: coordination builds and reads it; the person rated reads
        # the aggregate (the questionnaire page sends them there) and cannot download answers.
        ("GET", f"{f}/"): {**logged_in(["fellow_oaxaca", "coordinator"], 200, 403), "facilitator": 302},
        ("GET", f"{f}/editar/"): logged_in(["coordinator"], 200, 403),
        ("GET", f"{f}/resultados/"): logged_in(STAFF, 200, 403),
        ("GET", f"{f}/resultados.xlsx"): logged_in(["coordinator"], 200, 403),
        ("GET", f"{base}/99999/"): logged_in([], 404, 404),
        ("GET", f"/formacion/2018/cuestionarios/{published.pk}/"): logged_in([], 404, 404),  # wrong year
        ("POST", f"{q}/publicar/"): logged_in(STAFF, 302, 403),
        ("POST", f"{d}/preguntas/{draft.questions.first().pk}/mover/"): {
            **logged_in(STAFF, 302, 403),
            "fellow_oaxaca": 404,
        },
        ("POST", f"{q}/"): logged_in(["fellow_oaxaca"], 302, 403),  # already submitted: redirected with a message
        ("GET", f"{q}/publicar/"): logged_in([], 405, 405),
    }
    assert_matrix(people, matrix, data={"publicar": "1"})


def test_people_outside_the_cohort_and_other_facilitators(people, world):
    published, draft, rated = world
    other_fellow = add_fellow(ProgramPhase.objects.get(number=2), "otra.generacion@test.apertus.mx")
    other_cohort_staff = add_facilitator("facilita.2018@test.apertus.mx", phase=ProgramPhase.objects.get(number=2))
    colleague = add_facilitator("colega@test.apertus.mx", phase=ProgramPhase.objects.get(number=1))
    base = "/formacion/2017/cuestionarios"
    for user in (other_fellow, other_cohort_staff):
        client = client_for(user)
        for url in (
            f"{base}/",
            f"{base}/{published.pk}/",
            f"{base}/{published.pk}/resultados/",
            f"{base}/{published.pk}/resultados.xlsx",
            f"{base}/{rated.pk}/resultados/",
        ):
            assert client.get(url).status_code == 403, (user.email, url)
        assert client.post(f"{base}/{published.pk}/", {"accion": "enviar"}).status_code == 403
    assert client_for(other_fellow).get("/formacion/2018/cuestionarios/").status_code == 200
    assert not ResponseSet.objects.filter(respondent=other_fellow).exists()
    # A colleague of the rated facilitator builds the cohort's other questionnaires, not this one.
    client = client_for(colleague)
    assert client.get(f"{base}/{published.pk}/resultados/").status_code == 200
    assert client.get(f"{base}/{rated.pk}/").status_code == 404
    assert client.get(f"{base}/{rated.pk}/resultados/").status_code == 404
    html = client.get(f"{base}/").content.decode()
    assert "Sobre la facilitación" not in html and "Satisfacción" in html


def test_the_rated_facilitator_never_sees_per_person_answers(people, world):
    _published, _draft, rated = world
    client = client_for(people["facilitator"])
    html = client.get(f"/formacion/2017/cuestionarios/{rated.pk}/resultados/").content.decode()
    # One response is fewer than the minimum: nothing that could point to a person is shown.
    assert 'data-testid="too-few"' in html and 'data-testid="result-' not in html
    for n in range(2):
        fellow = add_fellow(ProgramPhase.objects.get(number=1), f"f{n}@test.apertus.mx")
        services.response_save(
            actor=fellow,
            questionnaire=rated,
            submit=True,
            answers={
                rated.questions.get(kind="escala_1_5").pk: 2,
                rated.questions.get(kind="opcion_unica").pk: [
                    rated.questions.get(kind="opcion_unica").choices.first().pk
                ],
            },
        )
    html = client.get(f"/formacion/2017/cuestionarios/{rated.pk}/resultados/").content.decode()
    assert 'data-testid="too-few"' not in html and 'data-testid="result-' in html
    assert 'data-testid="per-person"' not in html and "Fellow_Oaxaca" not in html
    assert "resultados.xlsx" not in html


def test_the_list_shows_each_person_what_is_theirs(people, world):
    published, draft, rated = world
    fellow_html = client_for(people["fellow_oaxaca"]).get("/formacion/2017/cuestionarios/").content.decode()
    assert f'data-testid="questionnaire-{published.pk}"' in fellow_html
    assert f'data-testid="questionnaire-{draft.pk}"' not in fellow_html
    assert "Enviado" in fellow_html and "Nuevo cuestionario" not in fellow_html
    staff_html = client_for(people["coordinator"]).get("/formacion/2017/cuestionarios/").content.decode()
    assert all(f'data-testid="questionnaire-{x.pk}"' in staff_html for x in world)
    assert "Nuevo cuestionario" in staff_html
