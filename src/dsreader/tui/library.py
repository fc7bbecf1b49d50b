"""The library: every article of the corpus, filtered and sorted, Enter to read.

The filter box takes free words (title, source, text, entity names) and fields:
`source:연합` (the source contains it), `state:done|unfinished|untouched|started`
(your labels), `type:PERSON` (the article mentions an entity of that type). The
reader's `]`/`[` follow the rows shown here, and the free words are highlighted
in the article opened.
"""

from __future__ import annotations

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

    def store_changed(self) -> None:
        self.refresh_table()

    def on_screen_resume(self) -> None:
        # Shown: first at start-up (before the first frame), then on every return from
        # the reader, whose labels then show in the progress.
        self.refresh_table()

    def analysis_ready(self, entry: Entry) -> None:
        self.refresh_table()

    def rows(self, progress: dict[str, tuple[int, int]]) -> list[Entry]:
        """The entries to show, filtered and sorted; `progress` by article id."""
        app = host(self)
        words, fields = parse_filter(self.query_text)
        entries = list(app.entries)
        for word in words:
            entries = [e for e in entries if app.matches(e, word)]
        if "source" in fields:
            wanted = fields["source"].lower()
            entries = [e for e in entries if wanted in (e.doc.source or "").lower()]
        if "state" in fields:
            wanted = fields["state"].lower()
            entries = [e for e in entries if wanted in state_of(*progress[e.doc.id])]
        if "type" in fields:
            wanted = fields["type"].upper()
            entries = [e for e in entries if any(x.type == wanted for x in e.doc.entities)]
        if self.unfinished_only:
            entries = [e for e in entries if not complete(*progress[e.doc.id])]
        if self.sort_by == "date":
            entries.sort(key=lambda e: e.doc.published or "", reverse=True)
        elif self.sort_by == "title":
            entries.sort(key=lambda e: e.doc.title or "")
        else:
            entries.sort(key=lambda e: progress[e.doc.id][0] / max(1, progress[e.doc.id][1]))
        return entries

    def refresh_table(self) -> None:
        app = host(self)
        progress = {e.doc.id: app.session.progress(e.doc) for e in app.entries}
        rows = []
        shown = self.rows(progress)
        app.order = [e.doc.id for e in shown]  # what ] and [ follow in the reader
        app.filter_terms = parse_filter(self.query_text)[0]
        for entry in shown:
            doc = entry.doc
            done, total = progress[doc.id]
            cells = [
                safe(doc.title, fallback=(doc.text[:60] + "…")),
                safe(doc.source),
                safe((doc.published or "")[:10]),
                Text(str(total)) if doc.analyzed else Text("…", style="dim"),
                _bar(done, total),
                Text("✓", style="green") if complete(done, total) else Text(""),
            ]
            rows.append((doc.id, cells))
        self.table.set_rows(rows)
        head = Text()
        head.append("dsreader", style="bold")
        head.append(f"  {len(app.entries)} articles · annotator ")
        head.append(display_safe(app.annotator), style="bold cyan")
        if not self.query_text and not self.unfinished_only:
            done = sum(d for d, _ in progress.values())
            total = sum(t for _, t in progress.values())
            head.append(f" · {done}/{total} sentences done")
        else:
            head.append(f" · showing {len(rows)}", style="yellow")
        head.append(f" · sort: {self.sort_by}")
        if self.unfinished_only:
            head.append(" · unfinished only", style="yellow")
        if app.store.read_only:
            head.append("  READ-ONLY database", style="bold red")
        self.query_one("#lib-head", Static).update(head)

    # Named handlers rather than @on(Input.Changed): the Input class loads only with
    # the filter box, on the first '/'.
    def on_input_changed(self, event) -> None:
        self.query_text = event.value
        self.refresh_table()

    def on_input_submitted(self) -> None:
        self.table.focus()

    def action_open(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            host(self).open_article(key)

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
