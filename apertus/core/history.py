"""One mechanism for the history of public records: django-simple-history, read here.

Models declare ``history = HistoricalRecords()``; the request middleware attributes web changes
to their user, and services pass ``actor`` (set as ``_history_user``) for everything else.
``change_log`` turns the stored rows into a readable, public list of changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apertus.core.validation import full_clean

# Fields that change on every save and say nothing to a reader.
_SKIP = {"updated_at", "version", "progress_cached"}


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass
class ChangeEntry:
    when: datetime
    who: str
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


KIND_LABELS = {"+": _("creación"), "~": _("cambio"), "-": _("eliminación")}


def history_managers_kept() -> None:
    """Make ``Model.history`` (and ``instance.history``) build its manager class once per model.

    django-simple-history's descriptor makes a new manager class (``Manager.from_queryset``, which
    walks every method of the queryset class) at each access, and it reads ``instance.history`` at
    every save of a record with history to write the historical row: about half a millisecond per save
    for a class that is the same each time. Kept on the descriptor after the first access, it is; the
    manager handed out is still a new one, bound to the model or the instance asked about.
    """
    from simple_history.manager import HistoryDescriptor

    if getattr(HistoryDescriptor, "manager_class_kept", False):
        return

    def __get__(self, instance, owner):
        made = self.__dict__.get("_made_manager_class")
        if made is None:
            made = self._made_manager_class = self.manager_class.from_queryset(self.queryset_class)
        return made(self.model, instance)

    HistoryDescriptor.__get__ = __get__
    HistoryDescriptor.manager_class_kept = True


def attribute(instance, actor) -> None:
    """Mark who makes the next save of ``instance`` (outside a web request too)."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


def save_with_history(obj, actor, *, reason: str = "", update_fields=None):
    """Validate and save ``obj`` in a transaction, its history row attributed to ``actor`` and
    labelled with ``reason`` (or with a ``_change_reason`` the caller set: it is never dropped,
    and never labels a later save). With ``update_fields`` only those fields are validated (plus
    the model's ``clean``) and saved: the others were validated when they were saved."""
    if update_fields is not None and obj.pk:
        full_clean(obj, exclude=[f.name for f in obj._meta.concrete_fields if f.name not in update_fields])
        if hasattr(obj, "updated_at"):
            update_fields = [*update_fields, "updated_at"]
    else:
        full_clean(obj)
        update_fields = None
    with transaction.atomic():
        attribute(obj, actor)
        if reason:
            obj._change_reason = reason
        try:
            obj.save(update_fields=update_fields or None)
        finally:
            obj.__dict__.pop("_change_reason", None)
    return obj


def _shown(model_field, value):
    """A stored choice reads as its label ("No iniciado", not ``no_iniciado``); a retired code stays as stored."""
    if model_field is not None and getattr(model_field, "flatchoices", None) and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    return value


def change_log(instance, limit: int = 50) -> list[ChangeEntry]:
    """Newest first; each entry lists field-by-field what changed against the previous row."""
    rows = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = instance.__class__
    entries: list[ChangeEntry] = []
    for index, row in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changes: list[FieldChange] = []
        if previous is not None:
            delta = row.diff_against(previous)
            for change in delta.changes:
                if change.field in _SKIP:
                    continue
                try:
                    model_field = model._meta.get_field(change.field)
                except Exception:  # a field removed since; keep its raw name
                    model_field, label = None, change.field
                else:
                    label = model_field.verbose_name
                old, new = _shown(model_field, change.old), _shown(model_field, change.new)
                changes.append(FieldChange(change.field, str(label), old, new))
        user = row.history_user
        who = user.public_name if user is not None and hasattr(user, "public_name") else str(_("sistema"))
        entries.append(
            ChangeEntry(
                when=row.history_date,
                who=who,
                kind=str(KIND_LABELS.get(row.history_type, row.history_type)),
                reason=row.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
