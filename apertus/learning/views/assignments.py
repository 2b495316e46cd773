"""Handing in, grading with the rubric, extensions, and the files of submissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apertus.core.files import document_response
from apertus.core.forms import apply_service, run_action
from apertus.core.permissions import has_perm, need, visible_or_404
from apertus.learning import selectors, services
from apertus.learning.forms import ExtensionForm, GradeForm, SubmissionForm
from apertus.learning.models import SUBMISSION_KINDS
from apertus.learning.views.common import visible_activity


@login_required
@require_POST
def submission_upload(request, pk: int):
    activity = visible_activity(request, pk)
    need(request.user, "learning.take_activity", activity)
    form = SubmissionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Elige el archivo de tu entrega."))
        return redirect("learning:activity", activity.pk)
    if run_action(
        request,
        lambda: services.submission_upload(actor=request.user, activity=activity, upload=form.cleaned_data["archivo"]),
    ):
        messages.success(request, _("Recibimos tu entrega."))
    return redirect("learning:activity", activity.pk)


def _visible_submission(request, pk: int):
    # another fellow's work does not exist for you
    return visible_or_404(request.user, "learning.view_submission", selectors.submission_get(pk=pk))


@login_required
@require_GET
def submission_detail(request, pk: int):
    submission = _visible_submission(request, pk)
    return render(
        request,
        "learning/submission.html",
        {
            "submission": submission,
            "activity": submission.activity,
            "program": submission.activity.program,
            "can_grade": has_perm(request.user, "learning.grade_fellow", submission),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_grade(request, pk: int):
    submission = _visible_submission(request, pk)
    need(request.user, "learning.grade_fellow", submission)
    current = {s.criterion_id: s.points for s in submission.criterion_scores.all()}
    form = GradeForm(
        request.POST or None,
        request.FILES or None,
        criteria=submission.activity.criteria.all(),
        current=current,
        comments=submission.comments,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if apply_service(
            form,
            lambda: services.submission_grade(
                actor=request.user,
                submission=submission,
                points=form.points(),
                comments=data["comments"],
                feedback_upload=data.get("feedback"),
            ),
        ):
            messages.success(request, _("Se guardó la calificación y se avisó a la persona."))
            return redirect("learning:submission", submission.pk)
    return render(
        request,
        "learning/grade_form.html",
        {
            "form": form,
            "submission": submission,
            "activity": submission.activity,
            "program": submission.activity.program,
        },
        status=400 if form.errors else 200,
    )


def _serve(document):
    return document_response(document, private=True)


@login_required
@require_GET
def submission_file(request, pk: int):
    return _serve(_visible_submission(request, pk).document)


@login_required
@require_GET
def feedback_file(request, pk: int):
    return _serve(_visible_submission(request, pk).feedback_document)


def _staff_activity(request, pk: int):
    activity = visible_activity(request, pk)
    need(request.user, "learning.view_gradebook", activity.program)
    if activity.kind not in SUBMISSION_KINDS:
        raise Http404
    return activity


@login_required
@require_GET
def activity_submissions(request, pk: int):
    activity = _staff_activity(request, pk)
    rows = selectors.submissions_overview(activity, state_ids=selectors.staff_states(request.user, activity.program))
    return render(
        request, "learning/submissions.html", {"activity": activity, "program": activity.program, "rows": rows}
    )


@login_required
@require_http_methods(["GET", "POST"])
def extension_grant(request, pk: int):
    """An extension or an exemption for one fellow, on any activity of the cohort."""
    activity = visible_activity(request, pk)
    need(request.user, "learning.view_gradebook", activity.program)
    fellows = selectors.roster(activity.program, state_ids=selectors.staff_states(request.user, activity.program))
    form = ExtensionForm(
        request.POST if request.method == "POST" else None,
        fellows=fellows,
        allow_extension=bool(activity.closes_at),
        initial={"fellow": request.GET.get("fellow")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if apply_service(
            form,
            lambda: services.extension_grant(
                actor=request.user,
                activity=activity,
                fellow=data["fellow"],
                closes_at=data.get("closes_at"),
                reason=data["reason"],
                exempt=form.exempt,
            ),
        ):
            messages.success(request, _("Se otorgó la exención.") if form.exempt else _("Se otorgó la prórroga."))
            if activity.kind in SUBMISSION_KINDS:
                return redirect("learning:activity_submissions", activity.pk)
            return redirect("learning:gradebook", activity.program.phase.year)
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "title": _("Prórroga o exención en «%(a)s»") % {"a": activity.title},
            "activity": activity,
            "program": activity.program,
        },
        status=400 if form.errors else 200,
    )
