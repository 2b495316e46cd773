"""Suggests the SDG goals and targets of a text, in Spanish or English, offline.

``suggest(text, lang=None)`` ranks the 17 goals (logistic regression over word and character
n-grams, nudged by matches of expert key phrases), says which goals are present (each goal's
threshold, chosen on a validation split), ranks the targets of the leading goals (similarity to
each target's texts) and explains each goal with the words of the text that weighed most.

The model is read once per process (``get_classifier``) from ``apertus/sdg/model/``: arrays in
an npz file and a JSON vocabulary, nothing that executes code. ``make sdg-model`` rebuilds it.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from apertus.sdg.features import Vocabulary
from apertus.sdg.text import LANGS, Analysed, analyse, detect_language

MODEL_DIR = Path(__file__).resolve().parent / "model"
MAX_CHARS = 20_000
PHRASE_WEIGHT = 0.0  # expert-phrase matches: measured with sdg_eval --phrase-weight, no gain, so off
TARGET_GOALS = 3  # targets are ranked within this many leading goals
FLOOR = 0.25  # the best goal counts as present only above this probability


@dataclass
class GoalScore:
    goal: int
    score: float
    words: list[str] = field(default_factory=list)


@dataclass
class TargetScore:
    code: str
    score: float


@dataclass
class Suggestion:
    lang: str
    ranked: list[GoalScore]
    present: list[int]
    targets: list[TargetScore]

    def as_dict(self) -> dict:
        return {
            "lang": self.lang,
            "ranked": [{"goal": g.goal, "score": round(g.score, 4), "words": g.words} for g in self.ranked],
            "present": self.present,
            "targets": [{"code": t.code, "score": round(t.score, 4)} for t in self.targets],
        }


class Classifier:
    def __init__(self, model_dir: Path = MODEL_DIR, *, phrase_weight: float = PHRASE_WEIGHT):
        meta = json.loads((model_dir / "sdg_model.json").read_text(encoding="utf-8"))
        with np.load(model_dir / "sdg_model.npz", allow_pickle=False) as arrays:
            self.vocab = Vocabulary(meta["words"], meta["chars"], arrays["idf"])
            self.coef = arrays["coef"].astype(np.float32)
            self.intercept = arrays["intercept"].astype(np.float32)
            self.thresholds = arrays["thresholds"].astype(np.float32)
            self.centroids = sparse.csr_matrix(
                (arrays["t_data"].astype(np.float32), arrays["t_indices"], arrays["t_indptr"]),
                shape=(self.vocab.size, len(meta["targets"])),
            )
        self.target_codes: list[str] = meta["targets"]
        self.target_goal = np.array([int(c.split(".")[0]) for c in self.target_codes])
        self.phrases: dict[str, list] = meta["phrases"]
        self.phrase_weight = phrase_weight

    # -- signals ---------------------------------------------------------------------------------
    def _phrase_scores(self, doc: Analysed) -> tuple[np.ndarray, dict[int, list[str]]]:
        """Per goal, how many content words of the text fall in an expert phrase of that goal."""
        scores = np.zeros(17, dtype=np.float32)
        found: dict[int, list[str]] = {}
        stems = doc.stems
        for n in (4, 3, 2, 1):
            for i in range(len(stems) - n + 1):
                hit = self.phrases.get(" ".join(stems[i : i + n]))
                if hit is not None:
                    goal = hit[0]
                    scores[goal - 1] += n
                    found.setdefault(goal, []).append(hit[2])
        return np.minimum(scores, 4.0), found

    def _logits(self, X: sparse.csr_matrix, docs: list[Analysed]) -> np.ndarray:
        logits = np.asarray(X @ self.coef) + self.intercept
        if self.phrase_weight:
            for row, doc in enumerate(docs):
                logits[row] += self.phrase_weight * self._phrase_scores(doc)[0]
        return logits

    # -- public ----------------------------------------------------------------------------------
    def suggest(self, text: str, lang: str | None = None, *, explain: bool = True, targets: int = 5) -> Suggestion:
        return self.suggest_many([text], [lang], explain=explain, targets=targets)[0]

    def suggest_many(
        self, texts: list[str], langs: list[str | None] | None = None, *, explain: bool = False, targets: int = 5
    ) -> list[Suggestion]:
        langs = langs or [None] * len(texts)
        docs = [
            analyse(t[:MAX_CHARS], lang if lang in LANGS else detect_language(t[:2000]), with_surface=explain)
            for t, lang in zip(texts, langs, strict=True)
        ]
        X = self.vocab.transform(docs)
        logits = self._logits(X, docs)
        probs = 1.0 / (1.0 + np.exp(-logits))
        sims = np.asarray((X @ self.centroids).todense()) if targets else None
        out = []
        for row, doc in enumerate(docs):
            out.append(self._one(doc, X, row, probs[row], None if sims is None else sims[row], explain, targets))
        return out

    def _one(self, doc, X, row, prob, sim, explain, n_targets) -> Suggestion:
        # Character n-grams alone (misspellings, nonsense) are not evidence enough: a known word is needed.
        empty = not (X.indices[X.indptr[row] : X.indptr[row + 1]] < self.vocab.n_words).any()
        order = np.argsort(-prob, kind="stable")
        ranked = [GoalScore(int(g) + 1, float(prob[g])) for g in order]
        present = []
        if not empty:
            present = [int(g) + 1 for g in order if prob[g] >= self.thresholds[g]]
            best = int(order[0])
            if best + 1 not in present and prob[best] >= FLOOR:
                present.insert(0, best + 1)
        target_list = []
        if sim is not None and not empty:
            lead = {int(g) + 1: float(prob[g]) for g in order[:TARGET_GOALS]}
            weight = np.array([math.sqrt(lead.get(int(g), 0.0)) for g in self.target_goal])
            scored = sim * weight
            for t in np.argsort(-scored)[:n_targets]:
                if scored[t] > 0:
                    target_list.append(TargetScore(self.target_codes[t], float(scored[t])))
        if explain and not empty:
            self._explain(doc, X, row, ranked[:5])
        return Suggestion(doc.lang, ranked, present, target_list)

    def best_targets(self, text: str, goal: int, n: int = 1, lang: str | None = None) -> list[str]:
        """The targets of one goal that the text is closest to, best first."""
        doc = analyse(text[:MAX_CHARS], lang if lang in LANGS else detect_language(text[:2000]))
        sims = np.asarray((self.vocab.transform([doc]) @ self.centroids).todense()).ravel()
        within = [i for i in np.argsort(-sims) if self.target_goal[i] == goal]
        return [self.target_codes[i] for i in within[:n]]

    def _explain(self, doc: Analysed, X, row: int, goals: list[GoalScore], limit: int = 4) -> None:
        start, end = X.indptr[row], X.indptr[row + 1]
        cols, vals = X.indices[start:end], X.data[start:end]
        is_word = cols < self.vocab.n_words
        cols, vals = cols[is_word], vals[is_word]
        names = [self.vocab.words[c] for c in cols]
        for goal in goals:
            contrib = dict(zip(names, (vals * self.coef[cols, goal.goal - 1]).tolist(), strict=True))
            # A phrase weighs what its bigram and its words weigh together: "agua potable" beats "agua".
            scored = []
            for name, value in contrib.items():
                parts = name[2:].split(" ")
                total = value + (sum(max(0.0, contrib.get("w:" + p, 0.0)) for p in parts) if len(parts) > 1 else 0.0)
                if value > 0 and doc.surface.get(name):
                    scored.append((total, doc.surface[name]))
            chosen: list[str] = []
            for _total, words in sorted(scored, reverse=True):
                if len(chosen) >= limit:
                    break
                if any(words in c or c in words for c in chosen):
                    continue
                chosen.append(words)
            goal.words = chosen


_lock = threading.Lock()
_instance: Classifier | None = None


def get_classifier() -> Classifier:
    """The process's one classifier, loaded on first use (thread-safe)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = Classifier()
    return _instance


def suggest(text: str, lang: str | None = None) -> Suggestion:
    return get_classifier().suggest(text, lang)
