"""The one protected file response: attachment, inert, private unless public; 404 when nothing to send."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.http import Http404

from apertus.core.files import document_response, protected_file_response


def _document(content=b"%PDF-1.4 hola", title="Minuta de la sesión", stored=True):
    storage = InMemoryStorage()
    name = storage.save("minuta.bin", ContentFile(content)) if stored else "nada.bin"
    return SimpleNamespace(
        file=SimpleNamespace(storage=storage, name=name), title=title, extension=".pdf", content_type="application/pdf"
    )


@pytest.mark.parametrize("private", [True, False])
def test_document_response_headers(private):
    response = document_response(_document(), private=private)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 hola"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Minuta de la sesion.pdf\"; filename*=UTF-8''Minuta%20de%20la%20sesi%C3%B3n.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert (response.get("Cache-Control") == "private, no-store") is private
    response.file_to_stream.close()


def test_protected_file_response_keeps_the_given_disposition():
    response = protected_file_response(
        ContentFile(b"x"), content_type="application/pdf", disposition='attachment; filename="r.pdf"', private=True
    )
    assert response["Content-Disposition"] == 'attachment; filename="r.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("document", [None, _document(stored=False)], ids=["no document", "file gone"])
def test_missing_document_or_file_is_404(document):
    with pytest.raises(Http404):
        document_response(document, private=True)
