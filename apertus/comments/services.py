"""Writes for comments: post, reply, edit. Rate limits and the honeypot are the web view's job."""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.comments.models import Comment
from apertus.comments.registry import comment_refusal
from apertus.core.history import attribute
from apertus.core.permissions import has_perm, need
from apertus.core.validation import full_clean
from apertus.notifications.services import notify

# Bidirectional overrides and isolates (they make text read backwards: "‮gnp.exe"), invisible
# zero-width spaces and NUL. Zero-width joiners stay: emoji and some scripts need them.
_INVISIBLE = re.compile("[\u0000\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def clean_body(text: str | None) -> str:
    return _INVISIBLE.sub("", text or "").strip()


def comment_create(*, actor, target, body: str, parent: Comment | None = None) -> Comment:
    """Post a comment on ``target``, or a reply when ``parent`` is given (a reply to a reply joins
    the same thread). The person answered is notified."""
    if not has_perm(actor, "comments.add_comment", target):
        raise PermissionDenied(comment_refusal(actor, target) or "comments.add_comment")
    ct = ContentType.objects.get_for_model(target)
    reply_to = None
    if parent is not None:
        if (parent.content_type_id, parent.object_id) != (ct.pk, target.pk) or parent.is_hidden:
            raise ValidationError({"parent": _("Ese comentario no está en esta conversación.")}, code="invalid_parent")
        reply_to = parent
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
    comment = Comment(
        content_type=ct, object_id=target.pk, parent=parent, reply_to=reply_to, author=actor, body=clean_body(body)
    )
    full_clean(comment)
    with transaction.atomic():
        attribute(comment, actor)
        comment.save()
    if reply_to is not None and reply_to.author_id and reply_to.author_id != actor.pk:
        notify(
            event="comment_reply",
            recipients=[reply_to.author],
            title=_("Respondieron a tu comentario"),
            body=str(comment),
            url=comment.get_absolute_url(),
            actor=actor,
            dedupe_key=f"comment-reply:{comment.pk}",
            target=comment,
        )
    return comment


def comment_update(*, actor, comment: Comment, body: str) -> Comment:
    """Edit within ``COMMENT_EDIT_MINUTES`` of posting; the earlier text stays in the history."""
    need(actor, "comments.change_comment", comment)
    body = clean_body(body)
    if body == comment.body:
        return comment
    comment.body = body
    comment.edited_at = timezone.now()
    full_clean(comment)
    with transaction.atomic():
        attribute(comment, actor)
        comment.save(update_fields=["body", "edited_at"])
    return comment
