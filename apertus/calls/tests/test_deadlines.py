"""Deadlines are enforced on the server: before opening, while open, after closing, extended."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apertus.calls import selectors, services
from apertus.calls.models import Application, Call
from apertus.core.testing import client_for

from .conftest import build_call, close, fill_application, make_applicant


def test_call_is_open_is_the_one_rule():
    now = timezone.now()
    call = Call(is_published=True, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1))
    assert selectors.call_is_open(call, now)
    assert not selectors.call_is_open(call, now - timedelta(days=2))  # before opening
    assert not selectors.call_is_open(call, call.closes_at)  # the closing instant is already closed
    assert not selectors.call_is_open(call, now + timedelta(days=2))  # after closing
    call.extended_until = now + timedelta(days=3)
    assert selectors.call_is_open(call, now + timedelta(days=2))  # extended
    assert not selectors.call_is_open(call, now + timedelta(days=3))
    call.is_published = False
    assert not selectors.call_is_open(call, now)  # drafts accept nothing


def test_services_refuse_every_write_outside_the_window(db):
    upcoming = build_call("proxima", opens_in=2, closes_in=20)
    user = make_applicant("a@test.apertus.mx")
    with pytest.raises(ValidationError, match="aún no abre"):
        services.application_start(actor=user, call=upcoming)
    assert not Application.objects.exists()

    call = build_call("abierta")
    application = fill_application(user, call, submit=False)
    close(call)
    for write in (
        lambda: services.application_update(actor=user, application=application, motives="Cambio tardío"),
        lambda: services.cv_entry_add(actor=user, application=application, section="language", title="Inglés"),
        lambda: services.cv_entry_delete(actor=user, entry=application.cv_entries.first()),
        lambda: services.application_consent(actor=user, application=application, accepted=False),
        lambda: services.application_submit(actor=user, application=application),
    ):
        with pytest.raises(ValidationError, match="cerró"):
            write()
    application.refresh_from_db()
    assert (application.motives, application.status, application.cv_entries.count()) == (
        "Quiero abrir el gobierno de mi estado.",
        "borrador",
        2,
    )
    late = make_applicant("b@test.apertus.mx")
    with pytest.raises(ValidationError):
        services.application_start(actor=late, call=call)

    # Coordination extends the deadline: the same writes are accepted again, until the new close.
    coordinator = make_applicant("coord@test.apertus.mx")
    from apertus.accounts.services import role_assign

    role_assign(actor=None, user=coordinator, role="coordinator")
    services.call_extend_deadline(
        actor=coordinator,
        call=call,
        until=timezone.now() + timedelta(days=2),
        reason="Falla del servidor el último día",
    )
    services.application_submit(actor=user, application=application)
    assert Application.objects.get(pk=application.pk).status == "enviada"
    assert services.application_start(actor=late, call=call).pk


def test_only_coordination_extends_and_the_reason_stays_in_the_history(db, people):
    call = close(build_call())
    until = timezone.now() + timedelta(days=5)
    with pytest.raises(PermissionDenied):
        services.call_extend_deadline(actor=people["applicant"], call=call, until=until, reason="Porque sí")
    with pytest.raises(ValidationError):
        services.call_extend_deadline(actor=people["coordinator"], call=call, until=until, reason="  ")
    with pytest.raises(ValidationError):  # an "extension" to the past
        services.call_extend_deadline(
            actor=people["coordinator"], call=call, until=timezone.now() - timedelta(hours=1), reason="Error"
        )
    services.call_extend_deadline(actor=people["coordinator"], call=call, until=until, reason="Sismo en Oaxaca")
    latest = call.history.first()
    assert latest.history_user == people["coordinator"] and "Sismo en Oaxaca" in latest.history_change_reason
    assert call.history.count() == 2  # creation and the extension


def test_views_enforce_the_deadline_and_the_extension(db, people):
    user = make_applicant("vista@test.apertus.mx")
    call = build_call()
    application = fill_application(user, call, submit=False)
    close(call)
    client = client_for(user)
    response = client.post(
        f"/convocatorias/{call.slug}/solicitud/motivos/", {"motives": "Texto nuevo después del cierre"}
    )
    assert response.status_code == 200 and "cerró" in response.content.decode()
    response = client.post(f"/convocatorias/{call.slug}/solicitud/enviar/", follow=True)
    assert "cerró" in response.content.decode()
    application.refresh_from_db()
    assert application.motives == "Quiero abrir el gobierno de mi estado." and application.status == "borrador"
    # The step page is read-only: no form to post.
    page = client.get(f"/convocatorias/{call.slug}/solicitud/motivos/").content.decode()
    assert 'name="motives"' not in page

    # Extension through coordination's page.
    coordinator = client_for(people["coordinator"])
    until = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(f"/convocatorias/{call.slug}/gestion/plazo/", {"until": until, "reason": "x"}).status_code == 403
    response = coordinator.post(f"/convocatorias/{call.slug}/gestion/plazo/", {"until": until, "reason": "Lluvias"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert (
        call.extended_until is not None
        and "Lluvias" in coordinator.get(f"/convocatorias/{call.slug}/gestion/").content.decode()
    )
    client.post(f"/convocatorias/{call.slug}/solicitud/motivos/", {"motives": "Texto durante la prórroga"})
    client.post(f"/convocatorias/{call.slug}/solicitud/enviar/")
    application.refresh_from_db()
    assert application.motives == "Texto durante la prórroga" and application.status == "enviada"
