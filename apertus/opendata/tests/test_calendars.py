"""Calendars: every .ics parses with icalendar; UIDs stay, updates raise SEQUENCE, cancellations show."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from apertus.participation.tests.conftest import build_process
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan


def sec(moment):
    return moment.replace(microsecond=0)  # iCalendar has whole seconds


def events(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def stl_data(db):
    from apertus.stl.models import Session, Stl
    from apertus.territories.models import State

    published = Stl.objects.create(state=State.objects.get(code="20"), is_published=True)
    hidden = Stl.objects.create(state=State.objects.get(code="26"), is_published=False)
    soon = timezone.now() + timedelta(days=3)
    public = Session.objects.create(stl=published, starts_at=soon, place="Sala 1", agenda="Orden del día")
    private = Session.objects.create(stl=hidden, starts_at=soon, place="Sala 2")
    return public, private


def test_stl_sessions_per_state_and_all(client, stl_data):
    public, private = stl_data
    everything = events(client, "/calendarios/stl.ics")
    assert set(everything) == {f"stl-session-{public.pk}@apertus"}
    assert set(events(client, "/calendarios/stl/20.ics")) == set(everything)
    assert events(client, "/calendarios/stl/26.ics") == {}
    event = everything[f"stl-session-{public.pk}@apertus"]
    assert event.decoded("DTSTART") == sec(public.starts_at) and str(event["STATUS"]) == "CONFIRMED"
    assert client.get("/calendarios/stl/99.ics").status_code == 404


def test_an_update_keeps_the_uid_and_raises_the_sequence(client, stl_data):
    public, _ = stl_data
    uid = f"stl-session-{public.pk}@apertus"
    first = events(client, "/calendarios/stl.ics")[uid]
    assert int(first["SEQUENCE"]) == 0  # as created
    public.place = "Sala grande"
    public.save()
    after = events(client, "/calendarios/stl.ics")[uid]
    assert int(after["SEQUENCE"]) == 1 and str(after["LOCATION"]) == "Sala grande"
    last = public.history.order_by("-history_date").first().history_date
    assert after.decoded("LAST-MODIFIED") == sec(last)
    public.starts_at += timedelta(hours=1)
    public.save()
    again = events(client, "/calendarios/stl.ics")[uid]
    assert int(again["SEQUENCE"]) == 2 and again.decoded("DTSTART") == sec(public.starts_at)


def test_a_deleted_stl_session_is_published_as_cancelled(client, stl_data):
    public, private = stl_data
    uid = f"stl-session-{public.pk}@apertus"
    before = int(events(client, "/calendarios/stl.ics")[uid]["SEQUENCE"])
    public.delete()
    private.delete()  # the unpublished STL's session stays out, deleted or not
    for url in ("/calendarios/stl.ics", "/calendarios/stl/20.ics"):
        found = events(client, url)
        assert set(found) == {uid}
        assert str(found[uid]["STATUS"]) == "CANCELLED" and int(found[uid]["SEQUENCE"]) > before
        assert found[uid].decoded("DTSTART") == sec(public.starts_at)
    assert events(client, "/calendarios/stl/26.ics") == {}


def test_a_deleted_consultation_phase_is_published_as_cancelled(client, db):
    from apertus.participation.models import Phase

    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    process = build_process(plan)
    phase = process.phases.get()
    later = Phase.objects.create(
        process=process,
        kind=phase.kind,
        name="Segunda vuelta",
        starts_at=phase.ends_at + timedelta(days=1),
        ends_at=phase.ends_at + timedelta(days=9),
    )
    later_pk = later.pk
    later.delete()
    found = events(client, f"/calendarios/consultas/{process.pk}.ics")
    assert str(found[f"consultation-phase-{later_pk}@apertus"]["STATUS"]) == "CANCELLED"
    assert str(found[f"consultation-phase-{later_pk}-deadline@apertus"]["STATUS"]) == "CANCELLED"
    assert str(found[f"consultation-phase-{phase.pk}@apertus"]["STATUS"]) == "CONFIRMED"


def test_working_tables_cancelled_are_published_as_cancelled(client, db):
    from apertus.tables.models import TableStatus, WorkingTable

    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    draft = build_plan("26", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    start = timezone.now() + timedelta(days=5)
    kept = WorkingTable.objects.create(
        plan=plan,
        title="Agua",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Casa de la cultura",
        capacity=20,
    )
    cancelled = WorkingTable.objects.create(
        plan=plan,
        title="Salud",
        starts_at=start,
        capacity=20,
        place="Centro",
        ends_at=start + timedelta(hours=2),
        status=TableStatus.CANCELLED,
    )
    WorkingTable.objects.create(
        plan=draft, title="Secreta", starts_at=start, ends_at=start + timedelta(hours=1), place="X", capacity=5
    )
    found = events(client, "/calendarios/mesas.ics")
    assert set(found) == {f"working-table-{kept.pk}@apertus", f"working-table-{cancelled.pk}@apertus"}
    assert str(found[f"working-table-{cancelled.pk}@apertus"]["STATUS"]) == "CANCELLED"
    assert set(events(client, "/calendarios/mesas/20.ics")) == set(found)


def test_consultation_phases_and_deadlines(client, db):
    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    process = build_process(plan)
    phase = process.phases.get()
    found = events(client, f"/calendarios/consultas/{process.pk}.ics")
    assert set(found) == {f"consultation-phase-{phase.pk}@apertus", f"consultation-phase-{phase.pk}-deadline@apertus"}
    assert found[f"consultation-phase-{phase.pk}@apertus"].decoded("DTEND") == sec(phase.ends_at)
    draft = build_plan("26", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    hidden = build_process(draft)
    type(draft).objects.filter(pk=draft.pk).update(status=PlanStatus.DRAFT)
    assert client.get(f"/calendarios/consultas/{hidden.pk}.ics").status_code == 404


def test_call_deadlines_use_the_extension(client, db):
    from apertus.calls.tests.conftest import build_call

    call = build_call("convocatoria-2017")
    call.extended_until = call.closes_at + timedelta(days=7)
    call.save()
    found = events(client, f"/calendarios/convocatorias/{call.slug}.ics")
    assert found[f"call-{call.pk}-closes@apertus"].decoded("DTSTART") == sec(call.extended_until)
    call.is_published = False
    call.save()
    assert client.get(f"/calendarios/convocatorias/{call.slug}.ics").status_code == 404


@pytest.fixture
def course(db):
    from apertus.learning.models import Activity, ActivityKind, Course, Module, Seminar, Session
    from apertus.program.models import ProgramPhase

    phase = ProgramPhase.objects.get(number=1)
    program = Course.objects.create(
        phase=phase, title="Curso 2017", starts_on=date(2017, 3, 1), ends_on=date(2017, 10, 31), is_published=True
    )
    Seminar.objects.create(
        program=program, number=1, title="Primer seminario", place="CDMX", starts_at=timezone.now() + timedelta(days=30)
    )
    module = Module.objects.create(program=program, title="Gobierno abierto")
    session = Session.objects.create(
        module=module, title="Introducción", starts_on=date(2017, 3, 1), ends_on=date(2017, 3, 7)
    )
    task = Activity.objects.create(
        session=session, kind=ActivityKind.ASSIGNMENT, title="Ensayo", closes_at=timezone.now() + timedelta(days=10)
    )
    return program, task


def test_cohort_course_calendar(client, course):
    program, task = course
    found = events(client, f"/calendarios/formacion/{program.phase.year}.ics")
    summaries = {str(e["SUMMARY"]) for e in found.values()}
    assert {"Primer seminario", "Sesión: Introducción", "Fecha límite: Ensayo"} <= summaries
    program.is_published = False
    program.save()
    assert client.get(f"/calendarios/formacion/{program.phase.year}.ics").status_code == 404


def test_course_changes_raise_the_sequence_and_deletions_are_cancelled(client, course, people):
    from apertus.learning.models import Seminar, Session

    program, task = course
    url = f"/calendarios/formacion/{program.phase.year}.ics"
    seminar = Seminar.objects.get(program=program)
    session = Session.objects.get(module__program=program)
    found = events(client, url)
    assert int(found[f"seminar-{seminar.pk}@apertus"]["SEQUENCE"]) == 0
    seminar.place = "Oaxaca"
    seminar.save()
    found = events(client, url)
    assert int(found[f"seminar-{seminar.pk}@apertus"]["SEQUENCE"]) == 1
    assert found[f"seminar-{seminar.pk}@apertus"].decoded("LAST-MODIFIED") == sec(
        seminar.history.order_by("-history_date").first().history_date
    )
    ids = seminar.pk, task.pk, session.pk
    seminar.delete()
    task.delete()
    session.delete()
    found = events(client, url)
    for uid in (f"seminar-{ids[0]}@apertus", f"course-session-{ids[2]}@apertus"):
        assert str(found[uid]["STATUS"]) == "CANCELLED", uid
    deadline = found[f"activity-{ids[1]}-deadline@apertus"]
    assert str(deadline["STATUS"]) == "CANCELLED" and int(deadline["SEQUENCE"]) >= 1
    # A fellow's private calendar has the same cancellations.
    client.force_login(people["fellow_oaxaca"])
    private = client.post("/calendarios/privado/", {"action": "create"}).context["url"]
    client.logout()
    mine = events(client, private[private.index("/calendarios/") :])
    assert str(mine[f"seminar-{ids[0]}@apertus"]["STATUS"]) == "CANCELLED"


def test_private_calendar_with_extensions_and_revocation(client, course, people):
    from apertus.learning.models import Extension
    from apertus.opendata.models import CalendarToken

    program, task = course
    fellow = people["fellow_oaxaca"]
    extended = task.closes_at + timedelta(days=5)
    Extension.objects.create(activity=task, fellow=fellow, closes_at=extended, reason="Enfermedad")
    client.force_login(fellow)
    response = client.post("/calendarios/privado/", {"action": "create"})
    assert response.status_code == 200
    url = response.context["url"]
    path = url[url.index("/calendarios/") :]
    client.logout()
    found = events(client, path)
    assert found[f"activity-{task.pk}-deadline@apertus"].decoded("DTSTART") == sec(extended)
    assert CalendarToken.objects.get(user=fellow).key_hash not in path  # only the hash is stored
    client.force_login(fellow)
    client.post("/calendarios/privado/", {"action": "revoke"})
    client.logout()
    assert client.get(path).status_code == 404
    assert client.get("/calendarios/privado/cal_inventado.ics").status_code == 404


def test_the_private_calendar_leaves_out_what_the_fellow_is_exempt_from(client, course, people):
    from apertus.learning.models import Activity, ActivityKind, Extension

    program, task = course
    fellow = people["fellow_oaxaca"]
    other = Activity.objects.create(
        session=task.session, kind=ActivityKind.ASSIGNMENT, title="Reseña", closes_at=task.closes_at + timedelta(days=3)
    )
    Extension.objects.create(activity=task, fellow=fellow, exempt=True, reason="Ingreso tardío")
    client.force_login(fellow)
    url = client.post("/calendarios/privado/", {"action": "create"}).context["url"]
    client.logout()
    found = events(client, url[url.index("/calendarios/") :])
    assert f"activity-{other.pk}-deadline@apertus" in found
    assert f"activity-{task.pk}-deadline@apertus" not in found  # exempt: not a deadline for this fellow
    public = events(client, f"/calendarios/formacion/{program.phase.year}.ics")
    assert f"activity-{task.pk}-deadline@apertus" in public  # the cohort's calendar still has it


def test_private_calendar_page_permissions(client, people):
    from apertus.core.testing import assert_matrix, only

    assert_matrix(
        people,
        {
            ("GET", "/calendarios/privado/"): only(["fellow_oaxaca"], 200, (302, 403)),
        },
    )
    client.force_login(people["fellow_oaxaca"])
    assert client.post("/calendarios/privado/", {"action": "borrar-todo"}).status_code == 400


def test_event_pages_link_their_calendar(client, stl_data, course, people):
    public, _ = stl_data
    html = client.get(public.get_absolute_url()).content.decode()
    assert 'href="/calendarios/stl/20.ics"' in html
    program, _ = course
    html = client.get(program.get_absolute_url()).content.decode()
    assert f'href="/calendarios/formacion/{program.phase.year}.ics"' in html
    seminar = program.seminars.get()
    client.force_login(people["fellow_oaxaca"])
    html = client.get(seminar.get_absolute_url()).content.decode()
    assert f'href="/calendarios/formacion/{program.phase.year}.ics"' in html and "add-to-calendar" in html
    task = program.modules.get().sessions.get().activities.get()
    html = client.get(task.get_absolute_url()).content.decode()
    assert f'href="/calendarios/formacion/{program.phase.year}.ics"' in html
    client.logout()
    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    process = build_process(plan)
    html = client.get(process.get_absolute_url()).content.decode()
    assert f'href="/calendarios/consultas/{process.pk}.ics"' in html
    assert events(client, f"/calendarios/consultas/{process.pk}.ics")
