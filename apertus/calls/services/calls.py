"""Writes about calls: create, configure (rubric, questionnaire), publish, extend the deadline."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apertus.calls.limits import QUOTA_MAX
from apertus.calls.models import (
    Call,
    EvaluationAssignment,
    Interview,
    InterviewQuestion,
    Quota,
    QuotaDimension,
    RubricCriterion,
)
from apertus.calls.services.common import require_not_confirmed, when
from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.documents.models import DocumentKind
from apertus.documents.services import document_create
from apertus.notifications.services import notify
from apertus.organizations.models import OrganizationType
from apertus.search import index as search_index

DEFAULT_CRITERIA = [
    (
        gettext_lazy("Exposición de motivos"),
        gettext_lazy("Claridad, compromiso con lo local y relación con el gobierno abierto."),
    ),
    (
        gettext_lazy("Trayectoria (CV)"),
        gettext_lazy("Formación y experiencia pertinentes, en especial en gobierno abierto."),
    ),
    (gettext_lazy("Video"), gettext_lazy("Capacidad de comunicar una idea de cambio en su entidad.")),
]
DEFAULT_QUESTIONS = [
    gettext_lazy("Conoce el ejercicio local de gobierno abierto de su entidad."),
    gettext_lazy("Identifica un problema público concreto y a quiénes afecta."),
    gettext_lazy("Propone cómo trabajar con gobierno, sociedad civil y órgano garante."),
    gettext_lazy("Tiene disponibilidad para el curso de 8 meses y los dos seminarios."),
]
# What ``call_update`` may change; the rest is decided by the workflow (selection, results).
CALL_FIELDS = {
    "phase",
    "title",
    "summary",
    "objective",
    "profile",
    "eligibility",
    "process",
    "schedule",
    "contact",
    "title_en",
    "summary_en",
    "objective_en",
    "profile_en",
    "eligibility_en",
    "process_en",
    "schedule_en",
    "contact_en",
    "opens_at",
    "closes_at",
    "motives_word_limit",
    "reminder_days",
    "evaluators_per_application",
    "interviewers_per_application",
    "evaluation_weight",
    "interview_weight",
    "quota_per_state",
}
# The numbers that decide the result: frozen once the selection is confirmed.
SCORING_FIELDS = {
    "evaluators_per_application",
    "interviewers_per_application",
    "evaluation_weight",
    "interview_weight",
    "quota_per_state",
}


def call_create(
    *,
    actor,
    title: str,
    slug: str,
    opens_at,
    closes_at,
    phase=None,
    is_published: bool = False,
    with_defaults: bool = True,
    **fields,
) -> Call:
    """A new call; with the default rubric (motives, CV, video; 0–10, weight 1) and questionnaire."""
    require(actor, "calls.manage_call")
    unknown = set(fields) - CALL_FIELDS
    if unknown:
        raise ValueError(f"unknown call fields: {sorted(unknown)}")
    call = Call(
        title=title, slug=slug, opens_at=opens_at, closes_at=closes_at, phase=phase, is_published=is_published, **fields
    )
    with transaction.atomic():
        save_with_history(call, actor)
        if with_defaults:
            call_defaults_ensure(call=call)
        search_index.update(call)
    return call


def call_defaults_ensure(*, call: Call) -> None:
    """Give a call the default rubric and questionnaire if it has none (admin creation uses it too)."""
    if not call.criteria.exists():
        for position, (name, description) in enumerate(DEFAULT_CRITERIA):
            # Stored in both languages whatever the language of the page that created the call.
            with translation.override("es"):
                spanish = (str(name), str(description))
            with translation.override("en"):
                english = (str(name), str(description))
            RubricCriterion.objects.create(
                call=call,
                name=spanish[0],
                description=spanish[1],
                name_en=english[0],
                description_en=english[1],
                position=position,
            )
    if not call.questions.exists():
        for position, text in enumerate(DEFAULT_QUESTIONS):
            InterviewQuestion.objects.create(call=call, text=str(text), position=position)


CHANGE_EVENT = "call_changed"


def call_update(*, actor, call: Call, reason: str = "", states=None, quotas=None, **fields) -> Call:
    """Change a call's texts, dates and rules; ``states`` (the eligible states) and ``quotas``
    (the whole set, as ``(dimension, key, target)``) when given.

    Once the call is published its rules are public: a change needs a ``reason``, kept in the
    call's history, and everyone with an application to it is told (once per change)."""
    require(actor, "calls.manage_call", call)
    unknown = set(fields) - CALL_FIELDS
    if unknown:
        raise ValueError(f"unknown call fields: {sorted(unknown)}")
    if SCORING_FIELDS & set(fields) or quotas is not None:
        require_not_confirmed(call)
    stored = Call.objects.filter(pk=call.pk).first() if call.pk else None
    changed, states, quotas = _changes(call, stored, fields, states, quotas)
    reason = " ".join(str(reason or "").split())
    if stored is not None and stored.is_published and changed and not reason:
        raise ValidationError({"reason": _("La convocatoria está publicada: explica el motivo del cambio.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("El motivo admite hasta 500 caracteres.")})
    for name, value in fields.items():
        setattr(call, name, value)
    with transaction.atomic():
        save_with_history(call, actor, reason=reason if changed else "")
        if "states" in changed:
            call.states.set(states)
            call.__dict__.pop("_eligible_states", None)
        if "quotas" in changed:
            _write_quotas(call, quotas, actor, reason)
        search_index.update(call)
        if call.is_published and changed:
            _tell_applicants(call, actor, reason)
    return call


def _changes(call: Call, stored: Call | None, fields: dict, states, quotas) -> tuple[list[str], list, dict]:
    """What a ``call_update`` changes, compared with what is stored (a model form has already
    copied the new values onto ``call``); the states and quotas cleaned."""
    changed = sorted(name for name, value in fields.items() if stored is None or getattr(stored, name) != value)
    states = None if states is None else sorted({s.pk: s for s in states}.values(), key=lambda s: s.pk)
    if states is not None and [s.pk for s in states] != sorted(call.states.values_list("pk", flat=True)):
        changed.append("states")
    if quotas is not None:
        quotas = _clean_quotas(call, quotas, states)
        if quotas != _stored_quotas(call):
            changed.append("quotas")
    return changed, states, quotas


def _quota_keys(call: Call, states) -> dict[str, set[str]]:
    """The values each quota dimension accepts; the states are the ones being saved, if given."""
    from apertus.calls.models import Gender
    from apertus.calls.selectors.calls import default_states, eligible_states

    if states is None:
        call.__dict__.pop("_eligible_states", None)
        states = eligible_states(call)
    return {
        QuotaDimension.STATE: {s.code for s in (states or default_states(call))},
        QuotaDimension.GENDER: set(Gender.values),
        QuotaDimension.SECTOR: set(OrganizationType.values),
    }


def _clean_quotas(call: Call, quotas, states) -> dict[tuple[str, str], int]:
    """``quotas`` as {(dimension, key): target}; a clear error for an unknown value, a repeated
    one or a target out of range. Changes nothing."""
    keys = _quota_keys(call, states)
    result: dict[tuple[str, str], int] = {}
    for dimension, key, target in quotas:
        if dimension not in keys or key not in keys[dimension]:
            raise ValidationError({"quotas": _("Cuota desconocida: %(d)s %(k)s.") % {"d": dimension, "k": key}})
        if (dimension, key) in result:
            raise ValidationError({"quotas": _("La cuota %(d)s %(k)s está repetida.") % {"d": dimension, "k": key}})
        if not isinstance(target, int) or not 0 <= target <= QUOTA_MAX:
            raise ValidationError({"quotas": _("Cada meta va de 0 a %(n)s.") % {"n": QUOTA_MAX}})
        result[(dimension, key)] = target
    return result


def _stored_quotas(call: Call) -> dict[tuple[str, str], int]:
    return {(q.dimension, q.key): q.target for q in call.quotas.all()} if call.pk else {}


def _write_quotas(call: Call, quotas: dict[tuple[str, str], int], actor, reason: str) -> None:
    """Each quota row created, changed or removed, its history attributed and labelled."""
    stored = {(q.dimension, q.key): q for q in call.quotas.all()}
    for key, quota in stored.items():
        if key not in quotas:
            attribute(quota, actor)
            quota._change_reason = reason
            quota.delete()
    for (dimension, key), target in quotas.items():
        quota = stored.get((dimension, key)) or Quota(call=call, dimension=dimension, key=key)
        if quota.pk and quota.target == target:
            continue
        quota.target = target
        save_with_history(quota, actor, reason=reason)


def _tell_applicants(call: Call, actor, reason: str) -> int:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import translation

    applicants = get_user_model().objects.filter(applications__call=call)
    version = call.history.order_by("-history_id").values_list("history_id", flat=True).first()
    with translation.override(settings.LANGUAGE_CODE):
        return notify(
            event=CHANGE_EVENT,
            recipients=applicants,
            actor=actor,
            target=call,
            url=reverse("calls:detail", args=[call.slug]),
            title=_("Cambió la convocatoria «%(call)s»") % {"call": call.title},
            body=_("Motivo: %(r)s") % {"r": reason},
            dedupe_key=f"call-changed:{call.pk}:{version}",
        )


def call_publish(*, actor, call: Call, published: bool = True) -> Call:
    require(actor, "calls.manage_call", call)
    call.is_published = published
    with transaction.atomic():
        save_with_history(call, actor, update_fields=["is_published"])
        search_index.update(call)
    return call


def call_extend_deadline(*, actor, call: Call, until, reason: str) -> Call:
    """Move the deadline to ``until`` (after the original close). The call's history keeps each
    change, who made it and why; the reason is required."""
    require(actor, "calls.manage_call", call)
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Explica por qué se extiende el plazo.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("El motivo admite hasta 500 caracteres.")})
    require_not_confirmed(call)
    if call.extended_until and until == call.extended_until:
        return call
    if until <= timezone.now():
        raise ValidationError({"until": _("La nueva fecha de cierre debe ser futura.")})
    if EvaluationAssignment.objects.filter(application__call=call).exists():
        raise ValidationError(_("La evaluación ya empezó: el plazo no puede extenderse."), code="review_started")
    previous = call.deadline
    call.extended_until = until
    save_with_history(
        call,
        actor,
        update_fields=["extended_until"],
        reason=_("Prórroga: de %(a)s a %(b)s. %(r)s") % {"a": when(previous), "b": when(until), "r": reason},
    )
    return call


# --- Rubric and questionnaire -------------------------------------------------------------------


def _rubric_locked(call: Call) -> bool:
    return EvaluationAssignment.objects.filter(application__call=call, submitted_at__isnull=False).exists()


def _questionnaire_locked(call: Call) -> bool:
    return Interview.objects.filter(application__call=call, submitted_at__isnull=False).exists()


def _refuse_if(locked: bool) -> None:
    if locked:
        raise ValidationError(
            _(
                "Ya hay puntajes enviados con esta configuración: cambiarla trataría de forma "
                "distinta a unas solicitudes y otras."
            ),
            code="locked",
        )


def criterion_set(
    *,
    actor,
    call: Call,
    name: str,
    weight=Decimal("1"),
    min_score: int = 0,
    max_score: int = 10,
    description: str = "",
    position: int | None = None,
    criterion: RubricCriterion | None = None,
    name_en: str = "",
    description_en: str = "",
) -> RubricCriterion:
    """Add a rubric criterion, or change ``criterion``. Locked once an evaluation is submitted."""
    require(actor, "calls.manage_call", call)
    _refuse_if(_rubric_locked(call))
    criterion = criterion or RubricCriterion(
        call=call, position=call.criteria.count() if position is None else position
    )
    criterion.name, criterion.weight, criterion.description = name, Decimal(weight), description
    criterion.name_en, criterion.description_en = name_en, description_en
    criterion.min_score, criterion.max_score = min_score, max_score
    if position is not None:
        criterion.position = position
    save_with_history(criterion, actor)
    return criterion


def criterion_delete(*, actor, criterion: RubricCriterion) -> None:
    require(actor, "calls.manage_call", criterion.call)
    _refuse_if(_rubric_locked(criterion.call))
    criterion.delete()


def question_set(
    *,
    actor,
    call: Call,
    text: str,
    weight=Decimal("1"),
    position: int | None = None,
    question: InterviewQuestion | None = None,
) -> InterviewQuestion:
    require(actor, "calls.manage_call", call)
    _refuse_if(_questionnaire_locked(call))
    question = question or InterviewQuestion(
        call=call, position=call.questions.count() if position is None else position
    )
    question.text, question.weight = text, Decimal(weight)
    if position is not None:
        question.position = position
    save_with_history(question, actor)
    return question


def question_delete(*, actor, question: InterviewQuestion) -> None:
    require(actor, "calls.manage_call", question.call)
    _refuse_if(_questionnaire_locked(question.call))
    question.delete()


def config_locks(call: Call) -> dict[str, bool]:
    """For the admin: which parts of the configuration can no longer change."""
    return {
        "rubric": _rubric_locked(call),
        "questionnaire": _questionnaire_locked(call),
        "scoring": call.selection_confirmed_at is not None,
    }


# --- Public documents of a call ----------------------------------------------------------------


def call_file_add(*, actor, call: Call, upload, title: str):
    """Attach a public document (the call's rules, a poster…) to ``call``: checked by content
    like every upload; shown on the call's page for everyone once the call is published."""

    require(actor, "calls.manage_call", call)
    title = " ".join(str(title or "").split())
    if not title:
        raise ValidationError({"title": _("Escribe el título del documento.")})
    with transaction.atomic():
        document = document_create(
            actor=actor, upload=upload, title=title, kind=DocumentKind.RULES, is_public=True, allowed=("pdf", "office")
        )
        call.files.add(document)
        save_with_history(call, actor, reason=_("Documento agregado: %(t)s") % {"t": title})
    return document


def call_file_remove(*, actor, call: Call, document) -> None:
    """Take a document off the call's page; the document itself is kept, and the call's history says so."""
    require(actor, "calls.manage_call", call)
    with transaction.atomic():
        call.files.remove(document)
        save_with_history(call, actor, reason=_("Documento retirado: %(t)s") % {"t": document.title})
