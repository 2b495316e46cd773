"""What the search indexes: the types every app declares in its manifest (``searchable``: dotted paths to
``core.searchable.IndexedType`` and ``Cascade`` objects), read once, on first use.

``TYPES`` maps each kind to its type, in the types' ``order`` (the type filter and the facets list them
so); ``CASCADES`` maps a model label to what follows its records. ``reference_kinds()`` are the types that
load_reference indexes, in the order of INSTALLED_APPS. Adding a type is one entry in an app's manifest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cache
from operator import attrgetter
from typing import Any

from django.db.models import QuerySet

from apertus.core.manifest import app_manifests, resolve
from apertus.core.searchable import Cascade, IndexedType


@cache
def _declared() -> tuple[dict[str, IndexedType], dict[str, list[Callable[[Any], list[QuerySet]]]], list[str]]:
    types: list[IndexedType] = []
    cascades: dict[str, list[Callable[[Any], list[QuerySet]]]] = {}
    for _config, manifest in app_manifests():
        for ref in manifest.searchable:
            declared = resolve(ref)
            if isinstance(declared, Cascade):
                cascades.setdefault(declared.model, []).append(declared.dependents)
            else:
                types.append(declared)
    reference = [t.kind for t in types if t.reference]
    return {t.kind: t for t in sorted(types, key=attrgetter("order"))}, cascades, reference


class _Declared(Mapping):
    """A mapping read from the manifests the first time it is used (the apps are loaded by then)."""

    def __init__(self, part: int):
        self._part = part

    def _data(self) -> Mapping:
        return _declared()[self._part]

    def __getitem__(self, key):
        return self._data()[key]

    def __iter__(self) -> Iterator:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


TYPES: Mapping[str, IndexedType] = _Declared(0)
CASCADES: Mapping[str, list[Callable[[Any], list[QuerySet]]]] = _Declared(1)


def reference_kinds() -> list[str]:
    return _declared()[2]
