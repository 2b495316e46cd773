import json
import re

from django.conf import settings
from playwright.sync_api import expect

from apertus.core.testing import demo_data_load


def test_home_map_language_and_coordinator_login(page):
    demo_data_load()
    base = page.base_url
    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "es-MX"
    expect(page.get_by_role("heading", name="Dónde trabaja el programa")).to_be_visible()
    assert page.get_by_test_id("count-states").inner_text() == "15"
    assert page.get_by_test_id("count-fellows").inner_text() == "60"
    assert page.locator("svg.map a.map-link").count() == 15

    # switch to English and back is on every page
    page.get_by_test_id("lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Where the program works")).to_be_visible()

    # follow the map to a state page
    page.locator('svg.map a[data-state="oax"]').click()
    page.wait_for_url(re.compile(r"/estados/oaxaca/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Oaxaca"
    expect(page.get_by_text("First phase (2017)").first).to_be_visible()

    # log in as the demo coordinator, with the password make run prints
    password = json.loads((settings.VAR_DIR / "demo_accounts.json").read_text())["coordinacion@demo.apertus.mx"]
    page.goto(base + "/cuentas/login/")
    page.get_by_label(re.compile("E-?mail|Correo", re.I)).fill("coordinacion@demo.apertus.mx")
    page.get_by_label(re.compile("Password|Contraseña", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("Sign in|Entrar", re.I)).click()
    page.wait_for_load_state()
    assert page.locator(".whoami").inner_text() == "Carmen Demo Coordinación"
    page.get_by_role("link", name=re.compile("Administration|Administración")).click()
    page.wait_for_load_state()
    assert "/admin/" in page.url
    assert (
        page.get_by_text("Coordinación del programa").first.is_visible()
        or page.get_by_text("Apertus").first.is_visible()
    )


def test_home_works_on_a_phone_and_keyboard(browser, live_server, transactional_db):
    context = browser.new_context(locale="es-MX", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    # nothing wider than the screen
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    # the first Tab lands on the skip link, which takes focus to the main content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenido"
    context.close()
