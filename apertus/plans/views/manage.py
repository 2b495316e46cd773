"""Editing views for the STL and coordinators. Each checks its permission, then calls a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apertus.core.concurrency import EditConflict, require_version
from apertus.core.forms import apply_service, run_action
from apertus.core.permissions import has_perm, need
from apertus.plans import selectors, services
from apertus.plans.forms import (
    CommitmentForm,
    DeleteForm,
    MilestoneForm,
    OverrideForm,
    PlanDocumentForm,
    PlanForm,
    ProgressForm,
)
from apertus.plans.models import Commitment, MilestoneStatus
from apertus.territories.models import State


def _conflict(request, template, context, exc: EditConflict):
    context["conflict"] = exc
    return render(request, template, context, status=409)


@login_required
def plan_create(request, state: str):
    state_obj = get_object_or_404(State, slug=state)
    need(request.user, "plans.add_plan", state_obj)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if done := apply_service(
            form,
            lambda: services.plan_create(
                actor=request.user, state=state_obj, **{k: form.cleaned_data[k] for k in PlanForm.Meta.fields}
            ),
        ):
            return redirect(done.result)
    return render(
        request, "plans/form.html", {"form": form, "title": _("Nuevo plan de acción de %(s)s") % {"s": state_obj}}
    )


@login_required
def plan_edit(request, state: str, edition: int):
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "plans.change_plan", plan)
    form = PlanForm(request.POST or None, instance=plan)
    context = {"form": form, "title": _("Editar «%(p)s»") % {"p": plan.title}, "back": plan.get_absolute_url()}
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in PlanForm.Meta.fields}
        try:
            done = apply_service(
                form,
                lambda: services.plan_update(
                    actor=request.user,
                    plan=plan,
                    expected_version=require_version(form.cleaned_data["version"]),
                    **fields,
                ),
            )
        except EditConflict as exc:
            return _conflict(request, "plans/form.html", context, exc)
        if done:
            messages.success(request, _("Plan guardado."))
            return redirect(done.result)
    return render(request, "plans/form.html", context)


@login_required
@require_POST
def plan_transition(request, state: str, edition: int):
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "plans.change_plan", plan)
    if run_action(
        request,
        lambda: services.plan_transition(
            actor=request.user,
            plan=plan,
            target=request.POST.get("target", ""),
            reason=request.POST.get("reason", "")[:200],
        ),
    ):
        messages.success(request, _("El plan cambió de etapa."))
    return redirect(plan)


@login_required
def commitment_create(request, state: str, edition: int):
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "plans.change_commitment", plan)
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if done := apply_service(
            form,
            lambda: services.commitment_create(
                actor=request.user,
                plan=plan,
                targets=form.cleaned_data["targets"],
                co_responsible=form.cleaned_data["co_responsible"],
                values=form.value_pairs(),
                **form.service_fields(),
            ),
        ):
            return redirect(done.result)
    return render(
        request, "plans/form.html", {"form": form, "title": _("Nuevo compromiso"), "back": plan.get_absolute_url()}
    )


@login_required
def commitment_edit(request, pk: int):
    commitment = selectors.commitment_get(user=request.user, pk=pk)
    need(request.user, "plans.change_commitment", commitment)
    form = CommitmentForm(request.POST or None, instance=commitment)
    context = {
        "form": form,
        "title": _("Editar compromiso %(n)s") % {"n": commitment.number},
        "back": commitment.get_absolute_url(),
    }
    if has_perm(request.user, "advice.view_quality", commitment):  # the live quality checklist (apertus.advice)
        context["quality_url"] = reverse("advice:commitment_quality", args=[commitment.pk])
    if request.method == "POST" and form.is_valid():
        try:
            done = apply_service(
                form,
                lambda: services.commitment_update(
                    actor=request.user,
                    commitment=commitment,
                    expected_version=require_version(form.cleaned_data["version"]),
                    targets=form.cleaned_data["targets"],
                    co_responsible=form.cleaned_data["co_responsible"],
                    values=form.value_pairs(),
                    **form.service_fields(),
                ),
            )
        except EditConflict as exc:
            return _conflict(request, "plans/form.html", context, exc)
        if done:
            messages.success(request, _("Compromiso guardado."))
            return redirect(done.result)
    return render(request, "plans/form.html", context)


@login_required
@require_POST
def commitment_delete(request, pk: int):
    commitment = selectors.commitment_get(user=request.user, pk=pk)
    need(request.user, "plans.delete_commitment", commitment)
    form = DeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indica el motivo de la eliminación."))
        return redirect(commitment)
    services.commitment_delete(actor=request.user, commitment=commitment, reason=form.cleaned_data["reason"])
    messages.success(request, _("Compromiso eliminado. La coordinación puede restaurarlo."))
    return redirect(commitment.plan)


@login_required
def trash(request):
    need(request.user, "plans.restore_commitment", None)
    return render(request, "plans/trash.html", {"commitments": selectors.deleted_commitments()})


@login_required
@require_POST
def commitment_restore(request, pk: int):
    commitment = get_object_or_404(Commitment.all_objects, pk=pk, is_deleted=True)
    need(request.user, "plans.restore_commitment", commitment)
    if run_action(request, lambda: services.commitment_restore(actor=request.user, commitment=commitment), joined=True):
        messages.success(request, _("Compromiso restaurado."))
    return redirect("plans:trash")


@login_required
@require_POST
def commitment_override(request, pk: int):
    commitment = selectors.commitment_get(user=request.user, pk=pk)
    need(request.user, "plans.override_completion", commitment)
    form = OverrideForm(request.POST)
    if form.is_valid() and run_action(
        request,
        lambda: services.commitment_override_completion(
            actor=request.user,
            commitment=commitment,
            completion=form.cleaned_data["completion"],
            justification=form.cleaned_data["justification"],
        ),
        joined=True,
    ):
        messages.success(request, _("Cumplimiento actualizado."))
    return redirect(commitment)


@login_required
def milestone_create(request, pk: int):
    commitment = selectors.commitment_get(user=request.user, pk=pk)
    need(request.user, "plans.change_commitment", commitment)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.milestone_create(
                actor=request.user,
                commitment=commitment,
                **{k: form.cleaned_data[k] for k in MilestoneForm.Meta.fields},
            ),
        ):
            return redirect(commitment)
    return render(
        request, "plans/form.html", {"form": form, "title": _("Nuevo hito"), "back": commitment.get_absolute_url()}
    )


@login_required
def milestone_edit(request, pk: int):
    milestone = selectors.milestone_get(user=request.user, pk=pk)
    need(request.user, "plans.change_commitment", milestone)
    form = MilestoneForm(request.POST or None, instance=milestone)
    context = {"form": form, "title": _("Editar hito"), "back": milestone.get_absolute_url()}
    if request.method == "POST" and form.is_valid():
        try:
            done = apply_service(
                form,
                lambda: services.milestone_update(
                    actor=request.user,
                    milestone=milestone,
                    expected_version=require_version(form.cleaned_data["version"]),
                    **{k: form.cleaned_data[k] for k in MilestoneForm.Meta.fields},
                ),
            )
        except EditConflict as exc:
            return _conflict(request, "plans/form.html", context, exc)
        if done:
            return redirect(milestone.commitment)
    return render(request, "plans/form.html", context)


@login_required
def progress_report(request, pk: int):
    milestone = selectors.milestone_get(user=request.user, pk=pk)
    need(request.user, "plans.report_progress", milestone)
    initial = {"progress": milestone.progress, "status": milestone.status, "version": milestone.version}
    form = ProgressForm(request.POST or None, request.FILES or None, initial=initial)
    context = {
        "form": form,
        "title": _("Reportar avance: %(m)s") % {"m": milestone.title},
        "back": milestone.get_absolute_url(),
        "multipart": True,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def report():
            require_version(data["version"])
            new_evidence = []
            if data.get("evidence_file") or data.get("evidence_url"):
                # The service keeps the file inside its transaction, after the version check.
                item = {"description": data["evidence_description"], "url": data.get("evidence_url") or ""}
                if data.get("evidence_file"):
                    item["upload"] = data["evidence_file"]
                new_evidence.append(item)
            services.progress_report(
                actor=request.user,
                milestone=milestone,
                progress=data["progress"],
                status=data["status"],
                note=data["note"],
                expected_version=data["version"],
                new_evidence=new_evidence,
            )

        try:
            done = apply_service(form, report)
        except EditConflict as exc:
            return _conflict(request, "plans/form.html", context, exc)
        if done:
            messages.success(request, _("Avance registrado."))
            return redirect(milestone.get_absolute_url())
    context["statuses"] = MilestoneStatus.choices
    return render(request, "plans/form.html", context)


@login_required
def plan_document_add(request, state: str, edition: int):
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "plans.change_plan", plan)
    form = PlanDocumentForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "title": _("Agregar documento al repositorio"),
        "back": plan.get_absolute_url(),
        "multipart": True,
    }
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.plan_document_add(
                actor=request.user,
                plan=plan,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                date=form.cleaned_data["date"],
            ),
        ):
            messages.success(request, _("Documento agregado."))
            return redirect(plan)
    return render(request, "plans/form.html", context)
