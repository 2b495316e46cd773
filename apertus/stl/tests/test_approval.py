"""A seat proposed by an STL member gives nothing until coordination or a second member approves it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment
from apertus.accounts.services import email_mark_verified, user_create
from apertus.core.permissions import has_perm
from apertus.core.testing import assert_matrix, client_for, only
from apertus.plans.tests.conftest import build_plan
from apertus.stl import services
from apertus.stl.models import Member, MemberStatus
from apertus.stl.selectors import stl_health


def _account(email: str):
    user = user_create(email=email, password="contraseña-de-prueba-1", first_name="Nueva", last_name="Persona")
    email_mark_verified(user=user)
    return user


def _second_member(oaxaca):
    """Another STL member of Oaxaca, seated by coordination (so already approved)."""
    person = _account("segunda.integrante@test.apertus.mx")
    services.member_add(
        actor=None,
        stl=oaxaca["stl"],
        person=person,
        organization=oaxaca["members"]["sociedad_civil"].organization,
        sector="sociedad_civil",
    )
    return person


def _propose(people, oaxaca, *, email="", name="Persona propuesta", proposer=None):
    return services.member_add(
        actor=proposer or people["stl_oaxaca"],
        stl=oaxaca["stl"],
        email=email,
        display_name=name,
        organization=oaxaca["members"]["gobierno"].organization,
        sector="gobierno",
    )


def _post_add(client, oaxaca, email, name="Persona propuesta"):
    return client.post(
        "/stl/oaxaca/gestion/integrantes/nuevo/",
        {
            "display_name": name,
            "email": email,
            "organization": oaxaca["members"]["gobierno"].organization_id,
            "sector": "gobierno",
            "role": "representante",
            "start_date": timezone.localdate().isoformat(),
        },
        follow=True,
    )


def test_a_freshly_granted_member_cannot_edit_the_plan_until_approved(people, oaxaca):
    plan = build_plan("20")
    citizen = people["citizen"]
    edit_url = f"/planes/oaxaca/{plan.edition}/editar/"
    assert client_for(citizen).get(edit_url).status_code == 403
    response = _post_add(client_for(people["stl_oaxaca"]), oaxaca, citizen.email, citizen.public_name)
    assert response.status_code == 200
    member = Member.objects.get(stl=oaxaca["stl"], display_name=citizen.public_name)
    assert member.status == MemberStatus.PENDING and member.person is None
    # Pending: no role, no STL powers anywhere, not counted, not public.
    assert not RoleAssignment.objects.filter(user=citizen, role=Role.STL_MEMBER).exists()
    assert client_for(citizen).get(edit_url).status_code == 403
    assert client_for(citizen).get("/stl/oaxaca/gestion/").status_code == 403
    assert not has_perm(citizen, "plans.change_plan", plan)
    assert citizen.public_name not in client_for(None).get("/stl/oaxaca/").content.decode()
    assert citizen.public_name not in client_for(None).get("/api/stl/oaxaca").content.decode()

    second = _second_member(oaxaca)
    response = client_for(second).post(f"/stl/oaxaca/gestion/integrantes/{member.pk}/aprobar/")
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.status, member.person, member.decided_by) == (MemberStatus.APPROVED, citizen, second)
    assert client_for(citizen).get(edit_url).status_code == 200
    assert citizen.public_name in client_for(None).get("/stl/oaxaca/").content.decode()


def test_a_pending_seat_does_not_fill_a_sector(people, oaxaca):
    services.member_end(actor=None, member=oaxaca["members"]["organo_garante"], end_date=timezone.localdate())
    today = timezone.localdate() + timezone.timedelta(days=1)
    assert stl_health(oaxaca["stl"], today).sectors_without_active_member == ["organo_garante"]
    services.member_add(
        actor=people["stl_oaxaca"],
        stl=oaxaca["stl"],
        display_name="Garante propuesta",
        organization=oaxaca["members"]["organo_garante"].organization,
        sector="organo_garante",
    )
    assert stl_health(oaxaca["stl"], today).sectors_without_active_member == ["organo_garante"]


def test_nobody_approves_a_seat_they_proposed_or_hold(people, oaxaca):
    citizen = people["citizen"]
    proposed = _propose(people, oaxaca, email="otra.persona@example.org")
    with pytest.raises(PermissionDenied):
        services.member_approve(actor=people["stl_oaxaca"], member=proposed)
    assert (
        client_for(people["stl_oaxaca"]).post(f"/stl/oaxaca/gestion/integrantes/{proposed.pk}/aprobar/").status_code
        == 403
    )

    # The person a seat is for may not approve it either, even as an STL member (of another seat).
    services.member_add(
        actor=None,
        stl=oaxaca["stl"],
        person=citizen,
        organization=oaxaca["members"]["sociedad_civil"].organization,
        sector="sociedad_civil",
    )
    own = _propose(people, oaxaca, email=citizen.email.upper(), name="La misma persona")
    with pytest.raises(PermissionDenied):
        services.member_approve(actor=citizen, member=own)
    with pytest.raises(PermissionDenied):
        services.member_reject(actor=citizen, member=own, reason="No quiero")
    assert client_for(citizen).post(f"/stl/oaxaca/gestion/integrantes/{own.pk}/aprobar/").status_code == 403
    own.refresh_from_db()
    proposed.refresh_from_db()
    assert own.status == proposed.status == MemberStatus.PENDING
    # Another member's seat: the citizen, now a member who neither proposed nor holds it, may approve it.
    services.member_approve(actor=citizen, member=proposed)
    proposed.refresh_from_db()
    assert proposed.status == MemberStatus.APPROVED


def test_coordination_approves_and_seats_directly(people, oaxaca):
    citizen = people["citizen"]
    pending = _propose(people, oaxaca, email=citizen.email)
    services.member_approve(actor=people["coordinator"], member=pending)
    pending.refresh_from_db()
    assert (pending.status, pending.person, pending.decided_by) == (
        MemberStatus.APPROVED,
        citizen,
        people["coordinator"],
    )
    assert pending.role_assignment.user == citizen and pending.role_assignment.state == oaxaca["state"]
    assert has_perm(citizen, "stl.change_stl", oaxaca["stl"])
    with pytest.raises(ValidationError):
        services.member_approve(actor=people["coordinator"], member=pending)  # decided once
    direct = _propose(people, oaxaca, name="Sentada por coordinación", proposer=people["coordinator"])
    assert direct.status == MemberStatus.APPROVED and direct.decided_by == people["coordinator"]


def test_reject_records_a_reason_and_gives_nothing(people, oaxaca):
    citizen = people["citizen"]
    pending = _propose(people, oaxaca, email=citizen.email)
    client = client_for(people["stl_oaxaca"])  # the proposer may withdraw it
    url = f"/stl/oaxaca/gestion/integrantes/{pending.pk}/rechazar/"
    assert client.post(url, {"rejection_reason": "  "}).status_code == 400
    assert client.post(url, {"rejection_reason": "Propuesta duplicada"}).status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.rejection_reason, pending.decided_by) == (
        MemberStatus.REJECTED,
        "Propuesta duplicada",
        people["stl_oaxaca"],
    )
    assert pending.person is None and not RoleAssignment.objects.filter(user=citizen).exists()
    assert client.post(url, {"rejection_reason": "Otra vez"}).status_code == 409
    assert (
        client_for(people["coordinator"]).post(f"/stl/oaxaca/gestion/integrantes/{pending.pk}/aprobar/").status_code
        == 409
    )
    with pytest.raises(ValidationError):
        services.member_end(actor=people["coordinator"], member=pending, end_date=timezone.localdate())


def test_history_keeps_proposer_approver_and_times(people, oaxaca):
    pending = _propose(people, oaxaca)
    second = _second_member(oaxaca)
    services.member_approve(actor=second, member=pending)
    rows = list(pending.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.history_user, r.status) for r in rows] == [
        ("+", people["stl_oaxaca"], MemberStatus.PENDING),
        ("~", second, MemberStatus.APPROVED),
    ]
    assert rows[0].proposed_by_id == people["stl_oaxaca"].pk and rows[1].decided_by_id == second.pk
    assert rows[1].decided_at is not None and rows[0].decided_at is None

    rejected = _propose(people, oaxaca, name="Otra propuesta")
    services.member_reject(actor=people["coordinator"], member=rejected, reason="No representa al sector")
    last = rejected.history.order_by("-history_date", "-history_id").first()
    assert (last.history_user, last.status, last.rejection_reason) == (
        people["coordinator"],
        MemberStatus.REJECTED,
        "No representa al sector",
    )


def test_permission_matrix_for_approve_and_reject(people, oaxaca, sonora):
    second = _second_member(oaxaca)  # the proposer, so stl_oaxaca is a second member
    seats = [_propose(people, oaxaca, name=f"Propuesta {n}", proposer=second) for n in range(3)]
    approve, reject, get_reject = (f"/stl/oaxaca/gestion/integrantes/{s.pk}/" for s in seats)
    deciders = ["coordinator", "stl_oaxaca"]
    matrix = {
        ("POST", approve + "aprobar/"): only(deciders, (302, 409), 403),
        ("GET", approve + "aprobar/"): only([], 405, 405),
        ("POST", reject + "rechazar/"): only(deciders, (302, 409), 403),
        ("GET", get_reject + "rechazar/"): only(deciders, 200, 403),
    }
    assert_matrix(people, matrix, data={"rejection_reason": "Duplicada"})
    assert [Member.objects.get(pk=s.pk).status for s in seats] == [
        MemberStatus.APPROVED,
        MemberStatus.REJECTED,
        MemberStatus.PENDING,
    ]
    # A Sonora seat is not reached through Oaxaca, and Sonora's member cannot touch Oaxaca's.
    sonora_seat = services.member_add(
        actor=people["stl_sonora"],
        stl=sonora["stl"],
        display_name="Propuesta de Sonora",
        organization=sonora["members"]["gobierno"].organization,
        sector="gobierno",
    )
    coordinator = client_for(people["coordinator"])
    assert coordinator.post(f"/stl/oaxaca/gestion/integrantes/{sonora_seat.pk}/aprobar/").status_code == 404
    assert coordinator.post("/stl/oaxaca/gestion/integrantes/999999/aprobar/").status_code == 404
    assert client_for(people["stl_sonora"]).post(get_reject + "aprobar/").status_code == 403


def test_approve_needs_csrf(people, oaxaca):
    from django.test import Client

    pending = _propose(people, oaxaca)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["coordinator"], backend="apertus.accounts.backends.AuthenticationBackend")
    assert client.post(f"/stl/oaxaca/gestion/integrantes/{pending.pk}/aprobar/").status_code == 403
    pending.refresh_from_db()
    assert pending.status == MemberStatus.PENDING


@pytest.mark.parametrize("user_key", ["stl_oaxaca", "coordinator"])
def test_management_page_queries_do_not_grow_with_pending_seats(people, oaxaca, user_key):
    client = client_for(people[user_key])
    counts = []
    for total in (1, 6):
        while Member.objects.filter(status=MemberStatus.PENDING).count() < total:
            _propose(people, oaxaca, name=f"Propuesta {Member.objects.count()}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/stl/oaxaca/gestion/")
        assert response.status_code == 200
        assert response.content.decode().count("/rechazar/") == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_form_answers_the_same_whether_or_not_the_email_has_an_account(people, oaxaca):
    client = client_for(people["stl_oaxaca"])
    known = _post_add(client, oaxaca, people["citizen"].email, name="Persona A")
    unknown = _post_add(client, oaxaca, "nadie-con-cuenta@example.org", name="Persona B")
    assert known.status_code == unknown.status_code == 200
    assert [str(m) for m in known.context["messages"]] == [str(m) for m in unknown.context["messages"]]
    page = unknown.content.decode()
    assert "con cuenta" not in page
    a = Member.objects.get(display_name="Persona A")
    b = Member.objects.get(display_name="Persona B")
    assert (a.status, a.person_id) == (b.status, b.person_id) == (MemberStatus.PENDING, None)
    # The rows of both proposals on the management page differ only in name and id.
    html = client.get("/stl/oaxaca/gestion/").content.decode()

    def row(name, pk):
        text = html[html.index(name) :].split("</tr>")[0].replace(name, "X")
        return text.replace(f"/{pk}/", "/N/").replace(f'-{pk}"', '-N"')

    assert row("Persona A", a.pk) == row("Persona B", b.pk)
