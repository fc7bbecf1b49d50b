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
    open_corpus,
    open_store,
    warn,
)
from .export import FORMATS, ExportError
from .store import LABELS, StoreError


def add_data_commands(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="write the labelled dataset")
    p.add_argument("-f", "--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", required=True, metavar="PATH")
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    p.add_argument("--excel", action="store_true", help="csv: UTF-8 with a BOM for spreadsheets")
    p.add_argument(
        "--entities", action="store_true", help="doccano: sequence labelling of the entities"
    )
    p.add_argument("--label", action="append", choices=LABELS, help="only this label (repeatable)")
    p.add_argument(
        "--article", action="append", metavar="ID", help="only this article id/prefix (repeatable)"
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--agreed", action="store_true", help="claims two or more annotators all labelled alike"
    )
    group.add_argument(
        "--adjudicated", action="store_true", help="each claim's majority label; ties left out"
    )

    p = sub.add_parser("stats", parents=[common], help="label counts and agreement")
    p.add_argument("--json", action="store_true", help="the figures as one JSON document")
    p.add_argument("--pair", nargs=2, metavar=("A", "B"), help="annotators of the confusion table")

    p = sub.add_parser("import", parents=[common], help="merge a native jsonl export")
    p.add_argument("file", help="a file written by 'dsreader export -f jsonl'")


def _documents(args: argparse.Namespace, analyzed: bool) -> dict:
    """The corpus's documents by id; a missing default corpus only loses titles/entities."""
    from .analysis import analyze, unanalyzed

    try:
        articles = open_corpus(args, quiet=True)
    except UserError:
        if args.corpus or getattr(args, "corpus_pos", None):
            raise
        warn(f"no corpus at {corpus_path(args)}; titles, sources and entities are left empty")
        return {}
    make = analyze if analyzed else unanalyzed
    return {a.id: make(a) for a in articles}


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


def cmd_export(args: argparse.Namespace) -> int:
    from .export import dataset, export

    store = open_store(args, read_only=True)
    docs = _documents(args, analyzed=True)
    rows, summary = dataset(
        store.all(),
        docs,
        annotators=[n.strip() for n in (args.annotator or "").split(",") if n.strip()],
        labels=args.label or (),
        articles=args.article or (),
        agreed=args.agreed,
        adjudicated=args.adjudicated,
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
    from .export import read_native, store_record

    try:
        rows = read_native(args.file)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    docs = _documents(args, analyzed=True)
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
    print(f"imported {args.file}: {added} added, {updated} updated, {skipped} skipped")
    if unknown:
        warn(
            f"{unknown} article(s) of that file are not in {corpus_path(args)}; their labels are kept"
        )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .stats import summarize

    store = open_store(args, read_only=True)
    docs = _documents(args, analyzed=False)
    records = store.all()
    names = {r["annotator"] for r in records}
    for name in args.pair or ():
        if name not in names:
            raise UserError(f"no annotator named '{name}' in {db_path(args)}", EXIT_USAGE)
    figures = summarize(
        records,
        sources={i: d.source for i, d in docs.items()},
        pair=tuple(args.pair) if args.pair else None,
    )
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print(f"no labels in {db_path(args)} yet")
        return 0
    from rich.console import Console

    from .stats_view import render

    titles = {i: d.title for i, d in docs.items()}
    Console(highlight=False).print(render(figures, titles, me=annotator(args)))
    return 0


DATA_COMMANDS = {"export": cmd_export, "stats": cmd_stats, "import": cmd_import}
