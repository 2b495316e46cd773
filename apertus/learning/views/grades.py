"""Gradebooks (the fellow's own, and the staff's with its XLSX) and seminars with attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apertus.core.forms import apply_service
from apertus.core.permissions import has_perm, need
from apertus.learning import exports, selectors, services
from apertus.learning.forms import AttendanceForm, LateJoinForm
from apertus.learning.models import AttendanceStatus
from apertus.learning.views.common import course_or_404


@login_required
@require_GET
def my_grades(request, year: int):
    program = course_or_404(year)
    need(request.user, "learning.view_own_grades", program)
    return render(
        request,
        "learning/my_grades.html",
        {
            "program": program,
            "grade": selectors.own_grade(program, request.user),
            "scores": selectors.own_scores(program, request.user),
            "attendance": selectors.own_attendance(program, request.user),
            "certificate": selectors.certificate_of(program, request.user),
        },
    )


@login_required
@require_GET
def gradebook(request, year: int):
    program = course_or_404(year)
    need(request.user, "learning.view_gradebook", program)
    book = selectors.gradebook(program, state_ids=selectors.staff_states(request.user, program))
    return render(
        request,
        "learning/gradebook.html",
        {
            "program": program,
            "book": book,
            "can_issue": has_perm(request.user, "learning.issue_certificate", program),
        },
    )


@login_required
@require_GET
def gradebook_xlsx(request, year: int):
    program = course_or_404(year)
    need(request.user, "learning.view_gradebook", program)
    book = selectors.gradebook(program, state_ids=selectors.staff_states(request.user, program))
    return FileResponse(
        exports.gradebook_xlsx(book),
        as_attachment=True,
        content_type=exports.XLSX_MIME,
        filename=f"calificaciones-{program.phase.year}.xlsx",
    )


@login_required
@require_GET
def seminars(request, year: int):
    program = course_or_404(year)
    need(request.user, "learning.view_course", program)
    return render(request, "learning/seminars.html", {"program": program, "seminars": selectors.seminars_of(program)})


def _label(status):
    return AttendanceStatus(status).label if status else None


def _seminar(request, pk: int):
    seminar = selectors.seminar_get(pk=pk)
    if seminar is None:
        raise Http404
    need(request.user, "learning.view_course", seminar)
    return seminar


@login_required
@require_GET
def seminar_detail(request, pk: int):
    seminar = _seminar(request, pk)
    program = seminar.program
    can_record = has_perm(request.user, "learning.record_attendance", seminar)
    context = {"seminar": seminar, "program": program, "can_record": can_record}
    if can_record:
        marks = selectors.attendance_of(seminar)
        fellows = selectors.roster(program, state_ids=selectors.staff_states(request.user, program))
        context["rows"] = [(f, _label(marks.get(f.user.pk))) for f in fellows]
    else:
        context["mine"] = _label(selectors.attendance_of(seminar).get(request.user.pk))
    return render(request, "learning/seminar.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def seminar_attendance(request, pk: int):
    seminar = _seminar(request, pk)
    need(request.user, "learning.record_attendance", seminar)
    program = seminar.program
    fellows = selectors.roster(program, state_ids=selectors.staff_states(request.user, program))
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, fellows=fellows, current=selectors.attendance_of(seminar)
    )
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, lambda: services.attendance_record(actor=request.user, seminar=seminar, statuses=form.statuses())
        ):
            messages.success(request, _("Se registró la asistencia."))
            return redirect("learning:seminar", seminar.pk)
    return render(
        request,
        "learning/form.html",
        {"form": form, "title": _("Asistencia: %(s)s") % {"s": seminar.title}, "program": program, "seminar": seminar},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def late_join_rule(request, year: int):
    """The cohort's rule for fellows who join after activities closed; its facilitators set it."""
    program = course_or_404(year)
    need(request.user, "learning.set_late_join_rule", program)
    form = LateJoinForm(
        request.POST if request.method == "POST" else None,
        initial={"rule": program.late_join_rule, "days": program.late_join_days},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if apply_service(
            form,
            lambda: services.late_join_rule_set(
                actor=request.user, program=program, rule=data["rule"], days=data["days"]
            ),
        ):
            messages.success(request, _("Se guardó la regla de ingreso tardío."))
            return redirect("learning:gradebook", program.phase.year)
    return render(
        request,
        "learning/form.html",
        {"form": form, "title": _("Regla de ingreso tardío"), "program": program},
        status=400 if form.errors else 200,
    )
