"""GeoJSON downloads (RFC 7946) of the datasets whose records have a place: parsed with json, points in
[longitude, latitude] order inside Mexico, online-only records without a geometry, nothing unpublished."""

import json
from datetime import timedelta

import pytest
import rdflib
from django.utils import timezone

from apertus.core.datasets import DATASETS
from apertus.opendata.geo import state_points
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan

# Mexico's extent: a point with its coordinates swapped ([lat, lon]) falls far outside it.
LON, LAT = (-118.5, -86.5), (14.5, 32.8)


def collection(client, slug):
    response = client.get(f"/datos/{slug}.geojson")
    assert response.status_code == 200
    assert response.streaming  # generated row by row, not built in memory
    assert response["Content-Type"].startswith("application/geo+json")
    body = b"".join(response.streaming_content)
    document = json.loads(body)
    assert document["type"] == "FeatureCollection"
    for feature in document["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is not None:
            lon, lat = geometry["coordinates"]
            assert geometry["type"] == "Point"
            assert LON[0] < lon < LON[1] and LAT[0] < lat < LAT[1], feature
    return document, body


@pytest.fixture
def places(db):
    from apertus.stl.models import Session, Stl
    from apertus.tables.models import WorkingTable
    from apertus.territories.models import State

    soon = timezone.now() + timedelta(days=3)
    stl = Stl.objects.create(state=State.objects.get(code="20"), is_published=True)
    hidden = Stl.objects.create(state=State.objects.get(code="26"), is_published=False)
    room = Session.objects.create(stl=stl, starts_at=soon, place="Sala de cabildo", agenda="Orden")
    online = Session.objects.create(stl=stl, starts_at=soon, online_url="https://meet.example.org/stl")
    Session.objects.create(stl=hidden, starts_at=soon, place="SECRETO-STL-SIN-PUBLICAR")
    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    draft = build_plan("07", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    table = WorkingTable.objects.create(
        plan=plan, title="Agua", starts_at=soon, ends_at=soon + timedelta(hours=2), place="Casa", capacity=20
    )
    WorkingTable.objects.create(
        plan=draft,
        title="SECRETO-MESA-BORRADOR",
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
        place="X",
        capacity=5,
    )
    return room, online, table


def test_the_reference_points_are_the_32_states_inside_mexico(db):
    from apertus.territories.models import State

    points = state_points()
    assert set(points) == set(State.objects.values_list("code", flat=True)) and len(points) == 32
    assert all(LON[0] < lon < LON[1] and LAT[0] < lat < LAT[1] for lon, lat in points.values())


def test_stl_sessions_geojson(client, places):
    room, online, _table = places
    document, body = collection(client, "stl-sesiones")
    features = {f["id"]: f for f in document["features"]}
    assert set(features) == {room.pk, online.pk}  # the unpublished STL's session is not there
    assert features[room.pk]["geometry"]["coordinates"] == list(state_points()["20"])
    assert features[room.pk]["geometry"]["coordinates"][0] < -90  # longitude first (Oaxaca: -96.7, 17.1)
    assert features[room.pk]["properties"]["lugar"] == "Sala de cabildo"
    assert features[online.pk]["geometry"] is None  # online only: no place to put on a map
    assert b"SECRETO" not in body


def test_working_tables_and_states_geojson(client, places):
    _room, _online, table = places
    document, body = collection(client, "mesas-de-trabajo")
    assert [f["id"] for f in document["features"]] == [table.pk]
    assert document["features"][0]["properties"]["clave_entidad"] == "20"
    assert b"SECRETO" not in body
    states, _ = collection(client, "entidades")
    assert len(states["features"]) == 32 and all(f["geometry"] for f in states["features"])


def test_only_datasets_with_a_place_have_a_geojson_in_the_catalogue_and_page(client, places):
    assert client.get("/datos/compromisos.geojson").status_code == 404
    graph = rdflib.Graph()
    graph.parse(data=client.get("/datos/catalogo.jsonld").content.decode(), format="json-ld")
    found = {
        (str(r.id), str(r.media), int(r.size))
        for r in graph.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?id ?media ?size WHERE { ?d dct:identifier ?id ; dcat:distribution ?x .
          ?x dcat:mediaType ?media ; dcat:byteSize ?size . FILTER(CONTAINS(STR(?media), "geo+json")) }""")
    }
    placed = {slug for slug, dataset in DATASETS.items() if dataset.place is not None}
    assert {row[0] for row in found} == placed >= {"entidades", "stl-sesiones", "mesas-de-trabajo"}
    _, body = collection(client, "stl-sesiones")
    assert ("stl-sesiones", "http://www.iana.org/assignments/media-types/application/geo+json", len(body)) in found
    html = client.get("/datos/").content.decode()
    assert 'href="/datos/stl-sesiones.geojson"' in html and 'href="/datos/compromisos.geojson"' not in html
