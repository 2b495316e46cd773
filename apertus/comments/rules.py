"""Who may comment, edit a comment and report one."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from apertus.accounts.rules import is_authenticated
from apertus.comments.registry import comment_refusal
from apertus.core.permissions import add_rule, predicate
from apertus.moderation.rules import is_author, is_blocked_person

DEFAULT_EDIT_MINUTES = 15


def edit_minutes() -> int:
    return int(getattr(settings, "COMMENT_EDIT_MINUTES", DEFAULT_EDIT_MINUTES))


@predicate
def may_comment_on(user, obj):
    """``obj`` is the target: signed in, not blocked, sees it, and every gate of its model agrees."""
    return comment_refusal(user, obj) is None


@predicate
def within_edit_window(user, obj):
    return obj is not None and timezone.now() - obj.created_at <= timedelta(minutes=edit_minutes())


@predicate
def is_shown(user, obj):
    return obj is not None and not obj.is_hidden


add_rule("comments.add_comment", may_comment_on)
add_rule("comments.change_comment", is_authenticated & is_author & is_shown & within_edit_window & ~is_blocked_person)
add_rule("comments.flag_comment", is_authenticated & ~is_author & is_shown & ~is_blocked_person)
