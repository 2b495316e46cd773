"""Log-in lock-outs (django-axes), keyed by the account whatever the address.

allauth authenticates with ``email=...`` (its form posts ``login``; a successful log-in reports
``username``), so axes is given one callable that finds the address in any of them. The key is the
lower-cased e-mail: "Ana@X.mx" and "ana@x.mx" are one account. Guesses against one account from
many addresses count together (AXES_LOCKOUT_PARAMETERS = ["username"]); failures on one account
never lock another. Per address, allauth's ``login_failed`` rate limit caps guesses across accounts.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def login_username(request, credentials) -> str | None:
    """The account a log-in attempt is about, as django-axes must key it."""
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        for field in ("email", "username", "login"):
            value = source.get(field) if hasattr(source, "get") else None
            if value:
                return str(value).strip().lower()[:255]
    return None


def retry_at(username: str | None):
    """When a locked account may try again: its latest failure plus the cool-off."""
    from axes.models import AccessAttempt

    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    latest = (
        AccessAttempt.objects.filter(username=username)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
        if username
        else None
    )
    return (latest or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """The 429 page: says when to try again, in words and in ``Retry-After``."""
    when = retry_at(login_username(request, credentials))
    seconds = max(1, math.ceil((when - timezone.now()).total_seconds()))
    context = {"retry_at": when, "retry_minutes": max(1, math.ceil(seconds / 60))}
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
    response["Retry-After"] = str(seconds)
    return response
