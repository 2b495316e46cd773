"""``index.deferred()`` (imports and demo loaders): the index ends as writing each record at once leaves it."""

from django.db import transaction

from apertus.plans import services
from apertus.plans.models import PlanStatus
from apertus.search import index
from apertus.search.models import SearchDocument
from apertus.search.selectors import search
from apertus.search.tests.conftest import build_corpus


def documents():
    """The documents, without the ids (PostgreSQL does not give the ids of a rolled-back run again)."""
    fields = ("kind", "title", "title_en", "body", "body_en", "code", "status", "state_id", "phase_id", "goal_mask")
    return sorted(SearchDocument.objects.values_list(*fields))


def found(query):
    return sorted((hit.kind, hit.title) for hit in search(query).hits)


def test_deferred_writes_the_documents_writing_each_record_gives(db):
    queries = ["participación", "agua potable", "secreta", "obra pública"]
    before = documents()
    with transaction.atomic():
        saved = transaction.savepoint()
        corpus = build_corpus()
        services.plan_transition(actor=None, plan=corpus["draft"], target=PlanStatus.COCREATION)
        at_once, at_once_found = documents(), [found(q) for q in queries]
        transaction.savepoint_rollback(saved)
    assert documents() == before

    with transaction.atomic(), index.deferred():
        corpus = build_corpus()
        services.plan_transition(actor=None, plan=corpus["draft"], target=PlanStatus.COCREATION)
        assert documents() == before  # nothing written yet
    assert documents() == at_once != before
    assert [found(q) for q in queries] == at_once_found


def test_nothing_is_written_when_the_block_fails(db):
    before = documents()
    try:
        with transaction.atomic(), index.deferred():
            build_corpus()
            raise RuntimeError("the import failed")
    except RuntimeError:
        pass
    assert documents() == before
