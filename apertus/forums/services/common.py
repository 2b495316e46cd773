"""What every write here shares: the permission check, validated saves and rate limits."""

from __future__ import annotations

from django.conf import settings
from django.utils.text import slugify

from apertus.core.ratelimit import hit
from apertus.forums.models import RESERVED_SLUGS

# (how many, in how many seconds) per person; settings can tighten or loosen them.
DEFAULT_LIMITS = {"message": (10, 600), "post": (20, 600), "topic": (5, 600)}


class RateLimited(Exception):
    """The person wrote too much, too fast: nothing was saved. Views answer 429."""


def throttle(actor, action: str) -> None:
    """Count one ``action`` by ``actor``; raise RateLimited past the limit. The system is never limited."""
    if actor is None:
        return
    limit, window = getattr(settings, "FORUMS_RATE_LIMITS", {}).get(action, DEFAULT_LIMITS[action])
    if not hit(f"forums:{action}:{actor.pk}", limit, window):
        raise RateLimited(action)


def unique_slug(model, phase, title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:80].strip("-") or "entrada"
    slug, n = base, 2
    existing = model.objects.filter(phase=phase).exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
