"""Optimistic locking: a save based on an old version is refused, never silently applied.

Models carry ``version`` (an integer bumped on every edit). An edit form sends back the version it
was loaded with; ``lock_version`` re-reads the row under a lock and raises ``EditConflict`` if
someone saved in between, saying which fields they changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass
class ConflictField:
    field: str
    label: str
    theirs: object
    yours: object


class EditConflict(Exception):
    """Someone else saved this record after you loaded it."""

    missing = False

    def __init__(self, current, changes: list[ConflictField]):
        self.current = current
        self.changes = changes
        super().__init__(str(_("Otra persona guardó cambios mientras editabas.")))


class VersionMissing(EditConflict):
    """An edit arrived without the version it was based on: it cannot be checked, so it is refused
    (answered like a conflict, 409) rather than applied over whatever is there now."""

    missing = True

    def __init__(self):
        self.current = None
        self.changes = []
        Exception.__init__(
            self,
            str(
                _(
                    "Falta la versión del registro que editabas; no se guardó nada. "
                    "Recarga la página y repite tu cambio."
                )
            ),
        )


def require_version(value) -> int:
    """Every edit of a versioned record by a person (forms, API) must say which version it saw."""
    if value is None or value == "":
        raise VersionMissing()
    return int(value)


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("versión"), default=1, editable=False)

    class Meta:
        abstract = True


def lock_version(model, *, pk, expected_version: int | None, submitted: dict | None = None):
    """Return the row locked for update, or raise EditConflict if its version moved on.

    ``submitted`` (field -> the value the editor wants) lets the conflict say, per field, what the
    other person saved and what you tried to save. Must run inside ``transaction.atomic``.
    """
    current = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is None or int(expected_version) == current.version:
        return current
    changes = _changes_since(current, int(expected_version), submitted or {})
    raise EditConflict(current, changes)


def _changes_since(current, expected_version: int, submitted: dict) -> list[ConflictField]:
    seen = current.history.filter(version=expected_version).order_by("-history_date").first()
    fields = [f for f in current._meta.concrete_fields if f.name not in {"id", "version", "updated_at", "created_at"}]
    changes = []
    for field in fields:
        now = getattr(current, field.attname)
        before = getattr(seen, field.attname, now) if seen is not None else now
        if before != now or (seen is None and field.name in submitted):
            changes.append(ConflictField(field.name, str(field.verbose_name), now, submitted.get(field.name)))
    return changes
