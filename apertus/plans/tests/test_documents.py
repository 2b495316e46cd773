import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile

from apertus.core.testing import client_for
from apertus.plans import services
from apertus.plans.models import PlanStatus

from .conftest import build_plan


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, weasyprint.HTML(string="<p>Plan</p>").write_pdf(), content_type="application/pdf")


def test_repository_files_follow_the_plan_visibility(db, people, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = build_plan("20", status=PlanStatus.DRAFT)
    document = services.plan_document_add(
        actor=people["stl_oaxaca"], plan=draft, upload=pdf(), title="Borrador del plan", kind="plan"
    )
    assert client.get(document.get_absolute_url()).status_code == 404  # a draft's file is private
    assert client_for(people["stl_oaxaca"]).get(document.get_absolute_url()).status_code == 200
    services.plan_transition(actor=people["stl_oaxaca"], plan=draft, target=PlanStatus.COCREATION)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "Borrador del plan" in client.get(draft.get_absolute_url()).content.decode()


def test_only_the_plans_stl_adds_documents_and_bad_files_are_refused(db, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = build_plan("20")
    url = f"/planes/oaxaca/{plan.edition}/documentos/nuevo/"
    form = {"title": "Minuta", "kind": "minuta", "date": "2026-01-10"}
    assert client_for(people["stl_sonora"]).post(url, {**form, "file": pdf()}).status_code == 403
    fake = SimpleUploadedFile("minuta.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client_for(people["stl_oaxaca"]).post(url, {**form, "file": fake})
    assert response.status_code == 200 and plan.documents.count() == 0
    response = client_for(people["stl_oaxaca"]).post(url, {**form, "file": pdf()})
    assert response.status_code == 302 and plan.documents.get().title == "Minuta"
