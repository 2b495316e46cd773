from django.db.models import QuerySet
from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment, User, role_in_force
from apertus.core.cache import versioned


def roles_of(user) -> list[RoleAssignment]:
    """The person's current role assignments, read once per request and kept on the user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_apertus_roles", None)
    if cached is None:
        cached = _roles_in_force(user.pk)
        user._apertus_roles = cached
    return cached


def _roles_in_force(user_id: int) -> list[RoleAssignment]:
    """Shared between requests under the content version (any change to an assignment is a write)
    and today's date; the moment a role was ended is compared with the clock on every request."""

    today, now = timezone.localdate(), timezone.now()
    rows = versioned(
        "roles",
        [user_id, today.isoformat()],
        lambda: list(
            RoleAssignment.objects.filter(role_in_force(), user_id=user_id)
            .select_related("state", "phase", "organization")
            .order_by("role", "pk")  # one person's: not by name (the default), which joins the people's table
        ),
    )
    return [a for a in rows if a.ended_at is None or a.ended_at > now]


def forget_roles(user) -> None:
    if hasattr(user, "_apertus_roles"):
        del user._apertus_roles


def has_role(user, role: str, *, state_id=None, phase_id=None) -> bool:
    """True if the person holds ``role`` where asked. An unscoped assignment covers every scope."""
    for assignment in roles_of(user):
        if assignment.role != role:
            continue
        if state_id is not None and assignment.state_id not in (None, state_id):
            continue
        if phase_id is not None and assignment.phase_id not in (None, phase_id):
            continue
        return True
    return False


class Scope(tuple):
    """What a person may see of the plans: everything (coordinators), or the public plans plus the drafts
    of the states whose STL they belong to (none for most people). People with the same scope see the
    same plans, commitments and proposals, so what is read for one serves the others (``key``)."""

    @property
    def everything(self) -> bool:
        return self[0]

    @property
    def state_ids(self) -> tuple[int, ...]:
        return self[1]

    @property
    def key(self) -> str:
        return "all" if self.everything else "states:" + ",".join(map(str, self.state_ids))


def visibility_scope(user) -> Scope:
    """The person's scope (``plans.selectors.plans_visible_to`` reads it): read from their roles, once
    per request."""
    from apertus.accounts.rules import is_coordinator

    if is_coordinator(user):
        return Scope((True, ()))
    states = sorted({a.state_id for a in roles_of(user) if a.role == Role.STL_MEMBER and a.state_id})
    return Scope((False, tuple(states)))


def people_with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(is_active=True, roles__role=role).distinct()


def fellows_count() -> int:
    return RoleAssignment.objects.filter(role=Role.FELLOW, user__is_active=True).values("user").distinct().count()
