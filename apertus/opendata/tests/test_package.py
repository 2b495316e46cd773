"""Frictionless: the package validates against the real CSV files, with zero errors."""

import io
import json

import pytest
from django.conf import settings
from django.utils import timezone
from frictionless import Package, validate
from openpyxl import load_workbook

from apertus.core.datasets import DATASETS
from apertus.core.testing import data_kept_copy
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans import services
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan


@pytest.fixture
def data(db, people):
    """A published plan with a progress report, a draft, and a plan in co-creation with a proposal: built
    once per starting point and written back after that (``data_kept_copy``); each test gets its own copy
    of the published plan."""
    return data_kept_copy(f"opendata-package {timezone.localdate()}", lambda: _data_made(people))


def _data_made(people):
    plan = build_plan("20", commitments=3, milestones=2)
    milestone = plan.commitments.first().milestones.first()
    services.progress_report(actor=None, milestone=milestone, progress=40, status="en_proceso", note="Vamos")
    build_plan("26", status=PlanStatus.DRAFT, commitments=1, milestones=1)
    cocreation = build_plan("07", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    process = build_process(cocreation)
    propose(process, people["citizen"], title="Agua para todos")
    return plan


def _download_all(client, tmp_path, descriptor):
    for resource in descriptor["resources"]:
        url = resource["path"]
        body = b"".join(client.get(url.removeprefix(settings.SITE_URL)).streaming_content)
        name = f"{resource['name']}.csv"
        (tmp_path / name).write_bytes(body)
        resource["path"] = name
    return descriptor


def test_full_package_validates_with_zero_errors(client, data, tmp_path):
    descriptor = client.get("/datos/datapackage.json").json()
    assert {r["name"] for r in descriptor["resources"]} == set(DATASETS)
    descriptor = _download_all(client, tmp_path, descriptor)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = validate(str(tmp_path / "datapackage.json"))
    errors = [(task.name, e.type, e.note) for task in report.tasks for e in task.errors]
    assert errors == []
    assert report.valid
    rows = {task.name: task.stats.get("rows") for task in report.tasks}
    assert rows["compromisos"] == 3 + 1  # Oaxaca's plan and Chiapas's in co-creation; not Sonora's draft
    assert rows["municipios"] == 2478


def test_each_dataset_package_validates(client, data, tmp_path):
    for slug in ("compromisos", "hitos", "entidades"):
        descriptor = _download_all(client, tmp_path, client.get(f"/datos/{slug}/datapackage.json").json())
        package = Package(descriptor, basepath=str(tmp_path))
        report = package.validate()
        assert report.valid, [e.message for task in report.tasks for e in task.errors]


def test_schema_has_types_keys_and_both_languages(client, db):
    descriptor = client.get("/datos/datapackage.json").json()
    commitments = next(r for r in descriptor["resources"] if r["name"] == "compromisos")
    schema = commitments["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert schema["primaryKey"] == ["id"]
    assert {"fields": ["plan_id"], "reference": {"resource": "planes", "fields": ["id"]}} in schema["foreignKeys"]
    assert schema["missingValues"] == [""]
    assert fields["inicio"]["type"] == "date" and fields["avance"]["constraints"] == {"minimum": 0, "maximum": 100}
    assert fields["titulo"]["description"] == "Título" and fields["titulo"]["description_en"] == "Title"
    assert commitments["licenses"][0]["name"] == "CC-BY-4.0"


def test_commitments_carry_every_ogp_template_field(client, data):
    header = b"".join(client.get("/datos/compromisos.csv").streaming_content).decode("utf-8-sig").splitlines()[0]
    for name in (
        "problema",
        "linea_base",
        "objetivo",
        "resultados_esperados",
        "como_contribuye",
        "valores_ogp",
        "ods_principal",
        "ods_metas",
        "institucion_responsable",
        "corresponsables",
        "otros_actores",
        "inicio",
        "fin",
        "presupuesto_mxn",
        "contacto",
        "avance",
        "cumplimiento",
        "cumplimiento_nombre",
    ):
        assert name in header.split(","), name


def test_xlsx_and_json_hold_the_same_rows_as_the_csv(client, data):
    csv_text = b"".join(client.get("/datos/compromisos.csv").streaming_content).decode("utf-8-sig")
    items = json.loads(b"".join(client.get("/datos/compromisos.json").streaming_content))
    response = client.get("/datos/compromisos.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = list(workbook["compromisos"].iter_rows(values_only=True))
    assert list(sheet[0]) == DATASETS["compromisos"].header() == list(items[0])
    assert len(sheet) - 1 == len(items) == len(csv_text.strip().splitlines()) - 1 == 4
    assert {row[0] for row in sheet[1:]} == {item["id"] for item in items}
    assert items[0]["ods_metas"] == "16.6;16.10"
    assert "diccionario" in workbook.sheetnames


def test_unknown_dataset_or_format_is_404(client, db):
    assert client.get("/datos/nada.csv").status_code == 404
    assert client.get("/datos/compromisos.exe").status_code == 404
    assert client.get("/datos/nada/datapackage.json").status_code == 404
