"""Completing activities, seminar attendance and certificates."""

from __future__ import annotations

import base64
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.history import save_with_history
from apertus.core.manifest import extensions
from apertus.core.permissions import require
from apertus.learning import grading
from apertus.learning.models import (
    SELF_COMPLETED_KINDS,
    Activity,
    AttendanceStatus,
    Certificate,
    Course,
    Grade,
    ProgressStatus,
    Seminar,
    SeminarAttendance,
)
from apertus.learning.progress import require_unlocked
from apertus.learning.rules import FellowScope
from apertus.learning.selectors import roster
from apertus.learning.services.common import progress_set


def activity_complete(*, actor, activity: Activity) -> None:
    """The fellow says they did a reading, a video, a webinar, a questionnaire or a forum task."""
    require(actor, "learning.take_activity", activity)
    if actor is None or activity.kind not in SELF_COMPLETED_KINDS:
        raise ValidationError(_("Esta actividad se completa al entregarla o al enviar el cuestionario."))
    # Other apps' conditions (extension point "learning.activity_complete"): fn(activity=, user=) -> reason
    # or None; e.g. an activity behind a questionnaire is completed by sending it (apertus.surveys.extensions).
    for refusal in extensions("learning.activity_complete"):
        if reason := refusal(activity=activity, user=actor):
            raise ValidationError(reason)
    require_unlocked(actor, activity)
    with transaction.atomic():
        progress_set(activity, [actor.pk], status=ProgressStatus.COMPLETED)


def attendance_record(*, actor, seminar: Seminar, statuses: dict[int, str]) -> int:
    """Record attendance (fellow id -> status) and recompute those fellows' grades.

    Only fellows of the cohort count, and each one must be in the actor's scope (a facilitator of
    one state records that state's fellows). Returns how many rows changed.
    """
    require(actor, "learning.record_attendance", seminar)
    program = seminar.program
    members = {f.user.pk: f for f in roster(program)}
    changed = []
    with transaction.atomic():
        existing = {a.fellow_id: a for a in SeminarAttendance.objects.filter(seminar=seminar)}
        for fellow_id, status in statuses.items():
            fellow = members.get(int(fellow_id))
            if fellow is None or status not in AttendanceStatus.values:
                raise ValidationError(_("Asistencia no válida."))
            require(actor, "learning.grade_fellow", FellowScope(program.phase_id, fellow.state_id, fellow.user.pk))
            row = existing.get(fellow.user.pk) or SeminarAttendance(seminar=seminar, fellow=fellow.user)
            if row.pk and row.status == status:
                continue
            row.status, row.recorded_by = status, actor
            save_with_history(row, actor)
            changed.append(fellow.user.pk)
        if changed:
            grading.grades_recompute(program=program, fellow_ids=changed)
    return len(changed)


def _new_code() -> str:
    """160 random bits, in base32 without padding: 32 letters and digits, easy to type."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def normalize_code(text: str) -> str:
    return "".join(ch for ch in str(text or "").upper() if ch.isalnum())[:40]


def certificate_issue(*, actor, program: Course, fellow) -> Certificate:
    """Issue the certificate of a fellow who passed (their stored grade says so). Idempotent."""
    require(actor, "learning.issue_certificate", program)
    existing = Certificate.objects.filter(program=program, fellow=fellow).first()
    if existing is not None:
        return existing
    grade = Grade.objects.filter(program=program, fellow=fellow).first()
    if grade is None or not grade.passed:
        raise ValidationError(_("Solo reciben constancia quienes aprobaron el programa."))
    certificate = Certificate(
        program=program,
        fellow=fellow,
        code=_new_code(),
        grade=grade.total,
        full_name=fellow.full_name or fellow.public_name,
        issued_on=timezone.localdate(),
    )
    try:
        with transaction.atomic():
            return save_with_history(certificate, actor)
    except IntegrityError:  # two clicks at once: the other one issued it
        return Certificate.objects.get(program=program, fellow=fellow)


def certificates_issue(*, actor, program: Course) -> int:
    """Issue the missing certificates of everyone who passed. Returns how many were issued."""
    require(actor, "learning.issue_certificate", program)
    have = set(Certificate.objects.filter(program=program).values_list("fellow_id", flat=True))
    issued = 0
    for grade in Grade.objects.filter(program=program, passed=True).select_related("fellow"):
        if grade.fellow_id not in have:
            certificate_issue(actor=actor, program=program, fellow=grade.fellow)
            issued += 1
    return issued


def certificate_html(certificate: Certificate, *, site_url: str) -> str:
    return render_to_string(
        "learning/certificate_pdf.html",
        {
            "certificate": certificate,
            "program": certificate.program,
            "verify_url": site_url + certificate.verification_path(),
        },
    )


def certificate_pdf(*, actor, certificate: Certificate, site_url: str) -> bytes:
    """The certificate as a PDF (WeasyPrint), for its fellow and the cohort's staff."""
    import weasyprint

    if actor is not None and not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    require(actor, "learning.view_certificate", certificate)
    html = certificate_html(certificate, site_url=site_url)
    return weasyprint.HTML(string=html, base_url=site_url).write_pdf()
