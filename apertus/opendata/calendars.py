"""iCalendar (RFC 5545) feeds of what is public: STL sessions, working tables, consultation phases,
a call's deadlines and a cohort's course (seminars, sessions, assignment and webinar dates).

Every event has a stable UID (``<kind>-<pk>@apertus``), so an update replaces it in the subscriber's
calendar; SEQUENCE and LAST-MODIFIED follow the record's last change where the record keeps one, and
a cancelled working table is published with STATUS:CANCELLED instead of disappearing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Apertus//Gobierno abierto desde lo local//ES"


@dataclass
class Item:
    uid: str
    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    modified: dt.datetime | None = None
    sequence: int = 0


def _sequence(modified: dt.datetime | None, created: dt.datetime | None) -> int:
    """Goes up with every change: seconds between creation and the last change."""
    if modified is None or created is None:
        return 0
    return max(0, int((modified - created).total_seconds()))


def build(name: str, items: Iterable[Item]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", item.modified or now)
        event.add("summary", item.summary)
        event.add("dtstart", item.start)
        if item.end is not None:
            event.add("dtend", item.end)
        elif isinstance(item.start, dt.datetime):
            event.add("duration", dt.timedelta(hours=2))
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", settings.SITE_URL + item.url if item.url.startswith("/") else item.url)
        if item.modified:
            event.add("last-modified", item.modified)
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def response(name: str, filename: str, items: Iterable[Item]) -> HttpResponse:
    result = HttpResponse(build(name, items), content_type="text/calendar; charset=utf-8")
    result["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return result


# Sources: each reads only what is public.


def stl_sessions(state_code: str | None = None) -> list[Item]:
    from apertus.stl.models import Session

    sessions = Session.objects.filter(stl__is_published=True).select_related("stl__state").order_by("starts_at", "pk")
    if state_code:
        sessions = sessions.filter(stl__state__code=state_code)
    return [
        Item(
            uid=f"stl-session-{s.pk}@apertus",
            summary=f"Sesión del STL de {s.stl.state.short_name}",
            start=s.starts_at,
            description=s.agenda,
            location=s.place or s.online_url,
            url=s.get_absolute_url(),
            modified=s.updated_at,
            sequence=_sequence(s.updated_at, s.created_at),
        )
        for s in sessions
    ]


def working_tables(state_code: str | None = None) -> list[Item]:
    from apertus.tables.models import TableStatus
    from apertus.tables.selectors import public_tables

    tables = public_tables().select_related("plan__state").order_by("starts_at", "pk")
    if state_code:
        tables = tables.filter(plan__state__code=state_code)
    return [
        Item(
            uid=f"working-table-{t.pk}@apertus",
            summary=f"Mesa de trabajo: {t.title} ({t.plan.state.short_name})",
            start=t.starts_at,
            end=t.ends_at,
            description=t.topic,
            location=t.place or t.online_url,
            url=t.get_absolute_url(),
            cancelled=t.status == TableStatus.CANCELLED,
            modified=t.updated_at,
            sequence=_sequence(t.updated_at, t.created_at),
        )
        for t in tables
    ]


def process_phases(process) -> list[Item]:
    items = []
    for phase in process.phases.all():
        base = {
            "url": process.get_absolute_url(),
            "modified": phase.updated_at,
            "sequence": _sequence(phase.updated_at, phase.created_at),
        }
        items.append(
            Item(
                uid=f"consultation-phase-{phase.pk}@apertus",
                summary=f"{process.title}: {phase.name}",
                start=phase.starts_at,
                end=phase.ends_at,
                description=phase.description,
                **base,
            )
        )
        items.append(
            Item(
                uid=f"consultation-phase-{phase.pk}-deadline@apertus",
                summary=f"Cierra la fase «{phase.name}» ({process.title})",
                start=phase.ends_at,
                end=phase.ends_at + dt.timedelta(minutes=15),
                **base,
            )
        )
    return items


def call_deadlines(call) -> list[Item]:
    base = {
        "url": call.get_absolute_url(),
        "modified": call.updated_at,
        "sequence": _sequence(call.updated_at, call.created_at),
    }
    items = [
        Item(
            uid=f"call-{call.pk}-opens@apertus",
            summary=f"Abre la convocatoria: {call.title}",
            start=call.opens_at,
            end=call.opens_at + dt.timedelta(minutes=15),
            **base,
        ),
        Item(
            uid=f"call-{call.pk}-closes@apertus",
            summary=f"Cierra la convocatoria: {call.title}",
            start=call.deadline,
            end=call.deadline + dt.timedelta(minutes=15),
            description="Prórroga" if call.extended_until else "",
            **base,
        ),
    ]
    if call.results_published_at:
        items.append(
            Item(
                uid=f"call-{call.pk}-results@apertus",
                summary=f"Resultados: {call.title}",
                start=call.results_published_at,
                end=call.results_published_at + dt.timedelta(minutes=15),
                **base,
            )
        )
    return items


def course(program, extensions: dict[int, dt.datetime] | None = None, exempt: set[int] | None = None) -> list[Item]:
    """A cohort's seminars, course sessions and dated activities, as the course calendar page gathers
    them; ``extensions`` (activity id → new closing time) and ``exempt`` give one fellow's own deadlines."""
    from apertus.learning.calendar import course_events

    return [
        Item(
            uid=e.uid,
            summary=e.summary,
            start=e.start,
            end=e.end,
            description=e.description,
            location=e.location,
            url=e.url,
        )
        for e in course_events(program, extensions=extensions, exempt=exempt or set())
    ]
