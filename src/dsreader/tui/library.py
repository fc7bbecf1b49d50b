"""The library: every article of the corpus, filtered and sorted, Enter to read.

The filter box takes free words (title, source, text, entity names) and fields:
`source:연합` (the source contains it), `state:done|unfinished|untouched|started`
(your labels), `type:PERSON` (the article mentions an entity of that type). The
reader's `]`/`[` follow the rows shown here, and the free words are highlighted
in the article opened.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ..textnorm import display_safe
from .article_table import ArticleTable, Column
from .common import Entry, KeyBar, complete, host, safe
from .keys import keys

STATES = ("done", "unfinished", "untouched", "started")


def parse_filter(query: str) -> tuple[list[str], dict[str, str]]:
    """Free words (lower case) and `field:value` terms of the filter box."""
    words, fields = [], {}
    for token in query.split():
        name, sep, value = token.partition(":")
        if sep and name.lower() in ("source", "state", "type") and value:
            fields[name.lower()] = value
        else:
            words.append(token.lower())
    return words, fields


def state_of(done: int, total: int) -> set[str]:
    states = {"done"} if complete(done, total) else {"unfinished"}
    states.add("untouched" if done == 0 else "started")
    return states


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "open", show=True),
        Binding(keys("s"), "sort", "sort"),
        Binding(keys("f"), "only_unfinished", "unfinished"),
        Binding("R", "app.review", "review"),
        Binding("S", "app.stats", "stats"),
        Binding(keys("w"), "skipped", "skipped", show=False, tooltip="Skipped files and why"),
        Binding("slash", "focus_filter", "filter"),
        Binding(keys("q"), "app.quit", "quit"),
        Binding("escape", "escape", "back", show=False),
        Binding("question_mark", "app.push_screen('help')", "help"),
    ]
    SORTS = ("date", "title", "progress")
    DEFAULT_CSS = (
        "#lib-head { height: 1; padding: 0 1; background: $boost; } #filter { height: 3; }"
    )
    COLUMNS = [
        Column("title", 0),
        Column("source", 12),
        Column("date", 10),
        Column("sentences", 9, right=True),
        Column("done", 14),
        Column("✓", 1),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_by = "date"
        self.unfinished_only = False
        self.query_text = ""
        self._typing = None  # the filter's debounce timer
        self._stale = False  # rows changed in a way only a full refresh shows
        self._sort_keys: dict[str, object] = {}
        self._head_progress = False
        self._shown = 0

    def compose(self) -> ComposeResult:
        # The filter box is mounted on the first '/': it is a third of the first paint.
        yield Static(id="lib-head")
        yield ArticleTable(self.COLUMNS, id="articles")
        yield KeyBar()

    @property
    def table(self) -> ArticleTable:
        return self.query_one(ArticleTable)

    def on_mount(self) -> None:
        self.table.focus()  # the rows come from on_screen_resume, which follows at once
        self.set_interval(0.5, self._refresh_if_stale)

    def store_changed(self) -> None:
        self.refresh_table()

    def on_screen_resume(self) -> None:
        # Shown: first at start-up (before the first frame), then on every return from
        # the reader, whose labels then show in the progress.
        self.refresh_table()

    def analysis_ready(self, entry: Entry) -> None:
        self.entries_changed([entry])

    def entries_changed(self, entries: list[Entry]) -> None:
        """Articles were cleaned or analysed in the background: their rows are redrawn
        in place; when one of them should move or (dis)appear under the sort or the
        filter, the whole table follows within half a second (not once per article)."""
        filtered = bool(self.query_text) or self.unfinished_only
        for entry in entries:
            article_id = entry.doc.id
            if filtered or self._sort_keys.get(article_id) != self._sort_key(entry):
                self._stale = True
            if not self.table.update_key(article_id) and not filtered:
                self._stale = True
        self.refresh_head()

    def progress_changed(self) -> None:
        self.refresh_head()

    def progress_counted(self) -> None:
        """A worker counted the progress of articles put away: their rows, and the
        table's order or filter when it depends on progress."""
        if self.sort_by == "progress" or self.unfinished_only or "state" in self._fields():
            self._stale = True
        else:
            self.table.refresh_all()
        self.refresh_head()

    def _fields(self) -> dict[str, str]:
        return parse_filter(self.query_text)[1]

    def _refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh_table()
        elif host(self).progress_line() or self._head_progress or host(self).counting:
            self.refresh_head()

    def _sort_key(self, entry: Entry) -> object:
        if self.sort_by == "date":
            return entry.doc.published or ""
        if self.sort_by == "title":
            return entry.doc.title or ""
        progress = host(self).progress_of(entry)
        if progress is None:  # still being counted: last
            return -1.0
        done, total = progress
        return done / max(1, total)

    def rows(self) -> list[Entry]:
        """The entries to show, filtered and sorted. An article whose progress is still
        being counted passes the progress filters until it is known."""
        app = host(self)
        words, fields = parse_filter(self.query_text)
        entries = list(app.entries)
        if words:
            entries = [e for e in entries if all(app.matches(e, word) for word in words)]
        if "source" in fields:
            wanted = fields["source"].lower()
            entries = [e for e in entries if wanted in (e.doc.source or "").lower()]
        if "state" in fields or self.unfinished_only:
            progress = {e.doc.id: app.progress_of(e) for e in entries}
        if "state" in fields:
            wanted = fields["state"].lower()
            entries = [
                e for e in entries if (p := progress[e.doc.id]) is None or wanted in state_of(*p)
            ]
        if "type" in fields:
            wanted = fields["type"].upper()
            entries = [e for e in entries if wanted in e.types]
        if self.unfinished_only:
            entries = [e for e in entries if (p := progress[e.doc.id]) is None or not complete(*p)]
        keys = {e.doc.id: self._sort_key(e) for e in entries}
        self._sort_keys = keys
        entries.sort(key=lambda e: keys[e.doc.id], reverse=self.sort_by == "date")
        return entries

    def refresh_table(self) -> None:
        app = host(self)
        self._stale = False
        shown = self.rows()
        app.order = [e.doc.id for e in shown]  # what ] and [ follow in the reader
        app.filter_terms = parse_filter(self.query_text)[0]
        self.table.set_keys(app.order, self._cells)
        self._shown = len(shown)
        self.refresh_head()

    def _cells(self, article_id: str) -> list[Text]:
        """One row, drawn when it scrolls into view."""
        app = host(self)
        entry = app.row(article_id)  # a summary will do: never brought back to draw
        if entry is None:
            return []
        doc = entry.doc
        progress = app.progress_of(entry)
        if entry.analyzed:
            count = Text(str(entry.sentences))
        elif entry.sentences is not None:  # remembered from the last run
            count = Text(str(entry.sentences), style="dim")
        else:
            count = Text("…", style="dim")
        lead = doc.text[:60] or entry.lead
        fallback = lead + "…" if lead else Path(doc.path).name
        if progress is None:  # the store is opening, or a worker counts it
            return [
                safe(doc.title, fallback=fallback),
                safe(doc.source),
                safe((doc.published or "")[:10]),
                count,
                Text("…", style="dim"),
                Text(""),
            ]
        done, total = progress
        return [
            safe(doc.title, fallback=fallback),
            safe(doc.source),
            safe((doc.published or "")[:10]),
            count,
            _bar(done, total),
            Text("✓", style="green") if complete(done, total) else Text(""),
        ]

    def refresh_head(self) -> None:
        app = host(self)
        head = Text()
        head.append("dsreader", style="bold")
        head.append(f"  {len(app.entries)} articles")
        # What is still going on, and what went wrong, first: a narrow terminal cuts
        # the line's end.
        if app.store.read_only:
            head.append(" · READ-ONLY database", style="bold red")
        line = app.progress_line()
        self._head_progress = bool(line)
        if line:
            head.append(f" · {line}", style="magenta")
        if app.skipped:
            count = len(app.skipped)
            head.append(f" · {count} file{'s' if count != 1 else ''} skipped (w)", style="yellow")
        head.append(" · annotator ")
        head.append(display_safe(app.annotator), style="bold cyan")
        if not app.store_open:
            head.append(" · opening annotations…", style="magenta")
        elif not self.query_text and not self.unfinished_only:
            done, total = app.session.corpus_progress()
            head.append(f" · {done}/{total} sentences done")
            if app.counting:
                head.append(" (counting…)", style="dim")
        else:
            head.append(f" · showing {self._shown}", style="yellow")
        head.append(f" · sort: {self.sort_by}")
        if self.unfinished_only:
            head.append(" · unfinished only", style="yellow")
        self.query_one("#lib-head", Static).update(head)

    # Named handlers rather than @on(Input.Changed): the Input class loads only with
    # the filter box, on the first '/'.
    def on_input_changed(self, event) -> None:
        """Filter as you type, once the typing pauses for 150 ms (each key would
        otherwise filter the whole corpus)."""
        if self._typing is not None:
            self._typing.stop()
        value = event.value
        self._typing = self.set_timer(0.15, lambda: self._apply_filter(value))

    def _apply_filter(self, value: str) -> None:
        self._typing = None
        self.query_text = value
        self.refresh_table()

    def on_input_submitted(self, event) -> None:
        if self._typing is not None:  # Enter applies the filter without the pause
            self._typing.stop()
            self._apply_filter(event.value)
        self.table.focus()

    def action_open(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            host(self).open_article(key)

    def action_skipped(self) -> None:
        from .dialogs import SkippedScreen

        self.app.push_screen(SkippedScreen(host(self).skipped))

    def action_sort(self) -> None:
        self.sort_by = self.SORTS[(self.SORTS.index(self.sort_by) + 1) % len(self.SORTS)]
        self.refresh_table()

    def action_only_unfinished(self) -> None:
        self.unfinished_only = not self.unfinished_only
        self.refresh_table()

    def action_focus_filter(self) -> None:
        boxes = self.query("#filter")
        if boxes:
            boxes.first().focus()
            return
        from textual.widgets import Input

        box = Input(
            placeholder="filter: words, source:…, state:done|unfinished|untouched, type:PERSON…",
            id="filter",
        )
        self.mount(box, before=self.table)
        box.focus()

    def action_escape(self) -> None:
        boxes = self.query("#filter")
        if boxes and (boxes.first().value or boxes.first().has_focus):
            boxes.first().value = ""
            if self._typing is not None:
                self._typing.stop()
            self._apply_filter("")
            self.table.focus()
        else:
            self.app.exit()


def _bar(done: int, total: int) -> Text:
    width = 8
    filled = round(width * done / total) if total else 0
    text = Text("█" * filled, style="green")
    text.append("░" * (width - filled), style="dim")
    text.append(f" {done}/{total}")
    return text
