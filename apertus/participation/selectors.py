"""Reads for co-creation. "Which phase is open now" is decided here, in ``current_phase``, and nowhere else.

Phase questions read ``process.phases.all()``, so a page that prefetched the phases asks the
database nothing more, and a single call costs one query.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.accounts.selectors import visibility_scope
from apertus.core.cache import versioned
from apertus.moderation.selectors import visible
from apertus.participation.models import Action, Phase, Process, Proposal, Response, Support, local
from apertus.plans.models import ActionPlan
from apertus.plans.selectors import plans_visible_to, public_plans
from apertus.territories.models import Municipality

PROPOSAL_ORDERINGS = {"apoyos": ("-support_count", "-created_at", "-id"), "recientes": ("-created_at", "-id")}


def _phases(process: Process) -> list[Phase]:
    return sorted(process.phases.all(), key=lambda p: p.starts_at)


def current_phase(process: Process, now: datetime | None = None) -> Phase | None:
    """The phase open at ``now`` (default: this moment): it has started and not yet ended."""
    now = now or timezone.now()
    return next((p for p in _phases(process) if p.starts_at <= now < p.ends_at), None)


def phase_allows(process: Process, action: str, now: datetime | None = None) -> bool:
    phase = current_phase(process, now)
    return phase is not None and action in phase.actions


def phase_refusal(process: Process, action: str, now: datetime | None = None) -> str | None:
    """None when the open phase allows ``action``; otherwise why not, for people to read."""
    now = now or timezone.now()
    if phase_allows(process, action, now):
        return None
    label = Action(action).label
    fitting = [p for p in _phases(process) if action in p.actions]
    upcoming = [p for p in fitting if p.starts_at > now]
    if upcoming:
        return _("Todavía no se puede %(action)s: la fase «%(name)s» abre el %(when)s.") % {
            "action": label,
            "name": upcoming[0].name,
            "when": local(upcoming[0].starts_at),
        }
    if fitting:
        return _("Ya no se puede %(action)s: la fase «%(name)s» cerró el %(when)s.") % {
            "action": label,
            "name": fitting[-1].name,
            "when": local(fitting[-1].ends_at),
        }
    return _("Ninguna fase de este proceso permite %(action)s.") % {"action": label}


def respond_refusal(process: Process, now: datetime | None = None) -> str | None:
    """The STL answers (and may correct its answers) while the process runs, i.e. while a phase is open.

    Once the last phase ends the answers are part of the record and no longer change.
    """
    now = now or timezone.now()
    if current_phase(process, now) is not None:
        return None
    phases = _phases(process)
    if not phases:
        return _("El proceso aún no tiene fases.")
    if now < phases[0].starts_at:
        return _("El proceso aún no inicia: abre el %(when)s.") % {"when": local(phases[0].starts_at)}
    if now >= phases[-1].ends_at:
        return _("El proceso terminó el %(when)s; sus respuestas ya no cambian.") % {"when": local(phases[-1].ends_at)}
    following = next(p for p in phases if p.starts_at > now)
    return _("Ninguna fase está abierta ahora; la siguiente abre el %(when)s.") % {"when": local(following.starts_at)}


# Processes


def _with_phases(qs: QuerySet[Process]) -> QuerySet[Process]:
    return qs.select_related("plan__state").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at"))
    )


def processes_visible_to(user) -> QuerySet[Process]:
    return _with_phases(Process.objects.filter(plan__in=plans_visible_to(user)))


def public_processes() -> QuerySet[Process]:
    return _with_phases(Process.objects.filter(plan__in=public_plans()))


def process_for_plan(plan: ActionPlan) -> Process | None:
    return _with_phases(Process.objects.filter(plan=plan)).first()


def process_get(*, user, state_slug: str, edition: int) -> Process:
    try:
        return processes_visible_to(user).get(plan__state__slug=state_slug, plan__edition=edition)
    except Process.DoesNotExist:
        raise Http404 from None


# Proposals


def _proposal_list(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return visible(qs).select_related("author", "municipality", "response__commitment").prefetch_related("goals")


def process_proposals(
    process: Process, *, goal: str = "", municipality: str = "", order: str = "apoyos"
) -> QuerySet[Proposal]:
    """The process page's list: visible proposals, filtered by SDG goal code and municipality code."""
    qs = Proposal.objects.filter(process=process)
    if goal:
        qs = qs.filter(goals__scheme="sdg_goal", goals__code=goal)
    if municipality:
        qs = qs.filter(municipality__code=municipality)
    return _proposal_list(qs).order_by(*PROPOSAL_ORDERINGS.get(order, PROPOSAL_ORDERINGS["apoyos"]))


def process_municipalities(process: Process):
    """Municipalities that have proposals in this process (for the filter; not all 570 of Oaxaca)."""

    return (
        Municipality.objects.filter(proposals__process=process, proposals__is_hidden=False).distinct().order_by("name")
    )


def proposals_visible_to(user) -> QuerySet[Proposal]:
    """Visible proposals of the plans the person may see (what pages, follows and comments offer)."""
    return visible(Proposal.objects.filter(process__plan__in=plans_visible_to(user))).select_related(
        "process__plan__state"
    )


def proposal_get(*, user, pk: int, texts: bool = True) -> Proposal:
    """A visible proposal of a plan the person may see, with what its page shows (phases included);
    ``texts=False`` leaves its goals and attachments to be read when shown (the page's shared fragment)."""
    phases = Prefetch("process__phases", queryset=Phase.objects.order_by("starts_at"))
    qs = (
        proposals_visible_to(user)
        .select_related("author", "municipality", "response__commitment__plan", "response__responded_by")
        .prefetch_related(*(("goals", "attachments", phases) if texts else (phases,)))
    )
    try:
        return qs.get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None


def proposal_page_get(*, user, pk: int) -> Proposal:
    """``proposal_get(texts=False)`` for the proposal's page: read once per visibility scope and content
    version (everyone with the same scope sees the same proposal; any write reads it afresh)."""

    def read():
        try:
            return proposal_get(user=user, pk=pk, texts=False)
        except Http404:
            return False  # a miss is kept too

    proposal = versioned("proposal-page", [pk, visibility_scope(user).key], read)
    if not proposal:
        raise Http404
    return proposal


def has_supported(user, proposal: Proposal) -> bool:
    """Kept per person and proposal under the content version: a support given or withdrawn is a write."""
    if not getattr(user, "is_authenticated", False):
        return False
    return versioned(
        "supported", [user.pk, proposal.pk], lambda: Support.objects.filter(proposal=proposal, user=user).exists()
    )


def public_proposals() -> QuerySet[Proposal]:
    """What the API and open data publish: visible proposals of processes whose plan is public."""
    return _proposal_list(Proposal.objects.filter(process__plan__in=public_plans()))


def public_responses() -> QuerySet[Response]:
    return Response.objects.filter(
        proposal__in=visible(Proposal.objects.filter(process__plan__in=public_plans()))
    ).select_related("proposal")


def unanswered_count(process: Process) -> int:
    return visible(process.proposals.filter(response__isnull=True)).count()


# The trail, both ways


def proposals_for_commitment(commitment) -> QuerySet[Proposal]:
    """Visible proposals whose response links them to ``commitment`` (for the commitment page)."""
    return (
        visible(Proposal.objects.filter(response__commitment=commitment))
        .select_related("author", "response", "municipality")
        .order_by("-support_count", "-created_at")
    )
