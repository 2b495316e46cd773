"""Private messages stay inside a cohort: offered only to its people, re-checked by the server, rate-limited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apertus.accounts.models import RoleAssignment
from apertus.accounts.selectors import forget_roles
from apertus.core.testing import assert_inert, client_for
from apertus.forums import selectors, services
from apertus.forums.models import Conversation, Message
from apertus.forums.tests.conftest import HOSTILE, timeline
from apertus.notifications.models import Notification
from apertus.program.models import ProgramPhase


def test_the_recipient_chooser_offers_only_people_of_the_same_cohort(people, cohort):
    allowed = set(selectors.allowed_recipients(people["fellow_oaxaca"], cohort["phase"]))
    assert {cohort["fellow_sonora"], people["facilitator"], people["coordinator"]} <= allowed
    for outsider in (
        cohort["fellow_2018"],
        people["citizen"],
        people["stl_oaxaca"],
        people["advisor"],
        people["monitor"],
        people["fellow_oaxaca"],
    ):
        assert outsider not in allowed
    html = client_for(people["fellow_oaxaca"]).get("/foros/2017/mensajes/nuevo/").content.decode()
    assert cohort["fellow_sonora"].public_name in html
    assert cohort["fellow_2018"].public_name not in html and "@test.apertus.mx" not in html


def test_a_2018_fellow_cannot_message_a_2017_fellow(people, cohort):
    fellow_2018, fellow_2017 = cohort["fellow_2018"], people["fellow_oaxaca"]
    phase_2018 = ProgramPhase.objects.get(number=2)
    for phase in (cohort["phase"], phase_2018):
        with pytest.raises(PermissionDenied):
            services.conversation_start(
                actor=fellow_2018, phase=phase, recipient=fellow_2017, subject="Hola", body="Hola"
            )
    client = client_for(fellow_2018)
    data = {"recipient": fellow_2017.pk, "subject": "Hola", "body": "Hola"}
    assert client.post("/foros/2017/mensajes/nuevo/", data).status_code == 403
    forged = client.post("/foros/2018/mensajes/nuevo/", data)  # a recipient the chooser never offered
    assert forged.status_code == 400
    assert not Conversation.objects.exists() and not Message.objects.exists()


def test_a_citizen_cannot_message_anyone(people, cohort):
    for recipient in (people["fellow_oaxaca"], people["coordinator"], people["facilitator"]):
        with pytest.raises(PermissionDenied):
            services.conversation_start(
                actor=people["citizen"], phase=cohort["phase"], recipient=recipient, subject="Hola", body="Hola"
            )
        response = client_for(people["citizen"]).post(
            "/foros/2017/mensajes/nuevo/", {"recipient": recipient.pk, "subject": "Hola", "body": "Hola"}
        )
        assert response.status_code == 403
    assert not Conversation.objects.exists()


def test_a_conversation_is_seen_only_by_its_members_and_text_stays_inert(people, cohort):
    client = client_for(people["fellow_oaxaca"])
    response = client.post(
        "/foros/2017/mensajes/nuevo/", {"recipient": cohort["fellow_sonora"].pk, "subject": "Proyecto", "body": HOSTILE}
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == conversation.get_absolute_url()
    url = conversation.get_absolute_url()
    for outsider in ("citizen", "coordinator", "facilitator"):
        assert client_for(people[outsider]).get(url).status_code == 404, outsider
        assert client_for(people[outsider]).post(url, {"body": "Hola"}).status_code == 404, outsider
    reader = client_for(cohort["fellow_sonora"])
    html = reader.get(url).content.decode()
    assert_inert(timeline(html))
    assert "&lt;script&gt;" in html
    # The recipient was told, without the text.
    notification = Notification.objects.get(recipient=cohort["fellow_sonora"], event="private_message")
    assert "Proyecto" in notification.title and "script" not in notification.title + notification.body
    assert reader.post(url, {"body": "Respuesta"}).status_code == 302
    assert Message.objects.filter(conversation=conversation).count() == 2
    inbox = client.get("/foros/mensajes/").content.decode()
    assert "Proyecto" in inbox and "Sin leer" in inbox


def test_a_reply_is_refused_once_the_other_person_left_the_cohort(people, cohort):
    conversation = services.conversation_start(
        actor=people["fellow_oaxaca"],
        phase=cohort["phase"],
        recipient=cohort["fellow_sonora"],
        subject="Hola",
        body="Hola",
    )
    RoleAssignment.objects.filter(user=cohort["fellow_sonora"]).update(
        ends_on=timezone.localdate() - timedelta(days=1), starts_on=timezone.localdate() - timedelta(days=2)
    )
    forget_roles(cohort["fellow_sonora"])
    with pytest.raises(PermissionDenied):
        services.message_reply(actor=people["fellow_oaxaca"], conversation=conversation, body="¿Sigues?")


def test_sending_is_rate_limited(people, cohort, settings):
    settings.FORUMS_RATE_LIMITS = {"message": (3, 600)}
    client = client_for(people["fellow_oaxaca"])
    data = {"recipient": people["facilitator"].pk, "subject": "Duda", "body": "¿Me ayudas?"}
    statuses = [client.post("/foros/2017/mensajes/nuevo/", data).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Conversation.objects.count() == 3
    # Someone else is not affected.
    assert (
        client_for(people["coordinator"])
        .post("/foros/2017/mensajes/nuevo/", {**data, "recipient": people["fellow_oaxaca"].pk})
        .status_code
        == 302
    )
