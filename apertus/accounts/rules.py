"""Facts about people and the permissions built from them.

Other apps compose these facts (``is_coordinator``, ``is_stl_member_of_state``) into their own
named permissions; the apps below accounts (territories, taxonomy, organizations) reach them by name
(``core.permissions.fact("accounts.is_coordinator")``), declared here with ``add_fact``.
"""

from apertus.accounts.models import Role
from apertus.accounts.selectors import has_role
from apertus.core.permissions import add_fact, add_rule, predicate


def state_id_of(obj):
    """The state an object belongs to: the State itself, or its ``state``/``state_id``."""
    if obj is None:
        return None
    if obj.__class__.__name__ == "State":
        return obj.pk
    return getattr(obj, "state_id", None)


@predicate
def is_authenticated(user, obj):
    return bool(user and user.is_authenticated and user.is_active)


@predicate
def is_coordinator(user, obj):
    return bool(user and user.is_authenticated and (user.is_superuser or has_role(user, Role.COORDINATOR)))


@predicate
def is_superuser(user, obj):
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


@predicate
def is_self(user, obj):
    return bool(user and user.is_authenticated and obj is not None and getattr(obj, "pk", None) == user.pk)


@predicate
def is_stl_member_of_state(user, obj):
    state_id = state_id_of(obj)
    return state_id is not None and has_role(user, Role.STL_MEMBER, state_id=state_id)


@predicate
def is_facilitator_or_advisor(user, obj):
    state_id = state_id_of(obj)
    return has_role(user, Role.FACILITATOR, state_id=state_id) or has_role(user, Role.ADVISOR, state_id=state_id)


@predicate
def is_fellow_of_state(user, obj):
    state_id = state_id_of(obj)
    return state_id is not None and has_role(user, Role.FELLOW, state_id=state_id)


add_fact("accounts.is_coordinator", is_coordinator)

add_rule("accounts.view_profile", is_self | is_coordinator)
add_rule("accounts.change_profile", is_self | is_coordinator)
# A person's own data and account are theirs alone: not even coordination downloads or deletes them.
add_rule("accounts.download_data", is_self)
add_rule("accounts.delete_account", is_self)
add_rule("accounts.assign_role", is_coordinator)
add_rule("accounts.disable_user", is_coordinator)
add_rule("accounts.view_people", is_coordinator)
add_rule("core.access_admin", is_coordinator)
# The admin of the tasks that have their own pages (calls, courses, OGP import) is for developers.
add_rule("core.use_developer_admin", is_superuser)
