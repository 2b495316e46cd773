"""Signed-in pages rendered once and shared (core/shared.py): what each person gets is what a full
render gives them, their own controls only, a write shows on the next request, and a warm page costs
the same queries with 10 or 1,000 comments."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apertus.comments import services as comments
from apertus.comments.models import Comment
from apertus.comments.tests.factories import make_comment
from apertus.core import shared
from apertus.core.testing import client_for
from apertus.moderation import services as moderation
from apertus.participation import services as participation
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan

PEOPLE = ["anonymous", "citizen", "fellow_oaxaca", "stl_oaxaca", "stl_sonora", "coordinator"]


@pytest.fixture
def cached(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.SESSION_ENGINE = settings.FILE_SESSIONS  # as served without REDIS_URL: no query for the session
    settings.VAR_DIR = tmp_path  # this test's own content version: another test's writes leave it alone
    cache.clear()
    shared.fallbacks.clear()
    yield settings
    cache.clear()


@pytest.fixture
def site(people):
    """A plan in co-creation with a proposal and a commitment, each with a conversation."""
    plan = build_plan("20", commitments=2, milestones=2, status=PlanStatus.COCREATION)
    proposal = propose(build_process(plan), people["citizen"])
    commitment = plan.commitments.order_by("number").first()
    for target in (proposal, commitment):
        own = make_comment(target, people["citizen"], "Mi comentario reciente")
        other = make_comment(target, people["fellow_oaxaca"], "Comentario de la becaria")
        make_comment(target, people["stl_oaxaca"], "Respuesta del STL", parent=other, reply_to=other)
        make_comment(target, people["coordinator"], "Comentario antiguo", created_at=timezone.now() - timedelta(days=2))
        target.own, target.other = own, other
    return {"proposal": proposal, "commitment": commitment}


def _url(site, page) -> str:
    return "/" if page == "home" else site[page].get_absolute_url()


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    # Each response masks the CSRF token afresh.
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', response.content.decode()
    )


@pytest.mark.parametrize("page", ["home", "commitment", "proposal"])
def test_a_shared_page_is_what_a_full_render_gives_each_person(cached, people, site, page):
    url = _url(site, page)
    clients = {role: client_for(people[role]) for role in PEOPLE}
    cached.PAGE_CACHE_SECONDS = 0
    full = {role: _html(client, url) for role, client in clients.items()}
    cached.PAGE_CACHE_SECONDS = 300
    for role in reversed(PEOPLE):  # the coordinator's render is the first one stored
        _html(clients[role], url)
    for role, client in clients.items():
        assert _html(client, url) == full[role], role
    assert shared.fallbacks == []  # no page read the person outside its slots


def _controls(html: str) -> dict[str, set[str]]:
    """Per comment id, which controls the page shows."""
    found = {}
    starts = list(re.finditer(r'<article class="comment[^"]*" id="comentario-(\d+)"', html))
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else html.index("</section>", start.end())
        pk, body = start.group(1), html[start.end() : end].split('class="comment-actions"', 1)[1]
        kinds = set()
        if "/editar/" in body or ">Editar<" in body:
            kinds.add("edit")
        if "Reportar" in body:
            kinds.add("flag")
        if "Ya lo reportaste" in body:
            kinds.add("flagged")
        if "Ocultar (moderación)" in body:
            kinds.add("hide")
        if "Responder" in body:
            kinds.add("reply")
        found[int(pk)] = kinds
    return found


def test_each_person_gets_their_own_controls(cached, people, site):
    proposal = site["proposal"]
    own, other = proposal.own, proposal.other
    url = proposal.get_absolute_url()
    # The STL renders first: its hide forms must reach no one else.
    stl = _controls(_html(client_for(people["stl_oaxaca"]), url))
    assert all("hide" in kinds and "reply" in kinds for kinds in stl.values())
    assert "edit" not in stl[own.pk] and "flag" in stl[own.pk]
    citizen = _controls(_html(client_for(people["citizen"]), url))
    assert citizen[own.pk] == {"edit", "reply"}
    assert citizen[other.pk] == {"flag", "reply"}
    assert not any("hide" in kinds for kinds in citizen.values())
    assert _controls(_html(client_for(people["fellow_oaxaca"]), url))[other.pk] == {"edit", "reply"}
    # Sonora's STL does not moderate Oaxaca; the coordinator moderates everywhere.
    assert not any("hide" in k for k in _controls(_html(client_for(people["stl_sonora"]), url)).values())
    assert all("hide" in k for k in _controls(_html(client_for(people["coordinator"]), url)).values())
    anonymous = _html(Client(), url)
    assert not any(_controls(anonymous).values()) and "Inicia sesión para comentar" in anonymous
    assert shared.fallbacks == []


def test_reported_hidden_and_blocked(cached, people, site):
    proposal = site["proposal"]
    url = proposal.get_absolute_url()
    citizen, fellow = client_for(people["citizen"]), client_for(people["fellow_oaxaca"])
    _html(citizen, url), _html(fellow, url)
    moderation.flag_add(user=people["citizen"], obj=proposal.other, reason="spam")
    assert _controls(_html(citizen, url))[proposal.other.pk] == {"flagged", "reply"}
    assert _controls(_html(client_for(people["coordinator"]), url))[proposal.other.pk] == {"flag", "reply", "hide"}
    moderation.content_hide(actor=people["coordinator"], obj=proposal.other, reason="Fuera de tema")
    for client in (citizen, fellow, Client()):
        page = _html(client, url)
        assert "Comentario de la becaria" not in page and "Respuesta del STL" not in page
    make_comment(proposal, people["fellow_oaxaca"], "Otro comentario de la becaria")
    moderation.user_block(actor=people["coordinator"], user=people["fellow_oaxaca"], reason="Insultos")
    blocked = _html(fellow, url)  # the fellow's comments are gone for everyone, and so are her controls
    assert "Tu cuenta no puede publicar comentarios" in blocked and "Mi comentario reciente" in blocked
    assert not any(_controls(blocked).values())
    for client in (citizen, Client()):
        assert "Otro comentario de la becaria" not in _html(client, url)


def test_a_write_shows_on_the_next_request(cached, people, site):
    proposal = site["proposal"]
    url = proposal.get_absolute_url()
    clients = {role: client_for(people[role]) for role in ("citizen", "fellow_oaxaca")} | {"anonymous": Client()}
    for client in clients.values():
        _html(client, url)

    posted = comments.comment_create(actor=people["fellow_oaxaca"], target=proposal, body="Una idea nueva")
    for role, client in clients.items():
        assert "Una idea nueva" in _html(client, url), role
    assert "edit" in _controls(_html(clients["fellow_oaxaca"], url))[posted.pk]
    assert "edit" not in _controls(_html(clients["citizen"], url))[posted.pk]

    comments.comment_update(actor=people["fellow_oaxaca"], comment=posted, body="Una idea corregida")
    for role, client in clients.items():
        page = _html(client, url)
        assert "Una idea corregida" in page and "Una idea nueva" not in page, role

    participation.support_add(actor=people["fellow_oaxaca"], proposal=proposal)
    assert 'data-testid="withdraw"' in _html(clients["fellow_oaxaca"], url)
    citizen = _html(clients["citizen"], url)
    assert 'data-testid="withdraw"' not in citizen
    assert re.search(r'data-testid="support-count">1<', citizen)

    moderation.content_hide(actor=people["coordinator"], obj=posted, reason="Duplicado")
    for role, client in clients.items():
        assert "Una idea corregida" not in _html(client, url), role
    assert shared.fallbacks == []


def _comment_on(target, authors, n: int) -> None:
    ct = ContentType.objects.get_for_model(target)
    start = timezone.now() - timedelta(days=1)
    tops = Comment.objects.bulk_create(
        [
            Comment(
                content_type=ct,
                object_id=target.pk,
                author=authors[i % len(authors)],
                body=f"hilo {i}",
                created_at=start + timedelta(seconds=i),
            )
            for i in range(n)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(
                content_type=ct,
                object_id=target.pk,
                author=authors[(i + 1) % len(authors)],
                body=f"respuesta {i}",
                parent=top,
                reply_to=top,
                created_at=start + timedelta(seconds=n + i),
            )
            for i, top in enumerate(tops)
            if i % 3 == 0
        ]
    )


# A warm signed-in page asks the database nothing: the session is a file (a Redis key with REDIS_URL),
# the person is kept under the content version (accounts/backends.py), and everything else comes from
# the cache: the page for the person's scope, the proposal or commitment for that scope, and the
# person's own roles, block, badge counts, reports, follows and support (each kept per person under
# the content version).
WARM_QUERIES = {"proposal": 0, "commitment": 0}


@pytest.mark.parametrize("page", ["proposal", "commitment"])
@pytest.mark.parametrize("role", ["citizen", "stl_oaxaca"])
def test_a_warm_page_costs_the_same_with_10_or_1000_comments(cached, people, page, role):
    plan = build_plan("20", commitments=2, milestones=2, status=PlanStatus.COCREATION)
    process = build_process(plan)
    small_commitment, large_commitment = plan.commitments.order_by("number")
    targets = {
        "proposal": (
            propose(process, people["citizen"], title="Pocos"),
            propose(process, people["citizen"], title="Muchos"),
        ),
        "commitment": (small_commitment, large_commitment),
    }[page]
    authors = [people[r] for r in ("citizen", "fellow_oaxaca", "stl_oaxaca", "monitor")]
    _comment_on(targets[0], authors, 10)
    _comment_on(targets[1], authors, 1000)
    client = client_for(people[role])
    counts = {}
    for target, shown in zip(targets, (10, 20), strict=True):
        url = target.get_absolute_url()
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        counts[shown] = len(captured)
        assert html.count('class="comment"') == shown and 'class="comment reply"' in html
        assert ("Ocultar (moderación)" in html) == (role == "stl_oaxaca")
    assert counts[10] == counts[20] == WARM_QUERIES[page], counts
    assert shared.fallbacks == []


def test_the_edit_link_goes_when_the_edit_window_closes(cached, people, site, settings):
    """The shared part is kept; whether a comment may still be edited is asked on every request."""
    proposal = site["proposal"]
    url = proposal.get_absolute_url()
    citizen = client_for(people["citizen"])
    assert "edit" in _controls(_html(citizen, url))[proposal.own.pk]
    settings.COMMENT_EDIT_MINUTES = 0
    assert "edit" not in _controls(_html(citizen, url))[proposal.own.pk]
    assert reverse("comments:edit", args=[proposal.own.pk]) not in _html(citizen, url)


PROBES = {
    "probe/leaky.html": "<p>Hola {{ user.public_name }}</p>",
    "probe/sealed.html": "<p>Público</p>{% personal %}<p>Hola {{ user.public_name }}</p>{% endpersonal %}<p>Fin</p>",
}


@pytest.fixture
def probes(settings):
    engine = dict(settings.TEMPLATES[0])
    engine["APP_DIRS"] = False
    engine["OPTIONS"] = {**engine["OPTIONS"], "loaders": [("django.template.loaders.locmem.Loader", PROBES)]}
    settings.TEMPLATES = [engine]


def _shared_render(person, name) -> str:
    from django.test import RequestFactory

    request = RequestFactory().get("/sonda/")
    request.user = person
    request.session = {}
    return shared.render_shared(request, name, {}).content.decode()


def test_a_template_that_reads_the_person_outside_a_slot_is_never_shared(cached, probes, people):
    citizen, fellow = people["citizen"], people["fellow_oaxaca"]
    assert _shared_render(citizen, "probe/leaky.html") == f"<p>Hola {citizen.public_name}</p>"
    assert _shared_render(fellow, "probe/leaky.html") == f"<p>Hola {fellow.public_name}</p>"
    assert shared.fallbacks == ["probe/leaky.html", "probe/leaky.html"]  # rendered in full, each time


def test_a_slot_is_rendered_for_each_person_around_the_shared_part(cached, probes, people):
    citizen, fellow = people["citizen"], people["fellow_oaxaca"]
    assert _shared_render(citizen, "probe/sealed.html") == f"<p>Público</p><p>Hola {citizen.public_name}</p><p>Fin</p>"
    assert _shared_render(fellow, "probe/sealed.html") == f"<p>Público</p><p>Hola {fellow.public_name}</p><p>Fin</p>"
    assert shared.fallbacks == []
