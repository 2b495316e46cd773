"""Writes of the results app: asking for a funder report and building it (in the background)."""

from __future__ import annotations

import logging
from datetime import date
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apertus.core.permissions import need
from apertus.core.validation import full_clean
from apertus.notifications.services import notify
from apertus.results.models import FunderReport, ReportStatus

log = logging.getLogger(__name__)
MAX_QUEUED_PER_PERSON = 3


def funder_report_request(*, actor, period_start: date, period_end: date, language: str = "es") -> FunderReport:
    """Queue a funder report for ``period_start``–``period_end``; the worker builds it and e-mails a link."""
    need(actor, "results.request_funder_report")
    busy = FunderReport.objects.filter(requested_by=actor, status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING])
    if busy.count() >= MAX_QUEUED_PER_PERSON:
        raise ValidationError(
            _("Ya tiene %(n)d reportes en preparación; espere a que terminen.") % {"n": MAX_QUEUED_PER_PERSON}
        )
    report = FunderReport(
        requested_by=actor,
        period_start=period_start,
        period_end=period_end,
        language="en" if str(language).startswith("en") else "es",
    )
    with transaction.atomic():
        full_clean(report)
        report.save()
        transaction.on_commit(partial(_enqueue, report.pk), robust=True)
    return report


def _enqueue(report_id: int) -> None:
    from apertus.results.tasks import build_funder_report

    build_funder_report.enqueue(report_id)


def _step(report: FunderReport, step: int, status: str = ReportStatus.RUNNING) -> None:
    report.step, report.status = step, status
    FunderReport.objects.filter(pk=report.pk).update(step=step, status=status)


def funder_report_build(*, report_id: int) -> FunderReport | None:
    """Compute the framework for the report's period, write its XLSX and PDF, and tell who asked.

    Runs in the worker. Each step is saved, so the report's page shows how far it got. A failure is
    recorded on the report (and logged) rather than retried forever.
    """
    from apertus.results.framework import Period, results_framework
    from apertus.results.report import pdf_bytes
    from apertus.results.tables import workbook_bytes

    report = FunderReport.objects.filter(pk=report_id).select_related("requested_by").first()
    if report is None or report.status == ReportStatus.READY:
        return report
    try:
        with translation.override(report.language):
            _step(report, 1)
            fw = results_framework(period=Period(report.period_start, report.period_end))
            _step(report, 2)
            name = f"apertus-reporte-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"
            report.xlsx.save(f"{name}.xlsx", ContentFile(workbook_bytes(fw)), save=False)
            _step(report, 3)
            report.pdf.save(f"{name}.pdf", ContentFile(pdf_bytes(fw, report=report)), save=False)
            report.status, report.step, report.finished_at = ReportStatus.READY, report.steps, timezone.now()
            report.save(update_fields=["xlsx", "pdf", "status", "step", "finished_at", "updated_at"])
            _tell(report)
    except Exception as exc:  # the report says it failed; the worker keeps going
        log.exception("funder report %s failed", report_id)
        FunderReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error=str(exc)[:255])
        report.refresh_from_db()
    return report


def _tell(report: FunderReport) -> None:
    from apertus.results.apps import REPORT_READY_EVENT

    if report.requested_by_id is None:
        return
    notify(
        event=REPORT_READY_EVENT,
        recipients=[report.requested_by_id],
        title=_("Su reporte para donantes (%(a)s – %(b)s) está listo")
        % {"a": report.period_start.isoformat(), "b": report.period_end.isoformat()},
        body=_("Descargue el PDF y el XLSX desde la página del reporte (solo para coordinación)."),
        url=report.get_absolute_url(),
        dedupe_key=f"funder-report:{report.pk}",
        target=None,
    )
