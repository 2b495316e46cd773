"""Who may see, join and run working tables. A table belongs to a plan, and the plan decides.

Tables of a public plan are public; tables of a draft plan are seen only by its STL and
coordination, who also run every table of the plan. Anyone signed in may register for a table of
a public plan; *when* they may is the co-creation's business (``selectors.registration_closed_reason``).
"""

from apertus.accounts.rules import is_authenticated, is_coordinator, is_stl_member_of_state
from apertus.core.permissions import add_rule, predicate
from apertus.plans.models import PlanStatus


def plan_of(obj):
    """The plan behind a table, a registration, a commitment link, or the plan itself."""
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "ActionPlan":
        return obj
    if name == "WorkingTable":
        return obj.plan
    if name in {"Registration", "Attendance", "TableCommitment"}:
        return obj.table.plan
    return None


class _StateOf:
    def __init__(self, plan):
        self.state_id = plan.state_id


@predicate
def is_public_plan(user, obj):
    plan = plan_of(obj)
    return plan is not None and plan.status != PlanStatus.DRAFT and not plan.is_deleted


@predicate
def is_plan_stl(user, obj):
    plan = plan_of(obj)
    return plan is not None and is_stl_member_of_state(user, _StateOf(plan))


add_rule("tables.view_table", is_public_plan | is_plan_stl | is_coordinator)
add_rule("tables.register_table", is_authenticated & is_public_plan)
add_rule("tables.manage_table", is_plan_stl | is_coordinator)
