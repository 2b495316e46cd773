"""Who may do what in technical advice.

Advisors are scoped to a plan (``AdvisorAssignment``), not to a state: an advisor of Oaxaca's plan
sees nothing of Sonora's. Only the plan's advisors comment, accept or reopen; only the state's STL
answers; coordination sees everything. Rounds, comments and answers are public once the plan is
published, never before.
"""

from apertus.accounts.rules import is_coordinator, is_stl_member_of_state
from apertus.core.cache import versioned
from apertus.core.permissions import add_rule, predicate

PUBLISHED = {"publicado", "implementacion", "concluido"}


def plan_of(obj):
    """The plan of a plan, commitment, round, comment, reply or assessment."""
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "ActionPlan":
        return obj
    if name in {"Commitment", "ReviewRound"}:
        return obj.plan
    if name in {"ReviewComment", "IRMAssessment"}:
        return obj.commitment.plan
    if name == "ReviewReply":
        return obj.comment.commitment.plan
    return None


def advised_plan_ids(user) -> set[int]:
    """The plans a person advises now, read once per request and kept on the user (and under the
    content version between requests)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_advice_plans", None)
    if cached is None:
        from apertus.advice.models import AdvisorAssignment

        # Shared between the person's requests under the content version: an assignment is a write.
        cached = versioned(
            "advised-plans",
            [user.pk],
            lambda: set(
                AdvisorAssignment.objects.filter(user_id=user.pk, is_active=True).values_list("plan_id", flat=True)
            ),
        )
        user._advice_plans = cached
    return cached


def forget_advised(user) -> None:
    if hasattr(user, "_advice_plans"):
        del user._advice_plans


class _State:
    def __init__(self, state_id):
        self.state_id = state_id


@predicate
def is_plan_advisor(user, obj):
    plan = plan_of(obj)
    return plan is not None and plan.pk in advised_plan_ids(user)


@predicate
def is_plan_stl(user, obj):
    plan = plan_of(obj)
    return plan is not None and is_stl_member_of_state(user, _State(plan.state_id))


@predicate
def is_published(user, obj):
    """The plan is published (or later): its advice is public record."""
    plan = plan_of(obj)
    return plan is not None and plan.status in PUBLISHED and not plan.is_deleted


involved = is_plan_stl | is_plan_advisor | is_coordinator

add_rule("advice.view_review", is_published | involved)
add_rule("advice.view_quality", involved)
add_rule("advice.assign_advisor", is_coordinator)
add_rule("advice.open_round", is_plan_stl | is_coordinator)
add_rule("advice.close_round", is_plan_stl | is_coordinator)
add_rule("advice.comment", is_plan_advisor)
add_rule("advice.answer", is_plan_stl)
add_rule("advice.resolve_comment", is_plan_advisor)
add_rule("advice.assess_commitment", is_plan_advisor | is_coordinator)
add_rule("advice.view_assessment", is_published | involved)
add_rule("advice.set_threshold", is_coordinator)
