"""Notices to a cohort, program news and the fellows' blog."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.history import save_with_history
from apertus.core.permissions import require
from apertus.forums.models import BlogPost, BlogStatus, NewsItem, Notice
from apertus.forums.services.common import unique_slug
from apertus.notifications.services import notify

NOTICE_EVENT = "cohort_notice"
BLOG_EVENT = "blog_review"


def notice_create(*, actor, phase, title: str, body: str) -> Notice:
    """A draft notice; nobody is told until ``notice_send``."""
    require(actor, "forums.send_notice", phase)
    notice = Notice(phase=phase, author=actor, title=title.strip(), body=body)
    save_with_history(notice, actor)
    return notice


def notice_send(*, actor, notice: Notice) -> int:
    """Tell every fellow of the cohort, once: sending again (a second click, a retry) tells nobody.

    Returns how many people were notified by this call. E-mail goes through the messenger, which
    follows each person's preferences; notices cannot be silenced.
    """
    from apertus.forums.selectors import cohort_fellows

    require(actor, "forums.send_notice", notice)
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.sent_at is not None:
            notice.sent_at, notice.recipient_count = locked.sent_at, locked.recipient_count
            return 0
        count = notify(
            event=NOTICE_EVENT,
            recipients=list(cohort_fellows(locked.phase).values_list("pk", flat=True)),
            title=locked.title,
            body=locked.body,
            url=locked.get_absolute_url(),
            actor=actor,
            dedupe_key=f"cohort-notice:{locked.pk}",
            target=locked,
        )
        locked.sent_at, locked.recipient_count = timezone.now(), count
        save_with_history(locked, actor)
    notice.sent_at, notice.recipient_count = locked.sent_at, locked.recipient_count
    return count


def news_create(*, actor, phase, title: str, body: str, is_published: bool = False) -> NewsItem:
    require(actor, "forums.change_news", phase)
    item = NewsItem(phase=phase, author=actor, title=title.strip(), body=body, slug=unique_slug(NewsItem, phase, title))
    item.is_published = is_published
    item.published_at = timezone.now() if is_published else None
    save_with_history(item, actor)
    return item


def news_update(*, actor, item: NewsItem, title: str, body: str, is_published: bool) -> NewsItem:
    require(actor, "forums.change_news", item)
    item.title, item.body = title.strip(), body
    if is_published and not item.published_at:
        item.published_at = timezone.now()
    item.is_published = is_published
    save_with_history(item, actor)
    return item


def blog_create(*, actor, phase, title: str, body: str, submit: bool = False, author=None) -> BlogPost:
    """A fellow's post, kept as a draft or sent to review. Never public before staff publish it."""
    require(actor, "forums.add_blogpost", phase)
    author = author or actor
    status = BlogStatus.PENDING if submit else BlogStatus.DRAFT
    post = BlogPost(
        phase=phase,
        author=author,
        title=title.strip(),
        body=body,
        status=status,
        slug=unique_slug(BlogPost, phase, title),
    )
    save_with_history(post, actor)
    return post


def blog_update(*, actor, post: BlogPost, title: str, body: str, submit: bool = False) -> BlogPost:
    """The author changes an unpublished post; sending it (again) puts it in the review queue."""
    require(actor, "forums.change_blogpost", post)
    post.title, post.body = title.strip(), body
    if submit:
        post.status = BlogStatus.PENDING
    save_with_history(post, actor)
    return post


BLOG_DECISIONS = {"publicar": BlogStatus.PUBLISHED, "devolver": BlogStatus.REJECTED, "retirar": BlogStatus.REJECTED}


def blog_review(*, actor, post: BlogPost, decision: str, note: str = "") -> BlogPost:
    """Staff publish a post, return it with observations, or withdraw a published one; the author is told."""
    require(actor, "forums.moderate_blogpost", post)
    if decision == "retirar" and post.status != BlogStatus.PUBLISHED:
        raise ValidationError(_("Solo se retira una entrada publicada."))
    if decision not in BLOG_DECISIONS:
        raise ValidationError({"decision": _("Decisión desconocida.")})
    note = (note or "").strip()
    if decision != "publicar" and not note:
        raise ValidationError({"note": _("Explica a la persona autora qué cambiar.")})
    if decision == "publicar" and post.status != BlogStatus.PENDING:
        raise ValidationError(_("Solo se publica lo que la persona autora envió a revisión."))
    with transaction.atomic():
        post.status = BLOG_DECISIONS[decision]
        post.review_note = note
        post.reviewed_by, post.reviewed_at = actor, timezone.now()
        if decision == "publicar":
            post.published_at = post.published_at or post.reviewed_at
        save_with_history(post, actor)
        if post.author_id:
            notify(
                event=BLOG_EVENT,
                recipients=[post.author_id],
                title=(
                    _("Se publicó tu entrada «%(title)s»")
                    if decision == "publicar"
                    else _("Tu entrada «%(title)s» volvió con observaciones")
                )
                % {"title": post.title},
                body=note,
                url=post.get_absolute_url(),
                actor=actor,
                dedupe_key=f"blog-review:{post.pk}:{post.reviewed_at.isoformat()}",
                target=post,
            )
    return post
