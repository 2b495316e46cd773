from datetime import date, datetime
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.core.api import from_path
from apertus.documents import selectors
from apertus.documents.models import Document, DocumentKind

router = Router()


class DocumentOut(Schema):
    uuid: UUID
    title: str
    kind: str
    kind_label: str
    date: date | None
    state_code: str | None
    content_type: str
    extension: str
    size: int
    sha256: str
    download_url: str
    created_at: datetime

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    resolve_state_code = from_path("state.code")

    @staticmethod
    def resolve_download_url(obj) -> str:
        return obj.get_absolute_url()


@router.get("/", response=list[DocumentOut], summary="Documentos públicos")
@paginate(LimitOffsetPagination)
def list_documents(request, state: str | None = None, kind: str | None = None):
    if kind is not None and kind not in DocumentKind.values:
        return Document.objects.none()
    return selectors.public_documents(state_code=state, kind=kind)


@router.get("/{uuid:uuid}", response=DocumentOut, summary="Un documento público")
def get_document(request, uuid: UUID):
    # Private documents answer 404 here, whoever asks: the API is for open data.
    return get_object_or_404(selectors.public_documents(), uuid=uuid)
