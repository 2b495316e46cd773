"""Review pages and their forms. Each view checks its permission, then calls a selector or a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apertus.accounts.models import User
from apertus.advice import selectors, services
from apertus.advice.forms import (
    AnswerForm,
    AssessmentForm,
    AssignForm,
    CommentForm,
    ResolveForm,
    RoundForm,
    ThresholdForm,
)
from apertus.advice.models import IRMAssessment
from apertus.advice.services import REVIEWABLE
from apertus.core.concurrency import EditConflict
from apertus.core.forms import apply_service, run_action
from apertus.core.permissions import has_perm, need
from apertus.plans.models import Commitment
from apertus.program.models import ProgramPhase


@require_GET
def plan_review(request, state: str, edition: int):
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    can_quality = has_perm(request.user, "advice.view_quality", plan)
    can_open = has_perm(request.user, "advice.open_round", plan) and plan.status in REVIEWABLE
    return render(
        request,
        "advice/plan_review.html",
        {
            "plan": plan,
            "rounds": selectors.rounds_of(plan),
            "advisors": selectors.advisors_of(plan),
            "quality": selectors.quality_of_plan(plan) if can_quality else None,
            "threshold": selectors.threshold_for(plan) if can_quality else None,
            "round_form": RoundForm(plan=plan) if can_open else None,
            "assign_form": AssignForm() if has_perm(request.user, "advice.assign_advisor", plan) else None,
        },
    )


@login_required
@require_POST
def round_open(request, state: str, edition: int):
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "advice.open_round", plan)
    form = RoundForm(request.POST, plan=plan)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("advice:plan_review", state, edition)
    done = run_action(
        request,
        lambda: services.round_open(
            actor=request.user,
            plan=plan,
            due_date=form.cleaned_data["due_date"],
            commitments=list(form.cleaned_data["commitments"]),
            note=form.cleaned_data["note"],
        ),
    )
    if not done:
        return redirect("advice:plan_review", state, edition)
    messages.success(request, _("Ronda de revisión abierta; la asesoría recibió un aviso."))
    return redirect(done.result)


@login_required
@require_POST
def advisor_assign(request, state: str, edition: int):
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "advice.assign_advisor", plan)
    form = AssignForm(request.POST)
    user = User.objects.filter(email__iexact=form.data.get("email", "").strip()).first() if form.is_valid() else None
    if user is None:
        messages.error(request, _("No hay una cuenta con ese correo."))
    elif run_action(request, lambda: services.advisor_assign(actor=request.user, plan=plan, user=user)):
        messages.success(request, _("Asesoría asignada."))
    return redirect("advice:plan_review", state, edition)


def _round_context(request, review, **extra) -> dict:
    involved = has_perm(request.user, "advice.view_quality", review)
    items = selectors.round_page(review)
    changes = selectors.round_changes(review) if involved else {}
    can_answer = has_perm(request.user, "advice.answer", review) and review.is_open
    for item in items:
        item["changes"] = changes.get(item["commitment"].pk, {}).get("recent", []) if can_answer else []
    return {
        "review": review,
        "plan": review.plan,
        "items": items,
        "diffs": {pk: c["diffs"] for pk, c in changes.items()},
        "show_quality": involved,
        "can_comment": has_perm(request.user, "advice.comment", review) and review.is_open,
        "can_answer": can_answer,
        "can_resolve": has_perm(request.user, "advice.resolve_comment", review) and review.is_open,
        "can_close": has_perm(request.user, "advice.close_round", review) and review.is_open,
        "comment_form": CommentForm(),
        **extra,
    }


@require_GET
def round_detail(request, pk: int):
    review = selectors.round_get(user=request.user, pk=pk)
    return render(request, "advice/round_detail.html", _round_context(request, review))


@login_required
@require_POST
def comment_add(request, pk: int):
    review = selectors.round_get(user=request.user, pk=pk)
    need(request.user, "advice.comment", review)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Revisa el comentario: falta el texto o un dato no es válido."))
        return redirect(review)
    commitment = Commitment.objects.filter(pk=form.cleaned_data["commitment"], plan_id=review.plan_id).first()
    if commitment is None:
        messages.error(request, _("Ese compromiso no está en esta ronda."))
        return redirect(review)
    done = run_action(
        request,
        lambda: services.comment_add(
            actor=request.user,
            review=review,
            commitment=commitment,
            kind=form.cleaned_data["kind"],
            field=form.cleaned_data["field"],
            body=form.cleaned_data["body"],
        ),
    )
    if not done:
        return redirect(review)
    messages.success(request, _("Comentario enviado al STL."))
    return redirect(done.result.get_absolute_url())


def _comment_step(request, pk: int, permission: str, form_class, call):
    comment = selectors.comment_get(user=request.user, pk=pk)
    need(request.user, permission, comment)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Revisa el formulario: falta el texto."))
        return redirect(comment.get_absolute_url())
    try:
        run_action(request, lambda: call(comment, form.cleaned_data))
    except EditConflict as exc:
        context = _round_context(request, comment.round, conflict=exc, stale_text=form.cleaned_data.get("body", ""))
        return render(request, "advice/round_detail.html", context, status=409)
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def comment_answer(request, pk: int):
    return _comment_step(
        request,
        pk,
        "advice.answer",
        AnswerForm,
        lambda comment, data: services.comment_answer(
            actor=request.user,
            comment=comment,
            expected_version=data["version"],
            body=data["body"],
            change_id=data["change"],
        ),
    )


@login_required
@require_POST
def comment_accept(request, pk: int):
    return _comment_step(
        request,
        pk,
        "advice.resolve_comment",
        ResolveForm,
        lambda comment, data: services.comment_accept(
            actor=request.user, comment=comment, expected_version=data["version"], body=data["body"]
        ),
    )


@login_required
@require_POST
def comment_reopen(request, pk: int):
    return _comment_step(
        request,
        pk,
        "advice.resolve_comment",
        ResolveForm,
        lambda comment, data: services.comment_reopen(
            actor=request.user, comment=comment, expected_version=data["version"], body=data["body"]
        ),
    )


@login_required
@require_POST
def round_close(request, pk: int):
    review = selectors.round_get(user=request.user, pk=pk)
    need(request.user, "advice.close_round", review)
    if run_action(request, lambda: services.round_close(actor=request.user, review=review)):
        messages.success(request, _("Ronda cerrada."))
    return redirect(review)


QUALITY_FIELDS = ["title", "problem", "baseline", "objective", "expected_results", "how_it_solves"]


@login_required
@require_http_methods(["GET", "POST"])
def commitment_quality(request, pk: int):
    """The checklist, as a fragment: GET for the saved commitment, POST with the editing form's unsaved text (htmx)."""
    commitment = selectors.commitment_get(user=request.user, pk=pk, permission="advice.view_quality")
    data = None
    if request.method == "POST":
        data = {name: str(request.POST.get(name, ""))[:20000] for name in QUALITY_FIELDS if name in request.POST}
    result = selectors.quality_of_commitment(commitment, data=data)
    return render(
        request,
        "advice/_checklist.html",
        {"quality": result, "commitment": commitment, "threshold": selectors.threshold_for(commitment.plan)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_assess(request, pk: int):
    commitment = selectors.commitment_get(user=request.user, pk=pk, permission="advice.assess_commitment")
    instance = IRMAssessment.objects.filter(commitment=commitment).first()
    form = AssessmentForm(request.POST or None, instance=instance)
    context = {
        "form": form,
        "commitment": commitment,
        "title": _("Evaluación de diseño (IRM) del compromiso %(n)s") % {"n": commitment.number},
        "back": commitment.get_absolute_url(),
    }
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in AssessmentForm.Meta.fields}
        try:
            done = apply_service(
                form,
                lambda: services.assessment_save(
                    actor=request.user, commitment=commitment, expected_version=form.cleaned_data["version"], **fields
                ),
            )
        except EditConflict as exc:
            context["conflict"] = exc
            return render(request, "plans/form.html", context, status=409)
        if done:
            messages.success(request, _("Evaluación guardada."))
            return redirect(commitment)
    return render(request, "plans/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def thresholds(request):
    need(request.user, "advice.set_threshold", None)

    phases = list(ProgramPhase.objects.select_related("quality_threshold").order_by("number"))
    if request.method == "POST":
        phase = get_object_or_404(
            ProgramPhase, pk=request.POST.get("phase") if str(request.POST.get("phase", "")).isdigit() else 0
        )
        form = ThresholdForm(request.POST)
        if form.is_valid():
            services.threshold_set(actor=request.user, phase=phase, minimum_score=form.cleaned_data["minimum_score"])
            messages.success(request, _("Umbral guardado."))
            return redirect("advice:thresholds")
        messages.error(request, _("El puntaje debe ser un número de 0 a 100."))
    return render(request, "advice/thresholds.html", {"phases": phases})
