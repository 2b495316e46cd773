"""Reads for comments: a thread page in a fixed number of queries, whatever the number of comments."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from apertus.comments import registry
from apertus.comments.models import Comment
from apertus.comments.registry import target_is_visible, target_model, targets_visible_to
from apertus.core.cache import versioned
from apertus.moderation.models import Flag
from apertus.moderation.selectors import visible

PAGE_SIZE = 20


def comments_on(target) -> QuerySet[Comment]:
    return Comment.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)


def _order(newest_first: bool) -> tuple[str, str]:
    return ("-created_at", "-id") if newest_first else ("created_at", "id")


def thread_page(target, *, page=1, newest_first: bool = False) -> Page:
    """One page of top-level comments (oldest first unless asked), each with its visible replies.

    Three queries: the count, the page, and every reply of the page's threads at once.
    """
    replies = visible(Comment.objects.select_related("author", "reply_to__author")).order_by("created_at", "id")
    threads = (
        visible(comments_on(target).filter(parent__isnull=True))
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
        .order_by(*_order(newest_first))
    )
    return Paginator(threads, PAGE_SIZE).get_page(page)


def page_number_of(comment: Comment) -> int:
    """The page (oldest first) on which ``comment``'s thread appears."""
    top_id = comment.parent_id or comment.pk
    top = comment.parent if comment.parent_id else comment
    before = (
        visible(
            Comment.objects.filter(
                content_type_id=comment.content_type_id, object_id=comment.object_id, parent__isnull=True
            )
        )
        .filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, id__lt=top_id))
        .count()
    )
    return before // PAGE_SIZE + 1


def comment_get(*, user, pk: int) -> Comment:
    """A shown comment whose target ``user`` may see; 404 otherwise."""
    comment = visible(Comment.objects.select_related("author", "content_type", "parent")).filter(pk=pk).first()
    if comment is None or comment.target is None or not target_is_visible(user, comment.target):
        raise Http404
    return comment


def comment_location(comment: Comment) -> str:
    """Where a comment is read: its target's page, on the right page of the thread, at its anchor."""
    page = page_number_of(comment)
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.target.get_absolute_url()}{query}#comentario-{comment.pk}"


def _shown_parent() -> Q:
    # A correlated EXISTS (one index lookup per reply), not ``parent_id IN (every visible comment)``, which
    # PostgreSQL plans as a scan of all comments for each row when the list is read through a cursor.
    return Q(parent__isnull=True) | Q(Exists(visible(Comment.objects.filter(pk=OuterRef("parent_id")))))


def comments_for_api(*, user, label: str, pk: int) -> QuerySet[Comment] | None:
    """Shown comments on a target ``user`` may see (flat, oldest first); None if the target is not."""
    model = target_model(label)
    target = targets_visible_to(user, label).filter(pk=pk).first() if model is not None else None
    if target is None:
        return None
    return visible(comments_on(target)).filter(_shown_parent()).select_related("author").order_by("created_at", "id")


def public_comments() -> QuerySet[Comment]:
    """Shown comments on targets an anonymous visitor can see: the open-data set."""
    anonymous = AnonymousUser()
    on_public = Q(pk__in=[])
    for label in registry.COMMENTABLE:
        model = target_model(label)
        if model is None:
            continue
        ct = ContentType.objects.get_for_model(model)
        on_public |= Q(content_type=ct, object_id__in=targets_visible_to(anonymous, label).values("pk"))
    return visible(Comment.objects.filter(on_public)).filter(_shown_parent()).order_by("created_at", "id")


def flagged_by(user, comments) -> set[int]:
    """Which of ``comments`` the person already reported (one query)."""

    ids = [c.pk for c in comments]
    if not ids or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Flag.objects.filter(
            content_type=ContentType.objects.get_for_model(Comment), object_id__in=ids, reporter_id=user.pk
        ).values_list("object_id", flat=True)
    )


def reported_by(user) -> frozenset[int]:
    """Every comment the person reported (one query), kept per person under the content version: a
    report is a write, so the next request reads it afresh."""

    if not getattr(user, "is_authenticated", False):
        return frozenset()
    kind = ContentType.objects.get_for_model(Comment)
    return versioned(
        "reported-comments",
        [user.pk],
        lambda: frozenset(
            Flag.objects.filter(content_type=kind, reporter_id=user.pk).values_list("object_id", flat=True)
        ),
    )
