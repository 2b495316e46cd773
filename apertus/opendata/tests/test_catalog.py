"""The DCAT catalogues: parsed with rdflib, checked with SPARQL, every distribution reachable."""

import json

import pytest
import rdflib
from django.conf import settings
from django.utils import timezone

from apertus.core.datasets import DATASETS
from apertus.core.testing import data_kept_copy
from apertus.opendata.formats import formats_of
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan

REQUIRED = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?id WHERE {
  ?dataset a dcat:Dataset ; dct:identifier ?id .
  FILTER NOT EXISTS {
    ?dataset dct:title ?title ; dct:description ?description ; dct:publisher ?publisher ; dct:license ?licence ;
             dcat:contactPoint ?contact ; dcat:theme ?theme ; dct:accrualPeriodicity ?frequency ;
             dcat:distribution ?distribution .
    ?distribution dcat:accessURL ?access ; dcat:downloadURL ?download ; dcat:mediaType ?media ; dct:license ?dl .
    FILTER (lang(?title) = "es")
  }
}
"""


def graph_of(client) -> rdflib.Graph:
    response = client.get("/datos/catalogo.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    graph = rdflib.Graph()
    graph.parse(data=response.content.decode(), format="json-ld")
    return graph


def _plans_made():
    public = build_plan("20", commitments=2, milestones=2)
    draft = build_plan("26", status=PlanStatus.DRAFT, commitments=1, milestones=1)
    draft.commitments.update(title="BORRADOR SECRETO")
    return public, draft


@pytest.fixture
def plans(db):
    """A public plan and a draft, built through the services once per starting point and written back after
    that (``data_kept_copy``); each test gets its own copies."""
    return data_kept_copy(f"opendata-catalog-plans {timezone.localdate()}", _plans_made)


def test_every_dataset_has_the_required_dcat_ap_properties(client, plans):
    graph = graph_of(client)
    ids = {
        str(row.id)
        for row in graph.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?id WHERE { ?c a dcat:Catalog ; dcat:dataset ?d . ?d dct:identifier ?id }""")
    }
    assert ids == set(DATASETS)
    missing = [str(row.id) for row in graph.query(REQUIRED)]
    assert missing == []
    catalogue = list(
        graph.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT DISTINCT ?c WHERE { ?c a dcat:Catalog ; dct:title ?t ; dct:description ?d ; dct:publisher ?p }""")
    )
    assert len(catalogue) == 1


def test_titles_in_both_languages_themes_and_licences(client, plans):
    graph = graph_of(client)
    rows = graph.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?title WHERE { ?d dct:identifier "compromisos" ; dct:title ?title . FILTER (lang(?title) = "en") }""")
    assert [str(r.title) for r in rows] == ["Commitments"]
    themes = {
        str(r.t)
        for r in graph.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?t WHERE { ?d dct:identifier "compromisos" ; dcat:theme ?t }""")
    }
    assert "http://metadata.un.org/sdg/16" in themes
    licences = {
        str(r.identifier): str(r.licence)
        for r in graph.query("""
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?identifier ?licence WHERE { ?d dct:identifier ?identifier ; dct:license ?licence }""")
    }
    assert licences["compromisos"] == "https://creativecommons.org/licenses/by/4.0/"
    assert licences["municipios"] == "https://www.inegi.org.mx/inegi/terminos.html"
    assert licences["ods-objetivos"] == "https://opensource.org/licenses/MIT"


def test_spatial_temporal_dates_and_sizes_come_from_the_data(client, plans):
    graph = graph_of(client)
    q = """
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?code ?start ?end ?modified WHERE {
          ?d dct:identifier "compromisos" ; dct:spatial ?place ; dct:temporal ?t ; dct:modified ?modified .
          ?place dct:identifier ?code . ?t dcat:startDate ?start ; dcat:endDate ?end }"""
    rows = list(graph.query(q))
    assert {str(r.code) for r in rows} == {"20"}  # Sonora's plan is a draft: not covered
    assert {str(r.start) for r in rows} == {"2025-01-01"} and {str(r.end) for r in rows} == {"2027-12-31"}
    sizes = {
        str(r.url): int(r.size)
        for r in graph.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?url ?size WHERE { ?d dct:identifier "compromisos" ; dcat:distribution ?x .
                                  ?x dcat:downloadURL ?url ; dcat:byteSize ?size }""")
    }
    csv_url = settings.SITE_URL + "/datos/compromisos.csv"
    assert sizes[csv_url] == len(b"".join(client.get("/datos/compromisos.csv").streaming_content))
    json_url = settings.SITE_URL + "/datos/compromisos.json"
    assert sizes[json_url] == len(b"".join(client.get("/datos/compromisos.json").streaming_content))


def test_every_distribution_is_reachable(client, plans):
    graph = graph_of(client)
    urls = [
        str(r.url)
        for r in graph.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?url WHERE { ?x a dcat:Distribution ; dcat:downloadURL ?url }""")
    ]
    assert len(urls) == sum(len(formats_of(d)) for d in DATASETS.values())
    assert settings.SITE_URL + "/datos/stl-sesiones.geojson" in urls
    for url in urls:
        assert url.startswith(settings.SITE_URL)
        response = client.get(url.removeprefix(settings.SITE_URL))
        assert response.status_code == 200, url


def test_dcat_us_lists_every_dataset_with_its_fields(client, plans):
    document = client.get("/datos/data.json").json()
    assert document["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert {d["identifier"].rsplit("/", 1)[1] for d in document["dataset"]} == set(DATASETS)
    for item in document["dataset"]:
        for key in (
            "title",
            "description",
            "keyword",
            "modified",
            "publisher",
            "contactPoint",
            "accessLevel",
            "license",
            "distribution",
            "accrualPeriodicity",
        ):
            assert item[key], (item["identifier"], key)
        assert item["contactPoint"]["hasEmail"].startswith("mailto:")
        placed = DATASETS[item["identifier"].rsplit("/", 1)[1]].place is not None
        assert {d["format"] for d in item["distribution"]} == {"CSV", "XLSX", "JSON"} | (
            {"GeoJSON"} if placed else set()
        )
    commitments = next(d for d in document["dataset"] if d["identifier"].endswith("/compromisos"))
    assert commitments["temporal"] == "2025-01-01/2027-12-31"
    assert "20 Oaxaca" in commitments["spatial"]


def test_catalogue_is_linked_from_every_page_head_and_the_open_data_page(client, db):
    for url in ("/", "/datos/", "/planes/"):
        html = client.get(url).content.decode()
        head = html.split("</head>")[0]
        assert 'href="/datos/catalogo.jsonld"' in head, url
    html = client.get("/datos/").content.decode()
    assert 'href="/datos/data.json"' in html.split("</head>")[1]


def test_a_change_shows_at_once_and_unchanged_catalogue_is_one_query(client, plans, django_assert_max_num_queries):
    client.get("/datos/catalogo.jsonld")
    with django_assert_max_num_queries(1):
        assert client.get("/datos/catalogo.jsonld").status_code == 200
    plan = plans[0]
    commitment = plan.commitments.first()
    from apertus.plans import services

    services.commitment_update(
        actor=None, commitment=commitment, expected_version=commitment.version, title="Título nuevo"
    )
    document = client.get("/datos/data.json").json()
    commitments = next(d for d in document["dataset"] if d["identifier"].endswith("/compromisos"))
    commitment.refresh_from_db()
    assert commitments["modified"] == commitment.updated_at.isoformat()
    assert b"T\xc3\xadtulo nuevo" in b"".join(client.get("/datos/compromisos.csv").streaming_content)


def test_conditional_get_answers_304(client, plans):
    first = client.get("/datos/catalogo.jsonld")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/datos/catalogo.jsonld", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/datos/catalogo.jsonld", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/datos/catalogo.jsonld", HTTP_IF_NONE_MATCH='"otro"').status_code == 200
    json.loads(first.content)
