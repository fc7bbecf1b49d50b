"""Subcommands over the annotation database: export, stats, import."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from .cli import (
    EXIT_USAGE,
    UserError,
    annotator,
    corpus_path,
    db_path,
    match_article,
    open_corpus,
    open_store,
    warn,
)
from .export import FORMATS, OPINION_CHOICES, ExportError
from .store import ALL_LABELS, StoreError


def add_data_commands(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="write the labelled dataset")
    p.add_argument("-f", "--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", required=True, metavar="PATH")
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    p.add_argument("--excel", action="store_true", help="csv: UTF-8 with a BOM for spreadsheets")
    p.add_argument(
        "--entities", action="store_true", help="doccano: sequence labelling of the entities"
    )
    p.add_argument(
        "--opinion",
        choices=OPINION_CHOICES,
        help="fever: opinion claims as NOT ENOUGH INFO (nei, the default) or left out (drop)",
    )
    p.add_argument(
        "--ls-email-domain",
        metavar="DOMAIN",
        help="label-studio: credit each annotation to the user NAME@DOMAIN (create them first)",
    )
    p.add_argument(
        "--label", action="append", choices=ALL_LABELS, help="only this label (repeatable)"
    )
    p.add_argument(
        "--article", action="append", metavar="ID", help="only this article id/prefix (repeatable)"
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--agreed", action="store_true", help="claims two or more annotators all labelled alike"
    )
    group.add_argument(
        "--adjudicated",
        action="store_true",
        help="one label per claim: the review decision, else the majority; ties left out",
    )
    group.add_argument(
        "--reviewed", action="store_true", help="only claims with a review decision, as decided"
    )

    p = sub.add_parser("stats", parents=[common], help="label counts and agreement")
    p.add_argument("--json", action="store_true", help="the figures as one JSON document")
    p.add_argument("--pair", nargs=2, metavar=("A", "B"), help="annotators of the confusion table")

    p = sub.add_parser("import", parents=[common], help="merge a native or Prodigy jsonl export")
    p.add_argument("file", help="a file written by 'dsreader export -f jsonl' (or -f prodigy)")


def _documents(args: argparse.Namespace) -> dict:
    """The corpus's analysed documents by id (`import`); a missing default corpus only
    loses sentence ids."""
    from .analysis import analyze

    articles = _open_corpus(args)
    return {a.id: analyze(a) for a in articles or ()}


def _open_corpus(args: argparse.Namespace) -> list | None:
    """The cleaned articles; None (after a warning) when the default corpus is missing."""
    try:
        return open_corpus(args, quiet=True)
    except UserError:
        if args.corpus or getattr(args, "corpus_pos", None):
            raise
        warn(f"no corpus at {corpus_path(args)}; titles, sources and entities are left empty")
        return None


def _corpus(args: argparse.Namespace, again: bool = False) -> tuple[list, dict]:
    """Every article's id, path, metadata and cleaning key (`corpus_memo.Remembered`):
    remembered from the last load while no file changed, else by loading and
    cleaning the corpus (`again` forces it), which is then remembered; the cleaned
    articles come too when they were loaded."""
    from . import corpus_memo

    root = corpus_path(args)
    rows = None if again else corpus_memo.remembered(root)
    if rows is not None:
        return rows, {}
    files = corpus_memo.stamps(root)
    articles = _open_corpus(args)
    if articles is None:
        return [], {}
    corpus_memo.remember(root, files, articles)
    rows = [corpus_memo.remembered_row(a) for a in articles]
    return rows, {a.id: a for a in articles}


def _export_documents(
    args: argparse.Namespace, wanted: set[str], sentences: bool = True
) -> tuple[dict, dict]:
    """The analysed documents of the `wanted` articles (Kiwi runs only for those not
    in the cache), read from the caches when the corpus memo holds; and every
    article's path by id (for --article)."""
    from . import corpus_memo
    from .analysis import analyze

    rows, loaded = _corpus(args)
    docs: dict = {}
    if not loaded:
        for row in rows:
            if row.id in wanted:
                doc = docs[row.id] = corpus_memo.cached_document(row, sentences)
                if doc is None:  # a cache entry is gone: load the corpus after all
                    rows, loaded = _corpus(args, again=True)
                    break
    if loaded:
        docs = {i: analyze(a) for i, a in loaded.items() if i in wanted}
    return docs, {row.id: row.path for row in rows}


def _progress(total: int) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """A progress bar on stderr for big exports in a terminal; nothing otherwise."""
    if total < 20000 or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task("exporting", total=total)
    bar.start()
    return (lambda done: bar.update(task, completed=done)), bar.stop


def _names(value: str | None) -> list[str]:
    return [n.strip() for n in (value or "").split(",") if n.strip()]


def _check_options(args: argparse.Namespace) -> None:
    """Options that belong to one format are refused with another, not ignored."""
    own = {"opinion": "fever", "ls_email_domain": "label-studio", "entities": "doccano"}
    for option, fmt in own.items():
        if getattr(args, option) and args.format != fmt:
            flag = "--" + option.replace("_", "-")
            raise UserError(f"{flag} applies to -f {fmt} only", EXIT_USAGE)
    domain = args.ls_email_domain
    if domain is not None and (not domain or "@" in domain or any(c.isspace() for c in domain)):
        raise UserError(f"--ls-email-domain '{domain}' is not a domain name", EXIT_USAGE)


def export_filters(args: argparse.Namespace, records, reviews, paths: dict) -> dict:
    """The command line's filters, checked: a name or id that matches nothing is an error."""
    known = {r["annotator"] for r in records} | {r.get("reviewer") for r in reviews} - {None}
    names = _names(args.annotator)
    for name in names:
        if name not in known:
            listed = ", ".join(sorted(known)[:8]) or "none yet"
            raise UserError(
                f"no annotator named '{name}' in {db_path(args)} (annotators: {listed})", EXIT_USAGE
            )
    ids = {r["article_id"] for r in records} | {r["article_id"] for r in reviews} | set(paths)
    return {
        "annotators": names,
        "labels": args.label or (),
        "articles": [match_article(a, ids, paths) for a in args.article or ()],
        "agreed": args.agreed,
        "adjudicated": args.adjudicated,
        "reviewed": args.reviewed,
    }


def cmd_export(args: argparse.Namespace) -> int:
    from .export import EXTRAS, available_formats, dataset, export, missing_extra

    _check_options(args)
    if args.format in EXTRAS and args.format not in available_formats():
        raise UserError(missing_extra(args.format))
    store = open_store(args, read_only=True)
    records, reviews = store.stored(), store.reviews()
    touched = {r["article_id"] for r in records} | {r["article_id"] for r in reviews}
    fever = args.format == "fever"  # the only format that reads sentence ids
    docs, paths = _export_documents(args, wanted=touched, sentences=fever)
    filters = export_filters(args, records, reviews, paths)
    rows, summary = dataset(
        records, docs, reviews=reviews, sentence_ids=fever, lazy=args.format == "jsonl", **filters
    )
    progress, done = _progress(len(rows))
    try:
        written = export(
            rows,
            args.format,
            args.output,
            force=args.force,
            excel=args.excel,
            entities=args.entities,
            opinion=args.opinion or "nei",
            email_domain=args.ls_email_domain,
            progress=progress,
        )
    except ExportError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    finally:
        done()
    written.notes.update(summary.notes)
    print(f"{written.line()} to {args.output} ({args.format})")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .export import read_rows, store_record

    try:
        rows, read = read_rows(args.file)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    docs = _documents(args)
    store = open_store(args, read_only=False)
    unknown = len({r["article_id"] for r in rows if r["article_id"] not in docs})
    try:
        added, updated, skipped = store.merge(
            [store_record(r, docs.get(r["article_id"])) for r in rows]
        )
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        store.close()
    extra = "".join(f", {n} {what}" for what, n in read.notes.items() if n)
    print(f"imported {args.file}: {added} added, {updated} updated, {skipped} skipped{extra}")
    if unknown:
        warn(
            f"{unknown} article(s) of that file are not in {corpus_path(args)}; their labels are kept"
        )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .stats import summarize

    store = open_store(args, read_only=True)
    articles, _ = _corpus(args)
    records = store.stored()
    names = {r["annotator"] for r in records}
    for name in args.pair or ():
        if name not in names:
            raise UserError(f"no annotator named '{name}' in {db_path(args)}", EXIT_USAGE)
    figures = summarize(
        records,
        sources={a.id: a.source for a in articles},
        pair=tuple(args.pair) if args.pair else None,
        reviews=store.reviews(),
    )
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print(f"no labels in {db_path(args)} yet")
        return 0
    from rich.console import Console

    from .stats_view import render

    titles = {a.id: a.title for a in articles}
    Console(highlight=False).print(render(figures, titles, me=annotator(args)))
    return 0


DATA_COMMANDS = {"export": cmd_export, "stats": cmd_stats, "import": cmd_import}
