"""Writes about documents: keep an uploaded file safely, publish it, withdraw it."""

from __future__ import annotations

import hashlib
import unicodedata

from django.core.files import File
from django.db import transaction

from apertus.core.history import attribute
from apertus.core.permissions import require
from apertus.core.validation import full_clean
from apertus.documents.models import Document
from apertus.documents.validation import validate_upload

ORIGINAL_NAME_MAX = 255


def safe_original_name(name: str | None) -> str:
    """The client's file name, kept only to show it: no folders, no control or invisible
    characters (bidirectional overrides, zero-width marks), at most 255 characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Category C: controls, format marks (U+202E and friends), unassigned and private-use code points.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(name.split()).strip(" .")
    if len(name) > ORIGINAL_NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = f"{stem[: ORIGINAL_NAME_MAX - len(extension) - 1]}.{extension}"
        else:
            name = name[:ORIGINAL_NAME_MAX]
    return name


def _measure(upload: File) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return size, digest.hexdigest()


def document_create(
    *,
    actor,
    upload,
    title: str,
    kind: str,
    date=None,
    state=None,
    is_public: bool = False,
    allowed=("pdf", "image", "office"),
) -> Document:
    """Keep ``upload`` as a new Document, after checking by content what it really is.

    ``actor`` None means the system (data loading); otherwise they need ``documents.add_document``
    for ``state``. The file is stored under a name made from the document's UUID and the extension
    of its detected type; the client's name survives only, cleaned, in ``original_name``. When
    anything fails nothing is left behind: no row, no history, no file.
    """
    require(actor, "documents.add_document", state)
    if not isinstance(upload, File):
        upload = File(upload)
    detected = validate_upload(upload, allowed=allowed)
    size, sha256 = _measure(upload)
    document = Document(
        title=" ".join(str(title).split()),
        kind=kind,
        date=date,
        state=state,
        is_public=is_public,
        original_name=safe_original_name(upload.name),
        extension=detected.extension,
        content_type=detected.mime,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
    )
    full_clean(document, exclude=["file"])
    stored_name = None
    try:
        with transaction.atomic():
            # The name given here is ignored: _upload_to builds it from the UUID and extension.
            document.file.save("upload", upload, save=False)
            stored_name = document.file.name
            attribute(document, actor)
            document.save()
    except BaseException:
        if stored_name:
            document.file.storage.delete(stored_name)
        raise
    return document


def _set_public(*, actor, document: Document, is_public: bool) -> Document:
    require(actor, "documents.change_document", document)
    if document.is_public == is_public:
        return document
    document.is_public = is_public
    full_clean(document)
    with transaction.atomic():
        attribute(document, actor)
        document.save(update_fields=["is_public", "updated_at"])
    return document


def document_publish(*, actor, document: Document) -> Document:
    """Make the document downloadable by anyone. ``actor`` None means the system."""
    return _set_public(actor=actor, document=document, is_public=True)


def document_unpublish(*, actor, document: Document) -> Document:
    """Withdraw the document from the public; those with ``documents.view_document`` still see it."""
    return _set_public(actor=actor, document=document, is_public=False)
