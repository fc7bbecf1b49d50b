"""Entity precision/recall against hand-labelled references.

A predicted entity is right when its span and type both match a reference mention
exactly. Predictions overlapping a `?` span are not scored. Prints one JSON line per
type and one for the micro average. `--errors` lists every miss and false alarm.

`--pages DIR` scores real pages instead (DIR/<site>/<slug>.<ext> with <slug>.gold.json,
the format of tests/data/pages/): the page goes through the real pipeline (load, clean,
analyze), and the gold entities count only inside the gold body. One JSON line per
site, then the micro line.

`--transfer` takes the names of benchmarks/transfer_names.txt (added after reading a
dev page's misses) out of the gazetteer first; `--no-gold-names` takes out every
gazetteer person, organisation or product name that is a gold surface of the scored
pages (a lower bound: the rules, Kiwi's multi.dict and names nobody wrote for them).

Usage: python benchmarks/bench_entities.py [--errors] [--transfer | --no-gold-names]
           [--heldout | --pages DIR [--site S] [--gold-body]]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from dsreader.analysis import analyze, analyze_text
from dsreader.article import CleanArticle
from dsreader.corpus import RawArticle, load_corpus, load_file
from dsreader.pipeline import clean_cached
from dsreader.textnorm import normalize_text

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "entities"
# Short news texts written and labelled after the rules were done, never tuned on.
HELDOUT = ROOT / "tests" / "data" / "heldout"
TRANSFER_NAMES = ROOT / "benchmarks" / "transfer_names.txt"
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


# --- real pages with gold (tests/data/pages/ format) ---------------------------------

# Shingle length for aligning the cleaned text with the gold body (non-space characters):
# long enough that chrome rarely shares one with the body by chance.
SHINGLE = 10
PAGE_SUFFIXES = (".html", ".htm", ".txt", ".md", ".json", ".jsonl")


def _compact(text: str) -> tuple[str, list[int]]:
    """The non-space characters of `text` and, for each, its offset in `text`."""
    index = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in index), index


def _shared(a: str, b: str, k: int = SHINGLE) -> tuple[list[bool], list[bool]]:
    """Which characters of a and of b lie in a k-character run that the other also has."""
    grams_b: dict[str, list[int]] = {}
    for j in range(len(b) - k + 1):
        grams_b.setdefault(b[j : j + k], []).append(j)
    in_a, in_b = [False] * len(a), [False] * len(b)
    for i in range(len(a) - k + 1):
        hits = grams_b.get(a[i : i + k])
        if hits:
            in_a[i : i + k] = [True] * k
            for j in hits:
                in_b[j : j + k] = [True] * k
    return in_a, in_b


def _page_file(gold_path: Path) -> Path | None:
    stem = gold_path.name[: -len(".gold.json")]
    for suffix in PAGE_SUFFIXES:
        candidate = gold_path.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    return None


def _gold_rows(gold: dict) -> list[tuple[str, str]]:
    rows = []
    for item in gold.get("entities") or []:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            continue
        surface, kind = normalize_text(str(item[0])).strip(), str(item[1]).strip()
        if surface and kind in TYPES + ("-", "?"):
            rows.append((surface, kind))
    return rows


def score_page(
    doc_text: str, entities, gold: dict, where: str
) -> tuple[dict[str, Counter], list[str]]:
    """tp/fp/fn by type for one analysed page against its gold.

    Gold mentions are the projections (see `project`) of the gold entities onto the
    cleaned text, kept where the cleaned text is gold body. A prediction outside the
    gold body is a false positive (fp_outside, e.g. a kept related-article list), except
    on the headline, which is neither. A gold mention in a body paragraph the cleaner
    removed is a miss (fn_lost).
    """
    counts = {t: Counter() for t in TYPES}
    errors: list[str] = []
    rows = _gold_rows(gold)
    body = [normalize_text(p) for p in gold.get("body") or [] if p and p.strip()]
    text_c, text_at = _compact(doc_text)
    gold_c = ""
    para_at: list[tuple[int, str]] = []  # (start in gold_c, paragraph)
    for para in body:
        para_at.append((len(gold_c), para))
        gold_c += _compact(para)[0] + "\x00"  # no shingle crosses paragraphs
    in_text, in_gold = _shared(text_c, gold_c)
    for start, para in para_at:  # a paragraph too short for a shingle: exact match
        para_c = _compact(para)[0]
        if len(para_c) < SHINGLE and para_c:
            pos = text_c.find(para_c)
            if pos >= 0:
                in_text[pos : pos + len(para_c)] = [True] * len(para_c)
                in_gold[start : start + len(para_c)] = [True] * len(para_c)
    body_mask = [False] * len(doc_text)
    for k, ok in enumerate(in_text):
        if ok:
            body_mask[text_at[k]] = True
    title_mask = [False] * len(doc_text)
    title = (gold.get("metadata") or {}).get("title")
    if title:
        title_c = _compact(normalize_text(title))[0]
        pos = text_c.find(title_c) if title_c else -1
        while pos >= 0:
            for k in range(pos, pos + len(title_c)):
                title_mask[text_at[k]] = True
            pos = text_c.find(title_c, pos + 1)

    def inside(mask: list[bool], start: int, end: int) -> bool:
        chars = [mask[i] for i in range(start, end) if not doc_text[i].isspace()]
        return bool(chars) and all(chars)

    projected, ignored = project(doc_text, rows)
    gold_spans = {g for g in projected if inside(body_mask, g[0], g[1])}
    predicted = set()
    for e in entities:
        if any(s < e.end and e.start < t for s, t in ignored):
            continue
        if inside(body_mask, e.start, e.end):
            predicted.add((e.start, e.end, e.type))
        elif any(body_mask[e.start : e.end]) or inside(title_mask, e.start, e.end):
            continue  # straddles the body's edge, or stands in the headline: not scored
        else:
            counts[e.type]["fp"] += 1
            counts[e.type]["fp_outside"] += 1
            errors.append(f"{where}\tOUTSIDE\t{e.type}\t{e.text}")
    for _s, _e, kind in predicted & gold_spans:
        counts[kind]["tp"] += 1
    for start, end, kind in sorted(predicted - gold_spans):
        counts[kind]["fp"] += 1
        errors.append(f"{where}\tFALSE\t{kind}\t{doc_text[start:end]}")
    for start, end, kind in sorted(gold_spans - predicted):
        counts[kind]["fn"] += 1
        errors.append(f"{where}\tMISSED\t{kind}\t{doc_text[start:end]}")
    # Gold mentions in body text that did not reach the cleaned text.
    for start, para in para_at:
        para_c, _ = _compact(para)
        if all(in_gold[start : start + len(para_c)]):
            continue
        mentions, _ = project(para, rows)
        for m_start, m_end, kind in mentions:
            lo = len(_compact(para[:m_start])[0])
            hi = lo + len(_compact(para[m_start:m_end])[0])
            if not all(in_gold[start + lo : start + hi]):
                counts[kind]["fn"] += 1
                counts[kind]["fn_lost"] += 1
                errors.append(f"{where}\tLOST\t{kind}\t{para[m_start:m_end]}")
    return counts, errors


def _rates(c: Counter) -> dict:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    rnd = lambda x: None if x is None else round(x, 3)  # noqa: E731
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    kept = tp / (tp + fn - c["fn_lost"]) if tp + fn - c["fn_lost"] else None
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "fp_outside": c["fp_outside"],
        "fn_lost": c["fn_lost"],
        "precision": rnd(p),
        "recall": rnd(r),
        "recall_kept": rnd(kept),
        "f1": rnd(2 * p * r / (p + r)) if p and r else None,
    }


def summary(counts: dict[str, Counter], pages: int) -> dict:
    total = sum(counts.values(), Counter())
    return {
        "pages": pages,
        **_rates(total),
        "by_type": {t: {k: counts[t][k] for k in ("tp", "fp", "fn")} for t in TYPES},
    }


def score_pages(
    pages_dir: Path,
    sites: set[str] | None = None,
    cleaner: Callable[[RawArticle], CleanArticle] | None = None,
    gold_body: bool = False,
) -> dict:
    """Entity scores of every page with a gold file under pages_dir/<site>/.

    Returns {"sites": {site: summary}, "micro": summary, "errors": [lines]}, where a
    summary has pages, tp/fp/fn (fp_outside: found outside the gold body; fn_lost: in
    body text the cleaner removed), precision, recall, recall_kept and by_type counts.
    `cleaner` replaces the shipped cleaning (e.g. a model trained without the site);
    `gold_body` scores the extractor alone, on the gold body paragraphs themselves.
    A page that loads as several articles (a .jsonl of many records) is scored on its
    first; one that loads as none loses every gold mention.
    """
    cleaner = cleaner or clean_cached
    per_site: dict[str, dict[str, Counter]] = {}
    pages: Counter = Counter()
    errors: list[str] = []
    for gold_path in sorted(Path(pages_dir).glob("*/*.gold.json")):
        site = gold_path.parent.name
        if sites is not None and site not in sites:
            continue
        page = _page_file(gold_path)
        if page is None:
            errors.append(f"{site}/{gold_path.name}\tSKIPPED\tno page file beside the gold")
            continue
        try:
            gold = json.loads(gold_path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            errors.append(f"{site}/{gold_path.name}\tSKIPPED\tunreadable gold ({exc})")
            continue
        if gold_body:
            doc_text = "\n\n".join(normalize_text(p).strip() for p in gold.get("body") or [])
            found = analyze_text(doc_text)[1]
        else:
            raws, _ = load_file(page)  # a page is one article: the file's first
            doc = analyze(cleaner(raws[0])) if raws else None
            doc_text, found = (doc.text, doc.entities) if doc else ("", [])
        counts, errs = score_page(doc_text, found, gold, f"{site}/{page.name}")
        site_counts = per_site.setdefault(site, {t: Counter() for t in TYPES})
        for t in TYPES:
            site_counts[t] += counts[t]
        pages[site] += 1
        errors.extend(errs)
    micro = {t: sum((c[t] for c in per_site.values()), Counter()) for t in TYPES}
    return {
        "sites": {s: summary(c, pages[s]) for s, c in per_site.items()},
        "micro": summary(micro, sum(pages.values())),
        "errors": errors,
    }


def _listed(path: Path) -> set[str]:
    lines = path.read_text("utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


OPEN_CLASSES = ("PERSON", "ORG", "PRODUCT")


def gold_surfaces(pages_dir: Path) -> set[str]:
    """The gold names of open classes (people, organisations, products) of the pages
    under pages_dir/<site>/; places are a closed list (every country) and stay."""
    names: set[str] = set()
    for gold_path in Path(pages_dir).glob("*/*.gold.json"):
        try:
            gold = json.loads(gold_path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        names.update(surface for surface, kind in _gold_rows(gold) if kind in OPEN_CLASSES)
    return names


def drop_gazetteer_names(names: set[str]) -> int:
    """Take names out of the gazetteer for the rest of the process; returns how many.

    Clears every cache built from the gazetteer (typed names, phrases, Kiwi with its
    user words) and turns the analysis cache off, whose key does not know of this.
    """
    from dsreader import entities, gazetteer, morph

    rows = [row for row in gazetteer._rows() if row[0] not in names]
    dropped = len(gazetteer._rows()) - len(rows)
    gazetteer._rows = lambda: list(rows)
    for cached_fn in (
        gazetteer.gazetteer_rows,
        gazetteer.own_names,
        gazetteer.typed_names,
        entities._listed_nouns,
        entities._phrases,
        entities._phrase_initials,
        morph._load,
    ):
        cached_fn.cache_clear()
    os.environ["DSREADER_CACHE_DIR"] = ""
    return dropped


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument(
        "--heldout", action="store_true", help="score the held-out texts instead of the seeds"
    )
    parser.add_argument("--pages", type=Path, help="score real pages with .gold.json files")
    parser.add_argument("--site", action="append", help="with --pages: only these sites")
    parser.add_argument(
        "--gold-body",
        action="store_true",
        help="with --pages: run the extractor on the gold body itself (cleaning left out)",
    )
    parser.add_argument(
        "--transfer",
        action="store_true",
        help=f"without the dev-motivated gazetteer names of {TRANSFER_NAMES.name}",
    )
    parser.add_argument(
        "--no-gold-names",
        action="store_true",
        help="with --pages: without any gazetteer name that is a gold surface there",
    )
    args = parser.parse_args()
    if args.transfer:
        dropped = drop_gazetteer_names(_listed(TRANSFER_NAMES))
        print(json.dumps({"gazetteer_names_dropped": dropped}), file=sys.stderr)
    if args.no_gold_names:
        if not args.pages:
            print("error: --no-gold-names needs --pages", file=sys.stderr)
            return 2
        dropped = drop_gazetteer_names(gold_surfaces(args.pages))
        print(json.dumps({"gazetteer_names_dropped": dropped}), file=sys.stderr)
    if args.pages:
        if not args.pages.is_dir():
            print(f"error: not a folder: {args.pages}", file=sys.stderr)
            return 2
        result = score_pages(
            args.pages, set(args.site) if args.site else None, gold_body=args.gold_body
        )
        for site, figs in result["sites"].items():
            print(json.dumps({"site": site, **figs}, ensure_ascii=False))
        micro = {"site": "micro", **result["micro"]}
        micro["target_met"] = bool(micro["precision"] and micro["recall"]) and (
            micro["precision"] >= 0.90 and micro["recall"] >= 0.85
        )
        print(json.dumps(micro, ensure_ascii=False))
        if args.errors:
            print("\n".join(result["errors"]), file=sys.stderr)
        return 0
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
