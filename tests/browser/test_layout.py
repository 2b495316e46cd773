"""Phone first: no public page is wider than a 390 px screen; the menu works without JavaScript."""

import re

from playwright.sync_api import expect

from apertus.core.testing import demo_data_load
from tests.browser.pages import public_pages

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('table, pre, .visually-hidden, .skip-link'))
  .slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_no_public_page_is_wider_than_a_phone(browser, live_server, transactional_db, tmp_path):
    demo_data_load()
    context = browser.new_context(
        locale="es-MX", viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    too_wide = {}
    for name, path in public_pages().items():
        response = page.goto(live_server.url + path)
        assert response.status < 400, (name, path, response.status)
        if page.evaluate(OVERFLOW) > 0:
            too_wide[name] = (path, page.evaluate(OVERFLOW), page.evaluate(WIDEST))
            page.screenshot(path=str(tmp_path / f"phone-{name}.png"), full_page=True)  # only of what fails
    context.close()
    assert too_wide == {}, f"screenshots in {tmp_path}"


def test_phone_menu_opens_without_javascript_and_marks_the_current_page(browser, live_server, transactional_db):
    context = browser.new_context(
        locale="es-MX", viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/planes/")
    nav_link = page.get_by_role("link", name="Estados", exact=True)
    assert not nav_link.is_visible()
    # the header takes a small part of the first screen
    assert page.locator(".site-header").bounding_box()["height"] < 844 * 0.2
    menu = page.locator("details.menu > summary")
    menu.focus()
    page.keyboard.press("Enter")
    expect(nav_link).to_be_visible()
    assert page.get_by_role("link", name="Planes", exact=True).get_attribute("aria-current") == "page"
    assert nav_link.get_attribute("aria-current") is None
    context.close()


def test_on_a_wide_screen_the_navigation_shows_on_one_header(page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(page.base_url + "/")
    assert not page.locator("details.menu > summary").is_visible()
    expect(page.get_by_role("link", name="Estados", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Iniciar sesión"))).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 0


CHART_TEXT_SIZES = """() => [...document.querySelectorAll('svg.bar-chart text')].map(t =>
  t.getScreenCTM().a * parseFloat(t.getAttribute('font-size')))"""


def test_chart_labels_read_at_12_px_or_more_on_a_phone(browser, live_server, transactional_db):
    demo_data_load()
    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 844})  # then the page loads at that width
        page.goto(live_server.url + "/programa/indicadores/")
        sizes = page.evaluate(CHART_TEXT_SIZES)
        assert len(sizes) > 20, sizes  # the charts of the page are there, labels and values
        assert min(sizes) >= 12, (width, min(sizes))
    context.close()
