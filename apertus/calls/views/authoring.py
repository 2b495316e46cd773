"""Coordination writes calls in the platform's own pages: create, edit (texts, dates, rules and
rubric), preview as an applicant sees it, publish. The admin stays for developers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apertus.calls import selectors, services
from apertus.calls.authoring_forms import CallForm, CriterionFormSet
from apertus.calls.views.common import call_or_404
from apertus.core.forms import apply_service, errors_to_form
from apertus.core.permissions import need


@login_required
def call_new(request):
    need(request.user, "calls.manage_call")
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if done := apply_service(
            form, lambda: services.call_create(actor=request.user, slug=form.cleaned_data["slug"], **form.values())
        ):
            messages.success(request, _("Convocatoria creada como borrador."))
            return redirect("calls:edit", slug=done.result.slug)
    return render(request, "calls/edit.html", {"form": form, "call": None})


def _save_criteria(user, call, formset) -> None:
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if formset.can_delete and formset._should_delete_form(form):
            if form.instance.pk:
                services.criterion_delete(actor=user, criterion=form.instance)
            continue
        data = form.cleaned_data
        services.criterion_set(
            actor=user,
            call=call,
            criterion=form.instance if form.instance.pk else None,
            name=data["name"],
            description=data.get("description") or "",
            weight=data["weight"],
            name_en=data.get("name_en") or "",
            description_en=data.get("description_en") or "",
            min_score=data["min_score"],
            max_score=data["max_score"],
            position=data["position"],
        )


@login_required
def call_edit(request, slug: str):
    call = call_or_404(request, slug)
    need(request.user, "calls.manage_call", call)
    form = CallForm(request.POST or None, instance=call)
    formset = CriterionFormSet(request.POST or None, queryset=call.criteria.all(), prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                services.call_update(
                    actor=request.user, call=call, reason=form.cleaned_data.get("reason", ""), **form.values()
                )
                if formset.has_changed():
                    _save_criteria(request.user, call, formset)
            messages.success(request, _("Cambios guardados."))
            return redirect("calls:edit", slug=call.slug)
        except ValidationError as exc:
            call.refresh_from_db()
            errors_to_form(form, exc)
    return render(
        request,
        "calls/edit.html",
        {"form": form, "formset": formset, "call": call, "locks": services.config_locks(call)},
    )


@login_required
def call_preview(request, slug: str):
    """The call page exactly as an applicant sees it, drafts included."""
    call = call_or_404(request, slug)
    need(request.user, "calls.manage_call", call)
    return render(
        request,
        "calls/detail.html",
        {
            "call": call,
            "stage": selectors.call_stage(call),
            "is_open": selectors.call_is_open(call),
            "application": None,
            "states": selectors.eligible_states(call),
            "files": list(call.files.all()),
            "preview": True,
        },
    )


@login_required
@require_POST
def call_publish(request, slug: str):
    call = call_or_404(request, slug)
    need(request.user, "calls.manage_call", call)
    publish = request.POST.get("published", "1") == "1"
    services.call_publish(actor=request.user, call=call, published=publish)
    messages.success(request, _("Convocatoria publicada.") if publish else _("Convocatoria retirada."))
    return redirect("calls:edit", slug=call.slug)
