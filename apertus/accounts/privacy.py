"""The privacy notice (aviso de privacidad): its current version and how consent evidence is kept.

Bump ``NOTICE_VERSION`` whenever the text of ``accounts/privacy.html`` changes in substance; each
consent records the version the person accepted.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from apertus.core.clientip import client_ip as address

NOTICE_VERSION = "2026-11"
NOTICE_DATE = "2026-11-29"


def ip_hash(ip: str | None) -> str:
    """A keyed hash of an IP address: it can match two consents from one address, but cannot be
    turned back into the address (the key is the site's secret, so the 4 billion IPv4 addresses
    cannot simply be tried)."""
    if not ip:
        return ""
    return salted_hmac("apertus.accounts.privacy.ip", ip.strip(), algorithm="sha256").hexdigest()


def client_ip(request) -> str:

    return address(request)
