"""Who may do what with action plans. Drafts are seen only by their STL and coordinators."""

from apertus.accounts.rules import is_authenticated, is_coordinator, is_facilitator_or_advisor, is_stl_member_of_state
from apertus.core.permissions import add_rule, predicate
from apertus.plans.models import PlanStatus


def plan_of(obj):
    """The plan an object belongs to (plan, commitment, milestone, evidence, progress report)."""
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "ActionPlan":
        return obj
    if name in {"Commitment", "ProgressReport"}:
        return obj.commitment.plan if name == "ProgressReport" else obj.plan
    if name == "Milestone":
        return obj.commitment.plan
    if name == "Evidence":
        return obj.milestone.commitment.plan
    return None


class _StateOfPlan:
    def __init__(self, plan):
        self.state_id = plan.state_id if plan is not None else None


@predicate
def is_plan_stl(user, obj):
    plan = plan_of(obj)
    return plan is not None and is_stl_member_of_state(user, _StateOfPlan(plan))


@predicate
def is_public_plan(user, obj):
    plan = plan_of(obj)
    return plan is not None and plan.status != PlanStatus.DRAFT and not plan.is_deleted


@predicate
def is_state_stl(user, obj):
    """For creating a plan: ``obj`` is the State."""
    return is_stl_member_of_state(user, obj)


add_rule("plans.view_plan", is_public_plan | is_plan_stl | is_coordinator)
add_rule("plans.add_plan", is_state_stl | is_coordinator)
add_rule("plans.change_plan", is_plan_stl | is_coordinator)
add_rule("plans.advance_plan", is_plan_stl | is_coordinator)
add_rule("plans.conclude_plan", is_plan_stl | is_coordinator)
add_rule("plans.change_commitment", is_plan_stl | is_coordinator)
add_rule("plans.report_progress", is_plan_stl | is_coordinator)
add_rule("plans.override_completion", is_coordinator)
add_rule("plans.delete_commitment", is_plan_stl | is_coordinator)
add_rule("plans.restore_commitment", is_coordinator)
add_rule("plans.comment_commitment", is_authenticated & (is_public_plan | is_plan_stl | is_coordinator))
# Importing OGP's commitments export creates many commitments and shared organisations at once, from
# a file that is not the STL's own work: coordinators do it (STL members add commitments one by one).
add_rule("plans.import_ogp", is_authenticated & is_coordinator)
add_rule("plans.advise_commitment", is_facilitator_or_advisor | is_coordinator)
