import re

import weasyprint
from playwright.sync_api import expect

from apertus.core.testing import make_people
from apertus.plans.tests.conftest import build_plan


def login(page, email, password="contraseña-de-prueba-1"):  # noqa: S107 (a test account)
    page.goto(page.base_url + "/cuentas/login/")
    page.get_by_label(re.compile("Correo|E-?mail", re.I)).fill(email)
    page.get_by_label(re.compile("Contraseña|Password", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("Entrar|Sign in", re.I)).click()
    page.wait_for_load_state()


def test_stl_member_reports_progress_with_evidence_and_a_visitor_sees_it(page, browser, tmp_path):
    make_people()
    plan = build_plan("20", commitments=1, milestones=2)
    commitment = plan.commitments.get()
    pdf = tmp_path / "minuta-mesa.pdf"
    pdf.write_bytes(weasyprint.HTML(string="<h1>Minuta de la mesa de seguimiento</h1>").write_pdf())

    login(page, "stl.oaxaca@test.apertus.mx")
    page.goto(page.base_url + commitment.get_absolute_url())
    page.get_by_role("link", name="Reportar avance").first.click()
    page.get_by_label("Avance (%)").fill("60")
    page.get_by_label("Estatus").select_option("en_proceso")
    page.get_by_label("Nota (Markdown)").fill("Se instaló la mesa con **12 organizaciones**.")
    page.get_by_label("Descripción de la evidencia").fill("Minuta de la mesa")
    page.get_by_label(re.compile("Archivo de evidencia")).set_input_files(str(pdf))
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Avance registrado.")).to_be_visible()

    # a visitor, with no account, sees the progress, the evidence and the report
    visitor = browser.new_context(locale="es-MX").new_page()
    visitor.goto(page.base_url + commitment.get_absolute_url())
    assert visitor.get_by_test_id("commitment-progress").inner_text() == "20%"  # weights 1 and 2: (60*1)/3
    evidence = visitor.get_by_role("link", name="Minuta de la mesa").first
    expect(evidence).to_be_visible()
    with visitor.expect_download() as download:
        evidence.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    expect(visitor.locator("section[aria-labelledby=reportes] strong", has_text="12 organizaciones")).to_be_visible()
    visitor.goto(page.base_url + plan.get_absolute_url())
    assert visitor.get_by_test_id("plan-progress").inner_text() == "20%"
    visitor.context.close()
