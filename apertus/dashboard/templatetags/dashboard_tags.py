"""``{% load dashboard_tags %}`` then ``{% dashboard_counts as counts %}``: the header badge, one query."""

from django import template

from apertus.core.cache import versioned
from apertus.dashboard import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_counts(context) -> dict:
    """``{"total": n, "unread": m}``: everything waiting for the person, and the unread notifications among it."""
    request = context.get("request")
    known = getattr(request, "_apertus_counts", None)  # the header asks twice: read once per request
    if known is not None:
        return known
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        counts = selectors.totals(user)
    else:
        # Kept under the content version (a write anywhere counts afresh), at most a minute: some
        # sources count what falls due by today's date.
        counts = versioned("dashboard-counts", [user.pk], lambda: selectors.totals(user), timeout=60)
    known = {"total": sum(counts.values()), "unread": counts.get("unread", 0)}
    if request is not None:
        request._apertus_counts = known
    return known
