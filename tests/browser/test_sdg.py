import re

from playwright.sync_api import expect

from apertus.core.testing import make_people
from apertus.plans.tests.conftest import build_plan
from tests.browser.test_plans import login


def test_typing_a_drinking_water_commitment_suggests_sdg6_and_one_click_tags_target_6_1(page):
    people = make_people()
    plan = build_plan("20", commitments=1, milestones=1)
    commitment = plan.commitments.get()

    login(page, "stl.oaxaca@test.apertus.mx")
    page.goto(page.base_url + f"/planes/compromisos/{commitment.pk}/editar/")
    page.locator("#id_title").fill("Agua potable para las colonias del oriente")
    page.locator("#id_problem").fill(
        "Miles de familias no tienen red de agua potable y se abastecen con pipas a precios altos."
    )
    page.locator("#id_objective").fill(
        "Ampliar la red de agua potable y publicar cada mes la calidad del agua que entrega el organismo operador."
    )

    panel = page.locator("#sdg-panel")
    add_target = panel.get_by_role("button", name="Añadir meta 6.1")
    add_target.wait_for()
    expect(panel.get_by_text(re.compile(r"ODS 6\.")).first).to_be_visible()
    expect(panel.get_by_text("«agua potable»").first).to_be_visible()

    add_target.click()
    panel.get_by_text("Se añadió 6.1 al registro.").wait_for()
    commitment.refresh_from_db()
    assert "6.1" in set(commitment.targets.values_list("code", flat=True))
    latest = commitment.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == people["stl_oaxaca"]
    assert "6.1" in latest.history_change_reason

    # The form now holds the new tag and version: saving it keeps the tag, with no edit conflict.
    # (the form's part of the answer may land a moment after the message: wait for it, do not sample it)
    expect(page.locator("#id_targets option:checked", has_text=re.compile(r"^\s*6\.1 "))).to_have_count(1)
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Compromiso guardado.")).to_be_visible()
    assert "6.1" in set(commitment.targets.values_list("code", flat=True))
    expect(page.get_by_role("link", name="6.1").first).to_be_visible()
