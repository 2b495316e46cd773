from django.db.models import QuerySet

from apertus.accounts.models import Role, RoleAssignment, User, role_in_force


def roles_of(user) -> list[RoleAssignment]:
    """The person's current role assignments, read once per request and kept on the user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_apertus_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(role_in_force(), user_id=user.pk).select_related("state", "phase", "organization")
        )
        user._apertus_roles = cached
    return cached


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


def people_with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(is_active=True, roles__role=role).distinct()


def fellows_count() -> int:
    return RoleAssignment.objects.filter(role=Role.FELLOW, user__is_active=True).values("user").distinct().count()
