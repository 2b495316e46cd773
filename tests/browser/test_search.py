import re

from playwright.sync_api import expect

from apertus.search.tests.conftest import build_corpus


def test_searches_participacion_ciudadana_and_opens_the_first_result(page):
    build_corpus()
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Buscar").first.click()
    page.get_by_label("Buscar en planes").fill("participacion ciudadana")  # typed without accents
    page.get_by_label("Buscar en planes").press("Enter")
    page.wait_for_load_state()
    assert re.match(r"\d+ resultados?", page.get_by_test_id("search-total").inner_text())
    results = page.get_by_test_id("search-results")
    first = results.get_by_role("link").first
    assert first.inner_text() == "Participación ciudadana en el presupuesto municipal"
    expect(results.locator("mark").first).to_be_visible()
    first.click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .endswith("Participación ciudadana en el presupuesto municipal")
    )
