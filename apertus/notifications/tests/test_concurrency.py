"""The same event notified by two requests at the same moment, and its e-mail task run twice at once:
one row and one e-mail per person."""

import threading
import time

import pytest
from django.core import mail
from django.db import OperationalError, connections, transaction

from apertus.notifications import delivery, services
from apertus.notifications.models import EmailState, Notification


def _as_the_database_would(fn):
    """Retry while the test database says "locked".

    The in-memory SQLite test database (shared cache) reports a lock at once, where a real
    server waits (PostgreSQL; SQLite files have a busy timeout). Retrying the whole transaction
    is that wait; what is tested is what the concurrent calls leave behind.
    """
    for _attempt in range(500):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


def _at_once(calls) -> tuple[list, list]:
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            results.append(_as_the_database_would(call))
        except Exception as exc:  # reported by the test, with the thread's own error
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_notify_and_duplicated_tasks_send_each_person_one_email(make_person, monkeypatch):
    people = [make_person(f"Persona {n}") for n in range(3)]
    queued = []
    # Keep the e-mail tasks instead of running them inline, to run them below, twice and at once.
    monkeypatch.setattr(services, "_enqueue_immediate", lambda key, batch: queued.append((key, batch)))

    def request():
        with transaction.atomic():
            return services.notify(
                event="proposal_response",
                recipients=people,
                title="Respuesta a tu propuesta",
                url="/participa/1/",
                dedupe_key="proposal-response:1",
            )

    results, errors = _at_once([request, request])
    assert errors == []
    assert sorted(results) == [0, 3]  # one request created the three rows, the other nothing
    assert Notification.objects.count() == 3
    assert queued == [("proposal-response:1", Notification.objects.first().batch)]  # one task, for the winner

    sent, errors = _at_once([lambda: delivery.send_immediate_now(*queued[0])] * 2)
    assert errors == [] and sorted(sent) in ([0, 3], [1, 2])  # split however, never doubled
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
