"""Catalogue, data packages and downloads in every format. Thin: the modules build, the cache keeps."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from apertus.core.datasets import DATASETS
from apertus.opendata import catalog, files, formats, geo, package
from apertus.opendata.http import not_modified, stamp, validators
from apertus.opendata.stats import TIMEOUT, remember_xlsx_size


def _json(request, build, content_type="application/json"):
    etag, changed_at, vkey = validators(request.path)
    cached = not_modified(request, etag, changed_at)
    if cached is not None:
        return cached
    key = f"opendata:body:{request.path}:{vkey}"
    body = cache.get(key)
    if body is None:
        body = json.dumps(build(vkey), ensure_ascii=False, indent=1)
        cache.set(key, body, TIMEOUT)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # harvesters and notebooks in the browser
    return stamp(response, etag, changed_at)


@require_GET
def dcat_ap(request):
    return _json(request, catalog.dcat_ap, "application/ld+json")


@require_GET
def dcat_us(request):
    return _json(request, catalog.dcat_us)


@require_GET
def datapackage(request):
    return _json(request, package.full_package)


def _dataset(slug: str):
    dataset = DATASETS.get(slug)
    if dataset is None:
        raise Http404
    return dataset


@require_GET
def dataset_package(request, slug: str):
    dataset = _dataset(slug)
    return _json(request, lambda vkey: package.dataset_package(dataset, vkey))


_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "geojson": f"{geo.MEDIA_TYPE}; charset=utf-8",
    "xlsx": formats.XLSX_MIME,
}


@require_GET
def download(request, slug: str, fmt: str):
    """One dataset in one format. Always in Spanish (labels included), so a file's bytes do not depend
    on who downloads it and the catalogue's byte sizes hold. Conditional GET on the data version; the
    file is built once per version and kept (``opendata/files.py``)."""
    dataset = _dataset(slug)
    if fmt not in {f.key for f in formats.formats_of(dataset)}:
        raise Http404
    etag, changed_at, vkey = validators(f"download:{slug}.{fmt}")
    cached = not_modified(request, etag, changed_at)
    if cached is not None:
        return cached
    path = files.path_of(slug, fmt, vkey) if files.enabled() else None
    response = files.stored(path, f"apertus-{slug}.{fmt}", _CONTENT_TYPES[fmt]) if path else None
    if response is None:
        response = _built(dataset, fmt, vkey)
        if path:
            response.streaming_content = files.keep(response.streaming_content, path)
    response["Access-Control-Allow-Origin"] = "*"
    return stamp(response, etag, changed_at)


def _built(dataset, fmt: str, vkey: str):
    with translation.override("es"):
        if fmt == "xlsx":
            response = formats.xlsx_response(
                dataset, on_done=lambda rows, size: remember_xlsx_size(dataset, vkey, size)
            )
        elif fmt == "json":
            response = formats.json_response(dataset)
        elif fmt == "geojson":
            response = geo.geojson_response(dataset)
        else:
            response = formats.csv_response(dataset)
    if fmt != "xlsx":
        response.streaming_content = _in_spanish(response.streaming_content)
    return response


def _in_spanish(chunks):
    # Streamed bodies are generated after the view returns: keep the language for the whole stream.
    with translation.override("es"):
        yield from chunks
