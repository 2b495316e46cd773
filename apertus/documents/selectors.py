from django.db.models import QuerySet

from apertus.documents.models import Document


def document_get(*, uuid) -> Document:
    """Raises ``Document.DoesNotExist``; whether the reader may see it is the caller's question."""
    return Document.objects.get(uuid=uuid)


def public_documents(*, state_code: str | None = None, kind: str | None = None) -> QuerySet[Document]:
    qs = Document.objects.filter(is_public=True).select_related("state")
    if state_code:
        qs = qs.filter(state__code=state_code)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-date", "-created_at", "pk")
