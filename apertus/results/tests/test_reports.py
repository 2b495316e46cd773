"""Funder reports: only coordination asks for and downloads them; built in the background; the PDF and
the XLSX say what the hand count says; the person who asked gets an e-mail with the link."""

import io
import re
from datetime import date

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from apertus.core.testing import assert_matrix, client_for, data_kept_copy_with_files, only
from apertus.results import services
from apertus.results.models import FunderReport, ReportStatus
from apertus.results.tests.pdf import page_count, pdf_streams, pdf_text

PERIOD = {"desde": "2016-12-01", "hasta": "2027-12-31"}


def _report_made(people, capture_on_commit_callbacks):
    # The request queues the build for after the commit; running those callbacks builds it and sends
    # the e-mail, as the worker would.
    with capture_on_commit_callbacks(execute=True):
        made = services.funder_report_request(
            actor=people["coordinator"], period_start=date(2016, 12, 1), period_end=date(2027, 12, 31)
        )
    made.refresh_from_db()
    return made


@pytest.fixture
def report_built(people, world, django_capture_on_commit_callbacks):
    """Built for real in the test, on the kept world: for the test that reads the e-mail it sends,
    which is not kept (the outbox is emptied before each test)."""
    return _report_made(people, django_capture_on_commit_callbacks)


@pytest.fixture
def report(people, world, django_capture_on_commit_callbacks):
    """Built for real once per starting point, on the kept world, then its rows and the PDF and XLSX
    it wrote to storage written back (``data_kept_copy_with_files``, keyed by today's date, which the
    world's follows); each test gets its own copy. The e-mail it sent is not: a test that reads it
    uses ``report_built``."""
    return data_kept_copy_with_files(
        f"results-funder-report {timezone.localdate()}",
        lambda: _report_made(people, django_capture_on_commit_callbacks),
    )


def test_only_coordination_sees_and_asks_for_reports(people, report):
    no = {"anonymous": 302}
    assert_matrix(
        people,
        {
            ("GET", "/resultados/reportes/"): {**only(["coordinator"], 200, 403), **no},
            ("GET", report.get_absolute_url()): {**only(["coordinator"], 200, 403), **no},
            ("GET", f"/resultados/reportes/{report.pk}/descargar.pdf"): {**only(["coordinator"], 200, 403), **no},
            ("GET", f"/resultados/reportes/{report.pk}/descargar.xlsx"): {**only(["coordinator"], 200, 403), **no},
        },
    )
    before = FunderReport.objects.count()
    assert_matrix(people, {("POST", "/resultados/reportes/"): {**only(["coordinator"], 302, 403), **no}}, data=PERIOD)
    assert FunderReport.objects.count() == before + 1  # the coordinator's, nobody else's


def test_the_report_is_built_in_the_background_and_emailed(people, report_built):
    report = report_built
    assert report.status == ReportStatus.READY and report.percent == 100
    assert report.pdf.name.startswith("reportes/") and report.xlsx.name.endswith(".xlsx")
    # stored under a random name, not guessable from the period (32 hex digits, whatever they spell)
    assert re.fullmatch(r"reportes/[0-9a-f]{32}\.pdf", report.pdf.name), report.pdf.name
    message = next(m for m in mail.outbox if people["coordinator"].email in m.to)
    assert report.get_absolute_url() in message.body


def test_the_pdf_says_what_the_records_say(people, report):
    response = client_for(people["coordinator"]).get(f"/resultados/reportes/{report.pk}/descargar.pdf")
    assert response["Content-Type"] == "application/pdf" and "private" in response["Cache-Control"]
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    assert page_count(data) >= 2
    text = pdf_text(data)
    assert "Metas y logros" in text
    assert "Compromisos anticorrupción (meta ODS 16.5)" in text
    assert "USAID" in text and "GESOC" in text  # the program's partners
    # The fonts travel inside the PDF: the project's own files (family "Report Sans"), not the system's.
    names = {n for stream in pdf_streams(data) for n in re.findall(rb"/FontName\s*/(\S+)", stream)}
    assert names and all(b"Report" in name for name in names), names


def test_the_xlsx_has_one_sheet_per_table_with_the_hand_count(people, report):
    response = client_for(people["coordinator"]).get(f"/resultados/reportes/{report.pk}/descargar.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert book.sheetnames == ["metas", "entidades", "genero", "ods", "valores"]
    rows = list(book["metas"].iter_rows(values_only=True))
    program = {r[1]: (r[2], r[3]) for r in rows[2:] if r[0] == "Todo el programa"}
    assert program["Compromisos"] == (None, 4)
    assert program["Compromisos anticorrupción (meta ODS 16.5)"] == (None, 2)
    assert program["Agentes de cambio seleccionados"] == (60, 20)  # the example's 19 + the fellow of ``people``
    assert program["Entidades participantes"] == (15, 15)
    states = {r[1]: r for r in list(book["entidades"].iter_rows(values_only=True))[2:]}
    header = list(book["entidades"].iter_rows(values_only=True))[1]
    oaxaca = dict(zip(header, states["20"], strict=True))
    assert (
        oaxaca["Agentes de cambio seleccionados"] == 6
        and oaxaca["Compromisos"] == 3
        and oaxaca["Anticorrupción (16.5)"] == 1
        and oaxaca["Con respuesta"] == 2
    )
    genders = list(book["genero"].iter_rows(values_only=True))[2:]
    assert ("Primera fase (2017)", "Hombre", "7", "<3", "<3") in genders


def test_a_wrong_period_is_refused_and_nothing_is_queued(people, world):
    client = client_for(people["coordinator"])
    for data in ({"desde": "2019-01-01", "hasta": "2018-01-01"}, {"desde": "ayer", "hasta": "2018-01-01"}, {}):
        response = client.post("/resultados/reportes/", data)
        assert response.status_code == 400
    assert not FunderReport.objects.exists()


def test_a_person_cannot_flood_the_queue(people, world):
    for _n in range(services.MAX_QUEUED_PER_PERSON):
        FunderReport.objects.create(
            requested_by=people["coordinator"], period_start=date(2017, 1, 1), period_end=date(2017, 12, 31)
        )
    response = client_for(people["coordinator"]).post("/resultados/reportes/", PERIOD)
    assert response.status_code == 400
    assert FunderReport.objects.count() == services.MAX_QUEUED_PER_PERSON


def test_the_progress_page_refreshes_until_done(people, world):
    pending = FunderReport.objects.create(
        requested_by=people["coordinator"], period_start=date(2017, 1, 1), period_end=date(2017, 12, 31), step=2
    )
    html = client_for(people["coordinator"]).get(pending.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in html and 'value="50"' in html
    assert client_for(people["coordinator"]).get(f"/resultados/reportes/{pending.pk}/descargar.pdf").status_code == 404
