"""Reads about calls. Whether a call accepts applications is decided here, in ``call_is_open``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from apertus.calls import scoring
from apertus.calls.models import Call, QuotaDimension
from apertus.core.permissions import has_perm
from apertus.territories.models import DEFAULT_TIME_ZONE, State


def call_is_open(call: Call, now=None) -> bool:
    """The one answer to "does this call accept applications now?".

    Published, already open, and before its deadline — the extension if coordination granted
    one, else the original close. Every service that writes an application asks this.
    """
    now = now or timezone.now()
    return bool(call.is_published and call.opens_at <= now < call.deadline)


def call_stage(call: Call, now=None) -> str:
    """For display: "borrador", "proxima", "abierta" or "cerrada"."""
    now = now or timezone.now()
    if not call.is_published:
        return "borrador"
    if now < call.opens_at:
        return "proxima"
    return "abierta" if call_is_open(call, now) else "cerrada"


def eligible_states(call: Call) -> list[State]:
    """Where applicants may live: the call's chosen states, else ``default_states``. Read once per
    call object."""
    cached = getattr(call, "_eligible_states", None)
    if cached is not None:
        return cached
    states: list[State] = list(call.states.order_by("short_name")) if call.pk else []
    if not states:
        states = default_states(call)
    call._eligible_states = states
    return states


def default_states(call: Call) -> list[State]:
    """The states of a call that chooses none: its phase's participating states, else every
    participating state of the program."""
    participating = State.objects.filter(participation__isnull=False).distinct().order_by("short_name")
    states = list(participating.filter(participation__phase_id=call.phase_id)) if call.phase_id else []
    return states or list(participating)


def visible_calls(user) -> QuerySet[Call]:
    """Published calls; coordination also sees drafts."""
    qs = Call.objects.select_related("phase").order_by("-opens_at", "title")
    if has_perm(user, "calls.manage_call"):
        return qs
    return qs.filter(is_published=True)


def published_calls() -> QuerySet[Call]:
    return Call.objects.filter(is_published=True).select_related("phase").order_by("-opens_at", "title")


def call_get(*, user, slug: str) -> Call:
    """Raises ``Call.DoesNotExist`` for a call that does not exist or that ``user`` may not see."""
    call = Call.objects.select_related("phase").prefetch_related("files").get(slug=slug)
    if not has_perm(user, "calls.view_call", call):
        raise Call.DoesNotExist
    return call


def calls_with_results() -> QuerySet[Call]:
    return Call.objects.filter(is_published=True, results_published_at__isnull=False).select_related("phase")


@dataclass
class Methodology:
    call: Call
    criteria: list
    criteria_shares: list
    questions: list
    question_shares: list
    quotas: list
    example: scoring.WorkedExample

    @property
    def criteria_rows(self) -> list:
        return list(zip(self.criteria, self.criteria_shares, strict=True))

    @property
    def question_rows(self) -> list:
        return list(zip(self.questions, self.question_shares, strict=True))


def methodology(call: Call) -> Methodology:
    """Everything the methodology page shows, read from the configuration the ranking uses."""
    criteria = list(call.criteria.all())
    questions = list(call.questions.all())
    quotas = [q for q in call.quotas.all() if q.dimension != QuotaDimension.STATE]
    return Methodology(
        call,
        criteria,
        scoring.weight_shares(criteria),
        questions,
        scoring.weight_shares(questions),
        quotas,
        scoring.worked_example(call, criteria, questions),
    )


def call_evaluators(call: Call) -> list:
    """The people who evaluate or interview in ``call``, by institution (one query)."""
    return list(call.evaluators.select_related("organization", "user").order_by("organization__name", "user__email"))


def account_by_email(email: str):
    """The active account with this e-mail (case-insensitive), or None."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=(email or "").strip(), is_active=True).first()


def call_time_zone(call: Call) -> tuple[str, str]:
    """The time zone a call's dates are written and shown in, and how to say it: the zone of its
    eligible states when they share one (Sonora: ``America/Hermosillo``), else central Mexico's."""
    from django.utils.translation import gettext as _

    states = eligible_states(call) if call.pk else []
    zones = {s.time_zone for s in states}
    if len(zones) == 1 and (zone := zones.pop()) != DEFAULT_TIME_ZONE:
        names = ", ".join(s.short_name for s in states)
        return zone, _("hora de %(s)s") % {"s": names}
    return DEFAULT_TIME_ZONE, _("hora del centro de México")
