"""The course calendar: who sees it, the viewer's time zone (day and hour), months, bounded queries."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apertus.core.testing import assert_matrix, client_for, data_kept_copy, only
from apertus.learning import services
from apertus.learning.models import ActivityKind, Extension, Seminar
from apertus.learning.tests.conftest import build_course, make_fellow
from apertus.territories.models import State

MX = zoneinfo.ZoneInfo("America/Mexico_City")
URL = "/formacion/2017/calendario/"


def _courses_made():
    course = build_course()
    build_course(2, is_published=False)
    return course


@pytest.fixture
def course(people):
    """This year's published course and next cohort's unpublished one, built once per starting point and
    written back after that (``data_kept_copy``); each test gets its own copy of the first."""
    return data_kept_copy(f"learning-calendar-courses {timezone.localdate()}", _courses_made)


def at(year, month, day, hour, minute=0, tz=MX):
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def shown(response, uid):
    """(day, time) under which the agenda lists an event."""
    html = response.content.decode()
    match = re.search(
        rf'data-testid="event-{re.escape(uid)}" data-day="([\d-]+)">\s*(?:<time[^>]*>([\d:]+)</time>)?', html
    )
    assert match, f"{uid} not in the agenda"
    return match[1], match[2]


def test_state_time_zones(db):
    zones = dict(State.objects.values_list("code", "short_name"))
    assert len(zones) == 32
    expected = {
        "02": "America/Tijuana",
        "26": "America/Hermosillo",
        "03": "America/Mazatlan",
        "25": "America/Mazatlan",
        "18": "America/Mazatlan",
        "08": "America/Chihuahua",
        "23": "America/Cancun",
        "09": "America/Mexico_City",
        "20": "America/Mexico_City",
    }
    for code, name in expected.items():
        assert State.objects.get(code=code).time_zone == name
    for state in State.objects.all():
        zoneinfo.ZoneInfo(state.time_zone)  # every name is one the tz database knows


def test_permission_matrix(people, course):
    other = make_fellow(course.program.phase.__class__.objects.get(number=2), "20", "otra.cohorte@test.apertus.mx")
    members = ["fellow_oaxaca", "facilitator", "coordinator"]
    matrix = {
        ("GET", URL): {**only(members, 200, 403), "anonymous": 302},
        ("GET", f"{URL}?mes=2017-05"): {**only(members, 200, 403), "anonymous": 302},
        ("GET", "/formacion/2018/calendario/"): {**only(["facilitator", "coordinator"], 200, 403), "anonymous": 302},
        ("GET", "/formacion/1999/calendario/"): {**only([], 404, 404), "anonymous": 302},
        ("POST", URL): {**only([], 405, 405), "anonymous": 302},
    }
    assert_matrix(people, matrix)
    assert client_for(other).get(URL).status_code == 403  # a fellow of another cohort
    assert client_for(other).get("/formacion/2018/calendario/").status_code == 200  # ... sees their own


def test_events_on_the_right_day_and_hour_in_each_fellows_zone(people, course):
    program = course.program
    phase = program.phase
    Seminar.objects.filter(pk=course.seminars[0].pk).update(starts_at=at(2027, 1, 15, 18))  # 00:00 UTC on the 16th
    Seminar.objects.filter(pk=course.seminars[1].pk).update(starts_at=at(2027, 7, 15, 18))
    session = course.reading.session
    webinar = services.activity_create(
        actor=None,
        session=session,
        kind=ActivityKind.WEBINAR,
        title="Webinario ODS",
        position=9,
        url="https://example.org/webinario",
        scheduled_at=at(2027, 1, 20, 10),
    )
    # A deadline late on the last evening of January in central Mexico is already February in Cancún.
    course.assignment.closes_at = at(2027, 1, 31, 23, 30)
    course.assignment.save()
    seminar1, seminar2 = (f"seminar-{s.pk}@apertus" for s in course.seminars)
    deadline = f"activity-{course.assignment.pk}-deadline@apertus"
    fellows = {
        code: client_for(make_fellow(phase, code, f"fellow{code}@test.apertus.mx"))
        for code in ("26", "23", "02", "08", "09")
    }
    january = {code: c.get(f"{URL}?mes=2027-01") for code, c in fellows.items()}
    july = {code: c.get(f"{URL}?mes=2027-07") for code, c in fellows.items()}
    assert shown(january["09"], seminar1) == ("2027-01-15", "18:00")  # Mexico City
    assert shown(january["26"], seminar1) == ("2027-01-15", "17:00")  # Sonora: no DST, UTC-7
    assert shown(january["23"], seminar1) == ("2027-01-15", "19:00")  # Quintana Roo: UTC-5
    assert shown(january["08"], seminar1) == ("2027-01-15", "18:00")  # Chihuahua: central time since 2022
    assert shown(january["02"], seminar1) == ("2027-01-15", "16:00")  # Baja California in winter: UTC-8
    assert shown(july["02"], seminar2) == ("2027-07-15", "17:00")  # ... and with summer time: UTC-7
    assert shown(july["09"], seminar2) == ("2027-07-15", "18:00")  # central Mexico keeps no summer time
    assert shown(july["26"], seminar2) == ("2027-07-15", "17:00")
    assert shown(january["26"], f"activity-{webinar.pk}-webinar@apertus") == ("2027-01-20", "09:00")
    assert shown(january["09"], deadline) == ("2027-01-31", "23:30")
    assert deadline not in january["23"].content.decode()
    assert shown(fellows["23"].get(f"{URL}?mes=2027-02"), deadline) == ("2027-02-01", "00:30")
    assert "America/Hermosillo" in january["26"].content.decode()
    # Staff without a state see central time.
    staff = client_for(people["facilitator"]).get(f"{URL}?mes=2027-01")
    assert shown(staff, seminar1) == ("2027-01-15", "18:00")


def test_multi_day_session_and_a_fellows_own_deadlines(people, course):
    fellow = people["fellow_oaxaca"]
    session = course.reading.session
    session.starts_on, session.ends_on = dt.date(2027, 3, 30), dt.date(2027, 4, 2)
    session.save()
    course.assignment.closes_at = at(2027, 4, 10, 12)
    course.assignment.save()
    course.final.closes_at = at(2027, 4, 12, 12)
    course.final.save()
    Extension.objects.create(activity=course.assignment, fellow=fellow, closes_at=at(2027, 4, 20, 12), reason="Salud")
    Extension.objects.create(activity=course.final, fellow=fellow, exempt=True, reason="Ingreso tardío")
    april = client_for(fellow).get(f"{URL}?mes=2027-04")
    html = april.content.decode()
    uid = f"course-session-{session.pk}@apertus"
    assert html.count(f'data-testid="event-{uid}"') == 2  # April 1 and 2 in the agenda
    assert 'id="dia-2027-04-01"' in html and 'id="dia-2027-04-02"' in html and 'id="dia-2027-03-31"' not in html
    assert shown(april, f"activity-{course.assignment.pk}-deadline@apertus") == ("2027-04-20", "12:00")
    assert "Con prórroga" in html
    assert f"activity-{course.final.pk}-deadline" not in html  # exempt
    march = client_for(fellow).get(f"{URL}?mes=2027-03").content.decode()
    assert march.count(f'data-testid="event-{uid}"') == 2  # March 30 and 31
    # Staff see the cohort's dates, not one fellow's.
    staff = client_for(people["coordinator"]).get(f"{URL}?mes=2027-04")
    assert shown(staff, f"activity-{course.assignment.pk}-deadline@apertus") == ("2027-04-10", "12:00")
    assert shown(staff, f"activity-{course.final.pk}-deadline@apertus") == ("2027-04-12", "12:00")


def test_month_navigation_and_the_calendar_links(people, course):
    client = client_for(people["fellow_oaxaca"])
    html = client.get(f"{URL}?mes=2026-12").content.decode()
    assert 'href="?mes=2026-11"' in html and 'href="?mes=2027-01"' in html
    html = client.get(f"{URL}?mes=2027-01").content.decode()
    assert 'href="?mes=2026-12"' in html and 'href="?mes=2027-02"' in html
    assert 'href="/calendarios/formacion/2017.ics"' in html
    assert 'href="/calendarios/privado/"' in html  # the fellow's private address
    assert "<caption" in html and 'scope="col"' in html
    staff_html = client_for(people["coordinator"]).get(URL).content.decode()
    assert 'href="/calendarios/privado/"' not in staff_html  # only fellows have a private calendar
    unpublished = client_for(people["coordinator"]).get("/formacion/2018/calendario/").content.decode()
    assert "/calendarios/formacion/2018.ics" not in unpublished  # that feed is public, so absent for drafts
    course_page = client.get("/formacion/2017/curso/").content.decode()
    assert f'href="{URL}"' in course_page


@pytest.mark.parametrize(
    "value",
    [
        "2027-13",
        "2027-00",
        "abc",
        "2027-1",
        "99999-01",
        "1899-12",
        "2027-01-01",
        "<script>alert(1)</script>",
        "２０２７-０１",
        "",
        "2027-01\n",
    ],
)
def test_a_malformed_month_is_a_clear_400(people, course, value):
    response = client_for(people["fellow_oaxaca"]).get(URL, {"mes": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="bad-month"' in html
    assert "<script>alert(1)</script>" not in html


def test_queries_are_bounded_at_two_sizes(people, course):
    client = client_for(people["fellow_oaxaca"])
    session = course.reading.session

    def count():
        client.get(f"{URL}?mes=2027-05")  # warm the session and the roles
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{URL}?mes=2027-05")
        assert response.status_code == 200
        return len(queries), response.content.decode().count('data-testid="event-')

    small, shown_small = count()
    for n in range(30):
        services.activity_create(
            actor=None,
            session=session,
            kind=ActivityKind.ASSIGNMENT,
            title=f"Tarea {n}",
            position=10 + n,
            closes_at=at(2027, 5, 1 + n, 9),
        )
        services.activity_create(
            actor=None,
            session=session,
            kind=ActivityKind.WEBINAR,
            title=f"Webinario {n}",
            position=50 + n,
            url="https://example.org/w",
            scheduled_at=at(2027, 5, 1 + n, 17),
        )
    large, shown_large = count()
    assert shown_large == shown_small + 60
    assert large == small
    assert large <= 12
