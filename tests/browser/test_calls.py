"""An applicant applies end to end in a real browser: log in, each step, a real PDF, 100 %, submit."""

import re

import weasyprint
from playwright.sync_api import expect

from apertus.calls.tests.conftest import build_call, make_applicant
from tests.browser.test_plans import login


def apply_in_the_browser(page, title: str, proof) -> None:
    """From the list of calls to a sent application: every step, a real PDF, 100 %, submit."""
    save_and_continue = page.get_by_role("button", name="Guardar y continuar")
    page.goto(page.base_url + "/convocatorias/")
    page.get_by_role("link", name=title).click()
    page.get_by_role("link", name="Solicitar").click()
    page.get_by_role("button", name="Comenzar mi solicitud").click()
    page.wait_for_url(re.compile(r"/solicitud/motivos/$"))

    page.get_by_label("Exposición de motivos (Markdown)").fill(
        "Quiero que el plan de acción de **Sonora** incluya datos abiertos de obra pública."
    )
    save_and_continue.click()
    page.wait_for_url(re.compile(r"/solicitud/curriculum/$"))

    education = page.locator("section#seccion-education")
    education.get_by_label("Grado o título").fill("Licenciatura en Administración Pública")
    education.get_by_label("Institución").fill("Universidad de Sonora")
    education.get_by_label("Desde (año)").fill("2008")
    education.get_by_label(re.compile("Hasta")).fill("2012")
    education.get_by_role("button", name=re.compile("Agregar")).click()
    page.wait_for_load_state()
    work = page.locator("section#seccion-work")
    work.get_by_label("Puesto").fill("Enlace de transparencia")
    work.get_by_label("Organización").fill("Ayuntamiento de Hermosillo")
    work.get_by_role("button", name=re.compile("Agregar")).click()
    page.wait_for_load_state()
    expect(work.get_by_text("Enlace de transparencia", exact=True)).to_be_visible()
    page.get_by_role("link", name="Continuar").click()

    page.get_by_label("Enlace al video").fill("https://www.youtube.com/watch?v=demo")
    save_and_continue.click()
    page.wait_for_url(re.compile(r"/solicitud/datos/$"))
    page.get_by_label("Entidad de residencia").select_option(label="Sonora")
    page.get_by_label("Género (autodeclarado)").select_option("mujer")
    page.get_by_label("Sector en el que trabajas").select_option("gobierno")
    save_and_continue.click()
    page.wait_for_url(re.compile(r"/solicitud/comprobante/$"))
    assert page.get_by_test_id("completeness").inner_text() == "75 %"

    page.get_by_label(re.compile("Comprobante de domicilio")).set_input_files(str(proof))
    save_and_continue.click()
    page.wait_for_url(re.compile(r"/solicitud/aviso/$"))
    page.get_by_label(re.compile("He leído el aviso de privacidad")).check()
    save_and_continue.click()
    page.wait_for_url(re.compile(r"/solicitud/$"))

    assert page.get_by_test_id("completeness").inner_text() == "100 %"
    assert page.get_by_test_id("missing").count() == 0
    page.get_by_role("button", name="Enviar solicitud").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Tu solicitud fue enviada. Te avisaremos del resultado.")).to_be_visible()
    expect(page.get_by_test_id("submitted").get_by_role("heading", name="Solicitud enviada")).to_be_visible()
    assert page.get_by_role("button", name="Enviar solicitud").count() == 0


def pdf_proof(tmp_path):
    proof = tmp_path / "recibo-de-luz.pdf"
    proof.write_bytes(weasyprint.HTML(string="<h1>Recibo de luz</h1><p>Hermosillo, Sonora</p>").write_pdf())
    return proof


def test_an_applicant_applies_end_to_end(page, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call = build_call("convocatoria-abierta", title="Convocatoria de prueba 2017")
    make_applicant("andrea@test.apertus.mx", state_code="26", first="Andrea", last="Prueba")
    proof = pdf_proof(tmp_path)
    login(page, "andrea@test.apertus.mx")
    apply_in_the_browser(page, "Convocatoria de prueba 2017", proof)

    # The proof of address was kept, private, as the real PDF.
    application = call.applications.get()
    assert (application.status, application.proof.content_type, application.proof.is_public) == (
        "enviada",
        "application/pdf",
        False,
    )
    assert application.proof.size == proof.stat().st_size
