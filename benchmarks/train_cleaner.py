"""Train the line classifier on the development corpus and write its weights.

Every non-empty line of every page in tests/data/pages/ (and of each HTML page's whole
text, as a page saved as text shows it) is labelled from the page's gold (body paragraph -> keep, junk line or headline -> remove; lines the gold does not
mention are left out), turned into features by dsreader's own cleaner
(`clean.line_table`, so training and use see the same numbers), and a logistic
regression is fitted. The weights go to src/dsreader/data/cleaner.json, which the app
applies with plain Python; scikit-learn is needed here only (`pip install -e '.[train]'`).

Usage: python benchmarks/train_cleaner.py [--pages DIR] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from pagegold import PAGES, Page, key, load_pages

from dsreader.clean import line_table, ruled_out
from dsreader.cleanmodel import MODEL_PATH, LineModel
from dsreader.corpus import RawArticle, article_id, corpus_contexts, decode_bytes, fragment_text
from dsreader.linefeatures import FEATURE_NAMES
from dsreader.textnorm import normalize_text

# Losing a body line costs more than keeping a menu item: body lines weigh more.
BODY_WEIGHT = 2.0
C = 0.5
# The whole-text forms of HTML pages count for less than the pages as found.
TEXT_WEIGHT = float(os.environ.get("DSREADER_TEXT_WEIGHT", "0.3"))


@dataclass
class Row:
    site: str
    page: str
    x: list[float]
    y: int  # 1 = junk
    w: float


def line_label(text: str, body: list[str], junk: set[str], title: str) -> int | None:
    """1 junk, 0 body, None when the gold does not say."""
    k = key(text)
    if not k:
        return None
    if k in junk or (title and k == title):
        return 1
    for b in body:
        if k == b or (len(k) >= 12 and k in b) or (len(b) >= 15 and b in k):
            return 0
    if len(k) >= 10 and any(k in j or (len(j) >= 10 and j in k) for j in junk):
        return 1
    return None


def page_rows(page: Page, context) -> list[Row]:
    article = page.article
    table = line_table(article.text, article.title_in_text, article.meta.get("title"), context)
    body = [key(b) for b in page.gold.get("body") or []]
    junk = {key(j) for j in page.gold.get("junk") or []} - {""}
    title = key(page.gold["metadata"].get("title") or "")
    labelled = []
    ruled = ruled_out(table)
    for k, (line, row) in enumerate(zip(table.lines, table.rows, strict=True)):
        if ruled[k]:
            continue  # the rules remove it whatever the weights say: nothing to learn
        y = line_label(line.text, body, junk, title)
        if y is not None:
            labelled.append((row, y))
    n = max(1, len(labelled))
    return [
        Row(page.site, page.path.name, row, y, (BODY_WEIGHT if y == 0 else 1.0) / n**0.5)
        for row, y in labelled
    ]


def text_form(page: Page) -> Page | None:
    """A saved web page as its whole text (what 'save as text' or a copy of the page
    gives: menus, widgets and lists around the story), with the same gold. Portal
    pages reach analysts in this form too, and their chrome teaches the model most."""
    if page.path.suffix.lower() not in (".html", ".htm"):
        return None
    text = normalize_text(fragment_text(decode_bytes(page.path.read_bytes())[0]))
    if not text.strip():
        return None
    path = page.path.parent / "__text__" / (page.path.name + ".txt")  # a source of its own
    article = RawArticle(id=article_id(text), path=str(path), text=text, encoding="utf-8")
    return Page(page.site, page.path, page.gold, article)


def training_rows(pages: list[Page], text_forms: bool = True) -> list[Row]:
    pages = [p for p in pages if p.article is not None]
    if text_forms:
        pages = pages + [t for p in pages if (t := text_form(p))]
    contexts = corpus_contexts([p.article for p in pages])
    rows: list[Row] = []
    for page in pages:
        page_rows_ = page_rows(page, contexts.get(page.article.id))
        if "__text__" in page.article.path:
            for row in page_rows_:
                row.w *= TEXT_WEIGHT
        rows += page_rows_
    return rows


def fit(rows: list[Row], c: float = C) -> LineModel:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([r.x for r in rows], dtype=float)
    y = np.array([r.y for r in rows])
    w = np.array([r.w for r in rows])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit((x - mean) / scale, y, sample_weight=w)
    return LineModel(
        features=tuple(FEATURE_NAMES),
        mean=tuple(round(float(v), 6) for v in mean),
        scale=tuple(round(float(v), 6) for v in scale),
        coef=tuple(round(float(v), 6) for v in clf.coef_[0]),
        intercept=round(float(clf.intercept_[0]), 6),
        threshold=0.5,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default=str(PAGES))
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument("--no-text-forms", action="store_true", help="HTML pages as extracted only")
    args = parser.parse_args()
    pages = load_pages(Path(args.pages))
    rows = training_rows(pages, text_forms=not args.no_text_forms)
    model = fit(rows)
    summary = {
        "pages": len({(r.site, r.page) for r in rows}),
        "sites": len({r.site for r in rows}),
        "lines": len(rows),
        "junk_lines": sum(r.y for r in rows),
    }
    print(json.dumps(summary))
    top = sorted(zip(model.features, model.coef, strict=True), key=lambda t: -abs(t[1]))[:12]
    print(json.dumps({name: c for name, c in top}, ensure_ascii=False), file=sys.stderr)
    if not args.dry_run:
        MODEL_PATH.write_text(json.dumps(model.as_dict(), indent=0) + "\n", "utf-8")
        print(f"wrote {MODEL_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
