"""A coordinator imports OGP commitments from the browser; a fellow reads the course calendar on a phone."""

import csv
import io
import re
from itertools import islice

from playwright.sync_api import expect

from apertus.core.testing import make_people
from apertus.learning.tests.conftest import build_course
from apertus.plans.tests.conftest import build_plan
from apertus.plans.tests.test_ogp_import import OGP_FILE
from tests.browser import test_plans  # its login helper (imported as a module, so its tests are not collected twice)
from tests.browser.test_layout import OVERFLOW


def test_coordinator_previews_and_imports_an_ogp_file(page, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    make_people()
    plan = build_plan("20", commitments=1, milestones=1)
    with OGP_FILE.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(islice(csv.reader(handle), 4))  # the header and three real rows
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    sample = tmp_path / "ogp.csv"
    sample.write_text(buffer.getvalue(), encoding="utf-8")
    titles = [row[lines[0].index("Commitment Title")] for row in lines[1:]]

    test_plans.login(page, "coordinator@test.apertus.mx")
    page.goto(page.base_url + plan.get_absolute_url())
    page.get_by_role("link", name="Importar compromisos de OGP").click()
    page.get_by_label(re.compile("Exportación de compromisos de OGP")).set_input_files(str(sample))
    page.get_by_role("button", name="Ver la vista previa").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name=re.compile("Vista previa"))).to_be_visible()
    assert "3 compromisos se crearían" in page.get_by_test_id("ogp-summary").inner_text()
    assert page.get_by_test_id("ogp-rows").locator("tbody tr").count() == 3
    assert plan.commitments.count() == 1  # the preview wrote nothing

    page.get_by_role("button", name="Importar 3 compromisos").click()
    page.wait_for_load_state()
    assert "3 compromisos creados" in page.get_by_test_id("ogp-done").inner_text()
    page.get_by_role("link", name="Ver los compromisos en el plan").click()
    page.wait_for_load_state()
    for title in titles:
        expect(page.get_by_role("link", name=title).first).to_be_visible()


def test_a_fellow_reads_the_course_calendar_on_a_phone(browser, live_server, transactional_db):
    make_people()
    build_course()
    context = browser.new_context(locale="es-MX", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.base_url = live_server.url
    test_plans.login(page, "fellow.oaxaca@test.apertus.mx")
    page.goto(live_server.url + "/formacion/2017/curso/")
    page.get_by_test_id("calendar-link").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Calendario del curso")).to_be_visible()
    expect(page.get_by_role("heading", name="Agenda del mes")).to_be_visible()
    assert not page.get_by_test_id("month-grid").is_visible()  # the agenda is the phone's view
    assert page.evaluate(OVERFLOW) <= 0
    for _ in range(2):  # the course's seminars and deadlines are in the next weeks
        page.get_by_test_id("next-month").click()
        page.wait_for_load_state()
        assert page.evaluate(OVERFLOW) <= 0
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(page.get_by_test_id("month-grid")).to_be_visible()  # where there is room, the month too
    assert page.get_by_test_id("month-grid").locator("thead th").count() == 7
    context.close()


def test_a_large_ogp_file_is_previewed_and_imported_in_the_background(page, settings, tmp_path, monkeypatch):
    # Files over SYNC_ROWS rows go to the worker (inline in tests, at the request's commit); lowering the
    # limit keeps the test quick while it walks the same pages as a 501-row file.
    from apertus.plans.views import ogp as ogp_views

    monkeypatch.setattr(ogp_views, "SYNC_ROWS", 3)
    settings.VAR_DIR = tmp_path / "var"
    make_people()
    plan = build_plan("20", commitments=1, milestones=1)
    with OGP_FILE.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(islice(csv.reader(handle), 6))  # the header and five real rows
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    sample = tmp_path / "grande.csv"
    sample.write_text(buffer.getvalue(), encoding="utf-8")

    test_plans.login(page, "coordinator@test.apertus.mx")
    page.goto(page.base_url + plan.get_absolute_url())
    page.get_by_role("link", name="Importar compromisos de OGP").click()
    page.get_by_label(re.compile("Exportación de compromisos de OGP")).set_input_files(str(sample))
    page.get_by_role("button", name="Ver la vista previa").click()
    page.wait_for_url(re.compile(r"/importar-ogp/\d+/$"))
    expect(page.get_by_role("heading", name="Importación de OGP en segundo plano")).to_be_visible()
    assert "Revisado" in page.get_by_test_id("ogp-job-state").inner_text()
    assert "5 compromisos se crearían" in page.get_by_test_id("ogp-summary").inner_text()
    assert page.get_by_test_id("ogp-rows").locator("tbody tr").count() == 5
    assert plan.commitments.count() == 1  # the preview wrote nothing

    page.get_by_role("button", name="Importar 5 compromisos").click()
    page.wait_for_load_state()
    assert "5 compromisos creados" in page.get_by_test_id("ogp-done").inner_text()
    assert plan.commitments.count() == 6
    page.get_by_role("link", name="Importar de OGP").click()
    expect(page.get_by_test_id("ogp-jobs").get_by_role("link", name="grande.csv")).to_be_visible()
