"""Certificates: only for those who passed, a real PDF with the name, public verification without enumeration."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apertus.core.testing import client_for, data_kept_copy_with_files
from apertus.learning import grading, services
from apertus.learning.models import Certificate
from apertus.learning.tests.conftest import live_worked_example, make_fellow
from apertus.results.tests.pdf import pdf_streams

VERIFY = "/formacion/certificados/verificar/"


def _certified_made(people, course):
    fellow = people["fellow_oaxaca"]
    fellow.first_name, fellow.last_name = "Itzel", "Ramírez López"
    fellow.save()
    live_worked_example(course, fellow, people["facilitator"])
    failing = make_fellow(course.program.phase, "26", "reprobada@test.apertus.mx", first="Rebeca")
    grading.grades_recompute(program=course.program)
    response = client_for(people["coordinator"]).post("/formacion/2017/certificados/emitir/")
    assert response.status_code == 302
    return Certificate.objects.get(fellow=fellow), failing


@pytest.fixture
def certified(people, course):
    """fellow_oaxaca passes (81.4); another fellow of the cohort does not.

    Built through the services and the issuing page once per starting point, then its rows and the
    fellow's uploaded files written back (``data_kept_copy_with_files``, keyed by today's date, the
    certificate's); each test gets its own copies. The fellow in ``people`` is read again, so it
    carries the name the certificate was issued to, as when it was renamed here."""
    made = data_kept_copy_with_files(
        f"learning-certified {timezone.localdate()}", lambda: _certified_made(people, course)
    )
    people["fellow_oaxaca"].refresh_from_db()
    return made


def _pdf_title(pdf: bytes) -> str:
    """The document title WeasyPrint writes in the PDF's (compressed) information dictionary."""
    for data in pdf_streams(pdf):
        found = re.search(rb"/Title <feff([0-9a-f]+)>", data)
        if found:
            return bytes.fromhex(found.group(1).decode()).decode("utf-16-be")
    return ""


def test_only_those_who_passed_get_one(people, course, certified):
    certificate, failing = certified
    assert Certificate.objects.filter(program=course.program).count() == 1
    assert certificate.full_name == "Itzel Ramírez López" and str(certificate.grade) == "81.4"
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=people["coordinator"], program=course.program, fellow=failing)
    with pytest.raises(PermissionDenied):
        services.certificate_issue(actor=people["facilitator"], program=course.program, fellow=people["fellow_oaxaca"])
    # issuing again changes nothing
    assert services.certificates_issue(actor=people["coordinator"], program=course.program) == 0


def test_the_code_is_long_random_and_unique(certified):
    certificate, _failing = certified
    assert re.fullmatch(r"[A-Z2-7]{32}", certificate.code)  # 160 bits in base32
    assert certificate.display_code.count("-") == 7
    assert services.normalize_code(certificate.display_code.lower()) == certificate.code


def test_the_fellow_downloads_a_pdf_with_their_name(people, certified):
    certificate, failing = certified
    url = f"/formacion/certificados/{certificate.pk}/pdf/"
    response = client_for(people["fellow_oaxaca"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000
    assert _pdf_title(pdf) == "Constancia de Itzel Ramírez López"
    html = services.certificate_html(certificate, site_url="https://apertus.example")
    assert "Itzel Ramírez López" in html and certificate.display_code in html and "81.4" in html
    assert f"https://apertus.example/formacion/certificados/verificar/?codigo={certificate.display_code}" in html
    assert client_for(people["facilitator"]).get(url).status_code == 200
    assert client_for(failing).get(url).status_code == 404
    assert client_for(people["citizen"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_public_verification_confirms_name_program_and_date(certified, client):
    certificate, _failing = certified
    response = client.get(VERIFY, {"codigo": certificate.display_code.lower()})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="verified"' in html
    assert "Itzel Ramírez López" in html and certificate.program.title in html
    from django.utils.formats import date_format

    assert date_format(certificate.issued_on, "DATE_FORMAT") in html
    assert "81.4" not in html  # the grade is not published


def test_a_forged_code_is_not_found_along_the_same_path(certified, client):
    certificate, _failing = certified
    forged = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    queries = []
    for code in (certificate.code, forged, "<script>alert(1)</script>"):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(VERIFY, {"codigo": code})
        queries.append(len(ctx.captured_queries))
        assert response.status_code == 200
    assert queries[0] == queries[1] == queries[2]  # one lookup, whatever the code
    html = client.get(VERIFY, {"codigo": forged}).content.decode()
    assert 'data-testid="not-found"' in html and "Itzel" not in html
    assert "<script>alert" not in client.get(VERIFY, {"codigo": "<script>alert(1)</script>"}).content.decode()


def test_verification_api(certified, client):
    certificate, _failing = certified
    ok = client.get("/api/learning/certificates/verify", {"code": certificate.display_code}).json()
    assert ok == {
        "valid": True,
        "name": "Itzel Ramírez López",
        "program": certificate.program.title,
        "issued_on": certificate.issued_on.isoformat(),
    }
    assert client.get("/api/learning/certificates/verify", {"code": "AAAA"}).json() == {
        "valid": False,
        "name": None,
        "program": None,
        "issued_on": None,
    }


def test_guessing_is_rate_limited(client, db):
    for n in range(30):
        assert client.get(VERIFY, {"codigo": f"X{n}"}).status_code == 200
    assert client.get(VERIFY, {"codigo": "X99"}).status_code == 429
    assert client.get("/api/learning/certificates/verify", {"code": "X99"}).status_code == 429
