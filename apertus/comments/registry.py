"""What can be commented on, who sees it, and the gates that narrow who may comment.

Only the models in ``COMMENTABLE`` take comments. Each app declares its own in its manifest::

    commentable={"participation.proposal": Commentable(
        visible_to="apertus.participation.selectors.proposals_visible_to",  # fn(user) -> QuerySet
        gates=("apertus.participation.extensions.comment_gate",))}           # fn(user, obj) -> reason | None

A gate returns a Spanish reason why ``user`` may not comment on ``obj`` now, or None. A later
``register_target_visibility`` replaces a declared one. An allow-listed model with no visibility
function takes no comments (closed by default).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apertus.accounts.selectors import visibility_scope
from apertus.core.cache import versioned
from apertus.core.manifest import app_manifests, resolve
from apertus.moderation.registry import state_id_of
from apertus.moderation.selectors import is_blocked

# The labels of the commentable models, from the apps' manifests (``AppManifest.commentable``).
COMMENTABLE: tuple[str, ...] = ()

_VISIBILITY: dict[str, Callable[[Any], QuerySet]] = {}
_GATES: dict[str, list[Callable[[Any, Any], str | None]]] = {}


def _check_label(model_label: str) -> str:
    label = model_label.lower()
    if label not in COMMENTABLE:
        raise ValueError(f"{label!r} is not in the comments allow-list")
    return label


def register_target_visibility(model_label: str, fn: Callable[[Any], QuerySet]) -> None:
    """``fn(user)`` returns the objects of that model the person may see (anonymous visitors too)."""
    _VISIBILITY[_check_label(model_label)] = fn


def register_comment_gate(model_label: str, fn: Callable[[Any, Any], str | None]) -> None:
    """Add a condition to commenting on that model: ``fn(user, obj)`` returns a reason to refuse, or None."""
    gates = _GATES.setdefault(_check_label(model_label), [])
    if fn not in gates:
        gates.append(fn)


def target_model(label: str):
    """The model behind an allow-listed label, or None (not allowed, or its app is not installed)."""
    label = (label or "").lower()
    if label not in COMMENTABLE:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def targets_visible_to(user, label: str) -> QuerySet | None:
    """The objects of ``label`` that ``user`` may see; None when the label is not commentable."""
    model = target_model(label)
    if model is None:
        return None
    fn = _VISIBILITY.get(label.lower())
    return fn(user) if fn is not None else model._default_manager.none()


def target_get(user, label: str, pk) -> Any | None:
    qs = targets_visible_to(user, label)
    if qs is None:
        return None
    return qs.filter(pk=pk).first()


def target_is_visible(user, obj) -> bool:
    """Whether ``user`` may see ``obj``: read once per visibility scope and content version (a target's
    visibility function depends only on the person's ``visibility_scope``, as plans' and proposals' do)."""
    label = obj._meta.label_lower

    def read() -> bool:
        qs = targets_visible_to(user, label)
        return qs is not None and qs.filter(pk=obj.pk).exists()

    return versioned("target-visible", [label, obj.pk, visibility_scope(user).key], read)


def comment_refusal(user, target) -> str | None:
    """Why ``user`` may not comment on ``target`` now (in Spanish), or None when they may."""
    if not (user is not None and getattr(user, "is_authenticated", False) and user.is_active):
        return _("Inicia sesión para comentar.")
    if is_blocked(user):
        return _("Tu cuenta no puede publicar comentarios.")
    if target is None or not target_is_visible(user, target):
        return _("No es posible comentar aquí.")
    for gate in _GATES.get(target._meta.label_lower, []):
        reason = gate(user, target)
        if reason:
            return str(reason)
    return None


def comment_state(comment):
    """Which state's STL moderates a comment: the state of what it comments on."""
    return state_id_of(comment.target)


def register_from_manifests() -> None:
    """Read every app's ``AppManifest.commentable``; called once from the comments AppConfig.ready()."""
    global COMMENTABLE
    declared = {
        label.lower(): spec for _config, manifest in app_manifests() for label, spec in manifest.commentable.items()
    }
    COMMENTABLE = tuple(dict.fromkeys((*COMMENTABLE, *declared)))
    for label, spec in declared.items():
        try:
            apps.get_model(label)
        except LookupError:
            continue  # its app is not installed: that model takes no comments
        register_target_visibility(label, _lazy(spec.visible_to))
        for gate in spec.gates:
            register_comment_gate(label, resolve(gate))


def _lazy(ref) -> Callable[[Any], QuerySet]:
    return ref if callable(ref) else lambda user: resolve(ref)(user)
