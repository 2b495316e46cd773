"""Who may do what with notifications, follows and preferences."""

from apertus.accounts.rules import is_authenticated, is_self
from apertus.core.permissions import add_rule, predicate
from apertus.notifications import followables


@predicate
def is_recipient(user, notification):
    return bool(user and user.is_authenticated and notification is not None and notification.recipient_id == user.pk)


@predicate
def can_see_followable(user, obj):
    """The object is in the follow allow-list and this person may see it (a draft plan: only its STL)."""
    return followables.can_see(user, obj)


add_rule("notifications.view_notification", is_recipient)
add_rule("notifications.change_notification", is_recipient)
add_rule("notifications.change_preference", is_self)
add_rule("notifications.follow_object", is_authenticated & can_see_followable)
