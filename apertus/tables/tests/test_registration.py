"""Seats, the waiting list, one registration per person, and when registering is allowed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apertus.accounts.services import account_delete
from apertus.core.testing import client_for
from apertus.plans.models import ActionPlan, PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.tables import selectors, services
from apertus.tables.models import Registration, RegistrationStatus, TableStatus
from apertus.tables.tests.conftest import make_citizens, make_table

CONFIRMED, WAITLIST, CANCELLED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLIST, RegistrationStatus.CANCELLED


def states(table):
    return [
        (r.user.first_name, r.status, r.waitlist_position)
        for r in Registration.objects.filter(table=table).select_related("user").order_by("pk")
    ]


def test_seats_then_waiting_list_then_promotion_in_order(table):
    a, b, c, d = make_citizens(4)
    for person in (a, b, c, d):
        services.registration_create(actor=person, table=table)
    assert states(table) == [
        ("Persona 0", CONFIRMED, None),
        ("Persona 1", CONFIRMED, None),
        ("Persona 2", WAITLIST, 1),
        ("Persona 3", WAITLIST, 2),
    ]
    # a confirmed seat given back goes to the first in line; the rest move up
    services.registration_cancel(actor=a, registration=Registration.objects.get(table=table, user=a))
    assert states(table) == [
        ("Persona 0", CANCELLED, None),
        ("Persona 1", CONFIRMED, None),
        ("Persona 2", CONFIRMED, None),
        ("Persona 3", WAITLIST, 1),
    ]
    # leaving the waiting list promotes nobody and renumbers the line
    e = make_citizens(1, prefix="otra")[0]
    services.registration_create(actor=e, table=table)
    services.registration_cancel(actor=d, registration=Registration.objects.get(table=table, user=d))
    assert Registration.objects.get(table=table, user=e).waitlist_position == 1
    assert table.registrations.filter(status=CONFIRMED).count() == 2


def test_promotion_happens_in_the_same_transaction_as_the_cancellation(table):
    a, b, c = make_citizens(3)
    for person in (a, b, c):
        services.registration_create(actor=person, table=table)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.registration_cancel(actor=a, registration=Registration.objects.get(table=table, user=a))
        assert Registration.objects.get(table=table, user=c).status == CONFIRMED
        raise RuntimeError("the request fails after the cancellation")
    # both rolled back together: never a free seat with someone still waiting, nor one seat too many
    assert states(table)[0][1] == CONFIRMED and states(table)[2][1:] == (WAITLIST, 1)


def test_one_registration_per_person_and_registering_twice_changes_nothing(table):
    person = make_citizens(1)[0]
    first = services.registration_create(actor=person, table=table)
    again = services.registration_create(actor=person, table=table)
    assert first.pk == again.pk and table.registrations.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(table=table, user=person, status=CONFIRMED)
    # after cancelling, registering again reuses the row and takes a free seat
    services.registration_cancel(actor=person, registration=first)
    back = services.registration_create(actor=person, table=table)
    assert back.pk == first.pk and back.status == CONFIRMED


def test_more_seats_go_to_the_people_waiting_fewer_seats_unseat_nobody(table):
    people = make_citizens(4)
    for person in people:
        services.registration_create(actor=person, table=table)
    services.table_update(actor=None, table=table, capacity=3)
    assert [s[1:] for s in states(table)] == [(CONFIRMED, None)] * 3 + [(WAITLIST, 1)]
    services.table_update(actor=None, table=table, capacity=1)
    assert table.registrations.filter(status=CONFIRMED).count() == 3


@pytest.mark.parametrize("case", ["plan_published", "plan_in_implementation", "table_started", "table_cancelled"])
def test_registering_outside_the_window_is_refused(plan, case, people):
    table = make_table(plan, capacity=5)
    if case == "plan_published":
        ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.PUBLISHED)
    elif case == "plan_in_implementation":
        ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.IMPLEMENTATION)
    elif case == "table_started":
        table.starts_at = timezone.now() - timedelta(minutes=5)
        table.save()
    else:
        services.table_update(actor=None, table=table, status=TableStatus.CANCELLED)
    table = selectors.table_get(user=people["citizen"], pk=table.pk)
    assert selectors.registration_closed_reason(table)
    with pytest.raises(ValidationError):
        services.registration_create(actor=people["citizen"], table=table)
    # the page does not offer it and the view refuses it
    client = client_for(people["citizen"])
    page = client.get(table.get_absolute_url()).content.decode()
    assert 'data-testid="closed"' in page and f"/mesas/{table.pk}/inscribirme/" not in page
    response = client.post(f"/mesas/{table.pk}/inscribirme/")
    assert response.status_code == 409
    assert 'data-testid="table-error"' in response.content.decode()
    assert not Registration.objects.filter(table=table).exists()


def test_with_a_co_creation_process_its_open_phase_decides(plan, people):
    from apertus.participation.services import phase_create, process_create

    now = timezone.now()
    table = make_table(plan, capacity=5, days=20)
    process = process_create(actor=None, plan=plan, title="Cocreación")
    # the open phase takes proposals, not registrations: refused, although the plan is in co-creation
    phase_create(
        actor=None,
        process=process,
        kind="propuestas",
        name="Propuestas",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=2),
        actions=["propose", "support", "comment"],
    )
    reason = selectors.registration_closed_reason(table)
    assert reason and "inscribirse a mesas de trabajo" in reason
    with pytest.raises(ValidationError):
        services.registration_create(actor=people["citizen"], table=table)
    assert client_for(people["citizen"]).post(f"/mesas/{table.pk}/inscribirme/").status_code == 409
    # during the tables phase people register, whatever the plan's stage says
    phase_create(
        actor=None,
        process=process,
        kind="mesas",
        name="Mesas de trabajo",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=15),
        actions=["register_table", "comment"],
    )
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.PUBLISHED)
    table.plan.refresh_from_db()
    assert selectors.registration_closed_reason(table, now=now + timedelta(days=3)) is None
    assert selectors.registration_closed_reason(table, now=now + timedelta(days=16))  # after the phase


def test_only_the_person_or_the_tables_managers_cancel_a_seat(table, people):
    registration = services.registration_create(actor=people["citizen"], table=table)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=people["applicant"], registration=registration)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=people["stl_sonora"], registration=registration)
    services.registration_cancel(actor=people["stl_oaxaca"], registration=registration)
    registration.refresh_from_db()
    assert registration.status == CANCELLED


def test_view_registers_and_cancels_and_shows_the_waiting_position(table, people):
    a, b = make_citizens(2)
    services.registration_create(actor=a, table=table)
    services.registration_create(actor=b, table=table)
    client = client_for(people["citizen"])
    assert client.post(f"/mesas/{table.pk}/inscribirme/").status_code == 302
    page = client.get(table.get_absolute_url()).content.decode()
    assert "en el lugar 1" in page and 'data-testid="seats-left">Quedan 0 lugares' in page
    services.registration_cancel(actor=a, registration=Registration.objects.get(table=table, user=a))
    assert "Tienes un lugar confirmado." in client.get(table.get_absolute_url()).content.decode()
    assert client.post(f"/mesas/{table.pk}/cancelar/").status_code == 302
    assert Registration.objects.get(table=table, user=people["citizen"]).status == CANCELLED
    # cancelling without a registration is a 404, not someone else's seat
    assert client_for(people["applicant"]).post(f"/mesas/{table.pk}/cancelar/").status_code == 404


def test_deleting_an_account_gives_back_upcoming_seats(table):
    a, b, c = make_citizens(3)
    for person in (a, b, c):
        services.registration_create(actor=person, table=table)
    account_delete(user=a)
    assert Registration.objects.get(table=table, user=a).status == CANCELLED
    assert Registration.objects.get(table=table, user=c).status == CONFIRMED


def test_attendance_and_links_are_recorded_by_the_stl_only(table, plan, people):
    person = make_citizens(1)[0]
    registration = services.registration_create(actor=person, table=table)
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=people["stl_sonora"], table=table, counts={"gobierno": 3})
    services.attendance_record(
        actor=people["stl_oaxaca"],
        table=table,
        counts={"gobierno": 3, "ciudadania": 12},
        attended={registration.pk: True},
    )
    table = selectors.table_get(user=None, pk=table.pk)
    assert dict((s, n) for s, _label, n in selectors.attendance_by_sector(table))["ciudadania"] == 12
    registration.refresh_from_db()
    assert registration.attended is True
    with pytest.raises(ValidationError):
        services.attendance_record(actor=people["stl_oaxaca"], table=table, counts={"marcianos": 1})
    commitment = plan.commitments.first()
    services.table_commitment_link(actor=people["stl_oaxaca"], table=table, commitment=commitment, note="Nació aquí")
    assert [t.pk for t in selectors.tables_for_commitment(commitment)] == [table.pk]
    other = make_table(build_plan("26", commitments=1, milestones=1, status=PlanStatus.COCREATION))
    with pytest.raises(ValidationError):
        services.table_commitment_link(actor=None, table=other, commitment=commitment)


def test_a_table_needs_a_place_or_an_http_link_and_a_positive_capacity(plan):
    with pytest.raises(ValidationError):
        make_table(plan, place="", online_url="")
    for link in ("javascript:alert(1)", "ftp://archivos.example.org/x", "data:text/html,hola"):
        with pytest.raises(ValidationError):
            make_table(plan, place="", online_url=link)
    with pytest.raises(ValidationError):
        make_table(plan, capacity=0)
    starts = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError):
        make_table(plan, starts_at=starts, ends_at=starts - timedelta(hours=1))
    assert make_table(plan, place="", online_url="https://reuniones.example.org/x").pk
