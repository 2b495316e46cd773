"""Keeping the search index current. Services call ``update(obj)`` after every write of an indexed
record (inside their transaction), ``remove(obj)`` before deleting one; ``rebuild()`` redoes it all.
Code that writes many records in one transaction (an import, a demo loader) wraps it in ``deferred()``:
the records are then re-indexed once each, in bulk, at the end of the block.

A record that is not public gets no document, and its document is removed as soon as it stops
being public: the index never holds anything a visitor may not see.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from django.db.models import F, QuerySet

from apertus.core import held
from apertus.core.searchable import Doc, IndexedType
from apertus.search import text
from apertus.search.models import SearchDocument, SearchIndexVersion, SearchWord, goal_mask
from apertus.search.types import CASCADES, TYPES, reference_kinds

CHUNK = 400


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def kind_of(obj) -> str | None:
    label = obj._meta.label_lower
    for kind, indexed in TYPES.items():
        if indexed.model == label and (indexed.accepts is None or indexed.accepts(obj)):
            return kind
    return None


_local = threading.local()  # the records ``deferred()`` is holding back, per thread


@contextmanager
def deferred() -> Iterator[None]:
    """Within the block, ``update`` and ``update_queryset`` only note what to re-index; at its end every
    record noted is re-indexed once, as it is then, a few queries per type (a record written fifty times,
    or a plan whose commitments follow it at each of its steps, is written to the index once). Put it
    inside the transaction of the writes, so the index commits or rolls back with them. If the block
    raises, or marks the transaction for rollback (a dry run), nothing is written: it would be rolled back.
    Nested blocks write at the outermost's end. Inside ``core.held.held(index_rebuilt=True)`` nothing is
    noted: the whole index is rebuilt before that block ends.
    """
    if getattr(_local, "pending", None) is not None or held.index_rebuilt():
        yield
        return
    pending = _local.pending = _Pending()
    try:
        yield
    finally:
        _local.pending = None
    if not (connection.in_atomic_block and connection.needs_rollback):
        pending.write()


class _Pending:
    def __init__(self):
        self.ids: dict[str, set[int]] = {}
        self.querysets: dict[tuple, QuerySet] = {}

    def add(self, kind: str, pk: int) -> None:
        self.ids.setdefault(kind, set()).add(pk)

    def add_queryset(self, qs: QuerySet) -> None:
        try:
            key = (qs.model._meta.label, str(qs.query))
        except Exception:  # noqa: BLE001 - a query that cannot be printed is kept as it is
            key = (qs.model._meta.label, id(qs))
        self.querysets.setdefault(key, qs)

    def write(self) -> None:
        for qs in self.querysets.values():
            kind = kind_of(qs.model())
            if kind is not None:
                self.ids.setdefault(kind, set()).update(qs.values_list("pk", flat=True))
        for kind, ids in self.ids.items():
            _write_many(TYPES[kind], sorted(ids))


def update(obj, *, follow: bool = True) -> None:
    """Re-index one record (and the records whose visibility follows it); remove it if not public.

    ``follow=False`` re-indexes the record alone, for a write that changes nothing its dependents show
    or depend on (a commitment's completion after one of its milestones is reported: its milestones'
    documents hold its title and goal, not its completion). Re-indexing them all at every such write
    would cost a commitment of n milestones n re-indexed documents per report.
    """
    if held.index_rebuilt():
        return
    pending = getattr(_local, "pending", None)
    kind = kind_of(obj)
    dependents = []
    if kind is not None:
        indexed = TYPES[kind]
        if pending is None:
            _write(indexed, indexed.public().filter(pk=obj.pk), [obj.pk])
        else:
            pending.add(kind, obj.pk)
        if follow:
            dependents.extend(indexed.dependents(obj))
    if follow:
        for cascade in CASCADES.get(obj._meta.label_lower, ()):
            dependents.extend(cascade(obj))
    for qs in dependents:
        update_queryset(qs)


def update_queryset(qs: QuerySet) -> None:
    """Re-index many records of one type at once (a bounded number of queries per chunk)."""
    if held.index_rebuilt():
        return
    pending = getattr(_local, "pending", None)
    if pending is not None:
        pending.add_queryset(qs)
        return
    kind = kind_of(qs.model())  # None for a model of several types (SDG terms): they are only rebuilt
    if kind is None:
        return
    _write_many(TYPES[kind], list(qs.values_list("pk", flat=True)))


def _write_many(indexed: IndexedType, ids: list[int]) -> None:
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        _write(indexed, indexed.public().filter(pk__in=chunk), chunk)


def update_authored_by(user) -> None:
    """A person was blocked or unblocked: what they wrote leaves or returns to the search."""
    for indexed in TYPES.values():
        model = apps.get_model(indexed.model) if indexed.model else None
        if model is not None and any(f.name == "author" for f in model._meta.get_fields()):
            update_queryset(model._base_manager.filter(author=user))


def remove(obj) -> None:
    if held.index_rebuilt():
        return
    kind = kind_of(obj)
    if kind is not None:
        _delete(kind, [obj.pk])


def bump_version() -> None:
    """Raise the index's version (in the writer's transaction): cached results keyed by the old one
    are never read again once the write commits."""
    if not SearchIndexVersion.objects.filter(pk=1).update(value=F("value") + 1):
        # A new row starts from the clock, not from 1: a table emptied and filled again does not
        # meet the numbers it had before, which the cache may still hold.
        SearchIndexVersion.objects.get_or_create(pk=1, defaults={"value": time.time_ns()})


def _delete(kind: str, object_ids: list[int]) -> None:
    old = list(SearchDocument.objects.filter(kind=kind, object_id__in=object_ids).values_list("pk", flat=True))
    if old:
        bump_version()
        _delete_documents(old)


def _delete_documents(ids: list[int]) -> None:
    """Delete documents by id, in plain SQL: nothing points at them and nothing listens for their deletion,
    so Django's delete (which first reads every row, body included, for its signals) has nothing to do."""
    marks = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if _sqlite():
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)  # noqa: S608
        cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table} WHERE id IN ({marks})", ids)  # noqa: S608


# What a document holds, as its row stores it: what ``_write`` compares with the row held.
_STORED = ("title", "title_en", "body", "body_en", "code", "url", "state_id", "phase_id", "status", "goal_mask")


def _stored(d: Doc) -> dict:
    return {
        "title": d.title[:300],
        "title_en": d.title_en[:300],
        "body": d.body,
        "body_en": d.body_en,
        "code": d.code[:20],
        "url": d.url[:300],
        "state_id": d.state_id,
        "phase_id": d.phase_id,
        "status": d.status[:30],
        "goal_mask": goal_mask(d.goals),
    }


def _write(indexed: IndexedType, public: Iterable, object_ids: list[int]) -> None:
    """Make the index hold the documents of ``public`` among ``object_ids``, and none of the others.

    A document that comes out as the one held (its words, and so its stems, included) is left as it
    is: nothing is written and the index's version stays, so the cached search results stay valid. A
    commitment re-indexed after a report that did not change its completion costs two reads.
    """
    with transaction.atomic():
        held = {
            row["object_id"]: row
            for row in SearchDocument.objects.filter(kind=indexed.kind, object_id__in=object_ids).values(
                "pk", "object_id", *_STORED
            )
        }
        fresh = [(obj.pk, indexed.document(obj)) for obj in public]
        same = {pk for pk, d in fresh if pk in held and all(held[pk][f] == v for f, v in _stored(d).items())}
        gone = [row["pk"] for pk, row in held.items() if pk not in same]
        new = [(pk, d) for pk, d in fresh if pk not in same]
        if gone or new:
            bump_version()
        if gone:
            _delete_documents(gone)
        _insert(indexed.kind, new, bumped=True)


def _insert(kind: str, docs: list[tuple[int, Doc]], *, bumped: bool = False) -> None:
    if not docs:
        return
    if not bumped:
        bump_version()
    rows = SearchDocument.objects.bulk_create([SearchDocument(kind=kind, object_id=pk, **_stored(d)) for pk, d in docs])
    stems = [
        (
            row.pk,
            text.indexed(d.title),
            text.indexed(d.body),
            text.indexed(d.title_en, "en"),
            text.indexed(d.body_en, "en"),
        )
        for row, (_pk, d) in zip(rows, docs, strict=True)
    ]
    with connection.cursor() as cursor:
        if _sqlite():
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body, title_en, body_en) VALUES (%s, %s, %s, %s, %s)", stems
            )
        elif connection.vendor == "postgresql":
            cursor.executemany(
                "UPDATE search_searchdocument SET "
                "vector_es = setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B'), "
                "vector_en = setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
                "WHERE id = %s",
                [(t, b, te, be, pk) for pk, t, b, te, be in stems],
            )
    _learn_words(" ".join(f"{d.title} {d.body} {d.title_en} {d.body_en}" for _pk, d in docs))


def _learn_words(content: str) -> None:
    # In alphabetical order, not the set's (which changes from one process to the next): the same
    # content gives every word the same id in every process that indexes it.
    vocabulary = sorted({w for w in text.words(content) if 2 < len(w) <= 60 and not w.isdigit()})
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, stem=text.stem(w)) for w in vocabulary], ignore_conflicts=True, batch_size=500
    )


def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Index every public record again (all types, or only ``kinds``). Returns documents per type."""
    counts = {}
    with transaction.atomic():
        for kind in kinds or TYPES:
            indexed = TYPES[kind]
            existing = list(SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True))
            for start in range(0, len(existing), CHUNK):
                _delete(kind, existing[start : start + CHUNK])
            records = indexed.public()
            if isinstance(records, QuerySet):
                records = records.order_by("pk").iterator(chunk_size=CHUNK)
            batch, total = [], 0
            for obj in records:
                batch.append((obj.pk, indexed.document(obj)))
                if len(batch) == CHUNK:
                    _insert(kind, batch)
                    total += len(batch)
                    batch = []
            _insert(kind, batch)
            counts[kind] = total + len(batch)
    return counts


def rebuild_reference() -> int:
    """Index the reference records (states, SDGs, organisations, pages): a step of load_reference."""
    return sum(rebuild(reference_kinds()).values())
