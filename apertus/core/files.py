"""Stored files leave Apertus one way: ``protected_file_response``, after the caller's permission check.

The response is an attachment that never runs in our origin (``nosniff``, a sandboxing CSP) and,
unless the file is public, is kept out of shared caches. ``document_response`` opens a stored
document (anything with ``file``, ``title``, ``extension`` and ``content_type``) and answers 404
when the document or its file is missing.
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404

# Served files never run anything in our origin, even if a browser were to render one.
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def _clean_title(title: str) -> str:
    title = unicodedata.normalize("NFC", title)
    title = "".join(ch for ch in title if not unicodedata.category(ch).startswith("C"))
    title = re.sub(r'[\\/:*?"<>|;]+', " ", title)  # separators and characters that name files badly
    return " ".join(title.split()).strip(" .")[:150]


def content_disposition(document) -> str:
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


def protected_file_response(handle, *, content_type: str, disposition: str, private: bool) -> FileResponse:
    """Stream ``handle`` as an attachment with the download security headers."""
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def document_response(document, *, private: bool) -> FileResponse:
    """A stored document as a protected attachment; 404 when there is none or its file is gone."""
    if document is None:
        raise Http404
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return protected_file_response(
        handle, content_type=document.content_type, disposition=content_disposition(document), private=private
    )
