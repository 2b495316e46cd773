"""The course calendar: a month grid and an agenda of a cohort's sessions, deadlines and seminars, in
the viewer's time zone."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apertus.core.permissions import has_perm, need
from apertus.learning import calendar
from apertus.learning.views.common import course_or_404

MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def _month(value: str | None, today: dt.date, program) -> tuple[int, int] | None:
    """(year, month) asked for with ``?mes=YYYY-MM``; without it, this month within the course's span."""
    if value is None:
        day = min(max(today, program.starts_on), program.ends_on)
        return day.year, day.month
    match = MONTH.fullmatch(value)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return year, month


def _shift(year: int, month: int, by: int) -> str:
    index = year * 12 + (month - 1) + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@login_required
@require_GET
def course_calendar(request, year: int):
    program = course_or_404(year)
    need(request.user, "learning.view_course", program)
    zone_name = calendar.time_zone_of(request.user, program.phase_id)
    tz = calendar.zone(zone_name)
    is_fellow = has_perm(request.user, "learning.take_activity", program)
    context = {
        "program": program,
        "zone_name": zone_name,
        "is_fellow": is_fellow,
        "can_subscribe": has_perm(request.user, "opendata.manage_calendar_token"),
    }
    asked = _month(request.GET.get("mes"), timezone.now().astimezone(tz).date(), program)
    if asked is None:
        context["bad_month"] = True
        return render(request, "learning/calendar.html", context, status=400)
    y, m = asked
    first = dt.date(y, m, 1)
    last = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
    extensions, exempt = calendar.fellow_exceptions(program, request.user) if is_fellow else ({}, set())
    events = calendar.course_events(
        program, extensions=extensions, exempt=exempt, first_day=first, last_day=last, tz=tz
    )
    weeks, agenda = calendar.month_grid(y, m, events, tz)
    with timezone.override(tz):  # every |date and |time in the template shows the viewer's zone
        return render(
            request,
            "learning/calendar.html",
            {
                **context,
                "month": first,
                "weeks": weeks,
                "agenda": agenda,
                "previous": _shift(y, m, -1),
                "next": _shift(y, m, 1),
                "current": f"{y:04d}-{m:02d}",
            },
        )
