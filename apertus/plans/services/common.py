from django.core.exceptions import PermissionDenied

from apertus.core.permissions import has_perm


def require(actor, permission: str, obj) -> None:
    """Raise PermissionDenied unless ``actor`` may; ``actor`` None is the system (data loading)."""
    if actor is not None and not has_perm(actor, permission, obj):
        raise PermissionDenied(permission)


def apply(obj, fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(obj, key, value)
