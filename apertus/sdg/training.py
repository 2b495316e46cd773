"""Builds the SDG model from ``corpus`` and writes it as plain arrays (npz) and JSON: no pickles.

Steps: analyse every training document in its language; fit the TF-IDF vocabulary; train one
logistic regression per goal (one-vs-rest, balanced classes, documents weighted by kind); choose
each goal's "present" threshold on out-of-fold scores of the written examples (the validation
split); build one centroid per target for ranking targets; keep the key phrases for the phrase
signal and the explanations.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from apertus.sdg import corpus
from apertus.sdg.features import Vocabulary
from apertus.sdg.text import analyse, phrase_stems

MODEL_DIR = Path(__file__).resolve().parent / "model"
KIND_WEIGHT = {"official": 1.0, "series": 1.0, "keyword": 0.4, "query": 0.4, "example": 3.0}
PARAMS = {"C": 8.0, "folds": 3, "seed": 13}


def _labels(docs: list[corpus.Doc]) -> np.ndarray:
    y = np.zeros((len(docs), 17), dtype=np.int8)
    for i, doc in enumerate(docs):
        for g in doc.goals:
            y[i, g - 1] = 1
    return y


def _weights(docs: list[corpus.Doc]) -> np.ndarray:
    w = np.array([KIND_WEIGHT[d.kind] for d in docs], dtype=np.float64)
    # Both languages weigh the same in total: English has thousands of expert phrases, Spanish few.
    for lang in ("es", "en"):
        mask = np.array([d.lang == lang for d in docs])
        w[mask] *= 0.5 * w.sum() / w[mask].sum()
    return w


def fit_goals(X: sparse.csr_matrix, y: np.ndarray, w: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
    coef = np.zeros((X.shape[1], 17), dtype=np.float32)
    intercept = np.zeros(17, dtype=np.float32)
    for g in range(17):
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, solver="liblinear")
        model.fit(X, y[:, g], sample_weight=w)
        coef[:, g] = model.coef_[0]
        intercept[g] = model.intercept_[0]
    return coef, intercept


def _probabilities(X, coef, intercept) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(np.asarray(X @ coef) + intercept)))


def choose_thresholds(probs: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per goal, the threshold with the best present/absent accuracy on the validation scores."""
    grid = np.linspace(0.2, 0.95, 31)
    out = np.full(17, 0.5, dtype=np.float32)
    for g in range(17):
        scores = [((probs[:, g] >= t) == (y[:, g] == 1)).mean() for t in grid]
        best = max(scores)
        # Among equally good thresholds, the middle one: least sensitive to the validation sample.
        ties = [t for t, s in zip(grid, scores, strict=True) if s >= best - 1e-9]
        out[g] = ties[len(ties) // 2]
    return out


def build(*, out_dir: Path = MODEL_DIR, log=print, params: dict | None = None) -> dict:
    params = {**PARAMS, **(params or {})}
    docs, dropped = corpus.decontaminate(corpus.all_docs())
    log(f"training documents: {len(docs)} ({dropped} written examples dropped as too close to the evaluation set)")
    analysed = [analyse(d.text, d.lang) for d in docs]
    vocab = Vocabulary.fit(analysed)
    X = vocab.transform(analysed)
    y = _labels(docs)
    w = _weights(docs)
    log(f"features: {vocab.n_words} word n-grams, {len(vocab.chars)} character n-grams")

    # Validation split for the thresholds: out-of-fold scores of the written examples.
    examples = np.array([d.kind == "example" for d in docs])
    rng = np.random.default_rng(params["seed"])
    fold_of = rng.integers(0, params["folds"], size=len(docs))
    oof = np.zeros((len(docs), 17))
    for k in range(params["folds"]):
        held = examples & (fold_of == k)
        coef_k, intercept_k = fit_goals(X[~held], y[~held], w[~held], params["C"])
        oof[held] = _probabilities(X[held], coef_k, intercept_k)
    thresholds = choose_thresholds(oof[examples], y[examples])
    coef, intercept = fit_goals(X, y, w, params["C"])

    # One centroid per target (official text, indicators, series, expert queries, key phrases).
    target_rows = defaultdict(list)
    for i, d in enumerate(docs):
        if d.target:
            target_rows[d.target].append(i)
    official_codes = [d.target for d in docs if d.kind == "official" and d.target]
    target_codes = [c for c in dict.fromkeys(official_codes) if c in target_rows]
    centroids = sparse.vstack([sparse.csr_matrix(X[target_rows[c]].mean(axis=0)) for c in target_codes]).tocsr()
    norms = np.sqrt(np.asarray(centroids.multiply(centroids).sum(axis=1))).ravel()
    centroids = sparse.diags(1.0 / np.maximum(norms, 1e-9)) @ centroids
    centroids = centroids.T.tocsr().astype(np.float32)  # features × targets

    phrases = {}
    for d in docs:
        if d.kind in ("keyword", "official") and len(d.text) < 80:
            stems = phrase_stems(d.text, d.lang)
            if 1 <= len(stems) <= 4:
                phrases.setdefault(" ".join(stems), [d.goals[0], d.target, d.text])

    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out_dir / "sdg_model.npz",
        idf=vocab.idf,
        coef=coef.astype(np.float16),
        intercept=intercept,
        thresholds=thresholds,
        t_data=centroids.data.astype(np.float16),
        t_indices=centroids.indices.astype(np.int32),
        t_indptr=centroids.indptr.astype(np.int32),
    )
    meta = {
        "format": 1,
        "words": vocab.words,
        "chars": vocab.chars,
        "targets": target_codes,
        "phrases": phrases,
        "params": params,
        "documents": len(docs),
    }
    (out_dir / "sdg_model.json").write_text(
        json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    log(f"thresholds: {' '.join(f'{g + 1}:{t:.2f}' for g, t in enumerate(thresholds))}")
    return meta
