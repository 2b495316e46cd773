"""Large OGP exports imported in the background (``OgpImportJob``): the worker runs the preview (a dry
run), the person who uploaded the file confirms, and the worker runs the import, all or nothing.

The file waits in the same private directory as the in-request uploads (``VAR_DIR/ogp-uploads``, never
``MEDIA_ROOT``), mode 0600, named by the job's random token, and is removed when the job ends (done,
refused, failed, cancelled) or expires. Each step runs inside one transaction (the dry run is rolled
back), so its progress cannot be an UPDATE of the job's row: no other connection would see it until
the end (and on SQLite none may write meanwhile). It goes to a small file beside the upload instead,
rewritten every ``PROGRESS_EVERY`` rows; the job's ``rows_done`` takes the final count.

Steps: ``queued`` (waiting for the worker; ``previewed_at`` empty: the preview, set: the import) →
``previewing`` → ``previewed`` (waits for confirmation, for ``KEEP_SECONDS`` at most) → ``queued`` →
``importing`` → ``done`` or ``refused`` (a row with an error: nothing kept). ``failed`` and
``cancelled`` end it anywhere a person or a fault can.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.permissions import has_perm, need
from apertus.notifications.services import notify
from apertus.plans.models import OGP_JOB_ACTIVE, OgpImportJob, OgpJobStatus
from apertus.plans.ogp_import import ogp_import

log = logging.getLogger(__name__)

KEEP_SECONDS = 6 * 3600  # a preview not confirmed by then expires (as an in-request upload does)
# A running step rewrites its progress file every few seconds; one silent for this long was cut short
# (its worker stopped; its transaction was rolled back with it).
STALE_SECONDS = 15 * 60
REPORT_LINES = 1_000  # rows kept in the stored report (every error and duplicate is kept anyway)
ENDED = (OgpJobStatus.DONE, OgpJobStatus.REFUSED, OgpJobStatus.FAILED, OgpJobStatus.CANCELLED)


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "ogp-uploads"


def job_file(job: OgpImportJob) -> Path:
    return upload_dir() / f"job-{job.token}.ogp"  # not ".csv": the in-request sweep leaves it alone


def progress_file(job: OgpImportJob) -> Path:
    return upload_dir() / f"job-{job.token}.progress"


def busy_message() -> str:
    return _(
        "Ya hay una importación de OGP en curso o esperando confirmación en este plan. Espere a que "
        "termine, o cancélela desde su página, antes de subir otro archivo."
    )


def ogp_job_request(*, actor, plan, data: bytes, file_name: str, rows: int) -> OgpImportJob:
    """Keep the (already checked) file and queue its preview; one active job per plan."""
    need(actor, "plans.import_ogp", plan)
    ogp_job_sweep()
    if OgpImportJob.objects.filter(plan=plan, status__in=OGP_JOB_ACTIVE).exists():
        raise ValidationError(busy_message())
    job = OgpImportJob(
        plan=plan, requested_by=actor, token=secrets.token_urlsafe(24), file_name=file_name[:120], rows_total=rows
    )
    upload_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
    path = job_file(job)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    try:
        with transaction.atomic():
            job.save()
            transaction.on_commit(partial(_enqueue, job.pk, preview=True), robust=True)
    except IntegrityError:  # another upload into the plan got there first
        path.unlink(missing_ok=True)
        raise ValidationError(busy_message()) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return job


def _enqueue(job_id: int, *, preview: bool) -> None:
    from apertus.plans import tasks

    (tasks.preview_ogp_job if preview else tasks.import_ogp_job).enqueue(job_id)


def ogp_job_confirm(*, actor, job: OgpImportJob) -> OgpImportJob:
    """Queue the import of a previewed job (only the person who uploaded it, and only without errors)."""
    need(actor, "plans.import_ogp", job.plan)
    if job.requested_by_id != actor.pk:
        raise ValidationError(_("Solo quien subió el archivo puede confirmar su importación."))
    if job.status != OgpJobStatus.PREVIEWED or _expired(job):
        raise ValidationError(_("Esta importación ya no espera confirmación."))
    if job.report.get("skipped") and any(not s["duplicate"] for s in job.report["skipped"]):
        raise ValidationError(
            _(
                "La vista previa encontró filas con errores y la importación es todo o nada. "
                "Corrija el archivo y vuelva a subirlo."
            )
        )
    with transaction.atomic():
        changed = OgpImportJob.objects.filter(pk=job.pk, status=OgpJobStatus.PREVIEWED).update(
            status=OgpJobStatus.QUEUED, rows_done=0, updated_at=timezone.now()
        )
        if not changed:
            raise ValidationError(_("Esta importación ya no espera confirmación."))
        transaction.on_commit(partial(_enqueue, job.pk, preview=False), robust=True)
    job.refresh_from_db()
    return job


def ogp_job_cancel(*, actor, job: OgpImportJob) -> OgpImportJob:
    """Cancel a job that waits (for the worker, or for confirmation); a running step cannot be stopped."""
    need(actor, "plans.import_ogp", job.plan)
    if job.requested_by_id != actor.pk:
        raise ValidationError(_("Solo quien subió el archivo puede cancelar su importación."))
    changed = OgpImportJob.objects.filter(pk=job.pk, status__in=[OgpJobStatus.QUEUED, OgpJobStatus.PREVIEWED]).update(
        status=OgpJobStatus.CANCELLED, finished_at=timezone.now(), updated_at=timezone.now()
    )
    if not changed:
        raise ValidationError(_("Esta importación ya está en curso o terminó: no se puede cancelar."))
    _discard(job)
    job.refresh_from_db()
    return job


def ogp_job_preview(*, job_id: int) -> OgpImportJob | None:
    """The worker's first step: the dry run, with its progress; the report is kept on the job."""
    ogp_job_sweep()
    return _run(job_id, preview=True)


def ogp_job_import(*, job_id: int) -> OgpImportJob | None:
    """The worker's second step: the import, all or nothing, with its progress."""
    ogp_job_sweep()
    return _run(job_id, preview=False)


def _run(job_id: int, *, preview: bool) -> OgpImportJob | None:
    running = OgpJobStatus.PREVIEWING if preview else OgpJobStatus.IMPORTING
    now = timezone.now()
    claimed = OgpImportJob.objects.filter(pk=job_id, status=OgpJobStatus.QUEUED, previewed_at__isnull=preview).update(
        status=running, rows_done=0, updated_at=now
    )
    if not claimed:  # cancelled, already run, or the other step's turn: nothing to do
        return OgpImportJob.objects.filter(pk=job_id).first()
    job = OgpImportJob.objects.select_related("plan__state", "requested_by").get(pk=job_id)
    actor = job.requested_by
    if actor is None or not actor.is_active or not has_perm(actor, "plans.import_ogp", job.plan):
        return _fail(job, _("Quien subió el archivo ya no puede importar en este plan."))
    try:
        report = ogp_import(
            actor=actor,
            plan=job.plan,
            path_or_file=job_file(job),
            dry_run=preview,
            all_or_nothing=True,
            progress=partial(_record_progress, progress_file(job)),
        )
    except (ValidationError, OSError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [_("El archivo ya no está disponible.")]
        return _fail(job, "; ".join(messages))
    except Exception:  # the job says it failed; the worker keeps going
        log.exception("OGP import job %s failed", job_id)
        return _fail(job, _("Error inesperado al procesar el archivo; el equipo técnico lo puede ver en el registro."))
    finally:
        progress_file(job).unlink(missing_ok=True)
    job.report = report.as_json(lines=REPORT_LINES)
    job.rows_done = report.rows
    if preview:
        job.status, job.previewed_at = OgpJobStatus.PREVIEWED, timezone.now()
    else:
        job.status = OgpJobStatus.REFUSED if report.rolled_back else OgpJobStatus.DONE
        job.finished_at = timezone.now()
    with transaction.atomic():
        job.save(update_fields=["report", "rows_done", "status", "previewed_at", "finished_at", "updated_at"])
        _tell(job)
    if not preview:
        _discard(job)
    return job


def _record_progress(path: Path, done: int, total: int) -> None:
    """Written beside the upload and swapped in whole, so a reader never sees half a line."""
    partial_path = path.with_suffix(".tmp")
    try:
        partial_path.write_text(f"{done} {total}")
        os.replace(partial_path, path)
    except OSError:  # progress is a courtesy: never the reason an import fails
        log.warning("could not record the progress of %s", path.name)


def read_progress(job: OgpImportJob) -> int:
    """Rows done by the running step (from its progress file), else the job's own count."""
    if job.status not in (OgpJobStatus.PREVIEWING, OgpJobStatus.IMPORTING):
        return job.rows_done
    try:
        done = int(progress_file(job).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return job.rows_done
    return min(max(done, 0), job.rows_total)


def _fail(job: OgpImportJob, message: str) -> OgpImportJob:
    job.status, job.error, job.finished_at = OgpJobStatus.FAILED, message[:255], timezone.now()
    with transaction.atomic():
        job.save(update_fields=["status", "error", "finished_at", "updated_at"])
        _tell(job)
    _discard(job)
    return job


def _discard(job: OgpImportJob) -> None:
    for path in (job_file(job), progress_file(job)):
        path.unlink(missing_ok=True)


def _recent(path: Path, since: float) -> bool:
    try:
        return path.stat().st_mtime >= since
    except OSError:
        return False


def _expired(job: OgpImportJob) -> bool:
    return job.previewed_at is not None and job.previewed_at < timezone.now() - timedelta(seconds=KEEP_SECONDS)


def _tell(job: OgpImportJob) -> None:
    """In-app notice and e-mail (per the person's preferences) with the job page's link."""
    from apertus.plans.apps import OGP_JOB_EVENT

    if job.requested_by_id is None:
        return
    titles = {
        OgpJobStatus.PREVIEWED: _("La vista previa de «%(f)s» está lista: revísela y confirme la importación"),
        OgpJobStatus.DONE: _("La importación de «%(f)s» terminó"),
        OgpJobStatus.REFUSED: _("La importación de «%(f)s» no guardó nada: hay filas con errores"),
        OgpJobStatus.FAILED: _("La importación de «%(f)s» falló"),
    }
    report = job.report or {}
    body = {
        OgpJobStatus.PREVIEWED: _("%(n)s filas revisadas en el plan %(p)s. Nada se guarda hasta que confirme."),
        OgpJobStatus.DONE: _("%(c)s compromisos creados en el plan %(p)s."),
        OgpJobStatus.REFUSED: _("Ninguna fila se guardó en el plan %(p)s. La página de la importación las lista."),
        OgpJobStatus.FAILED: _("El plan %(p)s no cambió. %(e)s"),
    }[job.status] % {"n": job.rows_total, "c": report.get("created", 0), "p": job.plan.title, "e": job.error}
    step = "preview" if job.status == OgpJobStatus.PREVIEWED else "end"
    notify(
        event=OGP_JOB_EVENT,
        recipients=[job.requested_by_id],
        title=titles[job.status] % {"f": job.file_name},
        body=body,
        url=job.get_absolute_url(),
        dedupe_key=f"ogp-job:{job.pk}:{step}",
        target=None,
    )


def ogp_job_sweep() -> None:
    """Expire previews left unconfirmed, fail steps cut short by a stopped worker, and remove files that
    no waiting job needs."""
    now = timezone.now()
    ending = [
        (
            Q(status=OgpJobStatus.PREVIEWED, previewed_at__lt=now - timedelta(seconds=KEEP_SECONDS)),
            OgpJobStatus.CANCELLED,
            _("La vista previa expiró sin confirmarse."),
        ),
        (
            Q(
                status__in=[OgpJobStatus.PREVIEWING, OgpJobStatus.IMPORTING],
                updated_at__lt=now - timedelta(seconds=STALE_SECONDS),
            ),
            OgpJobStatus.FAILED,
            _("El proceso se interrumpió; no se guardó nada."),
        ),
    ]
    for condition, status, error in ending:
        for job in OgpImportJob.objects.filter(condition).only("pk", "token", "status"):
            if status == OgpJobStatus.FAILED and _recent(progress_file(job), now.timestamp() - STALE_SECONDS):
                continue  # still writing its progress: alive
            # Each one again with its condition: a job that moved on meanwhile is left alone.
            if OgpImportJob.objects.filter(condition, pk=job.pk).update(
                status=status, error=error, finished_at=now, updated_at=now
            ):
                _discard(job)
    directory = upload_dir()
    if not directory.is_dir():
        return
    waiting = set(OgpImportJob.objects.filter(status__in=OGP_JOB_ACTIVE).values_list("token", flat=True))
    limit = time.time() - 3600  # a file younger than this may belong to a job not committed yet
    for path in directory.glob("job-*"):
        token = path.name[4:].split(".")[0]
        try:
            if token not in waiting and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue
