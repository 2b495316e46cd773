"""The matching part of a search, in each database's own full-text engine.

``match_sql(...)`` returns common table expressions ending in ``m``: one row per candidate for the
page (every match, or a bounded number of candidates when the search is broad) with its ``score``
and the columns the filters read; only the page of hits is joined to the documents. ``every_match_sql``
returns ``a``: every matching document with the columns the facets read (``kind``, ``state_id``,
``phase_id``, ``status``, ``goal_mask``) and no score, which the total and the facet counts read.
Spanish fields are always searched; on English pages the English fields too. Words are ANDed (or
ORed when nothing has them all), phrases keep their order.
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


def match_sql(query: Query, *, english: bool, any_word: bool, where: str, where_params: list, limit: int):
    """Common table expressions ending in ``m(id, score, kind, state_id, phase_id, status, goal_mask)``,
    the candidates a page is ranked among, and ``c(b, id, ...)``, the branches they came from; "" when
    nothing can match.

    Each branch reads at most ``limit`` matches under the filters (``where``): (1, or 3 with filters)
    the documents whose titles match; (2, or 4) any match, read only when fewer than ``limit`` titles
    match; (5) the typed code. When every match is read, ``m`` holds them all; otherwise the search is
    broad and ``m`` holds bounded candidates: the title matches (a title outweighs any body in the
    ranking, so the best are among them) or, when fewer titles match, they and as many others. The
    total and the facet counts do not come from here but from every match (``every_match_sql``).
    """
    postgres = connection.vendor == "postgresql"
    filtered = where != "1 = 1"
    titles, others, params, others_params = [], [], [], []
    if query.clauses:
        for title_only in (True, False):
            sql, p = (_postgres if postgres else _sqlite)(query.clauses, english, any_word, title_only=title_only)
            if not sql:
                break
            b = (1 if title_only else 2) + (2 if filtered else 0)
            # The other matches are read only when fewer than ``limit`` titles match: else they would
            # rank below the title matches that fill the candidates (a one-time test, no scan).
            enough = "" if title_only else " AND (SELECT COUNT(*) FROM c1) < %s"
            if postgres:
                condition = f" AND ({where.replace('d.', 't.')})" if filtered else ""
                branch = f"(SELECT {b} AS b, t.* FROM ({sql}) t WHERE 1 = 1{condition}{enough} LIMIT %s)"
                branch_params = [*p, *where_params, *([] if title_only else [limit]), limit]
            else:
                if filtered:
                    sql = sql.replace(
                        "FROM search_fts WHERE",
                        f"FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid WHERE ({where}) AND",
                    )
                branch = f"SELECT {b} AS b, t.* FROM ({sql}{enough} LIMIT %s) t"
                branch_params = [*where_params, *p, *([] if title_only else [limit]), limit]
            (titles if title_only else others).append(branch)
            (params if title_only else others_params).extend(branch_params)
    if query.code:
        extra = f", {COLUMNS}" if postgres else ""
        others.append(f"SELECT 5 AS b, id, {CODE_BOOST} AS score{extra} FROM search_searchdocument WHERE code = %s")
        others_params.append(query.code)
    if not titles and not others:
        return "", []
    cols = COLUMNS.split(", ")
    # ``c1``: the title matches; ``c``: they and the others (the typed code, the other matches).
    ctes = f"c1 AS MATERIALIZED ({' UNION ALL '.join(titles)}), " if titles else ""
    union = " UNION ALL ".join((["SELECT * FROM c1"] if titles else []) + others)
    if postgres:
        # The full-text scan already read each match's row: its columns come along, no second look-up.
        columns = ", ".join(f"MAX({c}) AS {c}" for c in cols)
        return (
            f"{ctes}c AS MATERIALIZED ({union}), "
            f"m AS MATERIALIZED (SELECT id, MAX(score) AS score, {columns} FROM c GROUP BY id)",
            params + others_params,
        )
    # FTS5 has only the text (and bm25() must run in the query that scans it): one join for all the
    # candidates.
    return (
        f"{ctes}c AS MATERIALIZED ({union}), "
        f"m AS MATERIALIZED (SELECT doc.id, s.score, {', '.join('doc.' + c for c in cols)} "
        "FROM (SELECT id, MAX(score) AS score FROM c GROUP BY id) s JOIN search_searchdocument doc ON doc.id = s.id)",
        params + others_params,
    )


def every_match_sql(query: Query, *, english: bool, any_word: bool) -> tuple[str, list]:
    """A common table expression ``a(id, kind, state_id, phase_id, status, goal_mask)``: every matching
    document, however many, without rank or snippet, for the total and the facet counts; "" when
    nothing can match. The same documents as ``m`` when the search is not broad.

    PostgreSQL answers it from the GIN bitmaps and the rows' facet columns (no ``ts_rank``, and no
    reading of the tsvectors unless a phrase needs a recheck); SQLite from the FTS5 match and one
    look-up per match."""
    postgres = connection.vendor == "postgresql"
    tests, params = [], []
    if postgres:
        condition, params = _postgres_condition(query.clauses, english, any_word)
        if condition:
            tests.append(f"({condition})")
    elif query.clauses:
        sql, p = _sqlite(query.clauses, english, any_word)
        if sql:
            tests.append("id IN (SELECT search_fts.rowid FROM search_fts WHERE search_fts MATCH %s)")
            params += p
    if query.code:
        tests.append("code = %s")
        params.append(query.code)
    if not tests:
        return "", []
    # SQLite keeps it once for the several facet branches that read it; PostgreSQL folds it into the
    # one grouped pass that reads it.
    materialized = "" if postgres else "MATERIALIZED "
    return (
        f"a AS {materialized}(SELECT id, {COLUMNS} FROM search_searchdocument WHERE {' OR '.join(tests)})",
        params,
    )


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


def _sqlite(clauses: list[Clause], english: bool, any_word: bool, title_only: bool = False) -> tuple[str, list]:
    spanish = _fts_expression(clauses, "es", any_word)
    expressions = [f"{{title{'' if title_only else ' body'}}} : ({spanish})"] if spanish else []
    if english:
        words = _fts_expression(clauses, "en", any_word)
        if words:
            expressions.append(f"{{title_en{'' if title_only else ' body_en'}}} : ({words})")
    if not expressions:
        return "", []
    match = " OR ".join(f"({e})" for e in expressions)
    return (
        f"SELECT search_fts.rowid AS id, -bm25(search_fts, {FTS_WEIGHTS}) AS score FROM search_fts "
        "WHERE search_fts MATCH %s",
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


def _postgres(clauses: list[Clause], english: bool, any_word: bool, title_only: bool = False) -> tuple[str, list]:
    spanish = _ts_expression(clauses, "es", any_word)
    words = _ts_expression(clauses, "en", any_word) if english else ""
    # The titles alone: the lexemes of weight A (migration 0005 indexes this expression).
    es, en = (
        ("ts_filter(vector_es, '{a}')", "ts_filter(vector_en, '{a}')") if title_only else ("vector_es", "vector_en")
    )
    if english and words and spanish:
        return (
            f"SELECT id, GREATEST({PG_RANK % ('vector_es', '_es')}, {PG_RANK % ('vector_en', '_en')}) AS score, "
            f"{COLUMNS} FROM search_searchdocument, to_tsquery('simple', %s) q_es, to_tsquery('simple', %s) q_en "
            f"WHERE {es} @@ q_es OR {en} @@ q_en",
            [spanish, words],
        )
    if not spanish:
        return "", []
    return (
        f"SELECT id, {PG_RANK % ('vector_es', '_es')} AS score, {COLUMNS} "
        f"FROM search_searchdocument, to_tsquery('simple', %s) q_es WHERE {es} @@ q_es",
        [spanish],
    )


def _postgres_condition(clauses: list[Clause], english: bool, any_word: bool) -> tuple[str, list]:
    """The full-text test alone (no rank): what the GIN indexes answer with a bitmap."""
    spanish = _ts_expression(clauses, "es", any_word) if clauses else ""
    words = _ts_expression(clauses, "en", any_word) if english and clauses else ""
    tests, params = [], []
    if spanish:
        tests.append("vector_es @@ to_tsquery('simple', %s)")
        params.append(spanish)
    if spanish and words:  # as in _postgres: the English fields only alongside the Spanish ones
        tests.append("vector_en @@ to_tsquery('simple', %s)")
        params.append(words)
    return " OR ".join(tests), params
