"""Keeping a file: server-made names, nothing left behind on failure, attributed history."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from apertus.documents.models import Document, DocumentKind
from apertus.documents.services import (
    document_create,
    document_publish,
    document_unpublish,
    safe_original_name,
)
from apertus.documents.tests import files
from apertus.documents.tests.conftest import stored_files


def _create(actor, content, name="minuta.pdf", state=None, **kwargs):
    return document_create(
        actor=actor,
        upload=files.upload(content, name),
        title=kwargs.pop("title", "Minuta"),
        kind=kwargs.pop("kind", DocumentKind.MINUTES),
        state=state,
        **kwargs,
    )


def test_create_stores_under_a_server_made_name_inside_media_root(people, oaxaca, media_root):
    content = files.pdf()
    document = _create(people["stl_oaxaca"], content, "../../etc/passwd.pdf", oaxaca, title="  Minuta   de la sesión ")
    document.refresh_from_db()
    assert document.file.name == f"documents/{document.uuid.hex[:2]}/{document.uuid.hex}.pdf"
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(media_root.resolve()) and path.read_bytes() == content
    assert stored_files(media_root) == [path]
    assert document.original_name == "passwd.pdf"
    assert document.title == "Minuta de la sesión"
    assert (document.size, document.sha256) == (len(content), hashlib.sha256(content).hexdigest())
    assert (document.content_type, document.extension) == ("application/pdf", ".pdf")
    assert document.uploaded_by == people["stl_oaxaca"] and document.state == oaxaca and not document.is_public


def test_extension_and_type_come_from_the_content(people, media_root):
    document = _create(people["coordinator"], files.image("PNG"), "evil.html", kind=DocumentKind.EVIDENCE)
    assert document.file.name.endswith(".png") and document.content_type == "image/png"
    assert document.original_name == "evil.html"  # kept for reference only, never used to serve


@pytest.mark.parametrize(
    ("client_name", "kept"),
    [
        ("..\\..\\windows\\system32\\cmd.pdf", "cmd.pdf"),
        ("factura\u202efdp.exe", "facturafdp.exe"),  # right-to-left override would show "exe.pdf"
        ("mi\u200bnuta\x00.pdf", "minuta.pdf"),  # zero-width space and NUL
        ("Cafe\u0301 reunio\u0301n.pdf", "Café reunión.pdf"),  # normalised to composed characters
        ("   ...  ", ""),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_client_names_are_sanitised(client_name, kept):
    assert safe_original_name(client_name) == kept
    assert len(safe_original_name(client_name)) <= 255


def test_unicode_tricks_never_reach_the_stored_name(people, media_root):
    document = _create(people["coordinator"], files.pdf(), "informe\u202efdp.exe/../../x.pdf")
    assert document.file.name == f"documents/{document.uuid.hex[:2]}/{document.uuid.hex}.pdf"
    assert document.original_name == "x.pdf"


HOSTILE = {
    "elf": (files.ELF, "informe.pdf"),
    "exe": (files.EXE, "informe.pdf"),
    "html": (files.HTML, "informe.pdf"),
    "svg": (files.SVG, "logo.svg"),
    "zip_bomb": (files.zip_bomb_docx(40), "plan.docx"),
    "png_garbage": (files.PNG_GARBAGE, "foto.png"),
    "empty": (b"", "vacío.pdf"),
    "traversal_html": (files.HTML, "../../etc/passwd.pdf"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_refused_files_leave_nothing_in_storage_or_database(case, people, oaxaca, media_root):
    content, name = HOSTILE[case]
    before = (Document.objects.count(), Document.history.count())
    with pytest.raises(ValidationError):
        _create(people["stl_oaxaca"], content, name, oaxaca)
    assert (Document.objects.count(), Document.history.count()) == before
    assert stored_files(media_root) == []


def test_oversized_file_leaves_nothing(settings, people, media_root):
    settings.DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError):
        _create(people["coordinator"], files.pdf())
    assert Document.objects.count() == 0 and stored_files(media_root) == []


def test_a_failing_database_write_removes_the_stored_file(people, media_root, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(Document, "save", broken_save)
    with pytest.raises(IntegrityError):
        _create(people["coordinator"], files.pdf())
    assert stored_files(media_root) == []


def test_invalid_metadata_is_refused_before_writing(people, media_root):
    with pytest.raises(ValidationError):
        _create(people["coordinator"], files.pdf(), kind="no-existe")
    with pytest.raises(ValidationError):
        _create(people["coordinator"], files.pdf(), title="   ")
    assert Document.objects.count() == 0 and stored_files(media_root) == []


@pytest.mark.parametrize("role", ["citizen", "applicant", "fellow_oaxaca", "stl_sonora", "facilitator", "monitor"])
def test_only_coordinators_and_the_states_stl_may_add(role, people, oaxaca, media_root):
    with pytest.raises(PermissionDenied):
        _create(people[role], files.pdf(), state=oaxaca)
    assert Document.objects.count() == 0 and stored_files(media_root) == []


def test_stl_members_need_a_state_coordinators_do_not(people, oaxaca, media_root):
    with pytest.raises(PermissionDenied):
        _create(people["stl_oaxaca"], files.pdf(), state=None)
    assert _create(people["coordinator"], files.pdf(), state=None).uploaded_by == people["coordinator"]
    assert _create(people["coordinator"], files.pdf(), state=oaxaca).state == oaxaca


def test_system_may_load_documents_without_an_actor(db, media_root):
    document = _create(None, files.xlsx(), "datos.xlsx", is_public=True)
    assert document.uploaded_by is None and document.is_public and document.extension == ".xlsx"
    assert document.history.first().history_user is None


def test_plain_file_objects_are_accepted(people, media_root):
    import io

    document = document_create(
        actor=people["coordinator"], upload=io.BytesIO(files.pdf()), title="Sin nombre", kind=DocumentKind.OTHER
    )
    assert document.original_name == "" and document.size == len(files.pdf())


def test_csv_only_where_the_caller_allows_it(people, media_root):
    with pytest.raises(ValidationError):
        _create(people["coordinator"], files.CSV_UTF8, "datos.csv")
    document = _create(people["coordinator"], files.CSV_UTF8, "datos.csv", allowed=("csv",))
    assert document.content_type == "text/csv" and document.file.name.endswith(".csv")


def test_history_is_attributed(people, oaxaca, media_root):
    document = _create(people["stl_oaxaca"], files.pdf(), state=oaxaca)
    document_publish(actor=people["coordinator"], document=document)
    rows = list(document.history.order_by("history_id"))
    assert [(row.history_type, row.history_user, row.is_public) for row in rows] == [
        ("+", people["stl_oaxaca"], False),
        ("~", people["coordinator"], True),
    ]


def test_publish_and_unpublish_need_change_permission(people, oaxaca, media_root):
    document = _create(None, files.pdf(), state=oaxaca)
    for role in ["citizen", "fellow_oaxaca", "stl_sonora", "monitor", "anonymous"]:
        with pytest.raises(PermissionDenied):
            document_publish(actor=people[role] or _anonymous(), document=document)
    document.refresh_from_db()
    assert not document.is_public
    document_publish(actor=people["stl_oaxaca"], document=document)
    assert Document.objects.get(pk=document.pk).is_public
    document_unpublish(actor=people["coordinator"], document=document)
    assert not Document.objects.get(pk=document.pk).is_public
    with pytest.raises(PermissionDenied):
        document_unpublish(actor=people["stl_sonora"], document=document)


def test_publishing_twice_changes_nothing(people, media_root):
    document = _create(people["coordinator"], files.pdf(), is_public=True)
    document_publish(actor=people["coordinator"], document=document)
    assert document.history.count() == 1


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_large_uploads_spooled_to_disk_are_kept_too(people, media_root):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    content = files.pdf()
    upload = TemporaryUploadedFile("grande.pdf", "application/pdf", len(content), None)
    upload.write(content)
    upload.seek(0)
    document = document_create(actor=people["coordinator"], upload=upload, title="Grande", kind=DocumentKind.REPORT)
    assert Path(document.file.path).read_bytes() == content and document.size == len(content)
    upload.close()
