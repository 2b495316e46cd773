"""How co-creation plugs into other apps: the plan lifecycle, moderation and comments.

Connected once, from ``ParticipationConfig.ready``.
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
    from apertus.comments.registry import register_comment_gate
    from apertus.moderation.registry import register_state_resolver
    from apertus.plans.lifecycle import add_guard
    from apertus.plans.models import PlanStatus

    add_guard(PlanStatus.PUBLISHED, every_proposal_answered)
    register_state_resolver("participation.proposal", proposal_state_id)
    register_comment_gate("participation.proposal", comment_gate)
