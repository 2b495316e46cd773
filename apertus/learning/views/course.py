"""The course pages: the public outline and methodology, the course home and an activity."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apertus.core.forms import run_action
from apertus.core.permissions import has_perm, need
from apertus.learning import selectors, services
from apertus.learning.allowances import allowance_for, exempt_ids
from apertus.learning.forms import SubmissionForm
from apertus.learning.methodology import methodology as build_methodology
from apertus.learning.models import ActivityKind, ActivityProgress, ProgressStatus, embed_origin
from apertus.learning.progress import annotate, is_unlocked, predecessor_map
from apertus.learning.views.common import course_or_404, visible_activity


def _outline_program(request, year: int):
    program = course_or_404(year)
    if not has_perm(request.user, "learning.view_outline", program):
        raise Http404  # an unpublished program does not exist for the public
    return program


@require_GET
def index(request):
    return render(request, "learning/index.html", {"programs": selectors.courses_visible_to(request.user)})


@require_GET
def outline(request, year: int):
    program = _outline_program(request, year)
    modules = selectors.modules_of(program)
    return render(
        request,
        "learning/outline.html",
        {
            "program": program,
            "modules": modules,
            "seminars": selectors.seminars_of(program),
            "can_enter": has_perm(request.user, "learning.view_course", program),
        },
    )


@require_GET
def methodology(request, year: int):
    program = _outline_program(request, year)
    return render(request, "learning/methodology.html", {"program": program, "m": build_methodology(program)})


@login_required
@require_GET
def course(request, year: int):
    program = course_or_404(year)
    need(request.user, "learning.view_course", program)
    is_fellow = has_perm(request.user, "learning.take_activity", program)
    modules = selectors.modules_of(program)
    summary = annotate(
        modules,
        fellow=request.user if is_fellow else None,
        statuses=selectors.statuses_of(program, request.user) if is_fellow else {},
        predecessors=predecessor_map(program) if is_fellow else {},
        exempt=exempt_ids(program, request.user) if is_fellow else set(),
    )
    return render(
        request,
        "learning/course.html",
        {
            "program": program,
            "modules": modules,
            "summary": summary,
            "is_fellow": is_fellow,
            "is_staff": has_perm(request.user, "learning.view_gradebook", program),
            "can_issue": has_perm(request.user, "learning.issue_certificate", program),
            "can_build": has_perm(request.user, "learning.build_course", program),
        },
    )


def _quiz_context(request, activity) -> dict:
    attempts = selectors.attempts_of(activity, request.user)
    now = timezone.now()
    open_attempt = next((a for a in attempts if a.is_open), None)
    closes_at = services.closing_for(activity, request.user)
    closed = bool(closes_at and now >= closes_at)
    return {
        "attempts": attempts,
        "open_attempt": open_attempt,
        "attempts_left": max(0, activity.attempts_allowed - len(attempts)),
        "quiz_closed": closed,
    }


def _submission_context(request, activity) -> dict:
    fellow = selectors.fellow_of(activity.program, request.user.pk)
    submission = selectors.submission_for(activity, fellow) if fellow else None
    closing = services.closing_for(activity, request.user)
    return {
        "submission": submission,
        "closing": closing,
        "criteria": list(activity.criteria.all()),
        "submission_open": bool(closing and timezone.now() <= closing and not (submission and submission.is_graded)),
        "form": SubmissionForm(),
    }


@login_required
@require_GET
def activity_detail(request, pk: int):
    activity = visible_activity(request, pk)
    is_fellow = has_perm(request.user, "learning.take_activity", activity)
    context = {
        "activity": activity,
        "program": activity.program,
        "is_fellow": is_fellow,
        "is_staff": has_perm(request.user, "learning.view_gradebook", activity.program),
        "predecessors": list(activity.predecessors.order_by("pk")),
        "kinds": ActivityKind,
    }
    if is_fellow:
        progress = ActivityProgress.objects.filter(activity=activity, fellow=request.user).first()
        context["status"] = progress.status if progress else ProgressStatus.NOT_STARTED
        context["status_label"] = ProgressStatus(context["status"]).label
        context["unlocked"] = is_unlocked(request.user, activity)
        context["allowance"] = allowance_for(activity, request.user)
        if activity.kind == ActivityKind.QUIZ:
            context.update(_quiz_context(request, activity))
        elif activity.kind in (ActivityKind.ASSIGNMENT, ActivityKind.FINAL):
            context.update(_submission_context(request, activity))
    elif activity.kind == ActivityKind.QUIZ:
        context["questions"] = selectors.questions_of(activity)  # the answer key, for staff only
    response = render(request, "learning/activity.html", context)
    if activity.embed_url:
        # Only this page may frame a player, and only the allow-listed privacy player it shows.
        response._csp_update = {"frame-src": [embed_origin(activity.embed_url)]}
    return response


@login_required
@require_POST
def activity_complete(request, pk: int):
    activity = visible_activity(request, pk)
    if run_action(request, lambda: services.activity_complete(actor=request.user, activity=activity)):
        messages.success(request, _("Marcaste la actividad como completada."))
    return redirect("learning:activity", activity.pk)
