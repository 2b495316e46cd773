"""``{% load comments_tags %}{% comments_for obj %}``: the conversation on a plan, commitment or proposal.

Renders one page of threads (``?cpage=``, ``?corden=recientes`` for newest first), the form to
comment, reply and report, all usable without JavaScript. A fixed number of queries per page.

The rendered thread is shared through the versioned cache (``core/cache.py``) between everyone it
looks the same to: its key holds the page asked for and everything personal the thread shows (may
comment, may moderate, and per comment may edit, may report, already reported). The CSRF token
is left out of the stored text (a placeholder) and put in for each request.
"""

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from apertus.comments import registry, selectors
from apertus.comments.forms import FLAG_REASONS, HONEYPOT
from apertus.comments.models import BODY_MAX
from apertus.comments.registry import comment_refusal
from apertus.core.permissions import has_perm

register = template.Library()


def _mark(comment, user, flagged: set[int]) -> None:
    comment.can_edit = has_perm(user, "comments.change_comment", comment)
    comment.can_flag = comment.pk not in flagged and has_perm(user, "comments.flag_comment", comment)
    comment.already_flagged = comment.pk in flagged


_TOKEN = "apertus-csrf-placeholder"  # noqa: S105 (a placeholder, replaced by the request's token)


@register.simple_tag(takes_context=True)
def comments_for(context, obj):
    """The thread on ``obj``: read per request, rendered once for everyone it looks the same to."""
    from apertus.core.cache import versioned

    data = _thread(context, obj)
    if not data["enabled"]:
        return ""
    request = data["request"]
    personal = [(c.pk, c.can_edit, c.can_flag, c.already_flagged) for c in data["everyone"]]
    parts = [data["label"], obj.pk, request.get_full_path(), data["can_comment"], data["can_moderate"],
             data["signed_in"], str(data["refusal"] or ""), personal]
    html = versioned("comments", parts, lambda: get_template("comments/thread.html").render({**data, "csrf_token": _TOKEN}))
    token = context.get("csrf_token")
    return mark_safe(html.replace(_TOKEN, str(token) if token else ""))  # noqa: S308 (our own rendering)


def _thread(context, obj) -> dict:
    request = context["request"]
    user = request.user
    label = obj._meta.label_lower if obj is not None else ""
    if label not in registry.COMMENTABLE:
        return {"enabled": False}
    newest = request.GET.get("corden") == "recientes"
    page = selectors.thread_page(obj, page=request.GET.get("cpage"), newest_first=newest)
    everyone = [c for thread in page for c in [thread, *thread.visible_replies]]
    flagged = selectors.flagged_by(user, everyone)
    for comment in everyone:
        _mark(comment, user, flagged)
    refusal = comment_refusal(user, obj)
    return {
        "enabled": True,
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "target": obj,
        "label": label,
        "page_obj": page,
        "newest": newest,
        "can_comment": refusal is None,
        # A comment belongs to its target's state: whoever moderates the target moderates its comments.
        "can_moderate": has_perm(user, "moderation.moderate", obj),
        "refusal": refusal,
        "signed_in": user.is_authenticated,
        "honeypot": HONEYPOT,
        "body_max": BODY_MAX,
        "flag_reasons": FLAG_REASONS,
        "login_url": settings.LOGIN_URL,
        "everyone": everyone,
    }
