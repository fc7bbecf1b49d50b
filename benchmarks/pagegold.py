"""The development corpus of real pages (tests/data/pages/) and how a cleaned page is
scored against its hand-written gold. Shared by bench_quality.py and train_cleaner.py.

A page is `<site>/<slug>.<ext>` next to `<site>/<slug>.gold.json`; the folder is the
site, the unit of leave-one-site-out evaluation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from dsreader.corpus import RawArticle, load_file
from dsreader.textnorm import normalize_text

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
FIELDS = ("title", "source", "author", "published")


@dataclass
class Page:
    site: str
    path: Path
    gold: dict
    article: RawArticle | None  # None when the loader found no article in the file


def key(text: str) -> str:
    """Compare text ignoring spaces, punctuation and case (and markup escapes)."""
    return re.sub(r"[\W_]+", "", normalize_text(text)).lower()


def load_pages(root: Path = PAGES, sites: list[str] | None = None) -> list[Page]:
    pages = []
    for gold_path in sorted(root.glob("*/*.gold.json")):
        site = gold_path.parent.name
        if sites and site not in sites:
            continue
        stem = gold_path.name[: -len(".gold.json")]
        found = [
            p
            for p in gold_path.parent.glob(stem + ".*")
            if p != gold_path and not p.name.endswith(".gold.json")
        ]
        if not found:
            continue
        gold = json.loads(gold_path.read_text("utf-8"))
        articles, _ = load_file(found[0])
        pages.append(Page(site, found[0], gold, articles[0] if articles else None))
    return pages


_SENTENCE_SPLIT = re.compile(r"(?<=[.?!])[\"”’']?\s+")
# The format says a dateline is junk; some gold keeps it at the head of the first
# paragraph ('[서울=뉴시스]홍길동 기자 = 삼성전자가 …'): score the sentence without it.
_GOLD_DATELINE = re.compile(
    r"^\s*[\[(【][^\]\)】]{1,30}[\])】]\s*"
    r"(?:[가-힣]{2,4}(?:\s*[·,]?\s*[가-힣]{2,4})*\s*(?:기자|특파원|통신원)\s*=?\s*)?"
)


def body_sentences(gold: dict) -> list[str]:
    out = []
    for para in gold.get("body") or []:
        m = _GOLD_DATELINE.match(para)
        if m and "=" in m.group(0):
            para = para[m.end() :]
        for sentence in _SENTENCE_SPLIT.split(para):
            if len(key(sentence)) >= 4:
                out.append(sentence)
    return out


def junk_present(raw: str, gold: dict) -> list[str]:
    """The gold junk lines that the text the cleaner sees actually contains.

    Junk an HTML extractor already dropped is not the cleaner's to remove, and a junk
    string that also occurs inside the body (a paragraph, or a summary box repeating the
    lead across paragraphs) cannot be judged by text alone.
    """
    raw_key = key(raw)
    raw_lines = {key(x) for x in raw.split("\n")}
    body_keys = [key(b) for b in gold.get("body") or []]
    whole_body = "".join(body_keys)  # a portal's summary box repeats the lead across paragraphs
    out = []
    for junk in dict.fromkeys(gold.get("junk") or []):
        k = key(junk)
        if not k or any(k in b for b in body_keys) or (len(k) >= 20 and k in whole_body):
            continue
        if (k in raw_lines) if len(k) < 6 else (k in raw_key):
            out.append(junk)
    return out


def junk_left(text: str, junk: str) -> bool:
    k = key(junk)
    if len(k) < 6:
        return any(key(line) == k for line in text.split("\n"))
    return k in key(text)


def _date_right(gold: str, pred: str | None) -> bool:
    if not pred:
        return False
    pred = pred.replace(" ", "T")
    if "T" in gold:
        return pred[:16] == gold[:16]
    return pred[:10] == gold[:10]


def field_right(name: str, gold: str | None, pred: str | None) -> bool:
    """A field is right when it matches the gold; a field the page does not state must be None."""
    if gold is None:
        return pred is None
    if pred is None:
        return False
    if name == "published":
        return _date_right(gold, pred)
    g, p = key(gold), key(pred)
    if name == "title":
        short, long_ = sorted((g, p), key=len)
        return bool(short) and short in long_ and len(short) >= 0.8 * len(long_)
    if name == "source":
        short, long_ = sorted((g, p), key=len)
        return bool(short) and short in long_ and len(short) >= 0.5 * len(long_)
    return g == p


def score_page(text: str, raw: str, meta: dict, gold: dict) -> dict:
    """Counts for one cleaned page: body sentences kept, junk lines removed, fields right."""
    flat = key(text)
    sentences = body_sentences(gold)
    kept = [s for s in sentences if key(s) in flat]
    junk = junk_present(raw, gold)
    left = [j for j in junk if junk_left(text, j)]
    fields = {f: field_right(f, gold["metadata"].get(f), meta.get(f)) for f in FIELDS}
    return {
        "body": len(sentences),
        "body_kept": len(kept),
        "junk": len(junk),
        "junk_removed": len(junk) - len(left),
        "fields": len(fields),
        "fields_right": sum(fields.values()),
        "lost": [s for s in sentences if key(s) not in flat],
        "left": left,
        "wrong": {f: meta.get(f) for f, ok in fields.items() if not ok},
    }
