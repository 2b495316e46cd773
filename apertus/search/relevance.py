"""Measured relevance: the queries of ``relevance.json`` and the records that must come first.

Each judgement names records that exist in the demo data, as ``kind:title`` (a trailing ``*``
matches any ending, e.g. one team project per state) or ``kind@code`` (an SDG code). Precision at 5
is the share of the first five results that are judged relevant, out of five, or out of how many
relevant records the index holds when there are fewer than five.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation

from apertus.search.models import SearchDocument
from apertus.search.selectors import search

QUERIES = Path(__file__).with_name("relevance.json")
K = 5


@dataclass
class Outcome:
    query: str
    precision: float
    millis: float
    top: list[str]


def load() -> list[dict]:
    return json.loads(QUERIES.read_text(encoding="utf-8"))


def _matches(judgement: str, kind: str, title: str, code: str) -> bool:
    if "@" in judgement and ":" not in judgement.split("@")[0]:
        want_kind, want_code = judgement.split("@", 1)
        return kind == want_kind and code == want_code.lower()
    want_kind, want_title = judgement.split(":", 1)
    if want_kind != kind:
        return False
    return title.startswith(want_title[:-1]) if want_title.endswith("*") else title == want_title


def _available(judgements: list[str], documents: list[tuple[str, str, str]]) -> int:
    return sum(1 for kind, title, code in documents if any(_matches(j, kind, title, code) for j in judgements))


def documents() -> list[tuple[str, str, str]]:
    return list(SearchDocument.objects.values_list("kind", "title", "code"))


def run() -> list[Outcome]:
    documents_now = documents()
    codes = {(d.kind, d.object_id): d.code for d in SearchDocument.objects.only("kind", "object_id", "code")}
    outcomes = []
    for item in load():
        with translation.override(item.get("lang", "es")):
            started = time.perf_counter()
            results = search(item["q"], page_size=K, cached=False)
            millis = (time.perf_counter() - started) * 1000
        hits = results.hits[:K]
        with translation.override("es"):
            spanish = (
                {(h.kind, h.object_id): h.title for h in search(item["q"], page_size=K, cached=False).hits}
                if item.get("lang")
                else {}
            )
        good = sum(
            1
            for h in hits
            if any(
                _matches(j, h.kind, spanish.get((h.kind, h.object_id), h.title), codes.get((h.kind, h.object_id), ""))
                for j in item["relevant"]
            )
        )
        possible = min(K, _available(item["relevant"], documents_now)) or K
        outcomes.append(
            Outcome(
                query=item["q"],
                precision=good / possible,
                millis=millis,
                top=[f"{h.kind}:{h.title[:60]}" for h in hits],
            )
        )
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    times = sorted(o.millis for o in outcomes)
    return {
        "queries": len(outcomes),
        "precision_at_5": statistics.mean(o.precision for o in outcomes),
        "p50_ms": statistics.median(times),
        "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
    }
