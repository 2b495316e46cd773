"""TF-IDF over the features of ``text.analyse``: one vocabulary, two blocks (words, characters).

Each block is weighted with sublinear tf × idf and scaled to unit length on its own, so a long
text's many character n-grams do not drown its words; the character block then counts
``CHAR_WEIGHT`` as much as the word block. Training and suggestion both go through ``transform``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from scipy import sparse

from apertus.sdg.text import Analysed

CHAR_WEIGHT = 0.7


class Vocabulary:
    def __init__(self, words: list[str], chars: list[str], idf: np.ndarray):
        self.words = words
        self.chars = chars
        self.n_words = len(words)
        self.index = {f: i for i, f in enumerate(words)}
        self.index.update({f: i + self.n_words for i, f in enumerate(chars)})
        self.idf = idf.astype(np.float32)
        self.size = len(words) + len(chars)

    @classmethod
    def fit(
        cls, docs: list[Analysed], *, min_df_words: int = 1, min_df_chars: int = 2, max_chars: int = 60000
    ) -> Vocabulary:
        word_df: dict[str, int] = {}
        char_df: dict[str, int] = {}
        for doc in docs:
            for f in doc.words:
                word_df[f] = word_df.get(f, 0) + 1
            for f in doc.chars:
                char_df[f] = char_df.get(f, 0) + 1
        words = sorted(f for f, n in word_df.items() if n >= min_df_words)
        chars = sorted((f for f, n in char_df.items() if n >= min_df_chars), key=lambda f: (-char_df[f], f))[:max_chars]
        chars.sort()
        n = len(docs)
        idf = [math.log((1 + n) / (1 + word_df[f])) + 1 for f in words]
        idf += [math.log((1 + n) / (1 + char_df[f])) + 1 for f in chars]
        return cls(words, chars, np.asarray(idf, dtype=np.float32))

    def row(self, doc: Analysed) -> tuple[list[int], list[float]]:
        """Column indices and weights of one document."""
        cols: list[int] = []
        vals: list[float] = []
        index, idf = self.index, self.idf
        for block, scale in ((doc.words, 1.0), (doc.chars, CHAR_WEIGHT)):
            start = len(cols)
            for f, count in block.items():
                i = index.get(f)
                if i is not None:
                    cols.append(i)
                    vals.append((1.0 + math.log(count)) * float(idf[i]))
            norm = math.sqrt(sum(v * v for v in vals[start:]))
            if norm:
                for k in range(start, len(vals)):
                    vals[k] = vals[k] / norm * scale
        return cols, vals

    def transform(self, docs: Iterable[Analysed]) -> sparse.csr_matrix:
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for doc in docs:
            cols, vals = self.row(doc)
            indices.extend(cols)
            data.extend(vals)
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (
                np.asarray(data, dtype=np.float32),
                np.asarray(indices, dtype=np.int32),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(indptr) - 1, self.size),
        )
