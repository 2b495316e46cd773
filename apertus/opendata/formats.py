"""The download formats of every dataset: CSV (UTF-8, RFC 4180), XLSX and JSON, all from the same rows,
and GeoJSON for the datasets whose records have a place (``apertus.opendata.geo``).

Each format reads the dataset's rows once, streamed from the database, so what a format shows is
exactly what the CSV shows (the permission filters live in the dataset's ``rows``). Memory stays flat:
CSV and JSON are generated line by line, XLSX is written by openpyxl's write-only mode to a temporary
file that is then streamed.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse

from apertus.core import copy
from apertus.core.exports import CHUNK, _csv_safe, stream_csv

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    media_type: str
    extension: str


FORMATS = {
    "csv": Format("csv", "CSV", "text/csv", "csv"),
    "xlsx": Format("xlsx", "XLSX", XLSX_MIME, "xlsx"),
    "json": Format("json", "JSON", "application/json", "json"),
    "geojson": Format("geojson", "GeoJSON", "application/geo+json", "geojson"),
}


def formats_of(dataset) -> list[Format]:
    """The formats a dataset downloads in: all of them, GeoJSON only when its records have a place."""
    return [f for f in FORMATS.values() if f.key != "geojson" or dataset.place is not None]


def _json_default(value):
    # Only the values JSON has no type for reach here (dates, decimals): the rest is encoded in C.
    converted = _json_value(value)
    if converted is value:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    return converted


def _json_value(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Whole numbers stay integers; others keep their digits (no binary float rounding).
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def chunked_array(opening: str, items: Iterable[str], closing: str) -> Iterator[str]:
    """``opening``, the items one per line separated by commas, ``closing``: yielded in pieces of
    about 64 KB (not one per item). JSON and GeoJSON downloads stream through it."""
    buffer, size, separator = [opening], len(opening), "\n"
    for item in items:
        piece = separator + item
        separator = ",\n"
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield "".join(buffer)
            buffer, size = [], 0
    buffer.append(closing)
    yield "".join(buffer)


def json_encoder():
    return json.JSONEncoder(ensure_ascii=False, default=_json_default).encode


def json_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """A JSON array of objects, one object per line."""
    encode = json_encoder()
    return chunked_array("[", (encode(dict(zip(header, row, strict=True))) for row in rows), "\n]\n")


def csv_response(dataset, on_done=None):
    """On PostgreSQL the database writes the file (``core.copy``), byte for byte what Python writes."""
    if on_done is None and copy.supported(dataset):
        try:
            built = copy.statement(dataset)  # before the response starts: a failure here keeps the Python path
        except copy.Unsupported:
            pass
        else:
            return copy.csv_response(dataset, built)
    response = stream_csv(f"apertus-{dataset.slug}.csv", dataset.header(), _counted(dataset.iter_rows(), on_done))
    return response


def json_response(dataset, on_done=None):
    def generate():
        for piece in json_lines(dataset.header(), _counted(dataset.iter_rows(), on_done)):
            yield piece.encode()

    response = StreamingHttpResponse(generate(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="apertus-{dataset.slug}.json"'
    return response


def _xlsx_value(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()  # spreadsheets have no time zones; ISO 8601 keeps it
    if isinstance(value, str):
        return _csv_safe(value) or None
    return value


def xlsx_file(dataset):
    """The dataset as a workbook (data sheet + dictionary sheet) in a temporary file, and its size."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(dataset.slug[:31])
    sheet.append(dataset.header())
    rows = 0
    for row in dataset.iter_rows():
        sheet.append([_xlsx_value(v) for v in row])
        rows += 1
    dictionary = workbook.create_sheet("diccionario")
    dictionary.append(["campo", "tipo", "descripcion"])
    for column in dataset.columns:
        dictionary.append([column.name, column.type, str(column.description)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response
    workbook.save(handle)
    size = handle.tell()
    handle.seek(0)
    return handle, size, rows


def xlsx_response(dataset, on_done=None):
    handle, size, rows = xlsx_file(dataset)
    if on_done:
        on_done(rows, size)
    return FileResponse(handle, as_attachment=True, filename=f"apertus-{dataset.slug}.xlsx", content_type=XLSX_MIME)


def _counted(rows: Iterable[list], on_done) -> Iterator[list]:
    count = 0
    for row in rows:
        count += 1
        yield row
    if on_done:
        on_done(count, None)
