"""The relevance set on the demo data: the records people expect come first (precision at 5)."""

import pytest

from apertus.core.testing import demo_data_load
from apertus.search import relevance

# Measured on the demo data: 1.000 on SQLite and on PostgreSQL (88 queries). The floor leaves room
# for the demo data to change a little, not for the ranking to get worse.
FLOOR = 0.95


@pytest.mark.django_db
def test_the_relevance_set_finds_what_people_expect_first():
    queries = relevance.load()
    assert len(queries) >= 60
    assert any(not q["q"].isascii() for q in queries) and any(" " in q["q"] for q in queries)
    demo_data_load()  # load_demo once per worker, then its rows written back (core/testing.py)
    outcomes = relevance.run()
    figures = relevance.summary(outcomes)
    worst = sorted(outcomes, key=lambda o: o.precision)[:5]
    assert figures["precision_at_5"] >= FLOOR, [(o.query, o.precision, o.top[:3]) for o in worst]
    # Every judged record exists in the demo: a judgement that matches nothing would be a dead query.
    assert all(relevance._available(q["relevant"], relevance.documents()) for q in queries)
