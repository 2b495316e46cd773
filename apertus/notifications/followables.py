"""What may be followed: an allow-list of models, each with the selector of what a person may see.

Only these models can be followed, whatever a form posts. Each app declares its followable models
in its manifest (``AppManifest.followable``: label -> ``visible_to(user)``); ``register_from_manifests``
reads them once. A model whose app is not installed simply cannot be followed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db.models import Model, QuerySet

from apertus.core.manifest import app_manifests, resolve

# Filled from the apps' manifests (``AppManifest.followable``) when the notifications app is ready.
_FOLLOWABLE: dict[str, Callable] = {}


def register_from_manifests() -> None:
    for _config, manifest in app_manifests():
        for label, visible_to in manifest.followable.items():
            _FOLLOWABLE[label.lower()] = _lazy(visible_to)


def _lazy(ref) -> Callable:
    """Import the selector on first use, not while the apps are being readied (as comments and moderation do)."""
    return ref if callable(ref) else lambda user: resolve(ref)(user)


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
