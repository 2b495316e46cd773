"""The matching part of a search, in each database's own full-text engine.

``match_sql(query, english, any_word)`` returns common table expressions ending in ``m``: one row per
matching document with its ``score`` and the columns the filters and facets read (``kind``,
``state_id``, ``phase_id``, ``status``, ``goal_mask``), so that counting and faceting thousands of matches never goes
back to the documents table row by row; only the page of hits is joined to it. Spanish fields are always searched; on English pages the English
fields too. Words are ANDed (or ORed when nothing has them all), phrases keep their order.
"""

# ruff: noqa: S608 - SQL is assembled from constants and placeholders only; every value a person
# typed travels as a parameter.

from __future__ import annotations

from django.db import connection

from apertus.search import text
from apertus.search.query import Clause, Query

CODE_BOOST = 1000.0
COLUMNS = "kind, state_id, phase_id, status, goal_mask"  # what the filters and facets read
# FTS5 bm25 column weights: title, body, title_en, body_en.
FTS_WEIGHTS = "10.0, 1.0, 10.0, 1.0"
# ts_rank weights {D, C, B, A}: title (A) ten times the body (B); no length normalisation (it
# favoured short SDG texts over commitments in the relevance set). ts_rank, not ts_rank_cd: a third
# of the cost over thousands of matches, and precision at 5 on the demo 0.998 against 0.993.
PG_RANK = "ts_rank('{0.0, 0.0, 0.1, 1.0}', %s, q%s, 0)"


def match_sql(query: Query, *, english: bool, any_word: bool = False) -> tuple[str, list]:
    """Common table expressions ending in ``m(id, score, kind, state_id, phase_id, status, goal_mask)``; "" when
    nothing can match."""
    ctes, parts, params = [], [], []
    postgres = connection.vendor == "postgresql"
    extra = f", {COLUMNS}" if postgres else ""
    if query.clauses:
        sql, p = (_postgres if postgres else _sqlite)(query.clauses, english, any_word)
        if sql:
            # Its own materialised step: FTS5's bm25() must run in the query that scans the FTS table.
            ctes.append(f"f AS MATERIALIZED ({sql})")
            parts.append(f"SELECT id, score{extra} FROM f")
            params += p
    if query.code:
        parts.append(f"SELECT id, {CODE_BOOST} AS score{extra} FROM search_searchdocument WHERE code = %s")
        params.append(query.code)
    if not parts:
        return "", []
    cols = COLUMNS.split(", ")
    if postgres and len(ctes) == 1 and len(parts) == 1:
        # Only the full-text part: its rows are already one per document, with their columns.
        ctes[0] = ctes[0].replace("f AS MATERIALIZED", "m AS MATERIALIZED", 1)
        return ctes[0], params
    if len(parts) == 1 and ctes:
        source = "f"
    else:
        union = " UNION ALL ".join(parts)
        if postgres:
            # The full-text scan already read each match's row: its columns come along, no second look-up.
            columns = ", ".join(f"MAX({c}) AS {c}" for c in cols)
            ctes.append(f"m AS MATERIALIZED (SELECT id, MAX(score) AS score, {columns} FROM ({union}) u GROUP BY id)")
            return ", ".join(ctes), params
        ctes.append(f"s AS MATERIALIZED (SELECT id, MAX(score) AS score FROM ({union}) u GROUP BY id)")
        source = "s"
    # FTS5 has only the text: one join for all the matches, not one per facet and count.
    ctes.append(
        f"m AS MATERIALIZED (SELECT doc.id, {source}.score, {', '.join('doc.' + c for c in cols)} "
        f"FROM {source} JOIN search_searchdocument doc ON doc.id = {source}.id)"
    )
    return ", ".join(ctes), params


# SQLite FTS5: the stems are made here, as when indexing.


def _fts_clause(clause: Clause, lang: str) -> str:
    stop = text.stopwords(lang)
    if clause.phrase:
        stems = [text.stem(w, lang) for w in clause.words if w not in stop]
        return '"' + " ".join(stems) + '"' if stems else ""
    stems = sorted({text.stem(w, lang) for w in clause.spellings if w not in stop})
    return "(" + " OR ".join(f'"{s}"' for s in stems) + ")" if stems else ""


def _fts_expression(clauses: list[Clause], lang: str, any_word: bool) -> str:
    joiner = " OR " if any_word else " AND "
    return joiner.join(part for part in (_fts_clause(c, lang) for c in clauses) if part)


def _sqlite(clauses: list[Clause], english: bool, any_word: bool) -> tuple[str, list]:
    spanish = _fts_expression(clauses, "es", any_word)
    expressions = [f"{{title body}} : ({spanish})"] if spanish else []
    if english:
        words = _fts_expression(clauses, "en", any_word)
        if words:
            expressions.append(f"{{title_en body_en}} : ({words})")
    if not expressions:
        return "", []
    match = " OR ".join(f"({e})" for e in expressions)
    return (
        f"SELECT rowid AS id, -bm25(search_fts, {FTS_WEIGHTS}) AS score FROM search_fts WHERE search_fts MATCH %s",
        [match],
    )


# PostgreSQL: the same stems as SQLite, in to_tsquery's syntax ('simple': taken as they are).


def _ts_clause(clause: Clause, lang: str) -> str:
    stop = text.stopwords(lang)
    if clause.phrase:
        stems = [text.stem(w, lang) for w in clause.words if w not in stop]
        return "(" + " <-> ".join(stems) + ")" if stems else ""
    stems = sorted({text.stem(w, lang) for w in clause.spellings if w not in stop})
    return "(" + " | ".join(stems) + ")" if stems else ""


def _ts_expression(clauses: list[Clause], lang: str, any_word: bool) -> str:
    return (" | " if any_word else " & ").join(part for part in (_ts_clause(c, lang) for c in clauses) if part)


def _postgres(clauses: list[Clause], english: bool, any_word: bool) -> tuple[str, list]:
    spanish = _ts_expression(clauses, "es", any_word)
    words = _ts_expression(clauses, "en", any_word) if english else ""
    if english and words and spanish:
        return (
            f"SELECT id, GREATEST({PG_RANK % ('vector_es', '_es')}, {PG_RANK % ('vector_en', '_en')}) AS score, "
            f"{COLUMNS} FROM search_searchdocument, to_tsquery('simple', %s) q_es, to_tsquery('simple', %s) q_en "
            "WHERE vector_es @@ q_es OR vector_en @@ q_en",
            [spanish, words],
        )
    if not spanish:
        return "", []
    return (
        f"SELECT id, {PG_RANK % ('vector_es', '_es')} AS score, {COLUMNS} "
        "FROM search_searchdocument, to_tsquery('simple', %s) q_es WHERE vector_es @@ q_es",
        [spanish],
    )
