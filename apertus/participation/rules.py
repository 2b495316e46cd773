"""Who may do what in co-creation. When (which phase) is checked by the services, with a reason.

A process is seen by whoever sees its plan. Anyone signed in (and not blocked) may propose and
support in a plan they see; the plan's STL and coordinators run the process and answer proposals.
"""

from apertus.accounts.rules import is_authenticated, is_coordinator, is_stl_member_of_state
from apertus.core.permissions import add_rule, predicate
from apertus.moderation.selectors import is_blocked, visible
from apertus.plans.models import PlanStatus


def plan_of(obj):
    """The action plan behind a plan, process, phase, proposal or response."""
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "ActionPlan":
        return obj
    if name == "Process":
        return obj.plan
    if name in {"Phase", "Proposal"}:
        return obj.process.plan
    if name == "Response":
        return obj.proposal.process.plan
    return None


@predicate
def is_process_stl(user, obj):
    plan = plan_of(obj)
    return plan is not None and is_stl_member_of_state(user, plan)


@predicate
def is_public_process(user, obj):
    plan = plan_of(obj)
    return plan is not None and plan.status != PlanStatus.DRAFT and not plan.is_deleted


@predicate
def is_not_blocked(user, obj):

    return not is_blocked(user)


@predicate
def is_visible_proposal(user, obj):
    from apertus.participation.models import Proposal

    return obj is not None and visible(Proposal.objects.filter(pk=obj.pk)).exists()


can_see = is_public_process | is_process_stl | is_coordinator

add_rule("participation.view_process", can_see)
add_rule("participation.manage_process", is_process_stl | is_coordinator)
add_rule("participation.add_proposal", is_authenticated & can_see & is_not_blocked)
add_rule("participation.support_proposal", is_authenticated & can_see & is_not_blocked & is_visible_proposal)
add_rule("participation.respond_proposal", is_process_stl | is_coordinator)
