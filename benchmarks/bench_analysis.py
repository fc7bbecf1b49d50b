"""Analysis throughput: raw kiwi.tokenize vs the full clean+analyze pipeline, and the
cached re-open against a cold analysis, on the same texts in one run.

Usage: python benchmarks/bench_analysis.py
"""

import json
import tempfile
import time
from pathlib import Path

from dsreader.analysis import AnalysisCache, analyze
from dsreader.clean import clean
from dsreader.corpus import load_corpus
from dsreader.morph import kiwi

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ROUNDS = 5


def best(fn) -> float:
    times = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    raws = load_corpus(SEEDS).articles
    analyzer = kiwi()  # load once, outside the timings
    cleaned = [clean(a) for a in raws]
    chars = sum(len(a.text) for a in raws)

    raw_s = best(lambda: [analyzer.tokenize(a.text) for a in raws])
    no_cache = AnalysisCache(None)
    full_s = best(lambda: [analyze(clean(a), no_cache) for a in raws])
    with tempfile.TemporaryDirectory() as d:
        cache = AnalysisCache(d)
        t = time.perf_counter()
        for c in cleaned:
            analyze(c, cache)
        cold = time.perf_counter() - t
        warm = best(lambda: [analyze(c, cache) for c in cleaned])
    print(
        json.dumps(
            {
                "chars": chars,
                "raw_tokenize_chars_per_s": round(chars / raw_s),
                "pipeline_chars_per_s": round(chars / full_s),
                "pipeline_vs_raw": round(raw_s / full_s, 2),
                "cold_analysis_ms": round(cold * 1000, 1),
                "cached_reopen_ms": round(warm * 1000, 2),
                "cached_speedup": round(cold / warm, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
