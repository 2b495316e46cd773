"""The training material, read only from the repository's ``data/`` folder.

- ``data/sdg/``: the official texts of the 17 goals, 169 targets and the indicators, Spanish and
  English, and the names of the Mexican state SDG indicator series (Spanish, mapped to targets);
- ``data/sdg_keywords/``: published expert queries (Aurora, SIRIS, Elsevier, the SDG ontology),
  parsed into their phrases (English);
- ``data/sdg_train/``: Spanish key phrases and example sentences written for this classifier.

The evaluation texts (``data/sdg_eval/``) are never read here; ``decontaminate`` drops any
training example that is too close to one of them, so the evaluation stays held out.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

GOALS = tuple(range(1, 18))


@dataclass(frozen=True)
class Doc:
    text: str
    lang: str
    goals: tuple[int, ...]
    target: str = ""
    kind: str = "example"  # official | series | keyword | query | example


def data_dir() -> Path:
    return Path(settings.BASE_DIR) / "data"


def _rows(path: Path):
    """CSV rows as dicts; commas in an unquoted last column stay part of its text."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        last = len(header) - 1
        for row in reader:
            if row:
                yield dict(zip(header, row[:last] + [",".join(row[last:])], strict=False))


def _goal(value: str) -> int:
    return int(re.sub(r"\D", "", value))


def official() -> list[Doc]:
    base = data_dir() / "sdg"
    docs = []
    for row in _rows(base / "sdg_goals.csv"):
        g = int(row["number"])
        for lang in ("es", "en"):
            docs.append(Doc(f"{row['short_' + lang]}. {row['title_' + lang]}", lang, (g,), "", "official"))
    for row in _rows(base / "sdg_targets.csv"):
        for lang in ("es", "en"):
            docs.append(Doc(row["title_" + lang], lang, (int(row["goal"]),), row["code"], "official"))
    for row in _rows(base / "sdg_indicators.csv"):
        if row["in_current_framework"] != "True":
            continue
        for lang in ("es", "en"):
            docs.append(Doc(row["title_" + lang], lang, (int(row["goal"]),), row["target"], "official"))
    for row in _rows(base / "mx_state_indicator_series.csv"):
        target = row["target"] if row["target"].count(".") == 1 and row["target"].split(".")[0] == row["sdg"] else ""
        docs.append(Doc(row["series_name_es"], "es", (int(row["sdg"]),), target, "series"))
    return docs


_ELSEVIER_PHRASE = re.compile(r"<([^>]+)>")
_QUOTED = re.compile(r'"([^"]+)"')


def _clean(term: str) -> str:
    return re.sub(r"[*?]", "", term).strip()


def expert_queries() -> list[Doc]:
    """Phrases of the published query systems, one short document per phrase (or query line)."""
    base = data_dir() / "sdg_keywords"
    docs = []
    for row in _rows(base / "text2sdg_siris_queries.csv"):
        # SIRIS keywords are ambiguous alone ("discrimination"); its context words travel with them.
        extra = _QUOTED.findall(row.get("extra") or "")
        text = _clean(row["keyword"]) + (" " + _clean(extra[0]) if extra else "")
        docs.append(Doc(text, "en", (_goal(row["sdg"]),), "", "keyword"))
    for row in _rows(base / "text2sdg_sdgo_queries.csv"):
        docs.append(Doc(_clean(row["keyword"]), "en", (_goal(row["sdg"]),), "", "keyword"))
    for row in _rows(base / "text2sdg_elsevier_queries.csv"):
        for phrase in _ELSEVIER_PHRASE.findall(row["query"]):
            docs.append(Doc(_clean(phrase), "en", (_goal(row["sdg"]),), "", "keyword"))
    aurora = json.loads((base / "aurora_sdg_queries_v5.json").read_text(encoding="utf-8"))
    for goal in aurora["goals"]:
        for sub in goal["subqueries"]:
            for line in sub["query_lines"]:
                terms = [_clean(t) for t in _QUOTED.findall(line["query"])]
                terms = [t for t in terms if t]
                if terms:
                    docs.append(Doc(" ".join(terms), "en", (int(goal["sdg"]),), sub.get("target", ""), "query"))
    return docs


def written() -> list[Doc]:
    base = data_dir() / "sdg_train"
    docs = []
    for row in _rows(base / "keywords_es.csv"):
        docs.append(Doc(row["phrase"], "es", (int(row["goal"]),), row["target"], "keyword"))
    for lang in ("es", "en"):
        for row in _rows(base / f"examples_{lang}.csv"):
            goals = tuple(int(g) for g in row["goals"].split("|") if g)
            docs.append(Doc(row["text"], lang, goals, "", "example"))
    return docs


def eval_rows(lang: str) -> list[dict]:
    """The held-out evaluation set of one language: id, primary, others, text."""
    return list(_rows(data_dir() / "sdg_eval" / f"{lang}.csv"))


_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def decontaminate(docs: list[Doc], *, max_overlap: float = 0.4) -> tuple[list[Doc], int]:
    """Drop written examples whose word overlap (Jaccard) with any evaluation text exceeds ``max_overlap``."""
    held_out = [_words(r["text"]) for lang in ("es", "en") for r in eval_rows(lang)]
    kept, dropped = [], 0
    for doc in docs:
        if doc.kind == "example":
            words = _words(doc.text)
            if any(len(words & other) / max(1, len(words | other)) > max_overlap for other in held_out):
                dropped += 1
                continue
        kept.append(doc)
    return kept, dropped


def all_docs() -> list[Doc]:
    return official() + expert_queries() + written()
