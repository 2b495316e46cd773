"""Progress per activity, session, module and program; locks decided in one function and enforced."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apertus.core.testing import client_for
from apertus.learning import selectors, services
from apertus.learning.models import ActivityKind, ProgressStatus
from apertus.learning.progress import ActivityLocked, annotate, is_unlocked, predecessor_map, validate_predecessors
from apertus.learning.tests.conftest import build_course, pdf_upload


def test_predecessors_unlock_and_the_server_enforces_the_lock(people, course):
    fellow = people["fellow_oaxaca"]
    gated = services.activity_create(
        actor=None,
        session=course.reading.session,
        kind=ActivityKind.ASSIGNMENT,
        title="Tarea con requisito",
        position=9,
        predecessors=[course.quiz],
        closes_at=timezone.now() + timedelta(days=3),
    )
    reading2 = services.activity_create(
        actor=None,
        session=course.reading.session,
        kind=ActivityKind.READING,
        title="Lectura 2",
        position=10,
        body="x",
        predecessors=[course.quiz, gated],
    )
    assert is_unlocked(fellow, course.reading) and not is_unlocked(fellow, course.quiz)
    with pytest.raises(ActivityLocked):
        services.submission_upload(actor=fellow, activity=gated, upload=pdf_upload())
    with pytest.raises(ActivityLocked):
        services.activity_complete(actor=fellow, activity=reading2)
    assert client_for(fellow).post(f"/formacion/actividades/{reading2.pk}/completar/").status_code == 403
    services.activity_complete(actor=fellow, activity=course.reading)
    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    assert is_unlocked(fellow, course.quiz) and not is_unlocked(fellow, gated)  # started is not completed
    services.attempt_answer(actor=fellow, attempt=attempt, answers={}, submit=True)
    assert is_unlocked(fellow, gated) and not is_unlocked(fellow, reading2)  # needs both
    services.submission_upload(actor=fellow, activity=gated, upload=pdf_upload())
    assert is_unlocked(fellow, reading2)


def test_an_activity_that_has_not_opened_is_locked(people, course):
    course.reading.opens_at = timezone.now() + timedelta(days=1)
    course.reading.save()
    with pytest.raises(ActivityLocked):
        services.activity_complete(actor=people["fellow_oaxaca"], activity=course.reading)


def test_rollups_per_session_module_and_program(people, course):
    fellow = people["fellow_oaxaca"]
    second = services.session_create(actor=None, module=course.reading.session.module, title="Sesión 2", position=2)
    services.activity_create(actor=None, session=second, kind=ActivityKind.READING, title="Lectura B", body="x")
    services.activity_complete(actor=fellow, activity=course.reading)
    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    modules = selectors.modules_of(course.program)
    summary = annotate(
        modules,
        fellow=fellow,
        statuses=selectors.statuses_of(course.program, fellow),
        predecessors=predecessor_map(course.program),
    )
    first_session, second_session = modules[0].sessions.all()
    assert (summary.done, summary.total, summary.percent) == (1, 6, 17)
    assert first_session.summary.percent == 20 and second_session.summary.percent == 0
    statuses = {a.title: a.status for a in first_session.activities.all()}
    assert (
        statuses["Lectura 1"] == ProgressStatus.COMPLETED and statuses["Cuestionario 1"] == ProgressStatus.IN_PROGRESS
    )
    services.attempt_answer(actor=fellow, attempt=attempt, answers={}, submit=True)
    html = client_for(fellow).get("/formacion/2017/curso/").content.decode()
    assert 'data-testid="program-progress">Tu avance: 33 % (2 de 6 actividades)' in html


def test_the_course_page_runs_a_bounded_number_of_queries(people, course, django_assert_max_num_queries):
    client = client_for(people["fellow_oaxaca"])
    client.get("/formacion/2017/curso/")
    with django_assert_max_num_queries(12):
        assert client.get("/formacion/2017/curso/").status_code == 200


def test_predecessors_stay_in_the_program_and_make_no_cycle(course):
    other = build_course(2)
    with pytest.raises(ValidationError):
        validate_predecessors(course.quiz, [other.reading])
    with pytest.raises(ValidationError):
        validate_predecessors(course.quiz, [course.quiz])
    with pytest.raises(ValidationError):  # reading -> quiz already; quiz -> reading would close a loop
        validate_predecessors(course.reading, [course.quiz])
    validate_predecessors(course.assignment, [course.quiz, course.reading])
