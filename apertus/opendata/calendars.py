"""iCalendar (RFC 5545) feeds of what is public: STL sessions, working tables, consultation phases,
a call's deadlines and a cohort's course (seminars, sessions, assignment and webinar dates).

Every event has a stable UID (``<kind>-<pk>@apertus``), so an update replaces it in the subscriber's
calendar; SEQUENCE counts the record's changes in its history and LAST-MODIFIED is the last of them. A
cancelled working table, and an STL session, consultation phase, seminar, course session or dated
activity that was deleted (read from its history), is published with STATUS:CANCELLED instead of
disappearing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from apertus.calls.models import Call
from apertus.learning.calendar import course_events
from apertus.learning.models import ActivityKind
from apertus.participation.models import Phase
from apertus.stl.models import Session, Stl
from apertus.tables.models import TableStatus, WorkingTable
from apertus.tables.selectors import public_tables

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


def versions(history) -> dict[int, tuple[int, dt.datetime]]:
    """Record id → (SEQUENCE, LAST-MODIFIED) from the record's history rows (``history`` is a queryset of
    them): every save writes one, so the rows after the first count the changes (a deletion too) and the
    last row's date is the last change. One query, whatever the number of records."""
    rows = history.order_by().values("id").annotate(n=Count("history_id"), last=Max("history_date"))
    return {r["id"]: (max(r["n"] - 1, 0), r["last"]) for r in rows}


def _stamped(item: Item, seen: dict[int, tuple[int, dt.datetime]], pk: int) -> Item:
    if pk in seen:
        item.sequence, item.modified = seen[pk]
    return item


def _deleted(history):
    """The deletion rows among ``history``: a deleted event is published as cancelled, with the values it
    had when it was deleted, so calendars that had it remove it instead of keeping a ghost."""
    return history.filter(history_type="-").order_by("history_date", "id")


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

    stls = Stl.objects.filter(is_published=True).select_related("state")
    if state_code:
        stls = stls.filter(state__code=state_code)
    states = {stl.pk: stl.state for stl in stls}
    history = Session.history.model.objects.filter(stl_id__in=list(states))
    seen = versions(history)

    def item(s, cancelled=False) -> Item:
        state = states[s.stl_id]
        url = reverse("stl:detail", args=[state.slug])
        if not cancelled:
            url = reverse("stl:session_detail", args=[state.slug, s.id])
        return _stamped(
            Item(
                uid=f"stl-session-{s.id}@apertus",
                summary=f"Sesión del STL de {state.short_name}",
                start=s.starts_at,
                description=s.agenda,
                location=s.place or s.online_url,
                url=url,
                cancelled=cancelled,
                modified=s.updated_at,
            ),
            seen,
            s.id,
        )

    items = [item(s) for s in Session.objects.filter(stl_id__in=list(states)).order_by("starts_at", "pk")]
    items += [item(s, cancelled=True) for s in _deleted(history)]
    return sorted(items, key=lambda i: (i.start, i.uid))


def working_tables(state_code: str | None = None) -> list[Item]:

    tables = public_tables().select_related("plan__state").order_by("starts_at", "pk")
    if state_code:
        tables = tables.filter(plan__state__code=state_code)
    seen = versions(WorkingTable.history.model.objects.filter(id__in=tables.values("pk")))
    return [
        _stamped(
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
            ),
            seen,
            t.pk,
        )
        for t in tables
    ]


def process_phases(process) -> list[Item]:

    history = Phase.history.model.objects.filter(process_id=process.pk)
    seen = versions(history)
    items = []
    phases = [(phase, False) for phase in process.phases.all()] + [(row, True) for row in _deleted(history)]
    for phase, cancelled in phases:
        base = {"url": process.get_absolute_url(), "modified": phase.updated_at, "cancelled": cancelled}
        period = Item(
            uid=f"consultation-phase-{phase.id}@apertus",
            summary=f"{process.title}: {phase.name}",
            start=phase.starts_at,
            end=phase.ends_at,
            description=phase.description,
            **base,
        )
        deadline = Item(
            uid=f"consultation-phase-{phase.id}-deadline@apertus",
            summary=f"Cierra la fase «{phase.name}» ({process.title})",
            start=phase.ends_at,
            end=phase.ends_at + dt.timedelta(minutes=15),
            **base,
        )
        items += [_stamped(period, seen, phase.id), _stamped(deadline, seen, phase.id)]
    return items


def call_deadlines(call) -> list[Item]:

    sequence, modified = versions(Call.history.model.objects.filter(id=call.pk)).get(call.pk, (0, call.updated_at))
    base = {"url": call.get_absolute_url(), "modified": modified, "sequence": sequence}
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


_COURSE_UID = re.compile(r"^(seminar|course-session|activity)-(\d+)")


def course(program, extensions: dict[int, dt.datetime] | None = None, exempt: set[int] | None = None) -> list[Item]:
    """A cohort's seminars, course sessions and dated activities, as the course calendar page gathers
    them, with those deleted since published as cancelled; ``extensions`` (activity id → new closing time)
    and ``exempt`` give one fellow's own deadlines."""
    from apertus.learning.models import Activity, Module, Seminar, Session

    modules = Module.history.model.objects.filter(program_id=program.pk).values("id")
    sessions = Session.history.model.objects.filter(module_id__in=modules)
    history = {
        "seminar": Seminar.history.model.objects.filter(program_id=program.pk),
        "course-session": sessions,
        "activity": Activity.history.model.objects.filter(session_id__in=sessions.values("id")),
    }
    seen = {kind: versions(rows) for kind, rows in history.items()}
    items = []
    for e in course_events(program, extensions=extensions, exempt=exempt or set()):
        item = Item(
            uid=e.uid,
            summary=e.summary,
            start=e.start,
            end=e.end,
            description=e.description,
            location=e.location,
            url=e.url,
        )
        kind, pk = _COURSE_UID.match(e.uid).groups()
        items.append(_stamped(item, seen[kind], int(pk)))
    return items + _cancelled_course(program, history, seen, exempt or set())


def _cancelled_course(program, history, seen, exempt) -> list[Item]:

    url = program.get_absolute_url()
    items = [
        Item(
            uid=f"seminar-{s.id}@apertus", summary=s.title, start=s.starts_at, location=s.place, url=url, cancelled=True
        )
        for s in _deleted(history["seminar"])
    ]
    for s in _deleted(history["course-session"]).filter(starts_on__isnull=False):
        end = (s.ends_on or s.starts_on) + dt.timedelta(days=1)
        items.append(
            Item(f"course-session-{s.id}@apertus", f"Sesión: {s.title}", s.starts_on, end, url=url, cancelled=True)
        )
    for a in _deleted(history["activity"]):
        if a.kind == ActivityKind.WEBINAR and a.scheduled_at:
            items.append(
                Item(
                    f"activity-{a.id}-webinar@apertus", f"Webinario: {a.title}", a.scheduled_at, url=url, cancelled=True
                )
            )
        if a.closes_at and a.id not in exempt:
            end = a.closes_at + dt.timedelta(minutes=15)
            items.append(
                Item(
                    f"activity-{a.id}-deadline@apertus",
                    f"Fecha límite: {a.title}",
                    a.closes_at,
                    end,
                    url=url,
                    cancelled=True,
                )
            )
    for item in items:
        kind, pk = _COURSE_UID.match(item.uid).groups()
        _stamped(item, seen[kind], int(pk))
    return items
