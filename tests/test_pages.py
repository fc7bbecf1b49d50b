"""The development corpus in tests/data/pages/: well-formed, loadable, and cleaned
without losing its body (the cleaner was trained on it: this guards against
regressions, the leave-one-site-out figures come from benchmarks/bench_quality.py)."""

import json
import sys
from pathlib import Path

import pytest

from dsreader.analysis import AnalysisCache
from dsreader.corpus import corpus_contexts, load_file
from dsreader.pipeline import clean_cached

PAGES = Path(__file__).parent / "data" / "pages"
GOLDS = sorted(PAGES.glob("*/*.gold.json"))
TYPES = {"PERSON", "ORG", "LOC", "PRODUCT", "MONEY", "PERCENT", "DATE", "QUANTITY", "-", "?"}
FORMS = {
    "portal-html",
    "news-html",
    "news-text",
    "broadcast",
    "blog-html",
    "blog-md",
    "clip-md",
    "crawler-json",
    "forum",
}


def page_of(gold: Path) -> Path:
    stem = gold.name[: -len(".gold.json")]
    [page] = [p for p in gold.parent.glob(stem + ".*") if p != gold]
    return page


def test_the_corpus_covers_many_sites_and_forms():
    golds = [json.loads(g.read_text("utf-8")) for g in GOLDS]
    assert len(golds) >= 40
    assert len({g.parent.name for g in GOLDS}) >= 15
    assert len({g["form"] for g in golds}) >= 6


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_page_has_complete_gold_and_loads(gold_path):
    gold = json.loads(gold_path.read_text("utf-8"))
    assert gold["form"] in FORMS
    assert set(gold["metadata"]) >= {"title", "source", "author", "published"}
    assert gold["body"] and all(isinstance(b, str) and b.strip() for b in gold["body"])
    assert isinstance(gold["junk"], list)
    assert all(kind in TYPES for _, kind in gold["entities"])
    assert set(gold["provenance"]) >= {"repo", "path", "commit", "url"}
    articles, warnings = load_file(page_of(gold_path))
    assert len(articles) == 1, warnings


def test_the_shipped_cleaner_keeps_the_body_of_the_corpus():
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from pagegold import body_sentences, key

    pages = [(g, load_file(page_of(g))[0][0]) for g in GOLDS]
    contexts = corpus_contexts([a for _, a in pages])
    total = kept = 0
    for gold_path, article in pages:
        cleaned = clean_cached(article, AnalysisCache(None), context=contexts[article.id])
        flat = key(cleaned.text)
        sentences = body_sentences(json.loads(gold_path.read_text("utf-8")))
        total += len(sentences)
        kept += sum(key(s) in flat for s in sentences)
    assert kept / total >= 0.98
