"""OGP's commitments export imported from the browser: who may, the preview writes nothing, all or
nothing, duplicates, hostile files, the file kept privately between the steps, bounded queries."""

import csv
import io
import re
from itertools import islice

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.core.testing import assert_inert, assert_matrix, client_for, only
from apertus.organizations.models import Organization
from apertus.plans.models import Commitment, Milestone
from apertus.plans.tests.test_ogp_import import HEADER, OGP_FILE, _row
from apertus.plans.views import ogp as ogp_views


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.VAR_DIR / "ogp-uploads"


def url(plan):
    return f"/planes/{plan.state.slug}/{plan.edition}/importar-ogp/"


def csv_bytes(*rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "NA") for column in header])
    return buffer.getvalue().encode("utf-8")


def real_sample(n=4) -> bytes:
    """The first ``n`` rows of the real OGP extract in the repository, as OGP publishes them."""
    with OGP_FILE.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(islice(csv.reader(handle), n + 1))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    return buffer.getvalue().encode("utf-8")


def upload(client, plan, data: bytes, name="compromisos.csv"):
    return client.post(url(plan), {"archivo": SimpleUploadedFile(name, data, content_type="text/csv")})


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def counts():
    return (
        Commitment.all_objects.count(),
        Milestone.objects.count(),
        Organization.objects.count(),
        Commitment.history.count(),
    )


def test_permission_matrix(people, oaxaca_plan, oaxaca_draft):
    cells = {**only(["coordinator"], 200, 403), "anonymous": 302}
    posted = {**only(["coordinator"], 400, 403), "anonymous": 302}  # an empty form: a form error
    draft = {**only(["coordinator"], 200, 404), "anonymous": 302, "stl_oaxaca": 403}  # drafts stay hidden
    assert_matrix(
        people,
        {
            ("GET", url(oaxaca_plan)): cells,
            ("POST", url(oaxaca_plan)): posted,
            ("GET", url(oaxaca_draft)): draft,
            ("GET", "/planes/oaxaca/99/importar-ogp/"): {**only([], 404, 404), "anonymous": 302},
        },
    )
    page = client_for(people["coordinator"]).get(oaxaca_plan.get_absolute_url()).content.decode()
    assert f'href="{url(oaxaca_plan)}"' in page
    page = client_for(people["stl_oaxaca"]).get(oaxaca_plan.get_absolute_url()).content.decode()
    assert "Agregar compromiso" in page and f'href="{url(oaxaca_plan)}"' not in page


def test_an_stl_member_cannot_confirm_an_import(people, oaxaca_plan):
    before = counts()
    response = client_for(people["stl_oaxaca"]).post(url(oaxaca_plan), {"token": "x" * 32})
    assert response.status_code == 403
    assert upload(client_for(people["stl_oaxaca"]), oaxaca_plan, real_sample()).status_code == 403
    assert counts() == before


def test_preview_writes_nothing_then_confirm_imports_and_a_second_import_creates_nothing(
    people, oaxaca_plan, private_dir
):
    client = client_for(people["coordinator"])
    data = real_sample(4)
    before = counts()
    preview = upload(client, oaxaca_plan, data)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert counts() == before  # nothing written, history included
    assert "AL0002" in html and "e-Acts" in html
    assert 'data-testid="ogp-mapping"' in html and "Commitment Title" in html
    assert 'data-testid="ogp-unmapped"' in html and "Region" in html  # a column the import does not use
    assert "4 filas leídas" in html and "4 compromisos se crearían" in html
    assert 'data-testid="ogp-row-5"' in html
    # The file waits privately, named by the token, and nowhere under the media root.
    token = token_of(preview)
    assert (private_dir / f"{token}.csv").read_bytes() == data
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.csv"))

    done = client.post(url(oaxaca_plan), {"token": token})
    assert done.status_code == 200
    assert 'data-testid="ogp-done"' in done.content.decode()
    assert "filas procesadas en" in done.content.decode()
    assert Commitment.objects.filter(plan=oaxaca_plan).count() == before[0] + 4
    assert not (private_dir / f"{token}.csv").exists()
    plan_page = client.get(oaxaca_plan.get_absolute_url()).content.decode()
    assert "e-Acts" in plan_page and "e-Parliament" in plan_page
    # The same token again: gone.
    again = client.post(url(oaxaca_plan), {"token": token})
    assert again.status_code == 400 and 'data-testid="ogp-expired"' in again.content.decode()

    after_first = counts()
    second = upload(client, oaxaca_plan, data)
    html = second.content.decode()
    assert "0 compromisos se crearían" in html and "4 filas ya importadas o repetidas" in html
    assert 'data-testid="ogp-blocked"' not in html  # duplicates are not errors
    confirmed = client.post(url(oaxaca_plan), {"token": token_of(second)})
    assert confirmed.status_code == 200
    assert counts()[:3] == after_first[:3]


def test_all_or_nothing_really_rolls_back(people, oaxaca_plan):
    client = client_for(people["coordinator"])
    data = csv_bytes(
        _row(),
        _row(**{"Commitment Unique Identifier": "MX0002", "Commitment Title": "Otro"}),
        _row(**{"Commitment Unique Identifier": "MX0003", "Commitment Title": "Sin texto", "Full Text": ""}),
    )
    before = counts()
    preview = upload(client, oaxaca_plan, data)
    html = preview.content.decode()
    assert 'data-testid="ogp-blocked"' in html and "MX0003" in html and "Full Text" in html
    assert "2 compromisos se crearían" in html
    refused = client.post(url(oaxaca_plan), {"token": token_of(preview)})
    assert refused.status_code == 400
    assert 'data-testid="ogp-refused"' in refused.content.decode()
    assert counts() == before  # the two good rows were rolled back with the bad one


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("foto.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binario"),
        ("libro.csv", b"PK\x03\x04" + b"\x00" * 100, "binario"),
        ("datos.csv", b"Commitment Title,Full Text\nA\x00,B\n", "binario"),
        ("libro.xlsx", b"Commitment Title,Full Text\nA,B\n", "CSV"),
        ("vacio.csv", b"", ""),
        ("encabezado.csv", b"Commitment Title,Full Text\n", "solo el encabezado"),
        ("otro.csv", "Título,Texto\nUno,Dos\n".encode(), "faltan las columnas"),
        ("enorme.csv", b"Commitment Title,Full Text\n" + b"a,b\n" * (10 * 1024 * 1024 // 4 + 1), "10 MB"),
        ("celda.csv", b'Commitment Title,Full Text\n"' + b"x" * 200_000 + b'",b\n', "CSV"),
    ],
)
def test_hostile_files_are_a_form_error_and_change_nothing(people, oaxaca_plan, private_dir, name, data, message):
    client = client_for(people["coordinator"])
    before = counts()
    response = upload(client, oaxaca_plan, data, name=name)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="ogp-form-error"' in html
    assert message in html
    assert counts() == before
    assert not private_dir.exists() or not any(private_dir.iterdir())


def test_formulas_stay_text_and_markup_is_escaped(people, oaxaca_plan):
    client = client_for(people["coordinator"])
    formula = '=HYPERLINK("http://evil.example","clic")'
    markup = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    data = csv_bytes(
        _row(**{"Commitment Title": formula}),
        _row(**{"Commitment Unique Identifier": "MX0002", "Commitment Title": markup, "Lead Institution": markup}),
    )
    preview = upload(client, oaxaca_plan, data)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert_inert(re.search(r'<table class="data-table" data-testid="ogp-rows">.*?</table>', html, re.S)[0])
    client.post(url(oaxaca_plan), {"token": token_of(preview)})
    titles = set(Commitment.objects.filter(plan=oaxaca_plan).values_list("title", flat=True))
    assert formula in titles  # kept as the text it is
    assert "<script>alert(1)</script><img src=x onerror=alert(2)>" in titles
    page = client.get(oaxaca_plan.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_a_token_works_only_for_its_session_and_plan(people, oaxaca_plan, sonora_plan):
    coordinator = people["coordinator"]
    client = client_for(coordinator)
    preview = upload(client, oaxaca_plan, real_sample(2))
    token = token_of(preview)
    before = counts()
    other_session = client_for(coordinator)  # the same person, another browser
    assert other_session.post(url(oaxaca_plan), {"token": token}).status_code == 400
    assert client.post(url(sonora_plan), {"token": token}).status_code == 400  # another plan
    for forged in ["../../settings", "", "a" * 31, "a" * 32]:
        assert client.post(url(oaxaca_plan), {"token": forged}).status_code == 400
    assert counts() == before
    assert client.post(url(oaxaca_plan), {"token": token}).status_code == 200


def test_queries_are_bounded(people, oaxaca_plan):
    client = client_for(people["coordinator"])
    client.get(url(oaxaca_plan))
    with CaptureQueriesContext(connection) as page:
        assert client.get(url(oaxaca_plan)).status_code == 200
    assert len(page) <= 12

    def preview_queries(n):
        rows = [
            _row(
                **{
                    "Commitment Unique Identifier": f"MX{n}{i:04d}",
                    "Commitment Title": f"Compromiso {i}",
                    "Start Date": "2025-01-01",
                    "End Date": "2026-12-31",
                }
            )
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as queries:
            response = upload(client, oaxaca_plan, csv_bytes(*rows))
        assert response.status_code == 200
        return len(queries)

    preview_queries(2)  # the organisations used by every row exist from here on (then rolled back)
    q5, q10, q20 = preview_queries(5), preview_queries(10), preview_queries(20)
    per_row = (q10 - q5) / 5
    assert q20 - q10 == 2 * (q10 - q5)  # a fixed cost per row, no more
    assert per_row <= 120  # the services' own writes (history, progress, search index) per commitment
    assert q5 - 5 * per_row <= 40  # and a fixed overhead


def test_the_preview_lists_every_error_but_a_bounded_number_of_rows(people, oaxaca_plan, monkeypatch):
    monkeypatch.setattr(ogp_views, "PREVIEW_LINES", 3)
    client = client_for(people["coordinator"])
    rows = [_row(**{"Commitment Unique Identifier": f"MX{i:04d}", "Commitment Title": f"C{i}"}) for i in range(5)]
    rows.append(_row(**{"Commitment Unique Identifier": "MX9999", "Commitment Title": "", "Short Title": ""}))
    html = upload(client, oaxaca_plan, csv_bytes(*rows)).content.decode()
    assert html.count('data-testid="ogp-row-') == 3
    assert "MX9999" in html  # in the error table
    assert "Se muestran las primeras 3 de 6 filas" in html


def test_too_many_rows_is_a_form_error(people, oaxaca_plan, monkeypatch):
    monkeypatch.setattr(ogp_views, "MAX_ROWS", 3)
    rows = [_row(**{"Commitment Unique Identifier": f"MX{i:04d}"}) for i in range(4)]
    before = counts()
    response = upload(client_for(people["coordinator"]), oaxaca_plan, csv_bytes(*rows))
    assert response.status_code == 400
    assert "El archivo tiene 4 filas; el máximo es 3" in response.content.decode()
    assert counts() == before
