"""Command-line interface: one function per subcommand.

Bad input ends in one sentence on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .corpus import CorpusError, load_corpus
from .textnorm import display_safe

if TYPE_CHECKING:
    from rich.text import Text

    from .analysis import Document

DEFAULT_CORPUS = "seeds"
DEFAULT_DB = os.path.join("annotations", "annotations.json")
EXIT_USAGE = 2


class UserError(Exception):
    """A problem the user can fix; printed as one line."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def default_annotator() -> str:
    name = os.environ.get("DSREADER_ANNOTATOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "anonymous"


def _common(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--corpus", default=default, help="folder or file of articles (default: seeds/)"
    )
    parser.add_argument(
        "--db", default=default, help=f"annotation database (default: {DEFAULT_DB})"
    )
    parser.add_argument("--annotator", default=default, help="your name on annotations")


def build_parser() -> argparse.ArgumentParser:
    # Subcommands repeat the common options; SUPPRESS keeps them from resetting a value
    # given before the subcommand (`dsreader --db x stats`).
    common = argparse.ArgumentParser(add_help=False)
    _common(common, default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="dsreader",
        description="Read, tag and export Korean news about DeepSeek and the AI race.",
    )
    _common(parser)
    parser.add_argument("--version", action="version", version=f"dsreader {__version__}")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("read", parents=[common], help="open the reader app (the default)")
    p.add_argument("corpus_pos", nargs="?", metavar="CORPUS")
    p.add_argument("--no-advance", action="store_true", help="stay on a claim after labelling it")

    p = sub.add_parser("list", parents=[common], help="one row per article")
    p.add_argument("corpus_pos", nargs="?", metavar="CORPUS")
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")

    p = sub.add_parser("show", parents=[common], help="the cleaned article")
    p.add_argument("id", help="article id (or a unique prefix, or the file's path or name)")
    p.add_argument("--json", action="store_true", help="the Document as JSON")
    p.add_argument("--raw", action="store_true", help="the raw text with removed parts marked")

    p = sub.add_parser("analyze", parents=[common], help="analyze a corpus ahead of time")
    p.add_argument("corpus_pos", nargs="?", metavar="CORPUS")
    p.add_argument(
        "--jobs", type=int, default=0, help="cores to use, one process each (default: all)"
    )

    from .cli_data import add_data_commands

    add_data_commands(sub, common)
    return parser


# --- shared helpers -------------------------------------------------------------------


def corpus_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "corpus_pos", None) or args.corpus or DEFAULT_CORPUS)


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db or DEFAULT_DB)


def annotator(args: argparse.Namespace) -> str:
    return args.annotator or default_annotator()


def open_store(args: argparse.Namespace, read_only: bool):
    """The annotation database; a missing one is an error only when reading it."""
    from .store import AnnotationStore, StoreError

    path = db_path(args)
    journal = path.with_name(path.name + ".journal")
    if read_only and not path.exists() and not journal.exists():
        raise UserError(f"no annotation database at {path} (label something first, or --db)")
    try:
        store = AnnotationStore(path, read_only=read_only, sliced=False)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    for note in store.take_warnings():
        warn(note)
    return store


def warn(message: str) -> None:
    print(f"dsreader: warning: {display_safe(message)}", file=sys.stderr)


def open_corpus(args: argparse.Namespace, quiet: bool = False):
    """Load and clean every article; warnings about skipped files go to stderr."""
    from .pipeline import clean_cached

    try:
        result = load_corpus(corpus_path(args))
    except CorpusError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    if not quiet:
        for note in result.warnings:
            warn(note)
    # Each article is cleaned knowing which of its lines recur in its source folder.
    return [clean_cached(a, context=result.context(a)) for a in result.articles]


def match_article(ident: str, ids: Iterable[str], paths: Mapping[str, str] | None = None) -> str:
    """The article id the user means: the id or a unique prefix of it, in any case, or
    the article's file (a path, its name or its stem). A prefix that fits two
    articles is refused, naming some of them, rather than one of them taken."""
    raw = ident.strip()
    by_lower = {i.lower(): i for i in ids}
    key = raw.lower()
    if key in by_lower:
        return by_lower[key]
    if raw and paths:
        target = Path(raw).expanduser()
        sep = os.sep in raw or (os.altsep or os.sep) in raw
        by_file = [
            i
            for i, p in paths.items()
            if p
            and (
                raw in (Path(p).name, Path(p).stem)
                or (sep and target.exists() and Path(p).resolve() == target.resolve())
            )
        ]
        if len(by_file) == 1:
            return by_file[0]
        if by_file:
            raise UserError(
                f"'{raw}' names {len(by_file)} files; give the path or the id", EXIT_USAGE
            )
    matches = sorted(by_lower[i] for i in by_lower if key and i.startswith(key))
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(matches[:3]) + (", …" if len(matches) > 3 else "")
        raise UserError(
            f"'{raw}' matches {len(matches)} articles ({shown}); give more of the id", EXIT_USAGE
        )
    raise UserError(f"no article with id '{raw}' (see 'dsreader list')", EXIT_USAGE)


def find_article(articles, ident: str):
    """By id, unique id prefix (any case), or file path/name/stem: whatever the user has."""
    by_id = {a.id: a for a in articles}
    return by_id[match_article(ident, by_id, {a.id: a.path for a in articles})]


# --- commands -------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .analysis import analyze

    articles = open_corpus(args)
    labelled = _labelled_counts(args)
    rows = []
    for article in articles:
        doc = analyze(article)
        rows.append(
            {
                "id": doc.id,
                "title": doc.title,
                "source": doc.source,
                "author": doc.author,
                "published": doc.published,
                "claims": len(doc.sentences),
                "labelled": labelled.get(doc.id, 0),
                "path": doc.path,
            }
        )
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    console = Console()
    wide = console.width >= 110
    columns = ["id", "title", "source"] + (["author"] if wide else []) + ["published"]
    table = Table(
        title=f"{len(rows)} articles in {corpus_path(args)}", box=box.SIMPLE_HEAD, pad_edge=False
    )
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=1, min_width=12, overflow="fold")
    for name in ("source", "author") if wide else ("source",):
        table.add_column(name, max_width=12, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("sentences", justify="right")
    table.add_column("your labels", justify="right")
    for row in rows:
        cells = [
            Text(
                display_safe(
                    str(row[k]).replace("T", " ")[: 16 if wide else 10]
                    if k == "published"
                    else str(row[k])
                )
            )
            if row[k] is not None
            else Text("—", style="dim")
            for k in columns
        ]
        table.add_row(*cells, str(row["claims"]), str(row["labelled"]))
    console.print(table)
    return 0


def _labelled_counts(args: argparse.Namespace) -> dict[str, int]:
    """This annotator's labels per article (a comment alone is no label); empty when
    there is no database."""
    if not db_path(args).exists():
        return {}
    store = open_store(args, read_only=True)
    counts: dict[str, int] = {}
    for record in store.all(annotator=annotator(args)):
        if not record.get("label"):
            continue
        counts[record["article_id"]] = counts.get(record["article_id"], 0) + 1
    return counts


def cmd_show(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from .analysis import analyze, unanalyzed

    articles = open_corpus(args, quiet=True)
    article = find_article(articles, args.id)
    console = Console(highlight=False)
    if args.json:
        doc = analyze(article)
        # flags: warnings about the cleaning itself (e.g. "most-prose-kept")
        print(
            json.dumps(
                {**doc.to_json(), "flags": list(article.flags)}, ensure_ascii=False, indent=2
            )
        )
        return 0
    doc = unanalyzed(article)
    if args.raw:
        console.print(raw_view(doc))
        return 0
    head = Text()
    head.append(display_safe(doc.title or "(untitled)"), style="bold")
    meta = " · ".join(display_safe(x) for x in (doc.source, doc.author, doc.published) if x)
    if meta:
        head.append("\n" + meta, style="dim")
    if "most-prose-kept" in article.flags:
        head.append(
            "\nnote: the cleaner would have cut most of this text; it was kept as found",
            style="yellow",
        )
    console.print(head)
    console.print()
    console.print(Text(doc.text))
    return 0


def raw_view(doc: Document) -> Text:
    """The raw text, removed parts struck through and dimmed, each with its reason."""
    from rich.text import Text

    out = Text()
    pos = 0
    for r in doc.removed:
        if r.start < pos:
            continue
        out.append(doc.raw[pos : r.start])
        out.append(doc.raw[r.start : r.end], style="strike dim red")
        out.append(f" ⟨{r.reason}⟩", style="italic yellow")
        pos = r.end
    out.append(doc.raw[pos:])
    return out


def cmd_analyze(args: argparse.Namespace) -> int:
    from .bulk import analyze_corpus, start_workers

    jobs = args.jobs or os.cpu_count() or 1
    root = corpus_path(args)
    pool = start_workers(jobs) if root.exists() else None  # Kiwi loads while files are read
    try:  # read here, cleaned and analysed in the workers
        result = load_corpus(root)
    except CorpusError as exc:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise UserError(str(exc), EXIT_USAGE) from None
    for note in result.warnings:
        warn(note)
    done = analyze_corpus(result, jobs=jobs, pool=pool)
    print(f"analyzed {done} articles; cached for instant opening")
    return 0


def make_read_app(args: argparse.Namespace):
    """The reader app for these arguments, not yet running (benchmarks drive it too).
    Nothing is read or cleaned here: the app does it behind its first frame."""
    from .background import has_files
    from .store import StoreError

    root = corpus_path(args)
    if not root.exists():
        raise UserError(f"corpus not found: {root}", EXIT_USAGE)
    if not has_files(root):
        raise UserError(f"no .txt, .html or .jsonl files in {root}", EXIT_USAGE)
    from .tui.app import ReaderApp

    try:
        return ReaderApp(
            db_path=db_path(args),
            annotator=annotator(args),
            auto_advance=not getattr(args, "no_advance", False),
            corpus=root,
        )
    except StoreError as exc:
        raise UserError(str(exc)) from None


def cmd_read(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty() and not os.environ.get("DSREADER_FORCE_TUI"):
        raise UserError("the reader needs a terminal; use 'dsreader list' or 'dsreader show'")
    app = make_read_app(args)
    end_like_a_quit(app)
    try:
        app.run()
    finally:
        app.store.close()  # folded already on a normal quit; this catches the rest
    for note in app.store.take_warnings():
        warn(note)
    return app.return_code or 0


def end_like_a_quit(app) -> None:
    """A closed terminal (SIGHUP) or a `kill` (SIGTERM) ends the app as `q` would, so
    the journal is folded and nothing is left half-done."""
    import asyncio
    import signal

    def handler(signum: int, frame: object) -> None:
        try:  # wake the event loop: a plain call could wait for its next timer
            asyncio.get_running_loop().call_soon_threadsafe(app.exit, None, 128 + signum)
        except RuntimeError:  # not running yet, or already gone
            raise SystemExit(128 + signum) from None

    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, handler)


COMMANDS = {
    "read": cmd_read,
    "list": cmd_list,
    "show": cmd_show,
    "analyze": cmd_analyze,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "read"
    if args.command is None:
        args.corpus_pos = None
    from .cli_data import DATA_COMMANDS

    handler = COMMANDS.get(command) or DATA_COMMANDS[command]
    try:
        return handler(args)
    except UserError as exc:
        print(f"dsreader: {display_safe(str(exc))}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
