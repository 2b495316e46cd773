"""What is new ("novedades") on public records, for the Atom feeds.

Each source reads at most ``LIMIT`` rows with its joins, so a feed runs a fixed number of queries
whatever the amount of data. Only public records appear: plans that are not drafts, commitments and
milestones that are not deleted, visible proposals of public plans, published STLs. Dates are the
moment the record was written (never an event's future date), capped at now.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.moderation.selectors import visible
from apertus.participation.models import Proposal, Response
from apertus.plans.models import ActionPlan, Commitment, PlanStatus, ProgressReport
from apertus.plans.selectors import public_plans
from apertus.stl.models import Agreement, Session

LIMIT = 40  # per source; a feed shows the newest FEED_SIZE of all sources together
FEED_SIZE = 50


@dataclass(frozen=True)
class Entry:
    kind: str
    key: str  # stable id of the record (an update keeps it)
    title: str
    description: str
    link: str
    date: datetime
    created: datetime


@dataclass(frozen=True)
class Scope:
    """Which records a feed covers: everything, one state, one plan or one consultation (a plan's process)."""

    state_id: int | None = None
    plan_id: int | None = None
    sources: tuple[str, ...] = ("plans", "commitments", "progress", "answers", "stl")


def _past(moment: datetime) -> datetime:
    now = timezone.now()
    return moment if moment <= now else now


def _plans(scope: Scope):

    plans = public_plans()
    if scope.plan_id:
        plans = plans.filter(pk=scope.plan_id)
    elif scope.state_id:
        plans = plans.filter(state_id=scope.state_id)
    return plans


def _published_plans(scope: Scope) -> list[Entry]:

    plans = list(_plans(scope).order_by("-updated_at", "-pk")[:LIMIT])
    # When a plan left the draft stage, from its history: one grouped query for all of them.
    opened = dict(
        ActionPlan.history.filter(id__in=[p.pk for p in plans])
        .exclude(status=PlanStatus.DRAFT)
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    return [
        Entry(
            "plan",
            f"plan:{p.pk}",
            _("Plan publicado: %(title)s (%(state)s)") % {"title": p.title, "state": p.state.short_name},
            _("Etapa: %(stage)s. Avance: %(progress)s%%.") % {"stage": p.get_status_display(), "progress": p.progress},
            p.get_absolute_url(),
            _past(p.updated_at),
            _past(opened.get(p.pk) or p.created_at),
        )
        for p in plans
    ]


def _commitments(scope: Scope) -> list[Entry]:

    rows = (
        Commitment.objects.filter(plan__in=_plans(scope))
        .select_related("plan__state")
        .only(
            "pk", "number", "title", "created_at", "updated_at", "plan__state__short_name", "plan__edition", "progress"
        )
        .order_by("-updated_at", "-pk")[:LIMIT]
    )
    entries = []
    for c in rows:
        new = (c.updated_at - c.created_at).total_seconds() < 60
        label = _("Compromiso nuevo") if new else _("Compromiso actualizado")
        entries.append(
            Entry(
                "commitment",
                f"commitment:{c.pk}",
                f"{label}: {c.plan.state.short_name} · {c.number}. {c.title}",
                _("Avance: %(progress)s%%.") % {"progress": c.progress},
                c.get_absolute_url(),
                _past(c.updated_at),
                _past(c.created_at),
            )
        )
    return entries


def _progress(scope: Scope) -> list[Entry]:

    rows = (
        ProgressReport.objects.filter(
            commitment__plan__in=_plans(scope), commitment__is_deleted=False, milestone__is_deleted=False
        )
        .select_related("milestone", "commitment__plan__state")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    return [
        Entry(
            "progress",
            f"progress:{r.pk}",
            _("Avance: %(state)s · %(n)s. %(title)s: %(after)s%%")
            % {
                "state": r.commitment.plan.state.short_name,
                "n": r.commitment.number,
                "title": r.commitment.title,
                "after": r.progress_after,
            },
            _("Hito «%(m)s»: de %(a)s%% a %(b)s%%.")
            % {"m": r.milestone.title, "a": r.progress_before, "b": r.progress_after},
            r.commitment.get_absolute_url() + f"#hito-{r.milestone_id}",
            _past(r.created_at),
            _past(r.created_at),
        )
        for r in rows
    ]


def _answers(scope: Scope) -> list[Entry]:

    proposals = visible(Proposal.objects.filter(process__plan__in=_plans(scope)))
    rows = (
        Response.objects.filter(proposal__in=proposals)
        .select_related("proposal__process__plan__state")
        .order_by("-responded_at", "-pk")[:LIMIT]
    )
    return [
        Entry(
            "answer",
            f"answer:{r.pk}",
            _("Respuesta a la propuesta «%(title)s»: %(kind)s")
            % {"title": r.proposal.title, "kind": r.get_kind_display()},
            r.reason[:500],
            r.proposal.get_absolute_url(),
            _past(r.updated_at),
            _past(r.responded_at),
        )
        for r in rows
    ]


def _stl(scope: Scope) -> list[Entry]:

    sessions = Session.objects.filter(stl__is_published=True)
    if scope.state_id:
        sessions = sessions.filter(stl__state_id=scope.state_id)
    entries = []
    for s in sessions.select_related("stl__state").order_by("-created_at", "-pk")[:LIMIT]:
        when = timezone.localtime(s.starts_at).strftime("%Y-%m-%d %H:%M")
        entries.append(
            Entry(
                "session",
                f"session:{s.pk}",
                _("Sesión del STL de %(state)s: %(when)s") % {"state": s.stl.state.short_name, "when": when},
                s.place or s.online_url,
                s.get_absolute_url(),
                _past(s.updated_at),
                _past(s.created_at),
            )
        )
    agreements = (
        Agreement.objects.filter(session__in=sessions)
        .select_related("session__stl__state")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    for a in agreements:
        entries.append(
            Entry(
                "agreement",
                f"agreement:{a.pk}",
                _("Acuerdo del STL de %(state)s") % {"state": a.session.stl.state.short_name},
                a.text[:500],
                a.session.get_absolute_url(),
                _past(a.updated_at),
                _past(a.created_at),
            )
        )
    return entries


SOURCES = {
    "plans": _published_plans,
    "commitments": _commitments,
    "progress": _progress,
    "answers": _answers,
    "stl": _stl,
}


def news(scope: Scope | None = None) -> list[Entry]:
    """The newest public changes in ``scope``, newest first."""
    scope = scope or Scope()
    # An entry is never published after its last update (history rows are written just after the record).
    entries = [replace(e, created=min(e.created, e.date)) for name in scope.sources for e in SOURCES[name](scope)]
    entries.sort(key=lambda e: (e.date, e.key), reverse=True)
    return entries[:FEED_SIZE]
