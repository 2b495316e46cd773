"""The public pages: who sees them, what bad input gets, the records behind a figure, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.core.testing import assert_matrix, everyone
from apertus.results.tests.conftest import add_commitment, add_proposals

PUBLIC = [
    "/resultados/",
    "/resultados/?desde=2017-01-01&hasta=2019-09-30",
    "/resultados/entidades/",
    "/resultados/entidades/?indicador=estandares",
    "/resultados/registros/compromisos/",
    "/resultados/registros/propuestas/?fase=1&entidad=20",
    "/resultados/marco-de-resultados.xlsx",
    "/datos/marco-de-resultados.csv",
    "/datos/resultados-por-entidad.csv",
    "/api/results/framework",
]


def test_results_pages_are_public(people, world):
    assert_matrix(people, {("GET", url): everyone(200) for url in PUBLIC})


@pytest.mark.parametrize(
    "url,status",
    [
        ("/resultados/?desde=2019-13-45", 400),
        ("/resultados/?desde=2019-06-01&hasta=2018-01-01", 400),
        ("/resultados/?hasta=9999-01-01", 400),
        ("/resultados/marco-de-resultados.xlsx?desde=ayer", 400),
        ("/api/results/framework?desde=2020-01-01&hasta=2019-01-01", 200),
        ("/api/results/framework?desde=ayer", 422),
        ("/api/results/framework?hasta=9999-01-01", 200),
        ("/resultados/registros/no-existe/", 404),
        ("/resultados/registros/fellows_seleccionados/", 404),  # people are never listed
        ("/resultados/registros/compromisos/?fase=9", 404),
        ("/resultados/registros/compromisos/?entidad=<script>", 404),
        ("/resultados/registros/compromisos/?fase=1'%20OR%201=1", 404),
        ("/resultados/registros/compromisos/?page=999", 200),
        ("/resultados/entidades/?indicador=<b>x</b>", 200),  # an unknown figure falls back to the default
    ],
)
def test_wrong_input_gets_a_clear_answer(client, world, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert b"<script>" not in response.content


def test_each_figure_links_to_its_records(client, world):
    html = client.get("/resultados/").content.decode()
    assert 'href="/resultados/registros/compromisos_anticorrupcion/"' in html
    assert 'href="/resultados/registros/compromisos_anticorrupcion/?fase=1"' in html
    page = client.get("/resultados/registros/compromisos_anticorrupcion/")
    titles = [r.title for r in page.context["records"]]
    assert sorted(titles) == ["1. Contrataciones abiertas", "1. Obra pública abierta"]
    only_oaxaca = client.get("/resultados/registros/compromisos_anticorrupcion/?entidad=20").context["records"]
    assert [r.title for r in only_oaxaca] == ["1. Contrataciones abiertas"]
    answered = client.get("/resultados/registros/propuestas_respondidas/").context["page_obj"].paginator.count
    assert answered == 2
    stls = client.get("/resultados/registros/stl_regla_seis_meses/").context["records"]
    assert [r.state for r in stls] == ["Oaxaca"]
    # The draft plan's commitment is never listed, whatever the filter.
    assert b"Borrador secreto" not in client.get("/resultados/registros/compromisos/?entidad=17").content


def test_the_draft_plan_never_leaks_into_the_framework(client, world):
    for url in (
        "/resultados/",
        "/datos/resultados-por-entidad.csv",
        "/api/results/framework",
        "/resultados/entidades/",
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"Borrador secreto" not in body
        assert world.morelos.title.encode() not in body


def test_framework_page_shows_the_counts(client, world):
    response = client.get("/resultados/")
    html = response.content.decode()
    assert 'data-testid="value-compromisos_anticorrupcion">2<' in html
    assert 'data-testid="value-fellows_seleccionados">19<' in html
    assert (
        'data-testid="value-avance_promedio">16.7 %<' in html or 'data-testid="value-avance_promedio">16,7 %<' in html
    )


def test_api_answers_the_same_figures(client, world):
    data = client.get("/api/results/framework").json()
    program = {f["code"]: f["achieved"] for f in data["figures"] if f["scope"] == "programa"}
    assert program["compromisos"] == 4 and program["propuestas_respondidas"] == 2
    assert program["fellows_con_constancia"] == 5
    oaxaca = next(s for s in data["states"] if s["state_code"] == "20")
    assert oaxaca["anti_corruption_commitments"] == 1 and oaxaca["stl_meets_six_month_rule"] is True


def test_compare_page_colours_the_map_by_the_chosen_figure(client, world):
    page = client.get("/resultados/entidades/?indicador=compromisos").context["page"]
    states = {s.code: s for s in page.states}
    # Oaxaca has the most commitments (3): the darkest class; Sonora (1) a lighter one; Jalisco does not take part.
    assert states["20"].map_fill == "#08519c"
    assert states["26"].map_fill != states["20"].map_fill
    assert states["14"].map_fill == "#d9dde3"
    assert "Oaxaca: Compromisos 3" in states["20"].map_label
    html = client.get("/resultados/entidades/?indicador=compromisos").content.decode()
    assert '<option value="compromisos" selected>' in html
    assert 'fill="#08519c"' in html


def _grow(world, factor: int):
    """Ten times the commitments and proposals of each plan (the states and plans stay the same)."""
    from apertus.territories.models import State

    oaxaca = State.objects.get(code="20")
    for i in range(3 * factor):
        add_commitment(world.oaxaca, oaxaca, f"Más {i}", target_codes=["16.5"], value_codes=["acceso"])
    add_proposals(world.process, 4 * factor, answered=2 * factor, prefix="Otra")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url",
    [
        "/resultados/",
        "/resultados/registros/compromisos/",
        "/resultados/entidades/",
        "/api/results/framework",
        "/estados/oaxaca/",
    ],
)
def test_queries_do_not_grow_with_the_data(client, world, url):
    before = _queries(client, url)
    _grow(world, 9)  # ×10
    after = _queries(client, url)
    assert after == before, (url, before, after)
