"""Shared fragments: signed-in people get a page's public parts from the versioned cache, a change
through any service shows at once, and nothing that depends on the person (edit links, drafts,
hidden proposals, CSRF tokens, badge counts) is shared with someone else."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apertus.core import cache as page_cache
from apertus.core.testing import LOGIN_BACKEND, client_for
from apertus.moderation import services as moderation
from apertus.notifications.services import notify
from apertus.participation import services as participation
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans import services as plans
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan


@pytest.fixture
def cached(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.VAR_DIR = tmp_path  # this test's own content version: another test's writes leave it alone
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def plan(db):
    return build_plan("20", commitments=2, milestones=2)


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def test_a_fragment_is_rendered_once_then_shared(cached, db):
    template = Template('{% public_fragment "probe" key %}{{ value }}{% endpublic_fragment %}')
    assert template.render(Context({"key": 1, "value": "primera"})) == "primera"
    assert template.render(Context({"key": 1, "value": "segunda"})) == "primera"  # from the cache
    assert template.render(Context({"key": 2, "value": "otra"})) == "otra"  # another key, another fragment
    page_cache.bump()  # any write
    assert template.render(Context({"key": 1, "value": "tercera"})) == "tercera"


def test_a_fragment_is_not_shared_when_the_cache_is_off(settings, db):
    settings.PAGE_CACHE_SECONDS = 0
    template = Template('{% public_fragment "probe" %}{{ value }}{% endpublic_fragment %}')
    assert template.render(Context({"value": "a"})) == "a"
    assert template.render(Context({"value": "b"})) == "b"


def test_a_fragment_with_a_csrf_token_is_never_stored(cached, db):
    template = Template('{% public_fragment "form" %}<form>{% csrf_token %}</form>{% endpublic_fragment %}')
    rendered = template.render(Context({"csrf_token": "token-de-ana"}))
    assert "token-de-ana" in rendered
    assert "token-de-beto" in template.render(Context({"csrf_token": "token-de-beto"}))


def test_the_signed_in_home_reads_its_public_part_from_the_cache(cached, plan, people):
    citizen, fellow = client_for(people["citizen"]), client_for(people["fellow_oaxaca"])
    cold, cold_queries = _get(citizen, "/")
    warm, warm_queries = _get(fellow, "/")
    assert plan.title in warm
    assert people["fellow_oaxaca"].public_name in warm and people["citizen"].public_name not in warm
    assert warm_queries <= 4 < cold_queries  # session, person, roles, the badge's counts
    plans.plan_update(actor=None, plan=plan, expected_version=plan.version, title="Plan renovado de Oaxaca")
    for client in (client_for(people["citizen"]), client_for(people["stl_oaxaca"]), Client()):
        assert "Plan renovado de Oaxaca" in client.get("/").content.decode()


def test_a_change_to_a_commitment_shows_at_once_for_everyone(cached, plan, people):
    commitment = plan.commitments.order_by("number").first()
    url = commitment.get_absolute_url()
    clients = [client_for(people["citizen"]), client_for(people["stl_oaxaca"]), Client()]
    for client in clients:
        assert "Un problema público descrito de nuevo" not in client.get(url).content.decode()
    plans.commitment_update(
        actor=None,
        commitment=commitment,
        expected_version=commitment.version,
        problem="Un problema público descrito de nuevo",
    )
    milestone = commitment.milestones.order_by("number").first()
    plans.milestone_update(
        actor=None, milestone=milestone, expected_version=milestone.version, title="Hito renombrado hoy"
    )
    for client in clients:
        page = client.get(url).content.decode()
        assert "Un problema público descrito de nuevo" in page
        assert "Hito renombrado hoy" in page


def test_edit_links_are_never_shared_with_someone_who_may_not_edit(cached, plan, people):
    commitment = plan.commitments.order_by("number").first()
    url = commitment.get_absolute_url()
    edit = reverse("plans:milestone_edit", args=[commitment.milestones.order_by("number").first().pk])
    # The STL renders first: its links must not reach the citizen or anonymous visitors...
    assert edit in client_for(people["stl_oaxaca"]).get(url).content.decode()
    assert edit not in client_for(people["citizen"]).get(url).content.decode()
    assert edit not in Client().get(url).content.decode()
    # ...and a page first rendered without them still shows them to the STL.
    cache.clear()
    assert edit not in client_for(people["citizen"]).get(url).content.decode()
    assert edit in client_for(people["stl_oaxaca"]).get(url).content.decode()


def test_a_draft_commitment_seen_by_its_stl_is_not_served_to_others(cached, people):
    draft = build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT, edition=2)
    url = draft.commitments.get().get_absolute_url()
    assert client_for(people["stl_oaxaca"]).get(url).status_code == 200
    assert client_for(people["citizen"]).get(url).status_code == 404
    assert client_for(people["stl_sonora"]).get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_a_proposal_answered_or_hidden_shows_at_once(cached, people):
    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    proposal = propose(build_process(plan), people["citizen"])
    url = proposal.get_absolute_url()
    clients = [client_for(people["citizen"]), client_for(people["fellow_oaxaca"]), Client()]
    for client in clients:
        assert 'data-testid="no-response"' in client.get(url).content.decode()
    participation.proposal_respond(
        actor=people["stl_oaxaca"], proposal=proposal, kind="no_incorporada", reason="Razón publicada enseguida"
    )
    for client in clients:
        assert "Razón publicada enseguida" in client.get(url).content.decode()
    moderation.content_hide(actor=people["coordinator"], obj=proposal, reason="Contenido ofensivo")
    assert client_for(people["fellow_oaxaca"]).get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_logging_in_leaves_the_cached_pages_in_place(cached, plan, people):
    before = page_cache.version()
    Client().force_login(people["citizen"], backend=LOGIN_BACKEND)  # stamps last_login, stores a session
    assert page_cache.version() == before
    plans.plan_update(actor=None, plan=plan, expected_version=plan.version, title="Otro título")
    assert page_cache.version() != before


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "plans_commitment" ("title") VALUES (%s)',
        'INSERT OR IGNORE INTO "notifications_notification" ("title") VALUES (%s)',
        'UPDATE "plans_commitment" SET "title" = %s',
        'DELETE FROM "comments_comment"',
        'UPDATE "accounts_user" SET "first_name" = %s WHERE "id" = %s',
    ],
)
def test_every_spelling_of_a_write_is_seen(sql):
    match = page_cache._WRITE.match(sql)
    assert match and not page_cache._QUIET_WRITE.match(sql)


def _badge(client) -> int:
    found = re.search(r'data-testid="panel-badge">(\d+)<', client.get("/").content.decode())
    return int(found.group(1)) if found else 0


def test_the_badge_counts_are_the_persons_own_and_change_at_once(cached, plan, people):
    citizen, fellow = client_for(people["citizen"]), client_for(people["fellow_oaxaca"])
    before_citizen, before_fellow = _badge(citizen), _badge(fellow)
    assert (
        notify(
            event="comment_reply",
            recipients=[people["citizen"]],
            title="Aviso para la ciudadana",
            dedupe_key="prueba-de-insignia",
        )
        == 1
    )  # bulk_create(ignore_conflicts=True)
    assert _badge(citizen) == before_citizen + 1
    assert _badge(fellow) == before_fellow


@pytest.mark.parametrize("page", ["home", "commitment", "proposal"])
def test_warm_signed_in_pages_run_the_same_queries_with_more_data(cached, people, page):
    plan = build_plan("20", commitments=2, milestones=2, status=PlanStatus.COCREATION)
    process = build_process(plan)
    proposal = propose(process, people["citizen"])
    commitment = plan.commitments.order_by("number").first()
    url = {"home": "/", "commitment": commitment.get_absolute_url(), "proposal": proposal.get_absolute_url()}[page]
    client = client_for(people["fellow_oaxaca"])
    client.get(url)
    _page, small = _get(client, url)
    for n in range(6):
        build_plan("20", commitments=3, milestones=3)
        plans.milestone_create(
            actor=None,
            commitment=commitment,
            title=f"Hito extra {n}",
            start_date=commitment.start_date,
            end_date=commitment.end_date,
            weight=1,
        )
        propose(process, people["applicant"], title=f"Propuesta extra {n}")
    client.get(url)
    _page, large = _get(client, url)
    assert large == small, (small, large)


def test_a_role_given_or_revoked_counts_on_the_next_request(cached, plan, people):
    from apertus.accounts.models import Role, RoleAssignment
    from apertus.accounts.services import role_assign, role_revoke

    citizen = people["citizen"]
    commitment = plan.commitments.order_by("number").first()
    edit = reverse("plans:commitment_edit", args=[commitment.pk])
    client = client_for(citizen)
    assert client.get(edit).status_code == 403
    assert edit not in client.get(commitment.get_absolute_url()).content.decode()
    assignment = role_assign(actor=None, user=citizen, role=Role.STL_MEMBER, state=plan.state)
    assert client.get(edit).status_code == 200
    assert edit in client.get(commitment.get_absolute_url()).content.decode()
    role_revoke(actor=people["coordinator"], assignment=RoleAssignment.objects.get(pk=assignment.pk))
    assert client.get(edit).status_code == 403
    assert edit not in client.get(commitment.get_absolute_url()).content.decode()


def _csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_a_shared_comment_thread_keeps_each_persons_links_and_token(cached, plan, people):
    from django.middleware.csrf import _unmask_cipher_token

    from apertus.comments.services import comment_create

    commitment = plan.commitments.order_by("number").first()
    url = commitment.get_absolute_url()
    citizen, fellow = client_for(people["citizen"]), client_for(people["fellow_oaxaca"])
    own = comment_create(actor=people["citizen"], target=commitment, body="Mi comentario propio")
    edit = reverse("comments:edit", args=[own.pk])
    as_fellow = fellow.get(url).content.decode()
    as_citizen = citizen.get(url).content.decode()
    again_fellow = fellow.get(url).content.decode()
    assert edit in as_citizen and edit not in as_fellow and edit not in again_fellow
    assert "Mi comentario propio" in Client().get(url).content.decode()
    # Every form carries the token of the person who asked for the page, never another's.
    secrets = {}
    for name, client, html in (("citizen", citizen, as_citizen), ("fellow", fellow, again_fellow)):
        tokens = _csrf_tokens(html)
        assert tokens and "apertus-csrf-placeholder" not in html
        secrets[name] = {_unmask_cipher_token(t) for t in tokens}
        assert secrets[name] == {client.cookies["csrftoken"].value}, name
    assert secrets["citizen"] != secrets["fellow"]
    comment_create(actor=people["fellow_oaxaca"], target=commitment, body="Una respuesta nueva al momento")
    for client in (citizen, fellow, Client()):
        assert "Una respuesta nueva al momento" in client.get(url).content.decode()
