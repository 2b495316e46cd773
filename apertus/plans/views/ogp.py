"""OGP's commitments export imported from the browser: upload, preview (nothing written), confirm
(all or nothing). Between the steps the uploaded file waits in a private directory under ``VAR_DIR``
(never under ``MEDIA_ROOT``), named by a random token that only the uploader's session knows.

A file of up to ``SYNC_ROWS`` rows is previewed and imported in the request. A larger one (up to
``MAX_ROWS``) becomes an ``OgpImportJob``: the worker previews it and, once confirmed, imports it, and
the job's page shows how far each step got (``services/ogp_jobs.py``)."""

from __future__ import annotations

import io
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apertus.core.forms import apply_service, try_service
from apertus.core.permissions import need
from apertus.plans import selectors
from apertus.plans.ogp_import import ImportReport, ogp_import, read_ogp
from apertus.plans.services import ogp_jobs

MAX_BYTES = 10 * 1024 * 1024
# Each row goes through the services (history, progress, search index): about a tenth of a second a
# row. Up to SYNC_ROWS rows the preview and the import run in the request (a local plan has tens of
# commitments); a larger file, up to MAX_ROWS, runs in the background worker. Larger still: split it,
# or use ``manage.py import_ogp``.
SYNC_ROWS = 500
MAX_ROWS = 5_000
PREVIEW_LINES = 1_000  # rows listed in the preview table (every error is listed anyway)
KEEP_SECONDS = 6 * 3600  # an upload not confirmed by then is gone
SESSION_KEY = "ogp_uploads"
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
BINARY_STARTS = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "ogp-uploads"


def _path(token: str) -> Path:
    return upload_dir() / f"{token}.csv"


def _sweep() -> None:
    """Remove uploads left unconfirmed for longer than ``KEEP_SECONDS``."""
    directory = upload_dir()
    if not directory.is_dir():
        return
    limit = time.time() - KEEP_SECONDS
    for path in directory.glob("*.csv"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


class OgpUploadForm(forms.Form):
    archivo = forms.FileField(
        label=gettext_lazy("Exportación de compromisos de OGP (CSV)"),
        help_text=gettext_lazy(
            "El archivo CSV que descarga opengovpartnership.org, de hasta 10 MB. "
            "Debe tener las columnas «Commitment Title» y «Full Text»."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_archivo(self):
        upload = self.cleaned_data["archivo"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("El archivo pesa más de 10 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError(_("Sube un archivo CSV (.csv). Si lo tienes en Excel, guárdalo como CSV."))
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ValidationError(_("El archivo pesa más de 10 MB."))
        if data.startswith(BINARY_STARTS) or b"\x00" in data:
            raise ValidationError(
                _(
                    "El archivo no es un CSV de texto (parece un Excel, un PDF, una imagen u otro "
                    "archivo binario). Guárdalo como CSV y vuelve a subirlo."
                )
            )
        try:
            _header, records = read_ogp(io.BytesIO(data))
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        if not records:
            raise ValidationError(_("El archivo no tiene filas de compromisos, solo el encabezado."))
        if len(records) > MAX_ROWS:
            raise ValidationError(
                _("El archivo tiene %(n)s filas; el máximo es %(m)s. Divídelo en partes.")
                % {"n": len(records), "m": MAX_ROWS}
            )
        self.cleaned_data["data"] = data
        self.cleaned_data["rows"] = len(records)
        return upload


def _pending(request, plan) -> dict:
    return {
        token: entry for token, entry in request.session.get(SESSION_KEY, {}).items() if entry.get("plan") == plan.pk
    }


def _remember(request, plan, data: bytes, name: str) -> str:
    _sweep()
    token = secrets.token_urlsafe(24)  # 32 characters
    upload_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
    path = _path(token)
    path.write_bytes(data)
    path.chmod(0o600)
    uploads = {t: e for t, e in request.session.get(SESSION_KEY, {}).items() if e.get("plan") != plan.pk}
    for old in _pending(request, plan):  # one upload waiting per plan
        _path(old).unlink(missing_ok=True)
    uploads[token] = {"plan": plan.pk, "name": name[:120], "at": time.time()}
    request.session[SESSION_KEY] = uploads
    return token


def _recall(request, plan, token: str) -> bytes | None:
    if not TOKEN.fullmatch(token or ""):
        return None
    entry = _pending(request, plan).get(token)
    if entry is None or time.time() - entry.get("at", 0) > KEEP_SECONDS:
        return None
    try:
        return _path(token).read_bytes()
    except OSError:
        return None


def _forget(request, token: str) -> None:
    _path(token).unlink(missing_ok=True)
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads


@login_required
@require_http_methods(["GET", "POST"])
def ogp_import_page(request, state: str, edition: int):
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "plans.import_ogp", plan)
    context = {
        "plan": plan,
        "max_rows": MAX_ROWS,
        "sync_rows": SYNC_ROWS,
        "preview_lines": PREVIEW_LINES,
        "jobs": selectors.ogp_jobs_recent(user=request.user, plan=plan),
        "busy_elsewhere": selectors.ogp_job_active_elsewhere(user=request.user, plan=plan),
    }
    if request.method == "GET":
        return render(request, "plans/ogp_import.html", {**context, "form": OgpUploadForm()})
    if "token" in request.POST:
        return _confirm(request, plan, context)
    form = OgpUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "plans/ogp_import.html", {**context, "form": form}, status=400)
    data = form.cleaned_data["data"]
    if form.cleaned_data["rows"] > SYNC_ROWS:
        job = apply_service(
            form,
            lambda: ogp_jobs.ogp_job_request(
                actor=request.user,
                plan=plan,
                data=data,
                rows=form.cleaned_data["rows"],
                file_name=form.cleaned_data["archivo"].name,
            ),
            default="archivo",
        )
        if not job:
            return render(request, "plans/ogp_import.html", {**context, "form": form}, status=400)
        return redirect(job.result.get_absolute_url())
    report = ogp_import(actor=request.user, plan=plan, path_or_file=io.BytesIO(data), dry_run=True)
    token = _remember(request, plan, data, form.cleaned_data["archivo"].name)
    return render(
        request,
        "plans/ogp_import.html",
        {
            **context,
            "step": "preview",
            "report": report,
            "token": token,
            "file_name": form.cleaned_data["archivo"].name,
            "lines": report.lines[:PREVIEW_LINES],
        },
    )


def _confirm(request, plan, context):
    token = request.POST.get("token", "")
    data = _recall(request, plan, token)
    if data is None:
        return render(
            request, "plans/ogp_import.html", {**context, "form": OgpUploadForm(), "expired": True}, status=400
        )
    if selectors.ogp_job_importing(plan=plan):  # two imports at once could both create the same rows
        return render(request, "plans/ogp_import.html", {**context, "form": OgpUploadForm(), "busy": True}, status=409)
    done = try_service(
        lambda: ogp_import(actor=request.user, plan=plan, path_or_file=io.BytesIO(data), all_or_nothing=True)
    )
    _forget(request, token)
    if not done:  # the file was checked at upload; only a change in between gets here
        return render(
            request, "plans/ogp_import.html", {**context, "form": OgpUploadForm(), "expired": True}, status=400
        )
    report = done.result
    if report.rolled_back:
        return render(
            request,
            "plans/ogp_import.html",
            {
                **context,
                "step": "refused",
                "report": report,
                "form": OgpUploadForm(),
                "lines": report.lines[:PREVIEW_LINES],
            },
            status=400,
        )
    return render(request, "plans/ogp_import.html", {**context, "step": "done", "report": report})


# --- Large files: the background job's page ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def ogp_job_page(request, state: str, edition: int, job: int):
    """Progress of a background import, its preview (to confirm) or its outcome; only for the person
    who uploaded the file, while they may import into the plan."""
    plan = selectors.plan_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "plans.import_ogp", plan)
    if job > 2**63 - 1:
        raise Http404
    item = selectors.ogp_job_get(user=request.user, plan=plan, pk=job)
    problem = ""
    if request.method == "POST":
        step = {"confirmar": ogp_jobs.ogp_job_confirm, "cancelar": ogp_jobs.ogp_job_cancel}.get(
            request.POST.get("accion", "")
        )
        if step is None:
            problem = _("Acción desconocida.")
        elif done := try_service(lambda: step(actor=request.user, job=item)):
            return redirect(item.get_absolute_url())
        else:
            problem = done.message
        item = selectors.ogp_job_get(user=request.user, plan=plan, pk=job)
    report = ImportReport.from_json(item.report) if item.report else None
    context = {
        "plan": plan,
        "job": item,
        "report": report,
        "lines": report.lines if report else [],
        "preview_lines": ogp_jobs.REPORT_LINES,
        "problem": problem,
    }
    if request.htmx and request.method == "GET":
        if not item.is_running:  # the step ended: the whole page changes (preview, outcome)
            response = render(request, "plans/_ogp_job_progress.html", context)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "plans/_ogp_job_progress.html", context)
    return render(request, "plans/ogp_job.html", context, status=400 if problem else 200)
