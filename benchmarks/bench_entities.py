"""Entity precision/recall against the hand-labelled seeds in tests/data/entities/.

A predicted entity is right when its span and type both match a reference mention
exactly. Predictions overlapping a `?` span are not scored. Prints one JSON line per
type and one for the micro average. `--errors` lists every miss and false alarm.

Usage: python benchmarks/bench_entities.py [--errors] [--heldout]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from dsreader.analysis import analyze
from dsreader.corpus import load_corpus
from dsreader.pipeline import clean_cached

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "entities"
# Short news texts written and labelled after the rules were done, never tuned on.
HELDOUT = ROOT / "tests" / "data" / "heldout"
TYPES = ("PERSON", "ORG", "LOC", "PRODUCT", "MONEY", "PERCENT", "DATE", "QUANTITY")
WORD_CHAR = re.compile(r"[가-힣A-Za-z0-9]")

Span = tuple[int, int, str]


def load_reference(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, kind = line.split("\t")
        if kind not in TYPES + ("-", "?"):
            raise ValueError(f"{path.name}: unknown type {kind!r} for {surface!r}")
        rows.append((surface, kind))
    return rows


def project(text: str, reference: list[tuple[str, str]]) -> tuple[set[Span], list[tuple[int, int]]]:
    """Gold mentions and ignored spans: every word-initial occurrence, longest first."""
    taken = [False] * len(text)
    gold: set[Span] = set()
    ignored: list[tuple[int, int]] = []
    for surface, kind in sorted(reference, key=lambda r: -len(r[0])):
        for m in re.finditer(re.escape(surface), text):
            start, end = m.span()
            if start and WORD_CHAR.match(text[start - 1]):
                continue
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            if kind in TYPES:
                gold.add((start, end, kind))
            elif kind == "?":
                ignored.append((start, end))
    return gold, ignored


def score(articles, reference: Path = REFERENCE) -> tuple[dict, list[str]]:
    counts = {t: Counter() for t in TYPES}
    errors = []
    for article in articles:
        ref_path = reference / (Path(article.path).stem + ".tsv")
        if not ref_path.exists():
            continue
        doc = analyze(article)
        gold, ignored = project(doc.text, load_reference(ref_path))
        predicted = {
            (e.start, e.end, e.type)
            for e in doc.entities
            if not any(s < e.end and e.start < t for s, t in ignored)
        }
        for _start, _end, kind in predicted & gold:
            counts[kind]["tp"] += 1
        for start, end, kind in predicted - gold:
            counts[kind]["fp"] += 1
            errors.append(f"{ref_path.stem}\tFALSE\t{kind}\t{doc.text[start:end]}")
        for start, end, kind in gold - predicted:
            counts[kind]["fn"] += 1
            errors.append(f"{ref_path.stem}\tMISSED\t{kind}\t{doc.text[start:end]}")
    return counts, errors


def figures(name: str, c: Counter) -> dict:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else None
    rnd = lambda x: None if x is None else round(x, 3)  # noqa: E731
    return {
        "type": name,
        "gold": tp + fn,
        "predicted": tp + fp,
        "precision": rnd(p),
        "recall": rnd(r),
        "f1": rnd(f),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument(
        "--heldout", action="store_true", help="score the held-out texts instead of the seeds"
    )
    args = parser.parse_args()
    corpus, reference = (HELDOUT, HELDOUT) if args.heldout else (ROOT / "seeds", REFERENCE)
    articles = [clean_cached(a) for a in load_corpus(corpus).articles]
    counts, errors = score(articles, reference)
    for kind in TYPES:
        print(
            json.dumps(
                {"set": "heldout" if args.heldout else "seeds", **figures(kind, counts[kind])}
            )
        )
    total = sum(counts.values(), Counter())
    micro = {"set": "heldout" if args.heldout else "seeds", **figures("micro", total)}
    micro["target_met"] = bool(micro["precision"] and micro["recall"]) and (
        micro["precision"] >= 0.90 and micro["recall"] >= 0.85
    )
    print(json.dumps(micro))
    if args.errors:
        print("\n".join(sorted(errors)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
