"""The admin uses the same checks and service; the rules answer the matrix the brief gives."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apertus.core.permissions import has_perm
from apertus.core.testing import ROLE_KEYS, assert_matrix, client_for, only
from apertus.documents.models import Document, DocumentKind
from apertus.documents.rules import can_view_document
from apertus.documents.services import document_create
from apertus.documents.tests import files
from apertus.documents.tests.conftest import stored_files

ADMIN = "/admin/documents/document/"


def _doc(**kwargs):
    return document_create(
        actor=None, upload=files.upload(files.pdf()), title="Minuta", kind=DocumentKind.MINUTES, **kwargs
    )


def test_admin_is_for_coordinators_only(people):
    document = _doc()
    assert_matrix(
        people,
        {
            ("GET", ADMIN): only(["coordinator"], 200, 302),
            ("GET", f"{ADMIN}add/"): only(["coordinator"], 200, 302),
            ("GET", f"{ADMIN}{document.pk}/change/"): only(["coordinator"], 200, 302),
        },
    )


def test_change_page_shows_the_file_read_only(people):
    document = _doc()
    html = client_for(people["coordinator"]).get(f"{ADMIN}{document.pk}/change/").content.decode()
    assert f'href="{document.get_absolute_url()}"' in html
    assert 'type="file"' not in html and document.sha256 in html


def test_adding_through_the_admin_uses_the_service(people, oaxaca, media_root):
    coordinator = client_for(people["coordinator"])
    assert 'type="file" name="upload"' in coordinator.get(f"{ADMIN}add/").content.decode()
    form = {
        "title": "Declaratoria",
        "kind": DocumentKind.DECLARATION,
        "date": "2017-03-08",
        "state": oaxaca.pk,
        "upload": SimpleUploadedFile("../declaratoria.pdf", files.pdf(), content_type="text/html"),
    }
    response = coordinator.post(f"{ADMIN}add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert document.uploaded_by == people["coordinator"] and document.original_name == "declaratoria.pdf"
    assert document.file.name.endswith(f"{document.uuid.hex}.pdf") and document.content_type == "application/pdf"
    assert document.history.get().history_user == people["coordinator"]
    assert len(stored_files(media_root)) == 1


def test_admin_refuses_hostile_files_with_a_message(people, media_root):
    form = {
        "title": "Informe",
        "kind": DocumentKind.REPORT,
        "upload": SimpleUploadedFile("informe.pdf", files.ELF, content_type="application/pdf"),
    }
    response = client_for(people["coordinator"]).post(f"{ADMIN}add/", form)
    assert response.status_code == 200
    assert "No se admite este tipo de archivo" in response.content.decode()
    assert Document.objects.count() == 0 and stored_files(media_root) == []


def test_admin_actions_publish_and_unpublish(people):
    document = _doc()
    coordinator = client_for(people["coordinator"])
    coordinator.post(ADMIN, {"action": "publish", "_selected_action": [document.pk]})
    document.refresh_from_db()
    assert document.is_public and document.history.first().history_user == people["coordinator"]
    coordinator.post(ADMIN, {"action": "unpublish", "_selected_action": [document.pk]})
    document.refresh_from_db()
    assert not document.is_public


def test_deleting_in_the_admin_removes_the_file(people, media_root, django_capture_on_commit_callbacks):
    document = _doc()
    assert len(stored_files(media_root)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people["coordinator"]).post(f"{ADMIN}{document.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.exists() and stored_files(media_root) == []


@pytest.mark.parametrize("public", [True, False])
def test_view_rule_matrix(people, oaxaca, public):
    document = _doc(state=oaxaca, is_public=public)
    allowed = set(ROLE_KEYS) if public else {"coordinator", "stl_oaxaca"}
    for role in ROLE_KEYS:
        assert can_view_document(people[role], document) == (role in allowed), role


def test_change_and_add_rules(people, oaxaca, sonora):
    document = _doc(state=oaxaca)
    for role in ROLE_KEYS:
        user = people[role]
        assert has_perm(user, "documents.change_document", document) == (role in {"coordinator", "stl_oaxaca"}), role
        assert has_perm(user, "documents.add_document", oaxaca) == (role in {"coordinator", "stl_oaxaca"}), role
        assert has_perm(user, "documents.add_document", sonora) == (role in {"coordinator", "stl_sonora"}), role
        assert has_perm(user, "documents.add_document", None) == (role == "coordinator"), role
