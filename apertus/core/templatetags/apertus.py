from django import template
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


@register.simple_tag(takes_context=True)
def current(context, prefix: str) -> str:
    """`` aria-current="page"`` on the navigation link of the section being shown (``prefix``: its path)."""
    request = context.get("request")
    path = getattr(request, "path", "")
    hit = path == prefix if prefix == "/" else path.startswith(prefix)
    return mark_safe(' aria-current="page"') if hit else ""  # noqa: S308 (a constant)


@register.filter
def iso(value) -> str:
    """A ``<time datetime>`` value: ISO 8601 to the second (HTML does not accept microseconds)."""
    if not value:
        return ""
    if hasattr(value, "microsecond"):
        value = value.replace(microsecond=0)
    return value.isoformat()


@register.filter
def localized(obj, field: str):
    """``{{ call|localized:"title" }}``: on English pages the record's ``title_en`` when it is filled in,
    otherwise (and on Spanish pages) ``title``."""
    if obj is None:
        return ""
    if (get_language() or "es").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field, "")
