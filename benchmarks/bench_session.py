"""What one labelling key costs in the session, as the corpus's labels grow.

After a label the reader asks the session for the article's claims, its progress and
the corpus progress. Progress is kept per article and recomputed only for the
article whose labels changed; this compares that with recomputing every article
(what happens when another process wrote). Prints one JSON line per corpus size.
Usage: python benchmarks/bench_session.py
"""

import dataclasses
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import SEEDS  # noqa: E402

from dsreader.analysis import analyze  # noqa: E402
from dsreader.corpus import load_corpus  # noqa: E402
from dsreader.pipeline import clean_cached  # noqa: E402
from dsreader.session import LabellingSession  # noqa: E402
from dsreader.store import AnnotationStore  # noqa: E402


def corpus(copies: int) -> list:
    seeds = [analyze(clean_cached(a)) for a in load_corpus(SEEDS).articles]
    return [dataclasses.replace(d, id=f"{d.id}-{i}") for i in range(copies) for d in seeds]


def run(copies: int, keys: int = 200) -> dict:
    docs = corpus(copies)
    with tempfile.TemporaryDirectory() as folder:
        store = AnnotationStore(Path(folder) / "db.json")
        session = LabellingSession(store, "bench", docs)
        records = []
        for doc in docs:  # every other sentence of every article labelled already
            for k in range(0, len(doc.sentences), 2):
                s = doc.sentences[k]
                records.append(
                    {
                        "article_id": doc.id,
                        "start": s.start,
                        "end": s.end,
                        "text": s.text,
                        "label": "verified",
                        "annotator": "bench",
                    }
                )
        store.put_many(records)
        session.corpus_progress()  # warm: every article once

        def key(doc, k: int, label: str) -> float:
            t = time.perf_counter()
            session.label(doc, k, k, label)
            session.claims(doc)
            session.progress(doc)
            session.corpus_progress()
            return (time.perf_counter() - t) * 1000

        doc = docs[0]
        odd = [k for k in range(1, len(doc.sentences), 2)]
        incremental = [
            key(doc, odd[i % len(odd)], ("opinion", "disputed")[i % 2]) for i in range(keys)
        ]
        full = []
        for i in range(keys // 4):
            session._placed.clear()  # as after another process's write: every article again
            session._progress.clear()
            full.append(key(doc, odd[i % len(odd)], ("opinion", "disputed")[i % 2]))
        store.close()
    return {
        "articles": len(docs),
        "labels": len(records),
        "key_p50_ms": round(statistics.median(incremental), 2),
        "key_after_foreign_write_p50_ms": round(statistics.median(full), 2),
    }


if __name__ == "__main__":
    for copies in (1, 20, 100):
        print(json.dumps(run(copies)), flush=True)
