"""``POST /api/sdg/suggest`` and ``GET /api/sdg/matrix``."""

import pytest
from django.test import Client, override_settings

from apertus.accounts.tokens import token_create

URL = "/api/sdg/suggest"


def post(client, payload, **headers):
    return client.post(URL, payload, content_type="application/json", **headers)


@pytest.mark.django_db
def test_anonymous_caller_gets_ranked_goals_present_and_targets():
    r = post(Client(), {"text": "Ampliar la red de agua potable en colonias sin servicio.", "lang": "es"})
    assert r.status_code == 200
    data = r.json()
    assert data["lang"] == "es"
    assert [g["goal"] for g in data["ranked"]][0] == 6
    assert sorted(g["goal"] for g in data["ranked"]) == list(range(1, 18))
    assert data["present"][0] == 6
    assert data["targets"][0]["code"] == "6.1"
    assert "agua potable" in data["ranked"][0]["words"]


@pytest.mark.django_db
def test_language_is_detected_when_null():
    r = post(Client(), {"text": "Protect mangroves and coral reefs from coastal development.", "lang": None})
    assert r.status_code == 200
    assert r.json()["lang"] == "en"
    assert r.json()["ranked"][0]["goal"] == 14


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"text": ""}, "vacío"),
        ({"text": "   \n "}, "vacío"),
        ({"text": "a" * 20_001}, "20000"),
    ],
)
def test_empty_or_too_long_text_is_a_clear_422(payload, reason):
    r = post(Client(), payload)
    assert r.status_code == 422
    assert reason in r.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [{}, {"text": 5}, {"text": "agua", "lang": "fr"}, {"lang": "es"}])
def test_malformed_payloads_are_422(payload):
    assert post(Client(), payload).status_code == 422


@pytest.mark.django_db
def test_not_json_is_a_4xx():
    r = Client().post(URL, "text=agua", content_type="application/x-www-form-urlencoded")
    assert 400 <= r.status_code < 500


@pytest.mark.django_db
def test_get_is_not_allowed():
    assert Client().get(URL).status_code == 405


@pytest.mark.django_db
@override_settings(SDG_API_ANONYMOUS_RATE=3, SDG_API_TOKEN_RATE=100)
def test_anonymous_callers_are_rate_limited_but_token_holders_are_not(people):
    client = Client()
    codes = [post(client, {"text": "agua potable"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    _, raw = token_create(user=people["citizen"], name="pruebas")
    codes = [post(client, {"text": "agua potable"}, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code for _ in range(5)]
    assert codes == [200] * 5


@pytest.mark.django_db
def test_a_wrong_token_is_401():
    r = post(Client(), {"text": "agua"}, HTTP_AUTHORIZATION="Bearer apx_no-existe")
    assert r.status_code == 401


@pytest.mark.django_db
def test_suggest_is_in_the_openapi_document():
    schema = Client().get("/api/openapi.json").json()
    assert "/api/sdg/suggest" in schema["paths"]
    assert "post" in schema["paths"]["/api/sdg/suggest"]
    assert "/api/sdg/matrix" in schema["paths"]


@pytest.mark.django_db
def test_matrix_endpoint_lists_states_by_goal(oaxaca_plan):
    r = Client().get("/api/sdg/matrix")
    assert r.status_code == 200
    rows = [x for x in r.json() if x["state_slug"] == oaxaca_plan.state.slug]
    assert len(rows) == 17
    assert next(x for x in rows if x["goal"] == 16)["tagged"] == 2
    assert Client().get("/api/sdg/matrix?phase=999").status_code == 404
