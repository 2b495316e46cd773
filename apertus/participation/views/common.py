from django.core.exceptions import PermissionDenied

from apertus.core.permissions import has_perm


def need(user, permission: str, obj) -> None:
    if not has_perm(user, permission, obj):
        raise PermissionDenied
