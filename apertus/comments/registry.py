"""What can be commented on, who sees it, and the hooks other apps use to narrow who may comment.

Only the models in ``COMMENTABLE`` take comments. For each, a visibility function says which
objects a person may see (and so read and comment on); the plans' are built in. Another app adds
its own from its AppConfig.ready()::

    from apertus.comments.registry import register_comment_gate, register_target_visibility

    register_comment_gate("participation.proposal", phase_allows_comment)        # fn(user, obj) -> reason | None
    register_target_visibility("participation.proposal", proposals_visible_to)   # optional: fn(user) -> QuerySet

A gate returns a Spanish reason why ``user`` may not comment on ``obj`` now, or None. Built in:
plans and commitments (``plans_visible_to``) and proposals (shown proposals of visible plans); a
later ``register_target_visibility`` replaces the built-in one. An allow-listed model with no
visibility function takes no comments (closed by default).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext as _

COMMENTABLE = ("plans.actionplan", "plans.commitment", "participation.proposal")

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
    qs = targets_visible_to(user, obj._meta.label_lower)
    return qs is not None and qs.filter(pk=obj.pk).exists()


def comment_refusal(user, target) -> str | None:
    """Why ``user`` may not comment on ``target`` now (in Spanish), or None when they may."""
    from apertus.moderation.selectors import is_blocked

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


def _plans_visible(user) -> QuerySet:
    from apertus.plans.selectors import plans_visible_to

    return plans_visible_to(user)


def _commitments_visible(user) -> QuerySet:
    from apertus.plans.models import Commitment
    from apertus.plans.selectors import plans_visible_to

    return Commitment.objects.filter(plan__in=plans_visible_to(user)).select_related("plan__state")


def _proposals_visible(user) -> QuerySet:
    """Shown proposals of plans the person sees (what the proposal page shows); participation may override."""
    from apertus.moderation.selectors import visible
    from apertus.plans.selectors import plans_visible_to

    model = apps.get_model("participation", "Proposal")
    return visible(model.objects.filter(process__plan__in=plans_visible_to(user))).select_related("process__plan__state")


def _comment_state(comment):
    from apertus.moderation.registry import state_id_of

    return state_id_of(comment.target)


def register_builtin_targets() -> None:
    """Plans, commitments and proposals: whoever sees them may comment (proposals also pass their
    process's phase gate, registered by participation). Called from the comments AppConfig.ready()."""
    from apertus.moderation.registry import register_state_resolver

    register_target_visibility("plans.actionplan", _plans_visible)
    register_target_visibility("plans.commitment", _commitments_visible)
    try:
        apps.get_model("participation", "Proposal")
    except LookupError:
        pass  # co-creation is not installed: proposals take no comments
    else:
        register_target_visibility("participation.proposal", _proposals_visible)
    register_state_resolver("comments.comment", _comment_state)
