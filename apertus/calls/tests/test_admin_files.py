"""The administration's file picker for a call offers public documents only."""

from apertus.core.testing import client_for
from apertus.documents.models import DocumentKind
from apertus.documents.services import document_create
from apertus.documents.tests import files


def test_the_call_file_picker_never_offers_private_documents(people):
    public = document_create(actor=None, upload=files.upload(files.pdf()), title="Bases de la convocatoria",
                             kind=DocumentKind.OTHER, is_public=True)
    private = document_create(actor=None, upload=files.upload(files.pdf()), title="Comprobante de domicilio de Ana",
                              kind=DocumentKind.OTHER, is_public=False)
    page = client_for(people["coordinator"]).get("/admin/calls/call/add/")
    assert page.status_code == 200
    choices = {pk for pk, _ in page.context["adminform"].form.fields["files"].choices}
    assert public.pk in {getattr(c, "value", c) for c in choices}
    assert private.pk not in {getattr(c, "value", c) for c in choices}
    assert "Comprobante de domicilio" not in page.content.decode()
