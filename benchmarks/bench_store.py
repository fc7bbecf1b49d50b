"""Latency of one durable label write, dsreader's store against stock TinyDB.

Prints one JSON line per measurement. Usage: python benchmarks/bench_store.py
"""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tinydb import Query, TinyDB

from dsreader.store import AnnotationStore


def record(i: int) -> dict:
    return {
        "article_id": f"a{i % 500}",
        "start": i,
        "end": i + 40,
        "text": "문장 " * 10,
        "label": "verified",
        "annotator": "bench",
        "text_sha256": "0" * 64,
        "sentence_ids": [i],
        "comment": None,
        "evidence": None,
    }


def pct(samples: list[float], q: float) -> float:
    samples = sorted(samples)
    return samples[min(len(samples) - 1, int(q * len(samples)))]


def bench_dsreader(n: int, writes: int) -> list[float]:
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "db.json"
        store = AnnotationStore(db)
        store.put_many([record(i) for i in range(n)])
        store.fold()
        times = []
        for k in range(writes):
            t = time.perf_counter()
            store.put({**record(k), "label": "disputed"})
            times.append((time.perf_counter() - t) * 1000)
        store.close()
        return times


def bench_stock(n: int, writes: int) -> list[float]:
    with tempfile.TemporaryDirectory() as d:
        db = TinyDB(Path(d) / "db.json")
        db.insert_multiple(record(i) for i in range(n))
        q = Query()
        times = []
        for k in range(writes):
            t = time.perf_counter()
            db.update({"label": "disputed"}, (q.start == k) & (q.annotator == "bench"))
            times.append((time.perf_counter() - t) * 1000)
        return times


def main() -> None:
    sizes = [1000, 10000, 100000]
    for n in sizes:
        for name, fn, writes in (
            ("dsreader", bench_dsreader, 300),
            ("tinydb-stock", bench_stock, 30 if n < 100000 else 8),
        ):
            times = fn(n, writes)
            print(
                json.dumps(
                    {
                        "store": name,
                        "annotations": n,
                        "writes": writes,
                        "p50_ms": round(statistics.median(times), 2),
                        "p99_ms": round(pct(times, 0.99), 2),
                    }
                ),
                flush=True,
            )


if __name__ == "__main__":
    sys.exit(main())
