"""Coordination's pages: the applications of a call, the deadline, document checks,
assignments, ranking, selection with quotas, confirmation and publication."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apertus.calls import selectors, services
from apertus.calls.forms import ExtendForm, ProofCheckForm
from apertus.calls.models import Application, ApplicationStatus, ProofStatus
from apertus.calls.views.common import call_or_404
from apertus.core.forms import apply_service, run_action
from apertus.core.history import change_log
from apertus.core.permissions import need


def _managed(request, slug):
    call = call_or_404(request, slug)
    need(request.user, "calls.manage_call", call)
    return call


def _run(request, fn, success: str):
    if done := run_action(request, fn, joined=True):
        messages.success(request, success % {"n": done.result} if "%(n)" in success else success)


@login_required
def manage(request, slug: str):
    call = _managed(request, slug)
    status = request.GET.get("estado", "")
    proof = request.GET.get("comprobante", "")
    qs = selectors.applications_for_call(
        call, status=status or None, proof=proof if proof in ProofStatus.values else None
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(a, selectors.completeness(a)) for a in page]
    counts = {s: Application.objects.filter(call=call, status=s).count() for s in ApplicationStatus.values}
    return render(
        request,
        "calls/manage.html",
        {
            "call": call,
            "page_obj": page,
            "rows": rows,
            "counts": counts,
            "stage": selectors.call_stage(call),
            "statuses": ApplicationStatus.choices,
            "proofs": ProofStatus.choices,
            "current_status": status,
            "current_proof": proof,
            "extend_form": ExtendForm(),
            "history": change_log(call, limit=20),
        },
    )


@login_required
def extend(request, slug: str):
    call = _managed(request, slug)
    initial = {"until": timezone.localtime(call.deadline).replace(tzinfo=None)}
    form = ExtendForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.call_extend_deadline(
                actor=request.user, call=call, until=form.cleaned_data["until"], reason=form.cleaned_data["reason"]
            ),
        ):
            messages.success(request, _("Plazo extendido."))
            return redirect("calls:manage", slug=call.slug)
    return render(
        request,
        "calls/form.html",
        {
            "form": form,
            "title": _("Extender el plazo de «%(c)s»") % {"c": call.title},
            "back": call.get_absolute_url(),
            "call": call,
        },
    )


@login_required
def application_detail(request, slug: str, pk: int):
    call = _managed(request, slug)
    try:
        application = selectors.application_for_coordination(call=call, pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None
    form = ProofCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.proof_check(
                actor=request.user,
                application=application,
                valid=form.cleaned_data["valid"],
                reason=form.cleaned_data["reason"],
                matches_state=form.cleaned_data["matches_state"],
            ),
        ):
            messages.success(request, _("Revisión del comprobante guardada."))
            return redirect("calls:manage_application", slug=call.slug, pk=application.pk)
    return render(
        request,
        "calls/manage_application.html",
        {
            "call": call,
            "application": application,
            "form": form,
            "completeness": selectors.completeness(application),
            "cv": selectors.cv_by_section(application),
            "history": change_log(application, limit=20),
        },
    )


@login_required
@require_POST
def assign_evaluations(request, slug: str):
    call = _managed(request, slug)
    _run(
        request,
        lambda: services.evaluations_assign(actor=request.user, call=call),
        _("Evaluaciones nuevas asignadas: %(n)s."),
    )
    return redirect("calls:manage", slug=call.slug)


@login_required
@require_POST
def assign_interviews(request, slug: str):
    call = _managed(request, slug)
    _run(
        request,
        lambda: services.interviews_assign(actor=request.user, call=call),
        _("Entrevistas nuevas asignadas: %(n)s."),
    )
    return redirect("calls:manage", slug=call.slug)


@login_required
def ranking(request, slug: str):
    call = _managed(request, slug)
    return render(request, "calls/ranking.html", {"call": call, "rows": selectors.ranking(call)})


@login_required
def agreement(request, slug: str):
    call = call_or_404(request, slug)
    need(request.user, "calls.view_agreement", call)
    rows = selectors.agreement(call)
    return render(
        request,
        "calls/agreement.html",
        {
            "call": call,
            "rows": rows,
            "outliers": sum(1 for r in rows if r.is_outlier),
            "threshold": selectors.OUTLIER_SHARE * 10,
        },
    )


@login_required
def selection(request, slug: str):
    call = _managed(request, slug)
    rows = selectors.selection_candidates(call)
    quotas = selectors.quota_tables(call, [r.application for r in rows])
    proposal = selectors.selection_proposal(call, rows)
    proposed = set(proposal.proposal.chosen_ids)
    return render(
        request,
        "calls/selection.html",
        {
            "call": call,
            "quotas": quotas,
            "proposal": proposal,
            "confirmed": call.selection_confirmed_at is not None,
            "rows": [(r, r.application.pk in proposed, proposal.explanations.get(r.application.pk, "")) for r in rows],
            "tied": {pk for pair in proposal.ties for pk in pair},
            "departures": sum(1 for r in rows if r.application.selected != (r.application.pk in proposed)),
        },
    )


@login_required
@require_POST
def apply_proposal(request, slug: str):
    call = _managed(request, slug)
    proposal = selectors.selection_proposal(call, selectors.selection_candidates(call))
    _run(
        request,
        lambda: services.selection_apply_proposal(
            actor=request.user, call=call, chosen_ids=proposal.proposal.chosen_ids
        ),
        _("Propuesta aplicada: %(n)s cambios."),
    )
    return redirect("calls:selection", slug=call.slug)


@login_required
@require_POST
def select(request, slug: str, pk: int):
    """The committee adjusts the selection; departing from the proposal needs a reason."""
    call = _managed(request, slug)
    application = Application.objects.filter(call=call, pk=pk).select_related("call").first()
    if application is None:
        raise Http404
    chosen = request.POST.get("selected") == "1"
    reason = " ".join(request.POST.get("reason", "").split())[:500]
    proposed = pk in selectors.selection_proposal(call, selectors.selection_candidates(call)).proposal.chosen_ids
    if chosen != proposed and not reason:
        messages.error(request, _("Indica el motivo para apartarte de la propuesta."))
    else:
        _run(
            request,
            lambda: services.application_select(
                actor=request.user, application=application, selected=chosen, reason=reason
            ),
            _("Selección actualizada."),
        )
    return redirect(reverse("calls:selection", args=[call.slug]) + f"#solicitud-{pk}")


@login_required
@require_POST
def confirm(request, slug: str):
    call = _managed(request, slug)
    if done := run_action(request, lambda: services.selection_confirm(actor=request.user, call=call), joined=True):
        messages.success(
            request,
            _("Selección confirmada: %(a)s fellows; %(b)s personas no seleccionadas. Se enviaron los avisos.")
            % {"a": done.result.accepted, "b": done.result.not_selected},
        )
    return redirect("calls:selection", slug=call.slug)


@login_required
@require_POST
def publish_results(request, slug: str):
    call = _managed(request, slug)
    _run(request, lambda: services.results_publish(actor=request.user, call=call), _("Resultados publicados."))
    return redirect("calls:manage", slug=call.slug)
