"""Atom feeds ("novedades"): valid Atom, public records only, past dates, bounded queries, linked from pages."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from apertus.core.testing import assert_matrix, everyone
from apertus.plans.services import progress_report
from apertus.plans.tests.conftest import build_plan

from .conftest import SECRET

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response, in a test
    assert root.tag == f"{ATOM}feed"
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        link = urlsplit(entry.find(f"{ATOM}link").get("href")).path
        entries.append(
            {
                "id": entry.findtext(f"{ATOM}id"),
                "title": entry.findtext(f"{ATOM}title"),
                "link": link,
                "updated": datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
                "published": datetime.fromisoformat(entry.findtext(f"{ATOM}published")),
                "summary": entry.findtext(f"{ATOM}summary") or "",
            }
        )
    return root, entries


def urls(plan):
    return {
        "site": "/novedades.atom",
        "state": f"/novedades/{plan.state.slug}.atom",
        "plan": f"/novedades/planes/{plan.state.slug}/{plan.edition}.atom",
        "process": f"/novedades/consultas/{plan.state.slug}/{plan.edition}.atom",
    }


def test_site_feed_lists_every_kind_of_public_news_and_nothing_private(client, world):
    root, entries = parse(client.get("/novedades.atom"))
    text = " ".join(f"{e['title']} {e['summary']} {e['link']}" for e in entries)
    kinds = {e["id"].split("-")[0].removeprefix("urn:apertus:") for e in entries}
    assert {"plan", "commitment", "progress", "answer", "session", "agreement"} <= kinds
    assert "Compromiso visible de agua" in text and "Propuesta visible" in text
    assert SECRET not in text
    draft = world["draft"]
    assert draft.get_absolute_url() not in text
    assert draft.commitments.get().get_absolute_url() not in text
    assert "/stl/sonora/" not in text  # the unpublished STL's sessions stay out
    now = timezone.now()
    assert all(e["updated"] <= now and e["published"] <= e["updated"] for e in entries)
    assert len({e["id"] for e in entries}) == len(entries)  # an update keeps its entry's id


def test_no_feed_carries_a_date_in_the_future(client, world):
    """Records whose clock is ahead (an import, a server with a wrong clock) still give past dates."""
    from apertus.plans.models import Commitment, ProgressReport
    from apertus.stl.models import Session

    ahead = timezone.now() + timedelta(days=30)
    public = world["public"]
    Commitment.objects.filter(plan=public).update(created_at=ahead, updated_at=ahead)
    ProgressReport.objects.filter(commitment__plan=public).update(created_at=ahead)
    Session.objects.filter(stl__state__code="20").update(created_at=ahead, updated_at=ahead, starts_at=ahead)
    for url in ["/avances.atom", *urls(public).values()]:
        response = client.get(url)
        root, entries = parse(response)
        now = timezone.now()
        assert entries, url
        assert datetime.fromisoformat(root.findtext(f"{ATOM}updated")) <= now, url
        for entry in entries:
            assert entry["updated"] <= now and entry["published"] <= now, (url, entry)


def test_state_plan_and_consultation_feeds_keep_to_their_scope(client, world):
    public, draft = world["public"], world["draft"]
    _, state = parse(client.get(urls(public)["state"]))
    assert state and all("Sonora" not in e["title"] and SECRET not in e["title"] for e in state)
    _, plan = parse(client.get(urls(public)["plan"]))
    links = {e["link"] for e in plan}
    assert public.commitments.get().get_absolute_url() in {link.split("#")[0] for link in links}
    assert not any("/stl/" in link for link in links)
    _, consultation = parse(client.get(urls(public)["process"]))
    titles = " ".join(e["title"] for e in consultation)
    assert "Propuesta visible" in titles and SECRET not in titles
    assert {e["id"].split("-")[0] for e in consultation} <= {"urn:apertus:plan", "urn:apertus:answer"}
    # Sonora has a draft plan and an unpublished STL: its feed is valid and empty.
    _, sonora = parse(client.get(urls(draft)["state"]))
    assert sonora == []


def test_who_may_read_the_feeds(world, people):
    public, draft = world["public"], world["draft"]
    matrix = {("GET", url): everyone(200) for url in urls(public).values()}
    # A draft plan has no feed, not even for its own STL: feeds are public documents.
    matrix |= {("GET", urls(draft)["plan"]): everyone(404), ("GET", urls(draft)["process"]): everyone(404)}
    assert_matrix(people, matrix)


@pytest.mark.parametrize(
    "url",
    [
        "/novedades/no-existe.atom",
        "/novedades/planes/oaxaca/99999999999999999999999.atom",
        "/novedades/planes/oaxaca/7.atom",
        "/novedades/consultas/sonora/1.atom",
        "/novedades/planes/%00/1.atom",
    ],
)
def test_hostile_or_unknown_feed_addresses_are_404(client, world, url):
    assert client.get(url).status_code == 404


def test_pages_link_their_feed_in_head(client, world):
    public = world["public"]
    pages = {
        "/": "/novedades.atom",
        public.state.get_absolute_url(): urls(public)["state"],
        public.get_absolute_url(): urls(public)["plan"],
        world["process"].get_absolute_url(): urls(public)["process"],
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        head = html.split("</head>")[0]
        assert f'type="application/atom+xml" href="{feed}"' in head, page


def _grow(n, people):
    from apertus.program.models import StateParticipation

    codes = StateParticipation.objects.exclude(state__code__in=["20", "26"]).order_by("state__code")
    for code in codes.values_list("state__code", flat=True)[:n]:
        plan = build_plan(code, commitments=2, milestones=2)
        for milestone in plan.commitments.first().milestones.all():
            progress_report(actor=None, milestone=milestone, progress=20, status="en_proceso")
    from apertus.stl import services as stl_services
    from apertus.stl.models import Stl

    stl = Stl.objects.get(state__code="20")
    for days in range(1, 6):
        session = stl_services.session_create(
            actor=None, stl=stl, starts_at=timezone.now() - timedelta(days=days), place="Sala"
        )
        stl_services.agreement_add(actor=None, session=session, text=f"Acuerdo {days}")


def test_feed_queries_do_not_grow_with_data(client, world, people, django_assert_max_num_queries):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            for url in ["/novedades.atom", *list(urls(world["public"]).values())[1:]]:
                assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    _grow(4, people)
    assert count() == small
    with django_assert_max_num_queries(10):
        client.get("/novedades.atom")
