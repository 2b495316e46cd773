"""Frictionless Data Packages: every dataset as a tabular resource with its Table Schema.

Field names, types, formats and constraints come from the dataset's declared columns; the Spanish and
English descriptions from the same dictionary the /datos/ page shows. The package of one dataset
keeps only the foreign keys whose target is inside it (itself); the full package keeps them all.
"""

from __future__ import annotations

from django.core.cache import cache

from apertus.core.datasets import DATASETS
from apertus.opendata import version
from apertus.opendata.catalog import ATTRIBUTION, LICENCES, base, both_languages, download_url
from apertus.opendata.stats import TIMEOUT, stats_for

MISSING = [""]
FORMATS = {"date": "%Y-%m-%d"}


def _field(column) -> dict:
    descriptions = both_languages(column.description)
    field = {
        "name": column.name,
        "type": column.type,
        "description": descriptions["es"],
        "description_en": descriptions["en"],
    }
    if column.type == "datetime":
        field["format"] = "any"  # ISO 8601 with the UTC offset, e.g. 2025-03-01T18:00:00+00:00
    elif column.type == "date":
        field["format"] = "default"
    if column.constraints:
        field["constraints"] = dict(column.constraints)
    return field


def schema(dataset, slugs: set[str]) -> dict:
    result = {"fields": [_field(c) for c in dataset.columns], "missingValues": MISSING}
    if dataset.primary_key:
        result["primaryKey"] = list(dataset.primary_key)
    keys = [
        {
            "fields": list(fields),
            "reference": {"resource": "" if target == dataset.slug else target, "fields": list(target_fields)},
        }
        for fields, target, target_fields in dataset.foreign_keys
        if target in slugs
    ]
    if keys:
        result["foreignKeys"] = keys
    return result


def resource(dataset, slugs: set[str], vkey: str) -> dict:
    stats = stats_for(dataset, vkey)
    titles, descriptions = both_languages(dataset.title), both_languages(dataset.description)
    uri, title = LICENCES[dataset.licence]
    return {
        "name": dataset.slug,
        "path": download_url(dataset, "csv"),
        "profile": "tabular-data-resource",
        "title": titles["es"],
        "title_en": titles["en"],
        "description": descriptions["es"],
        "description_en": descriptions["en"],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "bytes": stats.sizes.get("csv"),
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "licenses": [{"name": dataset.licence, "path": uri, "title": title}],
        "sources": [{"title": ATTRIBUTION[dataset.licence] + (f" · {dataset.source}" if dataset.source else "")}],
        "schema": schema(dataset, slugs),
    }


def _package(name: str, datasets: list, vkey: str) -> dict:
    slugs = {d.slug for d in datasets}
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": "Apertus: datos abiertos",
        "homepage": base() + "/datos/",
        "licenses": [{"name": "CC-BY-4.0", "path": LICENCES["CC-BY-4.0"][0], "title": LICENCES["CC-BY-4.0"][1]}],
        "resources": [resource(d, slugs, vkey) for d in datasets],
    }


def full_package(vkey: str | None = None) -> dict:
    vkey = vkey or version.key()
    key = f"opendata:package:{base()}:{vkey}"
    document = cache.get(key)
    if document is None:
        document = _package("apertus", list(DATASETS.values()), vkey)
        cache.set(key, document, TIMEOUT)
    return document


def dataset_package(dataset, vkey: str | None = None) -> dict:
    vkey = vkey or version.key()
    key = f"opendata:package:{dataset.slug}:{base()}:{vkey}"
    document = cache.get(key)
    if document is None:
        document = _package(f"apertus-{dataset.slug}", [dataset], vkey)
        cache.set(key, document, TIMEOUT)
    return document
