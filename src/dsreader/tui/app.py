"""The Textual app: a library of articles and a reader to label claims in."""

from __future__ import annotations

import contextlib
import gc
import os
import queue
import sys
import threading
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import events, work
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen

from ..analysis import Document, cached, unanalyzed
from ..article import CleanArticle
from ..background import BackgroundWork, Failed, Finished, Loaded, Prepared
from ..corpus import RawArticle
from ..corpus_index import CorpusIndex, IndexRow, file_stamp, read_index, write_index
from ..repetition import LineContext
from ..session import LabellingSession, Outcome
from ..store import LABELS_TABLE, AnnotationStore, FoldPlan, StoreError
from ..textnorm import display_safe
from .common import Entry
from .library import LibraryScreen
from .opening import OPENING, OpeningStore, PendingSession, opens_slowly
from .shelf import Shelf, bring_back

COUNT_BATCH = 200  # articles whose progress a worker counts between two hand-overs
KEY_QUIET = 0.5  # seconds after a key during which background work gives way
DRAIN_TYPING = 0.004  # seconds of background results taken per tick while keys come
DRAIN_IDLE = 0.03  # and otherwise
# How long a worker thread may keep the interpreter while the interface thread waits
# for it (Python's default: 5 ms). The interface thread gives it up at every system
# call (a label's write makes a dozen), and waited up to this long each time.
SWITCH_INTERVAL = 0.0005


class Synced(Message):
    """The syncer's thread confirmed writes on the disk (posted from that thread)."""


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
        self.db_path = Path(db_path)
        self.store: AnnotationStore | OpeningStore = OpeningStore(self.db_path)
        self.session: LabellingSession | PendingSession = PendingSession()
        if not opens_slowly(self.db_path):  # a few ms: open before the first frame
            self.store = self._open_store()
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
            # Worker processes (Kiwi never loads in the app's own process) need
            # multiprocessing's resource tracker, which must start while sys.stderr is
            # still a file: Textual replaces it when running.
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()
        else:
            self.entries = [Entry(a, cached(a) or unanalyzed(a)) for a in articles or []]
            self.work = BackgroundWork(articles=list(articles or []), analyse=analyze_in_background)
            self.work.pending(e.doc.id for e in self.entries if not e.doc.analyzed)
        self._by_id = {e.doc.id: e for e in self.entries}
        self.shelf = Shelf(self._by_id, self._on_screen)
        if isinstance(self.store, AnnotationStore):
            self._store_ready(self.store)
        self.order: list[str] = [e.doc.id for e in self.entries]
        self.filter_terms: list[str] = []
        self._working = False
        self._index_dirty = False
        self._folding = False
        self._catching_up = False
        self._freeze_due = False
        self._counting = False
        self._closing = False
        self._last_key = 0.0  # when the last key arrived (time.monotonic)
        self._switch_interval = sys.getswitchinterval()  # put back when the app ends

    # --- keys first -------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key = time.monotonic()
            self.work.hold_until = self._last_key + KEY_QUIET
        await super().on_event(event)

    def typing(self) -> bool:
        """Whether a key arrived in the last KEY_QUIET seconds (more may follow)."""
        return time.monotonic() - self._last_key < KEY_QUIET

    def _keys_first(self) -> None:
        """In a worker thread: wait while keys are coming, so that the interface
        thread has the interpreter to itself (a thread doing Python work takes it for
        5 ms at a time, each time the interface thread waits for it). On the
        interface thread itself: nothing to wait for."""
        if threading.get_ident() == getattr(self, "_thread_id", None):
            return
        while self.typing() and not self._closing:
            time.sleep(0.05)

    # --- the annotations database ------------------------------------------------------

    def _open_store(self) -> AnnotationStore:
        # A lock another process holds longer than a second is a message on the key
        # press, never a freeze; folds run in a worker (see _maybe_fold); a write is
        # confirmed on the disk in a thread, and shown as saving until then.
        store = AnnotationStore(
            self.db_path, lock_timeout=1.0, auto_fold=False, sync_in_thread=True
        )
        # A whole re-read (after another process's fold this one could not follow)
        # happens in a worker (_catch_up), never on a key; long jobs in workers wait
        # while keys are coming.
        store.storage.defer_reload = True
        store.storage.pause = self._keys_first
        if store.storage.syncer is not None:
            store.storage.syncer.on_synced = lambda: self.post_message(Synced())
        return store

    def on_synced(self, _message: Synced) -> None:
        """The disk confirmed the labels written so far (or could not)."""
        self._tell_screen("saved")

    @property
    def store_open(self) -> bool:
        return isinstance(self.store, AnnotationStore)

    @work(thread=True, exclusive=True, group="store")
    def _open_store_behind(self) -> None:
        """A large database is read here, after the first frame."""
        collecting = gc.isenabled()
        gc.disable()  # full collections over the records just read would stop every thread
        try:
            store = self._open_store()
        except StoreError as exc:
            self._from_thread(self.exit, None, 1, display_safe(str(exc)))
            return
        finally:
            if collecting:
                gc.enable()
        if self._closing or not self._from_thread(self._store_ready, store):
            store.close()  # the app ended while it opened

    def _from_thread(self, callback, *args) -> object:
        """Call on the interface thread; False once the app has ended."""
        try:
            return self.call_from_thread(callback, *args)
        except RuntimeError:
            return False

    def _store_ready(self, store: AnnotationStore) -> bool:
        """The store is open: the real session takes over, and what was pressed
        meanwhile is saved, in order."""
        pending = self.session
        self.store = store
        gc.freeze()  # the labels live as long as the app: later collections skip them
        session = LabellingSession(store, self.annotator, self.shelf)
        # Once articles are put away their progress is counted in a worker, and the
        # corpus's sums show what is counted so far.
        session.lazy = self.shelf.put_aside > 0
        self.session = session
        if not self.is_running:
            return True
        for warning in store.take_warnings():  # skipped invalid records
            self.notify(display_safe(warning), severity="warning", timeout=10, markup=False)
        outcome = None
        for call in pending.waiting if isinstance(pending, PendingSession) else []:
            outcome = getattr(session, call.name)(*call.args, **call.kwargs)
            if outcome.conflict:
                self.notify(display_safe(outcome.message), severity="warning", markup=False)
        self._tell_screen("store_changed")
        if outcome is not None:
            self._tell_status(outcome)
        self._count_progress()
        return True

    def _tell_status(self, outcome: Outcome) -> None:
        screen = self._shown()
        show = getattr(screen, "show_outcome", None)
        if callable(show):
            show(outcome)  # says "saving" until the disk confirms it
            return
        status = getattr(screen, "status", None)
        if callable(status):
            self.store.wait_saved()
            status(outcome.message, outcome.severity)

    def waiting_for_store(self) -> bool:
        """Whether the store is still opening (and says so)."""
        if self.store_open:
            return False
        self.notify(OPENING, timeout=3)
        return True

    # --- progress of the articles put away ---------------------------------------------

    def progress_of(self, entry: Entry) -> tuple[int, int] | None:
        """(done, total), or None while it is being counted (the article is put away,
        or the store is still opening)."""
        if not self.store_open:
            return None
        known = self.session.known_progress(entry.doc.id)
        if known is not None:
            return known
        if entry.held:
            return self.session.progress(entry.doc)  # one article, held: at once
        if not entry.key:
            return 0, 0  # not cleaned yet: no sentences
        self._count_progress()
        return None

    @property
    def counting(self) -> bool:
        return self._counting or not self.store_open

    def _count_progress(self) -> None:
        if not self._counting and self.store_open and self.session.uncounted():
            self._counting = True
            self._count_worker()

    @work(thread=True, exclusive=True, group="count")
    def _count_worker(self) -> None:
        """Progress per article, counted here from the disk caches: at a million
        labels placing them all takes seconds, which the interface never waits for."""
        mine: set[str] | None = None
        mine_at = -1
        try:
            while not self._closing:
                ids = self._from_thread(self._uncounted_batch)
                if not ids:
                    break
                store = self.store
                assert isinstance(store, AnnotationStore)
                generation = store.generation
                counter = LabellingSession(store, self.annotator, {})
                if mine_at != generation:  # what was counted is kept only if unchanged since
                    mine = _articles_labelled(store, self.annotator, mine, mine_at)
                    mine_at = generation
                counted: dict[str, tuple[int, int]] = {}
                for article_id in ids:
                    self._keys_first()
                    entry = self._by_id.get(article_id)
                    if entry is None:
                        continue
                    if (
                        mine is not None
                        and article_id not in mine
                        and entry.analyzed
                        and entry.sentences is not None
                    ):
                        # none of this annotator's labels: nothing to place, and the
                        # article stays put away (bringing 10,000 back took minutes
                        # of the interface thread's share of the interpreter)
                        counted[article_id] = (0, entry.sentences)
                        continue
                    article, doc = entry.article, entry.doc
                    if article is None and entry.key:
                        found = bring_back(entry)
                        if found is None:
                            continue
                        doc = found[1]
                    try:
                        counted[article_id] = counter.progress(doc)
                    except RuntimeError:  # the interface wrote this article's labels
                        continue
                if not self._from_thread(self._adopt, counted, generation):
                    break  # nothing more could be counted (a cache entry went)
        finally:
            self._from_thread(self._counted)

    def _uncounted_batch(self) -> list[str]:
        """Uncounted articles the worker is to count, held or put away (placing one
        held article's labels took 64 ms of a key at a million labels; the screens
        count the one they show themselves). One not cleaned yet has no sentences:
        0 of 0."""
        batch, empty = [], {}
        session = self.session
        assert isinstance(session, LabellingSession)
        for article_id in session.uncounted():
            entry = self._by_id.get(article_id)
            if entry is None:
                continue
            if not entry.key and not entry.held:
                empty[article_id] = (0, 0)
            else:
                batch.append(article_id)
                if len(batch) >= COUNT_BATCH:
                    break
        session.adopt_progress(empty, session.store.generation)
        return batch

    def _adopt(self, counted: dict[str, tuple[int, int]], generation: int) -> int:
        """Keep what the worker counted for the Documents still current (the count of
        sentences tells an older version); returns how many were kept."""
        current = {}
        for article_id, value in counted.items():
            entry = self._by_id.get(article_id)
            if entry is not None and value[1] == ((entry.sentences or 0) if entry.analyzed else 0):
                current[article_id] = value
        before = len(self.session.uncounted())
        self.session.adopt_progress(current, generation)
        self._tell_screen("progress_counted")
        return before - len(self.session.uncounted())

    def _counted(self) -> None:
        self._counting = False
        self._tell_screen("progress_counted")

    def get_default_screen(self) -> Screen:
        return LibraryScreen()  # the first screen itself, not pushed over an empty one

    def on_mount(self) -> None:
        sys.setswitchinterval(min(SWITCH_INTERVAL, self._switch_interval))
        # The reader's code loads once the library is on screen, before anyone can
        # press Enter, so neither the first paint nor opening an article waits for it.
        self.set_timer(0.2, self._load_reader)
        if not self.store_open:
            self.call_after_refresh(self._open_store_behind)  # the first frame goes first
        else:
            self.call_after_refresh(self._count_progress)
        if self.corpus is not None or self.work.has_work():
            self._working = True
            self.call_after_refresh(self._background)  # the first frame goes first
            self.set_interval(0.1, self._drain)
        self.set_interval(2.0, self._poll_store)
        for warning in self.store.take_warnings():  # skipped invalid records
            self.notify(display_safe(warning), severity="warning", timeout=10, markup=False)

    def _on_screen(self) -> set[str]:
        """The articles the screens show: never put away."""
        return {e.doc.id for s in self.screen_stack if (e := getattr(s, "entry", None))}

    def _load_reader(self) -> None:
        from . import reader  # noqa: F401

        if self._working:
            self._load_cleaner()

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _load_cleaner(self) -> None:
        """The cleaning rules, for a first look at an article not cleaned yet (the
        reader's): importing them took most of that look's time."""
        from ..pipeline import first_look

        first_look(RawArticle("", "", "준비된 문장입니다.\n메뉴", "utf-8"))

    def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        self._closing = True
        self.work.stop.set()
        if self._index_dirty:  # what was read so far, for the next start
            self._save_index(in_thread=False)
        self.store.close()
        self.shelf.spill.close()

    def action_stats(self) -> None:
        if not self.waiting_for_store():
            self.push_screen(_dialogs().StatsScreen())

    def action_review(self) -> None:
        from .review import ReviewScreen

        if not self.waiting_for_store():
            self.push_screen(ReviewScreen())

    def action_export(self, fmt: str | None) -> None:
        if not self.waiting_for_store():
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

    def _drain(self, limit: int = 250) -> None:
        """Take the background work's results in one batch: one row per article that
        changed, the whole table only when the corpus's articles are first known. A
        batch is small: each result is an article to hold or put away, and a tick
        must stay short (ten ticks a second take 2,500 articles). While keys are
        coming a tick takes at most a few milliseconds: keys first."""
        if self.typing():
            reading = getattr(self._shown(), "entry", None)
            if reading is None or reading.doc.analyzed:
                return  # nothing on screen waits for these: after the keys
        changed: dict[str, Entry] = {}
        relisted = False
        budget = time.perf_counter() + (DRAIN_TYPING if self.typing() else DRAIN_IDLE)
        for _ in range(limit):
            if time.perf_counter() > budget:
                break
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
                entry.fill(update.article, update.doc)
                self.session.update(update.doc)
                self.shelf.held(entry)  # puts away the least recently used
                changed[entry.doc.id] = entry
            elif isinstance(update, Failed):
                self.notify(display_safe(update.message), severity="error", markup=False)
            elif isinstance(update, Finished):
                self._working = False
        if self.shelf.put_aside and isinstance(self.session, LabellingSession):
            self.session.lazy = True
        if changed or relisted:
            self._index_dirty = self.corpus is not None
            self._freeze_due = True
            self._count_progress()
        if self._freeze_due and not self.typing():
            # Documents hold no cycles: out of the cyclic collector's reach, a full
            # collection no longer walks every one of them on some key press. The
            # young generations are collected first (little: a full collection here
            # took 20-70 ms), so little cyclic garbage is frozen with them; not while
            # keys come (with workers' young objects, 40-150 ms on a key).
            self._freeze_due = False
            gc.collect(1)
            gc.freeze()
        if relisted:
            self._tell_screen("store_changed")
        elif changed:
            self._tell_screen("entries_changed", list(changed.values()))
            reading = getattr(self._shown(), "entry", None)
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
        self.shelf.reset(self._by_id)
        self.session.set_documents(self.shelf)

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
                e.sentences,
            )
            for e in self.entries
        ]
        index = CorpusIndex(rows, list(self.skipped))
        if in_thread:
            self._write_index(index)
        else:
            self._stamp_and_write(index)

    # Each @work with arguments is given a description: Textual's default is the repr
    # of every argument, made on the interface thread (a whole corpus index here).
    @work(thread=True, group="index", description="write the corpus index")
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
        if not isinstance(self.store, AnnotationStore):
            return
        before = self.store.generation
        try:
            self.store.refresh()
        except StoreError as exc:
            self.notify(display_safe(str(exc)), severity="error", timeout=10, markup=False)
            return
        if self.store.generation != before:  # another annotator wrote: show it
            self._tell_screen("store_changed")
            self._count_progress()
        if self.store.storage.stale and not self._catching_up:
            self._catching_up = True
            self._catch_up()
        self._maybe_fold()

    @work(thread=True, exclusive=True, group="catch-up", description="re-read the database")
    def _catch_up(self) -> None:
        """Another process folded a journal this one could not follow to its end: the
        file is read whole here (seconds at a million labels), taken over after."""
        assert isinstance(self.store, AnnotationStore)
        collecting = gc.isenabled()
        gc.disable()  # as when the store opened: no full collection over the new records
        try:
            fresh: object = self.store.storage.read_fresh()
        except StoreError as exc:
            fresh = exc
        finally:
            if collecting:
                gc.enable()
        self._from_thread(self._caught_up, fresh)  # if the app ended: dropped, fd and all

    def _caught_up(self, fresh: object) -> bool:
        self._catching_up = False
        if isinstance(fresh, StoreError):  # the next poll tries again
            self.notify(display_safe(str(fresh)), severity="error", timeout=10, markup=False)
            return True
        assert isinstance(self.store, AnnotationStore)
        self.store.storage.adopt(fresh)  # type: ignore[arg-type]
        gc.freeze()  # the labels live as long as the app: later collections skip them
        self._tell_screen("store_changed")
        self._count_progress()
        return True

    def _maybe_fold(self) -> None:
        """Fold a long journal without a pause: only the journal's position is taken
        here; copying the tables, writing the file and renaming it happen in a thread."""
        assert isinstance(self.store, AnnotationStore)
        if self._folding or not self.store.fold_due():
            return
        try:
            plan = self.store.storage.begin_fold(copy=False)  # copied in the worker
        except StoreError:
            return  # busy: the next poll tries again; the labels are in the journal
        if plan is not None:
            self._folding = True
            self._write_fold(plan)

    @work(thread=True, exclusive=True, group="fold", description="fold the journal")
    def _write_fold(self, plan: FoldPlan) -> None:
        """Writing and renaming the files happen here; the interface thread only
        catches up with the new file after, as with another process's fold."""
        assert isinstance(self.store, AnnotationStore)
        done = False
        try:
            plan.write()
            done = self.store.storage.commit_fold(plan)
        except (OSError, StoreError):
            plan.discard()  # a full disk, a busy lock: the journal keeps every label
        self._from_thread(self._finish_fold, done)

    def _finish_fold(self, done: bool) -> None:
        self._folding = False
        assert isinstance(self.store, AnnotationStore)
        before = self.store.generation
        try:
            self.store.storage.folded(done)
        except StoreError as exc:
            self.notify(display_safe(str(exc)), severity="error", timeout=10, markup=False)
            return
        if self.store.generation != before:  # what others wrote meanwhile: show it
            self._tell_screen("store_changed")
            self._count_progress()

    def _shown(self) -> Screen | None:
        """The screen on top, or None once the app quitting has emptied its stack: a
        timer's last tick then has no one to tell, and no traceback to end on."""
        try:
            return self.screen
        except ScreenStackError:
            return None

    def _tell_screen(self, event: str, *args: object) -> None:
        """The library and the reader redraw what changed; pop-ups ignore it. A screen
        not mounted yet reads the current state when it is shown."""
        screen = self._shown()
        handler = getattr(screen, event, None)
        if handler is not None and screen.is_mounted:
            # its widgets not composed yet, or gone while the app quits: nothing to redraw
            with contextlib.suppress(NoMatches):
                handler(*args)

    # --- what the screens ask of the app ----------------------------------------------

    def entry(self, article_id: str) -> Entry | None:
        """The article's entry, whole (brought back if it was put away)."""
        entry = self._by_id.get(article_id)
        return None if entry is None else self.shelf.hold(entry)

    def row(self, article_id: str) -> Entry | None:
        """The article's entry as it is: maybe only its summary."""
        return self._by_id.get(article_id)

    def matches(self, entry: Entry, query: str) -> bool:
        """Title, source, text or an entity's name holds the (lower-case) query."""
        return entry.matches(query, self.shelf.spill)

    def progress(self, entry: Entry) -> tuple[int, int]:
        return self.progress_of(entry) or (0, entry.sentences or 0)

    def raw_of(self, article_id: str) -> tuple[RawArticle, LineContext | None] | None:
        """The article as read from its file, while it waits to be cleaned."""
        return self.work.raw_of(article_id)

    def open_article(self, article_id: str) -> None:
        entry = self.entry(article_id)
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
            self.shelf.hold(found)
            self.jump_queue(found)
        return found


def _articles_labelled(
    store: AnnotationStore, annotator: str, known: set[str] | None = None, at: int = -1
) -> set[str] | None:
    """In a worker: the articles the annotator has labels on, or None when the
    interface thread kept writing while they were listed (then count them all).
    `known` as of generation `at` is brought up to date by the articles changed
    since, when the store can tell them: a pass over a million keys on every batch
    held the interpreter for seconds while keys were typed."""
    storage = store.storage
    for _ in range(3):
        try:
            changed = storage.changed_since(at) if known is not None else None
            if changed is None:
                return storage.articles_of(LABELS_TABLE, annotator)
            mine = set(known)
            for article_id in changed:
                if storage.group(LABELS_TABLE, article_id, annotator):
                    mine.add(article_id)
                else:
                    mine.discard(article_id)
            return mine
        except RuntimeError:  # a dictionary changed size: a label was written meanwhile
            continue
    return None


def _remembered(row: IndexRow) -> Entry:
    """A library row from the corpus index, before its file is read again."""
    doc = Document(row.id, row.path, row.title, row.source, row.author, row.published, "", "", ())
    return Entry(None, doc, row.sentences)
