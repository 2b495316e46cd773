"""Serving files: permission matrix, 404 rather than 403, and headers that keep them inert."""

import hashlib
import re

import pytest

from apertus.core.testing import assert_matrix, client_for, everyone, only
from apertus.documents.models import Document, DocumentKind
from apertus.documents.services import document_create
from apertus.documents.tests import files
from apertus.documents.views import content_disposition


def _doc(content=None, name="minuta.pdf", title="Minuta de la sesión", **kwargs):
    return document_create(
        actor=kwargs.pop("actor", None),
        upload=files.upload(content or files.pdf(), name),
        title=title,
        kind=DocumentKind.MINUTES,
        **kwargs,
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content)  # the test client closes the response at the end


def test_download_headers_and_bytes(client, db):
    content = files.pdf()
    document = _doc(content, is_public=True)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert _body(response) == content and hashlib.sha256(content).hexdigest() == document.sha256
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Minuta de la sesion.pdf\"; filename*=UTF-8''Minuta%20de%20la%20sesi%C3%B3n.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"].split("; ")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_served_type_is_the_detected_one_not_the_clients(client, db):
    document = _doc(files.image("PNG"), "trampa.html", title="Foto", is_public=True)
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="Foto.png"'
    _body(response)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Informe anual", 'attachment; filename="Informe anual.pdf"'),
        ('a"b\\c/d', 'attachment; filename="a b c d.pdf"'),
        ("Año\u202egnp.exe", "attachment; filename=\"Anognp.exe.pdf\"; filename*=UTF-8''A%C3%B1ognp.exe.pdf"),
        ("日本語", "attachment; filename=\"documento.pdf\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.pdf"),
        ("...", 'attachment; filename="documento.pdf"'),
    ],
)
def test_content_disposition_is_safe_for_any_title(title, expected):
    document = Document(title=title, extension=".pdf")
    header = content_disposition(document)
    assert header == expected
    assert all(ord(ch) < 128 and ch not in "\r\n" for ch in header)


def test_public_document_everyone_may_download(people):
    document = _doc(is_public=True)
    assert_matrix(people, {("GET", document.get_absolute_url()): everyone(200)})


def test_private_state_document_only_coordinator_and_that_states_stl(people):
    from apertus.territories.models import State

    document = _doc(state=State.objects.get(code="20"))
    url = document.get_absolute_url()
    assert_matrix(people, {("GET", url): only(["coordinator", "stl_oaxaca"], 200, 404)})


def test_the_uploader_may_always_see_their_document(people):
    document = _doc()
    Document.objects.filter(pk=document.pk).update(uploaded_by=people["citizen"])
    assert_matrix(people, {("GET", document.get_absolute_url()): only(["coordinator", "citizen"], 200, 404)})


def test_private_and_missing_documents_answer_the_same(people, client):
    import uuid

    private = _doc()
    absent = uuid.uuid4()
    missing = client.get(f"/documentos/{absent}/")
    hidden = client.get(private.get_absolute_url())
    assert missing.status_code == hidden.status_code == 404
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')

    def page(response, asked):  # the page echoes the path asked for ("next" of the language switch)
        return token.sub(b"", response.content).replace(str(asked).encode(), b"UUID")

    assert page(missing, absent) == page(hidden, private.uuid)


def test_private_downloads_are_not_cached(people):
    document = _doc()
    response = client_for(people["coordinator"]).get(document.get_absolute_url())
    assert response["Cache-Control"] == "private, no-store"
    _body(response)


def test_unpublishing_closes_the_door_at_once(people, client):
    from apertus.documents.services import document_unpublish

    document = _doc(is_public=True)
    _body(client.get(document.get_absolute_url()))
    document_unpublish(actor=people["coordinator"], document=document)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_only_reading_methods(people):
    document = _doc(is_public=True)
    assert_matrix(people, {("POST", document.get_absolute_url()): everyone(405)})


def test_file_missing_from_storage_is_a_404_not_a_500(client, db):
    document = _doc(is_public=True)
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_download_runs_a_bounded_number_of_queries(people, django_assert_max_num_queries):
    from apertus.territories.models import State

    document = _doc(state=State.objects.get(code="20"))
    stl = client_for(people["stl_oaxaca"])
    with django_assert_max_num_queries(6):
        response = stl.get(document.get_absolute_url())
    assert response.status_code == 200
    _body(response)


def test_api_shows_public_documents_only(client, people):
    public = _doc(is_public=True, title="Declaración conjunta")
    private = _doc(title="Borrador")
    data = client.get(f"/api/documents/{public.uuid}").json()
    assert data["title"] == "Declaración conjunta" and data["download_url"] == public.get_absolute_url()
    assert data["sha256"] == public.sha256 and data["size"] == public.size and data["content_type"] == "application/pdf"
    assert data["kind_label"] == "Minuta"
    assert "original_name" not in data and "uploaded_by" not in data
    for user in [None, people["coordinator"]]:
        assert client_for(user).get(f"/api/documents/{private.uuid}").status_code == 404
    assert client.get("/api/documents/no-es-un-uuid").status_code == 404
    listed = client.get("/api/documents/").json()
    assert [item["uuid"] for item in listed["items"]] == [str(public.uuid)] and listed["count"] == 1


def test_api_list_filters_and_bounded_queries(client, db, django_assert_max_num_queries):
    from apertus.territories.models import State

    oaxaca = State.objects.get(code="20")
    for n in range(5):
        _doc(is_public=True, state=oaxaca, title=f"Minuta {n}")
    _doc(is_public=True, title="Nacional")
    with django_assert_max_num_queries(3):
        oaxaca_items = client.get("/api/documents/?state=20").json()
    assert oaxaca_items["count"] == 5 and {item["state_code"] for item in oaxaca_items["items"]} == {"20"}
    assert client.get("/api/documents/?kind=nada").json()["count"] == 0
    assert client.get("/api/documents/?kind=minuta").json()["count"] == 6
