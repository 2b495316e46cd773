"""Taking a quiz: start an attempt, save answers, submit. The server enforces every limit.

- An attempt starts only on an unlocked, open quiz, and only while attempts remain.
- Its deadline is fixed at the start: the time limit, and never later than the quiz's closing.
- Answers that arrive after the deadline (plus ``GRACE`` for the network) are refused: the attempt
  is closed with what had been saved before, and scored.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.permissions import require
from apertus.learning import grading
from apertus.learning.allowances import closing_for
from apertus.learning.models import (
    Activity,
    ActivityKind,
    Attempt,
    AttemptStatus,
    Option,
    ProgressStatus,
    QuestionKind,
    Selection,
)
from apertus.learning.progress import require_unlocked
from apertus.learning.services.common import progress_set

GRACE = timedelta(seconds=30)


class AttemptExpired(ValidationError):
    """The time was up: the answers sent were not taken, the attempt was closed with those saved before."""


def _deadline(activity: Activity, now, closes_at=None):
    deadline = now + timedelta(minutes=activity.time_limit_minutes) if activity.time_limit_minutes else None
    if closes_at and (deadline is None or closes_at < deadline):
        deadline = closes_at
    return deadline


def _is_late(attempt: Attempt, now) -> bool:
    return attempt.deadline is not None and now > attempt.deadline + GRACE


def attempt_score(attempt: Attempt) -> grading.Decimal:
    """Score an attempt from its saved selections with the partial-credit rule (two queries)."""
    selected = set(attempt.selections.values_list("option_id", flat=True))
    earned = []
    for question in attempt.activity.questions.prefetch_related("options"):
        options = {o.pk for o in question.options.all()}
        correct = {o.pk for o in question.options.all() if o.is_correct}
        earned.append((question.points, grading.question_score(question.kind, correct, selected, options)))
    return grading.quiz_percent(earned)


def _finish(attempt: Attempt, status: str, now) -> Attempt:
    """Close an attempt, score it, and update the fellow's progress and grade."""
    with transaction.atomic():
        attempt.status, attempt.submitted_at = status, now
        attempt.score = attempt_score(attempt)
        attempt.save(update_fields=["status", "submitted_at", "score"])
        activity = attempt.activity
        scores = list(
            Attempt.objects.filter(activity=activity, fellow_id=attempt.fellow_id)
            .exclude(status=AttemptStatus.OPEN)
            .order_by("number")
            .values_list("score", flat=True)
        )
        counted = grading.counted_attempt_score(scores, activity.attempt_policy)
        progress_set(activity, [attempt.fellow_id], status=ProgressStatus.COMPLETED, score=counted)
        grading.grade_recompute(program=activity.program, fellow=attempt.fellow_id)
    return attempt


def attempts_close_expired(*, activity: Activity, fellow) -> int:
    """Close (and score) the fellow's open attempts whose time is up."""
    now = timezone.now()
    stale = [
        a
        for a in Attempt.objects.filter(activity=activity, fellow=fellow, status=AttemptStatus.OPEN)
        if _is_late(a, now)
    ]
    for attempt in stale:
        attempt.activity = activity
        _finish(attempt, AttemptStatus.EXPIRED, now)
    return len(stale)


def attempt_start(*, actor, activity: Activity) -> Attempt:
    """Start an attempt, or return the one already open."""
    require(actor, "learning.take_activity", activity)
    if activity.kind != ActivityKind.QUIZ:
        raise ValidationError(_("Esta actividad no es un cuestionario."))
    require_unlocked(actor, activity)
    attempts_close_expired(activity=activity, fellow=actor)
    now = timezone.now()
    with transaction.atomic():
        attempts = list(Attempt.objects.select_for_update().filter(activity=activity, fellow=actor).order_by("number"))
        open_attempt = next((a for a in attempts if a.status == AttemptStatus.OPEN), None)
        if open_attempt is not None:
            return open_attempt
        closes_at = closing_for(activity, actor)  # the fellow's extension, if they have one
        if closes_at and now >= closes_at:
            raise ValidationError(_("El cuestionario ya cerró."))
        if len(attempts) >= activity.attempts_allowed:
            raise ValidationError(_("Ya usaste todos los intentos de este cuestionario."))
        attempt = Attempt.objects.create(
            activity=activity,
            fellow=actor,
            number=len(attempts) + 1,
            started_at=now,
            deadline=_deadline(activity, now, closes_at),
        )
        progress_set(activity, [actor.pk], status=ProgressStatus.IN_PROGRESS)
    return attempt


def _clean_answers(attempt: Attempt, answers: dict) -> set[int]:
    """The option ids marked, after checking each belongs to its question of this quiz."""
    questions = {q.pk: q for q in attempt.activity.questions.all()}
    options = dict(Option.objects.filter(question__activity=attempt.activity).values_list("pk", "question_id"))
    chosen: set[int] = set()
    for question_id, option_ids in answers.items():
        question = questions.get(int(question_id))
        ids = {int(o) for o in option_ids}
        if question is None or any(options.get(o) != question.pk for o in ids):
            raise ValidationError(_("Las respuestas no corresponden a este cuestionario."))
        if question.kind == QuestionKind.SINGLE and len(ids) > 1:
            raise ValidationError(_("Marca una sola opción en las preguntas de opción única."))
        chosen |= ids
    return chosen


def attempt_answer(*, actor, attempt: Attempt, answers: dict, submit: bool = False) -> Attempt:
    """Save the answers (question id -> option ids) of an open attempt, and submit it if asked.

    After the deadline nothing sent is taken: the attempt is closed as expired with the answers
    saved earlier, and ``AttemptExpired`` says so.
    """
    if actor is None or attempt.fellow_id != actor.pk:
        raise PermissionDenied
    require(actor, "learning.take_activity", attempt.activity)
    if attempt.status != AttemptStatus.OPEN:
        raise ValidationError(_("Este intento ya se envió."))
    now = timezone.now()
    if _is_late(attempt, now):
        _finish(attempt, AttemptStatus.EXPIRED, now)
        raise AttemptExpired(
            _("Se acabó el tiempo: no se tomaron estas respuestas; el intento se cerró con las que habías guardado.")
        )
    chosen = _clean_answers(attempt, answers)
    with transaction.atomic():
        Selection.objects.filter(attempt=attempt).delete()
        Selection.objects.bulk_create([Selection(attempt=attempt, option_id=pk) for pk in sorted(chosen)])
        if submit:
            _finish(attempt, AttemptStatus.SUBMITTED, now)
    return attempt


def reveals_answers(attempt: Attempt, *, attempts_used: int, now=None) -> bool:
    """Which options were correct is shown once the fellow can no longer try again (no attempts
    left, or the quiz closed); the score and each question's feedback, after every submission."""
    if attempt.status == AttemptStatus.OPEN:
        return False
    activity = attempt.activity
    now = now or timezone.now()
    return attempts_used >= activity.attempts_allowed or bool(activity.closes_at and now >= activity.closes_at)
