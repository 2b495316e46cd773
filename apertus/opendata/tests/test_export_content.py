"""What the exports hold, read back in every format: the values of the records, the label beside each
code, the related lists in their order, and a number of queries that does not grow with the rows."""

import csv
import datetime as dt
import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from apertus.advice.models import IRMAssessment
from apertus.comments.models import Comment
from apertus.core.datasets import DATASETS
from apertus.core.testing import data_kept_copy, demo_data_load
from apertus.organizations.models import Organization
from apertus.participation.models import Response
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans import services
from apertus.plans.models import Commitment, CommitmentValue, Milestone, PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.taxonomy.models import Term


def _body(client, slug: str, fmt: str) -> bytes:
    response = client.get(f"/datos/{slug}.{fmt}")
    assert response.status_code == 200, (slug, fmt)
    return b"".join(response.streaming_content) if response.streaming else response.content


def read(client, slug: str, fmt: str = "csv") -> list[dict]:
    """The rows of a download as dicts, parsed by the format's own reader."""
    body = _body(client, slug, fmt)
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    if fmt == "json":
        return json.loads(body)
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row + (None,) * (len(header) - len(row)), strict=True)) for row in rows[1:]]


@pytest.fixture
def plan_data(db, people):
    """A public plan with OGP values, targets, co-responsible institutions, milestones, a progress report,
    an assigned completion, an IRM assessment, a proposal with a response and comments; and a draft plan.

    Built once per starting point and written back after that (``data_kept_copy``); each test gets its own
    copies of the records."""
    return data_kept_copy(f"opendata-export-content {timezone.localdate()}", lambda: _plan_data_made(people))


def _plan_data_made(people) -> dict:
    plan = build_plan("20", commitments=2, milestones=2)
    first, second = plan.commitments.order_by("number")
    values = list(Term.objects.filter(scheme="ogp_value").order_by("-position")[:2])  # saved against their order
    for value in values:
        CommitmentValue.objects.create(commitment=first, value=value, justification="Porque sí")
    first.co_responsible.add(
        Organization.objects.create(name="Academia de Oaxaca", slug="academia-oax", type="academia")
    )
    Commitment.objects.filter(pk=second.pk).update(
        completion_override="completo", completion_justification="Lo verificó el STL"
    )
    milestone = first.milestones.order_by("number").first()
    services.progress_report(actor=None, milestone=milestone, progress=40, status="en_proceso")
    IRMAssessment.objects.create(
        commitment=first,
        verifiable=True,
        relevant_participation=True,
        potential_impact="transformative",
        impact_reason="Abre datos",
        opened_access="major",
    )
    process = build_process(plan)
    proposal = propose(process, people["citizen"], title="Agua para todos")
    proposal.goals.set(Term.objects.filter(scheme="sdg_goal", code__in=["6", "16"]))
    Response.objects.create(proposal=proposal, kind="incorporada", reason="Se incorporó", commitment=first)
    ct = ContentType.objects.get_for_model(Commitment)
    top = Comment.objects.create(content_type=ct, object_id=first.pk, author=people["citizen"], body="=1+1 bien")
    Comment.objects.create(content_type=ct, object_id=first.pk, author=people["citizen"], body="Respuesta", parent=top)
    draft = build_plan("26", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    return {
        "plan": plan,
        "first": first,
        "second": second,
        "values": values,
        "proposal": proposal,
        "milestone": milestone,
        "draft": draft,
        "comment": top,
    }


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_commitments_hold_their_values_related_lists_and_labels(client, plan_data, fmt):
    first, second = plan_data["first"], plan_data["second"]
    first.refresh_from_db()
    rows = {int(r["id"]): r for r in read(client, "compromisos", fmt)}
    assert set(rows) == {first.pk, second.pk}  # not the draft plan's commitment
    row = rows[first.pk]
    ordered = sorted(plan_data["values"], key=lambda v: (v.position, v.code))
    assert row["valores_ogp"] == ";".join(v.code for v in ordered)
    assert row["valores_ogp_nombres"] == ";".join(v.name_es for v in ordered)
    assert row["ods_metas"] == "16.6;16.10"  # the targets' order, not the text order
    assert row["ods_objetivos"] == "16"
    assert row["corresponsables"] == f"Academia de Oaxaca;Colectivo de prueba de {first.plan.state}"
    assert int(row["hitos"]) == 2
    assert row["titulo"] == first.title and row["clave_entidad"] == "20"
    assert row["creado"] == first.created_at.isoformat() and row["url"] == first.get_absolute_url()
    assert row["inicio"] in (first.start_date.isoformat(), dt.datetime.combine(first.start_date, dt.time()))
    assert row["cumplimiento"] == first.completion
    assert row["irm_impacto_potencial"] == "transformative"
    assert row["irm_impacto_potencial_etiqueta"] == "Transformador"
    assert row["irm_abrio_access"] == "major" and row["irm_abrio_access_etiqueta"] == "Significativo"
    assigned = rows[second.pk]
    assert assigned["cumplimiento"] == "completo" and assigned["cumplimiento_nombre"] == "Completo"
    assert assigned["cumplimiento_asignado_valor"] == "completo"
    assert assigned["valores_ogp"] in ("", None) and assigned["valores_ogp_nombres"] in ("", None)  # XLSX: no cell
    assert assigned["irm_evaluado"] in ("False", False)
    if fmt == "csv":
        assert assigned["cumplimiento_asignado"] == "True"
    else:
        assert assigned["cumplimiento_asignado"] is True


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_milestones_reports_proposals_responses_and_comments_hold_their_records(client, plan_data, fmt):
    milestone, proposal, comment = plan_data["milestone"], plan_data["proposal"], plan_data["comment"]
    milestones = {int(r["id"]): r for r in read(client, "hitos", fmt)}
    assert set(milestones) == set(
        Milestone.objects.filter(commitment__plan=plan_data["plan"]).values_list("pk", flat=True)
    )
    milestone.refresh_from_db()
    row = milestones[milestone.pk]
    assert (row["estatus"], row["estatus_nombre"]) == ("en_proceso", "En proceso")
    assert int(row["avance"]) == 40 and row["titulo"] == milestone.title
    assert row["actualizado"] == milestone.updated_at.isoformat()
    [report] = read(client, "reportes-de-avance", fmt)
    assert int(report["hito_id"]) == milestone.pk and (report["origen"], report["origen_etiqueta"]) == (
        "web",
        "Sitio web",
    )
    [proposal_row] = read(client, "propuestas", fmt)
    assert int(proposal_row["id"]) == proposal.pk and proposal_row["ods"] == "16;6"
    assert (proposal_row["respuesta"], proposal_row["respuesta_etiqueta"]) == ("incorporada", "Incorporada")
    assert proposal_row["clave_municipio"] in ("", None)
    [response] = read(client, "respuestas", fmt)
    assert (response["tipo"], response["tipo_etiqueta"]) == ("incorporada", "Incorporada")
    assert int(response["compromiso_id"]) == plan_data["first"].pk
    comments = {int(r["id"]): r for r in read(client, "comentarios", fmt)}
    assert len(comments) == 2
    top = comments[comment.pk]
    assert (top["objeto_tipo"], top["objeto_tipo_etiqueta"]) == ("plans.commitment", "compromiso")
    assert top["comentario_padre_id"] in ("", None) and top["fecha"] == comment.created_at.isoformat()
    # A cell that would run as a formula is neutralised in the spreadsheet formats, not in JSON.
    assert top["texto"] == ("=1+1 bien" if fmt == "json" else "'=1+1 bien")


def test_irm_assessments_carry_labels(client, plan_data):
    [row] = read(client, "evaluacion-irm")
    assert (row["impacto_potencial"], row["impacto_potencial_etiqueta"]) == ("transformative", "Transformador")
    assert (row["abrio_acceso"], row["abrio_acceso_etiqueta"]) == ("major", "Significativo")
    assert row["abrio_participacion"] == row["abrio_participacion_etiqueta"] == ""
    assert (row["verificable"], row["relevante_participacion"], row["relevante_acceso"]) == ("1", "1", "0")


@pytest.fixture
def demo(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    demo_data_load()  # load_demo once per worker, then its rows written back (core/testing.py)


def test_every_coded_column_is_followed_by_its_label_in_every_dataset(client, demo):
    """A column whose values are codes (it declares them: ``enum``) has the column of their names right after
    it, and each name is the label of the code on that row, in every dataset."""
    checked = set()
    for slug, dataset in DATASETS.items():
        columns = dataset.columns
        coded = [i for i, c in enumerate(columns) if "enum" in c.constraints]
        if not coded:
            continue
        rows = read(client, slug)
        for i in coded:
            code, label = columns[i], columns[i + 1] if i + 1 < len(columns) else None
            assert label is not None and label.choices, (slug, code.name)
            assert label.name.startswith(code.name + "_") or label.name.startswith(code.name.split("_")[0]), (
                slug,
                label.name,
            )
            names = {value: str(text) for value, text in label.choices}
            assert set(code.constraints["enum"]) <= set(names), (slug, code.name)
            for row in rows:
                assert row[label.name] == names.get(row[code.name], ""), (slug, code.name, row[code.name])
                if row[code.name]:
                    checked.add((slug, code.name))
    # The demo fills these, so the comparison above ran on real codes.
    for pair in [
        ("stl-integrantes", "sector"),
        ("stl-integrantes", "cargo"),
        ("stl-acuerdos", "estado"),
        ("mesas-de-trabajo", "modalidad"),
        ("mesas-de-trabajo", "estatus"),
        ("organizaciones", "tipo"),
        ("planes", "etapa"),
        ("hitos", "estatus"),
        ("compromisos", "cumplimiento"),
        ("indicadores-del-programa", "indicador"),
        ("indicadores-del-programa", "desglose"),
    ]:
        assert pair in checked, pair


def test_small_datasets_carry_the_new_label_columns(client, demo):
    members = read(client, "stl-integrantes")
    assert {(r["sector"], r["sector_etiqueta"]) for r in members} >= {
        ("gobierno", "Gobierno"),
        ("sociedad_civil", "Sociedad civil"),
    }
    tables = read(client, "mesas-de-trabajo")
    assert all(r["modalidad_etiqueta"] in {"Presencial", "En línea", "Mixta"} for r in tables) and tables
    results = read(client, "convocatoria-resultados")
    from apertus.calls.models import Call

    titles = dict(Call.objects.values_list("slug", "title"))
    assert results and all(r["convocatoria_nombre"] == titles[r["convocatoria"]] for r in results)
    indicators = read(client, "indicadores-del-programa")
    assert {(r["indicador"], r["indicador_nombre"]) for r in indicators} >= {("fellows", "Fellows seleccionados")}


def _count(client, slug: str, fmt: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        body = _body(client, slug, fmt)
    return len(captured.captured_queries), len(body)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_no_dataset_runs_more_queries_for_more_rows(client, people, fmt):
    """Every dataset, at two sizes: the files grow, the number of queries does not."""
    build_plan("20", commitments=1, milestones=1)
    small = {slug: _count(client, slug, fmt) for slug in DATASETS}
    for code in ("07", "26"):
        plan = build_plan(code, commitments=4, milestones=3)
        process = build_process(plan)
        for n in range(3):
            propose(process, people["citizen"], title=f"Propuesta {code} {n}")
    large = {slug: _count(client, slug, fmt) for slug in DATASETS}
    for slug in ("compromisos", "hitos", "propuestas", "planes"):
        assert large[slug][1] > small[slug][1], slug
    grew = {slug: (small[slug][0], large[slug][0]) for slug in DATASETS if large[slug][0] > small[slug][0]}
    # The results framework reads a few queries per participating state (at most 32), whatever the rows.
    assert set(grew) <= {"marco-de-resultados", "resultados-por-entidad"}, grew


def test_a_draft_plan_leaks_in_no_format(client, plan_data):
    draft = plan_data["draft"]
    Commitment.objects.filter(plan=draft).update(title="SECRETO-BORRADOR-EXPORT")
    Milestone.objects.filter(commitment__plan=draft).update(title="SECRETO-BORRADOR-EXPORT")
    for slug in ("compromisos", "hitos", "reportes-de-avance", "evaluacion-irm", "planes"):
        for fmt in ("csv", "json", "xlsx"):
            rows = read(client, slug, fmt)
            assert "SECRETO-BORRADOR-EXPORT" not in repr(rows), (slug, fmt)
    assert read(client, "hitos")  # the public plan's rows are there


def test_dates_stay_dates_in_the_spreadsheet(client, plan_data):
    [row, *_rest] = read(client, "hitos", "xlsx")
    assert isinstance(row["inicio"], dt.datetime | dt.date)
