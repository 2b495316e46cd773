"""Concurrent clicks on "Apoyar": one support per person, counted from the table, with real threads.

The threads need committed data and their own connections, so this test runs outside the usual
per-test transaction (``transactional_db``). Django empties the database after such a test; the
``reference_data_restored`` fixture, set up before ``transactional_db`` and so torn down after its
flush, loads the reference data back for the tests that follow in this process.
"""

import threading

import pytest
from django.db import connection, connections

from apertus.accounts.services import user_create
from apertus.core.testing import reference_data_ensure
from apertus.participation import services
from apertus.participation.models import Proposal, Support
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan

from .conftest import build_process, propose

THREADS = 10


@pytest.fixture
def reference_data_restored(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        reference_data_ensure()


def _in_parallel(calls) -> list[BaseException]:
    """Run every call at the same moment, each in its own thread with its own database connection."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def test_concurrent_supports_count_once_per_person(reference_data_restored, transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "an in-memory SQLite test database shares one cache between connections and answers "
            "'database table is locked' instead of waiting: give DATABASES['default']['TEST']['NAME'] a file, "
            "or run on PostgreSQL"
        )
    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    process = build_process(plan)
    author = user_create(email="autora@test.apertus.mx", password=None)
    people = [user_create(email=f"persona{i}@test.apertus.mx", password=None) for i in range(THREADS)]
    same, different = (
        propose(process, author, title="La misma persona"),
        propose(process, author, title="Diez personas"),
    )

    errors = _in_parallel([lambda: services.support_add(actor=people[0], proposal=same) for _ in range(THREADS)])
    errors += _in_parallel([lambda u=u: services.support_add(actor=u, proposal=different) for u in people])

    assert errors == []
    assert Support.objects.filter(proposal=same).count() == 1
    assert Proposal.objects.get(pk=same.pk).support_count == 1
    assert Support.objects.filter(proposal=different).count() == THREADS
    assert Proposal.objects.get(pk=different.pk).support_count == THREADS

    # and withdrawing concurrently leaves the stored count equal to the table
    errors = _in_parallel([lambda u=u: services.support_withdraw(actor=u, proposal=different) for u in people[:5]])
    assert errors == []
    assert (
        Proposal.objects.get(pk=different.pk).support_count == Support.objects.filter(proposal=different).count() == 5
    )
