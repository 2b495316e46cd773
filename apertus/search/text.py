"""Text processing shared by both databases: the same words in, the same words out.

Folding (Unicode NFC, lower case, accents removed, as PostgreSQL's ``unaccent`` does), the Snowball
stopword lists PostgreSQL uses, and the Snowball stemmers (Spanish, and English for English
fields). SQLite's FTS5 table and PostgreSQL's tsvector columns both store the stems made here,
so both databases find the same records (see migration 0002 for why not PostgreSQL's own stemmer).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import cache, lru_cache
from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper per call

import Stemmer
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"[^\W_]+")
# Markdown punctuation that is not words: dropped before indexing and snippets.
MARKUP = re.compile(r"[*_#>`~|\[\]]+|\]\([^)]*\)|!\[|https?://\S+")
LANGS = ("es", "en")
STEMMER_NAMES = {"es": "spanish", "en": "english"}


def fold(text: str) -> str:
    """NFC, lower case, without accents or diacritics (ñ → n, ü → u), as ``unaccent`` does."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text or "").lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def plain(text: str) -> str:
    """Stored text without Markdown punctuation or links, whitespace collapsed."""
    return " ".join(MARKUP.sub(" ", unicodedata.normalize("NFC", text or "")).split())


def words(text: str) -> list[str]:
    """Folded words, in order, stopwords included (phrases need their positions)."""
    return WORD.findall(fold(text))


@cache
def stopwords(lang: str) -> frozenset[str]:
    path = settings.DATA_DIR / "search" / f"{STEMMER_NAMES[lang]}.stop"
    return frozenset(fold(line.strip()) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMER_NAMES[lang])


def stem(word: str, lang: str = "es") -> str:
    return _stemmer(lang).stemWord(word)


def terms(text: str, lang: str = "es") -> list[str]:
    """The stems that index ``text``: folded words without stopwords, stemmed."""
    stop = stopwords(lang)
    stemmer = _stemmer(lang)
    return [stemmer.stemWord(w) for w in words(text) if w not in stop]


def indexed(text: str, lang: str = "es") -> str:
    """What SQLite's FTS5 table stores for a field: its stems separated by spaces."""
    return " ".join(terms(text, lang))


def highlight(text: str, stems: set[str], lang: str = "es", length: int = 32) -> SafeString:
    """An escaped excerpt of about ``length`` words around the densest run of matches, with <mark>.

    Works on the stored plain text, so the snippet never carries markup a person typed.
    """
    text = plain(text)
    spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
    if not spans:
        return mark_safe("")
    hits = [i for i, (a, b) in enumerate(spans) if not stems.isdisjoint(_word_stems(text[a:b], lang))]
    start = 0
    if hits:
        # The hit that opens the window of ``length`` words with most hits (the first such).
        best = max(hits, key=lambda h: bisect_left(hits, h + length) - bisect_left(hits, h))
        start = max(0, best - length // 4)
    end = min(len(spans), start + length)
    marked = set(hits)
    out, cursor = [], spans[start][0]
    for i in range(start, end):
        a, b = spans[i]
        out.append(escape(text[cursor:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>" if i in marked else escape(text[a:b]))
        cursor = b
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(spans) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - every piece escaped above


@lru_cache(maxsize=65536)
def _word_stems(word: str, lang: str) -> frozenset[str]:
    """The stems a word of a snippet stands for (its language's and the Spanish one); none for a
    stopword. Kept: snippets repeat the same words, and folding and stemming them is most of the work."""
    folded = fold(word)
    if folded in stopwords(lang):
        return frozenset()
    return frozenset((stem(folded, lang), stem(folded, "es")))


def damerau(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, giving up (limit + 1) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def typo_limit(word: str) -> int:
    """Edits allowed for a word that is not in the index: none under 5 letters, 1 up to 7, then 2."""
    if len(word) < 5:
        return 0
    return 1 if len(word) <= 7 else 2
