"""The data version: a counter that goes up with every change to published data.

Caches (catalogue, data packages, feeds, export sizes, API ETags) are keyed on it, so a change shows
at once and the cost of a cached answer does not grow with the number of page views. Services do not
need to remember it: a save, delete or many-to-many change in an app whose records are published
bumps it inside the same transaction, so the new counter becomes visible exactly with the new data.
Queryset ``update()`` calls bypass signals; the few that change published data (derived progress)
follow a save in the same transaction.
"""

from __future__ import annotations

import threading

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from apertus.core import held

# Apps whose records appear in the open data, the feeds, the calendars or the flat API.
PUBLISHED_APPS = {
    "territories",
    "taxonomy",
    "organizations",
    "program",
    "stl",
    "plans",
    "participation",
    "comments",
    "moderation",
    "tables",
    "calls",
    "learning",
    "teams",
    "documents",
}


def current() -> tuple[int, object]:
    """(counter, changed_at) in one query; creates the row the first time."""
    from apertus.opendata.models import DataVersion

    row = DataVersion.objects.filter(pk=1).values_list("counter", "changed_at").first()
    if row is None:
        DataVersion.objects.get_or_create(pk=1, defaults={"changed_at": timezone.now()})
        row = DataVersion.objects.filter(pk=1).values_list("counter", "changed_at").first()
    return row


def key() -> str:
    return key_of(*current())


def key_of(counter, changed_at) -> str:
    return f"{counter}-{changed_at.timestamp():.6f}"


def bump(steps: int = 1) -> None:
    """The counter up by ``steps``, stamped now. It runs at every save of a published record, so the
    ``UPDATE`` is written once here rather than built by the ORM each time (which cost more than running it)."""
    from apertus.opendata.models import DataVersion

    now = timezone.now()
    changed_at = DataVersion._meta.get_field("changed_at").get_db_prep_value(now, connection)
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE.format(table=connection.ops.quote_name(DataVersion._meta.db_table)), [steps, changed_at])
        updated = cursor.rowcount
    if not updated:
        DataVersion.objects.get_or_create(pk=1, defaults={"changed_at": now, "counter": steps})


_UPDATE = "UPDATE {table} SET counter = counter + %s, changed_at = %s WHERE id = 1"


_held = threading.local()  # bumps counted inside core.held.held(), written as one when it ends


def _release(write: bool) -> None:
    steps, _held.steps = getattr(_held, "steps", 0), 0
    if write and steps:
        bump(steps)


def _changed(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in PUBLISHED_APPS or kwargs.get("raw"):
        return
    if meta.model_name.startswith("historical") or kwargs.get("action", "post_").startswith("pre_"):
        return  # the record itself bumps it; m2m changes count once they happened
    if _table_ready():
        if held.holding():
            _held.steps = getattr(_held, "steps", 0) + 1
        else:
            bump()


_ready = False


def _table_ready() -> bool:
    """False only while migrating a fresh database (before this app's table exists)."""
    global _ready
    if not _ready:
        from django.db import connection

        from apertus.opendata.models import DataVersion

        _ready = DataVersion._meta.db_table in connection.introspection.table_names()
    return _ready


def connect() -> None:
    held.on_release(_release)
    post_save.connect(_changed, dispatch_uid="opendata.version.save")
    post_delete.connect(_changed, dispatch_uid="opendata.version.delete")
    m2m_changed.connect(_changed, dispatch_uid="opendata.version.m2m")
