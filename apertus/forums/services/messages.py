"""Private messages between participants of one cohort, never to anybody else.

The send form offers only the allowed people; these services check again, whatever was posted,
and limit how fast a person can write.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.permissions import has_perm, need
from apertus.core.validation import full_clean
from apertus.forums.models import Conversation, ConversationMember, Message
from apertus.forums.services.common import throttle
from apertus.forums.services.talk import _clean_body
from apertus.notifications.services import notify

MESSAGE_EVENT = "private_message"


def _may_write(sender, phase, recipients) -> bool:
    from apertus.forums.selectors import allowed_recipients

    if not has_perm(sender, "forums.send_message", phase):
        return False
    ids = {r.pk for r in recipients}
    return bool(ids) and allowed_recipients(sender, phase).filter(pk__in=ids).count() == len(ids)


def _deliver(*, sender, conversation: Conversation, body: str) -> Message:
    message = Message(conversation=conversation, author=sender, body=body)
    full_clean(message)
    message.save()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    conversation.last_message_at = message.created_at
    ConversationMember.objects.filter(conversation=conversation, user=sender).update(last_read_at=message.created_at)
    others = ConversationMember.objects.filter(conversation=conversation).exclude(user=sender)
    notify(
        event=MESSAGE_EVENT,
        recipients=list(others.values_list("user_id", flat=True)),
        # The text stays in Apertus: the e-mail says who wrote, not what.
        title=_("Mensaje privado de %(name)s: %(subject)s")
        % {"name": sender.public_name, "subject": conversation.subject},
        url=conversation.get_absolute_url(),
        actor=sender,
        dedupe_key=f"forum-message:{message.pk}",
    )
    return message


def conversation_start(*, actor, phase, recipient, subject: str, body: str) -> Conversation:
    """Write to one person of the same cohort. A stranger to the cohort is refused (PermissionDenied)."""
    if actor is None or not _may_write(actor, phase, [recipient]):
        raise PermissionDenied("forums.send_message")
    subject = " ".join((subject or "").split())
    if not subject:
        raise ValidationError({"subject": _("Escribe el asunto.")})
    body = _clean_body(body)
    throttle(actor, "message")
    with transaction.atomic():
        conversation = Conversation(
            phase=phase, subject=subject[:200], created_by=actor, last_message_at=timezone.now()
        )
        full_clean(conversation)
        conversation.save()
        ConversationMember.objects.bulk_create(
            [
                ConversationMember(conversation=conversation, user=actor),
                ConversationMember(conversation=conversation, user=recipient),
            ]
        )
        _deliver(sender=actor, conversation=conversation, body=body)
    return conversation


def message_reply(*, actor, conversation: Conversation, body: str) -> Message:
    """Answer in a conversation; every other member must still be a participant of its cohort."""
    need(actor, "forums.view_conversation", conversation)
    others = [m.user for m in conversation.memberships.select_related("user") if m.user_id != actor.pk]
    if not _may_write(actor, conversation.phase, others):
        raise PermissionDenied("forums.send_message")
    body = _clean_body(body)
    throttle(actor, "message")
    with transaction.atomic():
        return _deliver(sender=actor, conversation=conversation, body=body)


def conversation_mark_read(*, actor, conversation: Conversation) -> None:
    ConversationMember.objects.filter(conversation=conversation, user_id=actor.pk).update(last_read_at=timezone.now())
