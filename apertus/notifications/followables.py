"""What may be followed: an allow-list of models, each with the selector of what a person may see.

Only these models can be followed, whatever a form posts. An app whose model is not here (or
that wants a different visibility rule) calls ``register_followable`` from its ``ready()``.
A model whose app is not installed yet simply cannot be followed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils.module_loading import import_string


def _plans_visible_to(user) -> QuerySet:
    from apertus.plans.selectors import plans_visible_to

    return plans_visible_to(user)


def _commitments_visible_to(user) -> QuerySet:
    from apertus.plans.models import Commitment
    from apertus.plans.selectors import plans_visible_to

    return Commitment.objects.filter(plan__in=plans_visible_to(user))


def _states_visible_to(user) -> QuerySet:
    from apertus.territories.models import State

    return State.objects.all()


def _proposals_visible_to(user) -> QuerySet:
    # Written by the participation app; until it exists, proposals cannot be followed.
    return import_string("apertus.participation.selectors.proposals_visible_to")(user)


_FOLLOWABLE: dict[str, Callable] = {
    "plans.actionplan": _plans_visible_to,
    "plans.commitment": _commitments_visible_to,
    "territories.state": _states_visible_to,
    "participation.proposal": _proposals_visible_to,
}


def register_followable(label: str, visible_to: Callable) -> None:
    """Allow following ``label`` ("app_label.model"); ``visible_to(user)`` gives what that person may see."""
    _FOLLOWABLE[label.lower()] = visible_to


def label_of(obj) -> str:
    return obj._meta.label_lower


def is_followable_label(label: str) -> bool:
    """In the allow-list and its model installed."""
    if label not in _FOLLOWABLE:
        return False
    try:
        apps.get_model(label)
    except (LookupError, ValueError):
        return False
    return True


def visible_queryset(label: str, user) -> QuerySet | None:
    """What ``user`` may follow of this model, or None if it cannot be followed at all."""
    if not is_followable_label(label):
        return None
    try:
        return _FOLLOWABLE[label](user)
    except (ImportError, LookupError):
        return None


def find_visible(label: str, object_id, user) -> Model | None:
    """The object, if it may be followed and ``user`` may see it; None otherwise (a 404)."""
    qs = visible_queryset(label, user)
    if qs is None:
        return None
    try:
        return qs.filter(pk=int(object_id)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def can_see(user, obj) -> bool:
    if obj is None or getattr(obj, "pk", None) is None:
        return False
    qs = visible_queryset(label_of(obj), user)
    return qs is not None and qs.filter(pk=obj.pk).exists()
