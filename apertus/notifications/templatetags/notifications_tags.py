"""``{% load notifications_tags %}`` then ``{% follow_button obj %}`` and ``{% unread_notifications as n %}``."""

from django import template

from apertus.notifications import followables, selectors

register = template.Library()


@register.inclusion_tag("notifications/follow_button.html", takes_context=True)
def follow_button(context, obj):
    """A small POST form, "Seguir" / "Dejar de seguir", for an allow-listed object. One query.

    Anonymous visitors get a link to log in; objects that cannot be followed render nothing.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    label = followables.label_of(obj) if obj is not None and getattr(obj, "pk", None) else ""
    followable = bool(label) and followables.is_followable_label(label)
    authenticated = bool(user and user.is_authenticated)
    return {
        "obj": obj,
        "followable": followable,
        "authenticated": authenticated,
        "label": label,
        "following": followable and authenticated and selectors.is_following(user, obj),
        "next": request.get_full_path() if request else "",
    }


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many unread notifications the person has (for a header badge): one query."""
    request = context.get("request")
    return selectors.unread_count(getattr(request, "user", None))
