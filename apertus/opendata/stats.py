"""What the catalogue says about each dataset's content: rows, byte sizes, dates, places covered.

Computed in one streamed pass over the dataset (the same rows the downloads give) and cached under the
data version, so a catalogue request costs one query while nothing changes, and one pass per dataset
after a change. The XLSX size is known only once someone downloads the full file at this version.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import translation

from apertus.core.exports import _csv_safe
from apertus.opendata import version
from apertus.opendata.formats import json_lines

TIMEOUT = 7 * 24 * 3600


@dataclass
class Stats:
    rows: int = 0
    sizes: dict[str, int] = field(default_factory=dict)  # format key → bytes
    issued: dt.datetime | None = None
    modified: dt.datetime | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    states: list[str] = field(default_factory=list)


class _Counter:
    def __init__(self):
        self.size = 0

    def write(self, value: str) -> None:
        self.size += len(value.encode())


def _attr(obj, name):
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _as_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _query_dates(queryset) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The earliest creation and the latest change of the records of ``queryset`` (None without those fields)."""
    from django.db.models import Max, Min

    model = queryset.model
    names = {f.name for f in model._meta.concrete_fields}
    if "created_at" not in names:
        return None, None
    found = model._base_manager.filter(pk__in=queryset.order_by().values("pk")).aggregate(
        issued=Min("created_at"), modified=Max("updated_at" if "updated_at" in names else "created_at")
    )
    return found["issued"], found["modified"]


def _rows_noting_dates(dataset, stats: Stats):
    """The dataset's rows; on the way, the earliest creation and latest change of its records."""
    if dataset.query is not None:  # rows are tuples: the dates come from one aggregate query
        stats.issued, stats.modified = _query_dates(dataset.query())
        yield from dataset.iter_rows()
        return
    for obj in dataset.rows():
        created, updated = _attr(obj, "created_at"), _attr(obj, "updated_at") or _attr(obj, "created_at")
        if isinstance(created, dt.datetime) and (stats.issued is None or created < stats.issued):
            stats.issued = created
        if isinstance(updated, dt.datetime) and (stats.modified is None or updated > stats.modified):
            stats.modified = updated
        yield [column.value(obj) for column in dataset.columns]


def compute(dataset) -> Stats:
    stats = Stats()
    header = dataset.header()
    names = {name: i for i, name in enumerate(header)}
    state_col = names.get("clave_entidad")
    start_col, end_col = (
        (names.get(dataset.temporal[0]), names.get(dataset.temporal[1])) if dataset.temporal else (None, None)
    )
    csv_sink = _Counter()
    writer = csv.writer(csv_sink)
    csv_sink.write("\ufeff")
    writer.writerow(header)
    states: set[str] = set()

    def each_row():
        for row in _rows_noting_dates(dataset, stats):
            stats.rows += 1
            if state_col is not None and row[state_col]:
                states.add(str(row[state_col]))
            for index, pick in ((start_col, min), (end_col, max)):
                day = _as_date(row[index]) if index is not None else None
                if day is not None:
                    attr = "start" if pick is min else "end"
                    current = getattr(stats, attr)
                    setattr(stats, attr, day if current is None else pick(current, day))
            writer.writerow([_csv_safe(v) for v in row])
            yield row

    sizes: dict[str, int] = {}
    rows = each_row()
    if dataset.place is not None:  # the GeoJSON is measured in the same pass, from the rows the JSON reads
        rows = _measured_geojson(dataset, header, rows, lambda size: sizes.update(geojson=size))
    sizes["json"] = sum(len(piece.encode()) for piece in json_lines(header, rows))
    stats.sizes = {"csv": csv_sink.size, **sizes}
    stats.states = sorted(states)
    return stats


def _measured_geojson(dataset, header, rows, done):
    """The rows, unchanged; on the way, the byte size of the dataset's GeoJSON (given to ``done`` at the end)."""
    from apertus.opendata.geo import geojson_lines

    size, seen = 0, []  # the rows read since the last piece: at most a piece's worth (~64 KB)

    def tee():
        for row in rows:
            seen.append(row)
            yield row

    for piece in geojson_lines(dataset, header, tee()):
        size += len(piece.encode())
        yield from seen
        seen.clear()
    yield from seen
    done(size)


def _key(dataset, vkey: str) -> str:
    return f"opendata:stats:{dataset.slug}:{vkey}"


def xlsx_key(dataset, vkey: str) -> str:
    return f"opendata:xlsx:{dataset.slug}:{vkey}"


def stats_for(dataset, vkey: str | None = None) -> Stats:
    vkey = vkey or version.key()
    stats = cache.get(_key(dataset, vkey))
    if stats is None:
        with translation.override("es"):
            stats = compute(dataset)
        cache.set(_key(dataset, vkey), stats, TIMEOUT)
    xlsx = cache.get(xlsx_key(dataset, vkey))
    if xlsx is not None:
        stats.sizes["xlsx"] = xlsx
    return stats


def remember_xlsx_size(dataset, vkey: str, size: int) -> None:
    cache.set(xlsx_key(dataset, vkey), size, TIMEOUT)
