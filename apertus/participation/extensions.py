"""What co-creation adds to other apps through its manifest (``extends`` and the mechanisms' fields): the
comment gate and moderation state of proposals, and its sections of the plan and commitment pages.
"""

from __future__ import annotations

from apertus.participation.models import Action
from apertus.participation.selectors import phase_refusal, process_for_plan, proposals_for_commitment
from apertus.plans.sections import Section


def comment_gate(user, proposal) -> str | None:
    """Comments on a proposal follow its process: only while the open phase allows commenting."""
    return phase_refusal(proposal.process, Action.COMMENT)


def proposal_state_id(proposal) -> int:
    """Which state's STL moderates a proposal: the state of its plan."""
    return proposal.process.plan.state_id


def plan_section(plan) -> Section:
    """The plan page links to the plan's co-creation process and working tables, when it has a process."""
    return Section("participation/plan_cocreation.html", {"process": process_for_plan(plan)})


def commitment_section(commitment) -> Section:
    """The commitment page lists the citizen proposals it was born from (a lazy QuerySet)."""
    return Section("participation/commitment_trail.html", {"proposals": proposals_for_commitment(commitment)})
