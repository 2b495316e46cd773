"""An evidence file travels with its progress report: a refused report keeps neither a document nor a file."""

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apertus.core.testing import client_for
from apertus.documents.models import Document
from apertus.plans import services
from apertus.plans.models import Evidence, MilestoneStatus


def _pdf(name="evidencia.pdf"):
    return SimpleUploadedFile(name, weasyprint.HTML(string="<p>Minuta</p>").write_pdf(), content_type="application/pdf")


def _stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def _form(milestone, version, **extra):
    return {
        "progress": 60,
        "status": MilestoneStatus.IN_PROGRESS,
        "note": "",
        "version": version,
        "evidence_description": "Minuta de la sesión",
        **extra,
    }


def test_a_stale_report_with_a_file_leaves_no_orphan_document(people, oaxaca_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    milestone = oaxaca_plan.commitments.first().milestones.first()
    stale = milestone.version
    services.progress_report(
        actor=people["coordinator"],
        milestone=milestone,
        progress=30,
        status=MilestoneStatus.IN_PROGRESS,
        expected_version=stale,
    )
    documents, evidence = Document.objects.count(), Evidence.objects.count()

    response = client_for(people["stl_oaxaca"]).post(
        f"/planes/hitos/{milestone.pk}/avance/", _form(milestone, stale, evidence_file=_pdf())
    )

    assert response.status_code == 409
    assert (Document.objects.count(), Evidence.objects.count()) == (documents, evidence)
    assert _stored_files(tmp_path) == []
    assert milestone.reports.count() == 1


def test_a_current_report_with_a_file_keeps_its_evidence(people, oaxaca_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    milestone = oaxaca_plan.commitments.first().milestones.first()

    response = client_for(people["stl_oaxaca"]).post(
        f"/planes/hitos/{milestone.pk}/avance/", _form(milestone, milestone.version, evidence_file=_pdf())
    )

    assert response.status_code == 302
    report = milestone.reports.get()
    document = report.evidence.get().document
    assert (document.title, document.kind, document.state_id) == (
        "Minuta de la sesión",
        "evidencia",
        oaxaca_plan.state_id,
    )
    assert len(_stored_files(tmp_path)) == 1


def test_a_report_refused_after_the_file_is_kept_removes_the_file(people, oaxaca_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    milestone = oaxaca_plan.commitments.first().milestones.first()
    documents = Document.objects.count()
    # A link that is not http(s) is refused by the evidence check, after the upload became a document.
    items = [{"description": "Minuta", "upload": _pdf()}, {"description": "Enlace", "url": "ftp://x"}]
    with pytest.raises(ValidationError, match="http"):
        services.progress_report(
            actor=people["stl_oaxaca"],
            milestone=milestone,
            progress=50,
            status=MilestoneStatus.IN_PROGRESS,
            expected_version=milestone.version,
            new_evidence=items,
        )
    assert Document.objects.count() == documents
    assert _stored_files(tmp_path) == []
