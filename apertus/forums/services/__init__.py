"""Writes about the cohort's conversation spaces, keyword-only, validated and atomic."""

from apertus.forums.services.common import RateLimited
from apertus.forums.services.messages import conversation_mark_read, conversation_start, message_reply
from apertus.forums.services.publishing import (
    blog_create,
    blog_review,
    blog_update,
    news_create,
    news_update,
    notice_create,
    notice_send,
)
from apertus.forums.services.talk import (
    forum_create,
    post_add,
    post_edit,
    post_set_hidden,
    subscription_set,
    topic_create,
    topic_moderate,
)

__all__ = [
    "RateLimited",
    "blog_create",
    "blog_review",
    "blog_update",
    "conversation_mark_read",
    "conversation_start",
    "forum_create",
    "message_reply",
    "news_create",
    "news_update",
    "notice_create",
    "notice_send",
    "post_add",
    "post_edit",
    "post_set_hidden",
    "subscription_set",
    "topic_create",
    "topic_moderate",
]
