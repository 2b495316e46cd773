"""Hostile API input gets a 4xx, never a 500; the published description has unique names and every answer."""

import pytest
from django.test import Client

from apertus.accounts.tokens import token_create

HOSTILE = [
    "/api/documents/?offset=9223372036854775808",
    "/api/documents/?limit=9223372036854775808",
    "/api/documents/?state=%00",
    "/api/documents/?kind=a%00b",
    "/api/plans/?offset=-9223372036854775809",
    "/api/plans/9223372036854775808",
    "/api/plans/commitments/99999999999999999999999/milestones",
    "/api/states/?q=" + "x" * 600,
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_query_parameters_get_422(db, url):
    response = Client().get(url)
    assert response.status_code == 422, (url, response.status_code, response.content[:300])
    assert "detail" in response.json()


def test_ordinary_parameters_still_work(db):
    assert Client().get("/api/documents/?offset=0&limit=5&state=20").status_code == 200
    assert Client().get("/api/states/").status_code == 200


def test_a_nul_byte_in_a_json_body_is_refused_before_the_database(people):
    _, raw = token_create(user=people["stl_oaxaca"], name="t")
    response = Client().post(
        "/api/plans/milestones/1/progress",
        {"progress": 1, "status": "en_proceso", "note": "a\x00b", "version": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 422


def test_schema_names_are_unique_and_answers_documented(db):
    schema = Client().get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    # Two apps once both named a schema PhaseOut (and DocumentOut); one silently replaced the other.
    assert "year" in components["PhaseOut"]["properties"]
    assert "sha256" in components["DocumentOut"]["properties"]
    assert "url" in components["StlDocumentOut"]["properties"]
    assert "ProcessPhaseOut" in components
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "422" in operation["responses"], (method, path)
            if "{" in path:
                assert "404" in operation["responses"], (method, path)
