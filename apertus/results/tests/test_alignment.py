"""SDG pages list what serves each goal and target; organisation pages what the organisation does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.organizations.models import Organization
from apertus.program.models import FellowProfile
from apertus.results.tests.conftest import add_commitment, add_proposals


def _titles(response, key):
    return sorted(c.title for c in response.context["data"].__dict__[key])


def test_goal_page_lists_public_commitments_per_goal_and_target(client, world):
    world.process.proposals.update(is_hidden=False)
    for proposal in world.process.proposals.all()[:2]:
        proposal.goals.add(world.commitments[0].primary_goal)
    response = client.get("/ods/16/")
    assert _titles(response, "commitments") == [
        "Contrataciones abiertas",
        "Obra pública abierta",
        "Padrón de beneficiarios",
    ]
    data = response.context["data"]
    assert data.proposals.paginator.count == 2
    by_state = {s.name: (s.commitments, s.proposals, s.projects) for s in data.by_state}
    assert by_state == {"Oaxaca": (2, 2, 0), "Sonora": (1, 0, 0)}  # Morelos' draft never counts
    by_target = {t.code: c for t, c, _p in data.by_target if c}
    assert by_target == {"16.5": 2, "16.6": 1, "16.10": 1}
    only = client.get("/ods/16/?meta=16.5")
    assert _titles(only, "commitments") == ["Contrataciones abiertas", "Obra pública abierta"]
    assert _titles(client.get("/ods/11/"), "commitments") == ["Mesas ciudadanas"]
    assert b"Borrador secreto" not in client.get("/ods/16/?meta=16.5").content


@pytest.mark.parametrize("query", ["?meta=<script>", "?compromisos=abc&propuestas=-1", "?meta=99.9&compromisos=999"])
def test_goal_page_takes_wrong_parameters_calmly(client, world, query):
    response = client.get("/ods/16/" + query)
    assert response.status_code == 200 and b"<script>" not in response.content


def test_organisation_page_shows_what_it_does(client, world, people):
    lead = Organization.objects.get(name="Gobierno de Oaxaca (prueba)")
    civil = Organization.objects.get(name="Colectivo de Oaxaca (prueba)")
    response = client.get(lead.get_absolute_url())
    assert _titles(response, "led") == ["Contrataciones abiertas", "Mesas ciudadanas", "Padrón de beneficiarios"]
    assert response.context["data"].supported.paginator.count == 0
    assert client.get(civil.get_absolute_url()).context["data"].supported.paginator.count == 3
    # Fellows: only with consent.
    fellow = people["fellow_oaxaca"]
    fellow.organization = civil
    fellow.save(update_fields=["organization"])
    profile = FellowProfile.objects.create(user=fellow, is_public=False)
    assert fellow.public_name not in client.get(civil.get_absolute_url()).content.decode()
    profile.is_public = True
    profile.save(update_fields=["is_public"])
    assert fellow.public_name in client.get(civil.get_absolute_url()).content.decode()
    assert fellow.email not in client.get(civil.get_absolute_url()).content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_goal_and_organisation_pages_run_the_same_queries_with_ten_times_the_data(client, world):
    from apertus.territories.models import State

    lead = Organization.objects.get(name="Gobierno de Oaxaca (prueba)")
    urls = ["/ods/16/", "/ods/16/?meta=16.5", lead.get_absolute_url()]
    before = [_count(client, url) for url in urls]
    oaxaca = State.objects.get(code="20")
    for i in range(30):
        add_commitment(world.oaxaca, oaxaca, f"Más {i}", target_codes=["16.5"], value_codes=["acceso"])
    add_proposals(world.process, 40, answered=10, prefix="Otra")
    assert [_count(client, url) for url in urls] == before
    assert client.get("/ods/16/").context["data"].commitments.paginator.num_pages == 2
