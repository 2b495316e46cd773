"""Writes of the review: document check, evaluators, balanced assignments, scores, interviews."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from apertus.calls.models import (
    SCALE_MAX,
    SCALE_MIN,
    Application,
    ApplicationStatus,
    Call,
    EvaluationAssignment,
    Evaluator,
    EvaluatorRole,
    Interview,
    InterviewAnswer,
    ProofStatus,
    Score,
)
from apertus.calls.selectors.review import EVALUATING_ROLES, INTERVIEWING_ROLES
from apertus.calls.services.common import require_closed, require_not_confirmed
from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.core.validation import full_clean
from apertus.organizations.models import Organization


def proof_check(
    *, actor, application: Application, valid: bool, reason: str = "", matches_state: bool | None = None, now=None
) -> Application:
    """Coordination marks the proof of address valid or not, with a reason (required when not)."""
    require(actor, "calls.manage_call", application.call)
    require_not_confirmed(application.call)
    if application.proof_id is None:
        raise ValidationError(_("La solicitud no tiene comprobante de domicilio."), code="no_proof")
    reason = " ".join(str(reason or "").split())
    if not valid and not reason:
        raise ValidationError({"proof_reason": _("Indica por qué el comprobante no es válido.")})
    application.proof_status = ProofStatus.VALID if valid else ProofStatus.INVALID
    application.proof_reason, application.proof_matches_state = reason, matches_state
    application.proof_checked_by = actor if getattr(actor, "is_authenticated", False) else None
    application.proof_checked_at = now or timezone.now()
    if not valid:
        application.selected = False  # only applications with a valid proof can be chosen
    save_with_history(
        application,
        actor,
        update_fields=[
            "proof_status",
            "proof_reason",
            "proof_matches_state",
            "proof_checked_by",
            "proof_checked_at",
            "selected",
        ],
    )
    return application


def evaluator_add(*, actor, call: Call, organization: Organization, user, role: str = EvaluatorRole.BOTH) -> Evaluator:
    """Name ``user`` an evaluator for ``organization`` in ``call``: scorer, interviewer or both
    (``role``). Interview-only people never see the scores and join after scoring is final."""
    require(actor, "calls.manage_call", call)
    evaluator = Evaluator.objects.filter(call=call, user=user).first()
    if evaluator is not None and (evaluator.organization_id, evaluator.role) == (organization.pk, role):
        return evaluator
    evaluator = evaluator or Evaluator(call=call, user=user)
    evaluator.organization, evaluator.role = organization, role
    save_with_history(evaluator, actor)
    if hasattr(user, "_calls_evaluator_scopes"):
        del user._calls_evaluator_scopes
    return evaluator


def evaluator_remove(*, actor, evaluator: Evaluator) -> None:
    """Take a person off a call's evaluators (the institution's assignments stay with it). The
    call's evaluators keep the removal in their history, with who made it."""
    require(actor, "calls.manage_call", evaluator.call)
    attribute(evaluator, actor)
    evaluator.delete()


def _institutions(call: Call, roles) -> list[Organization]:
    ids = Evaluator.objects.filter(call=call, role__in=roles).values("organization_id")
    return list(Organization.objects.filter(pk__in=ids).order_by("name", "pk"))


def _balanced(*, actor, call: Call, model, per_application: int, now, roles, final: bool) -> int:
    """Give each eligible application ``per_application`` distinct institutions.

    ``final`` True takes only the applications whose scoring is final (interviews), False only
    those whose scoring is not (evaluations: nobody joins the scoring after identities are shown).
    Greedy and deterministic: applications in order of submission; for each, the institutions
    with the fewest assignments so far (ties by name, then id). Starting from equal loads this
    keeps every institution within one assignment of the others. Running it again only fills
    gaps (e.g. after more documents were validated); existing assignments never move.
    """
    require(actor, "calls.manage_call", call)
    require_closed(call, now)
    require_not_confirmed(call)
    institutions = _institutions(call, roles)
    if len(institutions) < per_application:
        raise ValidationError(
            _("Se necesitan al menos %(n)s instituciones con personas evaluadoras; hay %(k)s.")
            % {"n": per_application, "k": len(institutions)},
            code="too_few_institutions",
        )
    existing = list(model.objects.filter(application__call=call).values_list("application_id", "organization_id"))
    load = Counter(org_id for _app, org_id in existing)
    taken: dict[int, set[int]] = defaultdict(set)
    for app_id, org_id in existing:
        taken[app_id].add(org_id)
    eligible = (
        Application.objects.filter(
            call=call,
            status=ApplicationStatus.SUBMITTED,
            proof_status=ProofStatus.VALID,
            scoring_final_at__isnull=not final,
        )
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)
    )
    new = []
    for app_id in eligible:
        missing = per_application - len(taken[app_id])
        if missing <= 0:
            continue
        candidates = sorted(
            (o for o in institutions if o.pk not in taken[app_id]), key=lambda o: (load[o.pk], o.name, o.pk)
        )
        for org in candidates[:missing]:
            new.append(model(application_id=app_id, organization=org))
            load[org.pk] += 1
            taken[app_id].add(org.pk)
    with transaction.atomic():
        bulk_create_with_history(new, model, default_user=actor if getattr(actor, "is_authenticated", False) else None)
    return len(new)


def evaluations_assign(*, actor, call: Call, now=None) -> int:
    """Assign every submitted application with a valid proof to N evaluating institutions."""
    return _balanced(
        actor=actor,
        call=call,
        model=EvaluationAssignment,
        per_application=call.evaluators_per_application,
        now=now,
        roles=EVALUATING_ROLES,
        final=False,
    )


def interviews_assign(*, actor, call: Call, now=None) -> int:
    """Assign M interviewing institutions (default 2) to every application whose scoring is final.

    Run it again as more applications reach final scores: it only fills gaps."""
    return _balanced(
        actor=actor,
        call=call,
        model=Interview,
        per_application=call.interviewers_per_application,
        now=now,
        roles=INTERVIEWING_ROLES,
        final=True,
    )


def _locked(assignment) -> None:
    if assignment.is_submitted:
        raise ValidationError(_("Ya se envió; no puede modificarse."), code="submitted")
    require_not_confirmed(assignment.application.call)


def evaluation_save(
    *,
    actor,
    assignment: EvaluationAssignment,
    scores: dict[int, tuple[int | None, str]],
    submit: bool = False,
    now=None,
) -> EvaluationAssignment:
    """Save an institution's scores (``{criterion id: (value, comment)}``); ``submit`` locks them.

    Only an evaluator of the assigned institution may; a submitted evaluation never changes.
    """
    require(actor, "calls.score_evaluation", assignment)
    _locked(assignment)
    criteria = {c.pk: c for c in assignment.application.call.criteria.all()}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise ValidationError(_("Criterio desconocido."), code="unknown_criterion")
    current = {s.criterion_id: s for s in Score.objects.filter(assignment=assignment)}
    with transaction.atomic():
        for criterion_id, (value, comment) in scores.items():
            score = current.get(criterion_id)
            if value is None:  # a blank score (a comment alone is not kept)
                if score is not None:
                    score.delete()
                    current.pop(criterion_id)
                continue
            score = score or Score(assignment=assignment)
            score.criterion = criteria[criterion_id]
            score.value = value
            score.comment = str(comment or "").strip()
            full_clean(score)
            score.save()
            current[criterion_id] = score
        if submit:
            if set(criteria) - set(current):
                raise ValidationError(_("Califica todos los criterios antes de enviar."), code="incomplete")
            assignment.submitted_at = now or timezone.now()
            assignment.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
            attribute(assignment, actor)
            assignment.save(update_fields=["submitted_at", "submitted_by"])
            _finalise_if_complete(actor, assignment.application, assignment.submitted_at)
    return assignment


def _finalise_if_complete(actor, application: Application, moment) -> None:
    """Record that scoring is final once every assigned institution (at least N) has submitted.

    The application row is locked first, so two evaluators submitting at once cannot both miss
    the other's submission and leave the application blind forever.
    """
    locked = Application.objects.select_for_update().only("pk", "scoring_final_at").get(pk=application.pk)
    if locked.scoring_final_at is not None:
        return
    states = list(
        EvaluationAssignment.objects.filter(application_id=application.pk).values_list("submitted_at", flat=True)
    )
    if len(states) < application.call.evaluators_per_application or any(s is None for s in states):
        return
    application.scoring_final_at = moment
    attribute(application, actor)
    application._change_reason = _("Todas las evaluaciones enviadas: puntajes definitivos")
    application.save(update_fields=["scoring_final_at", "updated_at"])


def _require_final(application: Application) -> None:
    if application.scoring_final_at is None:  # asked of the database: the object may predate it
        application.refresh_from_db(fields=["scoring_final_at"])
    if application.scoring_final_at is None:
        raise ValidationError(
            _("La entrevista se registra cuando todas las evaluaciones de la solicitud se han enviado."),
            code="scoring_not_final",
        )


def interview_save(
    *, actor, interview: Interview, answers: dict[int, int | None], notes: str = "", submit: bool = False, now=None
) -> Interview:
    """Save an interview's answers (1 to 5 per question) and notes; ``submit`` locks them.

    Refused until the application's scoring is final (blind until final)."""
    _require_final(interview.application)
    require(actor, "calls.conduct_interview", interview)
    _locked(interview)
    questions = {q.pk: q for q in interview.application.call.questions.all()}
    if set(answers) - set(questions):
        raise ValidationError(_("Pregunta desconocida."), code="unknown_question")
    for value in answers.values():
        if value is not None and not SCALE_MIN <= value <= SCALE_MAX:
            raise ValidationError(_("Las respuestas van de %(a)s a %(b)s.") % {"a": SCALE_MIN, "b": SCALE_MAX})
    current = {a.question_id: a for a in InterviewAnswer.objects.filter(interview=interview)}
    with transaction.atomic():
        for question_id, value in answers.items():
            answer = current.get(question_id)
            if value is None:
                if answer is not None:
                    answer.delete()
                    current.pop(question_id)
                continue
            answer = answer or InterviewAnswer(interview=interview, question=questions[question_id])
            answer.value = value
            answer.save()
            current[question_id] = answer
        interview.notes = str(notes or "").strip()
        fields = ["notes"]
        if submit:
            if set(questions) - set(current):
                raise ValidationError(_("Responde todas las preguntas antes de enviar."), code="incomplete")
            interview.submitted_at = now or timezone.now()
            interview.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
            fields += ["submitted_at", "submitted_by"]
        full_clean(interview)
        attribute(interview, actor)
        interview.save(update_fields=fields)
    return interview
