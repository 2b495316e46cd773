"""The STL's documents: declaration, rules and minutes, uploaded through the documents service."""

import functools

from django.core.files.uploadedfile import SimpleUploadedFile

from apertus.core.testing import client_for
from apertus.documents.models import Document, DocumentKind
from apertus.stl.models import Stl


@functools.cache
def _pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<h1>Declaración conjunta</h1><p>Oaxaca</p>").write_pdf()


def _upload(name="declaratoria.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else _pdf(), content_type="application/pdf")


def test_members_upload_the_declaration_and_the_public_sees_it(people, oaxaca, client):
    response = client_for(people["stl_oaxaca"]).post(
        "/stl/oaxaca/gestion/datos/",
        {
            "declaration_date": "2015-03-09",
            "signatories": "Firmantes",
            "is_published": "on",
            "declaration_file": _upload(),
            "documents_public": "on",
        },
    )
    assert response.status_code == 302
    stl = Stl.objects.select_related("declaration_document").get(pk=oaxaca["stl"].pk)
    document = stl.declaration_document
    assert (document.kind, document.state_id, document.is_public) == (DocumentKind.DECLARATION, stl.state_id, True)
    assert document.title == "Declaración conjunta · STL de Oaxaca"
    assert document.uploaded_by == people["stl_oaxaca"]
    assert stl.history.first().history_user == people["stl_oaxaca"]
    html = client.get("/stl/oaxaca/").content.decode()
    assert f'href="{document.get_absolute_url()}"' in html
    assert client.get("/api/stl/oaxaca").json()["declaration_document"]["url"] == document.get_absolute_url()
    assert client.get(document.get_absolute_url()).status_code == 200


def test_private_minutes_are_listed_but_not_linked_for_the_public(people, oaxaca, client):
    session = oaxaca["sessions"][0]
    url = f"/stl/oaxaca/gestion/sesiones/{session.pk}/minuta/"
    assert client_for(people["coordinator"]).post(url, {"upload": _upload("minuta.pdf")}).status_code == 302
    session.refresh_from_db()
    document = session.minutes_document
    assert (document.kind, document.is_public) == (DocumentKind.MINUTES, False)
    public_html = client.get(f"/stl/oaxaca/sesiones/{session.pk}/").content.decode()
    assert document.get_absolute_url() not in public_html and "aún no público" in public_html
    member_html = client_for(people["stl_oaxaca"]).get(f"/stl/oaxaca/sesiones/{session.pk}/").content.decode()
    assert document.get_absolute_url() in member_html
    assert client.get(f"/api/stl/oaxaca/sessions/{session.pk}").json()["minutes_document"] is None


def test_a_disguised_file_is_refused_and_nothing_is_kept(people, oaxaca):
    before = Document.objects.count(), oaxaca["stl"].history.count()
    hostile = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n"
    response = client_for(people["stl_oaxaca"]).post(
        "/stl/oaxaca/gestion/datos/",
        {"declaration_date": "2015-03-09", "signatories": "Cambio", "rules_file": _upload("reglas.pdf", hostile)},
    )
    assert response.status_code == 400
    assert (Document.objects.count(), oaxaca["stl"].history.count()) == before
    oaxaca["stl"].refresh_from_db()
    assert oaxaca["stl"].signatories != "Cambio" and oaxaca["stl"].is_published
