"""Which state a piece of content belongs to: it decides which STL moderates it.

Each content model registers how to find its state once, e.g. in its AppConfig.ready()::

    register_state_resolver("participation.proposal", lambda proposal: proposal.process.plan.state_id)

The function gets the object and returns a State, a state id, or None (only coordinators then
moderate it). Comments resolve through their target, so a comment on a commitment belongs to the
commitment's state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_RESOLVERS: dict[str, Callable[[Any], Any]] = {}


def register_state_resolver(model_label: str, fn: Callable[[Any], Any]) -> None:
    """``model_label`` is "app_label.modelname" in lower case (``obj._meta.label_lower``)."""
    label = model_label.lower()
    if label in _RESOLVERS and _RESOLVERS[label] is not fn:
        raise ValueError(f"a state resolver for {label!r} is registered twice")
    _RESOLVERS[label] = fn


def state_id_of(obj) -> int | None:
    """The id of the state ``obj`` belongs to, or None when its model has no resolver."""
    if obj is None:
        return None
    fn = _RESOLVERS.get(obj._meta.label_lower)
    if fn is None:
        return None
    result = fn(obj)
    if result is None or isinstance(result, int):
        return result
    return getattr(result, "pk", None)


def _plan_state(plan) -> int:
    return plan.state_id


def _commitment_state(commitment) -> int:
    return commitment.plan.state_id


def register_builtin_resolvers() -> None:
    """Plans belong to their state; called once from the moderation AppConfig.ready()."""
    register_state_resolver("plans.actionplan", _plan_state)
    register_state_resolver("plans.commitment", _commitment_state)
