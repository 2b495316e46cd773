"""The one messenger: every notification (in-app and e-mail) goes through ``notify``.

(The implementation is being written; this is the contract other apps call.)
"""

from __future__ import annotations

from collections.abc import Iterable


def notify(*, event: str, recipients: Iterable, title: str, body: str = "", url: str = "", actor=None,
           dedupe_key: str, target=None) -> int:
    """Tell ``recipients`` that ``event`` happened. Returns how many new notifications were created.

    ``dedupe_key`` identifies the event (e.g. "proposal-response:42"): a person is never notified
    twice for the same key, whatever happens (retries, double clicks). ``actor`` is never notified
    of their own action. Delivery (in-app now, e-mail now or in the daily digest) follows each
    person's preferences and runs in background tasks.
    """
    return 0
