from django.core.exceptions import PermissionDenied, ValidationError

from apertus.core.permissions import has_perm
from apertus.participation import selectors


def require(actor, permission: str, obj) -> None:
    """Raise PermissionDenied unless ``actor`` may; ``actor`` None is the system (data loading)."""
    if actor is not None and not has_perm(actor, permission, obj):
        raise PermissionDenied(permission)


def require_phase(process, action: str, now=None) -> None:
    """Raise a ValidationError saying why, unless the phase open at ``now`` allows ``action``."""
    reason = selectors.phase_refusal(process, action, now)
    if reason:
        raise ValidationError(reason, code="phase_closed")
