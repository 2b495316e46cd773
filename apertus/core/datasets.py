"""Open-data downloads: each dataset declares its columns once, for the CSV and its dictionary.

This is the registry: every app declares its own datasets in its ``datasets.py`` (one of its manifest's
``modules``) with ``register``, and the catalogue lists them in the order they were registered (the
order of INSTALLED_APPS). Rows are read with ``.iterator()`` and streamed, so memory stays flat
whatever the size.

A dataset with a ``query`` reads its rows as tuples (``values_list`` over a server-side cursor): each
column names the field or annotation it shows (``source``) and, when the value needs it, a cheap
conversion (``fmt``) or the choices whose label it shows (``choices``). A coded column and its label
come together from ``coded``, so no code goes out without its name beside it. Small datasets read
model instances and give each column a ``value`` reader.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field

from django.utils.translation import get_language

from apertus.core.exports import IsoDateTime, stream_csv, stream_values


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[[object], object] | None = None  # reads the cell from a row object (datasets without a query)
    # Table Schema type (string, integer, number, boolean, date, datetime) and constraints.
    type: str = "string"
    constraints: dict = dataclass_field(default_factory=dict)
    # Datasets with a query: the field path(s) read, the conversion of their value(s) and the choices whose
    # label the cell shows (after the conversion).
    source: str | tuple[str, ...] | None = None
    fmt: Callable | None = None
    choices: tuple = ()
    # The same conversion as ``fmt``, in SQL, for the CSV that PostgreSQL writes (``core.copy``): a template
    # over the sources ({0}, {1}…) giving a value of the column's ``type``, or a callable that takes the
    # sources (expressions) and returns an expression. Not needed when ``fmt`` is iso, blank, int or bool.
    sql: str | Callable | None = None


@dataclass(frozen=True)
class Place:
    """Where a dataset's records are, for its GeoJSON: the column with the INEGI state code and, when
    some records have no physical place (online only), the test of a row (a dict by column name)."""

    state_column: str
    located: Callable[[dict], bool] | None = None


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: list[Column]
    rows: Callable[[], Iterable[object]] | None = None
    source: str = ""
    # Catalogue metadata (DCAT, Frictionless). The platform's own records are CC BY 4.0.
    licence: str = "CC-BY-4.0"
    keywords: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()  # SDG goal codes the data concerns ("16")
    periodicity: str = "irregular"  # continuous, daily, weekly, monthly, annual, irregular, never
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()  # (fields, dataset slug, fields)
    temporal: tuple[str, str] | None = None  # the columns that give the time covered (start, end)
    query: Callable[[], object] | None = None  # the queryset whose tuples the columns read (see ``query_rows``)
    chunk_size: int = 5000
    place: Place | None = None  # records with a place also download as GeoJSON

    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def iter_rows(self) -> Iterable[list]:
        if self.query is not None:
            return query_rows(self.query(), self.columns, self.chunk_size)
        return ([column.value(obj) for column in self.columns] for obj in self.rows())

    def response(self):
        return stream_csv(f"apertus-{self.slug}.csv", self.header(), self.iter_rows())


DATASETS: dict[str, Dataset] = {}


def register(dataset: Dataset) -> None:
    DATASETS[dataset.slug] = dataset


def _label_reader(choices) -> Callable[[object], str]:
    """The label of a code in the active language, from a dict built once per export; "" for no code."""
    return {code: str(label) for code, label in choices}.get


def _output_field(queryset, path: str):
    from django.core.exceptions import FieldError

    try:
        return queryset.query.resolve_ref(path).output_field
    except FieldError:
        return None


def _iso_in_database(queryset, columns: list[Column]):
    """Columns that show a date-time field as ISO 8601 (``fmt=iso``) read it as text the database wrote
    (``IsoDateTime``): the driver then parses no timestamp, the costliest part of a row."""
    from django.db.models import DateTimeField

    names: dict[str, str] = {}
    for column in columns:
        if column.fmt is iso and isinstance(column.source, str) and column.source not in names:
            if isinstance(_output_field(queryset, column.source), DateTimeField):
                names[column.source] = f"iso_{len(names)}"
    if not names:
        return queryset, columns
    queryset = queryset.annotate(**{alias: IsoDateTime(source) for source, alias in names.items()})
    return queryset, [replace(c, source=names[c.source]) if c.fmt is iso and c.source in names else c for c in columns]


def _converters(columns: list[Column], sources: dict[str, int]) -> tuple[list, list]:
    """Per column that needs one: (position, conversion of its value) and, for columns read from several
    fields, (position, reader of those fields from the tuple, conversion)."""
    simple, combined = [], []
    for index, column in enumerate(columns):
        label = _label_reader(column.choices) if column.choices else None
        if isinstance(column.source, str):
            if column.fmt and label:
                simple.append((index, (lambda f, g: lambda v: g(f(v), ""))(column.fmt, label)))
            elif column.fmt or label:
                simple.append((index, column.fmt or (lambda g: lambda v: g(v, ""))(label)))
        else:
            index_of = [sources[name] for name in column.source]
            getter = (
                operator.itemgetter(*index_of)
                if len(index_of) > 1
                else (lambda i: lambda values: (values[i],))(index_of[0])
            )
            fmt = column.fmt or (lambda *v: v[0])
            if label:
                fmt = (lambda f, g: lambda *v: g(f(*v), ""))(fmt, label)
            combined.append((index, getter, fmt))
    return simple, combined


def query_rows(queryset, columns: list[Column], chunk_size: int = 5000) -> Iterator[list]:
    """The rows of ``queryset`` as lists in the order of ``columns``: one query, each field read once, and
    per row only the conversions the columns ask for (label dicts are built when the first row is read, in
    the language active then)."""
    queryset, columns = _iso_in_database(queryset, columns)
    sources: dict[str, int] = {}
    for column in columns:
        for name in (column.source,) if isinstance(column.source, str) else column.source:
            sources.setdefault(name, len(sources))
    positions = [sources[c.source] if isinstance(c.source, str) else 0 for c in columns]
    pick = operator.itemgetter(*positions) if len(positions) > 1 else (lambda values: (values[positions[0]],))
    simple, combined = _converters(columns, sources)
    for values in stream_values(queryset, list(sources), chunk_size):
        row = list(pick(values))
        for index, convert in simple:
            row[index] = convert(row[index])
        for index, getter, convert in combined:
            row[index] = convert(*getter(values))
        yield row


def labels(choices) -> Callable[[object], str]:
    """The reader of a code's label (in the active language, Spanish for downloads); "" for no code."""
    names = dict(choices)
    cache: dict = {}

    def label(code) -> str:
        entry = (code, get_language())
        if entry not in cache:
            cache[entry] = str(names[code]) if code in names else ""
        return cache[entry]

    return label


def label_col(name: str, description: str, code: str | Callable, choices) -> Column:
    """The label column beside a coded one (``estado`` + ``estado_etiqueta``) of a dataset of row objects:
    ``code`` is the attribute (or the reader) of the code."""
    choices = tuple((value, text) for value, text in choices)
    read, get = labels(choices), code if callable(code) else operator.attrgetter(code)
    return Column(name, description, lambda obj: read(get(obj)), "string", {}, choices=choices)


def col(name: str, description: str, attr: str | Callable, type: str = "string", **constraints) -> Column:  # noqa: A002
    """A column: its stable name, its (lazy, translatable) description, how to read it, its type."""
    getter = attr if callable(attr) else operator.attrgetter(attr)
    return Column(name, description, getter, type, constraints)


def field(
    name: str,
    description: str,
    source: str | tuple[str, ...],
    type: str = "string",  # noqa: A002
    fmt: Callable | None = None,
    sql: str | Callable | None = None,
    **constraints,
) -> Column:
    """A column of a dataset with a query: the field path (or paths, given together to ``fmt``) it shows, and
    for a ``fmt`` of its own, the ``sql`` that computes the same (see ``Column.sql``)."""
    return Column(name, description, None, type, constraints, source=source, fmt=fmt, sql=sql)


def coded(
    name: str,
    description: str,
    source: str | tuple[str, ...],
    choices,
    label: str,
    label_description: str,
    fmt: Callable | None = None,
    sql: str | Callable | None = None,
    **constraints,
) -> list[Column]:
    """A coded column and, right after it, the column of its label (a dataset with a query): the code's
    allowed values go in the schema."""
    choices = tuple((code, text) for code, text in choices)
    constraints.setdefault("enum", [code for code, _text in choices])
    return [
        Column(name, description, None, "string", constraints, source=source, fmt=fmt, sql=sql),
        Column(label, label_description, None, "string", {}, source=source, fmt=fmt, choices=choices, sql=sql),
    ]


def iso(value) -> str:
    """A date or time in ISO 8601 (already text when the database wrote it); "" for none."""
    if value.__class__ is str:
        return value
    return value.isoformat() if value else ""


def blank(value):
    """The value, or "" for none (NULL)."""
    return "" if value is None else value
