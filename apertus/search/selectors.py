"""Reads of the search index: one page of results by relevance, with facet counts.

A search runs a bounded number of queries whatever the size of the index: the vocabulary look-up
(plus at most three for unknown words), whether a typed code (``16.10``) is one, one statement for
the page, the total and the facet counts (a second one only when no document has all the words),
and the labels of the facets.

The total and the facet counts are exact: they count every matching document, in one grouped pass
that neither ranks nor reads the texts (on PostgreSQL, the GIN bitmap of the match and each match's
facet columns). The ranking is bounded: a broad search (more than ``CAP`` matches) ranks its page
among bounded candidates, the documents whose titles match first, and its pages reach only those.
"""

# ruff: noqa: S608 - SQL is assembled from constants and placeholders only; every value a person
# typed travels as a parameter.

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from apertus.search import text
from apertus.search.backends import every_match_sql, match_sql
from apertus.search.models import SearchDocument, SearchIndexVersion, goal_mask, goals_of
from apertus.search.query import Query, clean, expand, parse
from apertus.search.types import TYPES

PAGE_SIZE = 20
# More matches than this and the search is broad: its page is ranked among bounded candidates (each
# branch of the match reads at most CAP + 1, those whose titles match first), and its pages reach
# only them. Its total and facet counts are still exact.
CAP = 1000
FACETS = ("kind", "state", "phase", "goal", "status")


@dataclass
class Filters:
    kind: str = ""
    state: int | None = None
    phase: int | None = None
    goal: int | None = None
    status: str = ""

    def clauses(self, skip: str = "") -> tuple[str, list]:
        sql, params = [], []
        for name, column in (
            ("kind", "d.kind"),
            ("state", "d.state_id"),
            ("phase", "d.phase_id"),
            ("status", "d.status"),
        ):
            value = getattr(self, name)
            if name != skip and value not in ("", None):
                sql.append(f"{column} = %s")
                params.append(value)
        if self.goal is not None and skip != "goal":
            sql.append("(d.goal_mask & %s) <> 0")
            params.append(goal_mask([self.goal]))
        return (" AND ".join(sql) or "1 = 1"), params


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    snippet: str
    state_id: int | None
    status: str
    score: float

    @property
    def kind_label(self) -> str:
        return str(TYPES[self.kind].label) if self.kind in TYPES else self.kind


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    any_word: bool = False
    page_size: int = PAGE_SIZE
    # How many of the ``total`` matches the pages reach: all of them, or for a broad search the
    # candidates its page is ranked among.
    ranked: int = 0

    @property
    def capped(self) -> bool:
        """A broad search whose pages reach fewer documents than match (the total stays exact)."""
        return self.ranked < self.total

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, self.ranked) // self.page_size))


def _english() -> bool:
    return (get_language() or "es").startswith("en")


def search(
    raw: str, *, filters: Filters | None = None, page: int = 1, page_size: int = PAGE_SIZE, cached: bool = True
) -> Results:
    """Public documents matching ``raw``, best first, with facet counts under the other filters.

    With ``SEARCH_CACHE_SECONDS`` > 0 the results are kept in the cache under the index's version
    (one small query): a write of the index raises it in its transaction, so after it commits the
    next search computes afresh. Inside a transaction the cache is not used (that transaction may
    have written the index and may still roll back).
    """
    filters = filters or Filters()
    seconds = getattr(settings, "SEARCH_CACHE_SECONDS", 0) if cached else 0
    if seconds <= 0 or connection.in_atomic_block or not clean(raw):
        return _search(raw, filters, page, page_size)
    key = _cache_key(raw, filters, page, page_size)
    results = cache.get(key)
    if results is None:
        results = _search(raw, filters, page, page_size)
        cache.set(key, results, seconds)
    return results


def index_version() -> int:
    return SearchIndexVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def _cache_key(raw: str, filters: Filters, page: int, page_size: int) -> str:
    what = [index_version(), get_language() or "es", clean(raw), asdict(filters), page, page_size]
    digest = hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()
    return f"apertus:search:{digest}"


def _search(raw: str, filters: Filters, page: int, page_size: int) -> Results:
    query = parse(raw)
    results = Results(query=query, page=max(1, page), page_size=page_size)
    if not query:
        return results
    expand(query)
    if query.code and not SearchDocument.objects.filter(code=query.code).exists():
        # Most single words look like a code and are not one: no second branch to merge with the full text.
        query.code = ""
    english = _english()
    hits, total, ranked, facets = _page(query, filters, english, results.page, page_size, any_word=False)
    if total == 0 and len([c for c in query.clauses if not c.phrase]) > 1:
        results.any_word = True
        hits, total, ranked, facets = _page(query, filters, english, results.page, page_size, any_word=True)
    results.hits, results.total, results.ranked = hits, total, ranked
    if total:
        results.facets = facets
    return results


def _page(query: Query, filters: Filters, english: bool, page: int, size: int, *, any_word: bool):
    """The page of hits, the exact total, how many of them the pages reach, and the exact facet
    counts, from one statement.

    The page is ranked among ``m`` (``backends.match_sql``), each branch of which reads at most
    CAP + 1 documents: every match when fewer match, else bounded candidates (a broad search). The
    total and the facets count ``a`` (``backends.every_match_sql``), every match, without ranking."""
    where, where_params = filters.clauses()
    match, params = match_sql(
        query, english=english, any_word=any_word, where=where, where_params=where_params, limit=CAP + 1
    )
    if not match:
        return [], 0, 0, {}
    every, every_params = every_match_sql(query, english=english, any_word=any_word)
    order = f"d.score * {_kind_weights()} DESC, d.id"
    # The page is a top-N of the matches (no numbering of them all); its rows are numbered after.
    page_sql = (
        "SELECT 'hit' AS part, h.kind, h.object_id, h.title, h.title_en, h.body, h.body_en, h.url, h.state_id, "
        "h.status, p.score, ROW_NUMBER() OVER (ORDER BY p.o DESC, p.id) AS n FROM ("
        f"SELECT d.id, d.score, d.score * {_kind_weights()} AS o "
        f"FROM m d WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s) p "
        "JOIN search_searchdocument h ON h.id = p.id"
    )
    page_params = where_params + [size, (page - 1) * size]
    # How many candidates the pages can reach under the filters (every match unless the search is broad).
    ranked_sql = f"SELECT 'ranked', {_PAD}, COUNT(*) FROM m d WHERE {where}"
    if connection.vendor == "postgresql":
        counts_sql, counts_params = _grouped_counts(filters)
        sql = f"WITH {match}, {every} {page_sql} UNION ALL {counts_sql} UNION ALL {ranked_sql}"
        args = params + every_params + page_params + counts_params + where_params
    else:
        goal_where, goal_params = filters.clauses(skip="goal")
        facet_sql, facet_params = _facet_branches(filters)
        sql = (
            f"WITH {match}, {every}, {_GOAL_COUNTS % goal_where} {page_sql} "
            f"UNION ALL SELECT 'total', {_PAD}, COUNT(*) FROM a d WHERE {where} "
            f"UNION ALL {facet_sql} UNION ALL {ranked_sql}"
        )
        args = params + every_params + goal_params + page_params + where_params + facet_params + where_params
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    stems = query.stems()
    hits, total, ranked = [], 0, 0
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    goal_counts: dict[int, int] = {}
    for part, kind, object_id, title, title_en, body, body_en, url, state_id, status, score, n in rows:
        if part == "total":
            total = int(n)
        elif part == "ranked":
            ranked = int(n)
        elif part == "facet":
            facets[title].append((kind, int(n)))
        elif part == "goals":
            # PostgreSQL's grouped counts: one row per set of goals, added up per goal here.
            for goal in goals_of(int(kind)):
                goal_counts[goal] = goal_counts.get(goal, 0) + int(n)
        else:
            show_en = english and bool(title_en)
            hits.append(
                (
                    n,
                    Hit(
                        kind=kind,
                        object_id=object_id,
                        title=title_en if show_en else title,
                        url=url,
                        snippet=text.highlight(
                            body_en if show_en and body_en else body, stems, "en" if show_en else "es"
                        ),
                        state_id=state_id,
                        status=status,
                        score=float(score),
                    ),
                )
            )
    facets["goal"] += [(str(goal), n) for goal, n in goal_counts.items()]
    hits.sort(key=lambda item: item[0])
    return [hit for _, hit in hits], total, ranked, _sorted(facets)


# The columns of a hit row that a count row leaves empty (all but the first and the last).
_PAD = ", ".join(["NULL"] * 10)


def _kind_weights() -> str:
    cases = " ".join(f"WHEN '{kind}' THEN {float(t.weight)}" for kind, t in TYPES.items())
    return f"(CASE d.kind {cases} ELSE 1.0 END)"


# SQLite: the goal facet in one pass over every match: the matches grouped by their set of goals (a few
# hundred sets at most), then a count per goal bit over those groups, as one row (then one per goal).
_GOAL_COUNTS = (
    "gc AS MATERIALIZED (SELECT "
    + ", ".join(
        f"CAST(SUM(CASE WHEN (x.goal_mask & {1 << goal}) <> 0 THEN x.n ELSE 0 END) AS BIGINT) AS g{goal}"
        for goal in range(1, 18)
    )
    + " FROM (SELECT d.goal_mask, COUNT(*) AS n FROM a d WHERE %s GROUP BY d.goal_mask) x)"
)


_GROUPS = (("kind", "d.kind"), ("state", "d.state_id"), ("phase", "d.phase_id"), ("status", "d.status"))
# The matches are first counted per combination of facet values (a few hundred at most, one hash over
# the matches), and the grouping sets then add up those counts: cheaper than five hash tables per match.
_COMBINATION = "d.kind, d.state_id, d.phase_id, d.status, d.goal_mask"


def _grouped_counts(filters: Filters) -> tuple[str, list]:
    """PostgreSQL: the total and every facet's counts in one pass over every match (GROUPING SETS),
    each facet counted under every filter but its own (``SUM(n) FILTER``), as rows shaped like the
    hits': ``'facet'`` rows (value, name in the title column, count), ``'goals'`` rows (a set of goals
    and its count, split into goals in Python) and one ``'total'`` row."""
    counts, params = [], []
    for name, column in (*_GROUPS, ("goal", "d.goal_mask")):
        where, p = filters.clauses(skip=name)
        counts.append(f"WHEN GROUPING({column}) = 0 THEN SUM(d.n) FILTER (WHERE {where})")
        params += p
    where, p = filters.clauses()
    params += p
    value = " ".join(f"WHEN GROUPING({column}) = 0 THEN CAST({column} AS TEXT)" for _name, column in _GROUPS)
    name = " ".join(f"WHEN GROUPING({column}) = 0 THEN '{name}'" for name, column in _GROUPS)
    pad = "NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    sql = (
        "SELECT part, value, NULL, name, " + pad + ", n FROM ("
        "SELECT CASE WHEN GROUPING(d.goal_mask) = 0 THEN 'goals' "
        "WHEN GROUPING(d.kind, d.state_id, d.phase_id, d.status, d.goal_mask) = 31 THEN 'total' ELSE 'facet' END AS part, "
        f"CASE {value} WHEN GROUPING(d.goal_mask) = 0 THEN CAST(d.goal_mask AS TEXT) END AS value, "
        f"CASE {name} ELSE '' END AS name, "
        f"COALESCE(CASE {' '.join(counts)} ELSE SUM(d.n) FILTER (WHERE {where}) END, 0) AS n "
        f"FROM (SELECT {_COMBINATION}, CAST(COUNT(*) AS INTEGER) AS n FROM a d GROUP BY {_COMBINATION}) d "
        "GROUP BY GROUPING SETS ((d.kind), (d.state_id), (d.phase_id), (d.status), (d.goal_mask), ())"
        ") g WHERE part = 'total' OR (n > 0 AND value <> '' AND (part = 'facet' OR value <> '0'))"
    )
    return sql, params


def _facet_branches(filters: Filters) -> tuple[str, list]:
    """SQLite: counts per value of each facet over every match, each under every filter but its own,
    as rows shaped like the hits' (``'facet'``, value, …, name in the title column, …, count)."""
    branches, branch_params = [], []
    columns = {"kind": "d.kind", "state": "d.state_id", "phase": "d.phase_id", "status": "d.status"}
    pad = "NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    for name, column in columns.items():
        where, p = filters.clauses(skip=name)
        present = f"{column} <> ''" if name in ("kind", "status") else f"{column} IS NOT NULL"
        branches.append(
            f"SELECT 'facet', CAST({column} AS TEXT), NULL, '{name}', {pad}, COUNT(*) "
            f"FROM a d WHERE {where} AND {present} GROUP BY {column}"
        )
        branch_params += p
    branches += [
        f"SELECT 'facet', '{goal}', NULL, 'goal', {pad}, g{goal} FROM gc WHERE g{goal} > 0" for goal in range(1, 18)
    ]
    return " UNION ALL ".join(branches), branch_params


def _sorted(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[tuple[str, int]]]:
    for name in FACETS:
        facets[name].sort(key=lambda item: (-item[1], item[0]))
    facets["kind"].sort(key=lambda item: list(TYPES).index(item[0]) if item[0] in TYPES else 99)
    facets["goal"].sort(key=lambda item: int(item[0]))
    return facets
