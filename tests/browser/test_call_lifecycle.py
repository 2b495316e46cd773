"""A call's whole life in a real browser, without the admin: coordination writes and publishes it,
someone applies, evaluators score blind, and the selection proposal meets the declared quotas."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from apertus.accounts.services import email_mark_verified
from apertus.calls import services
from apertus.calls.models import Application, Call, EvaluationAssignment
from apertus.calls.tests.conftest import (
    build_call,
    close,
    fill_application,
    institutions,
    make_applicant,
    scored_call,
)
from apertus.core.testing import make_people
from tests.browser.test_calls import apply_in_the_browser, pdf_proof
from tests.browser.test_plans import login


def _second_page(browser, base_url):
    context = browser.new_context(locale="es-MX", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = base_url
    return context, page


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_coordinator_creates_and_publishes_a_call_and_an_applicant_applies(page, browser, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_people()
    now = timezone.now()
    login(page, "coordinator@test.apertus.mx")
    page.goto(page.base_url + "/convocatorias/nueva/")
    page.get_by_label(re.compile(r"^Título:?$")).fill("Convocatoria Sonora y Oaxaca 2027")
    page.get_by_label(re.compile(r"^Identificador:?$")).fill("sonora-oaxaca-2027")
    page.get_by_label(re.compile(r"^Resumen:?$")).fill("Agentes locales de cambio para dos entidades.")
    page.get_by_label(re.compile(r"^Requisitos de elegibilidad:?$")).fill("Vivir en **Sonora** u Oaxaca.")
    page.get_by_label(re.compile(r"^Abre:?$")).fill(_local(now - timedelta(days=1)))
    page.get_by_label(re.compile(r"^Cierra:?$")).fill(_local(now + timedelta(days=30)))
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Convocatoria creada como borrador.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_contain_text("Borrador")

    # The rules: two eligible states, Sonora's places and a minimum of women, one more interview question.
    page.get_by_label("Sonora", exact=True).check()
    page.get_by_label("Oaxaca", exact=True).check()
    page.get_by_label("Cuota 1", exact=True).select_option("state:26")
    page.get_by_label("Meta (lugares) 1", exact=True).fill("3")
    page.get_by_label("Cuota 2", exact=True).select_option("gender:mujer")
    page.get_by_label("Meta (lugares) 2", exact=True).fill("2")
    questions = page.get_by_test_id("questions")
    questions.locator("input[name$='-text']").last.fill("¿Qué problema público quiere resolver?")
    questions.locator("input[name$='-position']").last.fill("9")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Cambios guardados.")).to_be_visible()

    page.get_by_role("link", name="Vista previa como aspirante").click()
    expect(page.get_by_test_id("preview")).to_be_visible()
    expect(page.get_by_text("Vivir en Sonora u Oaxaca.")).to_be_visible()
    page.go_back()
    page.get_by_role("button", name="Publicar").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Convocatoria publicada.")).to_be_visible()

    call = Call.objects.get(slug="sonora-oaxaca-2027")
    assert call.is_published and sorted(call.states.values_list("code", flat=True)) == ["20", "26"]
    assert sorted(call.quotas.values_list("dimension", "key", "target")) == [("gender", "mujer", 2), ("state", "26", 3)]
    assert call.questions.order_by("position").last().text == "¿Qué problema público quiere resolver?"

    make_applicant("andrea@test.apertus.mx", state_code="26", first="Andrea", last="Prueba")
    context, applicant = _second_page(browser, page.base_url)
    login(applicant, "andrea@test.apertus.mx")
    apply_in_the_browser(applicant, "Convocatoria Sonora y Oaxaca 2027", pdf_proof(tmp_path))
    context.close()
    application = call.applications.get()
    assert (application.status, application.state.code, application.gender) == ("enviada", "26", "mujer")


def test_the_selection_proposal_meets_the_quotas_the_coordinator_declares(page, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_people()
    # One place per state; in Oaxaca the best score is a man's, and only two applicants are women.
    call, apps = scored_call(
        "propuesta-navegador",
        [("20", "hombre", 10), ("20", "mujer", 8), ("26", "mujer", 6), ("08", "hombre", 4), ("17", "hombre", 3)],
    )
    top_man, oaxaca_woman, sonora_woman = apps[:3]
    login(page, "coordinator@test.apertus.mx")
    page.goto(page.base_url + f"/convocatorias/{call.slug}/gestion/editar/")
    page.get_by_label("Cuota 1", exact=True).select_option("gender:mujer")
    page.get_by_label("Meta (lugares) 1", exact=True).fill("2")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    expect(page.get_by_text("La convocatoria está publicada: explica el motivo del cambio.")).to_be_visible()
    assert not call.quotas.exists()  # refused: nothing saved
    page.get_by_label(re.compile(r"^Cuota 1")).select_option("gender:mujer")
    page.get_by_label(re.compile(r"^Meta \(lugares\) 1")).fill("2")
    page.get_by_label(re.compile(r"^Motivo del cambio")).fill("Paridad: al menos dos mujeres")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Cambios guardados.")).to_be_visible()

    page.get_by_role("link", name="Selección y cuotas").click()
    expect(page.get_by_test_id(f"proposal-{top_man.pk}")).to_contain_text("se reservan para cumplir la cuota: Mujer")
    expect(page.get_by_test_id(f"proposal-{oaxaca_woman.pk}")).to_contain_text("Propuesta")
    page.get_by_role("button", name="Aplicar la propuesta").click()
    page.wait_for_load_state()
    women = page.get_by_test_id("quota-gender").get_by_role("row", name=re.compile("Mujer"))
    expect(women).to_contain_text("2")
    expect(women).to_have_class("quota-ok")
    expect(page.get_by_test_id("departures")).to_contain_text("en 0 solicitudes")

    chosen = set(Application.objects.filter(call=call, selected=True).values_list("pk", flat=True))
    assert {oaxaca_woman.pk, sonora_woman.pk} <= chosen and top_man.pk not in chosen
    assert Application.objects.filter(call=call, selected=True, gender="mujer").count() >= 2
    assert Application.objects.filter(call=call, selected=True, state__code="20").count() == 1  # the ceiling holds


def test_an_evaluator_cannot_see_the_applicants_name_before_every_score_is_locked(page, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_people()
    call = build_call("ciega-navegador", title="Convocatoria ciega")
    applicant = make_applicant("zacarias@test.apertus.mx", first="Zacarías", last="Identificable")
    application = fill_application(applicant, call, state_code="20")
    close(call)
    services.proof_check(actor=None, application=application, valid=True)
    (first_org, first), (second_org, second) = institutions(call, 2)
    services.evaluations_assign(actor=None, call=call)
    email_mark_verified(user=first)  # so that this person can sign in
    secret = ("Zacarías", "Identificable", applicant.email, "video.example.org")

    login(page, first.email)
    page.goto(page.base_url + "/convocatorias/evaluaciones/")
    page.get_by_role("link", name=f"Solicitud {application.pk}").click()
    expect(page.get_by_test_id("blind")).to_be_visible()
    expect(page.get_by_test_id("motives")).to_contain_text("Quiero abrir el gobierno de mi estado.")
    assert not any(word in page.content() for word in secret)
    for criterion in call.criteria.all():
        page.get_by_label(re.compile(rf"^{re.escape(criterion.name)}: puntaje")).fill("7")
    page.get_by_role("button", name="Enviar evaluación").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("own-scores")).to_be_visible()
    # Submitted and locked, but the other institution has not finished: still blind, everywhere.
    expect(page.get_by_test_id("blind")).to_be_visible()
    assert not any(word in page.content() for word in secret)
    page.goto(page.base_url + "/convocatorias/evaluaciones/")
    assert not any(word in page.content() for word in secret)
    assert EvaluationAssignment.objects.get(application=application, organization=first_org).submitted_at

    other = EvaluationAssignment.objects.select_related("application__call").get(
        application=application, organization=second_org
    )
    services.evaluation_save(
        actor=second, assignment=other, submit=True, scores={c.pk: (5, "") for c in call.criteria.all()}
    )
    page.get_by_role("link", name=re.compile(f"Solicitud {application.pk}")).click()
    expect(page.get_by_test_id("identity")).to_contain_text("Zacarías Identificable")
    expect(page.get_by_role("link", name="https://video.example.org/v/1")).to_be_visible()
