"""Keyboard only: navigation, the language switch, the home map and a form with errors."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from apertus.core.testing import make_people
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan
from tests.browser import test_plans  # its login helper (imported as a module, so its tests are not collected twice)

FOCUSED = (
    "(() => { const e = document.activeElement; return {tag: e.tagName.toLowerCase(), id: e.id, "
    "text: (e.innerText || e.getAttribute('aria-label') || '').trim(), cls: e.getAttribute('class') || '', "
    "testid: e.dataset.testid || ''}; })()"
)


def autofocus_landed(page, testid: str) -> None:
    """Wait for the browser to move the focus to the ``autofocus`` element (``data-testid``): it does so at
    its next rendering step after the page loads, which can come after the load event that ends a
    navigation. Times out (the test fails) if the focus never lands there."""
    page.wait_for_function(
        "testid => document.activeElement && document.activeElement.dataset.testid === testid", arg=testid
    )


def tab_until(page, matches, limit=60):
    """Press Tab until the focused element matches; return it (fail after ``limit`` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if matches(focused):
            return focused
    raise AssertionError(f"not reached with {limit} Tab presses; last focused: {focused}")


def contrast(rgb_a: str, rgb_b: str) -> float:
    def luminance(rgb):
        channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted([luminance(rgb_a), luminance(rgb_b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_tab_through_the_header_to_a_link_and_follow_it_with_enter(page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(page.base_url + "/")
    focused = tab_until(page, lambda f: f["tag"] == "a" and f["text"] == "Planes")
    # the focus ring is visible and has at least 3:1 contrast with the header behind it (WCAG 1.4.11)
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); "
        "return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor}; })()"
    )
    header_bg = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    assert contrast(ring["color"], header_bg) >= 3, (ring, header_bg)
    assert focused["text"] == "Planes"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/planes/$"))
    assert page.get_by_role("link", name="Planes", exact=True).get_attribute("aria-current") == "page"


def test_the_language_switch_keeps_the_focus_on_the_switch(page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(page.base_url + "/planes/")
    tab_until(page, lambda f: f["testid"] == "lang-switch")
    with page.expect_navigation():  # not wait_for_load_state: it can return before the navigation starts
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"
    assert re.search(r"/planes/#idioma$", page.url), page.url
    focused = page.evaluate(FOCUSED)
    assert (focused["testid"], focused["text"]) == ("lang-switch", "Español")
    # and back, with the keyboard again
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "es-MX"
    assert page.evaluate(FOCUSED)["text"] == "English"


def test_the_home_map_works_with_the_keyboard_and_has_a_list_beside_it(page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(page.base_url + "/")
    states = page.locator("svg.map a.map-link").count()
    assert states > 0
    assert page.get_by_test_id("map-state-list").get_by_role("link").count() == states
    focused = tab_until(page, lambda f: "map-link" in f["cls"], limit=80)
    assert focused["text"]  # each state link has a name (its aria-label)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/estados/[a-z-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() in focused["text"]


def test_a_form_with_errors_moves_focus_to_the_error_summary_and_on_to_the_field(page):
    make_people()
    plan = build_plan("20", commitments=0, status=PlanStatus.DRAFT)
    saved_title = plan.title
    test_plans.login(page, "stl.oaxaca@test.apertus.mx")
    page.goto(page.base_url + plan.get_absolute_url() + "editar/")
    title = page.get_by_label(re.compile("^Título"))
    title.fill("")
    with page.expect_navigation():
        title.press("Enter")  # submit from the field, keyboard only
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    assert page.get_by_label(re.compile("^Título")).get_attribute("aria-invalid") == "true"
    autofocus_landed(page, "error-summary")
    focused = page.evaluate(FOCUSED)
    assert focused["testid"] == "error-summary", focused
    page.keyboard.press("Tab")
    link = page.evaluate(FOCUSED)
    assert link["tag"] == "a" and link["text"].startswith("Título"), link
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_title"
    plan.refresh_from_db()
    assert plan.title == saved_title  # nothing saved


def test_a_failed_login_by_keyboard_lands_on_the_error_summary(page):
    make_people()
    page.goto(page.base_url + "/cuentas/login/")
    tab_until(page, lambda f: f["id"] == "id_login")
    page.keyboard.type("stl.oaxaca@test.apertus.mx")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type("no-es-la-contraseña")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    autofocus_landed(page, "error-summary")
    focused = page.evaluate(FOCUSED)
    assert focused["testid"] == "error-summary" and "Revisa el formulario" in focused["text"], focused
    assert "/cuentas/login/" in page.url  # not signed in
