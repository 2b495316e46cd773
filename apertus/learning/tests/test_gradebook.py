"""Gradebooks: the fellow sees only their own; staff see the cohort in a fixed number of queries, and XLSX."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apertus.core.testing import client_for
from apertus.learning import grading, services
from apertus.learning.models import AttendanceStatus
from apertus.learning.tests.conftest import make_fellow, pdf_upload

STATES = ["08", "17", "19", "20", "26"]  # the 2017 cohort's states


def _enrol(course, start, count):
    fellows = []
    for n in range(start, start + count):
        fellow = make_fellow(
            course.program.phase, STATES[n % 5], f"f{n:02d}@test.apertus.mx", first=f"Persona{n:02d}", last="Demo"
        )
        services.activity_complete(actor=fellow, activity=course.reading)
        fellows.append(fellow)
    return fellows


def _gradebook_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_staff_gradebook_runs_the_same_queries_for_5_and_40_fellows(people, course, django_assert_max_num_queries):
    client = client_for(people["coordinator"])
    url = f"/formacion/{course.program.phase.year}/calificaciones/"
    _enrol(course, 1, 4)  # with fellow_oaxaca: 5
    grading.grades_recompute(program=course.program)
    client.get(url)  # warm up the session
    five = _gradebook_queries(client, url)
    fellows = _enrol(course, 5, 35)  # 40
    services.attendance_record(
        actor=people["coordinator"],
        seminar=course.seminars[0],
        statuses={f.pk: AttendanceStatus.PRESENT for f in fellows},
    )
    grading.grades_recompute(program=course.program)
    forty = _gradebook_queries(client, url)
    assert five == forty
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    assert html.count("<tr>") == 1 + 40  # header + one row per fellow
    with django_assert_max_num_queries(12):
        assert client.get(url.replace("calificaciones/", "calificaciones.xlsx")).status_code == 200


def test_xlsx_holds_the_gradebook(people, course):
    fellow = people["fellow_oaxaca"]
    services.activity_complete(actor=fellow, activity=course.reading)
    submission = services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload())
    c1, c2 = course.assignment.criteria.all()
    services.submission_grade(actor=people["facilitator"], submission=submission, points={c1.pk: 9, c2.pk: 9})
    hostile = make_fellow(course.program.phase, "26", "formula@test.apertus.mx", first='=HYPERLINK("x")')
    grading.grades_recompute(program=course.program)
    response = client_for(people["facilitator"]).get("/formacion/2017/calificaciones.xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="calificaciones-2017.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    summary = list(book["Calificaciones"].iter_rows(values_only=True))
    assert summary[0] == (
        "Entidad",
        "Fellow",
        "Cuestionarios",
        "Tareas",
        "Seminarios",
        "Entregable final",
        "Calificación",
        "Aprobó",
    )
    rows = {row[1]: row for row in summary[1:]}
    mine = rows[fellow.public_name]
    assert mine[0] == "Oaxaca" and mine[3] == 90.0 and mine[7] == "No"
    # quizzes and final count 0; no seminar recorded, so that component is left out: 90 x 30 / 90
    assert mine[6] == 30.0
    assert any(str(name).startswith("'=") for name in rows) and hostile  # no formula from a name
    detail = list(book["Actividades"].iter_rows(values_only=True))
    assert detail[0][2:] == ("Cuestionario 1", "Cuestionario 2", "Tarea 1", "Entregable final")


def test_a_fellow_sees_only_their_own_grades(people, course):
    fellow = people["fellow_oaxaca"]
    other = make_fellow(course.program.phase, "20", "otra@test.apertus.mx", first="Otilia")
    for person in (fellow, other):
        services.activity_complete(actor=person, activity=course.reading)
    services.attendance_record(
        actor=people["coordinator"],
        seminar=course.seminars[0],
        statuses={fellow.pk: AttendanceStatus.LATE, other.pk: AttendanceStatus.PRESENT},
    )
    client = client_for(fellow)
    html = client.get("/formacion/2017/mis-calificaciones/").content.decode()
    assert "Retardo" in html and "Otilia" not in html and 'data-testid="my-total">5.0<' in html
    assert client.get("/formacion/2017/calificaciones/").status_code == 403
    assert client.get("/formacion/2017/calificaciones.xlsx").status_code == 403
    assert client_for(people["facilitator"]).get("/formacion/2017/mis-calificaciones/").status_code == 403
