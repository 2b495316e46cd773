"""With Redis stopped, the cache misses instead of failing, and pages (with cached sessions) still work."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.test import override_settings

from apertus.core import ratelimit
from apertus.core.testing import client_for

# Nothing listens on port 9 of the loopback: connecting is refused at once, as with a stopped Redis.
UNREACHABLE = {
    "default": {"BACKEND": "apertus.core.redis_cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
}


@override_settings(CACHES=UNREACHABLE)
def test_an_unreachable_redis_is_an_empty_cache():
    cache = caches["default"]
    with mock.patch("apertus.core.redis_cache.logger") as logger:
        assert cache.get("k", "fallback") == "fallback"
        assert cache.get("k") is None
    assert logger.warning.call_count == 1  # once per outage, not once per call
    assert cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is True
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.set_many({"a": 1}) == ["a"]
    assert ratelimit.hit("x", 1, 60) is True


@pytest.mark.django_db
@override_settings(CACHES=UNREACHABLE, SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_signed_in_pages_work_while_redis_is_down(people):
    client = client_for(people["stl_oaxaca"])
    assert client.get("/notificaciones/").status_code == 200
    assert client.get("/").status_code == 200
