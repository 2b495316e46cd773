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
from django.db.models import F, Func, TextField

from apertus.core.exports import CHUNK, _csv_safe, _Echo
from apertus.core.normalize import BIDI_CONTROLS
from apertus.portal.datasets import Column, Dataset, blank, iso

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
    return Sql(
        "CASE WHEN {0} IS NULL THEN NULL "
        "ELSE TO_CHAR({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"" + separator + "\"HH24:MI:SS') "
        "|| CASE WHEN TO_CHAR({0}, 'US') = '000000' THEN '' ELSE '.' || TO_CHAR({0}, 'US') END "
        "|| '+00:00' END",
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

    Raises ``Unsupported`` when a column has a Python conversion without its ``sql``."""
    if dataset.query is None:
        raise Unsupported(dataset.slug)
    queryset = dataset.query()
    names: list[str] = []
    for index, column in enumerate(dataset.columns):
        paths = (column.source,) if isinstance(column.source, str) else tuple(column.source or ())
        if not paths:
            raise Unsupported(column.name)
        types = [_internal_type(_resolved(queryset, path)) for path in paths]
        value = f"copy_v{index}"
        queryset = queryset.annotate(**{value: _value(column, [F(p) for p in paths], types)})
        kind = _internal_type(queryset.query.annotations[value].output_field)
        if column.choices:
            expression = Sql("NULLIF({0}, '')", case(F(value), _labels(column.choices)))
        else:
            expression = _text(F(value), kind)
        queryset = queryset.annotate(**{f"copy_c{index}": expression})
        names.append(f"copy_c{index}")
    query = queryset.values_list(*names).query
    sql, params = query.get_compiler(using=queryset.db).as_sql()
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


def stream(dataset: Dataset, using: str = "default") -> Iterator[bytes]:
    """The CSV file, in pieces of about 64 KB: the BOM and header from Python, then COPY's rows with CRLF ends.

    Inside a transaction, with JIT off (as ``core.exports.stream_values``: compiling the correlated subqueries
    cost more than running them); the SELECT is built when the first piece is asked for, so the labels are
    in the language active while the response streams."""
    header = ("\ufeff" + csv.writer(_Echo()).writerow(dataset.header())).encode()
    sql, params = statement(dataset)
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


def csv_response(dataset: Dataset):
    from django.http import StreamingHttpResponse

    response = StreamingHttpResponse(stream(dataset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="apertus-{dataset.slug}.csv"'
    return response
