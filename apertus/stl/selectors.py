"""Reads about STLs. Their health (the flags public pages show) is computed only in ``stl_health_many``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from apertus.core.history import ChangeEntry, change_log
from apertus.stl.models import (
    OPEN_STATUSES,
    STL_SECTORS,
    Agreement,
    AgreementStatus,
    Attendance,
    AttendanceStatus,
    Member,
    MemberStatus,
    Session,
    Stl,
)
from apertus.stl.rules import can_view_stl

# OGP co-creation standard 1: the forum meets at least every six months.
MEETING_WINDOW_DAYS = 183
PAST_SESSIONS_PER_PAGE = 10
UPCOMING_SESSIONS_SHOWN = 10


@dataclass
class StlHealth:
    last_session_on: date | None
    no_meeting_in_6_months: bool
    sectors_without_active_member: list[str]
    agreements_by_status: dict[str, int]
    overdue_agreements: list[Agreement] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return len(self.overdue_agreements)

    @property
    def missing_sector_labels(self) -> list[str]:
        labels = {s.value: s.label for s in STL_SECTORS}
        return [str(labels[s]) for s in self.sectors_without_active_member]

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(value, label, count) in the lifecycle's order, for templates."""
        return [(s.value, str(s.label), self.agreements_by_status[s.value]) for s in AgreementStatus]

    @property
    def has_alerts(self) -> bool:
        return self.no_meeting_in_6_months or bool(self.sectors_without_active_member) or bool(self.overdue_agreements)


def _day_end(day: date) -> datetime:
    """The first instant after ``day`` in local time: a session before it was held by ``day``."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def met_in_window(last_session_on: date | None, today: date) -> bool:
    """OGP standard 1: the STL held a session in the last ``MEETING_WINDOW_DAYS`` days."""
    return last_session_on is not None and last_session_on >= today - timedelta(days=MEETING_WINDOW_DAYS)


def active_members(qs: QuerySet[Member], today: date) -> QuerySet[Member]:
    """Approved seats in force on ``today``; pending or rejected seats never count."""
    return qs.filter(status=MemberStatus.APPROVED, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def stl_health_many(stls, today: date) -> dict[int, StlHealth]:
    """The health of several STLs in four queries, whatever their number. The one place it is computed."""
    ids = [stl.pk for stl in stls]
    held = (
        Session.objects.filter(stl_id__in=ids, starts_at__lt=_day_end(today))
        .values("stl_id")
        .annotate(last=Max("starts_at"))
        .values_list("stl_id", "last")
    )
    last_on = {stl_id: timezone.localdate(last) for stl_id, last in held}
    sectors = defaultdict(set)
    for stl_id, sector in active_members(Member.objects.filter(stl_id__in=ids), today).values_list("stl_id", "sector"):
        sectors[stl_id].add(sector)
    counts = defaultdict(dict)
    by_status = Agreement.objects.filter(session__stl_id__in=ids).values("session__stl_id", "status")
    for row in by_status.annotate(n=Count("pk")).order_by():
        counts[row["session__stl_id"]][row["status"]] = row["n"]
    overdue = defaultdict(list)
    overdue_qs = (
        Agreement.objects.filter(session__stl_id__in=ids, status__in=OPEN_STATUSES, due_date__lt=today)
        .select_related("session", "owner_member__organization", "owner_organization")
        .order_by("due_date", "pk")
    )
    for agreement in overdue_qs:
        overdue[agreement.session.stl_id].append(agreement)
    result = {}
    for stl_id in ids:
        last = last_on.get(stl_id)
        result[stl_id] = StlHealth(
            last_session_on=last,
            no_meeting_in_6_months=not met_in_window(last, today),
            sectors_without_active_member=[s.value for s in STL_SECTORS if s.value not in sectors[stl_id]],
            agreements_by_status={s.value: counts[stl_id].get(s.value, 0) for s in AgreementStatus},
            overdue_agreements=overdue[stl_id],
        )
    return result


def stl_health(stl: Stl, today: date | None = None) -> StlHealth:
    return stl_health_many([stl], today or timezone.localdate())[stl.pk]


def stl_list(*, published_only: bool = True) -> QuerySet[Stl]:
    qs = Stl.objects.select_related("state").order_by("state__short_name")
    return qs.filter(is_published=True) if published_only else qs


def stl_index(*, user, today: date | None = None) -> list[Stl]:
    """The STLs this person may see (published, plus their own drafts), each with ``.health``."""
    stls = [stl for stl in stl_list(published_only=False) if can_view_stl(user, stl)]
    health = stl_health_many(stls, today or timezone.localdate())
    for stl in stls:
        stl.health = health[stl.pk]
    return stls


def _agreements() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("owner_member__organization", "owner_organization").order_by("pk")


def sessions_with_counts(stl: Stl) -> QuerySet[Session]:
    """Sessions with attendance counts and their agreements, ready for lists (no query per row)."""
    return (
        Session.objects.filter(stl=stl)
        .select_related("minutes_document")
        .annotate(
            present_count=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
            absent_count=Count("attendance", filter=Q(attendance__status=AttendanceStatus.ABSENT)),
            excused_count=Count("attendance", filter=Q(attendance__status=AttendanceStatus.EXCUSED)),
        )
        .prefetch_related(Prefetch("agreements", queryset=_agreements()))
    )


def stl_get(*, state) -> Stl | None:
    """The STL of a state, given the State or its slug (None if it has none)."""
    key = {"state__slug": state} if isinstance(state, str) else {"state": state}
    return Stl.objects.filter(**key).select_related("state", "declaration_document", "rules_document").first()


@dataclass
class SectorGroup:
    value: str
    label: str
    members: list[Member]


@dataclass
class StlPage:
    stl: Stl
    sectors: list[SectorGroup]
    former_members: list[Member]
    upcoming: list[Session]
    past: Page
    health: StlHealth
    history: list[ChangeEntry]


def stl_for_state(state, *, page_number=None, now: datetime | None = None) -> StlPage | None:
    """Everything the public STL page shows, in a bounded number of queries (a dozen, whatever the number of sessions)."""
    stl = stl_get(state=state)
    if stl is None:
        return None
    now = now or timezone.now()
    today = timezone.localdate(now)
    members = list(
        Member.objects.filter(stl=stl, status=MemberStatus.APPROVED)
        .select_related("organization")
        .order_by("display_name")
    )
    active = [m for m in members if m.is_active(today)]
    sectors = [SectorGroup(s.value, str(s.label), [m for m in active if m.sector == s.value]) for s in STL_SECTORS]
    sessions = sessions_with_counts(stl)
    upcoming = list(sessions.filter(starts_at__gte=now).order_by("starts_at")[:UPCOMING_SESSIONS_SHOWN])
    past = Paginator(sessions.filter(starts_at__lt=now).order_by("-starts_at"), PAST_SESSIONS_PER_PAGE)
    past_page = past.get_page(page_number)
    past_page.object_list = list(past_page.object_list)  # query here, once, not in the template
    return StlPage(
        stl=stl,
        sectors=sectors,
        former_members=[m for m in members if m.end_date is not None and m.end_date < today],
        upcoming=upcoming,
        past=past_page,
        health=stl_health(stl, today),
        history=change_log(stl),
    )


def session_get(*, stl: Stl, pk: int) -> Session | None:
    """One session of this STL with its attendance (and members) and agreements."""
    attendance = Attendance.objects.select_related("member__organization").order_by(
        "member__sector", "member__display_name"
    )
    session = (
        sessions_with_counts(stl).filter(pk=pk).prefetch_related(Prefetch("attendance", queryset=attendance)).first()
    )
    if session is not None:
        session.stl = stl  # already loaded; spares a query wherever the session names its STL
    return session


def stl_members_for_management(stl: Stl) -> list[Member]:
    """The approved seats, current and past."""
    return list(
        Member.objects.filter(stl=stl, status=MemberStatus.APPROVED)
        .select_related("organization")
        .order_by("end_date", "display_name")
    )


def stl_pending_members(stl: Stl) -> list[Member]:
    """Seats proposed and not yet approved or rejected, oldest first."""
    return list(
        Member.objects.filter(stl=stl, status=MemberStatus.PENDING)
        .select_related("stl", "organization", "proposed_by")
        .order_by("created_at", "pk")
    )


def stl_members_public(stl: Stl) -> list[Member]:
    """Every seat, current and past, for the API and open data (public fields are chosen there)."""
    seats = Member.objects.filter(stl=stl, status=MemberStatus.APPROVED).select_related("organization")
    return list(seats.order_by("sector", "display_name", "pk"))
