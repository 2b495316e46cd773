"""Named permissions as predicates, small and owned (STYLE.md §4).

A permission is a name like ``plans.change_commitment`` bound to a predicate built from small
facts (``is_coordinator``, ``is_stl_member_of(state)``). Views, the API and templates ask the
same question through ``has_perm(user, name, obj)`` or Django's ``user.has_perm(name, obj)``.

A fact that an app above the one using it declares (the roles are ``accounts``', the reference apps'
rules need ``is_coordinator``) is reached by name: the declaring app calls ``add_fact`` and the lower
app composes ``fact("accounts.is_coordinator")``, looked up at each check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

_RULES: dict[str, Predicate] = {}
_FACTS: dict[str, Predicate] = {}


class Predicate:
    """A yes/no fact about (user, object). Compose with ``&``, ``|`` and ``~``."""

    def __init__(self, fn: Callable[[Any, Any], bool], name: str | None = None):
        self.fn = fn
        self.name = name or fn.__name__

    def __call__(self, user, obj=None) -> bool:
        return bool(self.fn(user, obj))

    def __and__(self, other: Predicate) -> Predicate:
        return Predicate(lambda u, o: self(u, o) and other(u, o), f"({self.name} & {other.name})")

    def __or__(self, other: Predicate) -> Predicate:
        return Predicate(lambda u, o: self(u, o) or other(u, o), f"({self.name} | {other.name})")

    def __invert__(self) -> Predicate:
        return Predicate(lambda u, o: not self(u, o), f"~{self.name}")

    def __repr__(self) -> str:
        return f"<Predicate {self.name}>"


def predicate(fn: Callable[[Any, Any], bool]) -> Predicate:
    """Decorator: ``@predicate def is_x(user, obj): ...``."""
    return Predicate(fn)


always_allow = Predicate(lambda u, o: True, "always_allow")
always_deny = Predicate(lambda u, o: False, "always_deny")


def add_fact(name: str, pred: Predicate) -> None:
    """Declare a fact that other apps may compose by name (``fact(name)``)."""
    if name in _FACTS and _FACTS[name] is not pred:
        raise ValueError(f"fact {name!r} is declared twice")
    _FACTS[name] = pred


def fact(name: str) -> Predicate:
    """The fact declared as ``name``, looked up when a permission is checked (so the declaring app may
    load after the rule is made). An undeclared name is a programming error (KeyError)."""
    return Predicate(lambda user, obj: _FACTS[name](user, obj), name)


def add_rule(name: str, pred: Predicate) -> None:
    if name in _RULES and _RULES[name] is not pred:
        raise ValueError(f"permission {name!r} is declared twice")
    _RULES[name] = pred


def rule_names() -> list[str]:
    return sorted(_RULES)


def has_perm(user, name: str, obj=None) -> bool:
    """True when ``user`` may do ``name`` on ``obj``. Unknown names are a programming error."""
    if name not in _RULES:
        raise KeyError(f"unknown permission {name!r}")
    if user is None:
        return False
    # Anonymous visitors are asked like anyone (public things are public); disabled accounts get nothing.
    if getattr(user, "is_authenticated", False) and not getattr(user, "is_active", True):
        return False
    return _RULES[name](user, obj)


def need(user, name: str, obj=None) -> None:
    """The guard of views and of services that always act for a person: PermissionDenied (a 403)
    unless ``user`` may do ``name`` on ``obj``."""
    if not has_perm(user, name, obj):
        raise PermissionDenied(name)


def require(actor, name: str, obj=None) -> None:
    """The guard of services: like ``need``, but ``actor`` None is the system (data loading, demo,
    background work), which checked what it needed."""
    if actor is not None:
        need(actor, name, obj)


def visible_or_404(user, name: str, obj):
    """The guard of pages and API reads of one record: ``obj`` when it exists and ``user`` may do
    ``name`` on it; otherwise it does not exist for them (a 404, never a 403, so that the address of a
    draft tells nothing)."""
    if obj is None or not has_perm(user, name, obj):
        raise Http404
    return obj


class PredicateBackend:
    """Lets ``user.has_perm("app.verb_model", obj)`` and admin checks reach the predicates."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if perm not in _RULES or not user_obj.is_active:
            return False
        return _RULES[perm](user_obj, obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return False
