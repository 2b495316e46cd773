"""GeoJSON (RFC 7946) downloads of the datasets whose records have a place: one Feature per row.

The platform keeps places as text (a venue, a room) and the state they are in, not coordinates, so a
record's point is its state's reference point: the state capital (``data/geo/capitales_entidades.csv``,
WGS 84, [longitude, latitude] as RFC 7946 orders them). A record with no physical place (an online-only
session) keeps its properties with a null geometry, which RFC 7946 allows. The rows are the dataset's
own, read once and streamed, so the GeoJSON shows exactly what the CSV shows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from functools import cache

from django.conf import settings
from django.http import StreamingHttpResponse

from apertus.opendata.formats import chunked_array, json_encoder

MEDIA_TYPE = "application/geo+json"
POINTS_FILE = "geo/capitales_entidades.csv"
# Said in the file itself and in the catalogue, so no one reads a capital as the venue.
NOTE = "Punto de cada registro: la capital de su entidad (WGS 84), no el lugar exacto."


@cache
def state_points() -> dict[str, tuple[float, float]]:
    """INEGI state code → (longitude, latitude) of its capital."""
    with open(settings.DATA_DIR / POINTS_FILE, encoding="utf-8") as handle:
        return {r["cve_ent"]: (float(r["longitud"]), float(r["latitud"])) for r in csv.DictReader(handle)}


def geometry(dataset, row: dict) -> dict | None:
    place = dataset.place
    code = row.get(place.state_column)
    if not code or (place.located is not None and not place.located(row)):
        return None
    point = state_points().get(str(code))
    return {"type": "Point", "coordinates": list(point)} if point else None


def geojson_lines(dataset, header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """A FeatureCollection, one Feature per line."""
    encode = json_encoder()
    key = dataset.primary_key[0] if len(dataset.primary_key) == 1 else None
    opening = {"type": "FeatureCollection", "name": dataset.slug, "description": NOTE}

    def features():
        for row in rows:
            properties = dict(zip(header, row, strict=True))
            feature = {"type": "Feature", "geometry": geometry(dataset, properties), "properties": properties}
            if key is not None:
                feature["id"] = properties[key]
            yield encode(feature)

    return chunked_array(encode(opening)[:-1] + ', "features": [', features(), "\n]}\n")


def geojson_response(dataset):
    def generate():
        for piece in geojson_lines(dataset, dataset.header(), dataset.iter_rows()):
            yield piece.encode()

    response = StreamingHttpResponse(generate(), content_type=f"{MEDIA_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="apertus-{dataset.slug}.geojson"'
    return response
