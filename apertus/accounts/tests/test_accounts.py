import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from apertus.accounts.models import Role, RoleAssignment, User
from apertus.accounts.rules import is_stl_member_of_state
from apertus.accounts.services import role_assign, role_revoke, user_create, user_disable
from apertus.core.permissions import has_perm
from apertus.territories.models import State

PASSWORD = "contraseña-de-prueba-1"


def login(client, email, password=PASSWORD):
    return client.post("/cuentas/login/", {"login": email, "password": password})


def test_email_is_the_login_and_is_unique(db):
    user_create(email="Ana@Ejemplo.MX", password=PASSWORD)
    assert User.objects.filter(email="ana@ejemplo.mx").exists()
    with pytest.raises(ValidationError):
        user_create(email="ana@ejemplo.mx", password=PASSWORD)


def test_roles_are_scoped_to_their_state(people):
    oaxaca, sonora = State.objects.get(code="20"), State.objects.get(code="26")
    assert is_stl_member_of_state(people["stl_oaxaca"], oaxaca)
    assert not is_stl_member_of_state(people["stl_oaxaca"], sonora)
    assert not is_stl_member_of_state(people["citizen"], oaxaca)


def test_only_coordinators_assign_roles(people):
    with pytest.raises(PermissionDenied):
        role_assign(actor=people["stl_oaxaca"], user=people["citizen"], role=Role.COORDINATOR)
    assert not RoleAssignment.objects.filter(user=people["citizen"]).exists()
    assignment = role_assign(actor=people["coordinator"], user=people["citizen"], role=Role.MONITOR)
    # the change is attributed in the role's history
    assert assignment.history.first().history_user == people["coordinator"]


def test_coordinator_role_grants_admin_and_revoking_removes_it(people):
    user = people["citizen"]
    assignment = role_assign(actor=people["coordinator"], user=user, role=Role.COORDINATOR)
    user.refresh_from_db()
    assert user.is_staff
    role_revoke(actor=people["coordinator"], assignment=assignment)
    user.refresh_from_db()
    assert not user.is_staff


def test_assigning_the_same_role_twice_keeps_one(people):
    oaxaca = State.objects.get(code="20")
    again = role_assign(actor=people["coordinator"], user=people["stl_oaxaca"], role=Role.STL_MEMBER, state=oaxaca)
    assert RoleAssignment.objects.filter(user=people["stl_oaxaca"], role=Role.STL_MEMBER).count() == 1
    assert again.user == people["stl_oaxaca"]


def test_login_is_rate_limited(db, settings):
    user_create(email="ana@ejemplo.mx", password=PASSWORD)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "ana@ejemplo.mx", "equivocada")
    blocked = login(client, "ana@ejemplo.mx", PASSWORD)  # even the right password is refused now
    assert blocked.status_code == 429
    assert "Demasiados intentos" in blocked.content.decode()


def test_password_reset_sends_a_link_never_a_password(db):
    user_create(email="ana@ejemplo.mx", password=PASSWORD)
    response = Client().post("/cuentas/password/reset/", {"email": "ana@ejemplo.mx"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert PASSWORD not in body
    link = re.search(r"https?://\S+/cuentas/password/reset/key/\S+", body)
    assert link, body


def test_disabling_an_account_ends_its_sessions(people):
    target = people["citizen"]
    their_browser = Client()
    assert login(their_browser, target.email).status_code == 302
    assert their_browser.get("/").context["user"].is_authenticated
    user_disable(actor=people["coordinator"], user=target)
    assert not their_browser.get("/").context["user"].is_authenticated
    # and they cannot log back in: the right password leads to the "account inactive" page
    again = Client()
    assert login(again, target.email)["Location"] == "/cuentas/inactive/"
    assert not again.get("/").context["user"].is_authenticated


def test_only_coordinators_disable_and_not_themselves(people):
    with pytest.raises(PermissionDenied):
        user_disable(actor=people["stl_oaxaca"], user=people["citizen"])
    with pytest.raises(PermissionDenied):
        user_disable(actor=people["coordinator"], user=people["coordinator"])
    people["citizen"].refresh_from_db()
    assert people["citizen"].is_active


def test_passwords_are_hashed_never_stored(db):
    user = user_create(email="ana@ejemplo.mx", password=PASSWORD)
    assert PASSWORD not in user.password
    assert has_perm(user, "accounts.view_profile", user)


def test_a_failed_login_opens_with_an_error_summary_that_takes_focus(db):
    user_create(email="resumen@ejemplo.mx", password=PASSWORD)
    page = login(Client(), "resumen@ejemplo.mx", "no-es-la-contraseña").content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', page, re.S)
    assert summary, "no error summary"
    opening = re.search(r'<div class="error-summary"[^>]*>', page).group(0)
    assert 'role="alert"' in opening and "autofocus" in opening and 'tabindex="-1"' in opening
    assert "Revisa el formulario" in summary.group(1) and "<li>" in summary.group(1)
    assert "error-summary" not in login(Client(), "resumen@ejemplo.mx").content.decode()  # signed in: redirect
