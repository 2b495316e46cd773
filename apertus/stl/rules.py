"""Who may see and run each state's STL.

Drafts (``is_published`` False) are seen only by coordination and that state's STL members; the
same people run the STL. The object is always the ``Stl`` (its state decides).
"""

from apertus.accounts.rules import is_coordinator, is_stl_member_of_state
from apertus.core.permissions import add_rule, has_perm, predicate


@predicate
def is_published(user, obj):
    return bool(obj is not None and getattr(obj, "is_published", False))


add_rule("stl.view_stl", is_published | is_coordinator | is_stl_member_of_state)
add_rule("stl.add_stl", is_coordinator)
add_rule("stl.change_stl", is_coordinator | is_stl_member_of_state)


def can_view_stl(user, stl) -> bool:
    """Published STLs are public, also to anonymous visitors.

    ``has_perm`` answers no to anyone not active, which includes AnonymousUser, so the public
    case is decided here before asking the rule.
    """
    return bool(stl.is_published or has_perm(user, "stl.view_stl", stl))
