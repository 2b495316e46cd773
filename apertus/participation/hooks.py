"""How co-creation plugs into other apps: the plan lifecycle (connected from ``ParticipationConfig.ready``),
and the comment gate and moderation state its manifest names.
"""

from __future__ import annotations

from django.utils.translation import ngettext

from apertus.participation.models import Action


def every_proposal_answered(plan) -> str | None:
    """OGP co-creation standard 4: a plan is not published while a proposal waits for its answer."""
    from apertus.participation.models import Process
    from apertus.participation.selectors import unanswered_count

    process = Process.objects.filter(plan=plan).first()
    if process is None:
        return None
    missing = unanswered_count(process)
    if not missing:
        return None
    return ngettext(
        "%(n)d propuesta ciudadana no tiene respuesta razonada.",
        "%(n)d propuestas ciudadanas no tienen respuesta razonada.",
        missing,
    ) % {"n": missing}


def comment_gate(user, proposal) -> str | None:
    """Comments on a proposal follow its process: only while the open phase allows commenting."""
    from apertus.participation.selectors import phase_refusal

    return phase_refusal(proposal.process, Action.COMMENT)


def proposal_state_id(proposal) -> int:
    """Which state's STL moderates a proposal: the state of its plan."""
    return proposal.process.plan.state_id


def connect() -> None:
    from apertus.plans.lifecycle import add_guard
    from apertus.plans.models import PlanStatus

    add_guard(PlanStatus.PUBLISHED, every_proposal_answered)
