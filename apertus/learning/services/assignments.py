"""Assignments and the final team deliverable: hand in, grade with the rubric, extend the deadline.

The closing date is checked here, on the server, against the fellow's extension if they have one.
Submitted files are private Documents (no state, so no STL sees them) and leave Apertus only
through the learning download view, which asks ``learning.view_submission``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.documents.models import Document, DocumentKind
from apertus.documents.services import document_create
from apertus.learning import grading
from apertus.learning.allowances import closing_for
from apertus.learning.models import (
    SUBMISSION_KINDS,
    Activity,
    CriterionScore,
    Extension,
    ProgressStatus,
    Submission,
)
from apertus.learning.progress import require_unlocked
from apertus.learning.rules import FellowScope
from apertus.learning.selectors import fellow_of, roster
from apertus.learning.services.common import progress_set
from apertus.notifications.services import notify

ALLOWED_FILES = ("pdf", "office", "image")


def _private_document(*, actor, upload, title: str) -> Document:
    # The documents service lets only coordinators and STL members add files; fellows and
    # facilitators were checked by the caller, so the file is added as the system and then owned.
    document = document_create(
        actor=None,
        upload=upload,
        title=title,
        kind=DocumentKind.OTHER,
        state=None,
        is_public=False,
        allowed=ALLOWED_FILES,
    )
    Document.objects.filter(pk=document.pk).update(uploaded_by=actor)
    document.uploaded_by = actor
    return document


def _team_ids(activity: Activity, fellow) -> list[int]:
    if not activity.is_team_work:
        return [fellow.user.pk]
    return [f.user.pk for f in roster(activity.program, state_ids=[fellow.state_id])]


def submission_upload(*, actor, activity: Activity, upload) -> Submission:
    """Hand in (or replace, until it is graded) the fellow's file — the team's, for the final deliverable."""
    require(actor, "learning.take_activity", activity)
    if actor is None or activity.kind not in SUBMISSION_KINDS:
        raise ValidationError(_("Esta actividad no recibe entregas."))
    require_unlocked(actor, activity)
    now = timezone.now()
    closing = closing_for(activity, actor)
    if closing is None or now > closing:
        raise ValidationError(
            _("La entrega cerró el %(date)s; ya no se aceptan archivos.")
            % {"date": date_format(timezone.localtime(closing), "DATETIME_FORMAT") if closing else "—"}
        )
    fellow = fellow_of(activity.program, actor.pk)
    lookup = (
        {"is_team": True, "state_id": fellow.state_id} if activity.is_team_work else {"is_team": False, "fellow": actor}
    )
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(activity=activity, **lookup).first()
        if submission is not None and submission.is_graded:
            raise ValidationError(_("Esta entrega ya fue calificada; no se puede reemplazar."))
        title = _("Entrega: %(activity)s — %(name)s") % {"activity": activity.title, "name": actor.public_name}
        document = _private_document(actor=actor, upload=upload, title=title)
        submission = submission or Submission(activity=activity, is_team=activity.is_team_work)
        submission.fellow, submission.state_id = actor, fellow.state_id
        submission.document, submission.submitted_at = document, now
        save_with_history(submission, actor)
        progress_set(activity, _team_ids(activity, fellow), status=ProgressStatus.COMPLETED)
    return submission


def _clean_points(submission: Submission, points: dict) -> list[tuple]:
    criteria = list(submission.activity.criteria.all())
    if not criteria:
        raise ValidationError(_("Esta actividad no tiene rúbrica: defínela antes de calificar."))
    cleaned = []
    for criterion in criteria:
        try:
            value = Decimal(str(points[criterion.pk]))
        except (KeyError, InvalidOperation):
            raise ValidationError(_("Falta el puntaje de «%(c)s».") % {"c": criterion.title}) from None
        if not Decimal(0) <= value <= criterion.max_points or value != value.quantize(Decimal("0.01")):
            raise ValidationError(
                _("El puntaje de «%(c)s» va de 0 a %(max)s.") % {"c": criterion.title, "max": criterion.max_points}
            )
        cleaned.append((criterion, value))
    return cleaned


def submission_grade(
    *, actor, submission: Submission, points: dict, comments: str = "", feedback_upload=None
) -> Submission:
    """Grade with the rubric (criterion id -> points), comment, attach feedback; notify the fellow(s)."""

    require(actor, "learning.grade_fellow", submission)
    cleaned = _clean_points(submission, points)
    activity = submission.activity
    with transaction.atomic():
        for criterion, value in cleaned:
            row = CriterionScore.objects.filter(submission=submission, criterion=criterion).first() or CriterionScore(
                submission=submission, criterion=criterion
            )
            row.points = value
            attribute(row, actor)
            row.save()
        if feedback_upload is not None:
            submission.feedback_document = _private_document(
                actor=actor, upload=feedback_upload, title=_("Retroalimentación: %(a)s") % {"a": activity.title}
            )
        submission.score = grading.rubric_percent((v, c.max_points) for c, v in cleaned)
        submission.comments = comments
        submission.graded_at, submission.graded_by = timezone.now(), actor
        save_with_history(submission, actor)
        team = _team_ids(activity, fellow_of(activity.program, submission.fellow_id))
        progress_set(activity, team, status=ProgressStatus.COMPLETED, score=submission.score)
        grading.grades_recompute(program=activity.program, fellow_ids=team)
        notify(
            event="assignment_graded",
            recipients=team,
            actor=actor,
            target=submission,
            title=_("Calificaron «%(a)s»: %(s)s") % {"a": activity.title, "s": submission.score},
            url=submission.get_absolute_url(),
            dedupe_key=f"assignment-graded:{submission.pk}:{submission.graded_at.timestamp():.0f}",
        )
    return submission


def extension_grant(
    *, actor, activity: Activity, fellow, closes_at=None, reason: str, exempt: bool = False
) -> Extension:
    """Give one fellow a later closing date, or exempt them (either replaces an earlier one).

    Only the staff of the fellow's cohort (and state) may; the reason is required and kept in the
    history. An exemption changes the grade, so the fellow's grade is recomputed.
    """
    member = fellow_of(activity.program, getattr(fellow, "pk", fellow))
    if member is None:
        raise ValidationError(_("Esa persona no es fellow de esta generación."))
    require(actor, "learning.grant_exception", FellowScope(activity.program.phase_id, member.state_id, member.user.pk))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indica el motivo.")})
    if exempt:
        closes_at = None
    else:
        if not activity.closes_at:
            raise ValidationError(_("Esta actividad no tiene fecha de cierre."))
        if closes_at is None or closes_at <= activity.closes_at:
            raise ValidationError({"closes_at": _("La prórroga debe terminar después del cierre original.")})
    with transaction.atomic():
        extension = Extension.objects.select_for_update().filter(
            activity=activity, fellow=member.user
        ).first() or Extension(activity=activity, fellow=member.user)
        extension.closes_at, extension.exempt = closes_at, exempt
        extension.reason, extension.granted_by = reason, actor
        save_with_history(extension, actor)
        grading.grades_recompute(program=activity.program, fellow_ids=[member.user.pk])
    return extension
