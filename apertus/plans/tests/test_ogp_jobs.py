"""Large OGP exports imported in the background: the worker previews (nothing written) with progress,
the uploader confirms, the worker imports all or nothing and tells them; the job page is the
uploader's alone; hostile input changes nothing; one active job per plan; bounded queries."""

import io
import os
import re
import stat
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apertus.accounts.models import Role
from apertus.accounts.services import role_assign, user_create
from apertus.core.testing import ROLE_KEYS, assert_matrix, client_for, only
from apertus.notifications.models import Notification
from apertus.plans import ogp_import as ogp_import_module
from apertus.plans import selectors
from apertus.plans.models import Commitment, OgpImportJob, OgpJobStatus
from apertus.plans.ogp_import import ImportReport
from apertus.plans.services import ogp_jobs
from apertus.plans.tests.test_ogp_import import _row
from apertus.plans.tests.test_ogp_import_page import counts, csv_bytes, upload, url
from apertus.plans.views import ogp as ogp_views


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.VAR_DIR / "ogp-uploads"


@pytest.fixture
def background(monkeypatch):
    """Files of more than 3 rows go to the worker (so a test needs a handful of rows, not 501)."""
    monkeypatch.setattr(ogp_views, "SYNC_ROWS", 3)


def rows(n, prefix="MX", **extra):
    return [
        _row(
            **{
                "Commitment Unique Identifier": f"{prefix}{i:04d}",
                "Commitment Title": f"Compromiso {prefix}{i}",
                "Start Date": "2025-01-01",
                "End Date": "2026-12-31",
                **extra,
            }
        )
        for i in range(n)
    ]


def job_url(plan, pk):
    return f"{url(plan)}{pk}/"


def start(client, plan, data, capture, name="grande.csv"):
    """Upload ``data``; the worker's preview runs at commit (inline in tests). Returns the response."""
    with capture(execute=True):
        return upload(client, plan, data, name=name)


def post(client, path, action, capture):
    with capture(execute=True):
        return client.post(path, {"accion": action})


def test_a_large_file_is_previewed_then_imported_in_the_background_and_the_uploader_is_told(
    people, oaxaca_plan, private_dir, background, django_capture_on_commit_callbacks
):
    coordinator = people["coordinator"]
    client = client_for(coordinator)
    data = csv_bytes(*rows(5))
    before = counts()
    response = start(client, oaxaca_plan, data, django_capture_on_commit_callbacks)
    job = OgpImportJob.objects.get(plan=oaxaca_plan)
    assert response.status_code == 302 and response["Location"] == job_url(oaxaca_plan, job.pk)
    assert job.status == OgpJobStatus.PREVIEWED and job.rows_total == 5 and job.rows_done == 5
    assert counts() == before  # the preview wrote nothing
    # The file waits privately (0600, under VAR_DIR, never the media root) until the import ends.
    kept = private_dir / f"job-{job.token}.ogp"
    assert kept.read_bytes() == data and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))
    # The report is stored: counts, lines, mapping; the uploader hears that the preview is ready.
    assert job.report["created"] == 5 and len(job.report["lines"]) == 5 and job.report["skipped"] == []
    assert ["Commitment Title", "Título", True] in job.report["mapping"]
    told = [m for m in mail.outbox if coordinator.email in m.to]
    assert len(told) == 1 and job.get_absolute_url() in told[0].body and "vista previa" in told[0].subject.lower()

    page = client.get(job_url(oaxaca_plan, job.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert "5 compromisos se crearían" in html and 'data-testid="ogp-mapping"' in html
    assert html.count('data-testid="ogp-row-') == 5 and "Compromiso MX3" in html
    assert 'data-testid="ogp-confirm"' in html and 'http-equiv="refresh"' not in html  # nothing runs now

    done = post(client, job_url(oaxaca_plan, job.pk), "confirmar", django_capture_on_commit_callbacks)
    assert done.status_code == 302
    job.refresh_from_db()
    assert job.status == OgpJobStatus.DONE and job.finished_at and job.percent == 100
    assert Commitment.objects.filter(plan=oaxaca_plan).count() == before[0] + 5
    assert not kept.exists() and not any(private_dir.iterdir())  # swept when done
    told = [m for m in mail.outbox if coordinator.email in m.to]
    assert len(told) == 2 and "terminó" in told[1].subject and job.get_absolute_url() in told[1].body
    assert Notification.objects.filter(recipient=coordinator, url=job.get_absolute_url()).count() == 2
    html = client.get(job_url(oaxaca_plan, job.pk)).content.decode()
    assert 'data-testid="ogp-done"' in html and "5 compromisos creados" in html
    listing = client.get(url(oaxaca_plan)).content.decode()
    assert f'href="{job_url(oaxaca_plan, job.pk)}"' in listing and "grande.csv" in listing
    # Confirming again does nothing.
    again = post(client, job_url(oaxaca_plan, job.pk), "confirmar", django_capture_on_commit_callbacks)
    assert again.status_code == 400 and Commitment.objects.filter(plan=oaxaca_plan).count() == before[0] + 5


def test_progress_is_recorded_while_a_step_runs_and_the_page_shows_it(
    people, oaxaca_plan, background, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(ogp_import_module, "PROGRESS_EVERY", 2)
    client = client_for(people["coordinator"])
    seen = []
    record = ogp_jobs._record_progress

    def spy(path, done, total):
        record(path, done, total)
        job = OgpImportJob.objects.get(plan=oaxaca_plan)
        html = client.get(job_url(oaxaca_plan, job.pk)).content.decode()  # what the person sees meanwhile
        bar = re.search(r'<progress id="ogp-job-bar" max="(\d+)" value="(\d+)"', html)
        seen.append((job.status, int(bar[2]), int(bar[1]), "every 3s" in html, 'http-equiv="refresh"' in html))

    monkeypatch.setattr(ogp_jobs, "_record_progress", spy)
    start(client, oaxaca_plan, csv_bytes(*rows(5)), django_capture_on_commit_callbacks)
    assert seen == [(OgpJobStatus.PREVIEWING, n, 5, True, True) for n in (2, 4, 5)]
    job = OgpImportJob.objects.get(plan=oaxaca_plan)
    seen.clear()
    post(client, job_url(oaxaca_plan, job.pk), "confirmar", django_capture_on_commit_callbacks)
    assert seen == [(OgpJobStatus.IMPORTING, n, 5, True, True) for n in (2, 4, 5)]
    assert not list(ogp_jobs.upload_dir().glob("*.progress"))  # the progress file goes with the step


def test_ogp_import_reports_progress_without_changing_what_it_does(oaxaca_plan):
    calls = []
    data = csv_bytes(*rows(120))
    report = ogp_import_module.ogp_import(
        actor=None,
        plan=oaxaca_plan,
        path_or_file=io.BytesIO(data),
        dry_run=True,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(50, 120), (100, 120), (120, 120)]
    assert report.created == 120 and report.rolled_back
    plain = ogp_import_module.ogp_import(actor=None, plan=oaxaca_plan, path_or_file=io.BytesIO(data), dry_run=True)
    assert plain.created == report.created and [ln.title for ln in plain.lines] == [ln.title for ln in report.lines]
    # The stored form of the report gives the same report back (what the job page shows).
    again = ImportReport.from_json(report.as_json(lines=10))
    assert (again.rows, again.created, again.milestones, again.encoding) == (120, 120, 120, report.encoding)
    assert again.mapping() == report.mapping() and len(again.lines) == 10
    assert (again.lines[3].title, again.lines[3].start, again.lines[3].milestone) == (
        report.lines[3].title,
        report.lines[3].start,
        report.lines[3].milestone,
    )


def test_the_import_is_all_or_nothing_when_a_row_fails_only_at_import_time(
    people, oaxaca_plan, private_dir, background, monkeypatch, django_capture_on_commit_callbacks
):
    client = client_for(people["coordinator"])
    start(client, oaxaca_plan, csv_bytes(*rows(6)), django_capture_on_commit_callbacks)
    job = OgpImportJob.objects.get(plan=oaxaca_plan)
    assert job.status == OgpJobStatus.PREVIEWED
    before = counts()
    made = []
    real = ogp_import_module.services.commitment_create

    def fails_on_the_fifth(**kwargs):  # something outside the file goes wrong midway
        made.append(kwargs["title"])
        if len(made) == 5:
            raise RuntimeError("disco lleno")
        return real(**kwargs)

    monkeypatch.setattr(ogp_import_module.services, "commitment_create", fails_on_the_fifth)
    post(client, job_url(oaxaca_plan, job.pk), "confirmar", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert len(made) == 5 and job.status == OgpJobStatus.FAILED and job.error
    assert counts() == before  # the four rows made before the failure were undone with it
    assert not any(private_dir.iterdir())
    assert "falló" in [m for m in mail.outbox if people["coordinator"].email in m.to][-1].subject
    html = client.get(job_url(oaxaca_plan, job.pk)).content.decode()
    assert 'data-testid="ogp-job-failed"' in html and "disco lleno" not in html  # no internals shown


def test_a_row_with_an_error_blocks_the_confirmation_and_the_worker_refuses_it_anyway(
    people, oaxaca_plan, private_dir, background, django_capture_on_commit_callbacks
):
    client = client_for(people["coordinator"])
    data = csv_bytes(*rows(4), _row(**{"Commitment Unique Identifier": "MX9999", "Full Text": ""}))
    start(client, oaxaca_plan, data, django_capture_on_commit_callbacks)
    job = OgpImportJob.objects.get(plan=oaxaca_plan)
    assert job.status == OgpJobStatus.PREVIEWED
    errors = [s for s in job.report["skipped"] if not s["duplicate"]]
    assert [e["identifier"] for e in errors] == ["MX9999"] and "Full Text" in errors[0]["reason"]
    html = client.get(job_url(oaxaca_plan, job.pk)).content.decode()
    assert 'data-testid="ogp-blocked"' in html and 'data-testid="ogp-confirm"' not in html and "MX9999" in html
    before = counts()
    refused = post(client, job_url(oaxaca_plan, job.pk), "confirmar", django_capture_on_commit_callbacks)
    assert refused.status_code == 400 and 'data-testid="ogp-job-problem"' in refused.content.decode()
    job.refresh_from_db()
    assert job.status == OgpJobStatus.PREVIEWED and counts() == before
    # Were the import queued all the same (e.g. the row breaks only now), the worker keeps nothing.
    OgpImportJob.objects.filter(pk=job.pk).update(status=OgpJobStatus.QUEUED)
    ogp_jobs.ogp_job_import(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == OgpJobStatus.REFUSED and job.report["rolled_back"] and job.report["created"] == 4
    assert counts() == before and not any(private_dir.iterdir())
    html = client.get(job_url(oaxaca_plan, job.pk)).content.decode()
    assert 'data-testid="ogp-refused"' in html and "MX9999" in html


def test_who_sees_the_job_page(people, oaxaca_plan, sonora_plan, background, django_capture_on_commit_callbacks):
    start(client_for(people["coordinator"]), oaxaca_plan, csv_bytes(*rows(4)), django_capture_on_commit_callbacks)
    job = OgpImportJob.objects.get(plan=oaxaca_plan)
    page = job_url(oaxaca_plan, job.pk)
    assert page == reverse(
        "plans:ogp_job", kwargs={"state": oaxaca_plan.state.slug, "edition": oaxaca_plan.edition, "job": job.pk}
    )
    no = {**only(["coordinator"], 200, 403), "anonymous": 302}
    assert_matrix(
        people,
        {
            ("GET", page): no,
            ("GET", job_url(sonora_plan, job.pk)): {
                **only(["coordinator"], 404, 403),
                "anonymous": 302,
            },  # another plan
            ("GET", job_url(oaxaca_plan, job.pk + 1000)): {**only(["coordinator"], 404, 403), "anonymous": 302},
            ("GET", f"{url(oaxaca_plan)}{2**63}/"): {**only(["coordinator"], 404, 403), "anonymous": 302},
            ("GET", f"{url(oaxaca_plan)}abc/"): dict.fromkeys(ROLE_KEYS, 404),
            ("GET", f"{url(oaxaca_plan)}-1/"): dict.fromkeys(ROLE_KEYS, 404),
        },
    )
    before = counts()
    assert_matrix(
        people, {("POST", page): {**only(["coordinator"], 400, 403), "anonymous": 302}}, data={"accion": "borrar-todo"}
    )
    for role in ROLE_KEYS:
        if role != "coordinator":
            client = client_for(people[role])
            for action in ("cancelar", "confirmar"):
                assert client.post(page, {"accion": action}).status_code == (302 if role == "anonymous" else 403)
    job.refresh_from_db()
    assert job.status == OgpJobStatus.PREVIEWED and counts() == before
    # Another coordinator may import into the plan, but this job is not theirs: 404, and it stays.
    other = user_create(
        email="otra.coordinadora@test.apertus.mx",
        password="contraseña-de-prueba-1",
        first_name="Otra",
        last_name="Prueba",
    )
    role_assign(actor=None, user=other, role=Role.COORDINATOR)
    client = client_for(other)
    assert client.get(page).status_code == 404
    assert client.post(page, {"accion": "confirmar"}).status_code == 404
    assert client.post(page, {"accion": "cancelar"}).status_code == 404
    job.refresh_from_db()
    assert job.status == OgpJobStatus.PREVIEWED and counts() == before
    listing = client.get(url(oaxaca_plan)).content.decode()
    assert page not in listing and 'data-testid="ogp-busy-elsewhere"' in listing


def test_one_active_job_per_plan(people, oaxaca_plan, sonora_plan, private_dir, background):
    client = client_for(people["coordinator"])
    first = upload(client, oaxaca_plan, csv_bytes(*rows(4)))  # the worker's turn never comes: it stays queued
    assert first.status_code == 302
    job = OgpImportJob.objects.get()
    assert job.status == OgpJobStatus.QUEUED
    second = upload(client, oaxaca_plan, csv_bytes(*rows(5, prefix="AB")))
    html = second.content.decode()
    assert second.status_code == 400 and 'data-testid="ogp-form-error"' in html and "Ya hay una importación" in html
    assert OgpImportJob.objects.count() == 1 and len(list(private_dir.iterdir())) == 1
    assert upload(client, sonora_plan, csv_bytes(*rows(4))).status_code == 302  # another plan is free
    # A small file's import waits while a background import into the plan is confirmed or running.
    OgpImportJob.objects.filter(pk=job.pk).update(status=OgpJobStatus.IMPORTING, previewed_at=timezone.now())
    preview = upload(client, oaxaca_plan, csv_bytes(*rows(2, prefix="SM")))
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())[1]
    before = counts()
    busy = client.post(url(oaxaca_plan), {"token": token})
    assert busy.status_code == 409 and 'data-testid="ogp-busy"' in busy.content.decode() and counts() == before


def test_a_queued_job_can_be_cancelled_and_a_running_one_cannot(people, oaxaca_plan, private_dir):
    client = client_for(people["coordinator"])
    response = upload(client, oaxaca_plan, csv_bytes(*rows(501)))  # over the in-request limit: background
    job = OgpImportJob.objects.get()
    assert response.status_code == 302 and job.status == OgpJobStatus.QUEUED and job.rows_total == 501
    html = client.get(job_url(oaxaca_plan, job.pk)).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html  # without JavaScript
    assert 'hx-trigger="every 3s"' in html and "htmx.min.js" in html  # with it
    assert 'value="0"' in html and "0 de 501 filas (0 %)" in html and 'data-testid="ogp-job-cancel"' in html
    assert client.post(job_url(oaxaca_plan, job.pk), {"accion": "cancelar"}).status_code == 302
    job.refresh_from_db()
    assert job.status == OgpJobStatus.CANCELLED and not any(private_dir.iterdir())
    assert ogp_jobs.ogp_job_preview(job_id=job.pk).status == OgpJobStatus.CANCELLED  # the worker skips it
    # A running step cannot be cancelled.
    upload(client, oaxaca_plan, csv_bytes(*rows(501, prefix="RN")))
    running = OgpImportJob.objects.get(status=OgpJobStatus.QUEUED)
    OgpImportJob.objects.filter(pk=running.pk).update(status=OgpJobStatus.IMPORTING)
    refused = client.post(job_url(oaxaca_plan, running.pk), {"accion": "cancelar"})
    assert refused.status_code == 400 and "no se puede cancelar" in refused.content.decode()
    running.refresh_from_db()
    assert running.status == OgpJobStatus.IMPORTING


def test_htmx_polls_a_fragment_and_reloads_the_page_when_the_step_ends(people, oaxaca_plan):
    client = client_for(people["coordinator"])
    upload(client, oaxaca_plan, csv_bytes(*rows(501)))
    job = OgpImportJob.objects.get()
    fragment = client.get(job_url(oaxaca_plan, job.pk), headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert "0 de 501 filas" in fragment.content.decode() and "HX-Refresh" not in fragment
    OgpImportJob.objects.filter(pk=job.pk).update(status=OgpJobStatus.CANCELLED)
    assert client.get(job_url(oaxaca_plan, job.pk), headers={"HX-Request": "true"})["HX-Refresh"] == "true"


@pytest.mark.parametrize("n, cap, message", [(6, 5, "El archivo tiene 6 filas; el máximo es 5")])
def test_a_file_over_the_cap_is_refused_and_nothing_is_stored(
    people, oaxaca_plan, private_dir, background, monkeypatch, n, cap, message
):
    monkeypatch.setattr(ogp_views, "MAX_ROWS", cap)
    before = counts()
    response = upload(client_for(people["coordinator"]), oaxaca_plan, csv_bytes(*rows(n)))
    assert response.status_code == 400 and message in response.content.decode()
    assert not OgpImportJob.objects.exists() and counts() == before
    assert not private_dir.exists() or not any(private_dir.iterdir())


def test_the_real_cap_is_five_thousand_rows(people, oaxaca_plan, private_dir):
    data = b"Commitment Title,Full Text\n" + b"".join(b"t%d,x\n" % i for i in range(5_001))
    response = upload(client_for(people["coordinator"]), oaxaca_plan, data)
    assert response.status_code == 400 and "El archivo tiene 5001 filas; el máximo es 5000" in response.content.decode()
    assert not OgpImportJob.objects.exists() and (not private_dir.exists() or not any(private_dir.iterdir()))


def test_the_sweep_expires_old_previews_fails_stuck_steps_and_removes_orphan_files(
    people, oaxaca_plan, sonora_plan, private_dir, background, django_capture_on_commit_callbacks
):
    client = client_for(people["coordinator"])
    start(client, oaxaca_plan, csv_bytes(*rows(4)), django_capture_on_commit_callbacks)
    old = OgpImportJob.objects.get(plan=oaxaca_plan)
    long_ago = timezone.now() - timedelta(seconds=ogp_jobs.KEEP_SECONDS + 60)
    OgpImportJob.objects.filter(pk=old.pk).update(previewed_at=long_ago)
    upload(client, sonora_plan, csv_bytes(*rows(4)))
    stuck = OgpImportJob.objects.get(plan=sonora_plan)
    OgpImportJob.objects.filter(pk=stuck.pk).update(status=OgpJobStatus.IMPORTING, updated_at=long_ago)
    orphan = private_dir / "job-huerfano.ogp"
    orphan.write_bytes(b"x")
    os.utime(orphan, (0, 0))
    alive = ogp_jobs.progress_file(stuck)
    alive.write_text("100 4")  # a step that still writes its progress is not stuck, however old it is
    ogp_jobs.ogp_job_sweep()
    stuck.refresh_from_db()
    assert stuck.status == OgpJobStatus.IMPORTING and not orphan.exists()
    os.utime(alive, (0, 0))  # silent for long: its worker stopped
    ogp_jobs.ogp_job_sweep()
    old.refresh_from_db()
    stuck.refresh_from_db()
    assert old.status == OgpJobStatus.CANCELLED and "expiró" in old.error
    assert stuck.status == OgpJobStatus.FAILED and not alive.exists()
    assert not (private_dir / f"job-{old.token}.ogp").exists()
    assert client.post(job_url(oaxaca_plan, old.pk), {"accion": "confirmar"}).status_code == 400


def test_the_job_page_and_the_list_take_a_bounded_number_of_queries(
    people, oaxaca_plan, background, django_capture_on_commit_callbacks
):
    client = client_for(people["coordinator"])

    def page_queries(n, prefix):
        start(client, oaxaca_plan, csv_bytes(*rows(n, prefix=prefix)), django_capture_on_commit_callbacks)
        job = OgpImportJob.objects.get(plan=oaxaca_plan, status=OgpJobStatus.PREVIEWED)
        client.get(job_url(oaxaca_plan, job.pk))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(job_url(oaxaca_plan, job.pk)).status_code == 200
        with CaptureQueriesContext(connection) as listing:
            assert client.get(url(oaxaca_plan)).status_code == 200
        ogp_jobs.ogp_job_cancel(actor=people["coordinator"], job=job)
        return len(queries), len(listing)

    small, large = page_queries(4, "AA"), page_queries(30, "BB")
    for _n in range(5):
        page_queries(4, "CC")
    more = page_queries(4, "DD")
    assert small[0] == large[0] == more[0] and small[0] <= 12
    assert small[1] == more[1] and small[1] <= 14  # one job listed, then eight: no query per job
    assert len(selectors.ogp_jobs_recent(user=people["coordinator"], plan=oaxaca_plan)) == 8


def test_the_admin_of_import_jobs_is_for_developers_and_changes_nothing(people, oaxaca_plan):
    from apertus.accounts.services import user_create

    upload(client_for(people["coordinator"]), oaxaca_plan, csv_bytes(*rows(501)))
    job = OgpImportJob.objects.get()
    admin = "/admin/plans/ogpimportjob/"
    # Coordination follows imports on the plan's import page; the admin is a developer's tool.
    assert_matrix(
        people,
        {
            ("GET", admin): only(["coordinator"], 403, 302),
            ("GET", f"{admin}{job.pk}/change/"): only(["coordinator"], 403, 302),
            ("GET", f"{admin}add/"): only(["coordinator"], 403, 302),
        },
    )
    developer = user_create(email="dev.ogp@test.apertus.mx", password="x-clave-larga-1", first_name="D", last_name="P")
    developer.is_superuser = developer.is_staff = True
    developer.save(update_fields=["is_superuser", "is_staff"])
    dev = client_for(developer)
    assert dev.get(admin).status_code == 200 and dev.get(f"{admin}{job.pk}/change/").status_code == 200
    assert dev.get(f"{admin}add/").status_code == 403  # jobs start from the import page only
    dev.post(f"{admin}{job.pk}/change/", {"status": OgpJobStatus.DONE})
    job.refresh_from_db()
    assert job.status == OgpJobStatus.QUEUED
