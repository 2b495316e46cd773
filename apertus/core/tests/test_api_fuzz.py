"""A bounded schemathesis run over the whole published API, anonymous and with a token.

Every operation of /api/openapi.json gets generated requests through the WSGI application,
in-process; each answer is checked by schemathesis: no server error, a documented status code,
a body and headers that match the schema. ``EXAMPLES`` bounds the run (well under a minute of
CPU). Each generated request is sent twice, anonymously and with a token (generating it is about
as costly as answering it). Failures of every operation are collected, so one run lists them all.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

from apertus.accounts.tokens import token_create

# Operations that take an opaque, signed value (a page cursor): a schema can say it is a string, not
# that it must be one the API signed, so a well-formed but forged cursor is rightly refused (400).
OPAQUE = {"/api/commitments", "/api/proposals"}

EXAMPLES = 10
# The examples are drawn from this seed, the same for every operation: it is the one derandomize took
# from the source of the function that sent them when each caller had a run of its own, so the merged
# run sends the very requests those two runs sent (and an edit of this file does not change them).
SEED = (
    5548633532952501652683474399323545132536868283522449729122350052499463975826950735647219990839997129183542232808008
)
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


def fuzz(callers: dict[str, dict]) -> dict[str, list[str]]:
    """Each generated request of each operation, sent once with each caller's headers; the failures,
    by caller."""
    from apertus.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    failures: dict[str, list[str]] = {who: [] for who in callers}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        excluded = [positive_data_acceptance] if operation.path in OPAQUE else []
        failed: dict[str, Exception] = {}

        @given(case=operation.as_strategy())
        @BOUNDED
        @seed(SEED)
        def run(case):
            for who, headers in callers.items():  # noqa: B023 (called at once)
                if who in failed:  # noqa: B023
                    continue  # this caller's first failure is reported; the others go on
                try:
                    case.call_and_validate(headers=headers, excluded_checks=excluded)  # noqa: B023
                except (Exception, FailureGroup) as exc:  # noqa: BLE001 (FailureGroup: several checks failed)
                    failed[who] = exc  # noqa: B023

        try:
            run()
        except (Exception, FailureGroup) as exc:  # noqa: BLE001 (hypothesis itself gave up on this operation: every caller's failure)
            for who in callers:
                failed.setdefault(who, exc)
        for who, exc in failed.items():
            failures[who].append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert operations > 40  # the whole API was reached, not an empty schema
    return failures


@pytest.mark.slow
def test_requests_anonymous_or_with_a_token_never_err_and_keep_the_schema(people):
    _, raw = token_create(user=people["stl_oaxaca"], name="fuzz")
    failures = fuzz({"anonymous": {}, "with a token": {"Authorization": f"Bearer {raw}"}})
    for who in ("anonymous", "with a token"):
        assert not failures[who], f"{who}:\n\n" + "\n\n".join(failures[who])
