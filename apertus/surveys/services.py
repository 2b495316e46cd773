"""Every write on questionnaires: building them, publishing them, answering them.

``actor`` None is the system (demo and data loading). Answers are validated here, on the
server, whatever sent them: a bad submission raises one ``ValidationError`` with a message per
question (keyed ``q<id>``) and saves nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from apertus.accounts.models import Role
from apertus.accounts.selectors import has_role
from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.learning.progress import require_unlocked as activity_unlocked
from apertus.learning.services import activity_complete
from apertus.surveys import selectors
from apertus.surveys.models import (
    CHOICE_KINDS,
    SCALE_VALUES,
    TEXT_LIMIT,
    Answer,
    AnswerChoice,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    ResponseSet,
)

QUESTIONNAIRE_FIELDS = {"title", "intro", "purpose", "opens_at", "closes_at", "anonymous_results", "facilitator"}
SUBMITTED = _lazy("Ya enviaste este cuestionario; tus respuestas no se pueden cambiar.")
# Once someone answered, these would change what people were told when they answered.
LOCKED_AFTER_ANSWERS = {"purpose", "facilitator"}


def _check_facilitator(questionnaire: Questionnaire) -> None:
    person = questionnaire.facilitator
    if person is not None and not has_role(person, Role.FACILITATOR, phase_id=questionnaire.program.phase_id):
        raise ValidationError({"facilitator": _("Esa persona no facilita en esta generación.")})


# --- Building ----------------------------------------------------------------------------------


def questionnaire_create(*, actor, program, title: str, purpose: str, **fields) -> Questionnaire:
    unknown = set(fields) - QUESTIONNAIRE_FIELDS
    if unknown:
        raise TypeError(f"unknown questionnaire fields: {sorted(unknown)}")
    require(actor, "surveys.add_questionnaire", program)
    questionnaire = Questionnaire(program=program, title=title, purpose=purpose, created_by=actor, **fields)
    # A survey about a facilitator is coordination's: the same rule as for changing one.
    require(actor, "surveys.change_questionnaire", questionnaire)
    _check_facilitator(questionnaire)
    with transaction.atomic():
        return save_with_history(questionnaire, actor)


def questionnaire_update(*, actor, questionnaire: Questionnaire, **fields) -> Questionnaire:
    """Change the settings. After the first answer the purpose and the rated person stay, and
    anonymous results stay anonymous (people answered on that promise)."""
    unknown = set(fields) - QUESTIONNAIRE_FIELDS
    if unknown:
        raise TypeError(f"unknown questionnaire fields: {sorted(unknown)}")
    require(actor, "surveys.change_questionnaire", questionnaire)
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if selectors.has_responses(locked):
            errors = {}
            for name in LOCKED_AFTER_ANSWERS & set(fields):
                if getattr(locked, f"{name}_id" if name == "facilitator" else name) != getattr(
                    fields[name], "pk", fields[name]
                ):
                    errors[name] = _("Ya hay respuestas: este dato ya no se puede cambiar.")
            if locked.anonymous_results and fields.get("anonymous_results") is False:
                errors["anonymous_results"] = _(
                    "Ya hay respuestas dadas en anonimato: los resultados siguen siendo anónimos."
                )
            if errors:
                raise ValidationError(errors)
        for key, value in fields.items():
            setattr(questionnaire, key, value)
        require(actor, "surveys.change_questionnaire", questionnaire)  # e.g. turned into a facilitator survey
        _check_facilitator(questionnaire)
        return save_with_history(questionnaire, actor)


def questionnaire_publish(*, actor, questionnaire: Questionnaire, published: bool = True) -> Questionnaire:
    """Publish (fellows may answer) or withdraw. Publishing needs questions, and choice questions
    need at least two options."""
    require(actor, "surveys.change_questionnaire", questionnaire)
    if published:
        questions = selectors.questions_of(questionnaire)
        if not questions:
            raise ValidationError(_("Agrega al menos una pregunta antes de publicar."))
        short = [q.text for q in questions if q.has_choices and len(q.choices.all()) < 2]
        if short:
            raise ValidationError(_("Estas preguntas necesitan al menos dos opciones: %(q)s") % {"q": "; ".join(short)})
    questionnaire.is_published = published
    with transaction.atomic():
        return save_with_history(questionnaire, actor)


def _next_position(questionnaire: Questionnaire) -> int:
    return (questionnaire.questions.aggregate(m=Max("position"))["m"] or 0) + 1


def _clean_choices(kind: str, choices: list[dict]) -> list[dict]:
    kept = [c for c in choices if not c.get("delete") and (c.get("label") or "").strip()]
    if kind in CHOICE_KINDS and len(kept) < 2:
        raise ValidationError({"choices": _("Una pregunta de opción necesita al menos dos opciones.")})
    if kind not in CHOICE_KINDS and kept:
        raise ValidationError({"choices": _("Solo las preguntas de opción llevan opciones.")})
    labels = [c["label"].strip().casefold() for c in kept]
    if len(set(labels)) != len(labels):
        raise ValidationError({"choices": _("Hay opciones repetidas.")})
    return kept


def _ordered(rows: list[dict]) -> list[dict]:
    """Options by the order asked (rows without one keep their place, after those with one)."""

    def key(pair):
        index, row = pair
        return (row.get("position") or 10**6, index)

    return [row for _index, row in sorted(enumerate(rows), key=key)]


def question_create(
    *,
    actor,
    questionnaire: Questionnaire,
    kind: str,
    text: str,
    help: str = "",
    required: bool = True,
    choices=(),
    position: int | None = None,
) -> Question:
    """A question and its options: labels in display order, or dicts with ``label`` and ``position``."""
    require(actor, "surveys.change_questionnaire", questionnaire)
    rows = [{"label": c} if isinstance(c, str) else dict(c) for c in choices]
    kept = _ordered(_clean_choices(kind, rows))
    with transaction.atomic():
        question = save_with_history(
            Question(
                questionnaire=questionnaire,
                kind=kind,
                text=text,
                help=help,
                required=required,
                position=position or _next_position(questionnaire),
            ),
            actor,
        )
        for n, row in enumerate(kept, start=1):
            save_with_history(Choice(question=question, label=row["label"].strip(), position=n), actor)
    return question


def question_update(
    *, actor, question: Question, kind: str, text: str, help: str = "", required: bool = True, choices=()
) -> Question:
    """Change a question and set its options to ``choices``: dicts with ``id`` (None for a new one),
    ``label``, ``position`` and ``delete``; an existing option left out, blank or marked ``delete``
    goes. Once answered, a question keeps its kind, and options someone marked stay."""
    questionnaire = question.questionnaire
    require(actor, "surveys.change_questionnaire", questionnaire)
    existing = {c.pk: c for c in question.choices.all()}
    rows = [dict(c) for c in choices] if kind in CHOICE_KINDS else []  # open and scale questions have none
    if any(r.get("id") and r["id"] not in existing for r in rows):
        raise ValidationError({"choices": _("Esa opción no es de esta pregunta.")})
    kept_ids = {r["id"] for r in rows if r.get("id") and not r.get("delete") and (r.get("label") or "").strip()}
    removed = [c for pk, c in existing.items() if pk not in kept_ids]
    with transaction.atomic():
        if kind != question.kind and question.answers.exists():
            raise ValidationError({"kind": _("Ya hay respuestas: el tipo de pregunta ya no se puede cambiar.")})
        marked = selectors.answered_choice_ids(question)
        blocked = [c.label for c in removed if c.pk in marked]
        if blocked:
            raise ValidationError(
                {"choices": _("No se pueden eliminar opciones que ya alguien marcó: %(c)s") % {"c": "; ".join(blocked)}}
            )
        kept = _ordered(_clean_choices(kind, rows))
        question.kind, question.text, question.help, question.required = kind, text, help, required
        save_with_history(question, actor)
        for choice in removed:
            attribute(choice, actor)
            choice.delete()
        for n, row in enumerate(kept, start=1):
            choice = existing.get(row.get("id")) or Choice(question=question)
            label = row["label"].strip()
            if choice.pk is None or (choice.label, choice.position) != (label, n):  # history only for changes
                choice.label, choice.position = label, n
                save_with_history(choice, actor)
    return question


def question_delete(*, actor, question: Question) -> None:
    require(actor, "surveys.change_questionnaire", question.questionnaire)
    with transaction.atomic():
        if question.answers.exists():
            raise ValidationError(_("Esta pregunta ya tiene respuestas: no se puede eliminar."))
        attribute(question, actor)
        question.delete()


def question_move(*, actor, question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1), swapping places with its neighbour."""
    questionnaire = question.questionnaire
    require(actor, "surveys.change_questionnaire", questionnaire)
    with transaction.atomic():
        questions = list(
            Questionnaire.objects.select_for_update().get(pk=questionnaire.pk).questions.order_by("position", "pk")
        )
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        target = index + offset
        if not 0 <= target < len(questions):
            return
        questions[index], questions[target] = questions[target], questions[index]
        for n, q in enumerate(questions, start=1):
            if q.position != n:
                q.position = n
                save_with_history(q, actor)


# --- Answering ---------------------------------------------------------------------------------


def _open_value(question: Question, value) -> str | None:
    text = (value if isinstance(value, str) else "" if value is None else str(value)).strip()
    if len(text) > TEXT_LIMIT:
        raise ValidationError(_("La respuesta es demasiado larga (máximo %(n)s caracteres).") % {"n": TEXT_LIMIT})
    return text or None


def _scale_value(question: Question, value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number not in SCALE_VALUES:
        raise ValidationError(_("Elige un valor del 1 al 5."))
    return number


def _choice_value(question: Question, value) -> set[int] | None:
    raw = [] if value in (None, "") else list(value) if isinstance(value, list | tuple | set) else [value]
    try:
        ids = {int(v) for v in raw}
    except (TypeError, ValueError):
        ids = {0}
    if ids - {c.pk for c in question.choices.all()}:
        raise ValidationError(_("Esa opción no es de esta pregunta."))
    if question.kind == QuestionKind.SINGLE and len(ids) > 1:
        raise ValidationError(_("Elige una sola opción."))
    return ids or None


_CLEANERS = {
    QuestionKind.OPEN: _open_value,
    QuestionKind.SCALE: _scale_value,
    QuestionKind.SINGLE: _choice_value,
    QuestionKind.MULTIPLE: _choice_value,
}


def _value_error(question: Question, value, *, submit: bool) -> tuple[str | None, object]:
    """(error message or None, cleaned value) for one question's raw value."""
    try:
        cleaned = _CLEANERS[question.kind](question, value)
    except ValidationError as error:
        return error.messages[0], None
    if cleaned is None and submit and question.required:
        return _("Esta pregunta es obligatoria."), None
    return None, cleaned


def clean_answers(questions: list[Question], answers: dict, *, submit: bool) -> dict[int, object]:
    """Check every value against its question; raise one error per bad question, or return the
    cleaned values (question id -> text, scale or set of choice ids) of the answered ones."""
    by_id = {q.pk: q for q in questions}
    errors, cleaned = {}, {}
    for key in answers:
        if not str(key).isdigit() or int(key) not in by_id:
            errors["__all__"] = _("Hay respuestas a preguntas que no son de este cuestionario.")
    for question in questions:
        message, value = _value_error(question, answers.get(question.pk, answers.get(str(question.pk))), submit=submit)
        if message:
            errors[f"q{question.pk}"] = message
        elif value is not None:
            cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _response_for(questionnaire: Questionnaire, actor) -> ResponseSet:
    """The person's response, locked for this transaction (created on the first save)."""
    response = ResponseSet.objects.select_for_update().filter(questionnaire=questionnaire, respondent=actor).first()
    if response is not None:
        return response
    try:
        with transaction.atomic():
            return ResponseSet.objects.create(questionnaire=questionnaire, respondent=actor)
    except IntegrityError:  # two saves at once: the other one created it
        return ResponseSet.objects.select_for_update().get(questionnaire=questionnaire, respondent=actor)


def _write_answers(response: ResponseSet, questions: list[Question], cleaned: dict) -> None:
    Answer.objects.filter(response=response).delete()
    kinds = {q.pk: q.kind for q in questions}
    rows = []
    for question_id, value in cleaned.items():
        kind = kinds[question_id]
        rows.append(
            Answer(
                response=response,
                question_id=question_id,
                text=value if kind == QuestionKind.OPEN else "",
                scale=value if kind == QuestionKind.SCALE else None,
            )
        )
    created = Answer.objects.bulk_create(rows)
    marks = [
        AnswerChoice(answer=answer, choice_id=choice_id)
        for answer in created
        if kinds[answer.question_id] in CHOICE_KINDS
        for choice_id in sorted(cleaned[answer.question_id])
    ]
    AnswerChoice.objects.bulk_create(marks)


def _complete_linked_activities(questionnaire: Questionnaire, actor) -> None:
    """Submitting completes the course activities that point to the questionnaire, through
    learning's own service (which also checks the activity is unlocked for the fellow)."""
    for activity in selectors.linked_activities(questionnaire):
        activity_complete(actor=actor, activity=activity)


def require_unlocked(questionnaire: Questionnaire, actor) -> None:
    """A questionnaire behind a course activity opens with the activity (learning decides)."""
    for activity in selectors.linked_activities(questionnaire):
        activity_unlocked(actor, activity)


def response_save(*, actor, questionnaire: Questionnaire, answers: dict, submit: bool = False) -> ResponseSet:
    """Save the person's answers (question id -> text, scale value or choice ids) as a draft, or
    submit them. After submission nothing changes. All or nothing."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    require(actor, "surveys.answer_questionnaire", questionnaire)
    now = timezone.now()
    if not questionnaire.is_open(now):
        raise ValidationError(_("Este cuestionario no está abierto para responder."))
    require_unlocked(questionnaire, actor)
    if selectors.has_submitted(questionnaire_id=questionnaire.pk, user=actor):
        raise ValidationError(SUBMITTED)
    questions = selectors.questions_of(questionnaire)
    cleaned = clean_answers(questions, answers, submit=submit)
    with transaction.atomic():
        response = _response_for(questionnaire, actor)
        if response.is_submitted:
            raise ValidationError(SUBMITTED)  # sent meanwhile, from another tab
        _write_answers(response, questions, cleaned)
        if submit:
            response.submitted_at = now
        response.save()
        if submit:
            _complete_linked_activities(questionnaire, actor)
    return response
