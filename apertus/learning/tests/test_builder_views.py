"""The course builder's pages: who may use them, hostile input, impact warnings and query counts."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from apertus.core.testing import assert_matrix, client_for, data_kept_copy, only
from apertus.learning import services
from apertus.learning.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Course,
    Module,
    Option,
    Question,
    RubricCriterion,
    Seminar,
    Session,
)
from apertus.learning.tests.conftest import build_course
from apertus.learning.tests.test_builder_services import empty_program, facilitator_of

STAFF = ["facilitator", "coordinator"]
F = "/formacion"


def logged_in(allowed, yes, no):
    cells = only(allowed, yes, no)
    cells["anonymous"] = 302
    return cells


def _world_made():
    course = build_course()
    empty_program(2)
    return course


@pytest.fixture
def world(people):
    """The 2017 course and an empty 2018 one: built through the services once per starting point, then
    their rows written back (``data_kept_copy``, keyed by today's date, which their dates follow); each
    test gets its own copy of the course, and the tests that change it change only their copy."""
    return data_kept_copy(f"learning-builder-world {timezone.localdate()}", _world_made)


def test_permission_matrix(people, world):
    course = world
    module = course.reading.session.module
    session = course.reading.session
    question = course.questions[0]
    criterion = course.assignment.criteria.first()
    seminar = course.seminars[0]
    e = f"{F}/2017/editar"
    gets = [
        f"{e}/",
        f"{e}/vista-previa/",
        f"{e}/copiar/",
        f"{F}/2018/editar/copiar/",
        f"{e}/modulos/nuevo/",
        f"{e}/modulos/{module.pk}/",
        f"{e}/modulos/{module.pk}/sesiones/nueva/",
        f"{e}/sesiones/{session.pk}/",
        f"{e}/sesiones/{session.pk}/actividades/nueva/",
        f"{e}/sesiones/{session.pk}/actividades/nueva/?tipo=video",
        f"{e}/sesiones/{session.pk}/actividades/nueva/?tipo=diagnostico",
        f"{e}/actividades/{course.quiz.pk}/",
        f"{e}/actividades/{course.assignment.pk}/",
        f"{e}/actividades/{course.quiz.pk}/preguntas/nueva/",
        f"{e}/preguntas/{question.pk}/",
        f"{e}/actividades/{course.assignment.pk}/criterios/nuevo/",
        f"{e}/criterios/{criterion.pk}/",
        f"{e}/seminarios/nuevo/",
        f"{e}/seminarios/{seminar.pk}/",
        f"{e}/actividad/{course.quiz2.pk}/borrar/",
        f"{e}/modulo/{module.pk}/borrar/",
        f"{e}/pregunta/{question.pk}/borrar/",
        f"{e}/criterio/{criterion.pk}/borrar/",
        f"{e}/seminario/{seminar.pk}/borrar/",
    ]
    matrix = {("GET", url): logged_in(STAFF, 200, 403) for url in gets}
    matrix.update(
        {
            ("GET", f"{F}/1999/editar/"): logged_in(STAFF, 404, 404),
            ("GET", f"{e}/mover/"): logged_in(STAFF, 405, 405),
            ("POST", f"{e}/mover/"): logged_in(STAFF, 400, 403),  # no fields: a bad request, after the permission
            ("POST", f"{e}/ordenar/"): logged_in(STAFF, 400, 403),
            ("POST", f"{e}/vista-previa/"): logged_in(STAFF, 405, 405),
            ("GET", f"{e}/actividades/{course.reading.pk}/preguntas/nueva/"): logged_in(STAFF, 404, 403),  # not a quiz
            ("GET", f"{e}/tabla/{module.pk}/borrar/"): logged_in(STAFF, 404, 403),
            ("GET", f"{F}/2017/curso/"): logged_in(["fellow_oaxaca", *STAFF], 200, 403),
        }
    )
    assert_matrix(people, matrix)


def test_a_facilitator_of_another_cohort_is_refused(world):
    other = client_for(facilitator_of(2))
    assert other.get(f"{F}/2017/editar/").status_code == 403
    assert other.post(f"{F}/2017/editar/modulos/nuevo/", {"title": "Intruso"}).status_code == 403
    assert other.get(f"{F}/2018/editar/").status_code == 200
    assert not Module.objects.filter(title="Intruso").exists()


def test_the_course_page_links_the_builder_for_staff_only(people, world):
    assert 'data-testid="builder-link"' in client_for(people["facilitator"]).get(f"{F}/2017/curso/").content.decode()
    assert (
        'data-testid="builder-link"' not in client_for(people["fellow_oaxaca"]).get(f"{F}/2017/curso/").content.decode()
    )


def test_building_through_the_pages(people, world):
    client = client_for(people["facilitator"])
    e = f"{F}/2018/editar"
    response = client.post(
        f"{e}/modulos/nuevo/", {"title": "Introducción", "description": "", "starts_on": "", "ends_on": ""}
    )
    assert response.status_code == 302
    module = Module.objects.get(title="Introducción")
    assert module.position == 1
    client.post(
        f"{e}/modulos/{module.pk}/sesiones/nueva/",
        {"title": "Primera", "starts_on": "2018-02-01", "ends_on": "2018-02-10"},
    )
    session = Session.objects.get(module=module)
    response = client.post(
        f"{e}/sesiones/{session.pk}/actividades/nueva/?tipo=webinar",
        {
            "title": "Webinario",
            "instructions": "",
            "opens_at": "",
            "closes_at": "",
            "duration_minutes": "60",
            "scheduled_at": "2018-02-03T10:00",
            "url": "https://meet.example.org/x",
        },
    )
    assert response.status_code == 302
    webinar = Activity.objects.get(session=session)
    # Typed in the viewer's zone: the facilitator has no state, so central Mexico time (UTC-6 in 2018).
    assert webinar.scheduled_at == datetime(2018, 2, 3, 16, 0, tzinfo=UTC)
    page = client.get(f"{e}/actividades/{webinar.pk}/").content.decode()
    assert 'name="scheduled_at"' in page and 'name="body"' not in page and 'name="attempts_allowed"' not in page

    response = client.post(
        f"{e}/sesiones/{session.pk}/actividades/nueva/?tipo=cuestionario",
        {
            "title": "Quiz",
            "duration_minutes": "15",
            "attempts_allowed": "2",
            "attempt_policy": "mejor",
            "weight": "1",
            "predecessors": [webinar.pk],
        },
    )
    quiz = Activity.objects.get(title="Quiz")
    assert response.status_code == 302 and list(quiz.predecessors.all()) == [webinar]
    response = client.post(
        f"{e}/actividades/{quiz.pk}/preguntas/nueva/",
        {
            "text": "¿Qué es?",
            "kind": "unica",
            "points": "2",
            "feedback": "Revisa",
            "option_1": "Esto",
            "correct_1": "on",
            "option_2": "Aquello",
            "option_3": "",
        },
    )
    assert response.status_code == 302
    assert list(Option.objects.filter(question__activity=quiz).values_list("text", "is_correct")) == [
        ("Esto", True),
        ("Aquello", False),
    ]
    client.post(
        f"{e}/sesiones/{session.pk}/actividades/nueva/?tipo=tarea",
        {"title": "Tarea", "duration_minutes": "60", "weight": "1", "closes_at": "2018-03-01T23:59"},
    )
    task = Activity.objects.get(title="Tarea")
    assert (
        client.post(
            f"{e}/actividades/{task.pk}/criterios/nuevo/", {"title": "Claridad", "max_points": "10"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"{e}/seminarios/nuevo/",
            {"number": "1", "title": "Arranque", "starts_at": "2018-04-01T09:00", "place": "CDMX"},
        ).status_code
        == 302
    )
    assert Seminar.objects.filter(program__phase__year=2018).count() == 1

    # Move the quiz up (a plain form), then the task to the top by drag and drop.
    client.post(f"{e}/mover/", {"what": "actividad", "id": quiz.pk, "direction": "up"})
    assert list(Activity.objects.filter(session=session).order_by("position").values_list("title", flat=True)) == [
        "Quiz",
        "Webinario",
        "Tarea",
    ]
    assert (
        client.post(f"{e}/ordenar/", {"what": "actividad", "order": f"{task.pk},{quiz.pk},{webinar.pk}"}).status_code
        == 204
    )
    assert list(Activity.objects.filter(session=session).order_by("position").values_list("title", flat=True)) == [
        "Tarea",
        "Quiz",
        "Webinario",
    ]

    page = client.get(f"{e}/vista-previa/").content.decode()
    assert 'data-testid="preview-banner"' in page and "Bloqueada" in page  # the quiz waits for the webinar
    assert not ActivityProgress.objects.exists()


def test_invalid_input_is_shown_on_the_form_and_changes_nothing(people, world):
    course = world
    client = client_for(people["facilitator"])
    e = f"{F}/2017/editar"
    session = course.reading.session
    before = Activity.objects.count()
    response = client.post(
        f"{e}/sesiones/{session.pk}/actividades/nueva/?tipo=lectura",
        {"title": "", "duration_minutes": "abc", "body": ""},
    )
    assert response.status_code == 400
    assert 'data-testid="error-summary"' in response.content.decode()
    response = client.post(
        f"{e}/sesiones/{session.pk}/actividades/nueva/?tipo=lectura",
        {"title": "Sin texto", "duration_minutes": "10", "body": ""},
    )  # the model's rule: a reading needs a text
    assert response.status_code == 400 and "necesita un archivo o un texto" in response.content.decode()
    response = client.post(
        f"{e}/sesiones/{session.pk}/actividades/nueva/?tipo=tarea",
        {
            "title": "Tarea",
            "duration_minutes": "10",
            "weight": "1",
            "opens_at": "2017-05-02T10:00",
            "closes_at": "2017-05-01T10:00",
        },
    )
    assert response.status_code == 400
    assert client.post(f"{e}/sesiones/{session.pk}/actividades/nueva/?tipo=magia", {"title": "x"}).status_code == 400
    response = client.post(
        f"{e}/actividades/{course.quiz.pk}/preguntas/nueva/",
        {
            "text": "¿Dos correctas?",
            "kind": "unica",
            "points": "1",
            "option_1": "A",
            "correct_1": "on",
            "option_2": "B",
            "correct_2": "on",
        },
    )
    assert response.status_code == 400 and 'data-testid="error-summary"' in response.content.decode()
    assert Activity.objects.count() == before and not Question.objects.filter(text="¿Dos correctas?").exists()


def test_ids_of_another_cohort_are_not_found_and_change_nothing(people, world):
    course = world
    client = client_for(people["facilitator"])
    other = f"{F}/2018/editar"  # the facilitator may build 2018, but these records are 2017's
    module = course.reading.session.module
    assert client.get(f"{other}/modulos/{module.pk}/").status_code == 404
    assert client.post(f"{other}/modulos/{module.pk}/", {"title": "Cambiado"}).status_code == 404
    assert client.post(f"{other}/actividad/{course.quiz2.pk}/borrar/").status_code == 404
    assert client.post(f"{other}/mover/", {"what": "modulo", "id": module.pk, "direction": "down"}).status_code == 404
    assert client.post(f"{other}/ordenar/", {"what": "actividad", "order": str(course.quiz.pk)}).status_code == 404
    assert client.get(f"{other}/preguntas/{course.questions[0].pk}/").status_code == 404
    assert client.get(f"{other}/sesiones/{course.reading.session.pk}/actividades/nueva/?tipo=video").status_code == 404
    # A predecessor of another program is not a valid choice.
    target = Course.objects.get(phase__year=2018)
    m = services.module_add(actor=None, program=target, title="M")
    s = services.session_add(actor=None, module=m, title="S")
    response = client.post(
        f"{F}/{target.phase.year}/editar/sesiones/{s.pk}/actividades/nueva/?tipo=lectura",
        {"title": "L", "duration_minutes": "10", "body": "x", "predecessors": [course.reading.pk]},
    )
    assert response.status_code == 400
    assert Module.objects.get(pk=module.pk).title == "Gobierno abierto"
    assert Activity.objects.filter(pk=course.quiz2.pk).exists() and not Activity.objects.filter(session=s).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"what": "modulo", "id": "abc", "direction": "up"},
        {"what": "modulo", "id": "99999999999999999999999", "direction": "up"},
        {"what": "user", "id": "1", "direction": "up"},
        {"what": "modulo", "id": "1", "direction": "left"},
    ],
)
def test_hostile_moves_are_bad_requests(people, world, data):
    before = list(Module.objects.values_list("pk", "position"))
    assert client_for(people["facilitator"]).post(f"{F}/2017/editar/mover/", data).status_code == 400
    assert list(Module.objects.values_list("pk", "position")) == before


def test_a_stale_order_is_refused(people, world):
    course = world
    client = client_for(people["facilitator"])
    session = course.reading.session
    before = list(Activity.objects.filter(session=session).order_by("position").values_list("pk", flat=True))
    for order in (f"{course.quiz.pk},{course.reading.pk}", "1,,2", "x", ",".join(["1"] * 1001)):
        response = client.post(f"{F}/2017/editar/ordenar/", {"what": "actividad", "order": order})
        assert response.status_code in (400, 404), order
    assert list(Activity.objects.filter(session=session).order_by("position").values_list("pk", flat=True)) == before


def test_worked_on_activities_warn_ask_for_confirmation_and_cannot_be_deleted(people, world):
    course = world
    services.activity_complete(actor=people["fellow_oaxaca"], activity=course.reading)
    client = client_for(people["facilitator"])
    e = f"{F}/2017/editar"
    outline = client.get(f"{e}/").content.decode()
    assert "1 fellow ya trabajó en ella" in outline
    page = client.get(f"{e}/actividades/{course.reading.pk}/").content.decode()
    assert 'data-testid="impact-warning"' in page and 'name="confirm"' in page
    data = {"title": "Lectura renombrada", "duration_minutes": "30", "body": "Texto"}
    response = client.post(f"{e}/actividades/{course.reading.pk}/", data)
    assert response.status_code == 400
    assert Activity.objects.get(pk=course.reading.pk).title == "Lectura 1"
    assert client.post(f"{e}/actividades/{course.reading.pk}/", {**data, "confirm": "on"}).status_code == 302
    assert Activity.objects.get(pk=course.reading.pk).title == "Lectura renombrada"

    page = client.get(f"{e}/actividad/{course.reading.pk}/borrar/").content.decode()
    assert "no se puede borrar" in page and '<form method="post">' not in page
    assert client.post(f"{e}/actividad/{course.reading.pk}/borrar/").status_code == 400
    assert client.post(f"{e}/modulo/{course.reading.session.module_id}/borrar/").status_code == 400
    assert Activity.objects.filter(pk=course.reading.pk).exists()
    assert ActivityProgress.objects.filter(activity=course.reading).exists()
    assert client.post(f"{e}/actividad/{course.quiz2.pk}/borrar/").status_code == 302
    assert not Activity.objects.filter(pk=course.quiz2.pk).exists()


def test_copying_through_the_page(people, world):
    client = client_for(people["facilitator"])
    page = client.get(f"{F}/2018/editar/copiar/").content.decode()
    source = world.program
    assert re.search(rf'<option value="{source.pk}"', page)
    response = client.post(f"{F}/2018/editar/copiar/", {"source": source.pk, "seminars": "on"})
    assert response.status_code == 302
    assert Activity.objects.filter(session__module__program__phase__year=2018).count() == 5
    response = client.post(f"{F}/2018/editar/copiar/", {"source": source.pk})  # no longer empty
    assert response.status_code == 400
    assert Activity.objects.filter(session__module__program__phase__year=2018).count() == 5
    assert client.post(f"{F}/2017/editar/copiar/", {"source": 999999}).status_code == 400


def _grow(program, modules: int, sessions: int, activities: int):
    for m in range(modules):
        module = services.module_add(actor=None, program=program, title=f"Módulo {m}")
        for s in range(sessions):
            session = services.session_add(actor=None, module=module, title=f"Sesión {s}")
            for a in range(activities):
                services.activity_add(
                    actor=None,
                    session=session,
                    kind=ActivityKind.READING,
                    title=f"L{a}",
                    body="x",
                    closes_at=timezone.now() + timedelta(days=a + 1),
                )
    return program


@pytest.mark.parametrize("url", ["/formacion/2018/editar/", "/formacion/2018/editar/vista-previa/"])
def test_the_builder_pages_run_a_bounded_number_of_queries(people, django_assert_max_num_queries, url):
    program = empty_program(2)
    client = client_for(people["facilitator"])
    client.get(url)  # warm the per-process caches (site settings, roles)
    counts = []
    for size in (1, 4):
        _grow(program, size, 2, 3)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(25):
        client.get(url)


def test_activity_edit_pages_run_a_bounded_number_of_queries(people, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    course = world
    client = client_for(people["facilitator"])
    url = f"{F}/2017/editar/actividades/{course.quiz.pk}/"
    client.get(url)
    counts = []
    for extra in (0, 10):
        for n in range(extra):
            services.question_add(actor=None, activity=course.quiz, text=f"P{n}", options=[("a", True), ("b", False)])
            services.criterion_add(actor=None, activity=course.assignment, title=f"C{n}", max_points=5)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert RubricCriterion.objects.filter(activity=course.assignment).count() == 12


def test_a_second_seminar_with_the_same_number_is_a_form_error(people, world):
    client = client_for(people["facilitator"])
    response = client.post(
        f"{F}/2017/editar/seminarios/nuevo/",
        {"number": "1", "title": "Otra vez", "starts_at": "2017-09-01T09:00", "place": "Oaxaca"},
    )
    assert response.status_code == 400 and 'data-testid="error-summary"' in response.content.decode()
    assert Seminar.objects.filter(program=world.program).count() == 2


def test_hostile_text_is_inert_in_the_builder(people, world):
    from apertus.core.testing import assert_inert
    from apertus.learning.tests.test_permissions import HOSTILE

    course = world
    Module.objects.filter(pk=course.reading.session.module_id).update(title="<script>alert(1)</script>")
    Activity.objects.filter(pk=course.quiz.pk).update(title="<img src=x onerror=alert(1)>")
    course.quiz.questions.update(text=HOSTILE)
    client = client_for(people["facilitator"])
    for url in (
        f"{F}/2017/editar/",
        f"{F}/2017/editar/actividades/{course.quiz.pk}/",
        f"{F}/2017/editar/vista-previa/",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        for block in re.findall(r'<div class="prose"[^>]*>(.*?)</div>', html, re.S):
            assert_inert(block)
