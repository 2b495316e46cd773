"""Selection with quotas in view, confirmation (once), messages (once), results and open data."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment
from apertus.calls import services
from apertus.calls.models import Application, Quota
from apertus.core.testing import client_for
from apertus.notifications.models import Notification

from .conftest import build_call, close, fill_application, make_applicant, scored_call

PEOPLE = [  # state, gender, sector
    ("20", "mujer", "sociedad_civil"),
    ("20", "hombre", "gobierno"),
    ("26", "mujer", "academia"),
    ("26", "no_binaria", "sociedad_civil"),
    ("08", "prefiero_no_decir", "organo_garante"),
]


@pytest.fixture
def closed(db):
    call = build_call("seleccion-2017")
    apps = [
        fill_application(
            make_applicant(f"p{i}@test.apertus.mx", first=f"Persona{i}"), call, state_code=s, gender=g, sector=sec
        )
        for i, (s, g, sec) in enumerate(PEOPLE)
    ]
    close(call)
    for app in apps[:-1]:
        services.proof_check(actor=None, application=app, valid=True)
    services.proof_check(actor=None, application=apps[-1], valid=False, reason="Ilegible")
    Quota.objects.create(call=call, dimension="gender", key="mujer", target=2)
    Quota.objects.create(call=call, dimension="state", key="26", target=1)
    return call, apps


def test_quotas_are_visible_while_selecting(closed, people):
    call, apps = closed
    coordinator = client_for(people["coordinator"])
    url = f"/convocatorias/{call.slug}/gestion/seleccion/"
    for app in apps[:3]:
        assert coordinator.post(f"{url}{app.pk}/", {"selected": "1", "reason": "Sin puntajes aún"}).status_code == 302
    page = coordinator.get(url).content.decode()
    assert "Seleccionadas: 3 de 17 lugares." in page  # 4 × 4 states + 1 for Sonora
    state_table = page[page.index('data-testid="quota-state"') : page.index('data-testid="quota-gender"')]
    assert '<th scope="row">Oaxaca</th><td class="num">2</td><td class="num">4' in state_table
    assert '<th scope="row">Sonora</th><td class="num">1</td><td class="num">1 ✓' in state_table
    gender_table = page[page.index('data-testid="quota-gender"') : page.index('data-testid="quota-sector"')]
    assert '<th scope="row">Mujer</th><td class="num">2</td><td class="num">2 ✓' in gender_table
    assert '<th scope="row">Hombre</th><td class="num">1</td><td class="num">—' in gender_table
    assert "Persona4" not in page  # an invalid proof is not a candidate
    with pytest.raises(ValidationError, match="comprobante válido"):
        services.application_select(actor=people["coordinator"], application=apps[-1], selected=True)


def test_confirmation_promotes_once_and_tells_everyone_once(closed, people):
    call, apps = closed
    coordinator = people["coordinator"]
    with pytest.raises(ValidationError, match="No hay personas seleccionadas"):
        services.selection_confirm(actor=coordinator, call=call)
    for app in apps[:2]:
        services.application_select(actor=coordinator, application=app, selected=True)
    outcome = services.selection_confirm(actor=coordinator, call=call)
    assert (outcome.accepted, outcome.not_selected, outcome.notified) == (2, 3, 5)
    fellows = RoleAssignment.objects.filter(role=Role.FELLOW, phase=call.phase).exclude(user=people["fellow_oaxaca"])
    assert sorted((f.user_id, f.state.code, f.sector) for f in fellows) == sorted(
        (a.applicant_id, a.state.code, a.sector) for a in apps[:2]
    )
    results = dict(Application.objects.filter(call=call).values_list("pk", "result"))
    assert [results[a.pk] for a in apps] == [
        "aceptada",
        "aceptada",
        "no_seleccionada",
        "no_seleccionada",
        "no_seleccionada",
    ]
    accepted = Notification.objects.filter(event="selection_result", recipient__in=[a.applicant for a in apps[:2]])
    assert accepted.count() == 2 and all("seleccionad" in n.title for n in accepted)
    assert Notification.objects.filter(event="selection_result").count() == 5

    # Twice: refused, and nothing more happens.
    with pytest.raises(ValidationError, match="ya se confirmó"):
        services.selection_confirm(actor=coordinator, call=call)
    response = client_for(coordinator).post(f"/convocatorias/{call.slug}/gestion/confirmar/", follow=True)
    assert "ya se confirmó" in response.content.decode()
    assert fellows.count() == 2 and Notification.objects.filter(event="selection_result").count() == 5
    with pytest.raises(ValidationError):  # and the selection is frozen
        services.application_select(actor=coordinator, application=apps[2], selected=True)
    with pytest.raises(ValidationError):
        services.call_update(actor=coordinator, call=call, evaluation_weight=0.5, interview_weight=0.5)


def test_results_are_published_with_names_and_states_only(closed, people, client):
    call, apps = closed
    for app in apps[:2]:
        services.application_select(actor=None, application=app, selected=True)
    assert client.get(f"/convocatorias/{call.slug}/resultados/").status_code == 404
    with pytest.raises(ValidationError):
        services.results_publish(actor=None, call=call)
    services.selection_confirm(actor=None, call=call)
    assert client.get(f"/api/calls/{call.slug}/results").status_code == 404
    services.results_publish(actor=people["coordinator"], call=call)
    page = client.get(f"/convocatorias/{call.slug}/resultados/").content.decode()
    assert "Persona0" in page and "Persona1" in page and "Persona2" not in page
    assert "@test.apertus.mx" not in page and "Mujer" not in page
    api = client.get(f"/api/calls/{call.slug}/results").json()
    assert api["count"] == 2 and set(api["items"][0]) == {"name", "state_code", "state"}
    text = b"".join(client.get("/datos/convocatoria-resultados.csv").streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["nombre"] for r in rows) == ["Persona0 Aspirante", "Persona1 Aspirante"]
    assert set(rows[0]) == {"convocatoria", "convocatoria_nombre", "generacion", "nombre", "clave_entidad", "entidad"}


def test_reminders_reach_unsent_applications_once_before_the_deadline(db):
    call = build_call("recordatorios", closes_in=2)
    far = build_call("lejana", closes_in=20)
    draft = fill_application(make_applicant("borrador@test.apertus.mx"), call, submit=False, proof=False)
    fill_application(make_applicant("enviada@test.apertus.mx"), call)
    fill_application(make_applicant("lejos@test.apertus.mx"), far, submit=False)
    call_command("send_call_reminders", stdout=io.StringIO())
    call_command("send_call_reminders", stdout=io.StringIO())
    reminders = Notification.objects.filter(event="call_reminder")
    assert list(reminders.values_list("recipient_id", flat=True)) == [draft.applicant_id]
    assert "Comprobante de domicilio" in reminders.get().body and "87 %" in reminders.get().body
    # The other call is reached with a wider window; an extension earns a new reminder.
    call_command("send_call_reminders", "--days", "30", stdout=io.StringIO())
    assert reminders.count() == 2
    services.call_extend_deadline(
        actor=None, call=call, until=timezone.now() + timedelta(days=2, hours=12), reason="Prórroga"
    )
    call_command("send_call_reminders", stdout=io.StringIO())
    assert reminders.filter(recipient=draft.applicant).count() == 2
    close(call)
    call_command("send_call_reminders", "--days", "30", stdout=io.StringIO())
    assert reminders.count() == 3


def test_account_deletion_removes_proofs_and_unselected_applications(closed, django_capture_on_commit_callbacks):
    import os

    from apertus.accounts.personal_data import personal_data_for
    from apertus.accounts.services import account_delete
    from apertus.documents.models import Document

    call, apps = closed
    services.application_select(actor=None, application=apps[0], selected=True)
    services.selection_confirm(actor=None, call=call)
    kept, gone = apps[0], apps[1]
    data = personal_data_for(kept.applicant)["datos"]["convocatorias"]
    assert data[0]["exposicion_de_motivos"] == kept.motives and len(data[0]["curriculum"]) == 2
    files_before = [kept.proof.file.path, gone.proof.file.path]
    for app in (kept, gone):
        account_delete(user=app.applicant)
    assert not any(os.path.exists(path) for path in files_before)
    assert not Document.objects.filter(pk__in=[kept.proof_id, gone.proof_id]).exists()
    assert not Application.objects.filter(pk=gone.pk).exists()
    kept.refresh_from_db()
    assert (kept.result, kept.motives, kept.proof_id, kept.cv_entries.count()) == ("aceptada", "", None, 0)


def test_the_page_proposes_a_selection_that_meets_quotas_and_the_committee_adjusts_with_reasons(db, people):
    # One seat per state; Oaxaca's best is a man, and the call asks for two women.
    call, apps = scored_call(
        "propuesta",
        [
            ("20", "hombre", 10),
            ("20", "mujer", 8),
            ("26", "mujer", 6),
            ("08", "hombre", 4),
            ("17", "hombre", 3),
            ("19", "hombre", 2),
        ],
    )
    Quota.objects.create(call=call, dimension="gender", key="mujer", target=2)
    coordinator = client_for(people["coordinator"])
    url = f"/convocatorias/{call.slug}/gestion/seleccion/"
    page = coordinator.get(url).content.decode()
    top_man, oaxaca_woman, sonora_woman = apps[:3]
    cell = page[page.index(f'data-testid="proposal-{top_man.pk}"') :]
    assert "se reservan para cumplir la cuota: Mujer" in cell[: cell.index("</td>")]
    assert coordinator.post(f"{url}aplicar-propuesta/").status_code == 302
    chosen = set(Application.objects.filter(call=call, selected=True).values_list("pk", flat=True))
    assert chosen == {oaxaca_woman.pk, sonora_woman.pk, apps[3].pk, apps[4].pk, apps[5].pk}
    # Departing from the proposal needs a reason, which the history keeps with who decided.
    coordinator.post(f"{url}{top_man.pk}/", {"selected": "1", "reason": ""})
    assert not Application.objects.get(pk=top_man.pk).selected
    coordinator.post(f"{url}{top_man.pk}/", {"selected": "1", "reason": "Trayectoria excepcional"})
    record = Application.history.filter(id=top_man.pk).order_by("-history_date").first()
    assert record.selected and record.history_change_reason == "Trayectoria excepcional"
    assert record.history_user == people["coordinator"]
    assert "se aparta de la propuesta en 1 solicitud" in coordinator.get(url).content.decode()
    services.selection_confirm(actor=people["coordinator"], call=call)
    call.refresh_from_db()
    assert call.selection_confirmed_by == people["coordinator"]
    assert "Decidió: Coordinator Prueba" in coordinator.get(url).content.decode()
