"""What a person typed, as clauses: words (each with the spellings it may stand for) and "phrases".

A word the index does not know (neither the word nor its stem) is widened to the indexed words
it begins (``oaxa`` → oaxaca) and, for words of five letters or more, to indexed words one or two
edits away (``transparensia`` → transparencia). A known word is never widened: ``agua`` finds
water, not Aguascalientes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Length

from apertus.search import text
from apertus.search.models import SearchWord

MAX_LENGTH = 100
MAX_CLAUSES = 8
MAX_UNKNOWN = 3
MAX_ALTERNATIVES = 6
PHRASE = re.compile(r'"([^"]*)"')


@dataclass
class Clause:
    words: list[str]
    phrase: bool = False
    alternatives: list[str] = field(default_factory=list)  # other spellings of a single word

    @property
    def spellings(self) -> list[str]:
        return self.words + self.alternatives


@dataclass
class Query:
    raw: str
    clauses: list[Clause]
    code: str = ""
    corrected: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.clauses or self.code)

    def stems(self) -> set[str]:
        out = set()
        for clause in self.clauses:
            for word in clause.spellings:
                out.add(text.stem(word, "es"))
                out.add(text.stem(word, "en"))
        return out


def clean(raw: str) -> str:
    return " ".join((raw or "").split())[:MAX_LENGTH]


def parse(raw: str) -> Query:
    """Split into phrases (in quotes) and single words; stopwords stay in phrases only."""
    raw = clean(raw)
    clauses: list[Clause] = []
    for phrase in PHRASE.findall(raw):
        found = text.words(phrase)
        if len(found) > 1:
            clauses.append(Clause(words=found[:MAX_CLAUSES], phrase=True))
        elif found:
            clauses.append(Clause(words=found))
    stop = text.stopwords("es")
    for word in text.words(PHRASE.sub(" ", raw)):
        if word not in stop and all(c.words != [word] for c in clauses):
            clauses.append(Clause(words=[word]))
    code = (
        raw.strip().lower() if re.fullmatch(r"\d{1,2}(\.[0-9a-z]{1,2}){0,2}|[a-z]{2,12}", raw.strip().lower()) else ""
    )
    return Query(raw=raw, clauses=clauses[:MAX_CLAUSES], code=code)


def expand(query: Query) -> Query:
    """Widen the words the index does not know (one query, plus one per unknown word, at most three)."""
    singles = [c for c in query.clauses if not c.phrase]
    if not singles:
        return query
    words = {c.words[0] for c in singles}
    stems = {text.stem(w) for w in words}
    rows = SearchWord.objects.filter(Q(word__in=words) | Q(stem__in=stems)).values_list("word", "stem")
    known_words, known_stems = set(), set()
    for word, stem in rows:
        known_words.add(word)
        known_stems.add(stem)
    unknown = [
        c
        for c in singles
        if c.words[0] not in known_words
        and text.stem(c.words[0]) not in known_stems
        and not c.words[0].isdigit()
        and len(c.words[0]) >= 3
    ]
    for clause in unknown[:MAX_UNKNOWN]:
        clause.alternatives = _alternatives(clause.words[0])
        if clause.alternatives:
            query.corrected[clause.words[0]] = clause.alternatives
    return query


def _prefix_range(word: str) -> Q:
    return Q(word__gt=word, word__lt=word + "\uffff")


def _alternatives(word: str) -> list[str]:
    """Indexed words that ``word`` begins, then indexed words a typo or two away with the same first letter.

    The candidates come from pg_trgm's similarity on PostgreSQL and from the words of the same first
    letter and about the same length on SQLite; the same edit-distance rule then decides on both.
    """
    limit = text.typo_limit(word)
    close = Q(pk__in=[])
    if limit and connection.vendor == "postgresql":
        close = Q(pk__in=_trigram_ids(word))
    elif limit:
        close = Q(
            word__gte=word[0], word__lt=word[0] + "\uffff", length__gte=len(word) - limit, length__lte=len(word) + limit
        )
    candidates = (
        SearchWord.objects.annotate(length=Length("word"))
        .filter(_prefix_range(word) | close)
        .values_list("word", flat=True)[:3000]
    )
    prefixed, scored = [], []
    for candidate in candidates:
        if candidate.startswith(word):
            prefixed.append(candidate)
        elif candidate[0] == word[0]:
            scored.append((text.damerau(word, candidate, limit), candidate))
    typos = [w for distance, w in sorted(scored) if distance <= limit]
    return (typos[:MAX_ALTERNATIVES] + sorted(prefixed, key=len))[:MAX_ALTERNATIVES]


def _trigram_ids(word: str):
    """PostgreSQL: words sharing trigrams with ``word`` (pg_trgm's GIN index answers the % operator)."""
    from django.db.models.expressions import RawSQL

    return RawSQL(
        "SELECT id FROM search_searchword WHERE word %% %s ORDER BY similarity(word, %s) DESC LIMIT 60", (word, word)
    )
