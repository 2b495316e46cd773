import json

from apertus.accounts.tokens import token_create, token_revoke
from apertus.plans.models import ProgressReport


def post(client, url, payload, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(url, json.dumps(payload), content_type="application/json", **headers)


def test_read_endpoints(client, oaxaca_plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        plans = client.get("/api/plans/").json()
    assert plans["count"] == 1 and plans["items"][0]["state"] == "Oaxaca"
    with django_assert_max_num_queries(4):
        commitments = client.get(f"/api/plans/{oaxaca_plan.pk}/commitments").json()
    assert commitments["count"] == 2 and commitments["items"][0]["targets"] == ["16.6", "16.10"]
    cid = commitments["items"][0]["id"]
    milestones = client.get(f"/api/plans/commitments/{cid}/milestones").json()
    assert [m["weight"] for m in milestones] == [1, 2]
    assert client.get(f"/api/plans/milestones/{milestones[0]['id']}").json()["status"] == "no_iniciado"
    assert client.get(f"/api/plans/commitments/{cid}/reports").json()["count"] == 0
    schema = client.get("/api/openapi.json").json()
    assert "/api/plans/milestones/{milestone_id}/progress" in schema["paths"]


def test_stl_member_writes_progress_with_a_personal_token(client, oaxaca_plan, people):
    milestone = oaxaca_plan.commitments.first().milestones.first()
    _, raw = token_create(user=people["stl_oaxaca"], name="Hoja de seguimiento")
    url = f"/api/plans/milestones/{milestone.pk}/progress"
    response = post(
        client,
        url,
        {
            "progress": 45,
            "status": "en_proceso",
            "note": "Avance vía API",
            "version": milestone.version,
            "evidence_url": "https://ejemplo.mx/minuta.pdf",
            "evidence_description": "Minuta",
        },
        raw,
    )
    assert response.status_code == 201, response.content
    report = ProgressReport.objects.get(pk=response.json()["id"])
    assert report.source == "api" and report.reported_by == people["stl_oaxaca"] and report.evidence.count() == 1
    milestone.refresh_from_db()
    assert milestone.progress == 45


def test_api_writes_refuse_the_wrong_people_and_bad_input(client, oaxaca_plan, people):
    milestone = oaxaca_plan.commitments.first().milestones.first()
    url = f"/api/plans/milestones/{milestone.pk}/progress"
    good = {"progress": 45, "status": "en_proceso", "version": milestone.version}
    assert post(client, url, good).status_code == 401
    assert post(client, url, good, "apx_inventado").status_code == 401
    _, sonora = token_create(user=people["stl_sonora"], name="s")
    assert post(client, url, good, sonora).status_code == 403
    token, oaxaca = token_create(user=people["stl_oaxaca"], name="o")
    assert post(client, url, {"progress": 150, "status": "en_proceso"}, oaxaca).status_code == 422
    assert post(client, url, {"progress": 10, "status": "inventado"}, oaxaca).status_code == 422
    assert post(client, url, {"progress": 80, "status": "completado"}, oaxaca).status_code == 422
    assert post(client, url, {**good, "evidence_url": "javascript:alert(1)"}, oaxaca).status_code == 422
    assert post(client, "/api/plans/milestones/999999/progress", good, oaxaca).status_code == 404
    assert post(client, url, {**good, "version": milestone.version + 5}, oaxaca).status_code == 409
    token_revoke(user=people["stl_oaxaca"], token=token)
    assert post(client, url, good, oaxaca).status_code == 401
    milestone.refresh_from_db()
    assert milestone.progress == 0 and milestone.reports.count() == 0 and milestone.evidence.count() == 0


def test_tokens_are_stored_hashed(people):
    token, raw = token_create(user=people["stl_oaxaca"], name="x")
    assert raw not in token.key_hash and token.prefix == raw[:10]
