"""A tiny fixed-window rate limiter on Django's cache (locmem in development, Redis in production).

``hit("comment-post:42", 10, 600)`` counts one attempt and says whether it is still within the
limit. ``cache.add`` starts a window only if none is open (atomic on every backend), and
``cache.incr`` counts inside it without moving its expiry, so concurrent hits are all counted.
"""

from __future__ import annotations

from django.core.cache import cache

PREFIX = "apertus:ratelimit:"


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit on ``key``; True while at most ``limit`` hits fell in the current window."""
    cache_key = PREFIX + key
    if cache.add(cache_key, 1, timeout=window_seconds):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window expired between add and incr: this hit opens a new one.
        cache.add(cache_key, 1, timeout=window_seconds)
        return limit >= 1
    return count <= limit


def reset(key: str) -> None:
    """Forget the hits on ``key`` (e.g. after a moderator lifts a limit; tests)."""
    cache.delete(PREFIX + key)
