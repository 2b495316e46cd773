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


class PublicFragmentNode(template.Node):
    def __init__(self, nodelist, name, keys):
        self.nodelist, self.name, self.keys = nodelist, name, keys

    def render(self, context):
        from apertus.core.cache import fragment

        parts = [key.resolve(context) for key in self.keys]
        parts = [getattr(p, "pk", p) for p in parts]
        return mark_safe(fragment(self.name.resolve(context), parts, lambda: self.nodelist.render(context)))  # noqa: S308


@register.tag
def public_fragment(parser, token):
    """``{% public_fragment "commitment-body" commitment page %}...{% endpublic_fragment %}``: a part of
    a page that is the same for everyone who may see the page, shared through the versioned cache
    (``core/cache.py``); records among the keys count by their primary key."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("public_fragment needs a name")
    nodelist = parser.parse(("endpublic_fragment",))
    parser.delete_first_token()
    return PublicFragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])


@register.tag
def personal(parser, token):
    """``{% personal %}...{% endpersonal %}``: a part of a page that depends on the person, rendered for
    each request while the rest of the page is shared (``core/shared.py``). It reads only the page's
    top-level variables. ``{% personal user.pk request.path %}``: kept under the content version for
    those keys (everything the part depends on; its CSRF tokens are put in per request)."""
    from apertus.core.shared import PersonalNode, register_slot

    keys = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endpersonal",))
    parser.delete_first_token()
    return register_slot(parser, PersonalNode(nodelist, keys))
