"""The Textual app: a library of articles and a reader to label claims in."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen

from ..analysis import Document, analyze, cached, unanalyzed
from ..article import CleanArticle
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
        articles: list[CleanArticle],
        db_path: str | Path,
        annotator: str,
        auto_advance: bool = True,
        analyze_in_background: bool = True,
    ) -> None:
        super().__init__()
        # A lock another process holds longer than a second is a message on the key
        # press, never a freeze; folds run in a worker (see _maybe_fold).
        self.store = AnnotationStore(db_path, lock_timeout=1.0, auto_fold=False)
        self.annotator = annotator
        self.auto_advance = auto_advance
        self.entries = [Entry(a, cached(a) or unanalyzed(a)) for a in articles]
        self._by_id = {e.doc.id: e for e in self.entries}
        self.session = LabellingSession(self.store, annotator, [e.doc for e in self.entries])
        self.order: list[str] = [e.doc.id for e in self.entries]
        self.filter_terms: list[str] = []
        self._analyze = analyze_in_background
        self._stop = threading.Event()
        self._folding = False

    def get_default_screen(self) -> Screen:
        return LibraryScreen()  # the first screen itself, not pushed over an empty one

    def on_mount(self) -> None:
        # The reader's code loads once the library is on screen, before anyone can
        # press Enter, so neither the first paint nor opening an article waits for it.
        self.set_timer(0.2, self._load_reader)
        if self._analyze and any(not e.doc.analyzed for e in self.entries):
            self.analyze_pending()
        self.set_interval(2.0, self._poll_store)
        for warning in self.store.take_warnings():  # skipped invalid records
            self.notify(display_safe(warning), severity="warning", timeout=10, markup=False)

    def _load_reader(self) -> None:
        from . import reader  # noqa: F401

    def on_unmount(self) -> None:
        self._stop.set()
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
    def analyze_pending(self) -> None:
        for entry in self.entries:
            if self._stop.is_set():
                return
            if not entry.doc.analyzed:
                doc = analyze(entry.article)
                self.call_from_thread(self._analyzed, entry, doc)

    def _analyzed(self, entry: Entry, doc: Document) -> None:
        entry.doc = doc
        self.session.update(doc)
        self._tell_screen("analysis_ready", entry)

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
        doc = entry.doc
        fields = [doc.title or "", doc.source or "", doc.text] + [e.text for e in doc.entities]
        return any(query in f.lower() for f in fields)

    def progress(self, entry: Entry) -> tuple[int, int]:
        return self.session.progress(entry.doc)

    def open_article(self, article_id: str) -> None:
        entry = self._by_id.get(article_id)
        if entry is not None:
            from .reader import ReaderScreen

            self.push_screen(ReaderScreen(entry))

    def neighbour(self, entry: Entry, delta: int) -> Entry | None:
        """The next / previous article in the library's current sort and filter."""
        order = self.order or [e.doc.id for e in self.entries]
        if entry.doc.id not in order:
            order = [e.doc.id for e in self.entries]
        i = order.index(entry.doc.id) + delta
        return self._by_id[order[i]] if 0 <= i < len(order) else None
