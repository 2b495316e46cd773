"""Reads of the search index: one page of results by relevance, with facet counts.

A search runs a bounded number of queries whatever the size of the index: the vocabulary look-up
(plus at most three for unknown words), one statement for the page, the total and the facet counts
(the full-text match is computed once, in a materialised CTE that uses the GIN index on PostgreSQL;
a second one only when no document has all the words), and the labels of the facets.
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
    hits, total, facets = _page(query, filters, english, results.page, page_size, any_word=False)
    if total == 0 and len([c for c in query.clauses if not c.phrase]) > 1:
        results.any_word = True
        hits, total, facets = _page(query, filters, english, results.page, page_size, any_word=True)
    results.hits, results.total = hits, total
    if total:
        results.facets = facets
    return results


def _page(query: Query, filters: Filters, english: bool, page: int, size: int, *, any_word: bool):
    """The page of hits, the total and the facet counts, from one statement (the match runs once)."""
    match, params = match_sql(query, english=english, any_word=any_word)
    if not match:
        return [], 0, {}
    where, where_params = filters.clauses()
    order = f"d.score * {_kind_weights()} DESC, d.id"
    facet_sql, facet_params = _facet_branches(filters)
    sql = (f"WITH {match} "
           "SELECT 'hit' AS part, h.kind, h.object_id, h.title, h.title_en, h.body, h.body_en, h.url, h.state_id, "
           "h.status, p.score, p.rn AS n FROM ("
           f"SELECT d.id, d.score, ROW_NUMBER() OVER (ORDER BY {order}) AS rn "
           f"FROM m d WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s) p "
           "JOIN search_searchdocument h ON h.id = p.id "
           "UNION ALL SELECT 'total', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*) "
           f"FROM m d WHERE {where} "
           f"UNION ALL {facet_sql}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params + where_params + [size, (page - 1) * size] + where_params + facet_params)
        rows = cursor.fetchall()
    stems = query.stems()
    hits, total = [], 0
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for part, kind, object_id, title, title_en, body, body_en, url, state_id, status, score, n in rows:
        if part == "total":
            total = n
        elif part == "facet":
            facets[title].append((kind, n))
        else:
            show_en = english and bool(title_en)
            hits.append((n, Hit(kind=kind, object_id=object_id, title=title_en if show_en else title, url=url,
                                snippet=text.highlight(body_en if show_en and body_en else body, stems,
                                                       "en" if show_en else "es"),
                                state_id=state_id, status=status, score=float(score))))
    hits.sort(key=lambda item: item[0])
    return [hit for _, hit in hits], total, _sorted(facets)


def _kind_weights() -> str:
    cases = " ".join(f"WHEN '{kind}' THEN {float(t.weight)}" for kind, t in TYPES.items())
    return f"(CASE d.kind {cases} ELSE 1.0 END)"


def _facet_branches(filters: Filters) -> tuple[str, list]:
    """Counts per value of each facet, each under every filter but its own, as rows shaped like the hits'
    (``'facet'``, value, …, name in the title column, …, count)."""
    branches, branch_params = [], []
    columns = {"kind": "d.kind", "state": "d.state_id", "phase": "d.phase_id", "status": "d.status"}
    pad = "NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    for name, column in columns.items():
        where, p = filters.clauses(skip=name)
        branches.append(f"SELECT 'facet', CAST({column} AS TEXT), NULL, '{name}', {pad}, COUNT(*) "
                        f"FROM m d WHERE {where} AND {column} IS NOT NULL "
                        f"AND CAST({column} AS TEXT) <> '' GROUP BY {column}")
        branch_params += p
    where, p = filters.clauses(skip="goal")
    branches.append(f"SELECT 'facet', CAST(g.goal AS TEXT), NULL, 'goal', {pad}, COUNT(*) FROM m d "
                    "JOIN search_searchgoal g ON g.document_id = d.id "
                    f"WHERE {where} GROUP BY g.goal")
    branch_params += p
    return " UNION ALL ".join(branches), branch_params


def _sorted(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[tuple[str, int]]]:
    for name in FACETS:
        facets[name].sort(key=lambda item: (-item[1], item[0]))
    facets["kind"].sort(key=lambda item: list(TYPES).index(item[0]) if item[0] in TYPES else 99)
    facets["goal"].sort(key=lambda item: int(item[0]))
    return facets
