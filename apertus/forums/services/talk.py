"""Forums: create them, open topics, post, edit, subscribe, and moderate (hide, lock, pin)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.core.validation import full_clean
from apertus.forums.models import Forum, Post, Subscription, Topic
from apertus.forums.services.common import throttle
from apertus.notifications.services import notify

REPLY_EVENT = "forum_reply"
BODY_MAX = 20_000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Escribe el mensaje.")})
    if len(body) > BODY_MAX:
        raise ValidationError({"body": _("El mensaje es demasiado largo.")})
    return body


def forum_create(
    *,
    actor,
    phase,
    kind: str,
    title: str,
    slug: str = "",
    state=None,
    description: str = "",
    activity_slug: str = "",
    activity_title: str = "",
    position: int = 0,
) -> Forum:
    require(actor, "forums.add_forum", phase)
    forum = Forum(
        phase=phase,
        kind=kind,
        state=state,
        title=title.strip(),
        slug=slug or slugify(title)[:80],
        description=description,
        activity_slug=activity_slug,
        activity_title=activity_title,
        position=position,
    )
    save_with_history(forum, actor)
    return forum


def _refresh_topic(topic: Topic) -> None:
    """Recount the topic's shown posts and its last activity (derived numbers, kept in one place)."""
    shown = topic.posts.filter(is_hidden=False)
    last = shown.order_by("-created_at").values_list("created_at", flat=True).first()
    Topic.objects.filter(pk=topic.pk).update(post_count=shown.count(), last_post_at=last)


def topic_create(*, actor, forum: Forum, title: str, body: str, author=None) -> Topic:
    """Open a topic with its first post; its author is subscribed to it."""
    require(actor, "forums.add_topic", forum)
    author = author or actor
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Escribe el título del tema.")})
    body = _clean_body(body)
    throttle(actor, "topic")
    with transaction.atomic():
        topic = Topic(forum=forum, title=title, author=author)
        save_with_history(topic, actor)
        post = Post(topic=topic, author=author, body=body)
        save_with_history(post, actor)
        Subscription.objects.get_or_create(user=author, topic=topic)
        _refresh_topic(topic)
    topic.refresh_from_db()
    return topic


def post_add(*, actor, topic: Topic, body: str, author=None) -> Post:
    """Reply in a topic; subscribers who may still read the forum are told (never the author)."""
    from apertus.forums.selectors import forum_readers

    require(actor, "forums.add_post", topic)
    author = author or actor
    body = _clean_body(body)
    throttle(actor, "post")
    with transaction.atomic():
        post = Post(topic=topic, author=author, body=body)
        save_with_history(post, actor)
        Subscription.objects.get_or_create(user=author, topic=topic)
        Topic.objects.filter(pk=topic.pk).update(post_count=F("post_count") + 1, last_post_at=post.created_at)
        readers = forum_readers(topic.forum).values("pk")
        recipients = Subscription.objects.filter(topic=topic, user__in=readers).values_list("user_id", flat=True)
        notify(
            event=REPLY_EVENT,
            recipients=list(recipients),
            title=_("Nueva respuesta en «%(topic)s»") % {"topic": topic.title},
            url=post.get_absolute_url(),
            actor=author,
            dedupe_key=f"forum-post:{post.pk}",
            target=post,
        )
    return post


def post_edit(*, actor, post: Post, body: str) -> Post:
    require(actor, "forums.change_post", post)
    post.body = _clean_body(body)
    post.edited_at = timezone.now()
    save_with_history(post, actor)
    return post


def post_set_hidden(*, actor, post: Post, hidden: bool, reason: str = "") -> Post:
    """Staff hide a post (with a reason, shown in its place) or restore it."""
    require(actor, "forums.moderate_forum", post)
    reason = " ".join((reason or "").split())
    if hidden and not reason:
        raise ValidationError({"reason": _("Indica el motivo.")})
    with transaction.atomic():
        post.is_hidden = hidden
        post.hidden_reason = reason[:255] if hidden else ""
        post.hidden_by = actor if hidden else None
        save_with_history(post, actor)
        _refresh_topic(post.topic)
    return post


def topic_moderate(*, actor, topic: Topic, is_locked: bool | None = None, is_pinned: bool | None = None) -> Topic:
    require(actor, "forums.moderate_forum", topic)
    if is_locked is not None:
        topic.is_locked = is_locked
    if is_pinned is not None:
        topic.is_pinned = is_pinned
    full_clean(topic)
    with transaction.atomic():
        attribute(topic, actor)
        topic.save(update_fields=["is_locked", "is_pinned", "updated_at"])
    return topic


def subscription_set(*, actor, topic: Topic, subscribed: bool) -> bool:
    """Follow a topic (only one you may read) or stop following it. Returns the new state."""
    if subscribed:
        require(actor, "forums.view_forum", topic)
        Subscription.objects.get_or_create(user=actor, topic=topic)
    else:
        Subscription.objects.filter(user_id=actor.pk, topic=topic).delete()
    return subscribed
