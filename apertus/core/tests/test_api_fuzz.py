"""A bounded schemathesis run over the whole published API, anonymous and with a token.

Every operation of /api/openapi.json gets generated requests through the WSGI application,
in-process; each answer is checked by schemathesis: no server error, a documented status code,
a body and headers that match the schema. ``EXAMPLES`` bounds the run (well under a minute of
CPU). Failures of every operation are collected, so one run lists them all.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from apertus.accounts.tokens import token_create

# Operations that take an opaque, signed value (a page cursor): a schema can say it is a string, not
# that it must be one the API signed, so a well-formed but forged cursor is rightly refused (400).
OPAQUE = {"/api/commitments", "/api/proposals"}

EXAMPLES = 10
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls through the WSGI application fire request_finished, which closes an old database
    connection: the test's, inside its transaction (PostgreSQL). Django's test client unhooks it
    for the same reason."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def fuzz(headers: dict) -> list[str]:
    from apertus.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        excluded = [positive_data_acceptance] if operation.path in OPAQUE else []

        @given(case=operation.as_strategy())
        @BOUNDED
        def run(case):
            case.call_and_validate(headers=headers, excluded_checks=excluded)  # noqa: B023 (called at once)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 (each operation's failure is reported, then the next runs)
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert operations > 40  # the whole API was reached, not an empty schema
    return failures


@pytest.mark.django_db
def test_anonymous_requests_never_err_and_keep_the_schema():
    failures = fuzz({})
    assert not failures, "\n\n".join(failures)


def test_requests_with_a_token_never_err_and_keep_the_schema(people):
    _, raw = token_create(user=people["stl_oaxaca"], name="fuzz")
    failures = fuzz({"Authorization": f"Bearer {raw}"})
    assert not failures, "\n\n".join(failures)
