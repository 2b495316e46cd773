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


def test_tables_organisations_cohorts_courses_calls_and_projects_are_listed_and_drafts_are_not(client, world, people):
    from datetime import date, timedelta

    from django.utils import timezone

    from apertus.calls.models import Call
    from apertus.calls.tests.conftest import build_call
    from apertus.learning.models import Course
    from apertus.organizations.models import Organization
    from apertus.program.models import ProgramPhase
    from apertus.tables.models import WorkingTable
    from apertus.teams.tests.conftest import build_project
    from apertus.territories.models import State

    soon = timezone.now() + timedelta(days=3)
    shown = WorkingTable.objects.create(
        plan=world["public"], title="Agua", starts_at=soon, ends_at=soon + timedelta(hours=2), place="X", capacity=9
    )
    hidden = WorkingTable.objects.create(
        plan=world["draft"], title="Oculta", starts_at=soon, ends_at=soon + timedelta(hours=2), place="X", capacity=9
    )
    open_call, closed_call = build_call("publicada"), build_call("sin-publicar", published=False)
    Call.objects.filter(pk=open_call.pk).update(results_published_at=timezone.now())
    from apertus.teams.models import TeamProject

    project = build_project(people, published=True)
    draft_project = TeamProject.objects.create(
        phase=project.phase, state=State.objects.get(code="07"), title="Borrador"
    )
    phases = list(ProgramPhase.objects.order_by("number")[:2])
    Course.objects.create(
        phase=phases[0], title="Curso", starts_on=date(2017, 3, 1), ends_on=date(2017, 9, 1), is_published=True
    )
    Course.objects.create(phase=phases[1], title="Curso", starts_on=date(2018, 3, 1), ends_on=date(2018, 9, 1))
    sections = read_sitemaps(client)
    assert {"tables", "organizations", "cohorts", "courses", "call-results", "calls", "projects"} <= set(sections)
    urls = {path for rows in sections.values() for path, _ in rows}
    assert {
        shown.get_absolute_url(),
        f"/convocatorias/{open_call.slug}/",
        f"/convocatorias/{open_call.slug}/resultados/",
        project.get_absolute_url(),
        f"/formacion/{phases[0].year}/",
        f"/programa/{phases[0].year}/",
        f"/proyectos/{phases[0].year}/",
        "/mesas/",
        "/proyectos/",
        "/programa/",
    } <= urls
    assert {o.get_absolute_url() for o in Organization.objects.all()} <= urls
    assert hidden.get_absolute_url() not in urls and draft_project.get_absolute_url() not in urls
    assert not any(u.startswith(f"/convocatorias/{closed_call.slug}/") for u in urls)
    assert f"/formacion/{phases[1].year}/" not in urls  # an unpublished course outline
    # Every listed address answers 200 to someone who is not logged in: the sitemap lists only public pages.
    for url in sorted(urls):
        assert client.get(url).status_code == 200, url
    for name, rows in sections.items():
        if name not in UNDATED:
            assert all(lastmod for _, lastmod in rows) or name == "states", name
