"""Reads of the search index: one page of results by relevance, with facet counts.

A search runs a bounded number of queries whatever the size of the index: the vocabulary look-up
(plus at most three for unknown words), the page, the facets, and the labels of the facets.
"""

# ruff: noqa: S608 - SQL is assembled from constants and placeholders only; every value a person
# typed travels as a parameter.

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import get_language

from apertus.search import text
from apertus.search.backends import match_sql
from apertus.search.query import Query, expand, parse
from apertus.search.types import TYPES

PAGE_SIZE = 20
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
        for name, column in (("kind", "d.kind"), ("state", "d.state_id"), ("phase", "d.phase_id"),
                             ("status", "d.status")):
            value = getattr(self, name)
            if name != skip and value not in ("", None):
                sql.append(f"{column} = %s")
                params.append(value)
        if self.goal is not None and skip != "goal":
            sql.append("EXISTS (SELECT 1 FROM search_searchgoal g2 WHERE g2.document_id = d.id AND g2.goal = %s)")
            params.append(self.goal)
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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _english() -> bool:
    return (get_language() or "es").startswith("en")


def search(raw: str, *, filters: Filters | None = None, page: int = 1, page_size: int = PAGE_SIZE) -> Results:
    """Public documents matching ``raw``, best first, with facet counts under the other filters."""
    filters = filters or Filters()
    query = parse(raw)
    results = Results(query=query, page=max(1, page), page_size=page_size)
    if not query:
        return results
    expand(query)
    english = _english()
    hits, total = _page(query, filters, english, results.page, page_size, any_word=False)
    if total == 0 and len([c for c in query.clauses if not c.phrase]) > 1:
        results.any_word = True
        hits, total = _page(query, filters, english, results.page, page_size, any_word=True)
    results.hits, results.total = hits, total
    if total:
        results.facets = _facets(query, filters, english, results.any_word)
    return results


def _page(query: Query, filters: Filters, english: bool, page: int, size: int, *, any_word: bool):
    match, params = match_sql(query, english=english, any_word=any_word)
    if not match:
        return [], 0
    where, where_params = filters.clauses()
    sql = (f"WITH {match} "
           "SELECT d.id, d.kind, d.object_id, d.title, d.title_en, d.body, d.body_en, d.url, d.state_id, d.status, "
           "m.score, COUNT(*) OVER () AS total "
           f"FROM m JOIN search_searchdocument d ON d.id = m.id WHERE {where} "
           f"ORDER BY m.score * {_kind_weights()} DESC, d.id LIMIT %s OFFSET %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, params + where_params + [size, (page - 1) * size])
        rows = cursor.fetchall()
    if not rows and page > 1:
        return [], _count(match, params, where, where_params)
    stems = query.stems()
    hits = []
    for _id, kind, object_id, title, title_en, body, body_en, url, state_id, status, score, _total in rows:
        show_en = english and bool(title_en)
        hits.append(Hit(kind=kind, object_id=object_id, title=title_en if show_en else title, url=url,
                        snippet=text.highlight(body_en if show_en and body_en else body, stems, "en" if show_en else "es"),
                        state_id=state_id, status=status, score=float(score)))
    return hits, (rows[0][-1] if rows else 0)


def _kind_weights() -> str:
    cases = " ".join(f"WHEN '{kind}' THEN {float(t.weight)}" for kind, t in TYPES.items())
    return f"(CASE d.kind {cases} ELSE 1.0 END)"


def _count(match, params, where, where_params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {match} SELECT COUNT(*) FROM m JOIN search_searchdocument d "
                       f"ON d.id = m.id WHERE {where}", params + where_params)
        return cursor.fetchone()[0]


def _facets(query: Query, filters: Filters, english: bool, any_word: bool) -> dict[str, list[tuple[str, int]]]:
    """Counts per value of each facet, each under every filter but its own (one query)."""
    match, params = match_sql(query, english=english, any_word=any_word)
    branches, branch_params = [], []
    columns = {"kind": "d.kind", "state": "d.state_id", "phase": "d.phase_id", "status": "d.status"}
    for name, column in columns.items():
        where, p = filters.clauses(skip=name)
        branches.append(f"SELECT '{name}' AS facet, CAST({column} AS TEXT) AS value, COUNT(*) AS n "
                        f"FROM m JOIN search_searchdocument d ON d.id = m.id WHERE {where} AND {column} IS NOT NULL "
                        f"AND CAST({column} AS TEXT) <> '' GROUP BY {column}")
        branch_params += p
    where, p = filters.clauses(skip="goal")
    branches.append("SELECT 'goal' AS facet, CAST(g.goal AS TEXT) AS value, COUNT(*) AS n FROM m "
                    "JOIN search_searchdocument d ON d.id = m.id JOIN search_searchgoal g ON g.document_id = d.id "
                    f"WHERE {where} GROUP BY g.goal")
    branch_params += p
    sql = f"WITH {match} " + " UNION ALL ".join(branches)
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params + branch_params)
        for facet, value, n in cursor.fetchall():
            facets[facet].append((value, n))
    for name in FACETS:
        facets[name].sort(key=lambda item: (-item[1], item[0]))
    facets["kind"].sort(key=lambda item: list(TYPES).index(item[0]) if item[0] in TYPES else 99)
    facets["goal"].sort(key=lambda item: int(item[0]))
    return facets
