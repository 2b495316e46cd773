"""``{% load dashboard_tags %}`` then ``{% dashboard_counts as counts %}``: the header badge, one query."""

from django import template

from apertus.dashboard import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_counts(context) -> dict:
    """``{"total": n, "unread": m}``: everything waiting for the person, and the unread notifications among it."""
    request = context.get("request")
    counts = selectors.totals(getattr(request, "user", None))
    return {"total": sum(counts.values()), "unread": counts.get("unread", 0)}
