"""Writing many rows fast, for the scale generator: COPY on PostgreSQL, executemany on SQLite.
While rows are being copied the connection runs no other query: build them before, not lazily from queries.

Rows are tuples in the order of ``Table.columns``; ids are given by the caller (``Table.next_id``),
so children can point at parents without reading them back, and sequences are reset at the end.
``Table.history`` writes the creation row simple-history would have written for each record, so
the public history of generated records reads like that of records made through the services.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

NOT_PROVIDED = models.fields.NOT_PROVIDED


class Table:
    """One model's table: its columns, their defaults, and a way to write rows into it."""

    def __init__(self, model: type[models.Model], *, with_id: bool = True):
        self.model = model
        fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.columns = [f.attname for f in fields]
        self.db_columns = [f.column for f in fields]
        self._index = {name: i for i, name in enumerate(self.columns)}
        self._defaults = tuple(self._default(f) for f in fields)
        self._datetimes = [i for i, f in enumerate(fields) if isinstance(f, models.DateTimeField)]
        self._next_id = None

    @staticmethod
    def _default(field):
        if field.has_default() and not callable(field.default):
            return field.default
        if field.null:
            return None
        if isinstance(field, (models.CharField, models.TextField)):
            return ""
        return None

    def next_id(self) -> int:
        if self._next_id is None:
            current = self.model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self._next_id = current + 1
        value = self._next_id
        self._next_id += 1
        return value

    def row(self, **values) -> tuple:
        out = list(self._defaults)
        index = self._index
        for name, value in values.items():
            out[index[name]] = value
        return tuple(out)

    def write(self, rows: Iterable[Sequence]) -> int:
        return copy_rows(self.model._meta.db_table, self.db_columns, rows, self._datetimes)

    def history(self, rows: Iterable[Sequence], *, date_of, user_of=None) -> int:
        """The "+" history row of each record, dated ``date_of(row)`` and credited to ``user_of(row)``."""
        historical = self.model.history.model
        fields = [f for f in historical._meta.concrete_fields if f.attname != "history_id"]
        plan = []
        for f in fields:
            if f.attname in self._index:
                plan.append(("col", self._index[f.attname]))
            else:
                plan.append(("extra", f.attname))
        datetimes = [i for i, f in enumerate(fields) if isinstance(f, models.DateTimeField)]

        def build():
            for row in rows:
                extra = {
                    "history_date": date_of(row),
                    "history_change_reason": None,
                    "history_type": "+",
                    "history_user_id": user_of(row) if user_of else None,
                }
                yield tuple(row[ref] if kind == "col" else extra[ref] for kind, ref in plan)

        return copy_rows(historical._meta.db_table, [f.column for f in fields], build(), datetimes)


def copy_rows(table: str, columns: list[str], rows: Iterable[Sequence], datetimes: list[int] = ()) -> int:
    """Insert ``rows`` into ``table``; returns how many. Runs in the caller's transaction."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    placeholders = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"  # noqa: S608 (names from the model, values bound)
    raw = connection.connection
    batch: list[Sequence] = []
    adapt = connection.ops.adapt_datetimefield_value

    def flush():
        raw.executemany(sql, batch)
        batch.clear()

    for row in rows:
        if datetimes:
            row = list(row)
            for i in datetimes:
                if row[i] is not None:
                    row[i] = adapt(row[i])
        batch.append(row)
        count += 1
        if len(batch) >= 20000:
            flush()
    if batch:
        flush()
    return count


def reset_sequences(models_: list[type[models.Model]]) -> None:
    """After writing explicit ids, the next ``save()`` must not collide with them (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def now():
    return timezone.now()
