"""The course builder's writes: add, change, delete, reorder, copy, and what touches fellows' work."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apertus.accounts.models import Role
from apertus.accounts.services import role_assign, user_create
from apertus.learning import selectors, services
from apertus.learning.models import (
    Activity,
    ActivityKind,
    Course,
    Module,
    Option,
    Question,
    QuestionKind,
    RubricCriterion,
    Seminar,
    Session,
)
from apertus.learning.tests.conftest import build_course
from apertus.program.models import ProgramPhase


def empty_program(phase_number=2, *, starts_in_days=365) -> Course:
    today = timezone.localdate()
    return services.course_create(
        actor=None,
        phase=ProgramPhase.objects.get(number=phase_number),
        title="Curso vacío",
        starts_on=today + timedelta(days=starts_in_days),
        ends_on=today + timedelta(days=starts_in_days + 240),
    )


def positions(qs):
    return list(qs.order_by("position", "pk").values_list("title", "position"))


def facilitator_of(phase_number: int, email="facilitadora.otra@test.apertus.mx"):
    user = user_create(email=email, password="contraseña-de-prueba-1", first_name="Otra", last_name="Facilitadora")
    role_assign(actor=None, user=user, role=Role.FACILITATOR, phase=ProgramPhase.objects.get(number=phase_number))
    return user


@pytest.fixture
def staff(people):
    return people["facilitator"]


def test_a_facilitator_builds_a_course_with_contiguous_positions(people, staff):
    program = empty_program()
    first = services.module_add(actor=staff, program=program, title="Uno")
    second = services.module_add(actor=staff, program=program, title="Dos")
    session = services.session_add(actor=staff, module=first, title="Sesión")
    reading = services.activity_add(
        actor=staff, session=session, kind=ActivityKind.READING, title="Lectura", body="Texto"
    )
    quiz = services.activity_add(
        actor=staff, session=session, kind=ActivityKind.QUIZ, title="Quiz", predecessors=[reading]
    )
    assert positions(Module.objects.filter(program=program)) == [("Uno", 1), ("Dos", 2)]
    assert positions(Activity.objects.filter(session=session)) == [("Lectura", 1), ("Quiz", 2)]
    assert list(quiz.predecessors.all()) == [reading]
    assert Module.history.filter(id=second.pk).get().history_user == staff

    services.module_delete(actor=staff, module=first)
    assert positions(Module.objects.filter(program=program)) == [("Dos", 1)]
    assert not Activity.objects.filter(pk__in=[reading.pk, quiz.pk]).exists()


def test_people_outside_the_cohorts_staff_cannot_build(people):
    program = empty_program()
    for key in ("fellow_oaxaca", "citizen", "stl_oaxaca", "advisor"):
        with pytest.raises(PermissionDenied):
            services.module_add(actor=people[key], program=program, title="No")
    with pytest.raises(PermissionDenied):
        services.module_add(actor=facilitator_of(1), program=program, title="Otra generación")
    assert services.module_add(actor=facilitator_of(2, "f2@test.apertus.mx"), program=program, title="Sí").pk
    assert services.module_add(actor=people["coordinator"], program=program, title="También").position == 2


def test_moving_swaps_neighbours_and_stops_at_the_ends(staff):
    program = empty_program()
    a, b, c = (services.module_add(actor=staff, program=program, title=t) for t in "ABC")
    services.position_move(actor=staff, obj=c, direction="up")
    assert positions(Module.objects.filter(program=program)) == [("A", 1), ("C", 2), ("B", 3)]
    services.position_move(actor=staff, obj=Module.objects.get(pk=a.pk), direction="up")  # already first
    assert positions(Module.objects.filter(program=program)) == [("A", 1), ("C", 2), ("B", 3)]
    services.position_move(actor=staff, obj=Module.objects.get(pk=a.pk), direction="down")
    assert positions(Module.objects.filter(program=program)) == [("C", 1), ("A", 2), ("B", 3)]
    with pytest.raises(ValidationError):
        services.position_move(actor=staff, obj=b, direction="sideways")


def test_setting_a_whole_order_needs_exactly_the_current_list(staff):
    program = empty_program()
    a, b, c = (services.module_add(actor=staff, program=program, title=t) for t in "ABC")
    services.positions_set(actor=staff, first=b, order=[b.pk, c.pk, a.pk])
    assert positions(Module.objects.filter(program=program)) == [("B", 1), ("C", 2), ("A", 3)]
    for stale in ([b.pk, c.pk], [b.pk, c.pk, a.pk, a.pk], [b.pk, c.pk, 999999]):
        with pytest.raises(ValidationError):
            services.positions_set(actor=staff, first=b, order=stale)
    assert positions(Module.objects.filter(program=program)) == [("B", 1), ("C", 2), ("A", 3)]


def test_predecessors_must_be_of_the_same_program(staff):
    course = build_course()
    program = empty_program()
    module = services.module_add(actor=staff, program=program, title="M")
    session = services.session_add(actor=staff, module=module, title="S")
    with pytest.raises(ValidationError):
        services.activity_add(
            actor=staff, session=session, kind=ActivityKind.READING, title="L", body="x", predecessors=[course.reading]
        )
    assert not Activity.objects.filter(session=session).exists()
    reading = services.activity_add(actor=staff, session=session, kind=ActivityKind.READING, title="L", body="x")
    with pytest.raises(ValidationError):
        services.activity_update(actor=staff, activity=reading, predecessors=[course.reading])
    with pytest.raises(ValidationError):
        services.activity_update(actor=staff, activity=reading, predecessors=[reading])
    assert not reading.predecessors.exists()


def test_changing_worked_on_activities_needs_confirmation_and_deleting_them_is_refused(people, staff):
    course = build_course()
    fellow = people["fellow_oaxaca"]
    services.activity_complete(actor=fellow, activity=course.reading)
    assert selectors.affected_fellows([course.reading.pk, course.quiz2.pk]) == {
        course.reading.pk: 1,
        course.quiz2.pk: 0,
    }
    with pytest.raises(ValidationError) as refused:
        services.activity_update(actor=staff, activity=course.reading, title="Nuevo título")
    assert "confirm" in refused.value.message_dict
    assert Activity.objects.get(pk=course.reading.pk).title == "Lectura 1"
    services.activity_update(actor=staff, activity=course.reading, title="Nuevo título", confirm=True)
    assert Activity.objects.get(pk=course.reading.pk).title == "Nuevo título"

    for delete in (
        lambda: services.activity_delete(actor=staff, activity=course.reading),
        lambda: services.session_delete(actor=staff, session=course.reading.session),
        lambda: services.module_delete(actor=staff, module=course.reading.session.module),
    ):
        with pytest.raises(ValidationError):
            delete()
    assert Activity.objects.filter(pk=course.reading.pk).exists()
    services.activity_delete(actor=staff, activity=course.quiz2)  # nobody worked on it
    assert positions(Activity.objects.filter(session=course.reading.session)) == [
        ("Nuevo título", 1),
        ("Cuestionario 1", 2),
        ("Tarea 1", 3),
        ("Entregable final", 4),
    ]


def test_quiz_questions_with_attempts_keep_their_options(people, staff):
    course = build_course()
    fellow = people["fellow_oaxaca"]
    question = course.questions[0]
    services.question_update(
        actor=staff,
        question=question,
        text="¿Nueva?",
        kind=QuestionKind.SINGLE,
        points=2,
        feedback="Mira",
        options=[("Sí", True), ("No", False)],
    )
    assert list(question.options.values_list("text", "is_correct")) == [("Sí", True), ("No", False)]
    with pytest.raises(ValidationError):  # two right answers on a single-choice question
        services.question_update(
            actor=staff,
            question=question,
            text="x",
            kind=QuestionKind.SINGLE,
            points=1,
            options=[("Sí", True), ("No", True)],
        )
    services.activity_complete(actor=fellow, activity=course.reading)
    services.attempt_start(actor=fellow, activity=course.quiz)
    with pytest.raises(ValidationError):
        services.question_update(
            actor=staff,
            question=question,
            text="Otra",
            kind=QuestionKind.SINGLE,
            points=2,
            options=[("Sí", True), ("No", False)],
        )
    with pytest.raises(ValidationError):  # removing an option would drop answers
        services.question_update(
            actor=staff,
            question=question,
            text="Otra",
            kind=QuestionKind.SINGLE,
            points=2,
            options=[("Sí", True)],
            confirm=True,
        )
    with pytest.raises(ValidationError):
        services.question_delete(actor=staff, question=question)
    services.question_update(
        actor=staff,
        question=question,
        text="Otra",
        kind=QuestionKind.SINGLE,
        points=2,
        options=[("Sí", True), ("No", False), ("Tal vez", False)],
        confirm=True,
    )
    assert Option.objects.filter(question=question).count() == 3
    assert Question.objects.get(pk=question.pk).text == "Otra"


def test_rubric_criteria_of_a_graded_assignment_cannot_be_deleted(people, staff):
    from apertus.learning.tests.conftest import pdf_upload

    course = build_course()
    criterion = course.assignment.criteria.first()
    services.criterion_update(actor=staff, criterion=criterion, title="Claridad y orden", max_points=12)
    services.submission_upload(actor=people["fellow_oaxaca"], activity=course.assignment, upload=pdf_upload())
    with pytest.raises(ValidationError):
        services.criterion_update(actor=staff, criterion=criterion, title="Otra", max_points=5)
    with pytest.raises(ValidationError):
        services.criterion_delete(actor=staff, criterion=criterion)
    assert RubricCriterion.objects.get(pk=criterion.pk).max_points == 12


def test_copying_a_course_shifts_dates_and_remaps_predecessors(staff):
    course = build_course()
    source = course.program
    target = empty_program(starts_in_days=400)
    shift = target.starts_on - source.starts_on
    warnings = services.course_copy(actor=staff, source=source, target=target, seminars=True)
    assert warnings == []
    copied = {a.title: a for a in Activity.objects.filter(session__module__program=target)}
    assert sorted(copied) == sorted(a.title for a in Activity.objects.filter(session__module__program=source))
    quiz = copied["Cuestionario 1"]
    assert list(quiz.predecessors.all()) == [copied["Lectura 1"]]
    assert copied["Tarea 1"].closes_at == course.assignment.closes_at + shift
    assert quiz.questions.count() == 4 and Option.objects.filter(question__activity=quiz).count() == 3 + 4 + 2 + 4
    assert [(c.title, c.max_points) for c in copied["Tarea 1"].criteria.all()] == [("Claridad", 10), ("Evidencia", 10)]
    assert [s.starts_at for s in Seminar.objects.filter(program=target)] == [
        s.starts_at + shift for s in course.seminars
    ]
    assert Activity.objects.filter(session__module__program=source).count() == 5  # the source is untouched

    with pytest.raises(ValidationError):  # the target now has content
        services.course_copy(actor=staff, source=source, target=target)
    assert Module.objects.filter(program=target).count() == 1


def test_a_copy_is_all_or_nothing_and_can_leave_the_seminars(staff, monkeypatch):
    course = build_course()
    target = empty_program()
    services.course_copy(actor=staff, source=course.program, target=target, seminars=False)
    assert not Seminar.objects.filter(program=target).exists()
    assert Session.objects.filter(module__program=target).count() == 1

    other = Course.objects.get(pk=target.pk)
    Module.objects.filter(program=other).delete()
    from apertus.learning.services import builder

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(builder, "_copy_activity_parts", broken)
    with pytest.raises(RuntimeError):
        services.course_copy(actor=staff, source=course.program, target=other)
    assert not Module.objects.filter(program=other).exists()
    assert not Activity.objects.filter(session__module__program=other).exists()
