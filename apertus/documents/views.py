import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from apertus.documents import selectors
from apertus.documents.models import Document
from apertus.documents.rules import can_view_document

# Served files never run anything in our origin, even if a browser were to render one.
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def _clean_title(title: str) -> str:
    title = unicodedata.normalize("NFC", title)
    title = "".join(ch for ch in title if not unicodedata.category(ch).startswith("C"))
    title = re.sub(r'[\\/:*?"<>|;]+', " ", title)  # separators and characters that name files badly
    return " ".join(title.split()).strip(" .")[:150]


def content_disposition(document: Document) -> str:
    """``attachment`` with an ASCII ``filename`` for every client and, when the title needs it,
    the exact UTF-8 name as ``filename*`` (RFC 5987/6266)."""
    title = _clean_title(document.title)
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    ascii_title = re.sub(r"[^A-Za-z0-9 ._()\-]+", "_", ascii_title).strip(" ._") or "documento"
    ascii_name = f"{ascii_title}{document.extension}"
    header = f'attachment; filename="{ascii_name}"'
    utf8_name = f"{title or 'documento'}{document.extension}"
    if utf8_name != ascii_name:
        header += f"; filename*=UTF-8''{quote(utf8_name, safe='')}"
    return header


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
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(document)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    if not document.is_public:
        response["Cache-Control"] = "private, no-store"
    return response
