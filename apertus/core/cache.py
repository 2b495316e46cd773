"""Whole-page cache for anonymous visitors, never stale after a write.

Every cached page is keyed by a content version. Any statement that writes a content table
(INSERT, UPDATE or DELETE through Django's connection, ``QuerySet.update()`` included) bumps the
version, at once and again when its transaction commits, so the next request after any service
changes anything renders afresh: no write path can forget to invalidate. Only tables that no public
page shows (sessions, login attempts, the task queue) leave it alone.

The version lives in the shared cache when ``REDIS_URL`` is set (several servers), otherwise in the
modification time of a file in ``VAR_DIR`` (the gunicorn workers of one machine share it; each keeps
its pages in local memory).

Only anonymous GET/HEAD requests are served from the cache: no session cookie, no Authorization
header, a path in ``CACHED_PATHS``; only 200 responses without ``Cache-Control: private``/``no-store``
are stored, without their cookies. Signed-in people, drafts and private pages always render.

Signed-in people get the same public parts of a page from the same versioned cache, as fragments:
``{% public_fragment "name" key ... %}...{% endpublic_fragment %}`` (``core/templatetags``) around
the parts of a template that are the same for everyone who may see the page (no permission checks,
no forms, nothing of the person), with the record the fragment shows among its keys. Only the
personal parts (header, buttons, comment forms) render per request. A fragment that contains a
CSRF token is never stored.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connections
from django.db.backends.signals import connection_created
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request

from apertus.core import held

VERSION_KEY = "apertus:content-version"
# Public pages, search results (keyed by their whole query string) and API lists: everything else (accounts, management, forms, exports) is never cached.
CACHED_PATHS = re.compile(
    r"^/(?:$|planes/(?:$|compromisos/\d+/$|[\w-]+/\d+/$)|participa/(?:$|propuestas/\d+/$|[\w-]+/\d+/$)"
    r"|estados/(?:$|[\w-]+/$)|ods/(?:$|\d+/$)|buscar/$|api/(?:plans|participation|states|terms|comments)/)"
)
_QUIET_TABLES = ("django_session", "axes_", "django_tasks", "django_cache")
# A log-in stamps the person's last_login: nothing a page shows, so it leaves every page in the cache.
_QUIET_WRITE = re.compile(r'^\s*UPDATE\s+"accounts_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE', re.IGNORECASE)
# SQLite spells bulk_create(ignore_conflicts=True) "INSERT OR IGNORE INTO".
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)',
    re.IGNORECASE,
)


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _stamp_file() -> Path:
    return Path(settings.VAR_DIR) / "content-version"


# Within a request the version is read once (a shared cache read per fragment adds up); a write by the
# request itself forgets it at once. Outside requests it is read every time.
_request = threading.local()


def _request_started(**kwargs) -> None:
    _request.active, _request.version = True, None


def _request_finished(**kwargs) -> None:
    _request.active, _request.version = False, None


def version() -> str:
    """The current content version: any write since a page was stored makes its key unreachable."""
    held_writes = getattr(_request, "held_writes", 0)
    if held_writes:  # writes held back (core/held.py): this thread reads past them all the same
        return f"{_read_version()}.{held_writes}"
    if getattr(_request, "active", False):
        if _request.version is None:
            _request.version = _read_version()
        return _request.version
    return _read_version()


def _read_version() -> str:
    if settings.REDIS_URL:
        value = cache.get(VERSION_KEY)
        if value is None:
            value = time.time_ns()
            cache.add(VERSION_KEY, value, None)
        return str(value)
    try:
        return str(os.stat(_stamp_file()).st_mtime_ns)
    except FileNotFoundError:
        return "0"


def bump() -> None:
    """A new content version (called on writes; the scale generator calls it after its COPY)."""
    _request.version = None
    if settings.REDIS_URL:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), None)
        return
    path = _stamp_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()
    try:
        previous = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        path.touch()
        previous = 0
    os.utime(path, ns=(now, max(now, previous + 1)))


def _bump_on_write(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not enabled():
        return result
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match and not match.group(1).lower().startswith(_QUIET_TABLES) and not _QUIET_WRITE.match(sql):
        if held.holding():  # many writes at once: the shared version moves once, when they end (core/held.py)
            _request.held_writes = getattr(_request, "held_writes", 0) + 1
            return result
        bump()
        connection = context["connection"]
        # Again at commit (once per transaction): a page rendered meanwhile from the old rows must
        # not outlive the commit. A rollback drops the callback with the rest of the transaction.
        if connection.in_atomic_block and not any(entry[1] is bump for entry in connection.run_on_commit):
            connection.on_commit(bump)
    return result


def _release(write: bool) -> None:
    if getattr(_request, "held_writes", 0):
        _request.held_writes = 0
        bump()
        connection = connections["default"]
        if connection.in_atomic_block:
            connection.on_commit(bump)


def _install(sender, connection, **kwargs):
    if _bump_on_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_bump_on_write)


def install() -> None:
    """Watch writes on every connection (called once, from CoreConfig.ready)."""
    held.on_release(_release)
    connection_created.connect(_install, dispatch_uid="apertus-cache-bump")
    request_started.connect(_request_started, dispatch_uid="apertus-cache-request-started")
    request_finished.connect(_request_finished, dispatch_uid="apertus-cache-request-finished")
    for alias in connections:
        connection = connections[alias]
        if connection.connection is not None:
            _install(None, connection)


FRAGMENT_TOKEN = "csrfmiddlewaretoken"  # noqa: S105 (the form field's name, not a secret)


def fragment_key(name: str, parts) -> str:
    """The key of a shared fragment: content version, language, name and its keys."""
    from django.utils.translation import get_language

    digest = hashlib.md5("\x1f".join(str(p) for p in parts).encode(), usedforsecurity=False).hexdigest()
    return f"apertus:fragment:{version()}:{get_language() or ''}:{name}:{digest}"


def fragment(name: str, parts, render) -> str:
    """The fragment ``name`` for ``parts`` from the cache, or ``render()`` stored under the current
    version (when the page cache is on and the text holds no CSRF token, nor a personal slot of a
    page being shared, ``core/shared.py``)."""
    if not enabled():
        return render()
    key = fragment_key(name, parts)
    html = cache.get(key)
    if html is None:
        html = render()
        if FRAGMENT_TOKEN not in html and "\x00" not in html:
            cache.set(key, html, settings.PAGE_CACHE_SECONDS)
    return html


def versioned(name: str, parts, compute, timeout: int | None = None):
    """A value read from the database, kept under the current content version (any write reads it
    afresh); ``timeout`` caps its age for values that also change with the clock."""
    if not enabled():
        return compute()
    key = fragment_key(name, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, min(timeout or settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_SECONDS))
    return value


def _anonymous(request) -> bool:
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request) -> str:
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    language = get_language_from_request(request)
    htmx = "h" if request.headers.get("HX-Request") else "p"
    return f"apertus:page:{version()}:{language}:{htmx}:{path}"


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors stored pages, with an ETag; place it before the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            enabled()
            and request.method in ("GET", "HEAD")
            and _anonymous(request)
            and CACHED_PATHS.match(request.path_info)
        ):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            return _replay(request, stored)
        response = self.get_response(request)
        if _storable(request, response):
            stored = _store(response)
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            response["ETag"] = stored["etag"]
        return response


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def _store(response) -> dict:
    headers = {k: v for k, v in response.items() if k.lower() not in ("set-cookie", "vary")}
    etag = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
    return {"content": response.content, "headers": headers, "etag": etag}


def _replay(request, stored: dict):
    if stored["etag"] in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = stored["etag"]
        return response
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"].items():
        response[name] = value
    response["ETag"] = stored["etag"]
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response
