from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.concurrency import lock_version
from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.core.validation import full_clean
from apertus.documents.models import DocumentKind
from apertus.documents.services import document_create
from apertus.plans.models import Evidence, Milestone, MilestoneStatus, ProgressReport
from apertus.plans.notices import progress_reported
from apertus.plans.progress import recompute_commitment
from apertus.plans.services.common import apply
from apertus.search import index as search_index

MILESTONE_FIELDS = {"title", "deliverable", "start_date", "end_date", "weight", "responsible"}


def _check_status(status: str, progress: int) -> None:
    if status not in MilestoneStatus.values:
        raise ValidationError({"status": _("Estatus desconocido.")})
    if not 0 <= int(progress) <= 100:
        raise ValidationError({"progress": _("El avance debe estar entre 0 y 100.")})
    if status == MilestoneStatus.COMPLETED and int(progress) != 100:
        raise ValidationError({"progress": _("Un hito completado debe tener 100% de avance.")})
    if status == MilestoneStatus.NOT_STARTED and int(progress) != 0:
        raise ValidationError({"status": _("Un hito con avance no puede estar «no iniciado».")})


def milestone_create(*, actor, commitment, number: int | None = None, **fields) -> Milestone:
    require(actor, "plans.change_commitment", commitment)
    with transaction.atomic():
        if number is None:
            last = (
                Milestone.all_objects.filter(commitment=commitment)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            number = (last or 0) + 1
        milestone = Milestone(commitment=commitment, number=number)
        apply(milestone, fields, MILESTONE_FIELDS | {"status", "progress"})
        _check_status(milestone.status, milestone.progress)
        save_with_history(milestone, actor)
        recompute_commitment(commitment.pk)
        search_index.update(milestone)
        search_index.update(commitment, follow=False)  # its completion; its other milestones are unchanged
    return milestone


def milestone_update(*, actor, milestone: Milestone, expected_version: int | None, **fields) -> Milestone:
    """Edit what a milestone is (not its progress: that goes through ``progress_report``)."""
    require(actor, "plans.change_commitment", milestone)
    with transaction.atomic():
        current = lock_version(Milestone, pk=milestone.pk, expected_version=expected_version, submitted=fields)
        apply(current, fields, MILESTONE_FIELDS)
        current.version += 1
        save_with_history(current, actor)
        recompute_commitment(current.commitment_id)
        search_index.update(current)
    return current


def milestone_delete(*, actor, milestone: Milestone, reason: str) -> Milestone:
    require(actor, "plans.delete_commitment", milestone)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Indica el motivo de la eliminación.")})
    with transaction.atomic():
        current = Milestone.objects.select_for_update().get(pk=milestone.pk)
        current.is_deleted, current.deleted_at, current.deleted_reason = True, timezone.now(), reason.strip()[:255]
        current.version += 1
        attribute(current, actor)
        current._change_reason = reason.strip()
        current.save()
        recompute_commitment(current.commitment_id)
        search_index.update(current)
        search_index.update(current.commitment)
    return current


def evidence_add(*, actor, milestone: Milestone, description: str, date=None, document=None, url: str = "") -> Evidence:
    """Attach a file (a Document already validated) or a link to a milestone."""
    require(actor, "plans.report_progress", milestone)
    if document is None and not url:
        raise ValidationError(_("La evidencia necesita un archivo o un enlace."))
    if url and not url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": _("El enlace debe empezar con http:// o https://.")})
    evidence = Evidence(
        milestone=milestone,
        description=(description or "").strip(),
        date=date or timezone.localdate(),
        document=document,
        url=url,
        added_by=actor,
    )
    full_clean(evidence)
    with transaction.atomic():
        attribute(evidence, actor)
        evidence.save()
        if document is not None and milestone.commitment.plan.is_public and not document.is_public:
            # Evidence of a public plan is public, like the plan.
            type(document).objects.filter(pk=document.pk).update(is_public=True)
        recompute_commitment(milestone.commitment_id)
    return evidence


def progress_report(
    *,
    actor,
    milestone: Milestone,
    progress: int,
    status: str,
    note: str = "",
    expected_version: int | None = None,
    evidence: list[Evidence] = (),
    new_evidence: list[dict] = (),
    source: str = "web",
) -> ProgressReport:
    """Record progress on a milestone: who, when, how much, with which evidence; then roll it up.

    ``new_evidence`` items (``{"description", "url"|"document"|"upload"}``) are created in the same
    transaction, after the version check: if the report is refused (conflict, bad input), no
    evidence, no document and no stored file is left behind. An ``upload`` becomes a private
    evidence document of the plan's state (public with the evidence of a public plan).
    """
    require(actor, "plans.report_progress", milestone)
    _check_status(status, progress)
    kept: list = []  # documents stored by this report: their files go if it is refused
    try:
        with transaction.atomic():
            current = lock_version(
                Milestone,
                pk=milestone.pk,
                expected_version=expected_version,
                submitted={"progress": progress, "status": status},
            )
            evidence = list(evidence) + [
                evidence_add(actor=actor, milestone=milestone, **_stored(actor, milestone, item, kept))
                for item in new_evidence
            ]
            report = _report_save(actor, current, progress, status, note, source, evidence)
    except BaseException:
        for document in kept:
            document.file.storage.delete(document.file.name)
        raise
    return report


def _stored(actor, milestone: Milestone, item: dict, kept: list) -> dict:
    """An evidence item with its ``upload`` kept as a Document (inside the report's transaction)."""
    if "upload" not in item:
        return item
    item = dict(item)
    upload = item.pop("upload")
    document = document_create(
        actor=actor,
        upload=upload,
        title=item.get("description") or "",
        kind=DocumentKind.EVIDENCE,
        state=milestone.commitment.plan.state,
        is_public=False,
    )
    kept.append(document)
    item["document"] = document
    return item


def _report_save(
    actor, current: Milestone, progress: int, status: str, note: str, source: str, evidence
) -> ProgressReport:
    report = ProgressReport(
        milestone=current,
        commitment_id=current.commitment_id,
        reported_by=actor,
        progress_before=current.progress,
        progress_after=int(progress),
        status_after=status,
        note=note,
        source=source,
    )
    save_with_history(report, actor)
    if evidence:
        report.evidence.set(evidence)
    current.progress, current.status = int(progress), status
    current.version += 1
    attribute(current, actor)
    current._change_reason = _("Reporte de avance")
    current.save()
    recompute_commitment(current.commitment_id)
    search_index.update(current)  # its status, and the commitment's completion
    search_index.update(current.commitment, follow=False)
    progress_reported(report)  # followers hear of it, once, if the report is kept
    return report
