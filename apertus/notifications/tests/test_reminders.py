"""Reminders from other apps ("your working table is tomorrow"): each one once, whatever the runs."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from apertus.notifications import reminders
from apertus.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(reminders, "_PROVIDERS", [])
    return reminders


def test_reminders_are_sent_once_however_often_the_command_runs(
    registry, make_person, django_capture_on_commit_callbacks
):
    ana, beto = make_person("Ana"), make_person("Beto")
    seen = []

    @registry.register_reminder
    def tables_tomorrow(now):
        seen.append(now)
        yield (
            [ana, beto],
            "table_tomorrow",
            "Mañana: mesa de trabajo de agua",
            "A las 10:00 en el Congreso.",
            "/mesas/1/",
            "table-tomorrow:1",
        )

    registry.register_reminder(tables_tomorrow)  # registering twice is harmless
    for _ in range(2):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=out)
    assert len(seen) == 2
    assert "notificaciones nuevas: 0" in out.getvalue()
    assert Notification.objects.filter(event="table_tomorrow").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ana.email, beto.email])


def test_a_failing_provider_does_not_stop_the_others(registry, make_person):
    ana = make_person("Ana")

    def broken(now):
        raise RuntimeError("la base de mesas no responde")

    def fine(now):  # the dict form may also name a target
        return [
            {
                "recipients": [ana],
                "event": "table_tomorrow",
                "title": "Mañana: mesa",
                "dedupe_key": "t:2",
                "target": ana,
            }
        ]

    registry.register_reminder(broken)
    registry.register_reminder(fine)
    run = registry.run_reminders()
    assert run.created == 1 and len(run.errors) == 1 and "broken" in run.errors[0]
    assert Notification.objects.get().target == ana
    with pytest.raises(CommandError):
        call_command("send_reminders", stdout=StringIO())
