"""Public co-creation pages and citizens' actions. Who may act is a permission; when, the services decide."""

from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apertus.accounts.selectors import visibility_scope
from apertus.core import ratelimit
from apertus.core.forms import apply_service, run_action
from apertus.core.history import change_log
from apertus.core.permissions import need
from apertus.core.shared import render_shared
from apertus.participation import selectors, services
from apertus.participation.forms import ProposalForm, ResponseForm
from apertus.participation.models import Action
from apertus.taxonomy.models import Scheme, Term

PROPOSALS_PER_PAGE = 20
DEFAULT_PROPOSAL_RATE = (5, 3600)  # proposals per person per window (seconds); settings.PROPOSAL_RATE overrides


@require_GET
def process_list(request):
    processes = selectors.processes_visible_to(request.user)
    page = Paginator(processes, 30).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(p, selectors.current_phase(p, now)) for p in page]
    return render(request, "participation/process_list.html", {"page_obj": page, "rows": rows})


@require_GET
def process_detail(request, state: str, edition: int):
    process = selectors.process_get(user=request.user, state_slug=state, edition=edition)
    now = timezone.now()
    goal = request.GET.get("ods", "")
    goal = goal if goal.isdigit() else ""
    municipality = request.GET.get("municipio", "")
    municipality = municipality if municipality.isdigit() else ""
    order = request.GET.get("orden", "apoyos")
    order = order if order in selectors.PROPOSAL_ORDERINGS else "apoyos"
    proposals = selectors.process_proposals(process, goal=goal, municipality=municipality, order=order)
    page = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/process_detail.html",
        {
            "process": process,
            "plan": process.plan,
            "phases": process.phases.all(),
            "current": selectors.current_phase(process, now),
            "can_propose": selectors.phase_allows(process, Action.PROPOSE, now),
            "page_obj": page,
            "goals": Term.objects.filter(scheme=Scheme.SDG_GOAL).order_by("position"),
            "municipalities": selectors.process_municipalities(process),
            "filters": {"ods": goal, "municipio": municipality, "orden": order},
            "unanswered": selectors.unanswered_count(process),
        },
    )


@require_GET
def proposal_detail(request, pk: int):
    # The page is shared by everyone with the same visibility scope (core/shared.py); the person's
    # parts (support button, answer link, comment controls) are read per request.
    scope = visibility_scope(request.user)
    proposal = selectors.proposal_page_get(user=request.user, pk=pk)
    process = proposal.process
    response = getattr(proposal, "response", None)
    return render_shared(
        request,
        "participation/proposal_detail.html",
        {
            "proposal": proposal,
            "process": process,
            "plan": process.plan,
            "response": response,
            # Read only when the page's shared fragment is not in the cache.
            "response_history": SimpleLazyObject(lambda: change_log(response, limit=20) if response else []),
            "support_refusal": cache(lambda: selectors.phase_refusal(process, Action.SUPPORT)),
            "supported": lambda: selectors.has_supported(request.user, proposal),
        },
        key=[scope.key],
    )


@login_required
def proposal_create(request, state: str, edition: int):
    process = selectors.process_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "participation.add_proposal", process)
    refusal = selectors.phase_refusal(process, Action.PROPOSE)
    if refusal:
        messages.error(request, refusal)
        return redirect(process)
    form = ProposalForm(request.POST or None, request.FILES or None, state=process.plan.state)
    context = {
        "form": form,
        "multipart": True,
        "back": process.get_absolute_url(),
        "title": _("Nueva propuesta para «%(p)s»") % {"p": process.title},
    }
    if request.method == "POST" and not _within_rate(request.user):
        form.add_error(None, _("Enviaste muchas propuestas en poco tiempo. Espera un rato e inténtalo de nuevo."))
        return render(request, "participation/form.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if done := apply_service(
            form,
            lambda: services.proposal_create(
                actor=request.user,
                process=process,
                title=data["title"],
                problem=data["problem"],
                solution=data["solution"],
                goals=data["goals"],
                municipality=data["municipality"],
                uploads=data["attachments"],
            ),
        ):
            messages.success(request, _("Gracias: tu propuesta se publicó."))
            return redirect(done.result)
    return render(request, "participation/form.html", context)


def _within_rate(user) -> bool:
    limit, window = getattr(settings, "PROPOSAL_RATE", DEFAULT_PROPOSAL_RATE)
    return ratelimit.hit(f"proposal-post:{user.pk}", int(limit), int(window))


def _support_action(request, pk: int, service, done: str, nothing: str = ""):
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    need(request.user, "participation.support_proposal", proposal)
    if outcome := run_action(request, lambda: service(actor=request.user, proposal=proposal)):
        messages.success(request, done if outcome.result or not nothing else nothing)
    return redirect(proposal)


@login_required
@require_POST
def support_add(request, pk: int):
    return _support_action(request, pk, services.support_add, _("Apoyaste esta propuesta."))


@login_required
@require_POST
def support_withdraw(request, pk: int):
    return _support_action(
        request, pk, services.support_withdraw, _("Retiraste tu apoyo."), _("No habías apoyado esta propuesta.")
    )


@login_required
def proposal_respond(request, pk: int):
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    need(request.user, "participation.respond_proposal", proposal)
    refusal = selectors.respond_refusal(proposal.process)
    if refusal:
        messages.error(request, refusal)
        return redirect(proposal)
    response = getattr(proposal, "response", None)
    initial = (
        {"kind": response.kind, "reason": response.reason, "commitment": response.commitment_id} if response else None
    )
    form = ResponseForm(request.POST or None, initial=initial, plan=proposal.process.plan)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, lambda: services.proposal_respond(actor=request.user, proposal=proposal, **form.cleaned_data)
        ):
            messages.success(request, _("Respuesta guardada; la autora o el autor recibe un aviso."))
            return redirect(proposal)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "back": proposal.get_absolute_url(),
            "proposal": proposal,
            "title": _("Responder a «%(t)s»") % {"t": proposal.title},
        },
    )
