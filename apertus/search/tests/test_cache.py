"""Cached search results: keyed by the index's version, so a write is seen by the very next search.

These tests run outside a test transaction (``transactional_db``): the cache is only used in
autocommit, as on a request, never inside a transaction that may still roll back.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apertus.plans import services
from apertus.plans.models import PlanStatus
from apertus.search import index
from apertus.search.models import SearchIndexVersion
from apertus.search.selectors import Filters, index_version, search
from apertus.search.tests.conftest import add_commitment, build_corpus


@pytest.fixture
def cached(settings, transactional_db):
    settings.SEARCH_CACHE_SECONDS = 300
    cache.clear()
    yield build_corpus()
    cache.clear()


def _searched(q, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        results = search(q, **kwargs)
    return results, len(captured)


def titles(q) -> list[str]:
    """Commitments only: a commitment's milestones and the SDG texts may share its words."""
    return [h.title for h in search(q, filters=Filters(kind="compromiso")).hits]


def test_a_repeated_search_is_served_from_the_cache_with_one_query(cached):
    first, cold = _searched("agua")
    again, warm = _searched("agua")
    assert first.total >= 1 and [h.object_id for h in again.hits] == [h.object_id for h in first.hits]
    assert warm == 1 < cold  # only the index's version is read


def test_a_new_record_is_found_by_the_next_search(cached):
    assert titles("tianguis") == []
    version = index_version()
    add_commitment(cached["plan"], "Tianguis municipal abierto", "Tianguis sin datos", "Abrir sus datos", "8")
    assert index_version() > version
    assert titles("tianguis") == ["Tianguis municipal abierto"]


def test_an_edited_deleted_or_published_record_changes_the_next_search(cached):
    water = next(c for c in cached["commitments"] if "agua" in c.title)
    assert titles("potable") == ["Calidad del agua potable"] and titles("drenaje") == []
    water = services.commitment_update(
        actor=None, commitment=water, expected_version=None, title="Calidad del servicio de drenaje"
    )
    assert titles("drenaje") == ["Calidad del servicio de drenaje"] and titles("potable") == []
    services.commitment_delete(actor=None, commitment=water, reason="Duplicado")
    assert titles("drenaje") == []
    # A draft plan's commitment appears as soon as its plan opens to co-creation.
    assert titles("secreta") == []
    services.plan_transition(actor=None, plan=cached["draft"], target=PlanStatus.COCREATION)
    assert titles("secreta") == ["Participación secreta en borrador"]


def test_filters_pages_and_language_are_part_of_the_key(cached, settings):
    everything = search("publica")
    only = search("publica", filters=Filters(kind="compromiso"))
    assert only.total < everything.total
    assert search("publica", page=2, page_size=1).hits[0].object_id != search("publica", page_size=1).hits[0].object_id
    from django.utils import translation

    with translation.override("en"):
        english = search("publica")
    assert english is not everything and english.total >= 1


def test_inside_a_transaction_the_cache_is_neither_read_nor_written(cached):
    search("agua")  # cached in autocommit
    with transaction.atomic():
        _results, inside = _searched("agua")
        assert inside > 1  # computed, not read from the cache
        add_commitment(cached["plan"], "Agua de lluvia", "Sin captación", "Captar agua de lluvia", "6")
        assert titles("lluvia") == ["Agua de lluvia"]
        transaction.set_rollback(True)
    # The rolled-back write left nothing in the cache nor in the index.
    assert titles("lluvia") == []


def test_every_index_write_raises_the_version(cached):
    water = next(c for c in cached["commitments"] if "agua" in c.title)
    before = index_version()
    # A changed document (re-indexing an unchanged record writes nothing: test_follow.py).
    type(water).objects.filter(pk=water.pk).update(title="Calidad del agua potable en cada colonia")
    index.update(water)
    middle = index_version()
    index.remove(water)
    after = index_version()
    assert before < middle < after
    assert titles("potable") == []


def test_a_lost_version_row_comes_back_with_a_number_never_used_before(cached):
    seen = index_version()
    SearchIndexVersion.objects.all().delete()
    index.bump_version()
    assert index_version() > seen
