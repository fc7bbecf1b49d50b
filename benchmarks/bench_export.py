"""Time to export 100,000 annotations in each format, against a plain JSON dump baseline.

The corpus is the five seeds copied under 500 article ids (real text, real
entities); five annotators label every sentence. Each line printed is one
measurement: the whole export (join with the corpus, filters, writing, fsync and
rename), in seconds, and its ratio to `json.dumps` of the bare store records to a
file in the same run. Target: jsonl and csv ≤ 2 s. prodigy and spacy tokenise each
distinct claim text with Kiwi once (the copies here share their texts, so this
measures the writing, not Kiwi).

Usage: python benchmarks/bench_export.py [--annotations 100000]
"""

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from dsreader.analysis import analyze
from dsreader.corpus import load_corpus
from dsreader.export import FORMATS, available_formats, dataset, export
from dsreader.pipeline import clean_cached
from dsreader.store import LABELS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ANNOTATORS = ("kim", "lee", "park", "choi", "jung")


def corpus_and_records(n: int):
    seeds = [analyze(clean_cached(a)) for a in load_corpus(SEEDS).articles]
    docs, records, k = {}, [], 0
    while len(records) < n:
        seed = seeds[k % len(seeds)]
        doc = replace(seed, id=f"{k:010x}")
        docs[doc.id] = doc
        for s in doc.sentences:
            for i, who in enumerate(ANNOTATORS):
                records.append(
                    {
                        "article_id": doc.id,
                        "text_sha256": doc.text_sha256,
                        "start": s.start,
                        "end": s.end,
                        "text": s.text,
                        "sentence_ids": [s.id],
                        "label": LABELS[(s.id + i // 3) % 3],
                        "comment": "확인 필요" if s.id % 7 == 0 else None,
                        "evidence": None,
                        "annotator": who,
                        "created_at": "2026-01-01T00:00:00+00:00",
                        "updated_at": "2026-01-01T00:00:00+00:00",
                        "tool_version": "bench",
                    }
                )
        k += 1
    return docs, records[:n]


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--annotations", type=int, default=100_000)
    n = parser.parse_args().annotations
    docs, records = corpus_and_records(n)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def baseline():
            with open(out / "baseline.jsonl", "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)

        base = timed(baseline)
        print(
            json.dumps(
                {"format": "baseline-json-dump", "annotations": n, "seconds": round(base, 3)}
            )
        )
        for fmt in FORMATS:
            if fmt not in available_formats():  # parquet, spacy: their extra is missing
                continue
            seconds = timed(
                lambda fmt=fmt: export(dataset(records, docs)[0], fmt, out / fmt, force=True)
            )
            figure = {
                "format": fmt,
                "annotations": n,
                "seconds": round(seconds, 3),
                "ratio_to_baseline": round(seconds / base, 2),
            }
            if fmt in ("jsonl", "csv"):
                figure["target_met"] = seconds <= 2.0
            print(json.dumps(figure), flush=True)
        adjudicated = timed(
            lambda: export(
                dataset(records, docs, adjudicated=True)[0],
                "jsonl",
                out / "adj",
                force=True,
            )
        )
        print(
            json.dumps(
                {
                    "format": "jsonl --adjudicated",
                    "annotations": n,
                    "seconds": round(adjudicated, 3),
                    "ratio_to_baseline": round(adjudicated / base, 2),
                }
            )
        )


if __name__ == "__main__":
    sys.exit(main())
