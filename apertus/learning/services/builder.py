"""Building a cohort's course in its own pages: add, change, delete, reorder and copy.

Positions stay contiguous (1, 2, 3, ...) among siblings after every add, delete and move. A change
that touches what fellows already did (progress, quiz attempts, submissions, exceptions) needs
``confirm=True``; deleting such an activity is refused, so no grade or hand-in is ever destroyed
(staff can exempt fellows, or move the activity's closing date, instead). ``actor`` None is the system.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.learning import selectors
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
from apertus.learning.services import course as creating

MODULE_FIELDS = {"title", "description", "starts_on", "ends_on"}
SESSION_FIELDS = MODULE_FIELDS
ACTIVITY_FIELDS = {
    "title",
    "instructions",
    "opens_at",
    "closes_at",
    "duration_minutes",
    "weight",
    "body",
    "url",
    "questionnaire",
    "scheduled_at",
    "forum_slug",
    "attempts_allowed",
    "time_limit_minutes",
    "attempt_policy",
}
SEMINAR_FIELDS = {"number", "title", "starts_at", "place", "agenda"}


def course_of(obj) -> Course:
    """The program a part of the course belongs to."""
    if isinstance(obj, Course):
        return obj
    if isinstance(obj, (Module, Seminar)):
        return obj.program
    if isinstance(obj, Session):
        return obj.module.program
    if isinstance(obj, Activity):
        return obj.session.module.program
    if isinstance(obj, (Question, RubricCriterion)):
        return obj.activity.session.module.program
    raise TypeError(f"not a part of a course: {obj!r}")


def siblings(obj):
    """The records ordered together with ``obj`` (same parent), by position."""
    if isinstance(obj, Module):
        qs = Module.objects.filter(program_id=obj.program_id)
    elif isinstance(obj, Session):
        qs = Session.objects.filter(module_id=obj.module_id)
    elif isinstance(obj, Activity):
        qs = Activity.objects.filter(session_id=obj.session_id)
    elif isinstance(obj, Question):
        qs = Question.objects.filter(activity_id=obj.activity_id)
    elif isinstance(obj, RubricCriterion):
        qs = RubricCriterion.objects.filter(activity_id=obj.activity_id)
    else:
        raise TypeError(f"not ordered: {obj!r}")
    return qs.order_by("position", "pk")


def _renumber(ordered, actor) -> None:
    """Give ``ordered`` the positions 1..n, saving (with history) only the rows that change."""
    for n, item in enumerate(ordered, start=1):
        if item.position != n:
            item.position = n
            save_with_history(item, actor, update_fields=["position"])


def _set_fields(obj, fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(obj, key, value)


def _needs_confirmation(count: int, confirm: bool, message: str) -> None:
    if count and not confirm:
        raise ValidationError({"confirm": message % {"n": count}}, code="impact")


# --- Adding (at the end of its list) ----------------------------------------------------------


def module_add(*, actor, program: Course, title: str, **fields) -> Module:
    require(actor, "learning.build_course", program)
    with transaction.atomic():
        position = Module.objects.filter(program=program).count() + 1
        return creating.module_create(actor=actor, program=program, title=title, position=position, **fields)


def session_add(*, actor, module: Module, title: str, **fields) -> Session:
    require(actor, "learning.build_course", module.program)
    with transaction.atomic():
        position = Session.objects.filter(module=module).count() + 1
        return creating.session_create(actor=actor, module=module, title=title, position=position, **fields)


def activity_add(*, actor, session: Session, kind: str, title: str, predecessors=(), **fields) -> Activity:
    require(actor, "learning.build_course", session.module.program)
    with transaction.atomic():
        position = Activity.objects.filter(session=session).count() + 1
        return creating.activity_create(
            actor=actor,
            session=session,
            kind=kind,
            title=title,
            position=position,
            predecessors=list(predecessors),
            **fields,
        )


# --- Changing ---------------------------------------------------------------------------------


def module_update(*, actor, module: Module, **fields) -> Module:
    require(actor, "learning.build_course", module.program)
    _set_fields(module, fields, MODULE_FIELDS)
    return save_with_history(module, actor)


def session_update(*, actor, session: Session, **fields) -> Session:
    require(actor, "learning.build_course", session.module.program)
    _set_fields(session, fields, SESSION_FIELDS)
    return save_with_history(session, actor)


def activity_update(*, actor, activity: Activity, predecessors=None, confirm: bool = False, **fields) -> Activity:
    """Change an activity (its kind stays). When fellows already worked on it, ``confirm`` must say
    that staff saw how many; their progress, attempts and grades are kept as they are."""
    require(actor, "learning.build_course", activity.session.module.program)
    affected = selectors.affected_fellows([activity.pk]).get(activity.pk, 0)
    _needs_confirmation(affected, confirm, _("%(n)s fellows ya trabajaron en esta actividad: confirma el cambio."))
    _set_fields(activity, fields, ACTIVITY_FIELDS)
    with transaction.atomic():
        if predecessors is not None:
            predecessors = list(predecessors)
            validate_predecessors(activity, predecessors)
        save_with_history(activity, actor)
        if predecessors is not None:
            activity.predecessors.set(predecessors)
    return activity


def seminar_add(*, actor, program: Course, **fields) -> Seminar:
    require(actor, "learning.build_course", program)
    _set_fields(Seminar(), fields, SEMINAR_FIELDS)
    with transaction.atomic():
        return creating.seminar_create(actor=actor, program=program, **fields)


def seminar_update(*, actor, seminar: Seminar, **fields) -> Seminar:
    require(actor, "learning.build_course", seminar.program)
    _set_fields(seminar, fields, SEMINAR_FIELDS)
    return save_with_history(seminar, actor)


def _check_options(kind: str, options: list[tuple[str, bool]]) -> None:
    correct = sum(1 for _text, ok in options if ok)
    if len(options) < 2:
        raise ValidationError({"options": _("Una pregunta necesita al menos dos opciones.")})
    if correct < 1 or (kind == QuestionKind.SINGLE and correct != 1):
        raise ValidationError(
            {
                "options": _(
                    "Marca las respuestas correctas: exactamente una si la pregunta es "
                    "de opción única, al menos una si es de opción múltiple."
                )
            }
        )


def question_add(
    *,
    actor,
    activity: Activity,
    text: str,
    options: list[tuple[str, bool]],
    kind: str = QuestionKind.SINGLE,
    points: int = 1,
    feedback: str = "",
) -> Question:
    require(actor, "learning.build_course", activity.session.module.program)
    _check_options(kind, options)
    with transaction.atomic():
        return creating.question_create(
            actor=actor,
            activity=activity,
            text=text,
            options=options,
            kind=kind,
            points=points,
            feedback=feedback,
            position=Question.objects.filter(activity=activity).count() + 1,
        )


def question_update(
    *,
    actor,
    question: Question,
    text: str,
    options: list[tuple[str, bool]],
    kind: str,
    points: int,
    feedback: str = "",
    confirm: bool = False,
) -> Question:
    """Change a question and its options (matched by position). Once fellows attempted the quiz it
    needs ``confirm``, and options can no longer be removed (their answers would go); scores already
    given are not recomputed."""
    activity = question.activity
    require(actor, "learning.build_course", activity.session.module.program)
    _check_options(kind, options)
    attempted = selectors.attempted_fellows(activity)
    _needs_confirmation(
        attempted,
        confirm,
        _(
            "%(n)s fellows ya respondieron este cuestionario: confirma el cambio. "
            "Los puntajes ya obtenidos no se recalculan."
        ),
    )
    current = list(question.options.order_by("position", "pk"))
    if attempted and len(options) < len(current):
        raise ValidationError(
            {"options": _("Ya hay intentos: no se pueden quitar opciones, solo cambiarlas o agregar otras.")}
        )
    question.text, question.kind, question.points, question.feedback = text, kind, points, feedback
    with transaction.atomic():
        save_with_history(question, actor)
        for n, (option_text, ok) in enumerate(options, start=1):
            option = current[n - 1] if n <= len(current) else Option(question=question)
            if option.pk and (option.text, option.is_correct, option.position) == (option_text, ok, n):
                continue
            option.text, option.is_correct, option.position = option_text, ok, n
            save_with_history(option, actor)
        for option in current[len(options) :]:
            attribute(option, actor)
            option.delete()
    return question


def criterion_add(*, actor, activity: Activity, title: str, max_points: int, description: str = "") -> RubricCriterion:
    require(actor, "learning.build_course", activity.session.module.program)
    with transaction.atomic():
        return creating.criterion_create(
            actor=actor,
            activity=activity,
            title=title,
            max_points=max_points,
            description=description,
            position=RubricCriterion.objects.filter(activity=activity).count() + 1,
        )


def criterion_update(
    *, actor, criterion: RubricCriterion, title: str, max_points: int, description: str = "", confirm: bool = False
) -> RubricCriterion:
    activity = criterion.activity
    require(actor, "learning.build_course", activity.session.module.program)
    submitted = selectors.affected_fellows([activity.pk]).get(activity.pk, 0)
    _needs_confirmation(
        submitted,
        confirm,
        _(
            "%(n)s fellows ya trabajaron en esta tarea: confirma el cambio. "
            "Las calificaciones ya dadas no se recalculan."
        ),
    )
    criterion.title, criterion.max_points, criterion.description = title, max_points, description
    return save_with_history(criterion, actor)


# --- Deleting ---------------------------------------------------------------------------------


def _refuse_if_worked_on(activity_ids, what: str) -> None:
    counts = selectors.affected_fellows(activity_ids)
    affected = sum(1 for n in counts.values() if n)
    if affected:
        raise ValidationError(what % {"n": max(counts.values()), "a": affected}, code="impact")


def _delete(obj, actor) -> None:
    attribute(obj, actor)
    obj.delete()


def module_delete(*, actor, module: Module) -> None:
    require(actor, "learning.build_course", module.program)
    ids = list(Activity.objects.filter(session__module=module).values_list("pk", flat=True))
    _refuse_if_worked_on(ids, _("No se puede borrar: fellows ya trabajaron en %(a)s de sus actividades."))
    with transaction.atomic():
        _delete(module, actor)
        _renumber(siblings(module), actor)


def session_delete(*, actor, session: Session) -> None:
    require(actor, "learning.build_course", session.module.program)
    ids = list(Activity.objects.filter(session=session).values_list("pk", flat=True))
    _refuse_if_worked_on(ids, _("No se puede borrar: fellows ya trabajaron en %(a)s de sus actividades."))
    with transaction.atomic():
        _delete(session, actor)
        _renumber(siblings(session), actor)


def activity_delete(*, actor, activity: Activity) -> None:
    """Delete an activity nobody worked on yet; refused otherwise (grades and hand-ins are kept)."""
    require(actor, "learning.build_course", activity.session.module.program)
    _refuse_if_worked_on(
        [activity.pk],
        _(
            "No se puede borrar: %(n)s fellows ya trabajaron en esta actividad y "
            "se perderían sus avances y calificaciones."
        ),
    )
    with transaction.atomic():
        _delete(activity, actor)
        _renumber(siblings(activity), actor)


def question_delete(*, actor, question: Question) -> None:
    require(actor, "learning.build_course", question.activity.session.module.program)
    if selectors.attempted_fellows(question.activity):
        raise ValidationError(_("No se puede borrar: ya hay intentos de este cuestionario."), code="impact")
    with transaction.atomic():
        _delete(question, actor)
        _renumber(siblings(question), actor)


def criterion_delete(*, actor, criterion: RubricCriterion) -> None:
    require(actor, "learning.build_course", criterion.activity.session.module.program)
    _refuse_if_worked_on([criterion.activity_id], _("No se puede borrar: %(n)s fellows ya trabajaron en esta tarea."))
    with transaction.atomic():
        _delete(criterion, actor)
        _renumber(siblings(criterion), actor)


def seminar_delete(*, actor, seminar: Seminar) -> None:
    require(actor, "learning.build_course", seminar.program)
    if seminar.attendance.exists():
        raise ValidationError(_("No se puede borrar: ya se registró asistencia a este seminario."), code="impact")
    _delete(seminar, actor)


# --- Reordering -------------------------------------------------------------------------------


def position_move(*, actor, obj, direction: str) -> None:
    """Move ``obj`` one place up or down among its siblings (no-op at either end)."""
    require(actor, "learning.build_course", course_of(obj))
    if direction not in {"up", "down"}:
        raise ValidationError(_("Dirección desconocida."))
    with transaction.atomic():
        ordered = list(siblings(obj).select_for_update())
        index = next(i for i, item in enumerate(ordered) if item.pk == obj.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        _renumber(ordered, actor)


def positions_set(*, actor, first, order: list[int]) -> None:
    """Put ``first``'s siblings in the order of ``order`` (their ids, each exactly once)."""
    require(actor, "learning.build_course", course_of(first))
    with transaction.atomic():
        current = {item.pk: item for item in siblings(first).select_for_update()}
        if len(order) != len(current) or set(order) != set(current):
            raise ValidationError(_("El orden no corresponde a la lista actual: recarga la página."), code="stale")
        _renumber([current[pk] for pk in order], actor)


# --- Copying a previous cohort's course -------------------------------------------------------


def _copy(obj, actor, **changes):
    obj.pk = obj.id = None
    obj._state.adding = True
    for key, value in changes.items():
        setattr(obj, key, value)
    attribute(obj, actor)
    obj.save()
    return obj


def course_copy(*, actor, source: Course, target: Course, seminars: bool = True) -> list[str]:
    """Copy ``source``'s modules, sessions, activities (with questions, options, rubric criteria and
    predecessors) and, optionally, seminars into the empty ``target``, every date moved by the
    difference of the two programs' start dates. One transaction: all or nothing.

    Returns the titles of activities that used a questionnaire of the source cohort: questionnaires
    belong to one cohort, so the copies lose it and need a new one or a link."""
    require(actor, "learning.build_course", target)
    require(actor, "learning.build_course", source)
    if source.pk == target.pk:
        raise ValidationError({"source": _("Elige el curso de otra generación.")})
    shift = target.starts_on - source.starts_on
    with transaction.atomic():
        target = Course.objects.select_for_update().get(pk=target.pk)
        if target.modules.exists() or target.seminars.exists():
            raise ValidationError(_("Este curso ya tiene contenido: solo se copia a un curso vacío."), code="not_empty")
        activity_map, warnings = _copy_outline(source, target, shift, actor)
        _copy_activity_parts(source, activity_map, actor)
        if seminars:
            for seminar in Seminar.objects.filter(program=source).order_by("number"):
                _copy(seminar, actor, program=target, starts_at=seminar.starts_at + shift)
    return warnings


def _copy_outline(source, target, shift, actor) -> tuple[dict[int, Activity], list[str]]:
    activity_map: dict[int, Activity] = {}
    warnings: list[str] = []
    for module in selectors.modules_of(source):
        sessions = list(module.sessions.all())
        module = _copy(
            module, actor, program=target, starts_on=_day(module.starts_on, shift), ends_on=_day(module.ends_on, shift)
        )
        for session in sessions:
            activities = list(session.activities.all())
            session = _copy(
                session,
                actor,
                module=module,
                starts_on=_day(session.starts_on, shift),
                ends_on=_day(session.ends_on, shift),
            )
            for activity in activities:
                old_pk = activity.pk
                if activity.questionnaire_id:
                    warnings.append(activity.title)
                activity_map[old_pk] = _copy(
                    activity,
                    actor,
                    session=session,
                    questionnaire=None,
                    opens_at=_day(activity.opens_at, shift),
                    closes_at=_day(activity.closes_at, shift),
                    scheduled_at=_day(activity.scheduled_at, shift),
                )
    return activity_map, warnings


def _copy_activity_parts(source, activity_map: dict[int, Activity], actor) -> None:
    """Predecessors (remapped to the copies), questions with their options, rubric criteria."""
    through = Activity.predecessors.through
    links = through.objects.filter(from_activity__session__module__program=source).values_list(
        "from_activity_id", "to_activity_id"
    )
    through.objects.bulk_create([through(from_activity=activity_map[a], to_activity=activity_map[b]) for a, b in links])
    questions = Question.objects.filter(activity_id__in=list(activity_map)).prefetch_related("options")
    for question in questions.order_by("activity_id", "position", "pk"):
        options = list(question.options.all())
        question = _copy(question, actor, activity=activity_map[question.activity_id])
        for option in options:
            _copy(option, actor, question=question)
    for criterion in RubricCriterion.objects.filter(activity_id__in=list(activity_map)).order_by("pk"):
        _copy(criterion, actor, activity=activity_map[criterion.activity_id])


def _day(value, shift: timedelta):
    return value + shift if value is not None else None
