"""Reminders: things to tell people because of the date ("your working table is tomorrow").

Each app declares its providers in its manifest (``AppManifest.reminders``), read by
``register_from_manifests``; ``register_reminder(fn)`` adds one directly. ``fn(now)`` yields tuples
``(recipients, event, title, body, url, dedupe_key)``, or dicts of ``notify``'s keyword arguments
(which may add ``target``); ``manage.py send_reminders`` (run from cron,
hourly or daily) sends them through ``notify``. The dedupe key makes repeated runs harmless:
a person gets each reminder once, however often the command runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils import timezone

from apertus.core.manifest import app_manifests, resolve
from apertus.notifications.services import notify

logger = logging.getLogger(__name__)

Reminder = tuple[Iterable, str, str, str, str, str] | Mapping
_PROVIDERS: list[Callable[..., Iterable[Reminder]]] = []


def register_reminder(fn: Callable[..., Iterable[Reminder]]) -> Callable[..., Iterable[Reminder]]:
    """Add a reminder provider (usable as a decorator). Registering the same function twice is harmless."""
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)
    return fn


def register_from_manifests() -> None:
    for _config, manifest in app_manifests():
        for ref in manifest.reminders:
            register_reminder(resolve(ref))


def providers() -> list[Callable[..., Iterable[Reminder]]]:
    return list(_PROVIDERS)


@dataclass
class ReminderRun:
    created: int = 0
    reminders: int = 0
    errors: list[str] = field(default_factory=list)


def run_reminders(*, now=None) -> ReminderRun:
    """Ask every provider what is due at ``now`` and notify. A failing provider does not stop the others."""
    now = now or timezone.now()
    run = ReminderRun()
    for provider in providers():
        name = getattr(provider, "__qualname__", repr(provider))
        try:
            for item in provider(now):
                run.reminders += 1
                run.created += notify(**_as_kwargs(item))
        except Exception as exc:
            logger.exception("reminder provider %s failed", name)
            run.errors.append(f"{name}: {exc}")
    return run


def _as_kwargs(item: Reminder) -> dict:
    if isinstance(item, Mapping):
        return dict(item)
    recipients, event, title, body, url, dedupe_key = item
    return {
        "recipients": recipients,
        "event": event,
        "title": title,
        "body": body,
        "url": url,
        "dedupe_key": dedupe_key,
    }
