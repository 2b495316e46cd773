"""Calendar (.ics) downloads and the fellow's private calendar address. Public calendars show only
what the public pages show; the private one answers only to a live token."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apertus.accounts.models import Role, RoleAssignment
from apertus.calls.models import Call
from apertus.core.permissions import has_perm, need
from apertus.learning.calendar import fellow_exceptions
from apertus.learning.models import Course
from apertus.opendata import calendars
from apertus.opendata.models import CalendarToken
from apertus.participation.selectors import public_processes

STATE_CODE = re.compile(r"^(0[1-9]|[12]\d|3[0-2])$")


def _state(code: str | None) -> str | None:
    if code is not None and not STATE_CODE.match(code):
        raise Http404
    return code


@require_GET
def stl_sessions(request, code: str | None = None):
    suffix = f"-{code}" if code else ""
    return calendars.response(_("Sesiones de los STL"), f"apertus-stl{suffix}", calendars.stl_sessions(_state(code)))


@require_GET
def working_tables(request, code: str | None = None):
    suffix = f"-{code}" if code else ""
    return calendars.response(_("Mesas de trabajo"), f"apertus-mesas{suffix}", calendars.working_tables(_state(code)))


@require_GET
def process_phases(request, pk: int):

    process = get_object_or_404(public_processes(), pk=pk)
    return calendars.response(process.title, f"apertus-consulta-{pk}", calendars.process_phases(process))


@require_GET
def call_deadlines(request, slug: str):

    call = get_object_or_404(Call, slug=slug, is_published=True)
    return calendars.response(call.title, f"apertus-convocatoria-{call.slug}", calendars.call_deadlines(call))


@require_GET
def cohort_course(request, year: int):

    program = get_object_or_404(Course.objects.select_related("phase"), phase__year=year, is_published=True)
    return calendars.response(program.title, f"apertus-formacion-{year}", calendars.course(program))


def _programs_of(user):

    phases = RoleAssignment.objects.filter(user=user, role=Role.FELLOW, phase__isnull=False).values("phase_id")
    return Course.objects.filter(phase_id__in=phases).select_related("phase")


@require_GET
def private_course(request, key: str):
    """A fellow's own course calendar (with their extensions, without what they are exempt from), behind a
    revocable secret address."""

    token = (
        CalendarToken.objects.select_related("user")
        .filter(key_hash=CalendarToken.digest(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not has_perm(token.user, "opendata.manage_calendar_token"):
        raise Http404
    items = []
    for program in _programs_of(token.user):
        extensions, exempt = fellow_exceptions(program, token.user)
        items += calendars.course(program, extensions, exempt)
    response = calendars.response(_("Mi curso en Apertus"), "apertus-mi-curso", items)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def private_calendar_page(request):
    """Where a fellow gets (or replaces, or revokes) the private address of their course calendar."""
    if not request.user.is_authenticated:
        return redirect(f"/cuentas/login/?next={request.path}")
    need(request.user, "opendata.manage_calendar_token")
    url = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in {"create", "revoke"}:
            return render(request, "opendata/private_calendar.html", {"error": True}, status=400)
        CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if action == "create":
            key = CalendarToken.new_key()
            CalendarToken.objects.create(user=request.user, key_hash=CalendarToken.digest(key))
            url = request.build_absolute_uri(f"/calendarios/privado/{key}.ics")
        else:
            messages.success(request, _("Se revocó la dirección de tu calendario."))
    active = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).exists()
    return render(request, "opendata/private_calendar.html", {"url": url, "active": active})
