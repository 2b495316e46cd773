"""What an app gives the site search: one ``IndexedType`` per type of public record it owns, named in its
manifest (``searchable``, dotted paths to the objects, usually in the app's ``searchable.py``).

Each type says which records are public (the same selectors the pages use), how one record becomes a
document, and which other records must be re-indexed when it changes (a plan leaving draft makes its
commitments and milestones public). A ``Cascade`` re-indexes an app's records when a record of another
app changes (a plan's proposals follow the plan; an STL's sessions follow its publication). The search
(``apertus.search``) reads them from the manifests; nothing here names a model.

The apps below the search (territories, taxonomy, organizations) keep the index current through
``reindex(obj)``, which runs the updater the search app registers when it is ready
(``register_index_update``); the apps above it call ``apertus.search.index.update`` themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from apertus.core.manifest import Ref, resolve

BODY_LIMIT = 20_000

_index_update: Ref | None = None


@dataclass
class Doc:
    title: str
    url: str
    body: str = ""
    title_en: str = ""
    body_en: str = ""
    code: str = ""
    state_id: int | None = None
    phase_id: int | None = None
    status: str = ""
    goals: Iterable[int] = ()


@dataclass(frozen=True)
class IndexedType:
    kind: str
    label: Any
    label_plural: Any
    model: str | None  # "app_label.model" of the records ``update`` re-indexes; None: only rebuilt
    public: Callable[[], Iterable]
    document: Callable[[Any], Doc]
    dependents: Callable[[Any], list[QuerySet]] = field(default=lambda obj: [])
    # A prior on the type, multiplying the text score: the program's own records before the
    # 400-odd SDG targets and indicators that share their words.
    weight: float = 1.0
    # Where the type comes in the search's lists (type filter, facets), lowest first.
    order: int = 1000
    # Records that load_reference writes, so it indexes them (states, SDG terms, organisations, pages).
    reference: bool = False
    # Several types over one model (the SDG goals, targets and indicators are all terms): which records
    # of the model are this type's.
    accepts: Callable[[Any], bool] | None = None
    # The (code, label) choices of the documents' ``status``, for the status facet.
    statuses: tuple = ()


@dataclass(frozen=True)
class Cascade:
    """When a record of ``model`` changes, the records ``dependents(obj)`` (querysets) are re-indexed."""

    model: str
    dependents: Callable[[Any], list[QuerySet]]


def join(*parts) -> str:
    """The non-empty parts, one a line, within the body's limit."""
    return "\n".join(str(p) for p in parts if p)[:BODY_LIMIT]


def phase_id(state) -> int | None:
    """The program phase a state takes part in (None outside the program)."""
    try:
        return state.participation.phase_id
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist: a state outside the program
        return None


def goal(term) -> list[int]:
    """The SDG goal number of a goal term, as a list (empty for none)."""
    return [int(term.code)] if term is not None and term.code.isdigit() else []


def register_index_update(update: Ref) -> None:
    """The search app's ``update(obj)`` (a dotted path or the callable), registered at its ready()."""
    global _index_update
    _index_update = update


def reindex(obj) -> None:
    """Re-index one record after a write, in the writer's transaction (as ``apertus.search.index.update``
    does: a record that is no longer public leaves the index). Nothing without the search app."""
    if _index_update is not None:
        resolve(_index_update)(obj)
