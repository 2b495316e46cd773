"""The suggestion panel, one-click add, dismissals, the commitment check and the SDG map."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.core.testing import assert_matrix, client_for, only
from apertus.sdg.models import Dismissal, RecordScore
from apertus.taxonomy.models import Scheme, Term

WATER = {
    "title": "Agua potable para todas las colonias",
    "problem": "Muchas colonias se abastecen con pipas y no tienen red de agua potable.",
    "objective": "Ampliar la red de agua potable y publicar la calidad del agua.",
}


def panel_url(commitment):
    return f"/mapa-ods/sugerencias/commitment/{commitment.pk}/"


def test_panel_permissions(people, oaxaca_plan):
    commitment = oaxaca_plan.commitments.first()
    editors = ["stl_oaxaca", "coordinator"]
    assert_matrix(
        people,
        {
            ("POST", panel_url(commitment)): only(editors, 200, 403) | {"anonymous": 302},
            ("POST", "/mapa-ods/sugerencias/commitment/"): only(list(people), 200, 200) | {"anonymous": 302},
            ("GET", panel_url(commitment)): only(editors, 405, (403, 405)) | {"anonymous": 302},
            ("POST", "/mapa-ods/sugerencias/no-such-kind/"): only(list(people), 404, 404) | {"anonymous": 302},
        },
        data=WATER,
    )


def test_panel_suggests_goal_6_and_target_6_1_with_words(people, oaxaca_plan):
    commitment = oaxaca_plan.commitments.first()
    html = client_for(people["stl_oaxaca"]).post(panel_url(commitment), WATER).content.decode()
    assert "ODS 6." in html
    assert "Añadir meta 6.1" in html
    assert "«agua potable»" in html
    assert "confianza" in html


def test_empty_text_gives_an_invitation_not_an_error(people):
    r = client_for(people["citizen"]).post("/mapa-ods/sugerencias/proposal/", {"title": "", "problem": ""})
    assert r.status_code == 200
    assert "Escribe el texto" in r.content.decode()


def test_user_text_in_the_panel_is_escaped(people):
    hostile = {"title": "<script>alert(1)</script> agua potable", "problem": "<img src=x onerror=alert(1)>"}
    html = client_for(people["citizen"]).post("/mapa-ods/sugerencias/proposal/", hostile).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html


def test_one_click_adds_target_through_the_service_and_history_names_who(people, oaxaca_plan):
    commitment = oaxaca_plan.commitments.first()
    stl = people["stl_oaxaca"]
    data = WATER | {"code": "6.1"}
    r = client_for(stl).post(f"/mapa-ods/sugerencias/commitment/{commitment.pk}/anadir/", data)
    assert r.status_code == 200
    commitment.refresh_from_db()
    assert "6.1" in {t.code for t in commitment.targets.all()}
    latest = commitment.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == stl
    assert "6.1" in latest.history_change_reason
    assert f'data-sdg-version="{commitment.version}"' in r.content.decode()


def test_adding_is_refused_to_people_who_cannot_edit(people, oaxaca_plan):
    commitment = oaxaca_plan.commitments.first()
    before = set(commitment.targets.values_list("code", flat=True))
    for role in ("citizen", "stl_sonora", "advisor"):
        r = client_for(people[role]).post(f"/mapa-ods/sugerencias/commitment/{commitment.pk}/anadir/", {"code": "6.1"})
        assert r.status_code == 403
    assert set(commitment.targets.values_list("code", flat=True)) == before


@pytest.mark.parametrize("code", ["", "99", "6.99", "<script>", "6.1'--"])
def test_bad_codes_are_400_and_change_nothing(people, oaxaca_plan, code):
    commitment = oaxaca_plan.commitments.first()
    version = commitment.version
    r = client_for(people["stl_oaxaca"]).post(
        f"/mapa-ods/sugerencias/commitment/{commitment.pk}/anadir/", {"code": code}
    )
    assert r.status_code == 400
    commitment.refresh_from_db()
    assert commitment.version == version


def test_on_a_new_record_the_click_only_selects(people):
    r = client_for(people["citizen"]).post("/mapa-ods/sugerencias/proposal/anadir/", WATER | {"code": "6"})
    assert r.status_code == 200
    goal6 = Term.objects.get(scheme=Scheme.SDG_GOAL, code="6")
    assert f'data-sdg-added="{goal6.pk}"' in r.content.decode()


def test_dismissed_suggestions_are_remembered_for_the_record(people, oaxaca_plan):
    commitment = oaxaca_plan.commitments.first()
    client = client_for(people["stl_oaxaca"])
    assert "Añadir meta 6.1" in client.post(panel_url(commitment), WATER).content.decode()
    r = client.post(
        f"/mapa-ods/sugerencias/commitment/{commitment.pk}/descartar/", WATER | {"code": "6.1"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200
    assert Dismissal.objects.filter(kind="commitment", record_id=commitment.pk, code="6.1").exists()
    assert "Añadir meta 6.1" not in client.post(panel_url(commitment), WATER).content.decode()
    other = oaxaca_plan.commitments.last()
    assert "Añadir meta 6.1" in client.post(panel_url(other), WATER).content.decode()


def test_commitment_page_flags_unsupported_tags_for_editors_only(people, oaxaca_plan):
    from apertus.plans import services

    commitment = oaxaca_plan.commitments.first()
    services.commitment_update(actor=people["coordinator"], commitment=commitment, expected_version=None, **WATER)
    url = commitment.get_absolute_url()
    html = client_for(people["stl_oaxaca"]).get(url).content.decode()
    assert "Revisión de los ODS de este compromiso" in html
    assert "ODS 16" in html.split("Revisión de los ODS")[1]  # tagged 16 (and 16.6, 16.10), text is about water
    assert "ODS 6" in html.split("Revisión de los ODS")[1]  # clearly about water, untagged
    for role in ("anonymous", "citizen", "stl_sonora"):
        assert "Revisión de los ODS" not in client_for(people[role]).get(url).content.decode()


def test_check_add_tags_the_goal_through_its_closest_target(people, oaxaca_plan):
    from apertus.plans import services

    commitment = oaxaca_plan.commitments.first()
    services.commitment_update(actor=people["coordinator"], commitment=commitment, expected_version=None, **WATER)
    r = client_for(people["stl_oaxaca"]).post(
        f"/mapa-ods/revision/commitment/{commitment.pk}/anadir/", {"code": "6", "next": "https://evil.example/"}
    )
    assert r.status_code == 302 and r["Location"] == commitment.get_absolute_url()
    assert "6.1" in set(commitment.targets.values_list("code", flat=True))


def _matrix_queries(client):
    with CaptureQueriesContext(connection) as captured:
        r = client.get("/mapa-ods/")
    assert r.status_code == 200
    return len(captured), r.content.decode()


def test_matrix_page_query_count_does_not_grow_with_data(people, oaxaca_plan):
    from apertus.plans.tests.conftest import build_plan

    client = client_for(None)
    _matrix_queries(client)  # first visit computes and stores the scores
    small, html = _matrix_queries(client)
    assert "Oaxaca" in html
    build_plan("26", commitments=12, milestones=1)
    build_plan("20", commitments=8, milestones=1, edition=2)
    _matrix_queries(client)
    large, html = _matrix_queries(client)
    assert "Sonora" in html
    assert large == small
    assert RecordScore.objects.filter(kind="commitment").count() == 22


def test_matrix_cell_lists_the_commitments_and_csv_downloads(oaxaca_plan):
    client = client_for(None)
    r = client.get(f"/mapa-ods/{oaxaca_plan.state.slug}/16/")
    assert r.status_code == 200
    assert "Compromiso 1" in r.content.decode()
    assert client.get(f"/mapa-ods/{oaxaca_plan.state.slug}/18/").status_code == 404
    assert client.get("/mapa-ods/no-existe/6/").status_code == 404
    assert client.get("/mapa-ods/?fase=x").status_code == 404
    csv_response = client.get("/mapa-ods/mapa.csv")
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "state,phase,goal,tagged_commitments,suggested_untagged_commitments"
    assert any(line.endswith(",16,2,0") or ",16,2," in line for line in body.splitlines())


def test_draft_plans_stay_out_of_the_map(people):
    from apertus.plans.models import PlanStatus
    from apertus.plans.tests.conftest import build_plan

    build_plan("26", status=PlanStatus.DRAFT, commitments=3, milestones=0)
    html = client_for(None).get("/mapa-ods/").content.decode()
    assert "Sonora" not in html
