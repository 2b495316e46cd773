"""Open-data exports that stream: memory stays flat whatever the number of rows."""

import csv
from collections.abc import Iterable, Iterator, Sequence

from django.db import connections, transaction
from django.db.models import CharField, Count, DateTimeField, F, Func, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.http import StreamingHttpResponse

from apertus.core.normalize import neutralise

CHUNK = 64 * 1024


class _Echo:
    def write(self, value: str) -> str:
        return value


_FORMULA = frozenset(("=", "+", "-", "@", "\t", "\r"))


def _csv_safe(value) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        # Bidirectional controls would make a cell read differently from what it holds (core.normalize);
        # they are all outside ASCII, so ASCII text is left as it is without a regular expression.
        if not value.isascii():
            value = neutralise(value)
        # A cell that starts with = + - @ would run as a formula in a spreadsheet (CSV injection).
        if value[:1] in _FORMULA:
            return "'" + value
    return value


def stream_csv(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def generate():
        # BOM so spreadsheet programs read the accents right.
        buffer, size = ["\ufeff", writer.writerow(header)], 0
        for row in rows:
            # Only text can need neutralising: other values go through without a call.
            line = writer.writerow(
                [v if v.__class__ is not str or (v.isascii() and v[:1] not in _FORMULA) else _csv_safe(v) for v in row]
            )
            buffer.append(line)
            size += len(line)
            if size >= CHUNK:  # one write per ~64 KB, not one per row: the server sends whole chunks
                yield "".join(buffer)
                buffer, size = [], 0
        if buffer:
            yield "".join(buffer)

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stream_values(queryset, fields: Sequence[str], chunk_size: int = 5000) -> Iterator[tuple]:
    """The rows of ``queryset`` as tuples of ``fields``: no model instances, one query, flat memory.

    On PostgreSQL the rows come through a server-side cursor inside a transaction, so the database sends
    them as they are read (outside a transaction Django declares the cursor WITH HOLD, and PostgreSQL then
    computes and stores the whole result before the first row leaves), and the planner is told that every
    row will be read (``cursor_tuple_fraction``), so it picks the plan that is fastest for all of them.
    JIT compilation is off for the export: the correlated subqueries push the estimated cost over
    ``jit_above_cost`` and compiling took seconds (4 s of the 5 s of the commitments file at national
    scale) for a query that runs in about one.
    SQLite reads them in chunks outside any transaction (a transaction there would lock out writers).
    """
    rows = queryset.values_list(*fields).iterator(chunk_size=chunk_size)
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        yield from rows
        return
    with transaction.atomic(using=queryset.db):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1; SET LOCAL jit = off")
        yield from rows


# A subquery keeps its ORDER BY only with a limit; no record has anywhere near this many related values.
_JOINED_LIMIT = 100_000


class Joined(Func):
    """The ``sep``-joined ``value`` of each row of ``queryset`` (filtered on an ``OuterRef``) in ``order``, as
    one text column of the outer query; "" when there is none. One query for a whole export, whatever the
    number of rows. PostgreSQL: ``STRING_AGG(... ORDER BY ...)`` over the related rows; SQLite:
    ``GROUP_CONCAT`` over the ordered (hence limited) subquery, which it reads in its order."""

    output_field = CharField()

    def __init__(self, queryset, value: str, order: Sequence[str], sep: str = ";", key: str | None = None):
        # With ``key`` (the field of ``queryset`` that points to the outer row), ``queryset`` is every related
        # row and the lists can also be read for all rows at once, grouped by key (``core.copy``).
        self.grouping = (queryset, value, tuple(order), sep, key) if key else None
        if key:
            queryset = queryset.filter(**{key: OuterRef("pk")})
        keys = {f"k{n}": F(name) for n, name in enumerate(order)}
        inner = queryset.annotate(v=Cast(value, CharField()), **keys).values("v", *keys)
        self.sep, self.keys = sep, list(keys)
        super().__init__(Subquery(inner.order_by()), Subquery(inner.order_by(*order)[:_JOINED_LIMIT]))

    def as_sql(self, compiler, connection, function=None, template=None, **extra_context):
        plain, ordered = self.source_expressions
        if connection.vendor == "postgresql":
            sql, params = compiler.compile(plain)
            order = ", ".join(f"j.{key}" for key in self.keys)
            aggregate = f"STRING_AGG(j.v, %s{' ORDER BY ' + order if order else ''})"
        else:
            sql, params = compiler.compile(ordered)
            aggregate = "GROUP_CONCAT(j.v, %s)"
        # Only our own names go into the text (the aggregate, the key aliases); values are parameters.
        return f"COALESCE((SELECT {aggregate} FROM {sql} j), '')", (self.sep, *params)  # noqa: S608


class Counted(Coalesce):
    """The number of rows of ``queryset`` whose ``key`` points to the outer row (0 for none): a correlated
    count per row, which ``core.copy`` reads for every row at once instead (``COUNT … GROUP BY`` the key)."""

    def __init__(self, queryset, key: str):
        self.grouping = (queryset, key)
        rows = queryset.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(n=Count("pk")).values("n")
        super().__init__(Subquery(rows), 0)


class IsoDateTime(Func):
    """A date and time as ``datetime.isoformat()`` writes it in UTC (``2025-03-01T18:00:00.250000+00:00``, no
    fraction when it is zero). PostgreSQL writes the text itself, which spares the driver parsing a timestamp
    per row; SQLite gives the datetime, formatted in Python (``core.datasets.iso``)."""

    output_field = DateTimeField()  # no converter on PostgreSQL (the text passes through); SQLite parses it

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        text = (
            f"CASE WHEN {sql} IS NULL THEN NULL "
            f"ELSE TO_CHAR({sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') "
            f"|| CASE WHEN TO_CHAR({sql}, 'US') = '000000' THEN '' ELSE '.' || TO_CHAR({sql}, 'US') END "
            f"|| '+00:00' END"
        )
        return text, (*params, *params, *params, *params)
