"""Writes that build a course: programs, modules, sessions, activities, questions, rubrics, seminars.

The cohort's staff build courses in the course builder (``services/builder.py`` adds, changes,
deletes, reorders and copies on top of these); the demo, the tests and any importer call these
directly. ``actor`` None means the system.
"""

from __future__ import annotations

from django.db import transaction

from apertus.core.history import save_with_history
from apertus.core.permissions import require
from apertus.learning import grading
from apertus.learning.models import (
    Activity,
    Course,
    Module,
    Option,
    Question,
    QuestionKind,
    RubricCriterion,
    Seminar,
    Session,
)
from apertus.learning.progress import validate_predecessors

PROGRAM_FIELDS = {
    "title",
    "description",
    "starts_on",
    "ends_on",
    "weight_quizzes",
    "weight_assignments",
    "weight_seminars",
    "weight_final",
    "pass_mark",
    "attendance_counts",
    "is_published",
}


def course_create(*, actor, phase, title: str, starts_on, ends_on, **fields) -> Course:
    require(actor, "learning.change_course", None)
    unknown = set(fields) - PROGRAM_FIELDS
    if unknown:
        raise TypeError(f"unknown program fields: {sorted(unknown)}")
    return save_with_history(Course(phase=phase, title=title, starts_on=starts_on, ends_on=ends_on, **fields), actor)


def course_update(*, actor, program: Course, **fields) -> Course:
    """Change a program; a change of weights or pass mark recomputes every grade of the cohort."""
    require(actor, "learning.change_course", program)
    unknown = set(fields) - PROGRAM_FIELDS
    if unknown:
        raise TypeError(f"unknown program fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(program, key, value)
    with transaction.atomic():
        save_with_history(program, actor)
        grading.grades_recompute(program=program)
    return program


def late_join_rule_set(*, actor, program: Course, rule: str, days: int | None = None) -> Course:
    """The cohort's rule for fellows who join after activities closed (see ``allowances``).

    The cohort's facilitators set it, not only coordinators. Exemptions change grades, so every
    grade of the cohort is recomputed; the program's history keeps who changed the rule and when.
    """
    from django.core.exceptions import ValidationError

    from apertus.learning.models import LateJoinRule

    require(actor, "learning.set_late_join_rule", program)
    if rule not in LateJoinRule.values:
        raise ValidationError({"rule": "regla desconocida"})
    program.late_join_rule = rule
    if days is not None:
        program.late_join_days = days
    with transaction.atomic():
        save_with_history(program, actor)
        grading.grades_recompute(program=program)
    return program


def module_create(*, actor, program: Course, title: str, position: int = 1, **fields) -> Module:
    require(actor, "learning.build_course", program)
    return save_with_history(Module(program=program, title=title, position=position, **fields), actor)


def session_create(*, actor, module: Module, title: str, position: int = 1, **fields) -> Session:
    require(actor, "learning.build_course", module.program)
    return save_with_history(Session(module=module, title=title, position=position, **fields), actor)


def activity_create(
    *, actor, session: Session, kind: str, title: str, position: int = 1, predecessors=(), facilitators=(), **fields
) -> Activity:
    require(actor, "learning.build_course", session.module.program)
    activity = Activity(session=session, kind=kind, title=title, position=position, **fields)
    with transaction.atomic():
        save_with_history(activity, actor)
        if predecessors:
            validate_predecessors(activity, predecessors)
            activity.predecessors.set(predecessors)
        if facilitators:
            activity.facilitators.set(facilitators)
    return activity


def question_create(
    *,
    actor,
    activity: Activity,
    text: str,
    options: list[tuple[str, bool]],
    kind: str = QuestionKind.SINGLE,
    points: int = 1,
    feedback: str = "",
    position: int | None = None,
) -> Question:
    """A question and its options, ``options`` as (text, is correct) in display order."""
    from django.core.exceptions import ValidationError

    require(actor, "learning.build_course", activity.session.module.program)
    correct = sum(1 for _text, ok in options if ok)
    if len(options) < 2 or correct < 1 or (kind == QuestionKind.SINGLE and correct != 1):
        raise ValidationError(
            "una pregunta necesita al menos dos opciones y sus respuestas correctas "
            "(exactamente una si es de opción única)"
        )
    position = position or activity.questions.count() + 1
    with transaction.atomic():
        question = save_with_history(
            Question(activity=activity, text=text, kind=kind, points=points, feedback=feedback, position=position),
            actor,
        )
        for n, (option_text, ok) in enumerate(options, start=1):
            save_with_history(Option(question=question, text=option_text, is_correct=ok, position=n), actor)
    return question


def criterion_create(
    *, actor, activity: Activity, title: str, max_points: int, description: str = "", position: int | None = None
) -> RubricCriterion:
    require(actor, "learning.build_course", activity.session.module.program)
    position = position or activity.criteria.count() + 1
    return save_with_history(
        RubricCriterion(
            activity=activity, title=title, max_points=max_points, description=description, position=position
        ),
        actor,
    )


def seminar_create(
    *, actor, program: Course, number: int, title: str, starts_at, place: str, agenda: str = ""
) -> Seminar:
    require(actor, "learning.build_course", program)
    return save_with_history(
        Seminar(program=program, number=number, title=title, starts_at=starts_at, place=place, agenda=agenda), actor
    )
