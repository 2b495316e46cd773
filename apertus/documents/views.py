from django.http import Http404
from django.views.decorators.http import require_safe

from apertus.core.files import DOWNLOAD_CSP, content_disposition, document_response
from apertus.documents import selectors
from apertus.documents.models import Document
from apertus.documents.rules import can_view_document

__all__ = ["DOWNLOAD_CSP", "content_disposition", "download"]


@require_safe
def download(request, uuid):
    """The only way a stored file leaves Apertus: as an attachment, after a permission check.

    A document the reader may not see answers 404, exactly like one that does not exist.
    """
    try:
        document = selectors.document_get(uuid=uuid)
    except Document.DoesNotExist:
        raise Http404 from None
    if not can_view_document(request.user, document):
        raise Http404
    return document_response(document, private=not document.is_public)
