"""The proposed selection for a call: the ranking and the quotas handed to ``calls.selection``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from apertus.calls import selection
from apertus.calls.models import Gender, QuotaDimension
from apertus.calls.selectors.calls import eligible_states
from apertus.calls.selectors.review import Ranked
from apertus.organizations.models import OrganizationType


@dataclass
class ProposalView:
    proposal: selection.Proposal
    explanations: dict[int, str]  # application id → why chosen or skipped
    unmet: list[str]
    ties: list[tuple[int, int]]


def _quota_label(q: selection.Quota, states: dict[str, str]) -> str:
    if q.dimension == QuotaDimension.STATE:
        return _("entidad %(s)s") % {"s": states.get(q.key, q.key)}
    labels = dict(Gender.choices) if q.dimension == QuotaDimension.GENDER else dict(OrganizationType.choices)
    return str(labels.get(q.key, q.key))


def _explain(d: selection.Decision, states: dict[str, str]) -> str:
    names = ", ".join(_quota_label(q, states) for q in d.quotas)
    return {
        "score": _("Elegida por puntaje."),
        "quota": _("Elegida por puntaje; cuenta para la cuota: %(q)s.") % {"q": names},
        "cap_full": _("No elegida: ya están ocupados los lugares de %(q)s.") % {"q": names},
        "reserved": _("No elegida: los lugares restantes se reservan para cumplir la cuota: %(q)s.") % {"q": names},
        "no_seats": _("No elegida: todos los lugares están ocupados por puntajes más altos."),
    }[d.reason]


def selection_proposal(call, rows: list[Ranked]) -> ProposalView:
    """Propose from the ranked candidates (``selection_candidates``); unranked ones are left out.

    A state's seats (its quota, or the call's seats per state) are both its minimum and its
    ceiling; gender and sector quotas are minimums. One query (the quotas) beyond ``rows``.
    """
    states = list(eligible_states(call))
    state_names = {s.code: s.short_name for s in states}
    code_of = {s.pk: s.code for s in states}
    targets = {(q.dimension, q.key): q.target for q in call.quotas.all()}
    quotas = [
        selection.Quota(QuotaDimension.STATE, s.code, minimum=t, maximum=t)
        for s in states
        for t in [targets.get((QuotaDimension.STATE, s.code), call.quota_per_state)]
    ]
    quotas += [
        selection.Quota(dim, key, minimum=target)
        for (dim, key), target in targets.items()
        if dim != QuotaDimension.STATE
    ]
    candidates = [
        selection.Candidate(
            r.application.pk,
            r.combined,
            {
                QuotaDimension.STATE: code_of.get(r.application.state_id, ""),
                QuotaDimension.GENDER: r.application.gender,
                QuotaDimension.SECTOR: r.application.sector,
            },
        )
        for r in rows
        if r.combined is not None
    ]
    seats = sum(q.minimum for q in quotas if q.dimension == QuotaDimension.STATE)
    proposal = selection.propose(candidates, quotas, seats)
    unmet = [
        _("%(q)s: %(n)s de %(t)s (hay %(a)s candidaturas)")
        % {"q": _quota_label(u.quota, state_names), "n": u.chosen, "t": u.quota.minimum, "a": u.available}
        for u in proposal.unmet
    ]
    return ProposalView(
        proposal, {d.candidate.id: _explain(d, state_names) for d in proposal.decisions}, unmet, proposal.ties
    )
