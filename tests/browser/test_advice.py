"""A whole review round in a real browser: open, must fix, gate, change and answer, accept, publish, public."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from apertus.advice import services
from apertus.core.testing import make_people
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan
from tests.browser.test_plans import login


def test_a_whole_review_round(page, browser):
    people = make_people()
    plan = build_plan("20", commitments=1, milestones=2, status=PlanStatus.COCREATION)
    services.advisor_assign(actor=people["coordinator"], plan=plan, user=people["advisor"])
    commitment = plan.commitments.get()
    review_url = page.base_url + f"/asesoria/{plan.state.slug}/{plan.edition}/"

    # The STL opens a round on its draft.
    login(page, "stl.oaxaca@test.apertus.mx")
    page.goto(page.base_url + plan.get_absolute_url())
    page.get_by_test_id("advice-link").click()
    page.get_by_label("Fecha límite").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Abrir la ronda y avisar a la asesoría").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("round-status").inner_text() == "Abierta"
    round_url = page.url

    # The advisor comments «must fix» on the milestones.
    advisor = browser.new_context(locale="es-MX").new_page()
    advisor.base_url = page.base_url
    login(advisor, "advisor@test.apertus.mx")
    advisor.goto(round_url)
    form = advisor.get_by_test_id("comment-form-1")
    form.get_by_label("Sobre").select_option("milestones")
    form.get_by_label("Tipo").select_option("must_fix")
    form.get_by_label("Comentario (Markdown)").fill("Los hitos no dicen **qué se entrega**.")
    form.get_by_role("button", name="Comentar").click()
    advisor.wait_for_load_state()
    assert advisor.get_by_test_id("comment-status").first.inner_text() == "Abierto"

    # The gate refuses publication and says why.
    page.goto(page.base_url + plan.get_absolute_url())
    expect(page.get_by_text(re.compile("ronda de revisión 1 de la asesoría técnica sigue abierta"))).to_be_visible()
    page.get_by_role("button", name="Publicar el plan").click()
    page.wait_for_load_state()
    expect(
        page.get_by_text(re.compile("«debe corregirse» de la asesoría técnica no está aceptado")).first
    ).to_be_visible()
    assert page.get_by_test_id("plan-status").inner_text() == "Cocreación"

    # The STL changes the commitment (the checklist is live on the form) and answers, pointing at the change.
    page.goto(page.base_url + f"/planes/compromisos/{commitment.pk}/editar/")
    page.get_by_test_id("quality-check").wait_for()
    page.get_by_label("Resultados esperados").fill(
        "Meta: 100 % de los 2 informes trimestrales publicados en el portal."
    )
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    page.goto(round_url)
    page.get_by_label("Respuesta del STL").fill("Agregamos la meta y el entregable de cada hito.")
    page.get_by_label("Cambio en el compromiso que responde a este comentario").select_option(index=1)
    page.get_by_role("button", name="Responder").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("answer-diff")).to_be_visible()

    # The advisor accepts; the STL closes the round and publishes.
    advisor.goto(round_url)
    advisor.get_by_role("button", name="Aceptar la respuesta").click()
    advisor.wait_for_load_state()
    assert advisor.get_by_test_id("comment-status").first.inner_text() == "Aceptado"
    page.goto(round_url)
    page.get_by_role("button", name="Cerrar la ronda").click()
    page.wait_for_load_state()
    page.goto(page.base_url + plan.get_absolute_url())
    page.get_by_role("button", name="Publicar el plan").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("plan-status").inner_text() == "Publicado"

    # Anyone now sees the round, the comment, the answer and who advised.
    visitor = browser.new_context(locale="es-MX").new_page()
    visitor.goto(round_url)
    expect(visitor.get_by_text("qué se entrega")).to_be_visible()
    expect(visitor.get_by_text("Agregamos la meta y el entregable de cada hito.")).to_be_visible()
    expect(visitor.get_by_text(people["advisor"].public_name).first).to_be_visible()
    expect(visitor.get_by_test_id("answer-diff")).to_be_visible()
    visitor.goto(review_url)
    assert visitor.get_by_test_id("round-status").inner_text() == "Cerrada"
    for context in (advisor.context, visitor.context):
        context.close()
