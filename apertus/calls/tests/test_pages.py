"""Public pages and API, hostile input kept inert, and query counts that do not grow with data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.calls import services
from apertus.core.testing import assert_inert, client_for

from .conftest import build_call, close, fill_application, finish_scoring, institutions, make_applicant

HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> [clic](javascript:alert(1)) '
    '<a href="data:text/html,hola" onclick="x()">enlace</a> <iframe src="https://evil.example"></iframe>'
)


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_hostile_text_is_inert_everywhere_it_is_shown(db, people):
    call = build_call("hostil", objective=HOSTILE, profile=HOSTILE, contact=HOSTILE, summary=HOSTILE[:300])
    user = make_applicant("hostil@test.apertus.mx", first='<b onmouseover="x()">Eva</b>')
    app = fill_application(user, call, motives=HOSTILE)
    close(call)
    services.proof_check(actor=None, application=app, valid=True)
    evaluators = institutions(call, 2)
    (org, evaluator) = evaluators[0]
    services.evaluations_assign(actor=None, call=call)
    assignment = app.evaluations.get(organization=org)
    services.evaluation_save(
        actor=evaluator, assignment=assignment, submit=True, scores={c.pk: (5, HOSTILE) for c in call.criteria.all()}
    )
    finish_scoring(call, evaluators)  # the other institution; now the name is shown to evaluators
    services.interviews_assign(actor=None, call=call)
    interview = app.interviews.get(organization=org)
    services.interview_save(actor=evaluator, interview=interview, answers={}, notes=HOSTILE)
    coordinator = client_for(people["coordinator"])
    pages = [
        client_for(None).get(f"/convocatorias/{call.slug}/"),
        client_for(None).get("/convocatorias/"),
        client_for(user).get(f"/convocatorias/{call.slug}/solicitud/motivos/"),
        coordinator.get(f"/convocatorias/{call.slug}/gestion/"),
        coordinator.get(f"/convocatorias/{call.slug}/gestion/solicitudes/{app.pk}/"),
        coordinator.get(f"/convocatorias/{call.slug}/gestion/ranking/"),
        coordinator.get(f"/convocatorias/{call.slug}/gestion/seleccion/"),
        client_for(evaluator).get(f"/convocatorias/evaluaciones/{assignment.pk}/"),
        client_for(evaluator).get(f"/convocatorias/entrevistas/{interview.pk}/"),
        client_for(None).get(f"/convocatorias/{call.slug}/metodologia/"),
    ]
    for response in pages:
        assert response.status_code == 200
        html = _main(response.content.decode())
        # Pages with forms are checked outside their forms (the forms themselves are ours).
        while "<form" in html:
            html = html[: html.index("<form")] + html[html.index("</form>") + 7 :]
        assert_inert(html)
    # The evaluator's page shows the comment back as text, escaped.
    form_page = client_for(evaluator).get(f"/convocatorias/evaluaciones/{assignment.pk}/").content.decode()
    assert "&lt;script&gt;" in form_page and "<script>alert" not in form_page


def test_drafts_stay_out_of_the_api(db, client):
    published = build_call("publicada", objective="**Objetivo** de la convocatoria")
    build_call("no-publicada", published=False)
    data = client.get("/api/calls/").json()
    assert [c["slug"] for c in data["items"]] == ["publicada"] and data["items"][0]["is_open"] is True
    assert client.get("/api/calls/no-publicada").status_code == 404
    detail = client.get(f"/api/calls/{published.slug}").json()
    assert detail["states"] == ["08", "17", "19", "20", "26"]
    assert [c["name"] for c in detail["rubric"]] == ["Exposición de motivos", "Trayectoria (CV)", "Video"]
    assert (detail["evaluation_weight"], detail["interview_weight"], detail["evaluators_per_application"]) == (
        0.6,
        0.4,
        2,
    )
    assert len(detail["questionnaire"]) == 4
    page = client.get("/convocatorias/publicada/").content.decode()
    assert "<strong>Objetivo</strong>" in page and "Sonora" in page and "Campeche" not in page


def _closed_call_with(n: int, slug: str):
    call = build_call(slug)
    apps = [fill_application(make_applicant(f"q{i}.{slug}@test.apertus.mx"), call, state_code="20") for i in range(n)]
    close(call)
    for app in apps:
        services.proof_check(actor=None, application=app, valid=True)
    evaluators = institutions(call, 2)
    services.evaluations_assign(actor=None, call=call)
    finish_scoring(call, evaluators)
    services.interviews_assign(actor=None, call=call)
    for app in apps:
        services.application_select(actor=None, application=app, selected=True)
    return call


@pytest.mark.parametrize("page", ["gestion/", "gestion/ranking/", "gestion/seleccion/"])
def test_coordination_pages_run_a_bounded_number_of_queries(db, people, page, django_assert_max_num_queries):
    small, large = _closed_call_with(2, f"pocas-{page[:4]}"), _closed_call_with(12, f"muchas-{page[:4]}")
    client = client_for(people["coordinator"])
    counts = []
    for call in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/convocatorias/{call.slug}/{page}").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(20):  # 11, 12 and 15 today (with the session and the user's roles)
        client.get(f"/convocatorias/{large.slug}/{page}")
