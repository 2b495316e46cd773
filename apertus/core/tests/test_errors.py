"""A database that is down answers 503 with Retry-After and a plain page, then recovers by itself."""

from unittest import mock

import pytest
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.test import Client

from apertus.core.errors import RETRY_AFTER_SECONDS, database_unavailable
from apertus.core.testing import client_for

pytestmark = pytest.mark.django_db


def database_down(exc_class=OperationalError):
    # Every query needs a connection first: failing there is what a stopped server looks like.
    return mock.patch.object(
        connection,
        "ensure_connection",
        side_effect=exc_class("connection to server at 127.0.0.1 failed: Connection refused"),
    )


@pytest.mark.parametrize("exc_class", [OperationalError, InterfaceError])
@pytest.mark.parametrize("path", ["/", "/planes/", "/participa/"])
def test_pages_answer_503_while_the_database_is_down(exc_class, path):
    client = Client(raise_request_exception=False)
    with database_down(exc_class):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Volvemos en unos segundos" in html and "Back in a few seconds" in html
    assert "Traceback" not in html and "OperationalError" not in html and "Connection refused" not in html


def test_signed_in_person_gets_503_too_and_the_site_recovers(people):
    """The session and the user are read from the database in middleware, before any view runs."""
    client = client_for(people["stl_oaxaca"])
    client.raise_request_exception = False
    assert client.get("/notificaciones/").status_code == 200
    with database_down():
        down = client.get("/notificaciones/")
    assert down.status_code == 503
    assert client.get("/notificaciones/").status_code == 200


def test_api_answers_json_503():
    client = Client(raise_request_exception=False)
    with database_down():
        response = client.get("/api/program/phases")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Service temporarily unavailable")
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


def test_other_database_errors_stay_500_without_a_traceback():
    client = Client(raise_request_exception=False)
    with mock.patch.object(connection, "ensure_connection", side_effect=DatabaseError("syntax error at or near")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "syntax error" not in response.content.decode() and "Traceback" not in response.content.decode()


def test_cause_chain_is_followed():
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as inner:
            raise RuntimeError("while rendering") from inner
    except RuntimeError as outer:
        assert database_unavailable(outer)
    assert not database_unavailable(ValueError("x"))
    assert not database_unavailable(None)
