"""Cleaning and metadata quality on the development corpus, leave-one-site-out.

For every site (a folder of tests/data/pages/), the line classifier is trained on the
pages of every *other* site and the held-out site's pages are cleaned with it, so each
figure is a score on a site the model never saw. Per page: body sentences of the gold
found in the cleaned text, gold junk lines (those the cleaner's input contains) gone
from it, and the four metadata fields right. One JSON line per site, then the micro
average; `--errors` lists every lost sentence, kept junk line and wrong field.
When bench_entities.score_pages exists, entity precision/recall per site follow.

Usage: python benchmarks/bench_quality.py [--pages DIR] [--site S ...] [--shipped] [--errors]
                                         [--text-forms]
  --shipped     use the model shipped in src/dsreader/data/ instead of leave-one-site-out
  --text-forms  score each HTML page as the whole text of the page (menus, widgets and
                lists around the story, as a page saved as text has them)
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from collections import Counter, defaultdict

from pagegold import PAGES, Page, load_pages, score_page

from dsreader import clean as clean_module

TARGETS = {"body_kept": 0.98, "junk_removed": 0.90, "fields_right": 0.90}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _clean(page: Page, contexts: dict, model) -> object:
    params = inspect.signature(clean_module.clean).parameters
    kwargs = {}
    if "context" in params:
        kwargs["context"] = contexts.get(page.article.id)
    if "model" in params and model is not None:
        kwargs["model"] = model
    return clean_module.clean(page.article, **kwargs)


def _contexts(pages: list[Page]) -> dict:
    try:
        from dsreader.corpus import corpus_contexts
    except ImportError:
        return {}
    return corpus_contexts([p.article for p in pages if p.article])


def _models(pages: list[Page], shipped: bool):
    """site -> model trained without that site (None: the shipped model / rules)."""
    sites = sorted({p.site for p in pages})
    if shipped:
        return dict.fromkeys(sites)
    try:
        import train_cleaner
    except ImportError:
        return dict.fromkeys(sites)
    rows = train_cleaner.training_rows(pages)
    models = {}
    for site in sites:
        train = [r for r in rows if r.site != site]
        if len({r.y for r in train}) < 2:  # too few other sites to learn from
            models[site] = None
            continue
        models[site] = train_cleaner.fit(train)
    return models


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default=str(PAGES), help="the corpus folder")
    parser.add_argument("--site", action="append", help="only these sites (repeatable)")
    parser.add_argument("--shipped", action="store_true", help="no leave-one-site-out")
    parser.add_argument("--errors", action="store_true", help="list what went wrong")
    parser.add_argument("--no-entities", action="store_true")
    parser.add_argument(
        "--text-forms",
        action="store_true",
        help="score the HTML pages as whole-page text (a page saved as text) instead",
    )
    args = parser.parse_args()
    from pathlib import Path

    pages = load_pages(Path(args.pages))
    if not pages:
        print("no pages with gold found", file=sys.stderr)
        return 1
    models = _models(pages, args.shipped)
    if args.text_forms:
        from train_cleaner import text_form

        pages = [t for p in pages if p.article is not None and (t := text_form(p))]
    contexts = _contexts(pages)
    if args.site:
        pages = [p for p in pages if p.site in args.site]

    loaded = [p for p in pages if p.article is not None]
    _clean(loaded[0], contexts, models[loaded[0].site])  # load Kiwi outside the timing
    per_site: dict[str, Counter] = defaultdict(Counter)
    errors: list[str] = []
    elapsed = 0.0
    for page in pages:
        if page.article is None:  # the loader found no article: everything is lost
            errors.append(f"{page.site}/{page.path.name}\tNOT-LOADED")
            s = score_page("", "", {}, page.gold)
        else:
            t0 = time.perf_counter()
            cleaned = _clean(page, contexts, models[page.site])
            elapsed += time.perf_counter() - t0
            s = score_page(cleaned.text, cleaned.raw, cleaned.meta.as_dict(), page.gold)
        c = per_site[page.site]
        c["pages"] += 1
        for k in ("body", "body_kept", "junk", "junk_removed", "fields", "fields_right"):
            c[k] += s[k]
        name = f"{page.site}/{page.path.name}"
        errors += [f"{name}\tLOST\t{x[:90]}" for x in s["lost"]]
        errors += [f"{name}\tKEPT-JUNK\t{x[:90]}" for x in s["left"]]
        errors += [
            f"{name}\tFIELD\t{f}: {v!r} (gold {page.gold['metadata'].get(f)!r})"
            for f, v in s["wrong"].items()
        ]
    total: Counter = Counter()
    failing = []
    for site in sorted(per_site):
        c = per_site[site]
        total += c
        row = {
            "site": site,
            "pages": c["pages"],
            "body_kept": _ratio(c["body_kept"], c["body"]),
            "junk_removed": _ratio(c["junk_removed"], c["junk"]),
            "fields_right": _ratio(c["fields_right"], c["fields"]),
            "body": c["body"],
            "junk": c["junk"],
        }
        if any(
            row[k] is not None and row[k] < v for k, v in TARGETS.items() if k != "fields_right"
        ):
            failing.append(site)
        print(json.dumps(row, ensure_ascii=False))
    micro = {
        "site": "micro",
        "mode": "shipped" if args.shipped else "leave-one-site-out",
        "sites": len(per_site),
        "pages": total["pages"],
        "body_kept": _ratio(total["body_kept"], total["body"]),
        "junk_removed": _ratio(total["junk_removed"], total["junk"]),
        "fields_right": _ratio(total["fields_right"], total["fields"]),
        "ms_per_article": round(1000 * elapsed / max(1, len(loaded)), 1),
        "sites_below_target": failing,
    }
    print(json.dumps(micro, ensure_ascii=False))
    if not args.no_entities:
        _entities(Path(args.pages), sorted(per_site), pages, contexts, models)
    if args.errors:
        print("\n".join(errors), file=sys.stderr)
    return 0


def _entities(pages_dir, sites: list[str], pages, contexts: dict, models: dict) -> None:
    """Entity precision/recall per site and micro (bench_entities.score_pages), each
    site's pages cleaned by the same model as above: one trained without that site."""
    from bench_entities import score_pages

    by_id = {p.article.id: p for p in pages if p.article is not None}
    total: Counter = Counter()
    for site in sites:

        def cleaner(article, site=site):
            page = by_id.get(article.id)
            if page is None:  # a page bench_quality did not load the same way
                return clean_module.clean(article)
            return _clean(page, contexts, models.get(site))

        summary = score_pages(pages_dir, sites={site}, cleaner=cleaner)["sites"].get(site)
        if not summary:
            continue
        counts = Counter({k: summary[k] for k in ("tp", "fp", "fn")})
        total += counts
        print(json.dumps({"entities_site": site, **_pr(counts)}, ensure_ascii=False))
    print(json.dumps({"entities_site": "micro", **_pr(total)}))


def _pr(c: Counter) -> dict:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return {
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


if __name__ == "__main__":
    sys.exit(main())
