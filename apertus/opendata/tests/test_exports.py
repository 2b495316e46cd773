"""The large exports: a fixed number of queries whatever the number of rows, label columns beside the codes,
and the commitments file's OGP template and IRM assessment columns."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apertus.advice.models import IRMAssessment
from apertus.comments.models import Comment
from apertus.core.datasets import DATASETS
from apertus.participation.models import Response
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans import services
from apertus.plans.models import Commitment, PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.taxonomy.models import Term

LARGE = ["compromisos", "hitos", "reportes-de-avance", "propuestas", "respuestas", "comentarios", "evaluacion-irm"]


def _rows(client, slug: str, fmt: str = "csv") -> list[dict]:
    response = client.get(f"/datos/{slug}.{fmt}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _add_data(people, state_code: str, commitments: int) -> None:
    """One public plan with ``commitments`` commitments, their milestones, a progress report each, proposals
    with SDG goals and a response, comments and replies, and an IRM assessment."""
    plan = build_plan(state_code, commitments=commitments, milestones=2)
    goals = list(Term.objects.filter(scheme="sdg_goal", code__in=["5", "16"]))
    process = build_process(plan)
    commitment_ct = ContentType.objects.get_for_model(Commitment)
    for commitment in plan.commitments.all():
        for milestone in commitment.milestones.all():
            services.progress_report(actor=None, milestone=milestone, progress=40, status="en_proceso")
        proposal = propose(process, people["citizen"], title=f"Propuesta {commitment.number}")
        proposal.goals.set(goals)
        Response.objects.create(
            proposal=proposal, kind="parcial", reason="Se incorporó en parte", commitment=commitment
        )
        top = Comment.objects.create(
            content_type=commitment_ct, object_id=commitment.pk, author=people["citizen"], body="Buen compromiso"
        )
        Comment.objects.create(
            content_type=commitment_ct, object_id=commitment.pk, author=people["citizen"], body="Respuesta", parent=top
        )
        IRMAssessment.objects.create(
            commitment=commitment,
            verifiable=True,
            relevant_access=True,
            potential_impact="moderate",
            impact_reason="Abre datos",
        )


def _queries(client, slug: str, fmt: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/datos/{slug}.{fmt}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    return len(captured.captured_queries), len(body)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_queries_do_not_grow_with_the_rows(client, people, fmt):
    _add_data(people, "20", commitments=1)
    small = {slug: _queries(client, slug, fmt) for slug in LARGE}
    _add_data(people, "07", commitments=4)
    _add_data(people, "26", commitments=3)
    large = {slug: _queries(client, slug, fmt) for slug in LARGE}
    for slug in LARGE:
        assert large[slug][1] > small[slug][1], slug  # the file did grow
        assert large[slug][0] <= small[slug][0], (slug, small[slug][0], large[slug][0])


def test_every_coded_column_has_its_label_beside_it(client, people):
    _add_data(people, "20", commitments=2)
    pairs = {
        "hitos": [("estatus", "estatus_nombre")],
        "reportes-de-avance": [("estatus", "estatus_nombre"), ("origen", "origen_etiqueta")],
        "propuestas": [("respuesta", "respuesta_etiqueta")],
        "respuestas": [("tipo", "tipo_etiqueta")],
        "comentarios": [("objeto_tipo", "objeto_tipo_etiqueta")],
        "compromisos": [
            ("cumplimiento", "cumplimiento_nombre"),
            ("cumplimiento_derivado", "cumplimiento_derivado_etiqueta"),
            ("irm_impacto_potencial", "irm_impacto_potencial_etiqueta"),
        ],
    }
    expected = {
        "en_proceso": "En proceso",
        "web": "Sitio web",
        "parcial": "Incorporada parcialmente",
        "plans.commitment": "compromiso",
        "moderate": "Moderado",
    }
    for slug, columns in pairs.items():
        header = DATASETS[slug].header()
        rows = _rows(client, slug)
        assert rows, slug
        for code, label in columns:
            assert header.index(label) == header.index(code) + 1 or label.startswith("cumplimiento"), (slug, label)
            for row in rows:
                assert bool(row[code]) == bool(row[label]), (slug, code, row[code], row[label])
                if row[code] in expected:
                    assert row[label] == expected[row[code]], (slug, code, row[label])


def test_commitments_carry_goals_completion_and_the_irm_assessment(client, people):
    _add_data(people, "20", commitments=2)
    plan_commitments = list(Commitment.objects.order_by("number"))
    IRMAssessment.objects.filter(commitment=plan_commitments[1]).delete()
    rows = {int(r["id"]): r for r in _rows(client, "compromisos")}
    assessed, unassessed = rows[plan_commitments[0].pk], rows[plan_commitments[1].pk]
    assert assessed["irm_evaluado"] == "True" and assessed["irm_verificable"] == "True"
    assert assessed["irm_relevante_access"] == "True" and assessed["irm_relevante_technology"] == "False"
    assert assessed["irm_impacto_potencial"] == "moderate" and assessed["irm_razon_impacto"] == "Abre datos"
    assert unassessed["irm_evaluado"] == "False"
    assert unassessed["irm_verificable"] == unassessed["irm_impacto_potencial"] == unassessed["irm_abrio_access"] == ""
    assert assessed["ods_objetivos"].split(";")[0] == "16"
    assert assessed["cumplimiento_derivado"] == plan_commitments[0].completion


def test_proposals_carry_their_goals_and_milestones_their_commitment(client, people):
    _add_data(people, "20", commitments=2)
    for row in _rows(client, "propuestas"):
        assert row["ods"] == "16;5" and row["respuesta"] == "parcial"
    commitment_ids = {str(pk) for pk in Commitment.objects.values_list("pk", flat=True)}
    milestones = _rows(client, "hitos")
    assert len(milestones) == 4 and {m["compromiso_id"] for m in milestones} == commitment_ids
    package = DATASETS["hitos"].foreign_keys
    assert (("compromiso_id",), "compromisos", ("id",)) in package


def test_irm_assessment_of_a_draft_plan_never_leaks(client, people):
    _add_data(people, "20", commitments=1)
    draft = build_plan("26", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    IRMAssessment.objects.create(
        commitment=draft.commitments.get(),
        verifiable=False,
        potential_impact="none",
        impact_reason="SECRETO-IRM-BORRADOR",
    )
    for fmt in ("csv", "json", "xlsx"):
        for slug in ("compromisos", "evaluacion-irm"):
            response = client.get(f"/datos/{slug}.{fmt}")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if fmt == "xlsx":
                from openpyxl import load_workbook

                sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
                body = repr(list(sheet.iter_rows(values_only=True))).encode()
            assert b"SECRETO-IRM-BORRADOR" not in body, (slug, fmt)
            assert b"Abre datos" in body, (slug, fmt)
