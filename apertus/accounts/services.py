"""Writes about people: create, profile, consent, assign and revoke roles, disable, delete.

Keyword-only, validated, atomic.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import ApiToken, PrivacyConsent, Role, RoleAssignment, User, _new_stamp, revoke_tokens
from apertus.accounts.personal_data import run_deletion_hooks
from apertus.accounts.privacy import NOTICE_VERSION, ip_hash
from apertus.accounts.selectors import forget_roles
from apertus.core.history import attribute
from apertus.core.permissions import need, require
from apertus.core.validation import full_clean


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
    full_clean(user)
    with transaction.atomic():
        user.save()
    return user


def email_mark_verified(*, user: User) -> None:
    """Record that the person controls their e-mail (demo and test accounts; allauth does it for others)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


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
    require(actor, "accounts.assign_role", user)
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
    full_clean(assignment)
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
    need(actor, "accounts.assign_role", assignment.user)
    with transaction.atomic():
        attribute(assignment, actor)
        assignment.ends_on = max(timezone.localdate(), assignment.starts_on)
        assignment.ended_at = timezone.now()  # powers end now, not at midnight
        assignment.save(update_fields=["ends_on", "ended_at"])
        revoke_tokens(assignment.user)
        user = assignment.user
        still_coordinator = RoleAssignment.objects.filter(
            user=user, role=Role.COORDINATOR, ends_on__isnull=True
        ).exists()
        if user.is_staff and not still_coordinator and not user.is_superuser:
            User.objects.filter(pk=user.pk).update(is_staff=False)
    forget_roles(assignment.user)


def user_disable(*, actor: User, user: User) -> User:
    """Disable an account and end every session it has open, on every server."""
    need(actor, "accounts.disable_user", user)
    if actor.pk == user.pk:
        raise PermissionDenied("no one may disable their own account this way")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False, session_stamp=_new_stamp())
    user.refresh_from_db()
    return user


def user_enable(*, actor: User, user: User) -> User:
    need(actor, "accounts.disable_user", user)
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
    require(actor, "accounts.assign_role", assignment.user)
    assignment.ends_on = max(ends_on, assignment.starts_on)
    if ends_on <= timezone.localdate():
        # Ended today (or dated back): the powers end this moment, not at midnight.
        assignment.ended_at = timezone.now()
    full_clean(assignment)
    with transaction.atomic():
        attribute(assignment, actor)
        assignment.save(update_fields=["ends_on", "ended_at"])
        if assignment.ended_at is not None:
            # A token acts with the person's roles: one that lost a role must be re-issued.
            revoke_tokens(assignment.user)
    forget_roles(assignment.user)
    return assignment


PROFILE_FIELDS = ["first_name", "last_name", "state", "municipality", "sector", "organization_name"]
DELETED_NAME = "Persona eliminada"


def profile_update(
    *,
    actor: User,
    user: User,
    first_name: str,
    last_name: str,
    state,
    municipality=None,
    sector: str = "",
    organization_name: str = "",
) -> User:
    """Change a person's profile. The municipality must belong to the state (``User.clean``)."""
    need(actor, "accounts.change_profile", user)
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.state, user.municipality = state, municipality
    user.sector, user.organization_name = sector, organization_name.strip()
    full_clean(user, exclude=["password"])
    with transaction.atomic():
        user.save(update_fields=PROFILE_FIELDS)
    return user


def privacy_consent_record(*, user: User, ip: str = "", version: str = NOTICE_VERSION) -> PrivacyConsent:
    """Keep the evidence that ``user`` accepted ``version`` of the privacy notice, now."""
    consent = PrivacyConsent(user=user, notice_version=version, ip_hash=ip_hash(ip))
    full_clean(consent)
    with transaction.atomic():
        consent.save()
    return consent


def account_delete(*, user: User) -> User:
    """Delete a person's account at their request (LFPDPPP cancellation), keeping contributions.

    The row stays, anonymised, so everything the person wrote still points to it and public pages
    show "Persona eliminada". Gone: name, e-mail, profile, e-mail addresses, API tokens, log-in
    records, roles (ended), every open session. Kept: privacy consents, marked revoked and without
    the address hash, as the record that the data was processed lawfully while the account lived.
    Other apps remove their personal extras through ``register_account_deletion`` hooks, which run
    first, inside the same transaction, while the person is still recognisable.
    The caller checks who asks (the person, after re-entering their password).
    """
    from allauth.account.models import EmailAddress

    old_email = user.email
    now = timezone.now()
    with transaction.atomic():
        run_deletion_hooks(user)
        EmailAddress.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user).delete()
        PrivacyConsent.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        PrivacyConsent.objects.filter(user=user).update(ip_hash="")
        for assignment in RoleAssignment.objects.filter(user=user, ends_on__isnull=True):
            assignment.ends_on = max(timezone.localdate(), assignment.starts_on)
            assignment.ended_at = now
            assignment.save(update_fields=["ends_on", "ended_at"])
        _forget_login_records(user, old_email)
        user.first_name, user.last_name = DELETED_NAME, ""
        # RFC 2606 reserves .invalid: the address is well formed, unique and can never receive mail.
        user.email = f"eliminada-{secrets.token_hex(8)}@cuenta.invalid"
        user.state = user.municipality = user.organization = None
        user.sector = user.organization_name = ""
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.session_stamp = _new_stamp()  # ends every open session, on every server
        user.save()
    forget_roles(user)
    return user


def _forget_login_records(user: User, email: str) -> None:
    """Log-in attempts (django-axes) and admin log lines name the person by e-mail or name."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        object_repr=DELETED_NAME
    )
