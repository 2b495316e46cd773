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
from apertus.core.cache import versioned
from apertus.core.permissions import has_perm

register = template.Library()


def _mark(comment, user, flagged: set[int]) -> None:
    comment.can_edit = has_perm(user, "comments.change_comment", comment)
    comment.can_flag = comment.pk not in flagged and has_perm(user, "comments.flag_comment", comment)
    comment.already_flagged = comment.pk in flagged


class ThreadPage:
    """A page of threads as the template reads it, without its queryset (it is kept in the cache)."""

    def __init__(self, page):
        self.object_list = list(page)
        self.number = page.number
        self.paginator = _Counts(page.paginator.count, page.paginator.num_pages)
        self._previous = page.previous_page_number() if page.has_previous() else None
        self._next = page.next_page_number() if page.has_next() else None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_previous(self) -> bool:
        return self._previous is not None

    def has_next(self) -> bool:
        return self._next is not None

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def previous_page_number(self):
        return self._previous

    def next_page_number(self):
        return self._next


class _Counts:
    def __init__(self, count: int, num_pages: int):
        self.count, self.num_pages = count, num_pages


_TOKEN = "apertus-csrf-placeholder"  # noqa: S105 (a placeholder, replaced by the request's token)


@register.simple_tag(takes_context=True)
def comments_for(context, obj):
    """The thread on ``obj``: read per request, rendered once for everyone it looks the same to."""
    data = _thread(context, obj)
    if not data["enabled"]:
        return ""
    request = data["request"]
    personal = [(c.pk, c.can_edit, c.can_flag, c.already_flagged) for c in data["everyone"]]
    parts = [
        data["label"],
        obj.pk,
        request.get_full_path(),
        data["can_comment"],
        data["can_moderate"],
        data["signed_in"],
        str(data["refusal"] or ""),
        personal,
    ]
    html = versioned(
        "comments", parts, lambda: get_template("comments/thread.html").render({**data, "csrf_token": _TOKEN})
    )
    token = context.get("csrf_token")
    return mark_safe(html.replace(_TOKEN, str(token) if token else ""))  # noqa: S308 (our own rendering)


def _thread(context, obj) -> dict:
    request = context["request"]
    user = request.user
    label = obj._meta.label_lower if obj is not None else ""
    if label not in registry.COMMENTABLE:
        return {"enabled": False}
    newest = request.GET.get("corden") == "recientes"
    # The page of threads is the same for everyone: read once per content version.
    asked = request.GET.get("cpage") or ""
    page = versioned(
        "comment-page",
        [label, obj.pk, asked, newest],
        lambda: ThreadPage(selectors.thread_page(obj, page=asked or 1, newest_first=newest)),
    )
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
