"""The results pages run as many queries with six participating states as with two, the framework and
its two downloads as many when more participating states have plans, proposals, supports and
comments, and the funder report pages as many with fifty reports as with ten (bounded queries at two
data sizes)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.accounts.services import user_create
from apertus.comments.models import Comment
from apertus.core.testing import client_for
from apertus.participation.models import Process, Support
from apertus.plans.models import PlanStatus
from apertus.results.framework import results_framework
from apertus.results.models import FunderReport, ReportStatus
from apertus.results.tests.conftest import add_commitment, add_proposals, advance, make_plan, meet
from apertus.stl import services as stl_services

PUBLIC = [
    "/resultados/",
    "/resultados/?desde=2017-01-01&hasta=2027-12-31",
    "/resultados/entidades/",
    "/resultados/entidades/?indicador=estandares",
    "/resultados/registros/compromisos/",
    "/resultados/registros/propuestas/",
    "/api/results/framework",
]
# States without a plan in the small world: each becomes a participating state with a published plan.
MORE_STATES = ["01", "05", "09", "14"]
# Participating states (cohorts 2017 and 2018) without a plan in the small world.
MORE_PARTICIPATING = ["19", "04", "10"]
DOWNLOADS = ["/datos/marco-de-resultados.csv", "/datos/resultados-por-entidad.csv"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx)


def _add_states(codes):
    for code in codes:
        plan, state = make_plan(code)
        for n in range(3):
            add_commitment(plan, state, f"Compromiso {n}", target_codes=["16.5"], value_codes=["acceso"])
        plan = advance(plan, PlanStatus.IMPLEMENTATION)
        add_proposals(Process.objects.create(plan=plan, title="Cocreación"), 5, answered=2)
        meet(stl_services.stl_create(actor=None, state=state, is_published=True), 20)


def _add_participation(codes, per_state: int):
    """Plans in implementation in participating states, with proposals that people of several sectors
    make, support and comment on, and STLs that meet."""
    sectors = ["", "sociedad_civil", "academia", "gobierno"]
    for code in codes:
        plan, state = make_plan(code)
        commitment, _milestone = add_commitment(plan, state, "Compromiso", target_codes=["16.5"])
        plan = advance(plan, PlanStatus.IMPLEMENTATION)
        proposals = add_proposals(Process.objects.create(plan=plan, title="Cocreación"), per_state, answered=1)
        for i, proposal in enumerate(proposals):
            person = user_create(
                email=f"persona{i}.{code}@ejemplo.mx",
                password=None,
                first_name="P",
                last_name="Q",
                sector=sectors[i % 4],
            )
            Support.objects.create(proposal=proposal, user=person)
            Comment.objects.create(target=proposal, author=person, body="De acuerdo")
            Comment.objects.create(target=commitment, author=person, body="¿Y el avance?")
        meet(stl_services.stl_create(actor=None, state=state, is_published=True), 20)


def _framework_queries() -> int:
    with CaptureQueriesContext(connection) as ctx:
        results_framework()
    return len(ctx)


@pytest.mark.django_db
def test_the_framework_and_its_downloads_do_not_grow_with_the_data(client, world):
    results_framework()  # the content types are read once per process
    before = {"results_framework()": _framework_queries(), **{url: _queries(client, url) for url in DOWNLOADS}}
    _add_participation(MORE_PARTICIPATING, 6)
    fw = results_framework()
    assert {r.state.code for r in fw.total.rows if r.standards} >= {"20", "26", *MORE_PARTICIPATING}
    after = {"results_framework()": _framework_queries(), **{url: _queries(client, url) for url in DOWNLOADS}}
    assert after == before


def _add_reports(user, n: int):
    FunderReport.objects.bulk_create(
        FunderReport(
            requested_by=user,
            period_start=date(2017, 1, 1),
            period_end=date(2019, 9, 30),
            status=ReportStatus.READY,
            step=4,
        )
        for _ in range(n)
    )


@pytest.mark.django_db
def test_results_pages_do_not_grow_with_more_states(client, world):
    before = {url: _queries(client, url) for url in PUBLIC}
    _add_states(MORE_STATES)
    after = {url: _queries(client, url) for url in PUBLIC}
    grew = {url: (before[url], after[url]) for url in PUBLIC if after[url] > before[url]}
    assert not grew, f"queries grew with the states (before, after): {grew}"


@pytest.mark.django_db
def test_funder_report_pages_do_not_grow_with_more_reports(people, world):
    coordinator = people["coordinator"]
    client = client_for(coordinator)
    _add_reports(coordinator, 10)
    report = FunderReport.objects.order_by("pk").first()
    urls = ["/resultados/reportes/", report.get_absolute_url()]
    before = {url: _queries(client, url) for url in urls}
    _add_reports(coordinator, 40)
    after = {url: _queries(client, url) for url in urls}
    assert after == before
