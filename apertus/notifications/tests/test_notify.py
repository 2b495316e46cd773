"""The messenger: one row per person, never the actor, never twice, e-mail only after commit."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction

from apertus.notifications import delivery
from apertus.notifications.models import EmailState, Notification
from apertus.notifications.services import notify, site_path
from apertus.notifications.tasks import send_immediate

pytestmark = pytest.mark.django_db


def _notify(recipients, key="evento:1", **extra):
    args = {
        "event": "proposal_response",
        "title": "Tu propuesta tiene respuesta",
        "body": "La incorporamos.",
        "url": "/participa/propuestas/1/",
        "dedupe_key": key,
    }
    args.update(extra)
    return notify(recipients=recipients, **args)


def test_one_row_per_recipient_never_the_actor_nor_inactive(make_person, django_capture_on_commit_callbacks):
    ana, beto, actor, inactive = (make_person(n) for n in ["Ana", "Beto", "Actora", "Inactiva"])
    inactive.is_active = False
    inactive.save()
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify([ana, beto, beto.pk, actor, inactive], actor=actor, target=ana)
    assert created == 2
    rows = Notification.objects.order_by("recipient_id")
    assert [n.recipient_id for n in rows] == [ana.pk, beto.pk]
    assert all(n.actor_id == actor.pk and n.target == ana and n.email_state == EmailState.SENT for n in rows)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ana.email, beto.email])


def test_the_email_is_spanish_plain_text_with_a_link_and_no_secret(make_person, django_capture_on_commit_callbacks):
    ana = make_person("Ana")
    with django_capture_on_commit_callbacks(execute=True):
        _notify([ana])
    [message] = mail.outbox
    assert message.subject == "Apertus: Tu propuesta tiene respuesta"
    assert message.body.startswith("Hola, Ana:")
    assert f"{settings.SITE_URL}/participa/propuestas/1/" in message.body
    assert f"{settings.SITE_URL}/notificaciones/preferencias/" in message.body
    assert message.content_subtype == "plain" and "<" not in message.body
    assert settings.SECRET_KEY not in message.body and "contraseña" not in message.body.lower()


def test_the_same_event_twice_notifies_and_emails_each_person_once(make_person, django_capture_on_commit_callbacks):
    ana, beto = make_person("Ana"), make_person("Beto")
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([ana]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([ana, beto]) == 1  # only Beto is new
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([ana, beto]) == 0
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ana.email, beto.email])


def test_nothing_is_sent_before_commit_and_nothing_at_all_after_a_rollback(
    make_person, django_capture_on_commit_callbacks
):
    ana = make_person("Ana")
    with django_capture_on_commit_callbacks(execute=True):
        _notify([ana])
        assert mail.outbox == []  # still inside the caller's transaction
    assert len(mail.outbox) == 1
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            _notify([ana], key="evento:2")
            raise RuntimeError("the caller's write failed")
    assert callbacks == [] and len(mail.outbox) == 1
    assert not Notification.objects.filter(dedupe_key="evento:2").exists()


def test_one_task_per_call_and_a_repeated_task_sends_nothing_more(make_person, django_capture_on_commit_callbacks):
    people = [make_person() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify(people)
    assert len(callbacks) == 1  # one task for the whole call
    callbacks[0]()
    assert len(mail.outbox) == 3
    batch = Notification.objects.first().batch
    send_immediate.enqueue("evento:1", batch)  # a retried or duplicated task
    assert delivery.send_immediate_now("evento:1", batch) == 0
    assert len(mail.outbox) == 3


def test_bad_calls_are_refused(make_person):
    ana = make_person()
    with pytest.raises(ValueError):
        _notify([ana], event="no_existe")
    with pytest.raises(ValueError):
        _notify([ana], key="")
    assert _notify([]) == 0


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("/planes/oaxaca/1/", "/planes/oaxaca/1/"),
        (f"{settings.SITE_URL}/estados/oaxaca/", "/estados/oaxaca/"),
        ("javascript:alert(1)", ""),
        ("https://malo.example/", ""),
        ("//malo.example/", ""),
        ("/\\malo.example", ""),
        ("/a b", ""),
    ],
)
def test_links_stay_on_this_site(url, kept):
    assert site_path(url) == kept


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise OSError("SMTP caído")


def test_a_failed_email_goes_back_to_pending_and_the_daily_run_retries_it(
    make_person, monkeypatch, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    ana = make_person("Ana")
    monkeypatch.setattr(delivery.mail, "get_connection", lambda *a, **k: FailingBackend())
    with django_capture_on_commit_callbacks(execute=True):
        _notify([ana])
    with pytest.raises(delivery.DeliveryError):  # what the worker records as the task's failure
        delivery.send_immediate_now("evento:1", Notification.objects.get().batch)
    row = Notification.objects.get()
    assert row.email_state == EmailState.PENDING and row.emailed_at is None and mail.outbox == []
    monkeypatch.undo()
    delivery.send_digests_now(now=timezone.now() + delivery.RETRY_AFTER + timedelta(seconds=1))
    row.refresh_from_db()
    assert row.email_state == EmailState.SENT and [m.to for m in mail.outbox] == [[ana.email]]
