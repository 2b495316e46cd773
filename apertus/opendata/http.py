"""Conditional GET keyed on the data version: harvesters that poll get a 304 for one query."""

from __future__ import annotations

import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe

from apertus.opendata import version


def validators(extra: str = "") -> tuple[str, object, str]:
    """(ETag, last modified, data version key) of what is built from the current data plus ``extra``."""
    counter, changed_at = version.current()
    vkey = version.key_of(counter, changed_at)
    digest = hashlib.sha256(f"{vkey}-{extra}".encode()).hexdigest()[:32]
    return f'"{digest}"', changed_at, vkey


def not_modified(request, etag: str, changed_at) -> HttpResponse | None:
    """A 304 when the client's copy is current (If-None-Match wins over If-Modified-Since)."""
    match = request.headers.get("If-None-Match")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        if etag in tags or "*" in tags:
            return _304(etag, changed_at)
        return None
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since is not None and int(changed_at.timestamp()) <= since:
        return _304(etag, changed_at)
    return None


def _304(etag, changed_at) -> HttpResponse:
    response = HttpResponseNotModified()
    stamp(response, etag, changed_at)
    return response


def stamp(response, etag: str, changed_at):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at.timestamp())
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
