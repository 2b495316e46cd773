"""A person's own data: profile editing, download (ARCO access) and account deletion (cancellation)."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.test import Client

from apertus.accounts import personal_data
from apertus.accounts.models import ApiToken, PrivacyConsent, Role, RoleAssignment, User
from apertus.accounts.privacy import NOTICE_VERSION
from apertus.accounts.services import privacy_consent_record, profile_update, role_assign
from apertus.accounts.tokens import token_create
from apertus.core.history import change_log
from apertus.core.permissions import has_perm
from apertus.core.testing import client_for
from apertus.territories.models import State

PASSWORD = "contraseña-de-prueba-1"


def test_profile_edit_saves_and_checks_the_municipality(people):
    user = people["citizen"]
    oaxaca, sonora = State.objects.get(code="20"), State.objects.get(code="26")
    client = client_for(user)
    assert client.get("/mi-cuenta/perfil/").status_code == 200
    town = oaxaca.municipalities.first()
    response = client.post(
        "/mi-cuenta/perfil/",
        {
            "first_name": "Ciro",
            "last_name": "Nava",
            "state": oaxaca.pk,
            "municipality": town.pk,
            "sector": "",
            "organization_name": "",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.last_name, user.state, user.municipality) == ("Nava", oaxaca, town)

    bad = client.post(
        "/mi-cuenta/perfil/",
        {
            "first_name": "Ciro",
            "last_name": "Otro",
            "state": oaxaca.pk,
            "municipality": sonora.municipalities.first().pk,
        },
    )
    assert bad.status_code == 400
    user.refresh_from_db()
    assert user.last_name == "Nava"
    # the service refuses it too, whoever calls it
    with pytest.raises(ValidationError):
        profile_update(
            actor=user,
            user=user,
            first_name="C",
            last_name="N",
            state=oaxaca,
            municipality=sonora.municipalities.first(),
        )
    assert Client().get("/mi-cuenta/perfil/").status_code == 302


def test_nobody_edits_someone_elses_profile_but_coordination(people):
    from django.core.exceptions import PermissionDenied

    target = people["citizen"]
    with pytest.raises(PermissionDenied):
        profile_update(actor=people["stl_oaxaca"], user=target, first_name="X", last_name="Y", state=None)


def test_my_data_download_has_everything_of_mine_and_nothing_of_others(people, monkeypatch):
    me, other = people["stl_oaxaca"], people["stl_sonora"]
    privacy_consent_record(user=me, ip="203.0.113.9")
    token, raw = token_create(user=me, name="Hoja del STL")
    token_create(user=other, name="Token ajeno")
    monkeypatch.setitem(personal_data._PROVIDERS, "prueba_otra_app", lambda user: {"propuestas": [user.pk]})

    response = client_for(me).get("/mi-cuenta/datos.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    text = response.content.decode()
    data = json.loads(text)["datos"]
    assert data["cuenta"]["correo"] == me.email and data["cuenta"]["entidad"] == "Oaxaca"
    assert [r["rol"] for r in data["roles"]] == [Role.STL_MEMBER]
    assert data["consentimientos_de_privacidad"][0]["version"]
    assert data["correos"] == [{"correo": me.email, "verificado": True, "principal": True}]
    assert [t["nombre"] for t in data["tokens_api"]] == ["Hoja del STL"]
    assert data["prueba_otra_app"] == {"propuestas": [me.pk]}  # other apps' registered parts are included
    # never secrets, never other people
    for secret in (raw, token.key_hash, token.prefix, me.password, "203.0.113.9"):
        assert secret not in text
    assert other.email not in text and "Token ajeno" not in text


def test_own_data_and_deletion_are_for_the_person_only(people):
    citizen = people["citizen"]
    assert has_perm(citizen, "accounts.download_data", citizen)
    assert has_perm(citizen, "accounts.delete_account", citizen)
    for role in ("coordinator", "stl_oaxaca", "applicant"):
        assert not has_perm(people[role], "accounts.download_data", citizen)
        assert not has_perm(people[role], "accounts.delete_account", citizen)
    anonymous = Client()
    assert anonymous.get("/mi-cuenta/datos.json").status_code == 302
    assert anonymous.post("/mi-cuenta/eliminar/", {"password": PASSWORD, "confirm": "on"}).status_code == 302
    # someone else's password does not delete my account, nor theirs from my session
    mine = client_for(citizen)
    assert mine.post("/mi-cuenta/eliminar/", {"password": "contraseña-equivocada", "confirm": "on"}).status_code == 400
    citizen.refresh_from_db()
    assert citizen.is_active and citizen.first_name == "Citizen"
    people["coordinator"].refresh_from_db()
    assert people["coordinator"].is_active


def test_deleting_my_account_anonymises_it_ends_sessions_and_keeps_contributions(people, monkeypatch):
    me = people["coordinator"]
    old_email = me.email
    privacy_consent_record(user=me, ip="203.0.113.9")
    token_create(user=me, name="Mi token")
    # a contribution: a role I assigned, whose public history names me
    assignment = role_assign(actor=me, user=people["citizen"], role=Role.MONITOR)
    assert change_log(assignment)[0].who == me.public_name
    removed = []
    monkeypatch.setattr(personal_data, "_DELETION_HOOKS", [removed.append])

    other_browser = Client()
    assert other_browser.post("/cuentas/login/", {"login": old_email, "password": PASSWORD}).status_code == 302
    assert other_browser.get("/").context["user"].is_authenticated

    client = client_for(me)
    assert client.get("/mi-cuenta/eliminar/").status_code == 200
    unconfirmed = client.post("/mi-cuenta/eliminar/", {"password": PASSWORD})
    assert unconfirmed.status_code == 400
    response = client.post("/mi-cuenta/eliminar/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    me.refresh_from_db()
    assert me.public_name == "Persona eliminada" and me.last_name == ""
    assert me.email.startswith("eliminada-") and me.email.endswith("@cuenta.invalid") and old_email != me.email
    assert not me.has_usable_password() and not me.is_active and not me.is_staff
    assert me.state is None and me.sector == "" and me.organization_name == ""
    assert not EmailAddress.objects.filter(user=me).exists() and not ApiToken.objects.filter(user=me).exists()
    assert not EmailAddress.objects.filter(email=old_email).exists()
    assert not RoleAssignment.objects.filter(user=me, ends_on__isnull=True).exists()
    consent = PrivacyConsent.objects.get(user=me)
    assert consent.revoked_at is not None and consent.ip_hash == ""
    assert removed == [me]
    # sessions are over, here and elsewhere, and the old credentials open nothing
    assert not client.get("/").context["user"].is_authenticated
    assert not other_browser.get("/").context["user"].is_authenticated
    again = Client()
    again.post("/cuentas/login/", {"login": old_email, "password": PASSWORD})
    assert not again.get("/").context["user"].is_authenticated
    # the contribution stays, anonymised
    assignment.refresh_from_db()
    assert change_log(assignment)[0].who == "Persona eliminada"
    assert User.objects.filter(pk=me.pk).exists()


def test_my_account_page_links_profile_data_and_deletion(people):
    privacy_consent_record(user=people["citizen"])
    html = client_for(people["citizen"]).get("/mi-cuenta/").content.decode()
    assert re.search(r"<title>Mi cuenta · Apertus</title>", html)
    main = html[html.index("<main") : html.index("</main>")]  # the footer links the privacy notice on every page
    for url in ("/mi-cuenta/perfil/", "/mi-cuenta/datos.json", "/mi-cuenta/eliminar/", "/privacidad/"):
        assert main.count(f'href="{url}"') == 1
    assert "Aceptaste el aviso de privacidad" in html
    assert "/mi-cuenta/aviso-de-privacidad/aceptar/" not in html  # nothing to accept


def test_people_without_a_consent_to_the_current_notice_can_give_it(people):
    person = people["applicant"]  # created before any consent, like accounts made by an administrator
    client = client_for(person)
    html = client.get("/mi-cuenta/").content.decode()
    assert "No tenemos registro" in html and 'action="/mi-cuenta/aviso-de-privacidad/aceptar/"' in html
    assert client.get("/mi-cuenta/aviso-de-privacidad/aceptar/").status_code == 405
    for _ in range(2):
        assert client.post("/mi-cuenta/aviso-de-privacidad/aceptar/").status_code == 302
    assert PrivacyConsent.objects.filter(user=person, notice_version=NOTICE_VERSION).count() == 1
    assert 'action="/mi-cuenta/aviso-de-privacidad/aceptar/"' not in client.get("/mi-cuenta/").content.decode()
