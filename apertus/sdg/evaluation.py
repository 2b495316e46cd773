"""Measures the classifier on the held-out evaluation set (``data/sdg_eval/{es,en}.csv``).

Each row has a primary goal and the other goals present. Reported per language: top-1 (the best
goal is the primary one), top-3 (the primary one is among the first three), and per-(text, goal)
accuracy of the "present" set over all 17 goals; per goal, its top-1 recall and pair accuracy;
and the most frequent confusions (primary → predicted first).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from apertus.sdg import corpus
from apertus.sdg.classifier import Classifier


@dataclass
class Report:
    lang: str
    n: int = 0
    top1: float = 0.0
    top3: float = 0.0
    pair_accuracy: float = 0.0
    detected: float = 0.0  # share of texts whose language was detected right
    per_goal: dict[int, dict] = field(default_factory=dict)
    confusions: list[tuple[int, int, int]] = field(default_factory=list)


def evaluate(classifier: Classifier, lang: str, *, rows: list[dict] | None = None) -> Report:
    rows = rows if rows is not None else corpus.eval_rows(lang)
    suggestions = classifier.suggest_many([r["text"] for r in rows], None, targets=0)
    report = Report(lang=lang, n=len(rows))
    top1 = top3 = pairs_ok = detected = 0
    goal_stats = {g: Counter() for g in corpus.GOALS}
    confusions = Counter()
    for row, s in zip(rows, suggestions, strict=True):
        primary = int(row["primary"])
        gold = {primary} | {int(g) for g in row["others"].split("|") if g}
        ranked = [g.goal for g in s.ranked]
        detected += s.lang == lang
        top1 += ranked[0] == primary
        top3 += primary in ranked[:3]
        goal_stats[primary]["n"] += 1
        goal_stats[primary]["top1"] += ranked[0] == primary
        if ranked[0] != primary:
            confusions[(primary, ranked[0])] += 1
        present = set(s.present)
        for g in corpus.GOALS:
            ok = (g in present) == (g in gold)
            pairs_ok += ok
            goal_stats[g]["pairs"] += 1
            goal_stats[g]["pairs_ok"] += ok
    n = max(1, len(rows))
    report.top1, report.top3 = top1 / n, top3 / n
    report.pair_accuracy = pairs_ok / (17 * n)
    report.detected = detected / n
    report.per_goal = {
        g: {
            "n": st["n"],
            "top1": st["top1"] / st["n"] if st["n"] else 0.0,
            "pairs": st["pairs_ok"] / max(1, st["pairs"]),
        }
        for g, st in goal_stats.items()
    }
    report.confusions = [(a, b, c) for (a, b), c in confusions.most_common(10)]
    return report


def format_report(r: Report) -> str:
    lines = [
        f"[{r.lang}] {r.n} texts  top-1 {r.top1:.3f}  top-3 {r.top3:.3f}  "
        f"present/absent per (text, goal) {r.pair_accuracy:.3f}  language detected {r.detected:.3f}",
        "  goal   n  top-1  pairs",
    ]
    for g, st in r.per_goal.items():
        lines.append(f"  {g:>4} {st['n']:>3}  {st['top1']:.2f}   {st['pairs']:.3f}")
    if r.confusions:
        lines.append(
            "  confusions (primary → ranked first ×count): " + ", ".join(f"{a}→{b}×{c}" for a, b, c in r.confusions)
        )
    return "\n".join(lines)
