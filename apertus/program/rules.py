from apertus.accounts.models import Role, RoleAssignment
from apertus.accounts.rules import is_authenticated, is_coordinator
from apertus.accounts.selectors import roles_of
from apertus.core.permissions import add_rule, always_allow, predicate


@predicate
def is_or_was_fellow(user, obj):
    """Holds a fellow role now, or held one: an alumna keeps control of her public profile."""
    if not getattr(user, "is_authenticated", False):
        return False
    if any(assignment.role == Role.FELLOW for assignment in roles_of(user)):
        return True
    return RoleAssignment.objects.filter(user_id=user.pk, role=Role.FELLOW).exists()


@predicate
def is_consented_profile(user, obj):
    """A fellow profile is public only while its fellow consents and their account is active."""
    return bool(obj is not None and obj.is_shown)


add_rule("program.view_phase", always_allow)
add_rule("program.change_phase", is_coordinator)
add_rule("program.change_participation", is_coordinator)
# Aggregates only (small groups hidden): public.
add_rule("program.view_indicators", always_allow)
# Consent is personal: only the fellow edits (or withdraws) their own public profile, not coordination.
add_rule("program.change_fellow_profile", is_authenticated & is_or_was_fellow)
add_rule("program.view_fellow_profile", is_consented_profile)
