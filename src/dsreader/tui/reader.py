"""The reader: one article, entities highlighted, a sentence cursor to label claims."""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..analysis import Document, unanalyzed
from ..corpus import RawArticle
from ..pipeline import first_look
from ..repetition import LineContext
from ..session import Outcome, sentences_word
from ..textnorm import display_safe
from .article_view import ArticleView
from .common import Entry, KeyBar, host, kept_from_gc, safe
from .keys import keys
from .styles import ENTITY_STYLES, LABEL_NAMES, TAG_STYLES, tag

T = TypeVar("T")
PANEL_BATCH = 100  # names listed per entity type before a "… more" line
# A first look at an article up to this long is taken on the interface thread (about
# 10-25 ms per 5,000 characters), a longer one in a thread.
LOOK_AT_ONCE = 10_000
MORE = "\x01more\x00"  # the id prefix of that line (entity ids are type \x00 name)
RAW_REFUSAL = "raw view: labels and comments are off here (r returns to the article)"


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
        Binding(keys("s"), "label('skip')", "skip", tooltip="skip: not a claim"),
        Binding(keys("x"), "label('')", "clear"),
        Binding(keys("u"), "undo", "undo"),
        Binding("ctrl+r", "redo", "redo", show=False),
        Binding(keys("c"), "comment", "comment"),
        Binding(keys("n"), "next_unlabelled", "next", tooltip="next unlabelled sentence"),
        Binding(keys("a"), "others", "others' labels", show=False),
        Binding(keys("m"), "next_disagreement", "next disagreement", show=False),
        Binding("right_square_bracket", "step(1)", "next article", show=False),
        Binding("left_square_bracket", "step(-1)", "previous article", show=False),
        Binding(keys("e"), "entities", "entities"),
        Binding(keys("r"), "raw", "raw"),
        Binding("slash", "search", "search"),
        Binding("greater_than_sign", "hit(1)", "next hit", show=False),
        Binding("less_than_sign", "hit(-1)", "previous hit", show=False),
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
    #claim { height: 1; padding: 0 1; background: $boost; }
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
        self._panel_doc = None  # the document the entity panel was filled for
        self._panel_shown: dict[str, int] = {}  # names listed per type, the most frequent
        self._look: Document | None = None  # a first look while the article is cleaned
        self._look_id = ""  # the article it was asked for
        self._unconfirmed: tuple[str, str] | None = None  # a write's message, still saving

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(_legend(), id="legend")
        with Horizontal():
            yield ArticleView(id="article")
            yield OptionList(id="entities")
        yield Input(placeholder="search this article (Enter)", id="search")
        yield Static(id="claim")
        yield Static(id="status")
        yield KeyBar()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        self.show_entry(self.entry)
        self.watch(self.view, "cursor", self._cursor_moved, init=False)
        self.view.focus()

    @property
    def shown(self) -> Document:
        """The article's document, or a first look at it while it is being cleaned."""
        look = self._look
        if self.entry.article is None and look is not None and look.id == self.entry.doc.id:
            return look
        return self.entry.doc

    def show_entry(self, entry: Entry) -> None:
        self.entry = entry
        if entry.article is None and self._look_id != entry.doc.id:
            self._first_look(entry.doc.id)
        doc = self.shown
        with kept_from_gc():  # the article and its indexes are read for a while
            self.view.load(doc.text, doc.sentences, doc.entities, doc.removed, doc.raw)
        self.hits, self.hit_index = _find(doc.text, host(self).filter_terms), -1
        self.view.set_hits(self.hits)  # the library's filter term, highlighted
        self.refresh_labels()
        if self.query_one("#entities").has_class("shown"):
            self._fill_entities()
        if entry.article is None and doc is not entry.doc:
            self.status("a first look: the text may still change while it is cleaned (first)")
        elif entry.article is None:
            self.status("reading and cleaning the file… (it comes first)")
        elif not doc.analyzed:
            self.status("analyzing… (highlights appear when ready)")

    def _first_look(self, article_id: str) -> None:
        """The article cleaned here, without Kiwi, while a worker process cleans it
        properly (on a cold start the workers spend seconds loading Kiwi); nearly
        always the same text. A short one is cleaned at once (a few ms, once the rules
        are loaded), so the reader's first frame has it; a long one in a thread."""
        source = host(self).raw_of(article_id)
        if source is None:  # its file is not read yet, or it is cleaned already
            return
        self._look_id = article_id
        if len(source[0].text) <= LOOK_AT_ONCE and "dsreader.clean" in sys.modules:
            self._look = _look_at(*source)
        else:
            self._take_first_look(*source)

    @work(
        thread=True,
        exclusive=True,
        group="first-look",
        exit_on_error=False,
        description="first look",  # not the repr of a whole raw text (see app._write_index)
    )
    def _take_first_look(self, raw: RawArticle, context: LineContext | None) -> None:
        look = _look_at(raw, context)
        if look is not None:
            self.app.call_from_thread(self._looked, look)

    def _looked(self, look: Document) -> None:
        if self.entry.article is None and self.entry.doc.id == look.id:
            self._look = look
            self.show_entry(self.entry)

    def on_unmount(self) -> None:
        # The article's text and indexes go now (nothing else holds them). What was
        # frozen stays frozen: gc.unfreeze here gave the collector back the store's
        # labels too, and its next full pass took seconds at a million labels, on
        # some later key. (The closed screen's own widgets stay frozen with it.)
        for view in self.query(ArticleView):
            view.release()

    def store_changed(self) -> None:
        self.refresh_labels()

    def analysis_ready(self, entry: Entry) -> None:
        if entry is self.entry:
            self.show_entry(entry)
            if entry.doc.analyzed:
                self.status("analysis ready")

    def refresh_labels(self) -> None:
        """Claims, progress and orphans change only with labels, not with each cursor
        move: read from the session here, then only read by refresh_head."""
        session = host(self).session
        doc = self.entry.doc
        self.view.set_claims(session.claims(doc))
        self.progress = session.progress(doc)
        self.corpus_progress = session.corpus_progress()
        self.orphan_count = session.orphans(doc)
        self.refresh_head()

    def _cursor_moved(self) -> None:
        self.refresh_head()

    def refresh_head(self) -> None:
        app = host(self)
        doc = self.shown
        head = Text()
        head.append_text(safe(doc.title, "(untitled)"))
        head.stylize("bold")
        head.append("\n")
        meta = " · ".join(display_safe(x) for x in (doc.source, doc.author, doc.published) if x)
        head.append(meta or "no source or date in the text", style="dim")
        done, total = self.progress
        corpus_done, corpus_total = self.corpus_progress
        head.append(f"   {done}/{total} sentences done (corpus {corpus_done}/{corpus_total}) · ")
        head.append(display_safe(app.annotator), style="bold cyan")
        if app.store.read_only:
            head.append("  READ-ONLY", style="bold red")
        if self.orphan_count:
            head.append(
                f"  {self.orphan_count} orphaned label(s): claim text no longer found",
                style="yellow",
            )
        claim = self.current_claim()
        if claim and self.show_others:
            others = app.session.others(doc, *claim)
            head.append("\nothers: ")
            head.append_text(
                Text(
                    ", ".join(
                        f"{display_safe(c.record['annotator'])}={c.label or 'comment'}"
                        + ("" if c.span == claim else f" ({sentences_word(c.first, c.last)})")
                        for c in others
                    )
                    or "none"
                )
            )
        _update(self.query_one("#head", Static), head)
        self.refresh_claim()

    def refresh_claim(self) -> None:
        """The status line: the current claim's label, annotator, comment, evidence,
        and how many others labelled it (not what: labelling is blind)."""
        line = Text(no_wrap=True, overflow="ellipsis")
        span = self.current_claim()
        if span is None or self.view.raw_mode:
            if self.view.raw_mode:
                line.append("RAW VIEW", style="bold reverse")
                line.append(" removed text struck through · labelling is off · r: back")
            else:
                line.append("no sentences yet", style="dim")
            _update(self.query_one("#claim", Static), line)
            return
        state = host(self).session.status(self.entry.doc, *span)
        claim = state.claim
        if claim is not None and (claim.first, claim.last) != span:
            where = (
                f"{sentences_word(*span)} of the claim of {sentences_word(claim.first, claim.last)}"
            )
        else:
            where = sentences_word(*span) + (f"/{len(self.entry.doc.sentences)}")
        line.append(where + " · ")
        inside = 0 if claim else self.view.labelled_claims_over(*span)
        if inside:
            line.append(f"overlaps {inside} of your labelled claims", style="italic")
        elif claim is None or not claim.label:
            line.append("not labelled", style="italic")
        else:
            line.append(f" {tag(claim.label, False)[1:-1]} ", style=TAG_STYLES[claim.label])
            line.append(f" {LABEL_NAMES[claim.label]}", style="bold")
            line.append(f" by {display_safe(claim.record['annotator'])}")
        if claim is not None and claim.comment:
            line.append(" · comment: ")
            line.append(display_safe(claim.comment), style="italic")
        if claim is not None and claim.evidence:
            line.append(" · evidence: ")
            line.append(display_safe(claim.evidence), style="underline")
        if state.others:
            who = "annotator" if state.others == 1 else "annotators"
            line.append(f" · {state.others} other {who} labelled it")
        _update(self.query_one("#claim", Static), line)

    def status(self, message: str, severity: str = "information", saving: bool = False) -> None:
        """The status line. `saving`: the message says what was written, and is shown
        as still saving until the disk confirms it (see `saved`)."""
        store = host(self).store
        self._unconfirmed = None
        if saving:
            failed = store.take_sync_error()
            if failed:
                message, severity = _not_confirmed(failed), "error"
            elif store.saving:
                self._unconfirmed = (message, severity)
                message = _saving(message)
        style = {"error": "bold red", "warning": "yellow"}.get(severity, "")
        _update(self.query_one("#status", Static), Text(display_safe(message), style=style))

    def saved(self) -> None:
        """The disk confirmed the writes so far, or failed to: the status line says so."""
        store = host(self).store
        failed = store.take_sync_error()
        if failed:
            self.status(_not_confirmed(failed), "error")
        elif self._unconfirmed is not None and not store.saving:
            self.status(*self._unconfirmed)

    # --- cursor --------------------------------------------------------------------

    def _count(self) -> int:
        return len(self.entry.doc.sentences)

    def action_move(self, delta: int) -> None:
        if self.view.raw_mode:  # no cursor in the raw view: the keys scroll it
            self.view.scroll_relative(y=delta, animate=False)
            return
        if self._count():
            self.view.selection = None
            self.view.cursor = max(0, min(self._count() - 1, self.view.cursor + delta))

    def action_edge(self, end: int) -> None:
        if self._count():
            self.view.selection = None
            self.view.cursor = self._count() - 1 if end else 0

    def action_extend(self, delta: int) -> None:
        if self.view.raw_mode:
            self.status(RAW_REFUSAL, "warning")
            return
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

    def _target(self) -> tuple[int, int] | None:
        """The claim a labelling key acts on, or None with the reason on the status line."""
        if self.view.raw_mode:
            self.status(RAW_REFUSAL, "warning")
            return None
        claim = self.current_claim()
        if claim is None:
            self.status("no sentences yet: the article is still being analyzed", "warning")
        return claim

    def action_label(self, label: str, resolve: str | None = None) -> None:
        claim = self._target()
        if claim is None:
            return
        session = host(self).session
        doc = self.entry.doc
        if label:
            outcome = session.label(doc, *claim, label, resolve=resolve)
        else:
            outcome = session.clear(doc, *claim, resolve=resolve)
        if outcome.conflict:
            self._ask(outcome, lambda choice: self.action_label(label, choice))
            return
        self.show_outcome(outcome)
        if not outcome.changed:
            return
        self.view.selection = None
        self.refresh_labels()
        if label and host(self).auto_advance:
            nxt = session.next_unlabelled(doc, claim[1])
            if nxt is not None:
                self.view.cursor = nxt
            else:
                self.show_outcome(outcome, " · article done: n opens the next unfinished one")

    def _ask(self, outcome: Outcome, then) -> None:
        from .dialogs import ConflictScreen

        def chosen(choice: str | None) -> None:
            if choice in ("split", "replace"):
                then(choice)
            else:
                self.status("cancelled: nothing changed")

        self.app.push_screen(ConflictScreen(outcome.message), chosen)

    def show_outcome(self, outcome: Outcome, then: str = "") -> None:
        self.status(outcome.message + then, outcome.severity, saving=outcome.changed)

    def action_undo(self) -> None:
        self.show_outcome(host(self).session.undo())
        self.refresh_labels()

    def action_redo(self) -> None:
        self.show_outcome(host(self).session.redo())
        self.refresh_labels()

    def action_comment(self) -> None:
        from .dialogs import CommentScreen

        claim = self._target()
        if claim is None:
            return
        session = host(self).session
        doc = self.entry.doc
        refused = session.comment_refusal(doc, *claim)
        if refused:  # said before the typing, not after
            self.show_outcome(refused)
            return
        existing = session.claim_at(doc, *claim)
        span = existing.span if existing else claim
        start, end = doc.sentences[span[0]].start, doc.sentences[span[1]].end

        def done(result: tuple[str, str] | None) -> None:
            if result is None:
                self.status("comment not changed")
                return
            self.show_outcome(session.comment(doc, *claim, *result))
            self.refresh_labels()

        self.app.push_screen(
            CommentScreen(
                doc.text[start:end],
                (existing.comment if existing else "") or "",
                (existing.evidence if existing else "") or "",
            ),
            done,
        )

    def action_others(self) -> None:
        self.show_others = not self.show_others
        self.refresh_head()
        self.status(
            "others' labels shown (m: next disagreement)"
            if self.show_others
            else "others' labels hidden"
        )

    def action_next_unlabelled(self) -> None:
        if self.view.raw_mode:
            self.status(RAW_REFUSAL, "warning")
            return
        app = host(self)
        doc = self.entry.doc
        nxt = app.session.next_unlabelled(doc, self.view.cursor)
        if nxt is not None:
            self.view.selection = None
            self.view.cursor = nxt
            return
        following = app.session.next_unfinished(app.order, doc.id)
        if following is None:
            self.status("every article is done")
            return
        entry = app.entry(following.id)
        if entry is not None:
            self.show_entry(entry)
            first = app.session.next_unlabelled(entry.doc, -1)
            if first is not None:
                self.view.cursor = first
            self.status("this article was done: here is the next unfinished one")

    def action_next_disagreement(self) -> None:
        if not self.show_others:
            self.status("labelling is blind: press a to show others' labels, then m")
            return
        span = host(self).session.next_disagreement(self.entry.doc, self.view.cursor)
        if span is None:
            self.status("no disagreements in this article")
            return
        self.view.selection = span if span[0] != span[1] else None
        self.view.cursor = span[0]
        self.status(f"disagreement on {sentences_word(*span)}")

    # --- navigation ----------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        entry = host(self).neighbour(self.entry, delta)
        if entry is not None:
            self.show_entry(entry)
        else:
            self.status("no more articles in the library's list")

    def action_back(self) -> None:
        """Escape closes the innermost thing open: selection, search box, entity panel,
        then the article."""
        if self.view.selection is not None:
            self.view.set_selection(None)
            self.refresh_head()
            self.status("selection cancelled")
            return
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
            self._fill_entities()
            panel.focus()
        else:
            self.view.focus()

    def _fill_entities(self, force: bool = False) -> None:
        """The panel lists each entity once with its count, by type, the most frequent
        first; filled when shown, once per document, from the document's summary. A
        type lists its first PANEL_BATCH names and a line for the rest, which lists
        more when chosen (an option list of 10,000 names took a second to draw)."""
        doc = self.entry.doc
        if self._panel_doc is doc and not force:
            return
        if self._panel_doc is not doc:
            self._panel_doc, self._panel_shown = doc, {}
        panel = self.query_one("#entities", OptionList)
        panel.clear_options()
        options = []
        for kind, (total, names) in entity_summary(doc).items():
            options.append(Option(Text(f"{kind} ({total})", style="bold"), disabled=True))
            shown = self._panel_shown.setdefault(kind, PANEL_BATCH)
            for name, count in names[:shown]:
                label = Text("  ")
                label.append(display_safe(name), style=ENTITY_STYLES[kind])
                label.append(f" ×{count}", style="dim")
                options.append(Option(label, id=f"{kind}\x00{name}"))
            if len(names) > shown:
                more = Text(f"  … {len(names) - shown} more (Enter lists them)", style="italic")
                options.append(Option(more, id=f"{MORE}{kind}"))
        panel.add_options(options)

    @on(OptionList.OptionSelected, "#entities")
    def _jump_to_entity(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith(MORE):
            kind = option_id[len(MORE) :]
            self._panel_shown[kind] += 4 * PANEL_BATCH
            panel = self.query_one("#entities", OptionList)
            at = event.option_index
            self._fill_entities(force=True)
            panel.highlighted = at  # the first of the names just listed
            return
        kind, _, name = option_id.partition("\x00")
        starts = entity_mentions(self.entry.doc).get((kind, name))
        if not starts:
            return
        here = self.entry.doc.sentences[self.view.cursor].end if self._count() else 0
        i = bisect_left(starts, here)
        self._cursor_to(starts[i] if i < len(starts) else starts[0])

    def _cursor_to(self, offset: int) -> None:
        k = self.view.sentence_at(offset)
        if k is not None:
            self.view.cursor = k
        self.view.scroll_to_offset(offset)

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.add_class("shown")
        box.focus()

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        self.hits = _find(self.entry.doc.text, [query])
        self.view.set_hits(self.hits)
        self.query_one("#search").remove_class("shown")
        self.view.focus()
        # The first hit from the cursor on (then round to the top), as `/` in an editor.
        here = self.entry.doc.sentences[self.view.cursor].start if self._count() else 0
        self.hit_index = bisect_left(self.hits, (here, here)) - 1
        if self.hits:
            self.action_hit(1)
        else:
            self.status(f"not found: {query}")

    def action_hit(self, delta: int) -> None:
        if not self.hits:
            self.status("no search hits (press / to search, then > and <)")
            return
        self.hit_index = (self.hit_index + delta) % len(self.hits)
        self._cursor_to(self.hits[self.hit_index][0])
        self.status(f"hit {self.hit_index + 1}/{len(self.hits)}")


def _not_confirmed(error: str) -> str:
    return (
        f"the disk did not confirm the last labels ({error}): they may be lost if the "
        "machine stops now; labels from now on are confirmed before they are called saved"
    )


def _saving(message: str) -> str:
    """What was written, not yet confirmed on the disk: never called saved."""
    return message.replace("saved", "saving", 1) + " (writing to disk…)"


def _update(widget: Static, content: Text) -> None:
    """Replace a line widget's text; the screen is laid out again only when the text's
    height changes. A layout redraws every widget on the screen (10 ms, most of what
    a label cost); otherwise only this widget is redrawn."""
    width = widget.content_region.width
    size, viewport = widget.size, widget.app.size
    before = widget.get_content_height(size, viewport, width) if width else None
    widget.update(content, layout=False)
    if before is None or widget.get_content_height(size, viewport, width) != before:
        widget.refresh(layout=True)


SHORT_TYPES = {
    "PERSON": "person",
    "ORG": "org",
    "LOC": "loc",
    "PRODUCT": "product",
    "MONEY": "money",
    "PERCENT": "%",
    "DATE": "date",
    "QUANTITY": "qty",
}


def _look_at(raw: RawArticle, context: LineContext | None) -> Document | None:
    try:
        return unanalyzed(first_look(raw, context))
    except Exception:  # the real cleaning will say what is wrong
        return None


def _legend() -> Text:
    """Labels first (they matter most while labelling), then entity types."""
    legend = Text(no_wrap=True, overflow="crop")
    for label in LABEL_NAMES:  # [V]erified [D]isputed [O]pinion [S]kip
        legend.append(tag(label, False), style=TAG_STYLES[label])
        legend.append(label[1:] + " ")
    legend.append("[*]", style=TAG_STYLES[None])
    legend.append("comment │ ")
    for kind, style in ENTITY_STYLES.items():
        legend.append(SHORT_TYPES[kind], style=style)
        legend.append(" ")
    return legend


@lru_cache(maxsize=4)
def _folded(text: str) -> str | None:
    """The text in lower case, made once per article, when every character stays one
    character (so offsets match); None otherwise."""
    folded = text.lower()
    return folded if len(folded) == len(text) else None


def _find(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms occur; Latin letters match in either case (deepseek finds
    DeepSeek), offsets stay those of the article text. One scan per term of the
    article lower-cased once, by str.find."""
    hits = []
    for term in terms:
        if not term:
            continue
        folded, needle = _folded(text), term.lower()
        if folded is None or len(needle) != len(term):
            hits += [m.span() for m in re.finditer(re.escape(term), text, re.IGNORECASE)]
            continue
        at = folded.find(needle)
        while at >= 0:
            hits.append((at, at + len(needle)))
            at = folded.find(needle, at + len(needle))
    return sorted(hits)


def _per_document(build: Callable[[Document], T]) -> Callable[[Document], T]:
    """Remember the result for the last few documents, by identity (hashing a
    Document would hash its whole text and every entity)."""
    memo: dict[int, tuple[Document, T]] = {}

    def cached(doc: Document) -> T:
        hit = memo.get(id(doc))
        if hit is None or hit[0] is not doc:
            if len(memo) >= 4:
                memo.clear()
            hit = memo[id(doc)] = (doc, build(doc))
        return hit[1]

    return cached


@_per_document
def entity_summary(doc: Document) -> dict[str, tuple[int, list[tuple[str, int]]]]:
    """Each entity type's mentions and its names with their counts, the most frequent
    first, in the legend's order of types."""
    counts: dict[str, Counter] = {}
    for e in doc.entities:
        counts.setdefault(e.type, Counter())[e.text] += 1
    return {
        kind: (counts[kind].total(), counts[kind].most_common())
        for kind in ENTITY_STYLES
        if kind in counts
    }


@_per_document
def entity_mentions(doc: Document) -> dict[tuple[str, str], list[int]]:
    """(type, name) -> where each mention starts, in text order."""
    out: dict[tuple[str, str], list[int]] = {}
    for e in sorted(doc.entities, key=lambda e: e.start):
        out.setdefault((e.type, e.text), []).append(e.start)
    return out
