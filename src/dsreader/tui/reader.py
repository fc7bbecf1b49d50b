"""The reader: one article, entities highlighted, a sentence cursor to label claims."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..textnorm import display_safe
from .article_view import ENTITY_STYLES, LABEL_LETTERS, LABEL_STYLES, ArticleView
from .common import Entry, KeyBar, safe
from .keys import keys

if TYPE_CHECKING:
    from .app import ReaderApp


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
        self.progress = self.corpus_progress = (0, 0)
        self.orphan_count = 0
        self.hit_index = -1

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(_legend(), id="legend")
        with Horizontal():
            yield ArticleView(id="article")
            yield OptionList(id="entities")
        yield Input(placeholder="search this article (Enter)", id="search")
        yield Static(id="status")
        yield KeyBar()

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

    def store_changed(self) -> None:
        self.refresh_labels()

    def analysis_ready(self, entry: Entry) -> None:
        if entry is self.entry:
            self.show_entry(entry)
            self.status("analysis ready")

    def refresh_labels(self) -> None:
        """Labels, progress and orphans change only with labels, not with each cursor
        move: computed here once, then only read by refresh_head."""
        app: ReaderApp = self.app  # type: ignore[assignment]
        labels = app.sentence_labels(self.entry)
        self.view.set_labels(labels)
        self.progress = (len(labels), len(self.entry.doc.sentences))
        self.corpus_progress = app.corpus_progress()
        self.orphan_count = app.orphans(self.entry)
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
        done, total = self.progress
        corpus_done, corpus_total = self.corpus_progress
        head.append(f"   {done}/{total} labelled (corpus {corpus_done}/{corpus_total}) · ")
        head.append(display_safe(app.annotator), style="bold cyan")
        if app.store.read_only:
            head.append("  READ-ONLY", style="bold red")
        if self.orphan_count:
            head.append(
                f"  {self.orphan_count} orphaned label(s): claim text no longer found",
                style="yellow",
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
        from . import dialogs

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
            dialogs.CommentScreen(
                text, existing.get("comment") or "", existing.get("evidence") or ""
            ),
            done,
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
        # Latin letters match in either case (deepseek finds DeepSeek); offsets stay
        # those of the article text.
        self.hits = (
            [m.span() for m in re.finditer(re.escape(query), text, re.IGNORECASE)] if query else []
        )
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
