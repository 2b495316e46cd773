"""Who moderates: coordinators everywhere, and each state's STL for the content of its state."""

from apertus.accounts.models import Role
from apertus.accounts.rules import is_authenticated, is_coordinator
from apertus.accounts.selectors import has_role
from apertus.core.permissions import add_rule, predicate
from apertus.moderation.registry import state_id_of
from apertus.moderation.selectors import is_blocked


@predicate
def is_content_stl(user, obj):
    """STL member of the state ``obj`` belongs to; with no object, STL member of any state (queue, log)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if obj is None:
        return has_role(user, Role.STL_MEMBER)
    state_id = state_id_of(obj)
    return state_id is not None and has_role(user, Role.STL_MEMBER, state_id=state_id)


@predicate
def is_author(user, obj):
    return bool(
        getattr(user, "is_authenticated", False) and obj is not None and getattr(obj, "author_id", None) == user.pk
    )


@predicate
def is_blocked_person(user, obj):
    return is_blocked(user)


add_rule("moderation.moderate", is_coordinator | is_content_stl)
add_rule("moderation.block_user", is_coordinator)
add_rule("moderation.flag_content", is_authenticated & ~is_author & ~is_blocked_person)
