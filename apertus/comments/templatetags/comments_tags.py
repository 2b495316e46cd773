"""``{% load comments_tags %}{% comments_for obj %}``: the conversation on a plan, commitment or proposal.

Renders one page of threads (``?cpage=``, ``?corden=recientes`` for newest first), the form to
comment, reply and report, all usable without JavaScript. A fixed number of queries per page.

The thread is rendered in two parts (``core/shared.py``). The shared part is the same for everyone:
the comments, with a marker where each comment's controls go and one where the form to comment goes;
on a page rendered through ``render_shared`` it is kept in the page's skeleton. The person's part is
put in per request: ``comments.rules.mark_actions`` says in one query which controls each comment
gets (edit, report, already reported), the form depends on whether the person may comment and the
hide forms on whether they moderate the target. The controls of one kind are rendered once per
process with a stand-in for the comment's id, which is then put in for each comment.
"""

from __future__ import annotations

import re
import secrets
from typing import NamedTuple

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from apertus.comments import registry, selectors
from apertus.comments.forms import FLAG_REASONS, HONEYPOT
from apertus.comments.models import BODY_MAX
from apertus.comments.registry import comment_refusal
from apertus.comments.rules import mark_actions
from apertus.core.permissions import has_perm
from apertus.core.shared import CSRF_PLACEHOLDER, SlotNode, register_slot

register = template.Library()

# Stands for a comment's id in the controls rendered once per kind (long enough never to occur otherwise).
_ID = "9182736450918273645"


class Facts(NamedTuple):
    """What a person's controls on a comment depend on (``mark_actions``)."""

    pk: int
    author_id: int | None
    created_at: object
    is_hidden: bool


class ThreadPage:
    """A page of threads as the template reads it, without its queryset."""

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


class _Shared(NamedTuple):
    # The thread cut at its markers: text, then what goes after it (a comment's id for its controls,
    # "f" for the form, "" at the end), and so on. Cut once, when the thread is rendered for everyone.
    parts: tuple[str, ...]
    facts: tuple[Facts, ...]


class CommentsNode(SlotNode):
    def __init__(self, target):
        self.target = target

    def shared(self, context) -> _Shared | None:
        obj = self.target.resolve(context)
        request = context["request"]
        label = obj._meta.label_lower if obj is not None else ""
        if label not in registry.COMMENTABLE:
            return None
        newest = request.GET.get("corden") == "recientes"
        page = ThreadPage(selectors.thread_page(obj, page=request.GET.get("cpage") or 1, newest_first=newest))
        nonce = secrets.token_hex(6)
        facts = []
        for thread in page:
            for c in (thread, *thread.visible_replies):
                c.controls = mark_safe(f"\x00{nonce}:{c.pk}\x00")  # noqa: S308 (our own marker)
                facts.append(Facts(c.pk, c.author_id, c.created_at, c.is_hidden))
        html = get_template("comments/thread.html").render(
            {"request": request, "page_obj": page, "newest": newest, "compose": mark_safe(f"\x00{nonce}:f\x00")}  # noqa: S308
        )
        # The nonce in the markers: no comment's text can forge one.
        parts = re.split(f"\x00{nonce}:(\\w+)\x00", html)
        return _Shared((*parts, ""), tuple(facts))

    def fill(self, context, shared: _Shared | None) -> str:
        if shared is None:
            return ""
        request = context["request"]
        user = request.user
        obj = self.target.resolve(context)
        marks = mark_actions(user, shared.facts)
        refusal = comment_refusal(user, obj)
        # A comment belongs to its target's state: whoever moderates the target moderates its comments.
        can_moderate = has_perm(user, "moderation.moderate", obj)
        base = {
            "label": obj._meta.label_lower,
            "target_pk": obj.pk,
            "can_comment": refusal is None,
            "can_moderate": can_moderate,
            "next": request.get_full_path() + "#comentarios" if can_moderate else "",
        }
        kinds: dict[tuple, str] = {}

        def controls(pk: int) -> str:
            actions = marks.get(pk)
            if actions is None:
                return ""
            text = kinds.get(actions)
            if text is None:
                text = kinds[actions] = _controls(base, actions)
            return text.replace(_ID, str(pk))

        out = []
        parts = shared.parts
        for index in range(0, len(parts), 2):
            out.append(parts[index])
            which = parts[index + 1]
            if which == "f":
                out.append(_compose(request, base, refusal, user.is_authenticated))
            elif which:
                out.append(controls(int(which)))
        html = "".join(out)
        if not getattr(request, "_apertus_filling", False):  # a shared page puts the token in once
            token = context.get("csrf_token")
            if token and str(token) != CSRF_PLACEHOLDER:
                html = html.replace(CSRF_PLACEHOLDER, str(token))
        return mark_safe(html)  # noqa: S308 (our own rendering)


# (language, the controls' kind and context) -> their text with _ID for the comment: the same in
# every request, so rendered once per process (not while templates may change under DEBUG).
_KINDS: dict[tuple, str] = {}


def _controls(base: dict, actions) -> str:
    key = (get_language(), actions, *base.values())
    text = _KINDS.get(key)
    if text is None:
        text = get_template("comments/_actions.html").render(
            {
                **base,
                "target": {"pk": base["target_pk"]},
                "c": {"pk": _ID},
                "actions": actions,
                "csrf_token": CSRF_PLACEHOLDER,
                "honeypot": HONEYPOT,
                "body_max": BODY_MAX,
                "flag_reasons": FLAG_REASONS,
            }
        )
        _keep(key, text)
    return text


def _keep(key: tuple, text: str) -> None:
    if not settings.DEBUG:
        if len(_KINDS) > 2000:
            _KINDS.clear()
        _KINDS[key] = text


def _compose(request, base: dict, refusal, signed_in: bool) -> str:
    """The form to comment, why the person may not, or (anonymous) a link to log in and come back."""
    back = "" if signed_in else request.get_full_path()
    key = ("compose", get_language(), str(refusal or ""), signed_in, back, *base.values())
    text = _KINDS.get(key)
    if text is None:
        text = get_template("comments/_compose.html").render(
            {
                **base,
                "target": {"pk": base["target_pk"]},
                "back": back,
                "refusal": refusal,
                "signed_in": signed_in,
                "csrf_token": CSRF_PLACEHOLDER,
                "honeypot": HONEYPOT,
                "body_max": BODY_MAX,
                "login_url": settings.LOGIN_URL,
            }
        )
        _keep(key, text)
    return text


@register.tag
def comments_for(parser, token):
    """``{% comments_for obj %}``: the thread on ``obj`` (``obj`` a top-level variable of the page)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("comments_for takes one argument: the commented object")
    return register_slot(parser, CommentsNode(parser.compile_filter(bits[1])))
