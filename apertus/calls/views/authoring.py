"""Coordination writes calls in the platform's own pages: create, edit (texts, dates, rules and
rubric), preview as an applicant sees it, publish. The admin stays for developers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apertus.calls import selectors, services
from apertus.calls.authoring_forms import (
    CallFileForm,
    CallForm,
    CriterionFormSet,
    EvaluatorForm,
    QuestionFormSet,
    quota_formset,
    quotas_from,
)
from apertus.calls.views.common import call_or_404
from apertus.calls.views.public import render_call_page
from apertus.core.forms import apply_service
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
    zone_label = selectors.call_time_zone(form.instance)[1]
    return render(request, "calls/edit.html", {"form": form, "call": None, "zone_label": zone_label})


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


def _save_questions(user, call, formset) -> None:
    for form in formset.forms:
        if not form.has_changed():
            continue
        if formset._should_delete_form(form):
            if form.instance.pk:
                services.question_delete(actor=user, question=form.instance)
            continue
        data = form.cleaned_data
        services.question_set(
            actor=user,
            call=call,
            question=form.instance if form.instance.pk else None,
            text=data["text"],
            weight=data["weight"],
            position=data["position"],
        )


@login_required
def call_edit(request, slug: str):
    call = call_or_404(request, slug)
    need(request.user, "calls.manage_call", call)
    zone, zone_label = selectors.call_time_zone(call)
    with timezone.override(zone):  # dates typed and shown in the time of the call's states
        return _call_edit(request, call, zone_label)


def _call_edit(request, call, zone_label: str):
    data = request.POST or None
    form = CallForm(data, instance=call)
    formset = CriterionFormSet(data, queryset=call.criteria.all(), prefix="criteria")
    questions = QuestionFormSet(data, queryset=call.questions.all(), prefix="questions")
    quotas = quota_formset(call, data)
    parts = [form, formset, questions, quotas]
    if request.method == "POST" and all([p.is_valid() for p in parts]):

        @transaction.atomic
        def save():
            services.call_update(
                actor=request.user,
                call=call,
                reason=form.cleaned_data.get("reason", ""),
                states=form.cleaned_data["states"],
                quotas=quotas_from(quotas),
                **form.values(),
            )
            if formset.has_changed():
                _save_criteria(request.user, call, formset)
            if questions.has_changed():
                _save_questions(request.user, call, questions)

        if apply_service(form, save):
            messages.success(request, _("Cambios guardados."))
            return redirect("calls:edit", slug=call.slug)
        call.refresh_from_db()
    context = {"form": form, "formset": formset, "questions": questions, "quotas": quotas, "call": call}
    context["zone_label"] = zone_label
    return render(request, "calls/edit.html", context | {"locks": services.config_locks(call)})


@login_required
def call_preview(request, slug: str):
    """The call page exactly as an applicant sees it, drafts included."""
    call = call_or_404(request, slug)
    need(request.user, "calls.manage_call", call)
    return render_call_page(request, call, preview=True)


@login_required
@require_POST
def call_publish(request, slug: str):
    call = call_or_404(request, slug)
    need(request.user, "calls.manage_call", call)
    publish = request.POST.get("published", "1") == "1"
    services.call_publish(actor=request.user, call=call, published=publish)
    messages.success(request, _("Convocatoria publicada.") if publish else _("Convocatoria retirada."))
    return redirect("calls:edit", slug=call.slug)


@login_required
def evaluators(request, slug: str):
    """Who evaluates and interviews for which institution, and the call's public documents."""
    call = call_or_404(request, slug)
    need(request.user, "calls.manage_call", call)
    form = EvaluatorForm(request.POST if "email" in request.POST else None)
    upload = CallFileForm(request.POST if "title" in request.POST else None, request.FILES or None)
    if form.is_bound and form.is_valid():
        person = selectors.account_by_email(form.cleaned_data["email"])
        if person is None:
            form.add_error("email", _("No hay una cuenta con ese correo."))
        elif apply_service(
            form,
            lambda: services.evaluator_add(
                actor=request.user,
                call=call,
                organization=form.cleaned_data["organization"],
                user=person,
                role=form.cleaned_data["role"],
            ),
            default="email",
        ):
            messages.success(request, _("Persona evaluadora agregada."))
            return redirect("calls:evaluators", slug=call.slug)
    if upload.is_bound and upload.is_valid():
        data = upload.cleaned_data
        if apply_service(
            upload,
            lambda: services.call_file_add(actor=request.user, call=call, upload=data["file"], title=data["title"]),
            default="file",
        ):
            messages.success(request, _("Documento agregado a la convocatoria."))
            return redirect("calls:evaluators", slug=call.slug)
    context = {
        "call": call,
        "form": form,
        "upload": upload,
        "evaluators": selectors.call_evaluators(call),
        "files": list(call.files.all()),
    }
    return render(request, "calls/evaluators.html", context, status=400 if form.errors or upload.errors else 200)


@login_required
@require_POST
def evaluator_remove(request, slug: str, pk: int):
    call = call_or_404(request, slug)
    need(request.user, "calls.manage_call", call)
    services.evaluator_remove(actor=request.user, evaluator=get_object_or_404(call.evaluators, pk=pk))
    messages.success(request, _("Persona evaluadora retirada."))
    return redirect("calls:evaluators", slug=call.slug)


@login_required
@require_POST
def file_remove(request, slug: str, pk: int):
    call = call_or_404(request, slug)
    need(request.user, "calls.manage_call", call)
    services.call_file_remove(actor=request.user, call=call, document=get_object_or_404(call.files, pk=pk))
    messages.success(request, _("Documento retirado de la convocatoria."))
    return redirect("calls:evaluators", slug=call.slug)
