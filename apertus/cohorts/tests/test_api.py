"""The indicators and public profiles through the API: the same numbers, the same protection."""

from apertus.core.testing import assert_matrix, everyone


def test_indicators_of_a_cohort_as_json(client, example):
    response = client.get("/api/program/indicators/2017")
    assert response.status_code == 200
    data = response.json()
    assert data["cohort"] == 2017 and data["small_group_threshold"] == 3 and data["provisional"] is False
    assert data["applicants"]["total"] == 20 and data["fellows"]["total"] == 16
    assert {g["key"]: g["count"] for g in data["fellows"]["by_gender"]} == {
        "mujer": 7,
        "hombre": 7,
        "no_binaria": 1,
        "no_declarado": 1,
    }
    assert {s["key"]: s["count"] for s in data["fellows"]["by_sector"]}["organo_garante"] == 6
    rows = {r["code"]: r for r in data["fellows"]["by_state_and_gender"]}
    assert rows["26"]["total"] == 7
    assert rows["26"]["cells"][0] == {"gender": "mujer", "value": 3, "suppressed": False}
    # A hidden cell carries no number at all, not even the real one.
    assert rows["20"]["cells"][0] == {"gender": "mujer", "value": None, "suppressed": True}
    completion = {r["key"]: r for r in data["completion"]["by_gender"]}
    assert completion["mujer"] == {
        "key": "mujer",
        "label": "Mujer",
        "base": 7,
        "hits": 5,
        "percent": 71.4,
        "suppressed": False,
    }
    assert completion["no_binaria"]["hits"] is None and completion["no_binaria"]["percent"] is None
    assert data["passing"]["total"]["percent"] == 37.5 and data["certificates"] == 5
    for person in example.people.values():
        assert person.email.encode() not in response.content


def test_indicators_of_every_cohort_and_unknown_ones(people, example, client):
    assert client.get("/api/program/indicators").json()["fellows"]["total"] == 19 + 1  # the fixture's Oaxaca fellow
    assert_matrix(
        people,
        {
            ("GET", "/api/program/indicators"): everyone(200),
            ("GET", "/api/program/indicators/2017"): everyone(200),
            ("GET", "/api/program/indicators/1999"): everyone(404),
            ("GET", "/api/program/fellows"): everyone(200),
        },
    )
