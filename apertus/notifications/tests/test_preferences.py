"""Each person's preferences: never, daily digest, silenced events, and the preferences page."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from apertus.core.testing import client_for
from apertus.notifications import delivery
from apertus.notifications.events import optional_events
from apertus.notifications.models import EmailState, Notification, Preference
from apertus.notifications.services import notify, preference_update

pytestmark = pytest.mark.django_db


def _notify(recipients, key, event="followed_progress", title="Avance en el compromiso"):
    return notify(
        event=event, recipients=recipients, title=title, body=f"Detalle de {key}", url=f"/planes/{key}/", dedupe_key=key
    )


def test_never_by_email_keeps_the_in_app_notification(make_person, django_capture_on_commit_callbacks):
    nunca, apagado = make_person(frequency="nunca"), make_person(email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _notify([nunca, apagado], "avance:1") == 2
    assert callbacks == []  # nothing to e-mail: no task at all
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SKIPPED}
    assert mail.outbox == []


def test_daily_people_get_one_digest_with_every_item_and_only_once(make_person, django_capture_on_commit_callbacks):
    diaria, inmediata = make_person("Dora", frequency="diaria"), make_person("Iris")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            _notify([diaria, inmediata], f"avance:{n}", title=f"Avance número {n}")
    assert [m.to for m in mail.outbox] == [[inmediata.email]] * 3  # no immediate e-mail for Dora
    mail.outbox.clear()

    assert delivery.send_digests_now() == 1
    [digest] = mail.outbox
    assert digest.to == [diaria.email]
    assert "3 avisos" in digest.subject
    for n in range(3):
        assert f"Avance número {n}" in digest.body and f"/planes/avance:{n}/" in digest.body
    assert set(Notification.objects.filter(recipient=diaria).values_list("email_state", flat=True)) == {
        EmailState.DIGEST
    }

    assert delivery.send_digests_now() == 0  # a second run (or a retried task) sends nothing
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "Resúmenes enviados: 0" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_digest_leaves_old_news_unsent_and_follows_a_changed_mind(make_person):
    dora, nico = make_person("Dora", frequency="diaria"), make_person("Nico", frequency="diaria")
    _notify([dora, nico], "viejo")
    Notification.objects.update(created_at=timezone.now() - delivery.MAX_AGE - timedelta(hours=1))
    _notify([dora, nico], "nuevo")
    Preference.objects.filter(user=nico).update(frequency="nunca")
    assert delivery.send_digests_now() == 1
    [digest] = mail.outbox
    assert digest.to == [dora.email] and "nuevo" in digest.body and "viejo" not in digest.body
    states = dict(Notification.objects.filter(recipient=dora).values_list("dedupe_key", "email_state"))
    assert states == {"viejo": EmailState.SKIPPED, "nuevo": EmailState.DIGEST}
    assert set(Notification.objects.filter(recipient=nico).values_list("email_state", flat=True)) == {
        EmailState.SKIPPED
    }


def test_a_silenced_event_creates_nothing_but_moderation_notices_always_arrive(make_person):
    """Decision: silencing an event removes it everywhere (no in-app row either), except moderation."""
    callado = make_person(muted=["followed_progress", "moderation"])
    assert _notify([callado], "avance:1") == 0
    assert _notify([callado], "moderacion:1", event="moderation") == 1
    assert list(Notification.objects.values_list("event", flat=True)) == ["moderation"]
    with pytest.raises(ValidationError):
        preference_update(
            actor=callado, user=callado, email_enabled=True, frequency="diaria", muted_events=["moderation"]
        )


def test_the_preferences_page_saves_what_the_person_chose(make_person):
    ana = make_person("Ana")
    client = client_for(ana)
    html = client.get("/notificaciones/preferencias/").content.decode()
    assert "Respuestas razonadas a mis propuestas" in html and 'value="inmediata"' in html
    assert 'value="moderation"' not in html  # cannot be silenced, so not offered
    response = client.post(
        "/notificaciones/preferencias/",
        {"email_enabled": "on", "frequency": "diaria", "events": ["proposal_response", "table_tomorrow"]},
    )
    assert response.status_code == 302
    preference = Preference.objects.get(user=ana)
    assert preference.frequency == "diaria" and preference.email_enabled
    unchecked = {e.name for e in optional_events()} - {"proposal_response", "table_tomorrow"}
    assert {"comment_reply", "followed_progress"} <= unchecked
    assert preference.muted_events == sorted(unchecked)
    assert client.post("/notificaciones/preferencias/", {"frequency": "cada-hora"}).status_code == 200
    assert Preference.objects.get(user=ana).frequency == "diaria"


def test_preferences_belong_to_their_owner(make_person, client):
    ana, beto = make_person("Ana"), make_person("Beto")
    with pytest.raises(PermissionDenied):
        preference_update(actor=beto, user=ana, email_enabled=False, frequency="nunca")
    assert client.get("/notificaciones/preferencias/").status_code == 302  # to the log-in page


def test_a_person_can_download_what_is_kept_and_it_goes_with_the_account(make_person):
    from apertus.accounts.personal_data import personal_data_for
    from apertus.accounts.services import account_delete
    from apertus.notifications.services import follow
    from apertus.territories.models import State

    ana = make_person("Ana", frequency="diaria")
    follow(user=ana, obj=State.objects.get(code="20"))
    _notify([ana], "avance:1")
    data = personal_data_for(ana)["datos"]["notificaciones"]
    assert data["preferencias"]["frecuencia"] == "diaria"
    assert [f["modelo"] for f in data["sigue"]] == ["territories.state"]
    assert [n["titulo"] for n in data["notificaciones"]] == ["Avance en el compromiso"]
    account_delete(user=ana)
    assert not Notification.objects.filter(recipient=ana).exists()
    assert not Preference.objects.filter(user=ana).exists() and not ana.follows.exists()
    assert _notify([ana], "avance:2") == 0  # the anonymised account hears nothing more
