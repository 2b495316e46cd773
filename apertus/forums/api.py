"""Read-only API: a person's forums, topics and posts (same rules as the pages: what they may not
read answers 404), and the public news and fellows' blog."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.core.api import from_path
from apertus.core.permissions import has_perm, visible_or_404
from apertus.forums import selectors
from apertus.forums.models import Forum

router = Router()


def _author(obj) -> str | None:
    return obj.author.public_name if obj.author_id else None


class ForumOut(Schema):
    id: int
    year: int
    kind: str
    state_code: str | None
    title: str
    slug: str
    activity_slug: str
    url: str

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.phase.year

    resolve_state_code = from_path("state.code")

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class TopicOut(Schema):
    id: int
    title: str
    author: str | None
    post_count: int
    last_post_at: datetime | None
    is_pinned: bool
    is_locked: bool

    @staticmethod
    def resolve_author(obj):
        return _author(obj)


class PostOut(Schema):
    """A hidden post keeps its place with its reason; its text is left out."""

    id: int
    author: str | None
    created_at: datetime
    edited_at: datetime | None
    is_hidden: bool
    hidden_reason: str
    body: str

    @staticmethod
    def resolve_author(obj):
        return _author(obj)

    @staticmethod
    def resolve_body(obj) -> str:
        return "" if obj.is_hidden else obj.body


class PublicationOut(Schema):
    year: int
    title: str
    author: str | None
    published_at: datetime | None
    body: str
    url: str

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.phase.year

    @staticmethod
    def resolve_author(obj):
        return _author(obj)

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


@router.get("/news", response=list[PublicationOut], summary="Noticias publicadas")
@paginate(LimitOffsetPagination)
def list_news(request, year: int | None = None):
    qs = selectors.published_news()
    return qs.filter(phase__year=year) if year is not None else qs


@router.get("/blog", response=list[PublicationOut], summary="Entradas publicadas del blog de fellows")
@paginate(LimitOffsetPagination)
def list_blog(request, year: int | None = None):
    qs = selectors.published_blog()
    return qs.filter(phase__year=year) if year is not None else qs


@router.get("/", response=list[ForumOut], summary="Foros que puedo leer")
@paginate(LimitOffsetPagination)
def list_forums(request):
    forums = Forum.objects.select_related("phase", "state").order_by("phase__number", "position", "title")
    return [f for f in forums if has_perm(request.user, "forums.view_forum", f)]


def _readable_forum(request, forum_id: int) -> Forum:
    forum = visible_or_404(
        request.user, "forums.view_forum", Forum.objects.filter(pk=forum_id).select_related("phase", "state").first()
    )
    return forum


@router.get("/{int:forum_id}", response=ForumOut, summary="Un foro")
def get_forum(request, forum_id: int):
    return _readable_forum(request, forum_id)


@router.get("/{int:forum_id}/topics", response=list[TopicOut], summary="Temas de un foro")
@paginate(LimitOffsetPagination)
def list_topics(request, forum_id: int):
    return selectors.forum_topics(_readable_forum(request, forum_id))


@router.get("/topics/{int:topic_id}/posts", response=list[PostOut], summary="Mensajes de un tema")
@paginate(LimitOffsetPagination)
def list_posts(request, topic_id: int):
    topic = visible_or_404(request.user, "forums.view_forum", selectors.topic_get(topic_id))
    return selectors.topic_posts(topic)
