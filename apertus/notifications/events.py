"""What can be notified: one registry of events, declared as data.

Each event has a name (what callers pass to ``notify``), a Spanish label (what the preferences
page shows) and whether a person may silence it. Another app adds its own events with
``register_event`` from its ``AppConfig.ready()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    name: str
    label: str | Promise
    # False: a notice a person must be able to read even if they silence everything else
    # (a moderator hid their content, with the reason). E-mail still follows their e-mail choice.
    optional: bool = True


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


PROPOSAL_RESPONSE = register_event("proposal_response", _("Respuestas razonadas a mis propuestas"))
FOLLOWED_PROGRESS = register_event("followed_progress", _("Avances de lo que sigo (compromisos, planes, estados)"))
TABLE_TOMORROW = register_event("table_tomorrow", _("Recordatorio un día antes de las mesas de trabajo a las que me inscribí"))
TABLE_SEAT = register_event("table_seat", _("Un lugar liberado para mí en una mesa de trabajo con lista de espera"))
COMMENT_REPLY = register_event("comment_reply", _("Respuestas a mis comentarios"))
MODERATION = register_event("moderation", _("Avisos de moderación sobre mi contenido"), optional=False)
