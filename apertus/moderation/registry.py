"""Which state a piece of content belongs to: it decides which STL moderates it.

Each app declares how to find the state of its content models in its manifest::

    moderatable={"plans.commitment": operator.attrgetter("plan.state_id")}

The function gets the object and returns a State, a state id, or None (only coordinators then
moderate it). Comments resolve through their target, so a comment on a commitment belongs to the
commitment's state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apertus.core.manifest import app_manifests, resolve

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


def register_from_manifests() -> None:
    """Read every app's ``AppManifest.moderatable``; called once from the moderation AppConfig.ready()."""
    for _config, manifest in app_manifests():
        for label, fn in manifest.moderatable.items():
            register_state_resolver(label, _lazy(fn))


def _lazy(ref) -> Callable[[Any], Any]:
    return ref if callable(ref) else lambda obj: resolve(ref)(obj)
