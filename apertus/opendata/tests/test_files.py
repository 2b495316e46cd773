"""Downloads kept as files (``opendata/files.py``): built once per data version, the same bytes afterwards
without touching the data, built afresh after any change, never a half file, and a 304 for a harvester
whose copy is current."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.opendata import files
from apertus.plans import services
from apertus.plans.models import Commitment
from apertus.plans.tests.conftest import build_plan

FORMATS = ["csv", "json", "xlsx"]


@pytest.fixture
def kept(settings, tmp_path):
    settings.EXPORT_FILES = True
    settings.VAR_DIR = tmp_path
    return tmp_path / "exports"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _titles(body: bytes) -> set[str]:
    return {row["titulo"] for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_second_download_is_the_kept_file_and_reads_no_data(client, db, kept, fmt):
    build_plan("20", commitments=3, milestones=1)
    first = client.get(f"/datos/compromisos.{fmt}")
    assert first.status_code == 200
    body = _body(first)
    stored = list(kept.iterdir())
    assert [p.name.split(".")[:2] for p in stored] == [["compromisos", fmt]]
    assert stored[0].read_bytes() == body
    with CaptureQueriesContext(connection) as queries:
        second = client.get(f"/datos/compromisos.{fmt}")
        again = _body(second)
    assert again == body
    assert second["Content-Disposition"] == f'attachment; filename="apertus-compromisos.{fmt}"'
    assert second["Content-Type"] == first["Content-Type"]
    # The data version, and nothing of the commitments.
    assert not [q["sql"] for q in queries.captured_queries if "plans_" in q["sql"]]


def test_a_change_through_a_service_builds_the_file_afresh(client, db, kept, people):
    plan = build_plan("20", commitments=2, milestones=1)
    before = _titles(_body(client.get("/datos/compromisos.csv")))
    commitment = Commitment.objects.filter(plan=plan).order_by("number").first()
    services.commitment_update(
        actor=people["coordinator"],
        commitment=commitment,
        title="Título nuevo del compromiso",
        expected_version=commitment.version,
    )
    after = _titles(_body(client.get("/datos/compromisos.csv")))
    assert "Título nuevo del compromiso" in after and "Título nuevo del compromiso" not in before
    # Only the file of the current version is kept.
    assert len([p for p in kept.iterdir() if p.name.startswith("compromisos.csv.")]) == 1


def test_a_bulk_write_outside_the_services_builds_the_file_afresh(client, db, kept, settings):
    """A write the data version's signals do not see (``update()``) still changes the content version when the
    page cache is on, as in production."""
    settings.PAGE_CACHE_SECONDS = 300
    build_plan("20", commitments=1, milestones=1)
    _body(client.get("/datos/compromisos.csv"))
    Commitment.objects.update(title="Cambiado en bloque")
    assert _titles(_body(client.get("/datos/compromisos.csv"))) == {"Cambiado en bloque"}


def test_a_download_cut_short_leaves_no_file(client, db, kept):
    build_plan("20", commitments=3, milestones=1)
    response = client.get("/datos/compromisos.json")
    chunks = iter(response.streaming_content)
    next(chunks)
    assert list(kept.glob(".compromisos.json.*.part"))  # being written beside
    response.close()  # the client went away: the generator is closed
    assert list(kept.iterdir()) == []


def test_a_current_copy_gets_304_and_a_changed_one_the_file(client, db, kept, people):
    plan = build_plan("20", commitments=1, milestones=1)
    first = client.get("/datos/compromisos.csv")
    _body(first)
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert client.get("/datos/compromisos.csv", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Another dataset or format has another tag.
    assert client.get("/datos/compromisos.json", HTTP_IF_NONE_MATCH=etag).status_code == 200
    commitment = plan.commitments.get()
    services.commitment_update(
        actor=people["coordinator"], commitment=commitment, title="Otro", expected_version=commitment.version
    )
    assert client.get("/datos/compromisos.csv", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_off_builds_every_download_and_keeps_nothing(client, db, settings, tmp_path):
    settings.EXPORT_FILES = False
    settings.VAR_DIR = tmp_path
    build_plan("20", commitments=1, milestones=1)
    assert client.get("/datos/compromisos.csv").status_code == 200
    assert not (tmp_path / "exports").exists()
    assert not files.enabled()
