"""The Textual app: a library of articles and a reader to label claims in."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from .. import export as exporting
from ..analysis import Document, analyze, cached, unanalyzed
from ..clean import CleanArticle
from ..stats import summarize
from ..stats_view import render
from ..store import LABELS, AnnotationStore, anchor, record_key
from ..textnorm import display_safe
from .article_view import ENTITY_STYLES, LABEL_LETTERS, LABEL_STYLES, ArticleView

# The 2-set Korean layout: what the terminal sends for each key while Hangul is on.
KOREAN = dict(
    zip(
        "qwertyuiopasdfghjklzxcvbnm",
        "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔㅁㄴㅇㄹㅎㅗㅓㅏㅣㅋㅌㅊㅍㅠㅜㅡ",
        strict=False,
    )
)


def keys(*names: str) -> str:
    """A binding's keys plus their Korean-layout twins."""
    out = []
    for name in names:
        out.append(name)
        if len(name) == 1 and name in KOREAN:
            out.append(KOREAN[name])
    return ",".join(out)


def safe(text: str | None, fallback: str = "—") -> Text:
    """Untrusted text as a Text object: never parsed as markup, escapes removed."""
    return Text(display_safe(text)) if text else Text(fallback, style="dim")


@dataclass
class Entry:
    article: CleanArticle
    doc: Document


class HelpScreen(ModalScreen):
    BINDINGS = [Binding(keys("escape", "q", "question_mark"), "app.pop_screen", "close")]
    DEFAULT_CSS = "HelpScreen { align: center middle; } #help { width: 76; height: auto; border: round $accent; background: $panel; padding: 0 1; }"

    ROWS = [
        ("j k / ↓ ↑", "next / previous sentence"),
        ("g G", "first / last sentence"),
        ("J K (shift)", "extend the claim over the next / previous sentence"),
        ("v d o", "label verified / disputed / opinion"),
        ("x", "clear the label"),
        ("u / ctrl+r", "undo / redo"),
        ("c", "comment (and evidence) on the claim"),
        ("a", "show / hide other annotators' labels"),
        ("] [", "next / previous article"),
        ("e", "entity panel"),
        ("r", "raw view: removed text struck through"),
        ("/ n N", "search, next / previous hit"),
        ("Enter", "open the article (library)"),
        ("s f", "sort / only unfinished (library)"),
        ("S", "statistics and agreement"),
        ("q Escape", "back, then quit"),
        ("ctrl+p", "command palette: every action, and export"),
    ]

    def compose(self) -> ComposeResult:
        text = Text("Keys (Korean layout works too: ㅓ=j, ㅏ=k, ㅍ=v …)\n\n", style="bold")
        for key, action in self.ROWS:
            text.append(f"{key:<14}", style="bold cyan")
            text.append(action + "\n")
        yield Static(text, id="help")


class CommentScreen(ModalScreen[tuple[str, str] | None]):
    BINDINGS = [Binding("escape", "cancel", "cancel")]
    DEFAULT_CSS = "CommentScreen { align: center middle; } #box { width: 70; height: auto; border: round $accent; background: $panel; padding: 0 1; }"

    def __init__(self, claim: str, comment: str, evidence: str) -> None:
        super().__init__()
        self.claim, self.comment, self.evidence = claim, comment, evidence

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(Text(display_safe(self.claim)[:200], style="italic"))
            yield Input(
                self.comment, placeholder="comment (Enter to save, Esc to cancel)", id="comment"
            )
            yield Input(self.evidence, placeholder="evidence: URL or reference", id="evidence")

    @on(Input.Submitted)
    def save(self) -> None:
        self.dismiss(
            (self.query_one("#comment", Input).value, self.query_one("#evidence", Input).value)
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class StatsScreen(ModalScreen):
    """Label counts and agreement, the same figures as `dsreader stats`."""

    BINDINGS = [Binding(keys("escape", "q") + ",S", "app.pop_screen", "close")]
    DEFAULT_CSS = "StatsScreen { align: center middle; } #stats { width: 100%; max-width: 110; height: 100%; border: round $accent; background: $panel; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        app: ReaderApp = self.app  # type: ignore[assignment]
        app.store.refresh()
        figures = summarize(app.store.all(), sources={e.doc.id: e.doc.source for e in app.entries})
        titles = {e.doc.id: e.doc.title for e in app.entries}
        with VerticalScroll(id="stats"):
            yield Static(render(figures, titles, me=app.annotator))


class ExportScreen(ModalScreen):
    """A progress bar while the labels are written; closes itself when done."""

    DEFAULT_CSS = "ExportScreen { align: center middle; } #export { width: 60; height: auto; border: round $accent; background: $panel; padding: 0 1; }"

    def __init__(self, fmt: str) -> None:
        super().__init__()
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(Text(f"exporting {self.fmt}…"))
            yield ProgressBar(id="bar", show_eta=False)

    def on_mount(self) -> None:
        self.run_export()

    @work(thread=True, exclusive=True, group="export")
    def run_export(self) -> None:
        app: ReaderApp = self.app  # type: ignore[assignment]
        bar = self.query_one(ProgressBar)
        folder = app.store.path.parent / "exports"
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = folder / exporting.default_name(self.fmt).replace(
            "dsreader-", f"dsreader-{stamp}-"
        )
        try:
            docs = {e.doc.id: analyze(e.article) for e in app.entries}
            rows, summary = exporting.dataset(app.store.all(), docs)
            app.call_from_thread(bar.update, total=max(1, len(rows)))
            written = exporting.export(
                rows,
                self.fmt,
                target,
                progress=lambda n: app.call_from_thread(bar.update, progress=n),
            )
            written.notes.update(summary.notes)
            message, severity = f"{written.line()} to {target}", "information"
        except (exporting.ExportError, OSError) as exc:
            message, severity = f"export failed: {exc}", "error"
        app.call_from_thread(self.dismiss)
        app.call_from_thread(app.notify, display_safe(message), severity=severity, timeout=8)


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "open", show=True),
        Binding(keys("s"), "sort", "sort"),
        Binding(keys("f"), "only_unfinished", "unfinished"),
        Binding("S", "app.stats", "stats"),
        Binding("slash", "focus_filter", "filter"),
        Binding(keys("q"), "app.quit", "quit"),
        Binding("escape", "escape", "back", show=False),
        Binding("question_mark", "app.push_screen('help')", "help"),
    ]
    SORTS = ("date", "title", "progress")

    def __init__(self) -> None:
        super().__init__()
        self.sort_by = "date"
        self.unfinished_only = False

    def compose(self) -> ComposeResult:
        yield Static(id="lib-head")
        yield Input(placeholder="/ filter: title, text, entity…", id="filter")
        table = DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        table.add_columns("title", "source", "date", "claims", "labelled", "✓")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.refresh_table()
        table.focus()

    def rows(self) -> list[Entry]:
        app: ReaderApp = self.app  # type: ignore[assignment]
        query = self.query_one("#filter", Input).value.strip().lower()
        entries = list(app.entries)
        if query:
            entries = [e for e in entries if app.matches(e, query)]
        if self.unfinished_only:
            entries = [e for e in entries if not app.finished(e)]
        if self.sort_by == "date":
            entries.sort(key=lambda e: e.doc.published or "", reverse=True)
        elif self.sort_by == "title":
            entries.sort(key=lambda e: e.doc.title or "")
        else:
            entries.sort(key=lambda e: app.progress(e)[0] / max(1, app.progress(e)[1]))
        return entries

    def _title_width(self) -> int:
        # source 12, date 10, claims 6, labelled 14, done 1, and cell padding
        return max(16, (self.size.width or 80) - 12 - 10 - 6 - 14 - 1 - 14)

    def on_resize(self) -> None:
        self.refresh_table()

    def refresh_table(self) -> None:
        app: ReaderApp = self.app  # type: ignore[assignment]
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for entry in self.rows():
            doc = entry.doc
            done, total = app.progress(entry)
            claims = Text(str(total)) if doc.analyzed else Text("…", style="dim")
            bar = _bar(done, total)
            title = safe(doc.title, fallback=(doc.text[:60] + "…"))
            title.truncate(self._title_width(), overflow="ellipsis")
            source = safe(doc.source)
            source.truncate(12, overflow="ellipsis")
            table.add_row(
                title,
                source,
                safe((doc.published or "")[:10]),
                claims,
                bar,
                Text("✓", style="green") if app.finished(entry) else Text(""),
                key=doc.id,
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        head = Text()
        head.append("dsreader", style="bold")
        head.append(f"  {len(app.entries)} articles · annotator ")
        head.append(display_safe(app.annotator), style="bold cyan")
        d, t = app.corpus_progress()
        head.append(f" · {d}/{t} claims labelled · sort: {self.sort_by}")
        if self.unfinished_only:
            head.append(" · unfinished only", style="yellow")
        if app.store.read_only:
            head.append("  READ-ONLY database", style="bold red")
        self.query_one("#lib-head", Static).update(head)

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_article(event.row_key.value)  # type: ignore[attr-defined]

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
            self.app.open_article(key)  # type: ignore[attr-defined]

    def action_sort(self) -> None:
        self.sort_by = self.SORTS[(self.SORTS.index(self.sort_by) + 1) % len(self.SORTS)]
        self.refresh_table()

    def action_only_unfinished(self) -> None:
        self.unfinished_only = not self.unfinished_only
        self.refresh_table()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_escape(self) -> None:
        flt = self.query_one("#filter", Input)
        if flt.value or flt.has_focus:
            flt.value = ""
            self.query_one(DataTable).focus()
        else:
            self.app.exit()


def _bar(done: int, total: int) -> Text:
    width = 8
    filled = round(width * done / total) if total else 0
    text = Text("█" * filled, style="green")
    text.append("░" * (width - filled), style="dim")
    text.append(f" {done}/{total}")
    return text


class ReaderScreen(Screen):
    BINDINGS = [
        Binding(keys("j") + ",down", "move(1)", "next sentence", show=False),
        Binding(keys("k") + ",up", "move(-1)", "previous sentence", show=False),
        Binding(keys("g") + ",home", "edge(0)", "first sentence", show=False),
        Binding("G,end", "edge(1)", "last sentence", show=False),
        Binding("J,shift+down", "extend(1)", "extend the claim down", show=False),
        Binding("K,shift+up", "extend(-1)", "extend the claim up", show=False),
        Binding(keys("v"), "label('verified')", "verified"),
        Binding(keys("d"), "label('disputed')", "disputed"),
        Binding(keys("o"), "label('opinion')", "opinion"),
        Binding(keys("x"), "label('')", "clear"),
        Binding(keys("u"), "undo", "undo"),
        Binding("ctrl+r", "redo", "redo", show=False),
        Binding(keys("c"), "comment", "comment"),
        Binding(keys("a"), "others", "others' labels", show=False),
        Binding("right_square_bracket", "step(1)", "next article", show=False),
        Binding("left_square_bracket", "step(-1)", "previous article", show=False),
        Binding(keys("e"), "entities", "entities"),
        Binding(keys("r"), "raw", "raw"),
        Binding("slash", "search", "search"),
        Binding(keys("n"), "hit(1)", "next hit", show=False),
        Binding("N", "hit(-1)", "previous hit", show=False),
        Binding(keys("q") + ",escape", "back", "back"),
        Binding("S", "app.stats", "statistics", show=False),
        Binding("question_mark", "app.push_screen('help')", "help"),
    ]
    DEFAULT_CSS = """
    #head { height: auto; max-height: 4; background: $boost; padding: 0 1; }
    #legend { height: 1; padding: 0 1; }
    #entities { width: 32; display: none; border-left: solid $accent; }
    #entities.shown { display: block; }
    #search { display: none; }
    #search.shown { display: block; }
    #status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry
        self.show_others = False
        self.hits: list[tuple[int, int]] = []
        self.hit_index = -1

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(_legend(), id="legend")
        with Horizontal():
            yield ArticleView(id="article")
            yield OptionList(id="entities")
        yield Input(placeholder="search this article (Enter)", id="search")
        yield Static(id="status")
        yield Footer()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        self.show_entry(self.entry)
        self.view.focus()

    def show_entry(self, entry: Entry) -> None:
        self.entry = entry
        doc = entry.doc
        self.view.load(doc.text, doc.sentences, doc.entities, doc.removed, doc.raw)
        self.hits, self.hit_index = [], -1
        self.refresh_labels()
        self._fill_entities()
        if not doc.analyzed:
            self.status("analyzing… (highlights appear when ready)")

    def refresh_labels(self) -> None:
        app: ReaderApp = self.app  # type: ignore[assignment]
        self.view.set_labels(app.sentence_labels(self.entry))
        self.refresh_head()

    def refresh_head(self) -> None:
        app: ReaderApp = self.app  # type: ignore[assignment]
        doc = self.entry.doc
        head = Text()
        head.append_text(safe(doc.title, "(untitled)"))
        head.stylize("bold")
        head.append("\n")
        meta = " · ".join(display_safe(x) for x in (doc.source, doc.author, doc.published) if x)
        head.append(meta or "no source or date in the text", style="dim")
        done, total = app.progress(self.entry)
        head.append(f"   {done}/{total} labelled · ")
        head.append(display_safe(app.annotator), style="bold cyan")
        if app.store.read_only:
            head.append("  READ-ONLY", style="bold red")
        orphans = app.orphans(self.entry)
        if orphans:
            head.append(
                f"  {orphans} orphaned label(s): claim text no longer found", style="yellow"
            )
        if self.view.raw_mode:
            head.append("  RAW VIEW", style="bold yellow")
        claim = self.current_claim()
        if claim and self.show_others:
            others = app.others_labels(self.entry, claim)
            head.append("\nothers: " + (", ".join(f"{a}={lab}" for a, lab in others) or "none"))
        self.query_one("#head", Static).update(head)

    def status(self, message: str) -> None:
        self.query_one("#status", Static).update(Text(display_safe(message)))

    # --- cursor --------------------------------------------------------------------

    def _count(self) -> int:
        return len(self.entry.doc.sentences)

    def action_move(self, delta: int) -> None:
        if self._count():
            self.view.selection = None
            self.view.cursor = max(0, min(self._count() - 1, self.view.cursor + delta))
            self.refresh_head()

    def action_edge(self, end: int) -> None:
        if self._count():
            self.view.selection = None
            self.view.cursor = self._count() - 1 if end else 0
            self.refresh_head()

    def action_extend(self, delta: int) -> None:
        if not self._count():
            return
        lo, hi = self.view.selection or (self.view.cursor, self.view.cursor)
        if delta > 0:
            hi = min(self._count() - 1, hi + 1)
        else:
            lo = max(0, lo - 1)
        self.view.selection = (lo, hi)
        self.view.cursor = hi if delta > 0 else lo

    def current_claim(self) -> tuple[int, int] | None:
        if not self._count():
            return None
        return self.view.selection or (self.view.cursor, self.view.cursor)

    # --- labelling -----------------------------------------------------------------

    def action_label(self, label: str) -> None:
        app: ReaderApp = self.app  # type: ignore[assignment]
        claim = self.current_claim()
        if claim is None:
            self.status("no claims yet: the article is still being analyzed")
            return
        saved = app.set_label(self.entry, claim, label or None)
        if saved is None:
            return
        self.view.selection = None
        self.refresh_labels()
        self.status(f"saved: {label or 'cleared'}" if label else "label cleared")
        if label and app.auto_advance:
            nxt = app.next_unlabelled(self.entry, claim[1])
            if nxt is not None:
                self.view.cursor = nxt
        self.refresh_head()

    def action_undo(self) -> None:
        self.status(self.app.undo() or "nothing to undo")  # type: ignore[attr-defined]
        self.refresh_labels()

    def action_redo(self) -> None:
        self.status(self.app.redo() or "nothing to redo")  # type: ignore[attr-defined]
        self.refresh_labels()

    def action_comment(self) -> None:
        app: ReaderApp = self.app  # type: ignore[assignment]
        claim = self.current_claim()
        if claim is None:
            return
        existing = app.record_for(self.entry, claim) or {}
        text = app.claim_text(self.entry, claim)

        def done(result: tuple[str, str] | None) -> None:
            if result is not None:
                app.set_comment(self.entry, claim, *result)
                self.refresh_labels()
                self.status("comment saved")

        self.app.push_screen(
            CommentScreen(text, existing.get("comment") or "", existing.get("evidence") or ""), done
        )

    def action_others(self) -> None:
        self.show_others = not self.show_others
        self.refresh_head()

    # --- navigation ----------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        app: ReaderApp = self.app  # type: ignore[assignment]
        entry = app.neighbour(self.entry, delta)
        if entry is not None:
            self.show_entry(entry)

    def action_back(self) -> None:
        """Escape closes the innermost thing open: search box, entity panel, then the article."""
        for panel in ("#search", "#entities"):
            if self.query_one(panel).has_class("shown"):
                self.query_one(panel).remove_class("shown")
                self.view.focus()
                return
        self.app.pop_screen()

    def action_raw(self) -> None:
        self.view.set_raw(not self.view.raw_mode)
        self.refresh_head()

    def action_entities(self) -> None:
        panel = self.query_one("#entities", OptionList)
        panel.toggle_class("shown")
        if panel.has_class("shown"):
            panel.focus()
        else:
            self.view.focus()

    def _fill_entities(self) -> None:
        panel = self.query_one("#entities", OptionList)
        panel.clear_options()
        groups: dict[str, dict[str, int]] = {}
        for e in self.entry.doc.entities:
            groups.setdefault(e.type, {}).setdefault(e.text, 0)
            groups[e.type][e.text] += 1
        for kind in ENTITY_STYLES:
            if kind not in groups:
                continue
            panel.add_option(
                Option(Text(f"{kind} ({sum(groups[kind].values())})", style="bold"), disabled=True)
            )
            for name, count in sorted(groups[kind].items(), key=lambda kv: -kv[1]):
                label = Text("  ")
                label.append(display_safe(name), style=ENTITY_STYLES[kind])
                label.append(f" ×{count}", style="dim")
                panel.add_option(Option(label, id=f"{kind}\x00{name}"))

    @on(OptionList.OptionSelected, "#entities")
    def _jump_to_entity(self, event: OptionList.OptionSelected) -> None:
        kind, _, name = (event.option.id or "").partition("\x00")
        mentions = [e for e in self.entry.doc.entities if e.type == kind and e.text == name]
        if not mentions:
            return
        here = self.entry.doc.sentences[self.view.cursor].end if self._count() else 0
        target = next((m for m in mentions if m.start >= here), mentions[0])
        self._cursor_to(target.start)

    def _cursor_to(self, offset: int) -> None:
        for k, s in enumerate(self.entry.doc.sentences):
            if s.start <= offset < s.end or s.start >= offset:
                self.view.cursor = k
                break
        self.view.scroll_to_offset(offset)

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.add_class("shown")
        box.focus()

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        text = self.entry.doc.text
        self.hits = []
        if query:
            pos = text.find(query)
            while pos != -1:
                self.hits.append((pos, pos + len(query)))
                pos = text.find(query, pos + 1)
        self.view.set_hits(self.hits)
        self.query_one("#search").remove_class("shown")
        self.view.focus()
        self.hit_index = -1
        if self.hits:
            self.action_hit(1)
        else:
            self.status(f"not found: {query}")

    def action_hit(self, delta: int) -> None:
        if not self.hits:
            self.status("no search hits (press / to search)")
            return
        self.hit_index = (self.hit_index + delta) % len(self.hits)
        self._cursor_to(self.hits[self.hit_index][0])
        self.status(f"hit {self.hit_index + 1}/{len(self.hits)}")


SHORT_TYPES = {
    "PERSON": "person",
    "ORG": "org",
    "LOC": "place",
    "PRODUCT": "product",
    "MONEY": "money",
    "PERCENT": "%",
    "DATE": "date",
    "QUANTITY": "qty",
}


def _legend() -> Text:
    legend = Text()
    for kind, style in ENTITY_STYLES.items():
        legend.append(SHORT_TYPES[kind], style=style)
        legend.append(" ")
    legend.append("│")
    for label, letter in LABEL_LETTERS.items():
        legend.append(f" {letter}", style=LABEL_STYLES[label][0])
        legend.append(f" {label[:4]}")
    return legend


class ReaderApp(App):
    """dsreader's terminal app: the library first, the reader on Enter."""

    TITLE = "dsreader"
    CSS = "Screen { layout: vertical; } #lib-head { height: 1; padding: 0 1; background: $boost; } #filter { height: 3; }"
    SCREENS = {"help": HelpScreen}
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

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen())
        if self._analyze and any(not e.doc.analyzed for e in self.entries):
            self.analyze_pending()
        self.set_interval(2.0, self._poll_store)

    def on_unmount(self) -> None:
        self._stop.set()
        self.store.close()

    def action_stats(self) -> None:
        self.push_screen(StatsScreen())

    def action_export(self, fmt: str) -> None:
        self.push_screen(ExportScreen(fmt))

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
        for fmt in exporting.FORMATS:
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
        screen = self.screen
        if not screen.is_mounted:  # its on_mount reads entry.doc, which is already current
            return
        if isinstance(screen, LibraryScreen):
            screen.refresh_table()
        elif isinstance(screen, ReaderScreen) and screen.entry is entry:
            screen.show_entry(entry)
            screen.status("analysis ready")

    def _poll_store(self) -> None:
        before = len(self.store)
        self.store.refresh()
        if len(self.store) != before:
            self.refresh_views()

    def refresh_views(self) -> None:
        screen = self.screen
        if not screen.is_mounted:
            return
        if isinstance(screen, ReaderScreen):
            screen.refresh_labels()
        elif isinstance(screen, LibraryScreen):
            screen.refresh_table()

    # --- library helpers ---------------------------------------------------------------

    def matches(self, entry: Entry, query: str) -> bool:
        doc = entry.doc
        fields = [doc.title or "", doc.source or "", doc.text] + [e.text for e in doc.entities]
        return any(query in f.lower() for f in fields)

    def progress(self, entry: Entry) -> tuple[int, int]:
        total = len(entry.doc.sentences)
        done = len(self.sentence_labels(entry)) if total else 0
        return done, total

    def finished(self, entry: Entry) -> bool:
        done, total = self.progress(entry)
        return total > 0 and done >= total

    def corpus_progress(self) -> tuple[int, int]:
        pairs = [self.progress(e) for e in self.entries]
        return sum(d for d, _ in pairs), sum(t for _, t in pairs)

    def open_article(self, article_id: str) -> None:
        entry = self._by_id.get(article_id)
        if entry is not None:
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
