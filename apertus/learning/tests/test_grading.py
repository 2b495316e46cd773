"""The grading rule, and that the published methodology describes exactly what the code computes."""

import re
from decimal import Decimal
from fractions import Fraction

import pytest

from apertus.core.testing import client_for
from apertus.learning import grading, services
from apertus.learning.models import AttendanceStatus, Component, Grade, QuestionKind
from apertus.learning.tests.conftest import build_course, live_worked_example, make_fellow, pdf_upload

M, S = QuestionKind.MULTIPLE, QuestionKind.SINGLE


@pytest.mark.parametrize(
    ("kind", "correct", "marked", "expected"),
    [
        (M, {1, 2}, {1, 2}, Fraction(1)),
        (M, {1, 2}, {1}, Fraction(1, 2)),
        (M, {1, 2}, {1, 3}, Fraction(0)),  # +1/2 −1/2
        (M, {1, 2}, {1, 2, 3}, Fraction(1, 2)),  # +1 −1/2
        (M, {1, 2}, {1, 2, 3, 4}, Fraction(0)),  # marking everything earns nothing
        (M, {1, 2}, {3, 4}, Fraction(0)),  # floor at 0, never negative
        (M, {1, 2, 3}, {1, 2, 4}, Fraction(1, 3)),
        (M, {1, 2}, set(), Fraction(0)),
        (S, {1}, {1}, Fraction(1)),
        (S, {1}, {2}, Fraction(0)),
        (S, {1}, {1, 2}, Fraction(0)),  # two marks on a single-answer question: nothing
    ],
)
def test_partial_credit_rule(kind, correct, marked, expected):
    assert grading.question_score(kind, correct, marked, {1, 2, 3, 4}) == expected


def test_an_option_of_another_question_is_no_answer():
    assert grading.question_score(M, {1, 2}, {1, 2, 99}, {1, 2, 3, 4}) == 1


def test_quiz_rubric_and_attendance_arithmetic():
    assert grading.quiz_percent([(1, Fraction(1)), (1, Fraction(1, 2)), (1, Fraction(0)), (1, Fraction(1))]) == Decimal(
        "62.50"
    )
    assert grading.quiz_percent([(2, Fraction(1, 3)), (1, Fraction(0))]) == Decimal("22.22")
    assert grading.rubric_percent([(Decimal("9"), 10), (Decimal("8"), 10)]) == Decimal("85.00")
    assert grading.seminars_component([AttendanceStatus.PRESENT, AttendanceStatus.LATE]) == Decimal("75.00")
    # excused is neutral: left out of the mean, not counted as zero
    assert grading.seminars_component([AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED]) == Decimal("100.00")
    assert grading.seminars_component([AttendanceStatus.EXCUSED]) is None
    assert grading.counted_attempt_score([Decimal("80"), Decimal("60")], "mejor") == Decimal("80")
    assert grading.counted_attempt_score([Decimal("80"), Decimal("60")], "ultimo") == Decimal("60")


def test_a_component_with_nothing_to_count_is_left_out_and_rounding_is_half_up():
    weights = {Component.QUIZZES: 30, Component.ASSIGNMENTS: 30, Component.SEMINARS: 10, Component.FINAL: 30}
    result = grading.combine(
        weights,
        {
            Component.QUIZZES: Decimal("80.00"),
            Component.ASSIGNMENTS: Decimal("70.00"),
            Component.SEMINARS: None,
            Component.FINAL: Decimal("90.00"),
        },
        70,
    )
    assert result.total == Decimal("80.0") and Component.SEMINARS not in result.used
    # 81.25 x .3 + 85 x .3 + 75 x .1 + 80 x .3 = 81.375 -> 81.4 (half up)
    result = grading.combine(
        weights,
        {
            Component.QUIZZES: Decimal("81.25"),
            Component.ASSIGNMENTS: Decimal("85"),
            Component.SEMINARS: Decimal("75"),
            Component.FINAL: Decimal("80"),
        },
        82,
    )
    assert result.total == Decimal("81.4") and not result.passed


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ({}, "81.4"),  # defaults: 30 / 30 / 10 / 30, attendance counts
        (
            {
                "weight_quizzes": 40,
                "weight_assignments": 40,
                "weight_seminars": 0,
                "weight_final": 20,
                "attendance_counts": False,
            },
            "82.5",
        ),
    ],
)
def test_grade_matches_the_published_worked_example(people, weights, expected):
    course = build_course(**weights)
    fellow = people["fellow_oaxaca"]
    live_worked_example(course, fellow, people["facilitator"])

    html = client_for(None).get(f"/formacion/{course.program.phase.year}/metodologia/").content.decode()
    published = re.search(r'data-testid="example-total">([\d.]+)<', html).group(1)
    grade = Grade.objects.get(program=course.program, fellow=fellow)
    assert str(grade.total) == published == expected
    assert grade.quizzes == Decimal("81.25") and grade.assignments == Decimal("85.00")
    assert grade.final == Decimal("80.00") and grade.seminars == Decimal("75.00")
    assert grade.passed
    # the page states the weights and the rule the code used
    for component, weight in course.program.weights().items():
        assert f'<th scope="row">{Component(component).label}</th><td class="num">{weight} %</td>' in html
    assert "cada opción correcta marcada suma 1/k" in html
    if not course.program.attendance_counts:
        assert 'data-testid="attendance-rule"' in html


def test_changing_the_weights_recomputes_every_stored_grade(people):
    course = build_course()
    fellow = people["fellow_oaxaca"]
    live_worked_example(course, fellow, people["facilitator"])
    services.course_update(
        actor=people["coordinator"],
        program=course.program,
        weight_quizzes=10,
        weight_assignments=10,
        weight_seminars=10,
        weight_final=70,
        pass_mark=82,
    )
    grade = Grade.objects.get(program=course.program, fellow=fellow)
    # (81.25 + 85 + 75) x .1 + 80 x .7 = 24.125 + 56 = 80.125 -> 80.1, below the new pass mark
    assert grade.total == Decimal("80.1") and not grade.passed


def test_weights_must_add_up_to_100_and_only_coordinators_change_them(people, course):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):
        services.course_update(actor=people["coordinator"], program=course.program, weight_final=50)
    with pytest.raises(PermissionDenied):
        services.course_update(actor=people["facilitator"], program=course.program, pass_mark=10)


def test_a_fellow_of_another_state_does_not_share_the_team_grade(people, course):
    oaxaca = people["fellow_oaxaca"]
    teammate = make_fellow(course.program.phase, "20", "companera@test.apertus.mx")
    other = make_fellow(course.program.phase, "08", "chihuahua@test.apertus.mx")
    final = services.submission_upload(actor=oaxaca, activity=course.final, upload=pdf_upload())
    f1, f2 = course.final.criteria.all()
    services.submission_grade(actor=people["facilitator"], submission=final, points={f1.pk: 25, f2.pk: 20})
    grades = {g.fellow_id: g.final for g in Grade.objects.filter(program=course.program)}
    assert grades[oaxaca.pk] == grades[teammate.pk] == Decimal("90.00")
    assert other.pk not in grades  # nothing happened to them
    grading.grades_recompute(program=course.program)
    assert Grade.objects.get(program=course.program, fellow=other).final == Decimal("0.00")
