"""The search page: one box, facets, snippets, pagination; bounded queries; wrong input gets a page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.core.testing import assert_inert
from apertus.search.tests.conftest import add_commitment

pytestmark = pytest.mark.django_db


def test_the_page_lists_results_with_snippets_and_facets(client, corpus):
    html = client.get("/buscar/?q=participacion").content.decode()
    assert 'role="search"' in html and '<label for="q">' in html
    results = html.split('data-testid="search-results"')[1]
    first = re.search(r'<li data-kind="(\w+)"><a href="([^"]+)">([^<]+)</a>', results)
    assert first.group(1) == "compromiso"
    assert first.group(3) == "Participación ciudadana en el presupuesto municipal"
    assert "<mark>Participación</mark>" in results or "<mark>participación</mark>" in results.lower()
    facets = html.split('data-testid="search-facets"')[1]
    assert 'data-facet="kind"' in facets and 'data-facet="goal"' in facets and 'data-facet="state"' in facets
    assert "Oaxaca" in facets
    assert client.get(first.group(2)).status_code == 200


def test_a_facet_link_filters_and_can_be_undone(client, corpus):
    html = client.get("/buscar/?q=publica").content.decode()
    link = re.search(r'<a href="(\?[^"]*tipo=compromiso[^"]*)" data-facet="kind">', html).group(1).replace("&amp;", "&")
    filtered = client.get("/buscar/" + link).content.decode()
    kinds = set(re.findall(r'<li data-kind="(\w+)">', filtered))
    assert kinds == {"compromiso"}
    undo = re.search(r'<a href="(\?[^"]*)" aria-current="true" data-facet="kind">', filtered).group(1)
    assert "tipo=" not in undo


def test_english_pages_search_the_english_texts(client, db):
    html = client.get("/buscar/?q=clean+water", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Clean water and sanitation" in html or "Clean Water and Sanitation" in html
    spanish = client.get("/buscar/?q=clean+water", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'data-kind="ods"' not in spanish


@pytest.mark.parametrize(
    "query",
    [
        "?q=" + "<script>alert(1)</script>" * 50,
        "?q=agua&ods=99",
        "?q=agua&estado=abc",
        "?q=agua&page=-3",
        "?q=agua&page=999999999999",
        "?q=agua&tipo=%3Cscript%3E",
        "?q=agua&estatus=DROP%20TABLE",
        "?q=%22%22%22",
        "?q=%00%01",
        "?q=*%20OR%20NEAR(a)",
        "?q=a%20%7C%20b%20%26%20!c%20%3C-%3E",
        "?q=" + "x" * 5000,
    ],
)
def test_wrong_or_hostile_input_gets_a_page_never_an_error(client, corpus, query):
    response = client.get("/buscar/" + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    if 'data-testid="search-results"' in html:  # an empty or dropped query shows only the box
        assert_inert(html.split('data-testid="search-results"', 1)[1].split("</main>")[0])


def test_bad_filters_are_dropped_but_the_words_still_search(client, corpus):
    html = client.get("/buscar/?q=agua&ods=99&estado=abc").content.decode()
    assert "Calidad del agua potable" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_the_index(client, corpus):
    url = "/buscar/?q=mercado+municipal&tipo=compromiso"
    plan = corpus["plan"]
    for n in range(3):
        add_commitment(plan, f"Mercado municipal {n}", "Mercados sin datos", "Abrir los datos del mercado", "8")
    small = _queries(client, url)
    for n in range(3, 30):
        add_commitment(plan, f"Mercado municipal {n}", "Mercados sin datos", "Abrir los datos del mercado", "8")
    large = _queries(client, url)
    assert small == large <= 10
    assert "Página 1 de 2" in client.get(url).content.decode()


def test_a_broad_search_shows_its_exact_total_and_counts_and_keeps_its_queries(client, corpus, monkeypatch):
    from apertus.search import selectors

    url = "/buscar/?q=tianguis"
    plan = corpus["plan"]
    monkeypatch.setattr(selectors, "CAP", 5)
    add_commitment(plan, "Tianguis 0", "Sin datos", "Abrir los datos del tianguis", "8")
    small = _queries(client, url)
    for n in range(1, 12):
        add_commitment(plan, f"Tianguis {n}", "Sin datos", "Abrir los datos del tianguis", "8")
    large = _queries(client, url)
    assert small == large
    html = client.get(url).content.decode()
    total = html.split('data-testid="search-total">')[1].split("</p>")[0]
    facets = html.split('data-testid="search-facets"')[1]
    # Every match counted (the 12 commitments at least), not "more than 5"; the pages reach the ranked ones.
    assert "más de" not in total and re.match(r"(\d+) resultados", total) and int(total.split()[0]) >= 12
    assert "las páginas llegan hasta los primeros" in total
    assert re.search(r'data-facet="kind">Compromisos</a> <span class="count">\(12\)</span>', facets)
    # The page shows ranked commitments of the search. Which title matches a broad search reads as its
    # candidates is not fixed (the first CAP + 1 the full-text scan meets, whatever their physical order
    # in PostgreSQL), so no particular one is named.
    hits = re.findall(
        r'<li data-kind="(\w+)"><a href="[^"]*">([^<]*)</a>', html.split('data-testid="search-results"')[1]
    )
    reached = int(re.search(r"llegan hasta los primeros (\d+)", total).group(1))
    assert len(hits) == reached == selectors.CAP + 1, (hits, total)  # every candidate ranked, on the first page
    assert all(kind == "compromiso" and title.startswith("Tianguis ") for kind, title in hits), hits
