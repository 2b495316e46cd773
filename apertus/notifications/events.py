"""What can be notified: one registry of events, declared as data.

Each event has a name (what callers pass to ``notify``), a Spanish label (what the preferences
page shows) and whether a person may silence it. Each app declares the events it sends in its
manifest (``AppManifest.events``); ``register_from_manifests`` reads them when the app is ready.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# optional=False: a notice a person must be able to read even if they silence everything else
# (a moderator hid their content, with the reason). E-mail still follows their e-mail choice.
from apertus.core.manifest import Event, app_manifests

EVENTS: dict[str, Event] = {}


def register_event(name: str, label, *, optional: bool = True) -> Event:
    """Declare an event. Declaring a name again keeps the first declaration (apps may both declare it)."""
    if name not in EVENTS:
        EVENTS[name] = Event(name, label, optional)
    return EVENTS[name]


def get_event(name: str) -> Event:
    try:
        return EVENTS[name]
    except KeyError:
        raise ValueError(f"unknown notification event {name!r}; declare it with register_event") from None


def optional_events() -> list[Event]:
    return [event for event in EVENTS.values() if event.optional]


def register_from_manifests() -> None:
    for _config, manifest in app_manifests():
        for event in manifest.events:
            register_event(event.name, event.label, optional=event.optional)


# The messenger's own event; every other app declares its events in its manifest.
FOLLOWED_PROGRESS = register_event("followed_progress", _("Avances de lo que sigo (compromisos, planes, estados)"))
