"""``{% load comments_tags %}{% comments_for obj %}``: the conversation on a plan, commitment or proposal.

Renders one page of threads (``?cpage=``, ``?corden=recientes`` for newest first), the form to
comment, reply and report, all usable without JavaScript. A fixed number of queries per page.
"""

from django import template
from django.conf import settings

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


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comments_for(context, obj):
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
    }
