"""What the site search indexes of co-creation: public proposals, with the STL's reasoned answer in the
same document. A plan's proposals follow the plan (a plan leaving draft makes them public)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apertus.core.searchable import Cascade, Doc, IndexedType, goal, join, phase_id
from apertus.participation.models import Proposal, ResponseKind
from apertus.participation.selectors import public_proposals


def _proposals():
    return public_proposals().select_related("process__plan__state__participation", "response")


def _proposal(p) -> Doc:
    response = getattr(p, "response", None) if hasattr(p, "response") else None
    state = p.process.plan.state
    return Doc(
        title=p.title,
        url=p.get_absolute_url(),
        state_id=state.pk,
        phase_id=phase_id(state),
        status=response.kind if response else "sin_respuesta",
        goals=sorted(goal(g)[0] for g in p.goals.all() if goal(g)),
        body=join(
            p.problem, p.solution, p.municipality.name if p.municipality_id else "", response.reason if response else ""
        ),
    )


def _plan_proposals(plan) -> list[QuerySet]:
    return [Proposal.objects.filter(process__plan=plan)]


PROPOSAL = IndexedType(
    "propuesta",
    _("Propuesta"),
    _("Propuestas"),
    "participation.proposal",
    _proposals,
    _proposal,
    weight=1.3,
    order=40,
    statuses=(("sin_respuesta", _("Sin respuesta")), *ResponseKind.choices),
)
PLAN_PROPOSALS = Cascade("plans.actionplan", _plan_proposals)
