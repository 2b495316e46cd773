"""Capacity under concurrent registrations, with real threads and real transactions.

Needs PostgreSQL (``DATABASE_URL=postgres://…``): there, ``select_for_update`` on the table's row
is what keeps the count right. SQLite lets one writer in at a time (IMMEDIATE transactions), and
its shared in-memory test database cannot run writers in parallel threads, so the test is skipped.
The data is committed (other threads must see it) and removed afterwards.
"""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apertus.accounts.models import User
from apertus.accounts.services import user_create
from apertus.plans.models import ActionPlan, PlanStatus
from apertus.tables import services
from apertus.tables.models import Registration, RegistrationStatus, WorkingTable
from apertus.territories.models import State

needs_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")

PEOPLE = 12
CAPACITY = 5


@pytest.fixture
def committed_table(django_db_setup, django_db_blocker):
    # django_db_setup: the test database (with its reference data), never the real one.
    with django_db_blocker.unblock():
        plan = ActionPlan.objects.create(
            state=State.objects.get(code="20"),
            edition=99,
            title="Plan de concurrencia",
            period_start=date(2030, 1, 1),
            period_end=date(2031, 1, 1),
            status=PlanStatus.COCREATION,
        )
        starts = timezone.now() + timedelta(days=2)
        table = services.table_create(
            actor=None,
            plan=plan,
            title="Mesa concurrida",
            place="Sala",
            capacity=CAPACITY,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
        people = [user_create(email=f"hilo{i}@ejemplo.mx", password=None) for i in range(PEOPLE)]
        try:
            yield table, people
        finally:
            User.objects.filter(pk__in=[p.pk for p in people]).delete()
            WorkingTable.history.filter(id=table.pk).delete()
            table.delete()
            ActionPlan.history.filter(id=plan.pk).delete()
            ActionPlan.all_objects.filter(pk=plan.pk).delete()


def _in_threads(work, args_list):
    barrier = threading.Barrier(len(args_list))
    errors = []

    def run(*args):
        try:
            barrier.wait()
            work(*args)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_registering_locks_the_table_row(table):
    """What the threaded tests rely on, on every database."""
    person = user_create(email="cerrojo@ejemplo.mx", password=None)
    with CaptureQueriesContext(connection) as ctx:
        services.registration_create(actor=person, table=table)
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in q["sql"] for q in ctx.captured_queries)
    else:  # SQLite: writers take the database lock when their transaction begins
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@needs_postgresql
def test_capacity_holds_under_concurrent_registrations(committed_table):
    table, people = committed_table
    _in_threads(lambda person: services.registration_create(actor=person, table=table), [(p,) for p in people])
    registrations = Registration.objects.filter(table=table)
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == CAPACITY
    waiting = sorted(
        registrations.filter(status=RegistrationStatus.WAITLIST).values_list("waitlist_position", flat=True)
    )
    assert waiting == list(range(1, PEOPLE - CAPACITY + 1))


@needs_postgresql
def test_concurrent_double_clicks_register_once(committed_table):
    table, people = committed_table
    _in_threads(lambda person: services.registration_create(actor=person, table=table), [(people[0],)] * 6)
    assert Registration.objects.filter(table=table, user=people[0]).count() == 1


@needs_postgresql
def test_concurrent_cancellations_promote_each_waiting_person_once(committed_table):
    table, people = committed_table
    for person in people:
        services.registration_create(actor=person, table=table)
    seated = list(Registration.objects.filter(table=table, status=RegistrationStatus.CONFIRMED))
    _in_threads(lambda r: services.registration_cancel(actor=r.user, registration=r), [(r,) for r in seated])
    registrations = Registration.objects.filter(table=table)
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == CAPACITY
    waiting = sorted(
        registrations.filter(status=RegistrationStatus.WAITLIST).values_list("waitlist_position", flat=True)
    )
    assert waiting == list(range(1, PEOPLE - 2 * CAPACITY + 1))
