"""The address a request comes from, honest about proxies.

Behind a TLS proxy every request arrives from the proxy's address; the real client is in
``X-Forwarded-For``, which the client can also write. ``TRUSTED_PROXY_COUNT`` (environment, default
0) says how many proxies of ours append to that header: the client is the entry that many places
from its right end, the first one no proxy of ours can have been given by the client. With 0, or a
header shorter than promised, the connection's own address is used. Every limit keyed by address
(log-in lock-outs, allauth's rate limits, certificate checks, consent evidence) reads it here.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return _valid(hops[-count]) or remote
    return remote
