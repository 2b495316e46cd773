"""Read endpoint for comments: non-personal fields only, shown comments on targets the caller may see."""

from datetime import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.comments import selectors

router = Router()


class CommentOut(Schema):
    id: int
    parent_id: int | None
    author: str | None = Field(None, description="Nombre público de la persona autora; nulo si borró su cuenta.")
    body: str = Field(description="Texto en Markdown.")
    created_at: datetime
    edited: bool

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.public_name if obj.author_id else None

    @staticmethod
    def resolve_edited(obj) -> bool:
        return obj.edited_at is not None


@router.get("/", response=list[CommentOut], summary="Comentarios de un plan, compromiso o propuesta")
@paginate(LimitOffsetPagination)
def list_comments(
    request,
    target: str = Query(
        ..., description="Qué se comenta: plans.actionplan, plans.commitment o participation.proposal."
    ),
    id: int = Query(..., description="Identificador del plan, compromiso o propuesta."),  # noqa: A002 - the public parameter name
):
    """Comentarios publicados, del más antiguo al más reciente; ``parent_id`` permite rearmar los hilos."""
    comments = selectors.comments_for_api(user=request.user, label=target, pk=id)
    if comments is None:
        raise Http404
    return comments
