"""Text → features for the SDG classifier, shared by training and suggestion so both see the same thing.

Words are lowercased and accent-folded, stemmed with the Snowball stemmer of the text's language
(Spanish or English) and stripped of stopwords; features are stem unigrams and bigrams ("w:...")
plus character 3–5-grams of the folded words ("c:..."). Each word feature remembers the surface
words it came from, so an explanation can say "agua potable" rather than "w:agu potabl".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import Stemmer

LANGS = ("es", "en")

# Short, high-frequency function words: enough to tell Spanish from English and to drop from features.
STOP_ES = frozenset(
    """
a al algo algunas algunos ante antes como con contra cual cuando de del desde donde dos durante e el ella
ellas ellos en entre era es esa esas ese eso esos esta estas este esto estos fue ha hacia han hasta hay la
las le les lo los mas me mi mismo muy mucho mucha nada ni no nos nuestra nuestro nuestras nuestros o otra otras
otro otros para pero poco por porque que quien se sea segun ser si sin sino sobre son su sus tambien tan
tanto te todo todos toda todas tu un una unas uno unos y ya cada cual cuales mediante través traves sera
seran estan esten ademas asi aun bajo
""".split()
)
STOP_EN = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
once only or other our ours out over own same she should so some such than that the their theirs them then
there these they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours every per via within without across among upon
""".split()
)
STOPWORDS = STOP_ES | STOP_EN
# Words that tell the languages apart (the shared ones, like "a", say nothing).
_ES_ONLY = STOP_ES - STOP_EN
_EN_ONLY = STOP_EN - STOP_ES

_TOKEN = re.compile(r"[a-z0-9]+")
_STEMMERS: dict[str, Stemmer.Stemmer] = {}


def fold(text: str) -> str:
    """Lowercase and drop accents: "Rendición" → "rendicion", "niño" → "nino"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def detect_language(text: str) -> str:
    """'es' or 'en' by the share of each language's function words; Spanish when undecided."""
    tokens = _TOKEN.findall(fold(text))
    es = sum(1 for t in tokens if t in _ES_ONLY)
    en = sum(1 for t in tokens if t in _EN_ONLY)
    if en > es:
        return "en"
    if es == en == 0:
        # No function words (titles, keyword lists): English spelling habits decide.
        hits = sum(1 for t in tokens if t.endswith(("tion", "ing", "ity", "ness", "ment")) or "w" in t or "th" in t)
        spanish = sum(1 for t in tokens if t.endswith(("cion", "dad", "miento", "ente", "ado", "ada", "os", "as")))
        return "en" if hits > spanish else "es"
    return "es"


def stemmer(lang: str) -> Stemmer.Stemmer:
    found = _STEMMERS.get(lang)
    if found is None:
        found = _STEMMERS[lang] = Stemmer.Stemmer("spanish" if lang == "es" else "english")
    return found


@dataclass
class Analysed:
    """The features of one text: counts per feature, and the surface words behind each word feature."""

    lang: str
    words: dict[str, int] = field(default_factory=dict)
    chars: dict[str, int] = field(default_factory=dict)
    surface: dict[str, str] = field(default_factory=dict)
    stems: list[str] = field(default_factory=list)


_SURFACE_TOKEN = re.compile(r"\w+", re.UNICODE)


def analyse(text: str, lang: str | None = None, *, with_surface: bool = False) -> Analysed:
    """Features of ``text`` in ``lang`` (detected when None)."""
    lang = lang if lang in LANGS else detect_language(text)
    stem = stemmer(lang).stemWord
    out = Analysed(lang=lang)
    raw = _SURFACE_TOKEN.findall(text)
    # Positions of content words; the surface phrase of a bigram spans the stopwords between them.
    content: list[tuple[int, str, str]] = []
    for position, word in enumerate(raw):
        for piece in _TOKEN.findall(fold(word)):
            if piece in STOPWORDS or len(piece) < 2 or piece.isdigit():
                continue
            content.append((position, piece, stem(piece)))
    words, chars = out.words, out.chars
    seen: dict[str, int] = {}
    previous = None
    for position, piece, stemmed in content:
        key = "w:" + stemmed
        words[key] = words.get(key, 0) + 1
        out.stems.append(stemmed)
        if with_surface:
            out.surface.setdefault(key, raw[position].lower())
        if previous is not None and position - previous[0] <= 3:
            bigram = f"w:{previous[2]} {stemmed}"
            words[bigram] = words.get(bigram, 0) + 1
            if with_surface:
                out.surface.setdefault(bigram, " ".join(raw[previous[0] : position + 1]).lower())
        previous = (position, piece, stemmed)
        seen[piece] = seen.get(piece, 0) + 1
    for piece, count in seen.items():
        for gram in _char_grams(piece):
            chars[gram] = chars.get(gram, 0) + count
    return out


@functools.lru_cache(maxsize=50_000)
def _char_grams(piece: str) -> tuple[str, ...]:
    padded = f" {piece} "
    return tuple("c:" + padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))


def phrase_stems(phrase: str, lang: str) -> tuple[str, ...]:
    """A keyword phrase as the tuple of its content-word stems (the unit of phrase matching)."""
    return tuple(analyse(phrase, lang).stems)
