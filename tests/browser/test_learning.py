import re

from apertus.core.testing import make_people
from apertus.learning.tests.conftest import build_course
from tests.browser import test_plans  # its login helper (imported as a module, so its tests are not collected twice)


def test_a_fellow_takes_a_quiz(page, tmp_path):
    make_people()
    course = build_course()
    test_plans.login(page, "fellow.oaxaca@test.apertus.mx")

    page.goto(page.base_url + "/formacion/2017/curso/")
    quiz_row = page.get_by_test_id(f"activity-{course.quiz.pk}")
    assert "Bloqueada" in quiz_row.inner_text()  # the reading comes first
    page.get_by_role("link", name="Lectura 1").click()
    page.get_by_role("button", name="Marcar como completada").click()
    page.wait_for_load_state()
    assert page.get_by_text("Marcaste la actividad como completada.").is_visible()

    page.goto(page.base_url + course.quiz.get_absolute_url())
    page.get_by_role("button", name="Comenzar un intento").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("deadline").is_visible()
    assert "correcta" not in page.content().lower() and "Retroalimentación" not in page.content()
    page.get_by_label("Rendición de cuentas").check()
    page.get_by_label("Gobierno", exact=True).check()
    page.get_by_label("Partidos").check()            # one right, one wrong: 0 for this question
    page.get_by_role("button", name="Guardar sin enviar").click()
    page.wait_for_load_state()
    assert page.get_by_label("Rendición de cuentas").is_checked()  # saved answers come back
    page.get_by_label("ODS 16").check()
    page.get_by_label("Oportunos").check()
    page.get_by_label("Legibles por máquina").check()
    page.get_by_role("button", name="Enviar respuestas").click()
    page.wait_for_load_state()
    page.screenshot(path=str(tmp_path / "quiz-result.png"), full_page=True)

    assert page.get_by_test_id("attempt-score").inner_text() == "Puntaje: 75.00 de 100"
    assert page.get_by_text("Retroalimentación 2: revisa la lectura.").is_visible()
    assert page.get_by_test_id("correct-option").count() == 0  # one attempt left: the key stays hidden
    page.get_by_role("link", name="Volver al cuestionario").click()
    assert page.get_by_role("button", name="Comenzar un intento").is_visible()
    page.goto(page.base_url + "/formacion/2017/mis-calificaciones/")
    assert page.get_by_role("row", name=re.compile("Cuestionario 1")).get_by_text("75.00").is_visible()
