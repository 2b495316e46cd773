"""The published grading methodology, generated from a program's configuration and ``grading``.

Nothing here restates a number by hand: weights, pass mark, the partial-credit examples and the
worked example are all computed with the same functions that compute the fellows' grades.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from apertus.learning import grading
from apertus.learning.models import AttendanceStatus, Component, Course, QuestionKind

# The worked example: what a fictional fellow obtained in each component.
EXAMPLE = {
    Component.QUIZZES: [Decimal("100.00"), Decimal("62.50")],
    Component.ASSIGNMENTS: [Decimal("85.00")],
    Component.SEMINARS: [AttendanceStatus.PRESENT, AttendanceStatus.LATE],
    Component.FINAL: [Decimal("80.00")],
}
# Partial credit: a question with options A-D, of which A and B are correct.
PARTIAL_CASES = [("A, B", {1, 2}), ("A", {1}), ("A, C", {1, 3}), ("A, B, C", {1, 2, 3}), ("A, B, C, D", {1, 2, 3, 4})]


@dataclass
class ExampleLine:
    component: str
    label: str
    weight: int
    inputs: str
    score: Decimal | None


@dataclass
class Methodology:
    program: Course
    weights: list[tuple[str, int]]
    pass_mark: int
    attendance_counts: bool
    attendance_values: list[tuple[str, str]]
    partial_cases: list[tuple[str, Decimal]]
    example: list[ExampleLine]
    example_formula: str
    example_total: Decimal
    example_passed: bool


def _inputs_text(component: str, values) -> str:
    if component == Component.SEMINARS:
        return ", ".join(str(AttendanceStatus(v).label).lower() for v in values)
    return ", ".join(f"{v:.2f}" for v in values)


def _example_components() -> dict[str, Decimal | None]:
    rows = [(c, 1, v) for c in (Component.QUIZZES, Component.ASSIGNMENTS, Component.FINAL) for v in EXAMPLE[c]]
    components = grading.activity_components(rows)
    components[Component.SEMINARS] = grading.seminars_component(EXAMPLE[Component.SEMINARS])
    return components


def methodology(program: Course) -> Methodology:
    weights = program.weights()
    components = _example_components()
    result = grading.combine(weights, components, program.pass_mark)
    lines = [
        ExampleLine(c, str(Component(c).label), w, _inputs_text(c, EXAMPLE[c]), components.get(c))
        for c, w in weights.items()
        if w
    ]
    weight_sum = sum(result.used.values())
    terms = " + ".join(f"{components[c]:.2f} × {w}" for c, w in result.used.items())
    formula = f"({terms}) / {weight_sum} = {result.total}"
    attendance_values = [
        (
            str(label),
            str(int(grading.ATTENDANCE_VALUE[value]))
            if value in grading.ATTENDANCE_VALUE
            else _("no cuenta (neutral)"),
        )
        for value, label in AttendanceStatus.choices
    ]
    partial = [
        (text, grading.to_cents(grading.question_score(QuestionKind.MULTIPLE, {1, 2}, marked) * 100))
        for text, marked in PARTIAL_CASES
    ]
    return Methodology(
        program=program,
        weights=[(str(Component(c).label), w) for c, w in weights.items()],
        pass_mark=program.pass_mark,
        attendance_counts=program.attendance_counts,
        attendance_values=attendance_values,
        partial_cases=partial,
        example=lines,
        example_formula=formula,
        example_total=result.total,
        example_passed=result.passed,
    )
