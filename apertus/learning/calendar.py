"""A cohort's dated events (in-person seminars, course sessions, webinars and deadlines), gathered once
for the course calendar page and the iCal feeds (``apertus.opendata.calendars.course``).

Three queries whatever the size of the course: seminars, dated sessions, dated activities. Times stay
aware datetimes; the page converts them to the viewer's zone (``time_zone_of``), the feeds keep UTC.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apertus.accounts.models import Role
from apertus.accounts.selectors import roles_of
from apertus.territories.models import DEFAULT_TIME_ZONE


class Kind:
    SEMINAR = "seminar"
    SESSION = "session"
    WEBINAR = "webinar"
    DEADLINE = "deadline"


KIND_LABELS = {
    Kind.SEMINAR: _("Seminario presencial"),
    Kind.SESSION: _("Sesión del curso"),
    Kind.WEBINAR: _("Webinario"),
    Kind.DEADLINE: _("Fecha límite"),
}


@dataclass(frozen=True)
class CourseEvent:
    uid: str
    kind: str
    title: str
    summary: str  # the one-line text of the iCal feed
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None = None
    url: str = ""
    description: str = ""
    location: str = ""
    extended: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def last_day(self) -> dt.date | None:
        """For an all-day event, its last day (iCal's end is the day after)."""
        if not self.all_day:
            return None
        return self.end - dt.timedelta(days=1) if self.end else self.start

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def course_events(
    program,
    *,
    extensions: dict[int, dt.datetime] | None = None,
    exempt: set[int] | frozenset = frozenset(),
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
    tz: dt.tzinfo | None = None,
) -> list[CourseEvent]:
    """The program's events in date order. ``extensions`` (activity id → new closing time) and
    ``exempt`` (activity ids) give one fellow's own deadlines. With ``first_day``/``last_day``, only
    events that touch those days (in ``tz``, the viewer's zone) are read."""
    from apertus.learning.models import Activity, ActivityKind, Seminar, Session

    extensions = extensions or {}
    tz = tz or timezone.get_current_timezone()
    seminars = Seminar.objects.filter(program=program)
    sessions = Session.objects.filter(module__program=program, starts_on__isnull=False)
    activities = Activity.objects.filter(session__module__program=program).filter(
        Q(closes_at__isnull=False) | Q(kind=ActivityKind.WEBINAR, scheduled_at__isnull=False)
    )
    if first_day and last_day:
        # A day's margin on each side: the exact cut is made below, in the viewer's zone, and an
        # extension may move a deadline into the range from anywhere.
        since = dt.datetime.combine(first_day - dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        until = dt.datetime.combine(last_day + dt.timedelta(days=2), dt.time.min, tzinfo=tz)
        seminars = seminars.filter(starts_at__gte=since, starts_at__lt=until)
        sessions = sessions.filter(starts_on__lte=last_day).filter(
            Q(ends_on__gte=first_day) | Q(ends_on__isnull=True, starts_on__gte=first_day)
        )
        activities = activities.filter(
            Q(closes_at__gte=since, closes_at__lt=until)
            | Q(scheduled_at__gte=since, scheduled_at__lt=until)
            | Q(pk__in=list(extensions))
        )
    events = [
        CourseEvent(
            uid=f"seminar-{s.pk}@apertus",
            kind=Kind.SEMINAR,
            title=s.title,
            summary=s.title,
            start=s.starts_at,
            description=s.agenda,
            location=s.place,
            url=s.get_absolute_url(),
        )
        for s in seminars.order_by("starts_at", "pk")
    ]
    for session in sessions.order_by("starts_on", "pk"):
        end = (session.ends_on or session.starts_on) + dt.timedelta(days=1)  # iCal: the day after the last
        events.append(
            CourseEvent(
                uid=f"course-session-{session.pk}@apertus",
                kind=Kind.SESSION,
                title=session.title,
                summary=f"Sesión: {session.title}",
                start=session.starts_on,
                end=end,
                url=program.get_absolute_url(),
            )
        )
    for activity in activities.order_by("pk"):
        if activity.kind == ActivityKind.WEBINAR and activity.scheduled_at:
            events.append(
                CourseEvent(
                    uid=f"activity-{activity.pk}-webinar@apertus",
                    kind=Kind.WEBINAR,
                    title=activity.title,
                    summary=f"Webinario: {activity.title}",
                    start=activity.scheduled_at,
                    url=activity.get_absolute_url(),
                )
            )
        if activity.closes_at and activity.pk not in exempt:
            closes = extensions.get(activity.pk) or activity.closes_at
            events.append(
                CourseEvent(
                    uid=f"activity-{activity.pk}-deadline@apertus",
                    kind=Kind.DEADLINE,
                    title=activity.title,
                    summary=f"Fecha límite: {activity.title}",
                    start=closes,
                    end=closes + dt.timedelta(minutes=15),
                    url=activity.get_absolute_url(),
                    extended=activity.pk in extensions,
                    description="Prórroga" if activity.pk in extensions else "",
                )
            )
    if first_day and last_day:
        events = [e for e in events if _last_day(e, tz) >= first_day and _first_day(e, tz) <= last_day]
    return sorted(events, key=lambda e: (_first_day(e, tz), not e.all_day, _sort_time(e), e.uid))


def _first_day(event: CourseEvent, tz) -> dt.date:
    return event.start.astimezone(tz).date() if isinstance(event.start, dt.datetime) else event.start


def _last_day(event: CourseEvent, tz) -> dt.date:
    if event.all_day:
        return event.end - dt.timedelta(days=1) if event.end else event.start
    return _first_day(event, tz)


def _sort_time(event: CourseEvent) -> dt.datetime:
    return event.start if isinstance(event.start, dt.datetime) else dt.datetime.min.replace(tzinfo=dt.UTC)


def fellow_exceptions(program, user) -> tuple[dict[int, dt.datetime], set[int]]:
    """One fellow's extensions (activity id → new closing time) and exemptions in the program."""
    from apertus.learning.models import Extension

    rows = Extension.objects.filter(fellow=user, activity__session__module__program=program)
    extensions, exempt = {}, set()
    for activity_id, closes_at, is_exempt in rows.values_list("activity_id", "closes_at", "exempt"):
        if is_exempt:
            exempt.add(activity_id)
        elif closes_at:
            extensions[activity_id] = closes_at
    return extensions, exempt


def time_zone_of(user, phase_id: int | None = None) -> str:
    """The zone the person's dates are shown in: the state of their fellow role in the cohort, else
    the state of their profile, else central Mexico time. Reads the roles already cached per request."""
    state = None
    for assignment in roles_of(user):
        if assignment.role == Role.FELLOW and assignment.state_id and assignment.phase_id == phase_id:
            state = assignment.state
            break
    if state is None and getattr(user, "state_id", None):
        state = user.state
    return state.time_zone if state is not None else DEFAULT_TIME_ZONE


def zone(name: str) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


@dataclass
class Day:
    date: dt.date
    in_month: bool
    events: list[CourseEvent] = field(default_factory=list)


def month_grid(year: int, month: int, events: list[CourseEvent], tz) -> tuple[list[list[Day]], list[Day]]:
    """Weeks (Monday first) of the month with each day's events, and the days that have events (the
    agenda). A multi-day session shows on each of its days within the month."""
    by_day: dict[dt.date, list[CourseEvent]] = defaultdict(list)
    first, last = dt.date(year, month, 1), dt.date(year, month, pycalendar.monthrange(year, month)[1])
    for event in events:
        day = max(_first_day(event, tz), first)
        while day <= min(_last_day(event, tz), last):
            by_day[day].append(event)
            day += dt.timedelta(days=1)
    weeks = [
        [Day(d, d.month == month, by_day.get(d, []) if d.month == month else []) for d in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    agenda = [Day(d, True, by_day[d]) for d in sorted(by_day)]
    return weeks, agenda
