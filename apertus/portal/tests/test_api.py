def test_openapi_is_3_1_and_documented(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/states/" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_states_endpoint(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        states = client.get("/api/states/").json()
    assert len(states) == 32
    oaxaca = next(s for s in states if s["code"] == "20")
    assert oaxaca["phase_year"] == 2017 and oaxaca["slug"] == "oaxaca"
    assert client.get("/api/states/oaxaca").json()["population"] == oaxaca["population"]
    assert client.get("/api/states/atlantida").status_code == 404


def test_lists_paginate(client, db):
    page = client.get("/api/states/oaxaca/municipalities?limit=10&offset=0").json()
    assert page["count"] == 570 and len(page["items"]) == 10
    assert client.get("/api/terms/sdg_target?limit=5&offset=165").json()["items"][-1]["code"] == "17.19"
    assert client.get("/api/states/oaxaca/municipalities?limit=100000").status_code in (200, 422)
    assert len(client.get("/api/states/oaxaca/municipalities?limit=100000").json().get("items", [])) <= 500


def test_bad_input_gets_clear_errors(client, db):
    assert client.get("/api/terms/nada").status_code == 404
    assert client.get("/api/states/oaxaca/municipalities?limit=abc").status_code == 422
    assert client.post("/api/states/").status_code == 405


def test_program_endpoints(client, db):
    phases = client.get("/api/program/phases").json()
    assert [p["year"] for p in phases] == [2017, 2018]
    assert len(phases[0]["states"]) == 5 and len(phases[1]["states"]) == 10
    assert len(client.get("/api/program/partners").json()) == 6
    orgs = client.get("/api/organizations/?type=organo_garante&limit=100").json()
    # the 32 state guarantor bodies, plus INAI, the national one
    assert orgs["count"] == 33
    assert sum(1 for o in orgs["items"] if o["state_code"]) == 32
