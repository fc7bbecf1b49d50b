"""The Textual app: a library of articles and a reader to label claims in."""

from __future__ import annotations

import gc
import os
import queue
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen

from ..analysis import Document, cached, unanalyzed
from ..article import CleanArticle
from ..background import BackgroundWork, Failed, Finished, Loaded, Prepared
from ..corpus import RawArticle
from ..corpus_index import CorpusIndex, IndexRow, file_stamp, read_index, write_index
from ..session import LabellingSession
from ..store import AnnotationStore, FoldPlan, StoreError
from ..textnorm import display_safe
from .common import Entry
from .library import LibraryScreen


def _dialogs():
    from . import dialogs

    return dialogs


class ReaderApp(App):
    """dsreader's terminal app: the library first, the reader on Enter."""

    TITLE = "dsreader"
    SCREENS = {"help": lambda: _dialogs().HelpScreen()}
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        articles: list[CleanArticle] | None = None,
        db_path: str | Path = "annotations/annotations.json",
        annotator: str = "anonymous",
        auto_advance: bool = True,
        analyze_in_background: bool = True,
        corpus: str | Path | None = None,
    ) -> None:
        """Either `articles` (cleaned already) or a `corpus` folder or file, which is
        read and cleaned in the background: the library first shows what the corpus
        index remembers of it, and fills in."""
        super().__init__()
        # A lock another process holds longer than a second is a message on the key
        # press, never a freeze; folds run in a worker (see _maybe_fold).
        self.store = AnnotationStore(db_path, lock_timeout=1.0, auto_fold=False)
        self.annotator = annotator
        self.auto_advance = auto_advance
        self.corpus = Path(corpus) if corpus is not None else None
        self.skipped: list[str] = []  # files the loader skipped, each with its reason
        if self.corpus is not None:
            index = read_index(self.corpus)
            self.entries = [_remembered(row) for row in index.rows]
            self.skipped = list(index.skipped)
            self.work = BackgroundWork(
                root=self.corpus, analyse=analyze_in_background, jobs=os.cpu_count() or 1
            )
            if self.work.jobs > 1:
                # Worker processes need multiprocessing's resource tracker, which must
                # start while sys.stderr is still a file: Textual replaces it when running.
                from multiprocessing import resource_tracker

                resource_tracker.ensure_running()
        else:
            self.entries = [Entry(a, cached(a) or unanalyzed(a)) for a in articles or []]
            self.work = BackgroundWork(articles=list(articles or []), analyse=analyze_in_background)
            self.work.pending(e.doc.id for e in self.entries if not e.doc.analyzed)
        self._by_id = {e.doc.id: e for e in self.entries}
        self.session = LabellingSession(self.store, annotator, [e.doc for e in self.entries])
        self.order: list[str] = [e.doc.id for e in self.entries]
        self.filter_terms: list[str] = []
        self._haystacks: dict[str, tuple[Document, str]] = {}
        self._working = False
        self._index_dirty = False
        self._folding = False

    def get_default_screen(self) -> Screen:
        return LibraryScreen()  # the first screen itself, not pushed over an empty one

    def on_mount(self) -> None:
        # The reader's code loads once the library is on screen, before anyone can
        # press Enter, so neither the first paint nor opening an article waits for it.
        self.set_timer(0.2, self._load_reader)
        if self.corpus is not None or self.work.has_work():
            self._working = True
            self.call_after_refresh(self._background)  # the first frame goes first
            self.set_interval(0.1, self._drain)
        self.set_interval(2.0, self._poll_store)
        for warning in self.store.take_warnings():  # skipped invalid records
            self.notify(display_safe(warning), severity="warning", timeout=10, markup=False)

    def _load_reader(self) -> None:
        from . import reader  # noqa: F401

    def on_unmount(self) -> None:
        self.work.stop.set()
        if self._index_dirty:  # what was read so far, for the next start
            self._save_index(in_thread=False)
        self.store.close()

    def action_stats(self) -> None:
        self.push_screen(_dialogs().StatsScreen())

    def action_review(self) -> None:
        from .review import ReviewScreen

        self.push_screen(ReviewScreen())

    def action_export(self, fmt: str | None) -> None:
        self.push_screen(_dialogs().ExportScreen(fmt))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every key's action on this screen, statistics and export."""
        yield from super().get_system_commands(screen)
        seen = set()
        for binding in screen.BINDINGS:
            if not isinstance(binding, Binding) or binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key.split(",")[0]
            yield SystemCommand(
                f"{binding.tooltip or binding.description} [{key}]",
                f"the {key} key",
                partial(screen.run_action, binding.action),
            )
        yield SystemCommand(
            "Statistics and agreement", "label counts, kappa, alpha", self.action_stats
        )
        yield SystemCommand(
            "Review: one final label per claim [R]",
            "claims two or more annotators labelled, disagreements first",
            self.action_review,
        )
        from ..export import available_formats  # export, stats: loaded when first used

        yield SystemCommand(
            "Export labels with filters…",
            "label, annotators, agreed / adjudicated / reviewed, format",
            partial(self.action_export, None),
        )
        for fmt in available_formats():
            yield SystemCommand(
                f"Export labels: {fmt}",
                escape(f"write every label as {fmt} under {self.store.path.parent / 'exports'}"),
                partial(self.action_export, fmt),
            )

    # --- background work -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis")
    def _background(self) -> None:
        self.work.run()

    @property
    def working(self) -> bool:
        return self._working

    def progress_line(self) -> str:
        return self.work.progress_line() if self._working else ""

    def _drain(self, limit: int = 2000) -> None:
        """Take the background work's results in one batch: one row per article that
        changed, the whole table only when the corpus's articles are first known."""
        changed: dict[str, Entry] = {}
        relisted = False
        for _ in range(limit):
            try:
                update = self.work.updates.get_nowait()
            except queue.Empty:
                break
            if isinstance(update, Loaded):
                self._relist(update.articles, update.skipped)
                changed.clear()
                relisted = True
            elif isinstance(update, Prepared):
                entry = self._by_id.get(update.doc.id)
                if entry is None:
                    continue
                entry.article, entry.doc = update.article, update.doc
                self.session.update(update.doc)
                changed[entry.doc.id] = entry
            elif isinstance(update, Failed):
                self.notify(display_safe(update.message), severity="error", markup=False)
            elif isinstance(update, Finished):
                self._working = False
        if changed or relisted:
            self._index_dirty = self.corpus is not None
            # Documents hold no cycles: out of the cyclic collector's reach, a full
            # collection no longer walks every one of them on some key press. The
            # young generations are collected first (little: a full collection here
            # took 20-70 ms), so little cyclic garbage is frozen with them.
            gc.collect(1)
            gc.freeze()
        if relisted:
            self._tell_screen("store_changed")
        elif changed:
            self._tell_screen("entries_changed", list(changed.values()))
            reading = getattr(self.screen, "entry", None)
            if reading is not None and reading.doc.id in changed:
                self._tell_screen("analysis_ready", reading)
        else:
            self._tell_screen("progress_changed")
        if not self._working and self._index_dirty:
            self._save_index()

    def _relist(self, articles: list[RawArticle], skipped: list[str]) -> None:
        """The corpus as read now replaces what the index remembered."""
        entries = []
        for raw in articles:
            entry = self._by_id.get(raw.id)
            if entry is None:
                meta = raw.meta
                doc = Document(
                    raw.id,
                    raw.path,
                    meta.get("title"),
                    meta.get("source"),
                    meta.get("author"),
                    meta.get("published"),
                    "",
                    "",
                    (),
                )
                entry = Entry(None, doc)
            entries.append(entry)
        self.entries = entries
        self._by_id = {e.doc.id: e for e in entries}
        self.skipped = skipped
        self.session.set_documents([e.doc for e in entries])

    def _save_index(self, in_thread: bool = True) -> None:
        self._index_dirty = False
        rows = [
            IndexRow(
                e.doc.id,
                e.doc.path,
                e.doc.title,
                e.doc.source,
                e.doc.author,
                e.doc.published,
                len(e.doc.sentences) if e.doc.analyzed else e.sentences,
            )
            for e in self.entries
        ]
        index = CorpusIndex(rows, list(self.skipped))
        if in_thread:
            self._write_index(index)
        else:
            self._stamp_and_write(index)

    @work(thread=True, group="index")
    def _write_index(self, index: CorpusIndex) -> None:
        self._stamp_and_write(index)

    def _stamp_and_write(self, index: CorpusIndex) -> None:
        assert self.corpus is not None
        for path in {r.path for r in index.rows}:
            stamp = file_stamp(path)
            if stamp is not None:
                index.files[path] = stamp
        write_index(self.corpus, index)

    def _poll_store(self) -> None:
        before = self.store.generation
        try:
            self.store.refresh()
        except StoreError as exc:
            self.notify(display_safe(str(exc)), severity="error", timeout=10, markup=False)
            return
        if self.store.generation != before:  # another annotator wrote: show it
            self._tell_screen("store_changed")
        self._maybe_fold()

    def _maybe_fold(self) -> None:
        """Fold a long journal without a pause: the snapshot and the rename are quick
        and happen here; writing the file happens in a thread."""
        if self._folding or not self.store.fold_due():
            return
        try:
            plan = self.store.storage.begin_fold()
        except StoreError:
            return  # busy: the next poll tries again; the labels are in the journal
        if plan is not None:
            self._folding = True
            self._write_fold(plan)

    @work(thread=True, exclusive=True, group="fold")
    def _write_fold(self, plan: FoldPlan) -> None:
        try:
            plan.write()
        except OSError:
            plan.discard()  # a full disk: the journal keeps every label
        self.call_from_thread(self._finish_fold, plan)

    def _finish_fold(self, plan: FoldPlan) -> None:
        self._folding = False
        if plan.tmp is None:
            return
        try:
            self.store.storage.finish_fold(plan)
        except StoreError:
            plan.discard()

    def _tell_screen(self, event: str, *args: object) -> None:
        """The library and the reader redraw what changed; pop-ups ignore it. A screen
        not mounted yet reads the current state when it is shown."""
        screen = self.screen
        handler = getattr(screen, event, None)
        if handler is not None and screen.is_mounted:
            handler(*args)

    # --- what the screens ask of the app ----------------------------------------------

    def entry(self, article_id: str) -> Entry | None:
        return self._by_id.get(article_id)

    def matches(self, entry: Entry, query: str) -> bool:
        """Title, source, text or an entity's name holds the (lower-case) query; each
        article's lower-cased fields are prepared once per version of its document."""
        doc = entry.doc
        prepared = self._haystacks.get(doc.id)
        if prepared is None or prepared[0] is not doc:
            fields = [doc.title or "", doc.source or "", doc.text] + [e.text for e in doc.entities]
            prepared = self._haystacks[doc.id] = (doc, "\x00".join(fields).lower())
        return query in prepared[1]

    def progress(self, entry: Entry) -> tuple[int, int]:
        return self.session.progress(entry.doc)

    def open_article(self, article_id: str) -> None:
        entry = self._by_id.get(article_id)
        if entry is not None:
            from .reader import ReaderScreen

            self.jump_queue(entry)
            self.push_screen(ReaderScreen(entry))

    def jump_queue(self, entry: Entry) -> None:
        """The article on screen is cleaned and analysed next, then its neighbours."""
        if self._working:
            after = [n for d in (1, -1, 2) if (n := self.neighbour(entry, d, _wish=False))]
            self.work.want([entry.doc.id] + [n.doc.id for n in after])

    def neighbour(self, entry: Entry, delta: int, _wish: bool = True) -> Entry | None:
        """The next / previous article in the library's current sort and filter."""
        order = self.order or [e.doc.id for e in self.entries]
        if entry.doc.id not in order:
            order = [e.doc.id for e in self.entries]
        i = order.index(entry.doc.id) + delta
        found = self._by_id.get(order[i]) if 0 <= i < len(order) else None
        if found is not None and _wish:
            self.jump_queue(found)
        return found


def _remembered(row: IndexRow) -> Entry:
    """A library row from the corpus index, before its file is read again."""
    doc = Document(row.id, row.path, row.title, row.source, row.author, row.published, "", "", ())
    return Entry(None, doc, row.sentences)
