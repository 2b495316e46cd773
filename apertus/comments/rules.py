"""Who may comment, edit a comment and report one."""

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from apertus.accounts.rules import is_authenticated
from apertus.comments.registry import comment_refusal
from apertus.core.permissions import add_rule, predicate
from apertus.moderation.rules import is_author, is_blocked_person
from apertus.moderation.selectors import is_blocked

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


class Actions(NamedTuple):
    """A person's controls on one comment."""

    edit: bool = False  # comments.change_comment
    flag: bool = False  # comments.flag_comment, and not reported yet
    flagged: bool = False  # already reported by the person


NO_ACTIONS = Actions()


def mark_actions(user, comments) -> dict[int, Actions]:
    """Per comment (anything with ``pk``, ``author_id``, ``created_at`` and ``is_hidden``), the controls
    ``user`` gets, in one query whatever the number of comments (the person's own reports, kept per
    person under the content version, so none while nothing was written).

    The same answers as the permission predicates: ``edit`` is ``has_perm(user,
    "comments.change_comment", c)``, ``flag`` is ``has_perm(user, "comments.flag_comment", c)`` unless
    the person already reported it, ``flagged`` whether they did (comments/tests/test_actions.py
    checks the two agree over every kind of person and comment)."""
    from apertus.comments.selectors import reported_by

    comments = list(comments)
    if not comments or not getattr(user, "is_authenticated", False):
        return {c.pk: NO_ACTIONS for c in comments}
    flagged = reported_by(user)
    may_act = user.is_active and not is_blocked(user)
    oldest = timezone.now() - timedelta(minutes=edit_minutes())
    person = user.pk
    marks = {}
    for c in comments:
        own = c.author_id == person
        shown = may_act and not c.is_hidden
        reported = c.pk in flagged
        marks[c.pk] = Actions(
            edit=shown and own and c.created_at >= oldest,
            flag=shown and not own and not reported,
            flagged=reported,
        )
    return marks
