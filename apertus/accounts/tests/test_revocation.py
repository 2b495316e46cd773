"""Ending a role ends its powers at once; a new password or a lost role ends the API tokens."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from apertus.accounts.models import ApiToken, Role, RoleAssignment, User
from apertus.accounts.selectors import has_role
from apertus.accounts.services import email_mark_verified, role_assign, role_end, role_revoke
from apertus.accounts.tokens import token_create, user_for_token
from apertus.core.permissions import has_perm
from apertus.core.testing import client_for
from apertus.territories.models import State

PASSWORD = "contraseña-de-prueba-1"


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def test_a_role_ended_today_stops_counting_at_once(people):
    from apertus.stl.services import stl_create

    oaxaca = State.objects.get(code="20")
    stl_create(actor=None, state=oaxaca)
    person = people["stl_oaxaca"]
    browser = client_for(person)
    assert browser.get(f"/stl/{oaxaca.slug}/gestion/").status_code == 200
    assignment = RoleAssignment.objects.get(user=person, role=Role.STL_MEMBER)
    role_end(actor=people["coordinator"], assignment=assignment, ends_on=timezone.localdate())
    assert not has_role(fresh(person), Role.STL_MEMBER, state_id=oaxaca.pk)
    assert not has_perm(fresh(person), "stl.change_stl", oaxaca)
    assert browser.get(f"/stl/{oaxaca.slug}/gestion/").status_code in (403, 404)


def test_a_role_ended_on_a_later_day_holds_until_then(people):
    person = people["fellow_oaxaca"]
    assignment = RoleAssignment.objects.get(user=person, role=Role.FELLOW)
    role_end(actor=people["coordinator"], assignment=assignment, ends_on=timezone.localdate() + timedelta(days=3))
    assert has_role(fresh(person), Role.FELLOW)


def test_revoking_a_role_ends_it_now(people):
    person = people["citizen"]
    assignment = role_assign(actor=people["coordinator"], user=person, role=Role.MONITOR)
    assert has_role(fresh(person), Role.MONITOR)
    role_revoke(actor=people["coordinator"], assignment=assignment)
    assert not has_role(fresh(person), Role.MONITOR)
    assert not has_role(person, Role.MONITOR)  # the instance the service was given forgets its roles too


def test_a_new_password_revokes_every_api_token(people):
    person = people["stl_oaxaca"]
    email_mark_verified(user=person)
    person.set_password(PASSWORD)
    person.save()
    _, raw = token_create(user=person, name="Hoja")
    assert user_for_token(raw) == person
    browser = Client()
    browser.force_login(person, backend="apertus.accounts.backends.AuthenticationBackend")
    changed = browser.post(
        "/cuentas/password/change/",
        {"oldpassword": PASSWORD, "password1": "otra-clave-larga-77", "password2": "otra-clave-larga-77"},
    )
    assert changed.status_code == 302, changed.content
    assert user_for_token(raw) is None
    assert ApiToken.objects.get(user=person).revoked_at is not None


def test_losing_a_role_revokes_the_api_tokens(people):
    person = people["stl_oaxaca"]
    _, raw = token_create(user=person, name="Hoja")
    assignment = RoleAssignment.objects.get(user=person, role=Role.STL_MEMBER)
    role_end(actor=people["coordinator"], assignment=assignment, ends_on=timezone.localdate())
    assert user_for_token(raw) is None
    # a role ending later leaves the tokens alone until then
    other = people["fellow_oaxaca"]
    _, kept = token_create(user=other, name="t")
    role_end(
        actor=people["coordinator"],
        assignment=RoleAssignment.objects.get(user=other, role=Role.FELLOW),
        ends_on=timezone.localdate() + timedelta(days=2),
    )
    assert user_for_token(kept) == other


def test_ending_a_role_in_the_admin_ends_it_now(people):
    person = people["stl_oaxaca"]
    _, raw = token_create(user=person, name="Hoja")
    assignment = RoleAssignment.objects.get(user=person, role=Role.STL_MEMBER)
    admin = client_for(people["coordinator"])
    page = admin.get(f"/admin/accounts/user/{person.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update({"state": person.state_id or "", "date_joined_0": "", "is_active": "on"})
    prefix = "roles"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-id": assignment.pk,
            f"{prefix}-0-user": person.pk,
            f"{prefix}-0-role": assignment.role,
            f"{prefix}-0-state": assignment.state_id or "",
            f"{prefix}-0-starts_on": assignment.starts_on.isoformat(),
            f"{prefix}-0-ends_on": timezone.localdate().isoformat(),
            f"{prefix}-0-sector": assignment.sector,
            f"{prefix}-0-phase": "",
            f"{prefix}-0-organization": "",
        }
    )
    data = {k: v for k, v in data.items() if k not in {"date_joined", "last_login"}}
    admin.post(f"/admin/accounts/user/{person.pk}/change/", data)
    assignment.refresh_from_db()
    assert assignment.ends_on == timezone.localdate() and assignment.ended_at is not None
    assert not has_role(fresh(person), Role.STL_MEMBER)
    assert user_for_token(raw) is None
