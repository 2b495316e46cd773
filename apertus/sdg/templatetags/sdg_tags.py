from django import template
from django.urls import reverse

from apertus.core.cache import versioned
from apertus.core.permissions import has_perm

register = template.Library()


@register.inclusion_tag("sdg/_suggest.html", takes_context=True)
def sdg_panel(context, form):
    """The suggestion panel of a form that declares ``sdg_kind`` (and, when editing, a record)."""
    kind = getattr(form, "sdg_kind", "")
    if not kind:
        return {"show": False}
    record = getattr(form, "sdg_record", None) or getattr(form, "instance", None)
    pk = getattr(record, "pk", None)
    args = [kind, pk] if pk else [kind]
    return {
        "show": True,
        "kind": kind,
        "field": _field(kind),
        "panel_url": reverse("sdg:panel_record" if pk else "sdg:panel", args=args),
    }


def _field(kind):
    from apertus.sdg.records import RECORDS

    return RECORDS[kind].tag_field


@register.inclusion_tag("sdg/_check.html", takes_context=True)
def sdg_check(context, commitment):
    """On a commitment's page, for whoever may change it: tags the text does not support, clear goals untagged."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not has_perm(user, "plans.change_commitment", commitment):
        return {"show": False}
    from apertus.sdg.selectors import commitment_tag_check

    return {
        "show": True,
        # What the text says against the tags: the same for every editor, read once per content version.
        "check": versioned("sdg-tag-check", [commitment.pk], lambda: commitment_tag_check(commitment)),
        "commitment": commitment,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
