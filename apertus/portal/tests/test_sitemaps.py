"""The sitemap index: every kind of public record, each URL with its lastmod, nothing private."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from apertus.core.testing import assert_matrix, everyone
from apertus.plans.tests.conftest import build_plan

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
UNDATED = {"static", "sdg"}  # reference pages with no date of their own


def read_sitemaps(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)  # noqa: S314 - our own response, in a test
    assert index.tag == f"{SM}sitemapindex"
    sections = {}
    for loc in index.iter(f"{SM}loc"):
        path = urlsplit(loc.text).path
        name = path.removeprefix("/sitemap-").split(".xml")[0]
        root = ET.fromstring(client.get(path).content)  # noqa: S314
        assert root.tag == f"{SM}urlset"
        sections[name] = [
            (urlsplit(u.findtext(f"{SM}loc")).path, u.findtext(f"{SM}lastmod")) for u in root.iter(f"{SM}url")
        ]
    return sections


def test_index_covers_every_public_record_type_with_lastmod(client, world):
    sections = read_sitemaps(client)
    assert {
        "plans",
        "commitments",
        "stl",
        "stl-sessions",
        "consultations",
        "proposals",
        "calls",
        "projects",
        "states",
    } <= set(sections)
    urls = {path for rows in sections.values() for path, _ in rows}
    public, draft, process = world["public"], world["draft"], world["process"]
    assert {
        public.get_absolute_url(),
        public.commitments.get().get_absolute_url(),
        process.get_absolute_url(),
        "/stl/oaxaca/",
    } <= urls
    assert draft.get_absolute_url() not in urls and draft.commitments.get().get_absolute_url() not in urls
    assert "/stl/sonora/" not in urls and not any(u.startswith("/stl/sonora/") for u in urls)
    proposals = process.proposals.all()
    assert {p.get_absolute_url() for p in proposals if not p.is_hidden} <= urls
    assert not {p.get_absolute_url() for p in proposals if p.is_hidden} & urls
    for name, rows in sections.items():
        if name not in UNDATED and name != "states":
            assert all(lastmod for _, lastmod in rows), name
    assert dict(sections["states"])[public.state.get_absolute_url()]  # a state with a public plan is dated


def test_sitemaps_are_public_and_unknown_sections_are_404(world, people, client):
    assert_matrix(
        people,
        {
            ("GET", "/sitemap.xml"): everyone(200),
            ("GET", "/sitemap-plans.xml"): everyone(200),
            ("GET", "/sitemap-nada.xml"): everyone(404),
        },
    )
    assert client.get("/sitemap-plans.xml?p=99999999999999999999").status_code == 404
    assert client.get("/sitemap-plans.xml?p=abc").status_code == 404


def test_sitemap_queries_do_not_grow_with_records(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            read_sitemaps(client)
        return len(ctx.captured_queries)

    small = count()
    build_plan("01", commitments=3)
    build_plan("02", commitments=3)
    assert count() == small
