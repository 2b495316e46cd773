"""Quizzes: the server enforces locks, attempts and time limits; answers never leak before submission."""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apertus.core.testing import client_for
from apertus.learning import services
from apertus.learning.models import ActivityProgress, Attempt, AttemptStatus, Grade
from apertus.learning.progress import ActivityLocked
from apertus.learning.services.quizzes import GRACE
from apertus.learning.tests.conftest import answer_key, make_fellow


@pytest.fixture
def fellow(people, course):
    services.activity_complete(actor=people["fellow_oaxaca"], activity=course.reading)
    return people["fellow_oaxaca"]


def _correct_ids(questions) -> list[int]:
    return [pk for ids in answer_key(questions).values() for pk in ids]


def test_the_quiz_is_locked_until_the_reading_is_done(people, course):
    fellow = people["fellow_oaxaca"]
    with pytest.raises(ActivityLocked):
        services.attempt_start(actor=fellow, activity=course.quiz)
    response = client_for(fellow).post(f"/formacion/actividades/{course.quiz.pk}/intentos/")
    assert response.status_code == 403
    html = client_for(fellow).get(course.quiz.get_absolute_url()).content.decode()
    assert 'data-testid="locked"' in html and "Comenzar un intento" not in html
    services.activity_complete(actor=fellow, activity=course.reading)
    assert services.attempt_start(actor=fellow, activity=course.quiz).number == 1


def test_answers_never_leak_before_submission_and_show_after(fellow, course):
    client = client_for(fellow)
    response = client.post(f"/formacion/actividades/{course.quiz.pk}/intentos/")
    attempt = Attempt.objects.get(activity=course.quiz, fellow=fellow)
    assert response.url == attempt.get_absolute_url()
    html = client.get(attempt.get_absolute_url()).content.decode()
    assert 'data-testid="quiz-form"' in html
    # every option is offered, and nothing tells the right ones apart
    for question in course.questions:
        for option in question.options.all():
            assert f'value="{option.pk}"' in html
    assert "correct" not in html.lower() and "Retroalimentación" not in html
    values = re.findall(r'<input type="(radio|checkbox)" name="q\d+" value="(\d+)"', html)
    assert len(values) == sum(q.options.count() for q in course.questions)
    # the API has no questions, options or flags at all
    api = client.get(f"/api/learning/programs/{course.program.phase.year}").content.decode()
    assert "is_correct" not in api and "Rendición de cuentas" not in api and "Retroalimentación" not in api
    assert all(f'"{pk}"' not in api for pk in _correct_ids(course.questions))
    assert "Cuestionario 1" in json.loads(api)["modules"][0]["sessions"][0]["activities"][1]["title"]

    # submit everything right
    data = {f"q{q}": ids for q, ids in answer_key(course.questions).items()}
    client.post(attempt.get_absolute_url(), {**data, "accion": "enviar"})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.score == Decimal("100.00")
    html = client.get(attempt.get_absolute_url()).content.decode()
    assert "Retroalimentación 1" in html  # feedback after submission
    assert 'data-testid="correct-option"' not in html  # one attempt left: the key stays hidden
    second = services.attempt_start(actor=fellow, activity=course.quiz)
    services.attempt_answer(actor=fellow, attempt=second, answers={}, submit=True)
    html = client.get(second.get_absolute_url()).content.decode()
    assert html.count('data-testid="correct-option"') == len(_correct_ids(course.questions))
    # best attempt counts (the quiz's policy): 100, not the 0 of the second one
    assert ActivityProgress.objects.get(activity=course.quiz, fellow=fellow).score == Decimal("100.00")


def test_partial_credit_through_the_quiz(fellow, course):
    q1, q2, q3, q4 = course.questions
    o2 = list(q2.options.all())
    o4 = list(q4.options.all())
    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    services.attempt_answer(
        actor=fellow,
        attempt=attempt,
        submit=True,
        answers={
            q1.pk: [q1.options.get(is_correct=True).pk],  # 1
            q2.pk: [o2[0].pk, o2[1].pk, o2[2].pk],  # 1 − 1/2 = 1/2
            q3.pk: [],  # 0
            q4.pk: [o4[2].pk, o4[3].pk],  # floor 0
        },
    )
    attempt.refresh_from_db()
    assert attempt.score == Decimal("37.50")
    assert Grade.objects.get(program=course.program, fellow=fellow).quizzes == Decimal("18.75")  # (37.5 + 0) / 2


def test_attempts_are_limited_on_the_server(fellow, course):
    for _ in range(2):
        attempt = services.attempt_start(actor=fellow, activity=course.quiz)
        services.attempt_answer(actor=fellow, attempt=attempt, answers={}, submit=True)
    with pytest.raises(ValidationError, match="todos los intentos"):
        services.attempt_start(actor=fellow, activity=course.quiz)
    client_for(fellow).post(f"/formacion/actividades/{course.quiz.pk}/intentos/")
    assert Attempt.objects.filter(activity=course.quiz, fellow=fellow).count() == 2


def test_starting_twice_returns_the_open_attempt(fellow, course):
    first = services.attempt_start(actor=fellow, activity=course.quiz)
    assert services.attempt_start(actor=fellow, activity=course.quiz).pk == first.pk


def test_answers_after_the_time_limit_are_refused(fellow, course):
    q1 = course.questions[0]
    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    assert attempt.deadline - attempt.started_at == timedelta(minutes=15)
    services.attempt_answer(actor=fellow, attempt=attempt, answers={q1.pk: [q1.options.get(is_correct=True).pk]})
    # the clock runs out (plus the grace for the network)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - GRACE - timedelta(seconds=1))
    attempt.refresh_from_db()
    data = {f"q{q}": ids for q, ids in answer_key(course.questions).items()}
    response = client_for(fellow).post(attempt.get_absolute_url(), {**data, "accion": "enviar"})
    assert response.status_code == 400 and "Se acabó el tiempo" in response.content.decode()
    attempt.refresh_from_db()
    # closed with what had been saved in time: only the first question
    assert attempt.status == AttemptStatus.EXPIRED and attempt.score == Decimal("25.00")
    with pytest.raises(ValidationError):
        services.attempt_answer(actor=fellow, attempt=attempt, answers={}, submit=True)


def test_within_the_grace_answers_count(fellow, course):
    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - GRACE + timedelta(seconds=5))
    attempt.refresh_from_db()
    services.attempt_answer(actor=fellow, attempt=attempt, answers=answer_key(course.questions), submit=True)
    assert attempt.score == Decimal("100.00")


def test_a_closed_quiz_takes_no_new_attempt_and_caps_the_deadline(fellow, course):
    course.quiz.closes_at = timezone.now() + timedelta(minutes=5)
    course.quiz.save()
    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    assert attempt.deadline == course.quiz.closes_at  # 15 minutes would run past the closing
    services.attempt_answer(actor=fellow, attempt=attempt, answers={}, submit=True)
    course.quiz.closes_at = timezone.now() - timedelta(minutes=1)
    course.quiz.save()
    with pytest.raises(ValidationError, match="cerró"):
        services.attempt_start(actor=fellow, activity=course.quiz)


def test_only_the_fellow_answers_and_only_they_and_staff_see_the_attempt(people, fellow, course):
    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    other = make_fellow(course.program.phase, "20", "otra@test.apertus.mx")
    with pytest.raises(PermissionDenied):
        services.attempt_answer(actor=other, attempt=attempt, answers={})
    with pytest.raises(PermissionDenied):
        services.attempt_answer(actor=people["facilitator"], attempt=attempt, answers={})
    assert client_for(other).get(attempt.get_absolute_url()).status_code == 404
    assert client_for(people["facilitator"]).get(attempt.get_absolute_url()).status_code == 200
    assert client_for(people["stl_oaxaca"]).get(attempt.get_absolute_url()).status_code == 404


def test_tampered_answers_are_refused(fellow, course):
    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    q1, q2 = course.questions[:2]
    foreign = course.quiz2.questions.first().options.first()
    with pytest.raises(ValidationError):
        services.attempt_answer(actor=fellow, attempt=attempt, answers={q1.pk: [foreign.pk]})
    with pytest.raises(ValidationError):  # an option of another question of the same quiz
        services.attempt_answer(actor=fellow, attempt=attempt, answers={q1.pk: [q2.options.first().pk]})
    with pytest.raises(ValidationError):  # two marks on a single-answer question
        services.attempt_answer(actor=fellow, attempt=attempt, answers={q1.pk: [o.pk for o in q1.options.all()[:2]]})


def test_staff_see_the_answer_key_and_cannot_take_the_quiz(people, course):
    html = client_for(people["facilitator"]).get(course.quiz.get_absolute_url()).content.decode()
    assert "Clave de respuestas" in html and "(correcta)" in html
    with pytest.raises(PermissionDenied):
        services.attempt_start(actor=people["facilitator"], activity=course.quiz)
    assert not ActivityProgress.objects.filter(activity=course.quiz).exists()


def test_a_state_facilitator_sees_only_their_states_attempts(people, fellow, course):
    from apertus.accounts.models import Role
    from apertus.accounts.services import role_assign, user_create
    from apertus.territories.models import State

    attempt = services.attempt_start(actor=fellow, activity=course.quiz)
    for code, expected in (("26", 404), ("20", 200)):
        facilitator = user_create(email=f"fac{code}@test.apertus.mx", password="x-contraseña-1")
        role_assign(
            actor=None,
            user=facilitator,
            role=Role.FACILITATOR,
            state=State.objects.get(code=code),
            phase=course.program.phase,
        )
        assert client_for(facilitator).get(attempt.get_absolute_url()).status_code == expected
