"""Writes of technical advice. Web views and the API come through here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.advice import notices
from apertus.advice.models import (
    VALUE_FIELDS,
    AdvisorAssignment,
    CommentField,
    CommentKind,
    CommentStatus,
    IRMAssessment,
    QualityThreshold,
    ReplyKind,
    ReviewComment,
    ReviewReply,
    ReviewRound,
    RoundStatus,
)
from apertus.advice.rules import forget_advised
from apertus.core.concurrency import lock_version
from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.core.validation import full_clean
from apertus.plans.models import PlanStatus

REVIEWABLE = {PlanStatus.DRAFT, PlanStatus.COCREATION}
MAX_TEXT = 10000


def _text(value: str, field: str, *, minimum: int = 1) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise ValidationError({field: _("Escribe al menos %(n)s caracteres.") % {"n": minimum}})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("El texto no puede pasar de %(n)s caracteres.") % {"n": MAX_TEXT}})
    return text


def advisor_assign(*, actor, plan, user, organization=None) -> AdvisorAssignment:
    """Assign a person (of a partner organisation) to advise ``plan``; assigning again re-activates."""
    require(actor, "advice.assign_advisor", plan)
    if not user.is_active:
        raise ValidationError({"user": _("La cuenta de esa persona está desactivada.")})
    with transaction.atomic():
        assignment, _created = AdvisorAssignment.objects.get_or_create(
            plan=plan, user=user, defaults={"organization": organization or user.organization, "assigned_by": actor}
        )
        assignment.is_active = True
        if organization is not None:
            assignment.organization = organization
        save_with_history(assignment, actor)
    forget_advised(user)
    return assignment


def advisor_unassign(*, actor, assignment: AdvisorAssignment) -> AdvisorAssignment:
    require(actor, "advice.assign_advisor", assignment.plan)
    assignment.is_active = False
    attribute(assignment, actor)
    assignment.save()
    forget_advised(assignment.user)
    return assignment


def threshold_set(*, actor, phase, minimum_score: int) -> QualityThreshold:
    require(actor, "advice.set_threshold", None)
    threshold, _created = QualityThreshold.objects.get_or_create(phase=phase, defaults={"minimum_score": minimum_score})
    threshold.minimum_score = minimum_score
    save_with_history(threshold, actor)
    return threshold


def round_open(*, actor, plan, due_date, commitments=None, note: str = "") -> ReviewRound:
    """Share the draft (all its commitments or the chosen ones) with the plan's advisors until ``due_date``.

    Refused while another round is open, once the plan is published, and when a chosen commitment
    scores below the quality threshold of the plan's program phase.
    """
    from apertus.advice.selectors import commitments_below_threshold

    require(actor, "advice.open_round", plan)
    if plan.status not in REVIEWABLE:
        raise ValidationError(_("Solo se revisan planes en borrador o en cocreación."))
    if due_date is None or due_date < timezone.localdate():
        raise ValidationError({"due_date": _("La fecha límite no puede estar en el pasado.")})
    chosen = list(plan.commitments.all()) if not commitments else list(commitments)
    if not chosen:
        raise ValidationError({"commitments": _("El plan no tiene compromisos que revisar.")})
    if any(c.plan_id != plan.pk or c.is_deleted for c in chosen):
        raise ValidationError({"commitments": _("Los compromisos deben ser de este plan.")})
    below = commitments_below_threshold(plan, chosen)
    if below:
        raise ValidationError(
            {
                "commitments": _("No alcanzan el puntaje mínimo de calidad (%(min)s): %(list)s.")
                % {"min": below[0][2], "list": ", ".join(f"{c.number} ({score})" for c, score, _m in below)}
            }
        )
    with transaction.atomic():
        type(plan).objects.select_for_update().get(pk=plan.pk)  # one round opens at a time
        if ReviewRound.objects.filter(plan=plan, status=RoundStatus.OPEN).exists():
            raise ValidationError(_("Ya hay una ronda de revisión abierta para este plan."))
        last = ReviewRound.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True).first()
        review = ReviewRound(
            plan=plan, number=(last or 0) + 1, due_date=due_date, note=(note or "").strip()[:MAX_TEXT], opened_by=actor
        )
        save_with_history(review, actor)
        review.commitments.set(chosen)
        notices.round_opened(review, actor)
    return review


def round_close(*, actor, review: ReviewRound) -> ReviewRound:
    require(actor, "advice.close_round", review)
    with transaction.atomic():
        current = ReviewRound.objects.select_for_update().get(pk=review.pk)
        if current.status != RoundStatus.OPEN:
            raise ValidationError(_("La ronda ya estaba cerrada."))
        pending = current.comments.filter(kind=CommentKind.MUST_FIX).exclude(status=CommentStatus.ACCEPTED).count()
        if pending:
            raise ValidationError(_("Quedan %(n)s comentarios «debe corregirse» sin aceptar.") % {"n": pending})
        current.status = RoundStatus.CLOSED
        current.closed_at = timezone.now()
        current.version += 1
        attribute(current, actor)
        current.save()
    return current


def comment_add(
    *, actor, review: ReviewRound, commitment, kind: str, body: str, field: str = CommentField.WHOLE
) -> ReviewComment:
    require(actor, "advice.comment", review)
    if not review.is_open:
        raise ValidationError(_("La ronda está cerrada."))
    if kind not in CommentKind.values:
        raise ValidationError({"kind": _("Tipo de comentario desconocido.")})
    if field not in CommentField.values:
        raise ValidationError({"field": _("Campo desconocido.")})
    if not review.commitments.filter(pk=commitment.pk).exists():
        raise ValidationError({"commitment": _("Ese compromiso no está en esta ronda.")})
    assignment = AdvisorAssignment.objects.filter(plan_id=review.plan_id, user=actor).first() if actor else None
    comment = ReviewComment(
        round=review,
        commitment=commitment,
        author=actor,
        kind=kind,
        field=field,
        body=_text(body, "body"),
        organization=getattr(assignment, "organization", None) or getattr(actor, "organization", None),
    )
    full_clean(comment)
    with transaction.atomic():
        attribute(comment, actor)
        comment.save()
        notices.comment_added(comment)
    return comment


def _step(comment: ReviewComment, *, actor, expected_version, allowed: set[str], new_status: str, submitted: dict):
    current = lock_version(ReviewComment, pk=comment.pk, expected_version=expected_version, submitted=submitted)
    if current.status not in allowed:
        raise ValidationError(_("El comentario está «%(s)s»; recarga la página.") % {"s": current.get_status_display()})
    if current.round.status != RoundStatus.OPEN:
        raise ValidationError(_("La ronda está cerrada."))
    current.status = new_status
    current.version += 1
    attribute(current, actor)
    current.save()
    return current


def comment_answer(
    *, actor, comment: ReviewComment, expected_version: int | None, body: str, change_id: int | None = None
) -> ReviewReply:
    """The STL answers: it changed the commitment (``change_id``: the history row of that change) or explains why not."""
    require(actor, "advice.answer", comment)
    text = _text(body, "body", minimum=1 if change_id else 10)
    change = None
    if change_id:
        change = comment.commitment.history.filter(history_id=change_id).first()
        if change is None:
            raise ValidationError({"change": _("Ese cambio no es de este compromiso.")})
    with transaction.atomic():
        current = _step(
            comment,
            actor=actor,
            expected_version=expected_version,
            allowed={CommentStatus.OPEN, CommentStatus.REOPENED},
            new_status=CommentStatus.ANSWERED,
            submitted={"status": CommentStatus.ANSWERED},
        )
        reply = ReviewReply(
            comment=current,
            author=actor,
            body=text,
            change=change,
            kind=ReplyKind.CHANGED if change else ReplyKind.EXPLAINED,
        )
        attribute(reply, actor)
        reply.save()
        notices.comment_answered(reply)
    return reply


def comment_accept(*, actor, comment: ReviewComment, expected_version: int | None, body: str = "") -> ReviewReply:
    require(actor, "advice.resolve_comment", comment)
    with transaction.atomic():
        current = _step(
            comment,
            actor=actor,
            expected_version=expected_version,
            allowed={CommentStatus.ANSWERED},
            new_status=CommentStatus.ACCEPTED,
            submitted={"status": CommentStatus.ACCEPTED},
        )
        reply = ReviewReply(
            comment=current, author=actor, kind=ReplyKind.ACCEPTED, body=(body or "").strip()[:MAX_TEXT]
        )
        attribute(reply, actor)
        reply.save()
    return reply


def comment_reopen(*, actor, comment: ReviewComment, expected_version: int | None, body: str) -> ReviewReply:
    require(actor, "advice.resolve_comment", comment)
    text = _text(body, "body", minimum=10)
    with transaction.atomic():
        current = _step(
            comment,
            actor=actor,
            expected_version=expected_version,
            allowed={CommentStatus.ANSWERED},
            new_status=CommentStatus.REOPENED,
            submitted={"status": CommentStatus.REOPENED},
        )
        reply = ReviewReply(comment=current, author=actor, kind=ReplyKind.REOPENED, body=text)
        attribute(reply, actor)
        reply.save()
        notices.comment_reopened(reply)
    return reply


ASSESSMENT_FIELDS = (
    {"verifiable", "potential_impact", "impact_reason"}
    | {f"relevant_{v}" for v in VALUE_FIELDS}
    | {f"opened_{v}" for v in VALUE_FIELDS}
)


def assessment_save(*, actor, commitment, expected_version: int | None = None, **fields) -> IRMAssessment:
    """Record (or change) the IRM design assessment of a commitment."""
    require(actor, "advice.assess_commitment", commitment)
    unknown = set(fields) - ASSESSMENT_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if len((fields.get("impact_reason") or "").strip()) < 10:
        raise ValidationError({"impact_reason": _("Explica el impacto potencial en al menos 10 caracteres.")})
    with transaction.atomic():
        existing = IRMAssessment.objects.filter(commitment=commitment).values_list("pk", flat=True).first()
        if existing:
            current = lock_version(IRMAssessment, pk=existing, expected_version=expected_version, submitted=fields)
            current.version += 1
        else:
            current = IRMAssessment(commitment=commitment)
        for key, value in fields.items():
            setattr(current, key, value.strip() if isinstance(value, str) else value)
        current.assessed_by = actor
        save_with_history(current, actor)
    return current
