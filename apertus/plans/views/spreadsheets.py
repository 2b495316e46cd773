"""Milestones as a spreadsheet (XLSX or CSV) and progress reported back from one."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from apertus.core.exports import stream_csv
from apertus.core.permissions import has_perm
from apertus.plans import selectors, spreadsheets
from apertus.plans.spreadsheets.export import instructions

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProgressImportForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo con el avance (XLSX o CSV)"),
        help_text=_("El archivo que descargaste de esta página, con tus cambios."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


@require_GET
def milestones_export(request, state: str, edition: int, fmt: str):
    # "plans.view_plan", as the plan page applies it: plan_get only finds the plans the person may see
    # (public ones for everyone, anonymous included; drafts for their STL and coordinators), else 404.
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    name = f"hitos-{plan.state.slug}-{plan.edition}"
    if fmt == "csv":
        return stream_csv(f"{name}.csv", spreadsheets.COLUMNS, spreadsheets.milestone_rows(plan))
    return FileResponse(
        spreadsheets.xlsx_file(plan), as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX_MIME
    )


@login_required
def progress_import(request, state: str, edition: int):
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    if not has_perm(request.user, "plans.report_progress", plan):
        raise PermissionDenied
    form = ProgressImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        result = spreadsheets.progress_import(actor=request.user, plan=plan, upload=form.cleaned_data["archivo"])
        status = 200 if result.ok else 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "plans/progress_import.html",
        {
            "plan": plan,
            "form": form,
            "result": result,
            "instructions": instructions(spreadsheets.MAX_ROWS),
        },
        status=status,
    )
