"""Courses built through the services, as the app builds them, for a cohort the people fixture is in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from apertus.accounts.models import Role
from apertus.accounts.services import role_assign, user_create
from apertus.core.testing import data_kept_copy
from apertus.learning import services
from apertus.learning.methodology import EXAMPLE
from apertus.learning.models import ActivityKind, AttendanceStatus, Component, Course, QuestionKind
from apertus.program.models import ProgramPhase
from apertus.territories.models import State

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Q1 single (A right), Q2 multiple (A, B right of four), Q3 single (A right), Q4 multiple (A, B right of four)
QUESTIONS = [
    (
        "¿Cuál es un valor del gobierno abierto?",
        QuestionKind.SINGLE,
        [("Rendición de cuentas", True), ("Opacidad", False), ("Discrecionalidad", False)],
    ),
    (
        "Marca los sectores de un STL.",
        QuestionKind.MULTIPLE,
        [("Gobierno", True), ("Sociedad civil", True), ("Partidos", False), ("Iglesias", False)],
    ),
    ("¿Qué ODS trata de instituciones sólidas?", QuestionKind.SINGLE, [("ODS 16", True), ("ODS 3", False)]),
    (
        "Marca principios de datos abiertos.",
        QuestionKind.MULTIPLE,
        [("Oportunos", True), ("Legibles por máquina", True), ("De pago", False), ("Con registro previo", False)],
    ),
]


def pdf_upload(name="entrega.pdf"):
    return ContentFile(PDF, name=name)


def make_fellow(phase, state_code: str, email: str, *, first="Fellow", last="Prueba"):
    state = State.objects.get(code=state_code)
    user = user_create(email=email, password="contraseña-de-prueba-1", first_name=first, last_name=last, state=state)
    role_assign(actor=None, user=user, role=Role.FELLOW, state=state, phase=phase)
    return user


@dataclass
class BuiltCourse:
    program: Course
    reading: object
    quiz: object
    quiz2: object
    assignment: object
    final: object
    seminars: list
    questions: list


def add_quiz(session, title, *, position, predecessors=(), **fields):
    quiz = services.activity_create(
        actor=None,
        session=session,
        kind=ActivityKind.QUIZ,
        title=title,
        position=position,
        predecessors=list(predecessors),
        **fields,
    )
    questions = [
        services.question_create(
            actor=None,
            activity=quiz,
            text=text,
            kind=kind,
            options=options,
            feedback=f"Retroalimentación {n}: revisa la lectura.",
        )
        for n, (text, kind, options) in enumerate(QUESTIONS, start=1)
    ]
    return quiz, questions


def build_course(phase_number: int = 1, **program_fields) -> BuiltCourse:
    """A current program (it started a month ago) with a reading, two quizzes, an assignment, the
    final deliverable and two seminars. The first quiz unlocks after the reading."""
    phase = ProgramPhase.objects.get(number=phase_number)
    today = timezone.localdate()
    now = timezone.now()
    program_fields.setdefault("is_published", True)
    program = services.course_create(
        actor=None,
        phase=phase,
        title=f"Curso {phase.year}",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=210),
        **program_fields,
    )
    module = services.module_create(actor=None, program=program, title="Gobierno abierto", position=1)
    session = services.session_create(actor=None, module=module, title="Fundamentos", position=1)
    reading = services.activity_create(
        actor=None,
        session=session,
        kind=ActivityKind.READING,
        title="Lectura 1",
        position=1,
        body="Texto de la lectura.",
    )
    quiz, questions = add_quiz(
        session, "Cuestionario 1", position=2, predecessors=[reading], attempts_allowed=2, time_limit_minutes=15
    )
    quiz2, _q = add_quiz(session, "Cuestionario 2", position=3, attempts_allowed=1)
    assignment = services.activity_create(
        actor=None,
        session=session,
        kind=ActivityKind.ASSIGNMENT,
        title="Tarea 1",
        position=4,
        closes_at=now + timedelta(days=7),
    )
    for title, points in (("Claridad", 10), ("Evidencia", 10)):
        services.criterion_create(actor=None, activity=assignment, title=title, max_points=points)
    final = services.activity_create(
        actor=None,
        session=session,
        kind=ActivityKind.FINAL,
        title="Entregable final",
        position=5,
        closes_at=now + timedelta(days=30),
    )
    for title, points in (("Problema", 25), ("Propuesta", 25)):
        services.criterion_create(actor=None, activity=final, title=title, max_points=points)
    seminars = [
        services.seminar_create(
            actor=None,
            program=program,
            number=n,
            title=f"Seminario {n}",
            starts_at=now + timedelta(days=10 * n),
            place="Oaxaca",
            agenda="1. Bienvenida",
        )
        for n in (1, 2)
    ]
    return BuiltCourse(program, reading, quiz, quiz2, assignment, final, seminars, questions)


def answer_key(questions) -> dict[int, list[int]]:
    return {q.pk: [o.pk for o in q.options.all() if o.is_correct] for q in questions}


def live_worked_example(course, fellow, staff):
    """Give ``fellow`` exactly the results of the methodology's example, through the services."""
    assert EXAMPLE[Component.QUIZZES] == [Decimal("100.00"), Decimal("62.50")]  # what follows gives these
    q1, q2, q3, q4 = course.questions
    services.activity_complete(actor=fellow, activity=course.reading)
    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    services.attempt_answer(
        actor=fellow,
        attempt=attempt,
        submit=True,
        answers={q.pk: [o.pk for o in q.options.all() if o.is_correct] for q in course.questions},
    )
    p1, p2, p3, p4 = [list(q.options.all()) for q in course.quiz2.questions.order_by("position")]
    attempt = services.attempt_start(actor=fellow, activity=course.quiz2)
    services.attempt_answer(
        actor=fellow,
        attempt=attempt,
        submit=True,
        answers={
            p1[0].question_id: [p1[0].pk],  # single, right: 1
            p2[0].question_id: [p2[0].pk],  # one of two right: 1/2
            p3[0].question_id: [p3[1].pk],  # single, wrong: 0
            p4[0].question_id: [p4[0].pk, p4[1].pk],  # both right: 1  -> 2.5 / 4 = 62.50
        },
    )
    submission = services.submission_upload(actor=fellow, activity=course.assignment, upload=pdf_upload())
    c1, c2 = course.assignment.criteria.all()
    services.submission_grade(actor=staff, submission=submission, points={c1.pk: 9, c2.pk: 8})  # 17/20 = 85
    final = services.submission_upload(actor=fellow, activity=course.final, upload=pdf_upload())
    f1, f2 = course.final.criteria.all()
    services.submission_grade(actor=staff, submission=final, points={f1.pk: 20, f2.pk: 20})  # 40/50 = 80
    s1, s2 = course.seminars
    services.attendance_record(actor=staff, seminar=s1, statuses={fellow.pk: AttendanceStatus.PRESENT})
    services.attendance_record(actor=staff, seminar=s2, statuses={fellow.pk: AttendanceStatus.LATE})


@pytest.fixture(autouse=True)
def _fresh_verification_rate_limit():
    """Certificate look-ups are rate-limited per address, and every test client is 127.0.0.1."""
    from apertus.accounts.privacy import ip_hash
    from apertus.core import ratelimit

    ratelimit.reset(f"certificate-verify:{ip_hash('127.0.0.1')}")


def build_course_kept() -> BuiltCourse:
    """``build_course()`` for a fixture: built through the services the first time from a given starting
    point, its rows written back after that (``data_kept_copy``, keyed by today's date, which its dates
    follow); each caller gets its own copy. Its dates were set from the clock when it was first built,
    minutes earlier at most: what the tests compare them with is days away."""
    return data_kept_copy(f"build_course {timezone.localdate()}", build_course)


@pytest.fixture
def course(db):
    return build_course_kept()
