"""Running a process (STL of the plan's state and coordinators): create it, describe it, lay out phases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apertus.core.forms import apply_service
from apertus.core.permissions import need
from apertus.participation import selectors, services
from apertus.participation.forms import PhaseForm, ProcessForm
from apertus.participation.models import Phase
from apertus.plans.selectors import plan_get, plans_visible_to


def _manage_url(plan) -> str:
    return reverse("participation:process_manage", args=[plan.state.slug, plan.edition])


@login_required
def process_manage(request, state: str, edition: int):
    plan = plan_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "participation.manage_process", plan)
    process = selectors.process_for_plan(plan)
    form = ProcessForm(
        request.POST or None,
        instance=process,
        initial=None if process else {"title": _("Cocreación del %(p)s") % {"p": plan.title}},
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ProcessForm.Meta.fields}

        def save():
            if process is None:
                services.process_create(actor=request.user, plan=plan, **fields)
            else:
                services.process_update(actor=request.user, process=process, **fields)

        if apply_service(form, save):
            messages.success(request, _("Proceso guardado."))
            return redirect(_manage_url(plan))
    return render(
        request,
        "participation/manage.html",
        {"plan": plan, "process": process, "form": form, "phases": process.phases.all() if process else []},
    )


def _phase_page(request, form, process, title):
    return render(request, "participation/form.html", {"form": form, "title": title, "back": _manage_url(process.plan)})


@login_required
def phase_create(request, state: str, edition: int):
    process = selectors.process_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "participation.manage_process", process)
    form = PhaseForm(request.POST or None, instance=Phase(process=process))
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, lambda: services.phase_create(actor=request.user, process=process, **form.service_fields())
        ):
            messages.success(request, _("Fase agregada."))
            return redirect(_manage_url(process.plan))
    return _phase_page(request, form, process, _("Nueva fase de «%(p)s»") % {"p": process.title})


def _phase(request, pk: int) -> Phase:
    phase = (
        Phase.objects.select_related("process__plan__state")
        .filter(pk=pk, process__plan__in=plans_visible_to(request.user))
        .first()
    )
    if phase is None:
        raise Http404
    need(request.user, "participation.manage_process", phase)
    return phase


@login_required
def phase_edit(request, pk: int):
    phase = _phase(request, pk)
    form = PhaseForm(request.POST or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        if apply_service(form, lambda: services.phase_update(actor=request.user, phase=phase, **form.service_fields())):
            messages.success(request, _("Fase guardada."))
            return redirect(_manage_url(phase.process.plan))
    return _phase_page(request, form, phase.process, _("Editar la fase «%(n)s»") % {"n": phase.name})


@login_required
@require_POST
def phase_delete(request, pk: int):
    phase = _phase(request, pk)
    services.phase_delete(actor=request.user, phase=phase)
    messages.success(request, _("Fase eliminada."))
    return redirect(_manage_url(phase.process.plan))
