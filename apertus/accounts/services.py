"""Writes about people: create, assign and revoke roles, disable. Keyword-only, validated, atomic."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment, User, _new_stamp
from apertus.accounts.selectors import forget_roles
from apertus.core.history import attribute
from apertus.core.permissions import has_perm


def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    state=None,
    sector: str = "",
    organization=None,
    is_demo: bool = False,
) -> User:
    user = User(
        email=User.objects.normalize_email(email).lower(),
        first_name=first_name,
        last_name=last_name,
        state=state,
        sector=sector,
        organization=organization,
        is_demo=is_demo,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    with transaction.atomic():
        user.save()
    return user


def email_mark_verified(*, user: User) -> None:
    """Record that the person controls their e-mail (demo and test accounts; allauth does it for others)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def role_assign(
    *,
    actor: User | None,
    user: User,
    role: str,
    state=None,
    phase=None,
    organization=None,
    sector: str = "",
    starts_on=None,
    ends_on=None,
) -> RoleAssignment:
    """Give ``user`` a role. ``actor`` None means the system (data loading); else it must be allowed."""
    if actor is not None and not has_perm(actor, "accounts.assign_role", user):
        raise PermissionDenied
    existing = RoleAssignment.objects.filter(
        user=user, role=role, state=state, phase=phase, organization=organization, ends_on__isnull=True
    ).first()
    if existing is not None:
        # Assigning a role someone already holds changes nothing (and keeps history clean).
        return existing
    assignment = RoleAssignment(
        user=user,
        role=role,
        state=state,
        phase=phase,
        organization=organization,
        sector=sector,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
    )
    assignment.full_clean()
    with transaction.atomic():
        attribute(assignment, actor)
        assignment.save()
        if role == Role.COORDINATOR and not user.is_staff:
            # Coordinators use the admin; nobody else gets staff status.
            User.objects.filter(pk=user.pk).update(is_staff=True)
            user.is_staff = True
    forget_roles(user)
    return assignment


def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    if not has_perm(actor, "accounts.assign_role", assignment.user):
        raise PermissionDenied
    with transaction.atomic():
        attribute(assignment, actor)
        assignment.ends_on = timezone.localdate()
        assignment.save(update_fields=["ends_on"])
        user = assignment.user
        still_coordinator = (
            RoleAssignment.objects.filter(user=user, role=Role.COORDINATOR, ends_on__isnull=True).exists()
        )
        if user.is_staff and not still_coordinator and not user.is_superuser:
            User.objects.filter(pk=user.pk).update(is_staff=False)
    forget_roles(assignment.user)


def user_disable(*, actor: User, user: User) -> User:
    """Disable an account and end every session it has open, on every server."""
    if not has_perm(actor, "accounts.disable_user", user):
        raise PermissionDenied
    if actor.pk == user.pk:
        raise PermissionDenied("no one may disable their own account this way")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False, session_stamp=_new_stamp())
    user.refresh_from_db()
    return user


def user_enable(*, actor: User, user: User) -> User:
    if not has_perm(actor, "accounts.disable_user", user):
        raise PermissionDenied
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.refresh_from_db()
    return user


def role_end(*, actor: User | None, assignment: RoleAssignment, ends_on) -> RoleAssignment:
    """End a role on a given date (not necessarily today), e.g. when an STL seat ends.

    ``actor`` None means the caller already checked its own permission (the STL service does,
    with ``stl.change_stl``); otherwise the actor must be allowed to assign roles. Ending a role
    never dates it before it began. Coordination roles go through ``role_revoke``, which also
    withdraws access to the admin.
    """
    if assignment.role == Role.COORDINATOR:
        raise ValueError("use role_revoke to end a coordinator role")
    if actor is not None and not has_perm(actor, "accounts.assign_role", assignment.user):
        raise PermissionDenied
    assignment.ends_on = max(ends_on, assignment.starts_on)
    assignment.full_clean()
    with transaction.atomic():
        attribute(assignment, actor)
        assignment.save(update_fields=["ends_on"])
    forget_roles(assignment.user)
    return assignment
