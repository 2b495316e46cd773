import re

from playwright.sync_api import expect

from apertus.core.testing import make_people
from apertus.learning.tests.conftest import build_course
from tests.browser import test_plans  # its login helper (imported as a module, so its tests are not collected twice)


def test_a_fellow_takes_a_quiz(page):
    make_people()
    course = build_course()
    test_plans.login(page, "fellow.oaxaca@test.apertus.mx")

    page.goto(page.base_url + "/formacion/2017/curso/")
    quiz_row = page.get_by_test_id(f"activity-{course.quiz.pk}")
    assert "Bloqueada" in quiz_row.inner_text()  # the reading comes first
    page.get_by_role("link", name="Lectura 1").click()
    page.get_by_role("button", name="Marcar como completada").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Marcaste la actividad como completada.")).to_be_visible()

    page.goto(page.base_url + course.quiz.get_absolute_url())
    page.get_by_role("button", name="Comenzar un intento").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("deadline")).to_be_visible()
    assert "correcta" not in page.content().lower() and "Retroalimentación" not in page.content()
    page.get_by_label("Rendición de cuentas").check()
    page.get_by_label("Gobierno", exact=True).check()
    page.get_by_label("Partidos").check()  # one right, one wrong: 0 for this question
    page.get_by_role("button", name="Guardar sin enviar").click()
    page.wait_for_load_state()
    assert page.get_by_label("Rendición de cuentas").is_checked()  # saved answers come back
    page.get_by_label("ODS 16").check()
    page.get_by_label("Oportunos").check()
    page.get_by_label("Legibles por máquina").check()
    page.get_by_role("button", name="Enviar respuestas").click()
    page.wait_for_load_state()

    assert page.get_by_test_id("attempt-score").inner_text() == "Puntaje: 75.00 de 100"
    expect(page.get_by_text("Retroalimentación 2: revisa la lectura.")).to_be_visible()
    assert page.get_by_test_id("correct-option").count() == 0  # one attempt left: the key stays hidden
    page.get_by_role("link", name="Volver al cuestionario").click()
    expect(page.get_by_role("button", name="Comenzar un intento")).to_be_visible()
    page.goto(page.base_url + "/formacion/2017/mis-calificaciones/")
    expect(page.get_by_role("row", name=re.compile("Cuestionario 1")).get_by_text("75.00")).to_be_visible()


def test_a_facilitator_builds_a_course_and_a_fellow_completes_its_first_activity(page, browser):
    from datetime import timedelta

    from django.utils import timezone

    from apertus.learning import services
    from apertus.learning.models import Activity
    from apertus.program.models import ProgramPhase

    make_people()
    today = timezone.localdate()
    services.course_create(
        actor=None,
        phase=ProgramPhase.objects.get(number=1),
        title="Curso 2017",
        is_published=True,
        starts_on=today - timedelta(days=7),
        ends_on=today + timedelta(days=200),
    )
    test_plans.login(page, "facilitator@test.apertus.mx")
    page.goto(page.base_url + "/formacion/2017/curso/")
    page.get_by_test_id("builder-link").click()
    page.get_by_role("link", name="Agregar módulo").click()
    page.get_by_label(re.compile(r"^Título:?$")).fill("Gobierno abierto")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Se agregó el módulo.")).to_be_visible()
    page.get_by_role("link", name=re.compile("Agregar sesión")).click()
    page.get_by_label(re.compile(r"^Título:?$")).fill("Fundamentos")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    page.get_by_label("Tipo de la nueva actividad").select_option(label="Lectura")
    page.get_by_role("button", name="Agregar actividad").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Guardar").click()  # empty: the error summary lists what is missing
    page.wait_for_load_state()
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    page.get_by_label(re.compile(r"^Título:?$")).fill("Lectura inicial")
    page.get_by_label("Texto de la lectura").fill("Qué es el gobierno abierto.")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Se agregó la actividad.")).to_be_visible()
    reading = Activity.objects.get(title="Lectura inicial")
    page.goto(page.base_url + "/formacion/2017/editar/vista-previa/")
    expect(page.get_by_test_id("preview-banner")).to_be_visible()
    expect(page.get_by_test_id(f"activity-{reading.pk}")).to_be_visible()

    context = browser.new_context(locale="es-MX", viewport={"width": 390, "height": 844})
    fellow = context.new_page()
    fellow.set_default_timeout(15000)
    fellow.base_url = page.base_url
    test_plans.login(fellow, "fellow.oaxaca@test.apertus.mx")
    fellow.goto(fellow.base_url + "/formacion/2017/curso/")
    fellow.get_by_role("link", name="Lectura inicial").click()
    expect(fellow.get_by_text("Qué es el gobierno abierto.")).to_be_visible()
    fellow.get_by_role("button", name="Marcar como completada").click()
    fellow.wait_for_load_state()
    expect(fellow.get_by_text("Marcaste la actividad como completada.")).to_be_visible()
    fellow.goto(fellow.base_url + "/formacion/2017/curso/")
    assert "Completada" in fellow.get_by_test_id(f"activity-{reading.pk}").inner_text()
    context.close()


def test_dragging_a_module_reorders_the_course(page):
    from apertus.learning import services
    from apertus.learning.models import Module

    make_people()
    course = build_course()
    for title in ("Segundo", "Tercero"):
        services.module_add(actor=None, program=course.program, title=title)
    test_plans.login(page, "facilitator@test.apertus.mx")
    page.goto(page.base_url + "/formacion/2017/editar/")
    third = Module.objects.get(title="Tercero")
    first = course.reading.session.module
    # The script's own drag events, dispatched as the browser would (headless Chromium does not
    # deliver native drag-over events to the page reliably): drop "Tercero" on top of the first module.
    with page.expect_response(lambda r: "/editar/ordenar/" in r.url) as reordered:
        page.evaluate(
            """([source, target]) => {
            const from = document.getElementById(source), to = document.getElementById(target);
            const data = new DataTransfer(), box = to.getBoundingClientRect();
            const fire = (el, type) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true,
                dataTransfer: data, clientX: box.left + 5, clientY: box.top + 2}));
            fire(from, "dragstart"); fire(to, "dragover"); fire(to, "drop"); fire(from, "dragend");
        }""",
            [f"modulo-{third.pk}", f"modulo-{first.pk}"],
        )
    assert reordered.value.status == 204
    page.wait_for_load_state()
    assert list(Module.objects.filter(program=course.program).order_by("position").values_list("title", flat=True)) == [
        "Tercero",
        "Gobierno abierto",
        "Segundo",
    ]
