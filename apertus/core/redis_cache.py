"""A Redis cache that a stopped Redis cannot take down.

Django's RedisCache raises on every call while Redis is unreachable, and with cached sessions that
is every request: the whole site would answer 500 because a cache is missing. This backend treats
an unreachable Redis as an empty cache: reads miss, writes are dropped, and ``add`` says a new key
was stored, so rate-limit windows fail open for the minutes Redis is away (log-in lock-outs live
in the database and keep working). Sessions fall back to their database copy (``cached_db``). Each
outage is logged once, when it starts. Keep the cache Redis without persistence, so that it comes
back empty rather than with entries older than what changed during the outage.
"""

from __future__ import annotations

import logging
import threading

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {
            **params,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2, **(params.get("OPTIONS") or {})},
        }
        super().__init__(server, params)
        self._down = threading.Event()

    def _call(self, method: str, fallback, *args, **kwargs):
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as exc:
            if not self._down.is_set():
                self._down.set()
                logger.warning("Redis cache unreachable (%s): serving without cache until it is back", exc)
            return fallback
        if self._down.is_set():
            self._down.clear()
            logger.warning("Redis cache reachable again")
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", None)
