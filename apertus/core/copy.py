"""CSV downloads on PostgreSQL written by the database: ``COPY (SELECT …) TO STDOUT`` streamed as it comes.

The Python path (``Dataset.iter_rows`` + ``core.exports.stream_csv``) reads tuples and formats every cell in
Python: that costs a few microseconds a cell. Here each column of a dataset with a ``query`` becomes one SQL
expression that writes the cell's text exactly as the Python path writes it, and PostgreSQL formats the CSV.
Both paths read the same declaration: the column's ``source`` and, where the value needs a conversion,
either a conversion this module knows (``iso``, ``blank``, ``int``, ``bool``) or the column's own ``sql``
(the SQL that gives what its Python ``fmt`` gives). The bytes are the same as the Python path's (a test
compares them for every dataset): UTF-8 with a BOM, the header written by Python's ``csv``, CRLF line ends
(PostgreSQL sends one message per row, ended by LF, which is swapped), empty cells for NULL and empty text,
bidirectional controls removed and a quote before a formula sign (``core.exports._csv_safe``), labels of
codes in the active language, ``True``/``False`` for booleans and ISO 8601 for dates.

SQLite, and the datasets of row objects (a few thousand rows at most), keep the Python path.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from django.db import connections, models, transaction
from django.db.models import Count, F, Func, TextField

from apertus.core.datasets import Column, Dataset, blank, iso
from apertus.core.exports import CHUNK, Counted, Joined, _csv_safe, _Echo
from apertus.core.normalize import BIDI_CONTROLS

_PLACEHOLDER = re.compile(r"\{(\d+)\}")
_BIDI = f"[{BIDI_CONTROLS}]"
_FORMULA_SIGN = "[-=+@\t\r]"  # core.exports._FORMULA
_TEXT_TYPES = ("CharField", "TextField", "SlugField", "EmailField", "URLField")
_NUMBER_TYPES = (
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "DecimalField",
)
_OUTPUT = {
    "boolean": models.BooleanField,
    "integer": models.IntegerField,
    "number": models.DecimalField,
    "date": models.DateField,
}


class WrittenText(models.TextField):
    """Text this module writes itself (dates, paths, labels already made safe): no cell check needed."""

    def get_internal_type(self):
        return "WrittenText"


class Unsupported(Exception):
    """A column whose value only Python can compute (a ``fmt`` without ``sql``): the dataset keeps the
    Python path."""


class Sql(Func):
    """An SQL template over expressions: ``{0}``, ``{1}``… stand for the compiled expressions (each may
    appear more than once). Only declarations in the code write templates; values go as parameters."""

    def __init__(self, template: str, *expressions, output_field=None, params: tuple = ()):
        self.sql_template, self.extra_params = template, tuple(params)
        super().__init__(*expressions, output_field=output_field or TextField())

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.source_expressions]
        params: list = []

        def place(match):
            sql, values = compiled[int(match.group(1))]
            params.extend(values)
            return f"({sql})"

        # %s in the template (its own parameters) come after the expressions' placeholders.
        text = _PLACEHOLDER.sub(place, self.sql_template)
        return text, (*params, *self.extra_params)


def case(expression, mapping: dict) -> Sql:
    """``CASE expression WHEN code THEN text … END`` (NULL for any other value), the texts as parameters,
    made safe for a spreadsheet here, once (the Python path does it per cell)."""
    if not mapping:
        return Sql("NULL::text", output_field=WrittenText())
    whens = " ".join("WHEN %s THEN %s" for _ in mapping)
    params = tuple(value for code, text in mapping.items() for value in (code, _csv_safe(text)))
    return Sql(f"CASE {{0}} {whens} END", expression, output_field=WrittenText(), params=params)


def path_sql(url_name: str, pk) -> Sql:
    """The path of a record's page (``reverse`` once, in the active language), as ``Dataset`` columns write
    it: the prefix, the key, the suffix."""
    from django.urls import reverse

    prefix, suffix = reverse(url_name, args=[999999999]).split("999999999")
    return Sql("%s || {0}::text || %s", pk, output_field=WrittenText(), params=(prefix, suffix))


def _iso_text(expression, separator: str) -> Sql:
    # What datetime.isoformat(separator) writes for a UTC datetime: no fraction when it is zero.
    # One TO_CHAR with the fraction, dropped when it is zero (".000000+" occurs nowhere else); NULL stays NULL.
    return Sql(
        "REPLACE(TO_CHAR({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"" + separator + '"HH24:MI:SS.US"+00:00"\'), '
        "'.000000+', '+')",
        expression,
        output_field=WrittenText(),
    )


def _internal_type(output_field) -> str:
    if isinstance(output_field, models.ForeignKey):
        return output_field.target_field.get_internal_type()
    return output_field.get_internal_type()


def _value(column: Column, sources: list, source_types: list[str]):
    """The column's value as an SQL expression: what ``fmt`` (or nothing) makes of its source(s)."""
    if column.sql is not None:
        if callable(column.sql):
            return column.sql(*sources)
        output = _OUTPUT.get(column.type, TextField)()
        return Sql(column.sql, *sources, output_field=output)
    if len(sources) != 1:
        raise Unsupported(column.name)
    if column.fmt is None or column.fmt is blank:
        return sources[0]
    return _known(column, sources[0], source_types[0])


def _known(column: Column, source, kind: str):
    """The conversions every dataset uses, in SQL: ``iso``, ``int`` of a boolean, ``bool``."""
    if column.fmt is iso:
        if kind == "DateTimeField":
            return _iso_text(source, "T")
        if kind == "DateField":
            return Sql("TO_CHAR({0}, 'YYYY-MM-DD')", source, output_field=WrittenText())
        return source
    if column.fmt is int and kind == "BooleanField":
        return Sql("{0}::integer", source, output_field=models.IntegerField())
    if column.fmt is bool:
        test = "COALESCE({0} <> '', FALSE)" if kind in _TEXT_TYPES else "COALESCE({0} <> 0, FALSE)"
        template = test if kind != "BooleanField" else "COALESCE({0}, FALSE)"
        return Sql(template, source, output_field=models.BooleanField())
    raise Unsupported(column.name)


def _text(expression, kind: str) -> Sql:
    """The cell's text as the Python path writes it (NULL for an empty cell: COPY leaves NULL unquoted)."""
    if kind == "BooleanField":
        return Sql("CASE WHEN {0} THEN 'True' WHEN NOT {0} THEN 'False' END", expression)
    if kind in _NUMBER_TYPES:
        return Sql("{0}::text", expression)
    if kind == "DateField":
        return Sql("TO_CHAR({0}, 'YYYY-MM-DD')", expression)
    if kind == "DateTimeField":
        return _iso_text(expression, " ")  # str(datetime), what csv writes for one
    if kind == "WrittenText":
        return Sql("NULLIF({0}, '')", expression)
    if kind in _TEXT_TYPES:
        # core.exports._csv_safe: no bidirectional control, a quote before a formula sign; "" is NULL. One
        # regular expression tests the cell, and only the rare cell it matches is rewritten (TRANSLATE on
        # every cell cost about 5 µs each, more than all the rest of a row of milestones).
        return Sql(
            "CASE WHEN {0} ~ %s THEN NULLIF(REGEXP_REPLACE(REGEXP_REPLACE({0}, %s, '', 'g'), %s, '''\\1'), '') "
            "ELSE NULLIF({0}, '') END",
            expression,
            params=(f"^{_FORMULA_SIGN}|{_BIDI}", _BIDI, f"^({_FORMULA_SIGN})"),
        )
    raise Unsupported(kind)


def _labels(choices) -> dict:
    """The label of each code, in the active language."""
    return {code: str(label) for code, label in choices}


def statement(dataset: Dataset) -> tuple[str, tuple]:
    """The dataset's SELECT, one text column per column of the dataset, in its order, and its parameters.

    The dataset's query reads each source once (an inner SELECT, in the dataset's order); the outer SELECT
    writes each cell's text from them, so a value used by several columns (or tested, then rewritten, by
    the cell check) is computed once. A related list joined by the database (``core.exports.Joined`` with a
    ``key``) is read for the whole file at once (``STRING_AGG … GROUP BY`` the key, joined to the rows)
    instead of once per row; the rows are then ordered again by the dataset's order, kept beside them.
    Raises ``Unsupported`` when a column has a Python conversion without its ``sql``."""
    from django.db.models.expressions import RawSQL

    if dataset.query is None:
        raise Unsupported(dataset.slug)
    queryset = dataset.query()
    using = queryset.db
    grouped = {
        name: annotation
        for name, annotation in queryset.query.annotations.items()
        if isinstance(annotation, Joined | Counted) and annotation.grouping is not None
    }
    queryset, refs, inner, joins = _sources(queryset, dataset.columns, grouped)
    order = _order(queryset) if joins else []
    if order:
        queryset = queryset.annotate(copy_pk=F("pk"), **{f"copy_o{i}": F(k.lstrip("-")) for i, k in enumerate(order)})
        inner += ["copy_pk", *(f"copy_o{i}" for i in range(len(order)))]
    compiler = queryset.query.get_compiler(using=using)
    select, select_params = [], []
    for column in dataset.columns:
        paths = (column.source,) if isinstance(column.source, str) else tuple(column.source)
        # Only names this module gave (q.copy_sN, copy_jN) go into RawSQL.
        sources = [RawSQL(refs[p][0], (), output_field=refs[p][1]) for p in paths]  # noqa: S611
        value = _value(column, sources, [_internal_type(refs[p][1]) for p in paths])
        if column.choices:
            expression = Sql("NULLIF({0}, '')", case(value, _labels(column.choices)))
        else:
            expression = _text(value, _internal_type(value.output_field))
        sql, params = compiler.compile(expression)
        select.append(sql)
        select_params.extend(params)
    inner_sql, inner_params = queryset.values_list(*inner).query.get_compiler(using=using).as_sql()
    text = f'SELECT {", ".join(select)} FROM ({inner_sql}) AS "q"{"".join(sql for sql, _p in joins)}'  # noqa: S608
    if order:
        keys = (f'"q"."copy_o{i}"' + (" DESC" if k.startswith("-") else "") for i, k in enumerate(order))
        text += f" ORDER BY {', '.join(keys)}"
    # The inner SELECT keeps its ORDER BY, so PostgreSQL reads it as a subquery in that order.
    return text, (*select_params, *inner_params, *(p for _sql, params in joins for p in params))


def _sources(queryset, columns, grouped):
    """Each source read once: a field or annotation in the inner SELECT (``copy_sN``), or a related list read
    for every row at once and joined by key (``copy_jN``); how the outer SELECT refers to each."""
    refs: dict[str, tuple[str, object]] = {}  # source path: (its SQL in the outer SELECT, its field)
    inner: list[str] = []
    joins: list[tuple[str, tuple]] = []
    for column in columns:
        paths = (column.source,) if isinstance(column.source, str) else tuple(column.source or ())
        if not paths:
            raise Unsupported(column.name)
        for path in paths:
            if path in refs:
                continue
            if path in grouped:
                alias = f"copy_j{len(joins)}"
                sql, params = _grouped(grouped[path], queryset.db)
                joins.append((f' LEFT JOIN ({sql}) AS "{alias}" ON "{alias}"."copy_k" = "q"."copy_pk"', params))
                counted = isinstance(grouped[path], Counted)
                empty, field = ("0", models.IntegerField()) if counted else ("''", TextField())
                refs[path] = (f'COALESCE("{alias}"."copy_v", {empty})', field)
                continue
            name = f"copy_s{len(inner)}"
            refs[path] = (f'"q"."{name}"', _resolved(queryset, path))
            queryset = queryset.annotate(**{name: F(path)})
            inner.append(name)
    return queryset, refs, inner, joins


def _order(queryset) -> list[str]:
    """The dataset's order, to sort the rows again after the joins (which may not keep it); a dataset whose
    order is not plain field names (or that has none) keeps the Python path."""
    order = list(queryset.query.order_by or queryset.model._meta.ordering)
    if not order or not all(isinstance(key, str) for key in order):
        raise Unsupported("order")
    return order


def _grouped(joined: Joined | Counted, using: str) -> tuple[str, tuple]:
    """``Joined``'s list (``STRING_AGG(value, sep ORDER BY order)``) or ``Counted``'s count for every key at
    once, grouped by key."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.db.models.functions import Cast

    if isinstance(joined, Counted):
        queryset, key = joined.grouping
        aggregate = Count("pk")
    else:
        queryset, value, order, sep, key = joined.grouping
        aggregate = StringAgg(Cast(value, TextField()), sep, order_by=order)
    rows = (
        queryset.order_by()
        .annotate(copy_k=F(key))
        .values("copy_k")
        .annotate(copy_v=aggregate)
        .values_list("copy_k", "copy_v")
    )
    sql, params = rows.query.get_compiler(using=using).as_sql()
    return sql, tuple(params)


def _resolved(queryset, path: str):
    return queryset.query.resolve_ref(path).output_field


def supported(dataset: Dataset, using: str = "default") -> bool:
    """Whether the dataset's CSV can be written by the database (PostgreSQL, a query, every column in SQL)."""
    if connections[using].vendor != "postgresql" or dataset.query is None:
        return False
    return all(_column_supported(column) for column in dataset.columns)


def _column_supported(column: Column) -> bool:
    if column.sql is not None or column.fmt in (None, blank, iso, int, bool):
        return column.source is not None
    return False


def stream(dataset: Dataset, built: tuple[str, tuple] | None = None, using: str = "default") -> Iterator[bytes]:
    """The CSV file, in pieces of about 64 KB: the BOM and header from Python, then COPY's rows with CRLF ends.

    Inside a transaction, with JIT off (as ``core.exports.stream_values``: compiling the correlated subqueries
    cost more than running them). The SELECT (``statement``) is ``built`` by the caller, or here when the first
    piece is asked for; its labels are in the language active then."""
    header = ("\ufeff" + csv.writer(_Echo()).writerow(dataset.header())).encode()
    sql, params = built or statement(dataset)
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            # Rows are sorted once written as text, wider than the values: sort them in memory.
            cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
            raw = cursor.cursor
            copy_sql = _client_side(raw, f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params)
            parts, size = [header], len(header)
            with raw.copy(copy_sql) as copy:
                for row in copy:
                    # One message per row, ended by "\n"; a line break inside a quoted cell stays as it is.
                    parts.append(row[:-1])
                    parts.append(b"\r\n")
                    size += len(row) + 1
                    if size >= CHUNK:
                        yield b"".join(parts)
                        parts, size = [], 0
            if parts:
                yield b"".join(parts)


def _client_side(raw_cursor, sql: str, params: tuple) -> str:
    """COPY takes no bound parameters: they are merged into the text by psycopg, quoted as literals."""
    from psycopg import ClientCursor

    with ClientCursor(raw_cursor.connection) as merger:
        return merger.mogrify(sql, params)


def csv_response(dataset: Dataset, built: tuple[str, tuple] | None = None):
    from django.http import StreamingHttpResponse

    response = StreamingHttpResponse(stream(dataset, built), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="apertus-{dataset.slug}.csv"'
    return response
