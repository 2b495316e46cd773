"""Personal API tokens: created once, stored hashed, checked on every API write."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone
from ninja.security import HttpBearer

from apertus.accounts.models import ApiToken, User


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Return the token record and the raw token, which is never stored nor shown again."""
    raw = "apx_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:10], key_hash=_digest(raw))
    return token, raw


def token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def user_for_token(raw: str) -> User | None:
    if not raw or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_digest(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer apx_…``; the person behind the token becomes ``request.auth``."""

    def authenticate(self, request, token):
        return user_for_token(token)
