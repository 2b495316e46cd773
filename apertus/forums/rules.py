"""Who may read and write where a cohort talks.

A cohort's participants are its fellows (a fellow role scoped to exactly that cohort), the
facilitators who serve it (a facilitator role for that cohort, or unscoped) and coordination.
Activity, general and support forums are open to all of them; a state forum only to the fellows of
that state in that cohort and to staff (facilitators serving that state, and coordination). To
anyone else a forum, its topics and its posts do not exist (the views answer 404).
``obj`` is a Forum, Topic or Post for forum rules; a ProgramPhase (or anything with ``phase_id``) for
cohort rules.
"""

from apertus.accounts.models import Role
from apertus.accounts.rules import is_coordinator
from apertus.accounts.selectors import has_role, roles_of
from apertus.core.permissions import add_rule, predicate
from apertus.moderation.selectors import is_blocked


def forum_of(obj):
    """The forum a Forum, Topic or Post belongs to (None for anything else)."""
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "Forum":
        return obj
    if name == "Topic":
        return obj.forum
    if name == "Post":
        return obj.topic.forum
    return None


def phase_id_of(obj):
    if obj is None:
        return None
    if obj.__class__.__name__ == "ProgramPhase":
        return obj.pk
    forum = forum_of(obj)
    return forum.phase_id if forum is not None else getattr(obj, "phase_id", None)


def is_fellow_of(user, phase_id, state_id=None) -> bool:
    """A fellow of exactly this cohort (and state, when given): an unscoped fellow role opens nothing."""
    return any(
        a.role == Role.FELLOW and a.phase_id == phase_id and (state_id is None or a.state_id == state_id)
        for a in roles_of(user)
    )


def is_staff_of(user, phase_id, state_id=None) -> bool:
    """Coordination, or a facilitator serving this cohort (and state)."""
    return bool(is_coordinator(user, None) or has_role(user, Role.FACILITATOR, state_id=state_id, phase_id=phase_id))


def _reads_cohort_forum(user, forum) -> bool:
    """Activity, general and support forums: every participant of the cohort."""
    return is_staff_of(user, forum.phase_id) or is_fellow_of(user, forum.phase_id)


def _reads_state_forum(user, forum) -> bool:
    """A state forum: that state's fellows of the cohort, facilitators serving that state, coordination."""
    return is_staff_of(user, forum.phase_id, forum.state_id) or is_fellow_of(user, forum.phase_id, forum.state_id)


# Who reads each kind of forum; a kind missing here is read by nobody.
FORUM_READERS = {
    "actividad": _reads_cohort_forum,
    "general": _reads_cohort_forum,
    "soporte": _reads_cohort_forum,
    "estado": _reads_state_forum,
}


def can_read(user, forum) -> bool:
    if forum is None or not getattr(user, "is_authenticated", False):
        return False
    reads = FORUM_READERS.get(forum.kind)
    return bool(reads and reads(user, forum))


def is_participant_of(user, phase_id) -> bool:
    if phase_id is None or not getattr(user, "is_authenticated", False):
        return False
    return is_staff_of(user, phase_id) or is_fellow_of(user, phase_id)


@predicate
def reads_forum(user, obj):
    return can_read(user, forum_of(obj))


@predicate
def is_forum_staff(user, obj):
    forum = forum_of(obj)
    if forum is None or not getattr(user, "is_authenticated", False):
        return False
    return is_staff_of(user, forum.phase_id, forum.state_id if forum.kind == "estado" else None)


@predicate
def is_cohort_participant(user, obj):
    return is_participant_of(user, phase_id_of(obj))


@predicate
def is_cohort_staff(user, obj):
    phase_id = phase_id_of(obj)
    return phase_id is not None and getattr(user, "is_authenticated", False) and is_staff_of(user, phase_id)


@predicate
def is_cohort_fellow(user, obj):
    phase_id = phase_id_of(obj)
    return phase_id is not None and is_fellow_of(user, phase_id)


@predicate
def not_blocked(user, obj):
    return not is_blocked(user)


@predicate
def is_author(user, obj):
    return bool(
        getattr(user, "is_authenticated", False) and obj is not None and getattr(obj, "author_id", None) == user.pk
    )


@predicate
def is_open(user, obj):
    """Neither the forum nor (for a topic or post) the topic is closed."""
    forum = forum_of(obj)
    topic = obj if obj.__class__.__name__ == "Topic" else getattr(obj, "topic", None)
    return bool(forum is not None and not forum.is_locked and (topic is None or not topic.is_locked))


@predicate
def is_shown(user, obj):
    return obj is not None and not getattr(obj, "is_hidden", False)


@predicate
def is_published_item(user, obj):
    return bool(obj is not None and getattr(obj, "is_published", False))


@predicate
def is_editable_blogpost(user, obj):
    return obj is not None and obj.status != "publicado"


@predicate
def is_sent_notice(user, obj):
    return obj is not None and obj.sent_at is not None


@predicate
def is_conversation_member(user, obj):
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    member_ids = getattr(obj, "_member_ids", None)
    if member_ids is None:
        member_ids = set(obj.memberships.values_list("user_id", flat=True))
        obj._member_ids = member_ids
    return user.pk in member_ids


# Forums, topics and posts
add_rule("forums.view_forum", reads_forum)
add_rule("forums.add_topic", reads_forum & not_blocked & (is_open | is_forum_staff))
add_rule("forums.add_post", reads_forum & not_blocked & (is_open | is_forum_staff))
add_rule("forums.change_post", reads_forum & is_author & is_shown & not_blocked)
add_rule("forums.moderate_forum", reads_forum & is_forum_staff)
add_rule("forums.add_forum", is_coordinator)
# A cohort (ProgramPhase): its forums index, private messages and notices
add_rule("forums.view_cohort", is_cohort_participant)
add_rule("forums.send_message", is_cohort_participant & not_blocked)
add_rule("forums.view_conversation", is_conversation_member)
add_rule("forums.send_notice", is_cohort_staff)
add_rule("forums.view_notice", (is_cohort_participant & is_sent_notice) | is_cohort_staff)
# News (public once published) and the fellows' blog (moderated by the cohort's staff)
add_rule("forums.view_news", is_published_item | is_cohort_staff)
add_rule("forums.change_news", is_cohort_staff)
add_rule("forums.add_blogpost", is_cohort_fellow & not_blocked)
add_rule("forums.view_blogpost", is_published_item | is_author | is_cohort_staff)
add_rule("forums.change_blogpost", is_author & is_editable_blogpost & not_blocked)
add_rule("forums.moderate_blogpost", is_cohort_staff)
