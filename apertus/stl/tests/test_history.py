"""Every change to an STL record is kept, attributed to whoever made it, and shown on the page."""

from datetime import timedelta

from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment
from apertus.core.history import change_log
from apertus.core.testing import client_for
from apertus.stl import services
from apertus.stl.models import AgreementStatus, AttendanceStatus


def _latest(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


def test_each_service_leaves_an_attributed_history_row(people, oaxaca):
    actor = people["stl_oaxaca"]
    stl = oaxaca["stl"]
    today = timezone.localdate()

    services.stl_update(actor=actor, stl=stl, signatories="Firmas revisadas")
    row = _latest(stl)
    assert (row.history_type, row.history_user, row.signatories) == ("~", actor, "Firmas revisadas")

    member = services.member_add(
        actor=actor,
        stl=stl,
        person=people["citizen"],
        organization=oaxaca["members"]["gobierno"].organization,
        sector="gobierno",
        start_date=today,
    )
    assert (_latest(member).history_type, _latest(member).history_user) == ("+", actor)
    services.member_approve(actor=people["coordinator"], member=member)
    member.refresh_from_db()
    row = _latest(member)
    assert (row.history_type, row.history_user, row.status) == ("~", people["coordinator"], "aprobada")

    services.member_end(actor=actor, member=member, end_date=today)
    row = _latest(member)
    assert (row.history_type, row.history_user, row.end_date) == ("~", actor, today)
    role_row = _latest(member.role_assignment)
    assert (role_row.ends_on, role_row.history_user) == (today, actor)

    session = services.session_create(
        actor=actor, stl=stl, starts_at=timezone.now() + timedelta(days=3), online_url="https://reunion.example.org/stl"
    )
    assert (_latest(session).history_type, _latest(session).history_user) == ("+", actor)

    [attendance] = services.attendance_record(
        actor=actor, session=session, statuses={oaxaca["members"]["gobierno"].pk: AttendanceStatus.PRESENT}
    )
    assert _latest(attendance).history_user == actor
    services.attendance_record(
        actor=actor, session=session, statuses={oaxaca["members"]["gobierno"].pk: AttendanceStatus.EXCUSED}
    )
    assert attendance.history.count() == 2 and _latest(attendance).status == AttendanceStatus.EXCUSED
    # Recording the same again writes nothing.
    assert (
        services.attendance_record(
            actor=actor, session=session, statuses={oaxaca["members"]["gobierno"].pk: AttendanceStatus.EXCUSED}
        )
        == []
    )
    assert attendance.history.count() == 2

    agreement = services.agreement_add(actor=actor, session=session, text="Difundir la convocatoria")
    assert (_latest(agreement).history_type, _latest(agreement).history_user) == ("+", actor)
    services.agreement_set_status(actor=people["coordinator"], agreement=agreement, status=AgreementStatus.DONE)
    row = _latest(agreement)
    assert (row.history_user, row.status) == (people["coordinator"], AgreementStatus.DONE)
    services.agreement_set_status(actor=people["coordinator"], agreement=agreement, status=AgreementStatus.DONE)
    assert agreement.history.count() == 2


def test_changes_through_the_web_are_attributed(people, oaxaca):
    client = client_for(people["stl_oaxaca"])
    agreement = oaxaca["agreement"]
    response = client.post(f"/stl/oaxaca/gestion/acuerdos/{agreement.pk}/seguimiento/", {"status": "en_proceso"})
    assert response.status_code == 302
    row = _latest(agreement)
    assert (row.history_user, row.status) == (people["stl_oaxaca"], "en_proceso")


def test_the_stl_history_is_public_on_its_page(people, oaxaca, client):
    services.stl_update(actor=people["coordinator"], stl=oaxaca["stl"], signatories="Firmas de 2026")
    log = change_log(oaxaca["stl"])
    assert [(c.field, c.new) for c in log[0].changes] == [("signatories", "Firmas de 2026")]
    html = client.get("/stl/oaxaca/").content.decode()
    assert "Historial de cambios" in html and "Firmas de 2026" in html
    assert people["coordinator"].public_name in html
    assert people["coordinator"].email not in html


def test_ending_a_seat_ends_the_role_it_gave_and_no_other(people, oaxaca):
    person = people["citizen"]
    organization = oaxaca["members"]["gobierno"].organization
    today = timezone.localdate()
    first = services.member_add(
        actor=people["coordinator"],
        stl=oaxaca["stl"],
        person=person,
        organization=organization,
        sector="gobierno",
        start_date=today - timedelta(days=10),
    )
    second = services.member_add(
        actor=people["coordinator"],
        stl=oaxaca["stl"],
        person=person,
        role="suplente",
        organization=organization,
        sector="gobierno",
        start_date=today - timedelta(days=5),
    )
    assert first.role_assignment_id == second.role_assignment_id  # one role for the state and organisation
    services.member_end(actor=people["coordinator"], member=first, end_date=today)
    assert RoleAssignment.objects.get(pk=first.role_assignment_id).ends_on is None  # the other seat still needs it
    services.member_end(actor=people["coordinator"], member=second, end_date=today)
    assert RoleAssignment.objects.get(pk=first.role_assignment_id).ends_on == today
    assert RoleAssignment.objects.filter(user=person, role=Role.STL_MEMBER, ends_on__isnull=True).count() == 0
