"""The Textual app: a library of articles and a reader to label claims in."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..analysis import Document, analyze, cached, unanalyzed
from ..article import CleanArticle
from ..store import LABELS, AnnotationStore, anchor, record_key
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
        self.store = AnnotationStore(db_path)
        self.annotator = annotator
        self.auto_advance = auto_advance
        self.entries = [Entry(a, cached(a) or unanalyzed(a)) for a in articles]
        self._by_id = {e.doc.id: e for e in self.entries}
        self.undo_stack: list[tuple[tuple, dict | None, dict | None]] = []
        self.redo_stack: list[tuple[tuple, dict | None, dict | None]] = []
        self._analyze = analyze_in_background
        self._stop = threading.Event()

    def get_default_screen(self) -> Screen:
        return LibraryScreen()  # the first screen itself, not pushed over an empty one

    def on_mount(self) -> None:
        # The reader's code loads once the library is on screen, before anyone can
        # press Enter, so neither the first paint nor opening an article waits for it.
        self.set_timer(0.2, self._load_reader)
        if self._analyze and any(not e.doc.analyzed for e in self.entries):
            self.analyze_pending()
        self.set_interval(2.0, self._poll_store)

    def _load_reader(self) -> None:
        from . import reader  # noqa: F401

    def on_unmount(self) -> None:
        self._stop.set()
        self.store.close()

    def action_stats(self) -> None:
        self.push_screen(_dialogs().StatsScreen())

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
                f"{binding.description} [{key}]",
                f"the {key} key",
                partial(screen.run_action, binding.action),
            )
        yield SystemCommand(
            "Statistics and agreement", "label counts, kappa, alpha", self.action_stats
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
                f"write every label as {fmt} under {self.store.path.parent / 'exports'}",
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
        self._tell_screen("analysis_ready", entry)

    def _poll_store(self) -> None:
        before = self.store.generation
        self.store.refresh()
        if self.store.generation != before:  # another annotator wrote: show it
            self._tell_screen("store_changed")

    def _tell_screen(self, event: str, *args: object) -> None:
        """The library and the reader redraw what changed; pop-ups ignore it. A screen
        not mounted yet reads the current state when it is shown."""
        screen = self.screen
        handler = getattr(screen, event, None)
        if handler is not None and screen.is_mounted:
            handler(*args)

    # --- library helpers ---------------------------------------------------------------

    def matches(self, entry: Entry, query: str) -> bool:
        doc = entry.doc
        fields = [doc.title or "", doc.source or "", doc.text] + [e.text for e in doc.entities]
        return any(query in f.lower() for f in fields)

    def progress(self, entry: Entry) -> tuple[int, int]:
        total = len(entry.doc.sentences)
        done = len(self.sentence_labels(entry)) if total else 0
        return done, total

    def corpus_progress(self) -> tuple[int, int]:
        pairs = [self.progress(e) for e in self.entries]
        return sum(d for d, _ in pairs), sum(t for _, t in pairs)

    def open_article(self, article_id: str) -> None:
        entry = self._by_id.get(article_id)
        if entry is not None:
            from .reader import ReaderScreen

            self.push_screen(ReaderScreen(entry))

    def neighbour(self, entry: Entry, delta: int) -> Entry | None:
        i = self.entries.index(entry) + delta
        return self.entries[i] if 0 <= i < len(self.entries) else None

    # --- labels ------------------------------------------------------------------------

    def _records(self, entry: Entry, annotator: str | None) -> list[tuple[dict, tuple[int, int]]]:
        """This article's records re-anchored to its current text; orphans left out."""
        out = []
        for record in self.store.all(annotator=annotator, article_id=entry.doc.id):
            span = anchor(record, entry.doc.text)
            if span is not None:
                out.append((record, span))
        return out

    def orphans(self, entry: Entry) -> int:
        """Labels whose claim text is gone from the re-cleaned article (kept, never dropped)."""
        mine = self.store.all(annotator=self.annotator, article_id=entry.doc.id)
        return sum(anchor(r, entry.doc.text) is None for r in mine)

    def sentence_labels(self, entry: Entry) -> dict[int, str]:
        labels: dict[int, str] = {}
        sentences = entry.doc.sentences
        for record, (start, end) in self._records(entry, self.annotator):
            for k, s in enumerate(sentences):
                if s.start >= start and s.end <= end:
                    labels[k] = record["label"]
        return labels

    def others_labels(self, entry: Entry, claim: tuple[int, int]) -> list[tuple[str, str]]:
        start, end = self._span(entry, claim)
        return sorted(
            (r["annotator"], r["label"])
            for r, (s, e) in self._records(entry, None)
            if r["annotator"] != self.annotator and s <= start < e
        )

    def _span(self, entry: Entry, claim: tuple[int, int]) -> tuple[int, int]:
        sents = entry.doc.sentences
        return sents[claim[0]].start, sents[claim[1]].end

    def claim_text(self, entry: Entry, claim: tuple[int, int]) -> str:
        start, end = self._span(entry, claim)
        return entry.doc.text[start:end]

    def _key(self, entry: Entry, claim: tuple[int, int]) -> tuple:
        start, end = self._span(entry, claim)
        return (entry.doc.id, start, end, self.annotator)

    def record_for(self, entry: Entry, claim: tuple[int, int]) -> dict | None:
        return self.store.get(self._key(entry, claim))

    def _covering(self, entry: Entry, claim: tuple[int, int]) -> list[dict]:
        """This annotator's records that overlap the claim (a new label replaces them)."""
        start, end = self._span(entry, claim)
        return [r for r, (s, e) in self._records(entry, self.annotator) if s < end and e > start]

    def set_label(self, entry: Entry, claim: tuple[int, int], label: str | None) -> dict | None:
        if self.store.read_only:
            self.notify("The database is read-only: labels are not saved.", severity="error")
            return None
        if label is not None and label not in LABELS:
            raise ValueError(label)
        key = self._key(entry, claim)
        changes = []
        for old in self._covering(entry, claim):
            if record_key(old) != key:
                changes.append((record_key(old), old, None))
                self.store.delete(record_key(old))
        before = self.store.get(key)
        if label is None:
            if before is None and not changes:
                return None
            self.store.delete(key)
            after = None
        else:
            start, end = key[1], key[2]
            after = self.store.put(
                {
                    "article_id": entry.doc.id,
                    "text_sha256": entry.doc.text_sha256,
                    "start": start,
                    "end": end,
                    "text": entry.doc.text[start:end],
                    "sentence_ids": list(range(claim[0], claim[1] + 1)),
                    "label": label,
                    "comment": (before or {}).get("comment"),
                    "evidence": (before or {}).get("evidence"),
                    "annotator": self.annotator,
                    **({"created_at": before["created_at"]} if before else {}),
                }
            )
        changes.append((key, before, after))
        self.undo_stack.append(tuple(changes))
        self.redo_stack.clear()
        return after or {}

    def set_comment(
        self, entry: Entry, claim: tuple[int, int], comment: str, evidence: str
    ) -> None:
        key = self._key(entry, claim)
        before = self.store.get(key)
        if before is None:
            self.notify("Label the claim first (v, d or o), then comment.", severity="warning")
            return
        after = self.store.put({**before, "comment": comment or None, "evidence": evidence or None})
        self.undo_stack.append(((key, before, after),))
        self.redo_stack.clear()

    def _step(self, source: list, target: list, forward: bool) -> bool:
        """Undo (forward=False) or redo one user action: replay it and move it across."""
        if not source:
            return False
        changes = source.pop()
        for key, before, after in changes if forward else reversed(changes):
            self.store.restore(key, after if forward else before)
        target.append(changes)
        return True

    def undo(self) -> str | None:
        return "undone" if self._step(self.undo_stack, self.redo_stack, forward=False) else None

    def redo(self) -> str | None:
        return "redone" if self._step(self.redo_stack, self.undo_stack, forward=True) else None

    def next_unlabelled(self, entry: Entry, after: int) -> int | None:
        labels = self.sentence_labels(entry)
        count = len(entry.doc.sentences)
        for k in list(range(after + 1, count)) + list(range(0, after + 1)):
            if k not in labels:
                return k
        return None
