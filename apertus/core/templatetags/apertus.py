from django import template
from django.utils.http import urlencode

from apertus.core.permissions import has_perm
from apertus.core.text import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, permission: str, obj=None) -> bool:
    """``{% can "plans.change_commitment" commitment as allowed %}``."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return has_perm(user, permission, obj)


@register.filter
def markdown(text):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return "?" + urlencode(sorted(params.items()))
