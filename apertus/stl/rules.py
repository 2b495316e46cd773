"""Who may see and run each state's STL.

Drafts (``is_published`` False) are seen only by coordination and that state's STL members; the
same people run the STL. The object is always the ``Stl`` (its state decides).
"""

from apertus.accounts.rules import is_coordinator, is_stl_member_of_state
from apertus.core.permissions import add_rule, has_perm, predicate


@predicate
def is_published(user, obj):
    return bool(obj is not None and getattr(obj, "is_published", False))


@predicate
def is_stl_member_of_seat(user, member):
    """An STL member of the state whose STL the seat (a ``Member``) belongs to."""
    return member is not None and is_stl_member_of_state(user, member.stl)


@predicate
def proposed_the_seat(user, member):
    return bool(member is not None and user.is_authenticated and member.proposed_by_id == user.pk)


@predicate
def holds_the_seat(user, member):
    """The person the seat is for: its account, or the account of the e-mail it was proposed for."""
    if member is None or not user.is_authenticated:
        return False
    if member.person_id is not None and member.person_id == user.pk:
        return True
    return bool(member.email and user.email and member.email.lower() == user.email.lower())


add_rule("stl.view_stl", is_published | is_coordinator | is_stl_member_of_state)
add_rule("stl.add_stl", is_coordinator)
add_rule("stl.change_stl", is_coordinator | is_stl_member_of_state)
# A seat proposed by an STL member needs a second pair of eyes: coordination, or another member of
# the same STL who neither proposed it nor holds it. The object is the pending ``Member``.
add_rule(
    "stl.approve_member",
    is_coordinator | (is_stl_member_of_seat & ~proposed_the_seat & ~holds_the_seat),
)
# Turning a proposal down needs no second person (the proposer may withdraw it), only not its beneficiary.
add_rule("stl.reject_member", is_coordinator | (is_stl_member_of_seat & ~holds_the_seat))


def can_view_stl(user, stl) -> bool:
    """Published STLs are public, also to anonymous visitors.

    ``has_perm`` answers no to anyone not active, which includes AnonymousUser, so the public
    case is decided here before asking the rule.
    """
    return bool(stl.is_published or has_perm(user, "stl.view_stl", stl))
