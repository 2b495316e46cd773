"""A page rendered once for everyone it looks the same to, with each person's parts put in per request.

A view calls ``render_shared(request, template, context, key=[...])`` instead of ``render``. The page
is first rendered as a *skeleton*: everything but its personal parts, kept in the versioned cache
(``core/cache.py``: any write makes it unreachable, so it is never stale after a change) under the
template, the full path, the language, signed in or not, and the view's ``key`` (the person's
visibility scope, say). Each request then only renders the personal parts, the *slots*, and puts
them in.

A slot is ``{% personal %}...{% endpersonal %}`` around a part of a template that depends on the
person (their name, badges, their support button, forms with a CSRF token go either way), or a tag
built on ``SlotNode`` that keeps a shared part and fills it per person (the comment thread: shared
text, each person's controls put in). Slots are rendered with the page's top-level context (the
view's context and the context processors), so a slot reads only top-level variables, never a loop
variable or a ``{% with %}`` name.

Nothing personal can reach the skeleton: while it renders, ``request.user`` stands for no one
(``is_authenticated`` only; reading anything else raises ``PersonalRead``) and messages are empty.
A template that reads the person outside a slot is rendered the usual way, every time, with a
warning in the log (tests ask that the pages they cover never do). CSRF tokens in the shared part
are a placeholder that each response replaces with the request's own token.
"""

from __future__ import annotations

import logging
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import Node, NodeList
from django.template.context import make_context
from django.template.loader import get_template

from apertus.core import cache as page_cache

log = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "apertus-csrf-placeholder"  # noqa: S105 (replaced by the request's token)

# In the skeleton's key: a release that changes what a slot keeps in it never reads an older one (Redis
# outlives a deployment).
SKELETON_FORMAT = 2

# slot id ("template/name.html#n") -> its node, filled in as templates are parsed.
_SLOTS: dict[str, SlotNode] = {}


class PersonalRead(Exception):  # noqa: N818 (a signal more than an error)
    """Something personal was read while the shared part of a page rendered."""

    # Never swallowed by the template engine: the skeleton is abandoned.
    silent_variable_failure = False


class _NoOne:
    """``request.user`` while a skeleton renders: signed in or not, and nothing else."""

    def __init__(self, authenticated: bool):
        self.__dict__["_authenticated"] = authenticated

    @property
    def is_authenticated(self) -> bool:
        return self._authenticated

    @property
    def is_anonymous(self) -> bool:
        return not self._authenticated

    def __getattr__(self, name):
        raise PersonalRead(f"user.{name}")

    def __setattr__(self, name, value):
        raise PersonalRead(f"user.{name} =")


class SlotNode(Node):
    """A part of a page that differs from person to person.

    ``shared(context)`` returns what may be kept in the skeleton for everyone (picklable; None by
    default), ``fill(context, shared)`` the person's text. Outside a skeleton both run at once.
    """

    slot_id = ""

    def render(self, context):
        request = context.get("request")
        collector = getattr(request, "_apertus_skeleton", None)
        if collector is None:
            return self.fill(context, self.shared(context))
        return collector.add(self.slot_id, self.shared(context))

    def shared(self, context):
        return None

    def fill(self, context, shared) -> str:
        raise NotImplementedError


class PersonalNode(SlotNode):
    """``{% personal %}``; with keys (``{% personal user.pk request.path %}``) its text is also kept
    under the content version for those keys (which must hold everything it depends on but the
    clock), for at most a minute."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList, keys=()):
        self.nodelist, self.keys = nodelist, keys

    def fill(self, context, shared) -> str:
        if not self.keys or not page_cache.enabled():
            return self.nodelist.render(context)
        parts = [self.slot_id, *(key.resolve(context) for key in self.keys)]
        with context.push(csrf_token=CSRF_PLACEHOLDER):
            # At most a minute: a person's part may count what falls due by the clock (the badges).
            text = page_cache.versioned("personal", parts, lambda: self.nodelist.render(context), timeout=60)
        request = context.get("request")
        if CSRF_PLACEHOLDER in text and not getattr(request, "_apertus_filling", False):
            text = text.replace(CSRF_PLACEHOLDER, get_token(request))  # _fill puts it in otherwise
        return text


def register_slot(parser, node: SlotNode) -> SlotNode:
    """Name ``node`` by its template and its place among the template's slots (the same in every
    process: parsing is deterministic), so a skeleton rendered by one process is filled by another."""
    origin = getattr(parser, "origin", None)
    name = getattr(origin, "template_name", None) or getattr(origin, "name", None) or "<string>"
    count = getattr(parser, "_apertus_slots", 0)
    parser._apertus_slots = count + 1
    node.slot_id = f"{name}#{count}"
    _SLOTS[node.slot_id] = node
    return node


class _SlotMissing(Exception):  # noqa: N818
    pass


def _slot(slot_id: str) -> SlotNode:
    node = _SLOTS.get(slot_id)
    if node is None:
        get_template(slot_id.rsplit("#", 1)[0])  # parsing registers its slots
        node = _SLOTS.get(slot_id)
    if node is None:
        raise _SlotMissing(slot_id)
    return node


class _Collector:
    def __init__(self):
        self.nonce = secrets.token_hex(8)
        self.slots: list[tuple[str, object]] = []

    def add(self, slot_id: str, shared) -> str:
        self.slots.append((slot_id, shared))
        return f"\x00{self.nonce}:{len(self.slots) - 1}\x00"

    def split(self, html: str) -> list:
        """Text and slots in order: ``["<html>...", ("base.html#0", None), "...", ...]``."""
        parts: list = []
        position = 0
        for found in re.finditer(f"\x00{self.nonce}:(\\d+)\x00", html):
            parts.append(html[position : found.start()])
            parts.append(self.slots[int(found.group(1))])
            position = found.end()
        parts.append(html[position:])
        return parts


# Read by tests: the pages rendered the usual way because their shared part read the person (the first 100).
fallbacks: list[str] = []


def render_shared(request, template_name: str, context: dict, key=()) -> HttpResponse:
    """``render(request, template_name, context)``, with the page's shared part kept in the cache."""
    if not page_cache.enabled():
        return render(request, template_name, context)
    signed_in = bool(request.user.is_authenticated)
    parts = [SKELETON_FORMAT, template_name, request.get_full_path(), signed_in, request.headers.get("HX-Request", "")]
    parts += key
    # The key is taken before rendering: a write meanwhile leaves what we store unreachable.
    cache_key = page_cache.fragment_key("page", parts)
    skeleton = cache.get(cache_key)
    if skeleton is None:
        skeleton = _skeleton(request, template_name, context, signed_in)
        if skeleton is None:
            return render(request, template_name, context)
        cache.set(cache_key, skeleton, settings.PAGE_CACHE_SECONDS)
    try:
        html = _fill(request, template_name, context, skeleton)
    except _SlotMissing as missing:
        log.warning("shared page %s: slot %s not found; rendered in full", template_name, missing)
        return render(request, template_name, context)
    return HttpResponse(html)


def _skeleton(request, template_name: str, context: dict, signed_in: bool) -> list | None:
    collector = _Collector()
    person = request.user
    request._apertus_skeleton = collector
    request.user = _NoOne(signed_in)
    try:
        html = get_template(template_name).render({**context, "csrf_token": CSRF_PLACEHOLDER, "messages": ()}, request)
    except PersonalRead as read:
        log.warning("shared page %s reads %s outside a slot; rendered in full", template_name, read)
        if len(fallbacks) < 100:
            fallbacks.append(template_name)
        return None
    finally:
        request.user = person
        del request._apertus_skeleton
    return collector.split(html)


def _fill(request, template_name: str, context: dict, skeleton: list) -> str:
    template = get_template(template_name).template
    ctx = make_context(context, request, autoescape=template.engine.autoescape)
    out = []
    request._apertus_filling = True  # slots may leave the CSRF placeholder: it is put in once, below
    try:
        with ctx.render_context.push_state(template), ctx.bind_template(template):
            # Every form of every slot gets the placeholder, and the request one token at the end:
            # each token Django hands out is masked afresh (32 random characters), once is enough.
            ctx.push(csrf_token=CSRF_PLACEHOLDER)
            for part in skeleton:
                if part.__class__ is str:
                    out.append(part)
                else:
                    slot_id, shared = part
                    out.append(_slot(slot_id).fill(ctx, shared))
    finally:
        del request._apertus_filling
    html = "".join(out)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return html
