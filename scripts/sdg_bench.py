"""Speed of the SDG classifier on one core: load time, memory, batch texts/s, single suggestion ms.

Run with `make sdg-bench` (also part of `make bench`). Measures; asserts nothing. The texts are the
evaluation set's 612 short texts, repeated to 10,000 for the batch figure, plus a long commitment.
"""

import os

# One core: no multithreaded BLAS.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import csv  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def texts() -> list[str]:
    out = []
    for lang in ("es", "en"):
        with (ROOT / "data" / "sdg_eval" / f"{lang}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            out.extend(",".join(row[3:]) for row in reader if row)
    return out


def main():
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import numpy  # noqa: F401  (imported before measuring: its cost is not the model's)
    import scipy.sparse  # noqa: F401

    base = rss_mb()
    started = time.perf_counter()
    from apertus.sdg.classifier import Classifier

    classifier = Classifier()
    load_s = time.perf_counter() - started
    loaded = rss_mb()
    sample = texts()
    classifier.suggest_many(sample[:50])  # warm up
    batch = (sample * (10_000 // len(sample) + 1))[:10_000]
    started = time.perf_counter()
    for i in range(0, len(batch), 256):
        classifier.suggest_many(batch[i : i + 256], targets=5)
    batch_s = time.perf_counter() - started
    singles = []
    for text in sample[:300]:
        t0 = time.perf_counter()
        classifier.suggest(text)
        singles.append((time.perf_counter() - t0) * 1000)
    long_text = " ".join(sample[:120])  # about 12,000 characters
    long_ms = []
    for _ in range(10):
        t0 = time.perf_counter()
        classifier.suggest(long_text)
        long_ms.append((time.perf_counter() - t0) * 1000)
    singles.sort()
    print("SDG classifier (one core)")
    print(f"  model load                      {load_s:8.2f} s")
    print(f"  memory after load               {loaded - base:8.1f} MB (process {loaded:.0f} MB)")
    print(f"  batch, 10,000 texts             {len(batch) / batch_s:8.0f} texts/s")
    print(
        f"  single suggestion (explained)   {statistics.median(singles):8.1f} ms median, "
        f"{singles[int(len(singles) * 0.95)]:.1f} ms p95"
    )
    print(f"  single, {len(long_text):,} characters     {statistics.median(long_ms):8.1f} ms median")


if __name__ == "__main__":
    main()
