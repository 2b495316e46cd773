"""The anonymous page cache: pages come from it, a change through any service shows at once, and
nothing personal, private or draft is ever served from it to someone else."""

import pytest
from django.core.cache import cache
from django.test import Client

from apertus.comments.services import comment_create
from apertus.core import cache as page_cache
from apertus.core.testing import client_for
from apertus.participation import services as participation
from apertus.participation.tests.conftest import build_process, moment_in, propose
from apertus.plans import services as plans
from apertus.plans.models import PlanStatus
from apertus.plans.progress import recompute_plan
from apertus.plans.tests.conftest import build_plan


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def plan(db):
    return build_plan("20", commitments=2, milestones=1)


def _served_from_cache(url, django_assert_num_queries, **headers):
    with django_assert_num_queries(0):
        return Client().get(url, **headers)


def test_an_anonymous_page_is_served_from_the_cache_without_queries(cached, plan, django_assert_num_queries):
    url = plan.get_absolute_url()
    first = Client().get(url)
    assert first.status_code == 200
    again = _served_from_cache(url, django_assert_num_queries)
    assert again.status_code == 200
    assert again.content == first.content
    assert "Set-Cookie" not in again.headers  # no one's CSRF or session cookie is replayed
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_conditional_get_of_an_unchanged_page_is_not_modified(cached, plan, django_assert_num_queries):
    url = plan.get_absolute_url()
    etag = Client().get(url)["ETag"]
    response = _served_from_cache(url, django_assert_num_queries, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_a_change_through_a_service_shows_at_once_on_the_plan_commitment_and_api(cached, plan):
    commitment = plan.commitments.order_by("number").first()
    urls = [plan.get_absolute_url(), commitment.get_absolute_url(), f"/api/plans/{plan.pk}/commitments"]
    for url in urls:
        assert "Transparencia presupuestal acordada hoy" not in Client().get(url).content.decode()
    plans.commitment_update(
        actor=None,
        commitment=commitment,
        expected_version=commitment.version,
        title="Transparencia presupuestal acordada hoy",
    )
    for url in urls:
        assert "Transparencia presupuestal acordada hoy" in Client().get(url).content.decode(), url


def test_a_plan_going_back_to_draft_disappears_at_once_for_anonymous(cached, db):
    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    url = plan.get_absolute_url()
    assert Client().get(url).status_code == 200
    plans.plan_transition(actor=None, plan=plan, target=PlanStatus.DRAFT)
    assert Client().get(url).status_code == 404


def test_a_derived_number_written_with_update_invalidates_too(cached, plan):
    before = page_cache.version()
    recompute_plan(plan.pk)  # QuerySet.update(): no signal, still a write
    assert page_cache.version() != before


def test_supports_and_comments_on_a_proposal_show_at_once(cached, people):
    cocreation = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    process = build_process(cocreation)
    proposal = propose(process, people["citizen"])
    url = proposal.get_absolute_url()
    assert "Un comentario que debe verse enseguida" not in Client().get(url).content.decode()
    comment_create(actor=people["fellow_oaxaca"], target=proposal, body="Un comentario que debe verse enseguida")
    assert "Un comentario que debe verse enseguida" in Client().get(url).content.decode()
    process_url = process.get_absolute_url()
    Client().get(process_url)
    participation.support_add(actor=people["fellow_oaxaca"], proposal=proposal, now=moment_in("during"))
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert Client().get(f"/api/participation/proposals?process={process.pk}").json()["items"][0]["support_count"] == 1


def test_signed_in_pages_are_never_stored_nor_served_to_others(cached, plan, people):
    url = plan.get_absolute_url()
    alice, bob = people["stl_oaxaca"], people["citizen"]
    as_alice = client_for(alice).get(url).content.decode()
    assert alice.public_name in as_alice
    anonymous = Client().get(url).content.decode()
    assert alice.public_name not in anonymous
    as_bob = client_for(bob).get(url).content.decode()
    assert alice.public_name not in as_bob
    assert bob.public_name in as_bob
    # And the page an anonymous visitor left in the cache is not what a signed-in person gets.
    assert client_for(alice).get(url).content.decode() != anonymous


def test_a_draft_seen_by_its_stl_is_not_served_to_anonymous_or_another_state(cached, people):
    draft = build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT, edition=2)
    url = draft.get_absolute_url()
    assert client_for(people["stl_oaxaca"]).get(url).status_code == 200
    assert Client().get(url).status_code == 404
    assert client_for(people["stl_sonora"]).get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_only_public_pages_are_cached():
    assert page_cache.CACHED_PATHS.match("/planes/oaxaca/1/")
    assert page_cache.CACHED_PATHS.match("/participa/propuestas/12/")
    assert page_cache.CACHED_PATHS.match("/api/plans/3/commitments")
    assert page_cache.CACHED_PATHS.match("/buscar/")
    for private in (
        "/mi-cuenta/",
        "/notificaciones/",
        "/planes/oaxaca/1/editar/",
        "/moderacion/",
        "/admin/",
        "/datos/comentarios.csv",
        "/cuentas/login/",
        "/planes/papelera/",
    ):
        assert not page_cache.CACHED_PATHS.match(private), private


def test_a_request_with_a_session_or_a_token_is_not_served_from_the_cache(cached, plan, settings):
    url = plan.get_absolute_url()
    Client().get(url)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    response = client.get(url)
    assert response.status_code == 200
    assert "ETag" not in response  # rendered, not replayed
    assert "ETag" not in Client().get(url, HTTP_AUTHORIZATION="Bearer apx_x")


def test_search_results_come_from_the_cache_and_a_change_shows_at_once(cached, plan, django_assert_num_queries):
    commitment = plan.commitments.order_by("number").first()
    url = "/buscar/?q=presupuestal+acordada"
    first = Client().get(url)
    assert "Transparencia presupuestal acordada hoy" not in first.content.decode()
    assert _served_from_cache(url, django_assert_num_queries).content == first.content
    # Another query string is another page: it renders.
    assert Client().get(url + "&page=2").status_code == 200
    plans.commitment_update(
        actor=None,
        commitment=commitment,
        expected_version=commitment.version,
        title="Transparencia presupuestal acordada hoy",
    )
    assert "Transparencia presupuestal acordada hoy" in Client().get(url).content.decode()


def test_a_draft_never_reaches_the_cached_search(cached, people):
    draft = build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT, edition=2)
    commitment = draft.commitments.get()
    plans.commitment_update(
        actor=None, commitment=commitment, expected_version=commitment.version, title="Borrador secreto de Oaxaca"
    )
    url = "/buscar/?q=borrador+secreto"
    assert "Borrador secreto de Oaxaca" not in client_for(people["stl_oaxaca"]).get(url).content.decode()
    assert "Borrador secreto de Oaxaca" not in Client().get(url).content.decode()
    assert "Borrador secreto de Oaxaca" not in Client().get(url).content.decode()
