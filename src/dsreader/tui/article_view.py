"""The reader pane: the article wrapped to the width, drawn line by line.

Only visible lines are rendered (Textual's Line API), so a cursor move in a long
article with hundreds of entities costs a few lines, not the whole text.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..session import LETTERS, Claim
from .styles import (
    CURSOR_STYLE,
    ENTITY_STYLES,
    HIT_STYLE,
    REASON_STYLE,
    REMOVED_STYLE,
    TAG_STYLES,
    TINT_STYLES,
    tag,
)

MARGIN = 2


class VisualLine(NamedTuple):  # a tuple: a 2 MB article has 30,000 of them
    start: int  # offsets into the displayed string
    end: int


_WRAPPED: dict[tuple[str, int], list[tuple[int, int]]] = {}


def wrap_offsets(text: str, width: int) -> list[VisualLine]:
    """Wrap by terminal cells (Korean syllables are two wide), breaking at spaces.

    Each paragraph's wrap is remembered (by its text and the width): a label's tag
    changes one paragraph, so a 2 MB article re-wraps that paragraph, not all of it.
    """
    width = max(4, width)
    if len(_WRAPPED) > 100_000:
        _WRAPPED.clear()
    lines: list[VisualLine] = []
    pos = 0
    for para in text.split("\n"):
        if not para:
            lines.append(VisualLine(pos, pos))
            pos += 1
            continue
        spans = _WRAPPED.get((para, width))
        if spans is None:
            spans = _WRAPPED[(para, width)] = _wrap_paragraph(para, width)
        lines.extend([VisualLine(pos + a, pos + b) for a, b in spans])
        pos += len(para) + 1
    return lines


def _wrap_paragraph(para: str, width: int) -> list[tuple[int, int]]:
    """One paragraph's lines as (start, end) offsets into it."""
    spans: list[tuple[int, int]] = []
    start = cells = 0
    last_space = -1
    i = 0
    end_para = len(para)
    while i < end_para:
        ch = para[i]
        w = cell_len(ch)
        if cells + w > width and i > start:
            brk = last_space + 1 if last_space >= start else i
            spans.append((start, brk))
            start = brk
            while start < end_para and para[start] == " ":
                start += 1
            cells = cell_len(para[start:i]) if start < i else 0
            last_space = -1
            if start > i:
                i = start
                continue
        if ch == " ":
            last_space = i
        cells += w
        i += 1
    spans.append((start, end_para))
    return spans


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Cleaned text with entity highlights, a claim cursor and a tag on each label.

    A labelled claim gets a tag inserted before its text (`[V]`, `[D*]` …), so the
    drawn string differs from the article's text: `to_display` maps an article
    offset to a drawn one. The cursor never leaves the screen: scrolling (keys or
    the wheel) takes it to the first visible sentence.
    """

    # Arrow keys move the sentence cursor (the screen's bindings); pages scroll.
    BINDINGS = [
        Binding("pageup", "page_up", "page up", show=False),
        Binding("pagedown,space", "page_down", "page down", show=False),
    ]

    DEFAULT_CSS = "ArticleView { height: 1fr; overflow-x: hidden; }"
    cursor: reactive[int] = reactive(0, always_update=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = ""
        self.raw = ""
        self.raw_mode = False
        self.sentences: list[tuple[int, int]] = []
        self.entities: list = []
        self.removed: list = []
        self.claims: list[Claim] = []
        self.labels: dict[int, str] = {}  # sentence index -> label
        self.selection: tuple[int, int] | None = None  # sentence index range
        self.hits: list[tuple[int, int]] = []
        self._lines: list[VisualLine] = []
        self._width = 0
        self._display = ""
        self._inserts: list[int] = []  # article offsets where a tag goes
        self._shifts: list[int] = []  # drawn characters added up to and with each tag
        self._tags: list[tuple[int, int, Style]] = []  # drawn spans of the tags
        self._claim_spans: list[tuple[int, int, str | None]] = []  # drawn spans, label
        self._line_cache: dict[int, Strip] = {}
        self._line_starts: list[int] = []
        self._ends: list[int] = []

    # --- content -------------------------------------------------------------------

    def load(self, text: str, sentences, entities, removed=(), raw: str = "") -> None:
        self.text = text
        self.raw = raw
        self.sentences = [(s.start, s.end) for s in sentences]
        self.entities = list(entities)
        self.removed = list(removed)
        self.claims = []
        self.labels = {}
        self.selection = None
        self.hits = []
        self._rebuild()
        self.cursor = 0
        self.scroll_to(0, 0, animate=False)

    def set_claims(self, claims: list[Claim]) -> None:
        """This annotator's claims: their tags change the drawn text, so it is re-wrapped."""
        self.claims = claims
        self.labels = {k: c.label for c in claims if c.label for k in range(c.first, c.last + 1)}
        self._rebuild()

    def set_raw(self, raw_mode: bool) -> None:
        self.raw_mode = raw_mode
        self._rebuild()
        if not raw_mode:
            self.scroll_to_cursor()

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        self.hits = hits
        self._refresh_styles()

    def set_selection(self, selection: tuple[int, int] | None) -> None:
        self.selection = selection
        self._refresh_styles()

    def to_display(self, offset: int) -> int:
        """Where an article offset is drawn (tags before it push it right)."""
        i = bisect_right(self._inserts, offset)
        return offset + (self._shifts[i - 1] if i else 0)

    def _source(self) -> tuple[str, list[tuple[int, int, Style]]]:
        self._inserts, self._shifts, self._tags, self._claim_spans = [], [], [], []
        if not self.raw_mode:
            return self._labelled_text()
        # Raw view: the original text, removed spans struck through with their reason.
        out, styles, pos = [], [], 0
        length = 0
        for r in self.removed:
            if r.start < pos:
                continue
            keep = self.raw[pos : r.start]
            out.append(keep)
            length += len(keep)
            cut = self.raw[r.start : r.end]
            styles.append((length, length + len(cut), REMOVED_STYLE))
            out.append(cut)
            length += len(cut)
            reason = f" ⟨{r.reason}⟩"
            styles.append((length, length + len(reason), REASON_STYLE))
            out.append(reason)
            length += len(reason)
            pos = r.end
        out.append(self.raw[pos:])
        return "".join(out), styles

    def _labelled_text(self) -> tuple[str, list[tuple[int, int, Style]]]:
        """The article with a tag before each claim of this annotator."""
        pieces, pos, shift = [], 0, 0
        for claim in sorted(self.claims, key=lambda c: c.first):
            at = self.sentences[claim.first][0]
            if at < pos:
                continue  # overlapping claims (old data): the first one's tag shows
            label = tag(claim.label, bool(claim.comment or claim.evidence)) + " "
            pieces.append(self.text[pos:at])
            self._tags.append((at + shift, at + shift + len(label) - 1, TAG_STYLES[claim.label]))
            pieces.append(label)
            shift += len(label)
            self._inserts.append(at)
            self._shifts.append(shift)
            pos = at
        pieces.append(self.text[pos:])
        for claim in self.claims:
            start = self.to_display(self.sentences[claim.first][0])
            end = self.to_display(self.sentences[claim.last][1])
            self._claim_spans.append((start, end, claim.label))
        styles = [
            (self.to_display(e.start), self.to_display(e.end), ENTITY_STYLES.get(e.type, Style()))
            for e in self.entities
        ]
        return "".join(pieces), styles

    def _rebuild(self) -> None:
        # Wrap to the room left beside the vertical scrollbar: text never scrolls sideways.
        room = self.scrollable_content_region.width or self.size.width
        self._width = max(10, room - MARGIN - 1) if room else 78
        self._display, self._base_styles = self._source()
        self._lines = wrap_offsets(self._display, self._width)
        self._line_starts = [line.start for line in self._lines]
        self._ends = [self.to_display(e) for _, e in self.sentences]
        self.virtual_size = Size(self._width + MARGIN, len(self._lines))
        self._refresh_styles()

    def _refresh_styles(self) -> None:
        self._line_cache = {}
        self.refresh()

    def on_resize(self) -> None:
        self._rebuild()
        self.scroll_to_cursor()

    # --- cursor --------------------------------------------------------------------

    def watch_cursor(self) -> None:
        self._refresh_styles()
        self.scroll_to_cursor()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._follow_scroll()

    def _follow_scroll(self) -> None:
        """Scrolled by a page key or the wheel: the cursor comes along."""
        if self.raw_mode or not self.sentences or not self._lines or not self.size.height:
            return
        if self.cursor in self.visible_sentences():
            return
        visible = self.visible_sentences()
        if visible:
            self.selection = None
            top = self.scroll_offset.y
            starts_here = [k for k in visible if self.line_of(self.sentence_range(k)[0]) >= top]
            self.cursor = (starts_here or visible)[0]

    def sentence_range(self, k: int) -> tuple[int, int]:
        """Sentence k's drawn span."""
        s, e = self.sentences[k]
        return self.to_display(s), self.to_display(e)

    def visible_sentences(self) -> list[int]:
        """Sentences with at least one line on screen, in order."""
        top, height = self.scroll_offset.y, max(1, self.size.height)
        if not self._lines:
            return []
        first_offset = self._lines[min(top, len(self._lines) - 1)].start
        last_offset = self._lines[min(top + height, len(self._lines)) - 1].end
        k = bisect_right(self._ends, first_offset)
        out = []
        while k < len(self.sentences):
            start = self.sentence_range(k)[0]
            if start > last_offset:
                break
            out.append(k)
            k += 1
        return out

    def line_of(self, offset: int) -> int:
        """The visual line holding a drawn offset."""
        return max(0, bisect_right(self._line_starts, offset) - 1) if self._lines else 0

    def scroll_to_cursor(self) -> None:
        if self.raw_mode or not self.sentences or not self._lines:
            return
        start, end = self.sentence_range(min(self.cursor, len(self.sentences) - 1))
        top, bottom = self.line_of(start), self.line_of(max(start, end - 1))
        height = max(1, self.size.height)
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False)
        elif bottom >= y + height:
            self.scroll_to(y=max(top, bottom - height + 1), animate=False)

    def scroll_to_offset(self, offset: int) -> None:
        """Bring an article offset into view, a third down the pane."""
        line = self.line_of(self.to_display(offset))
        self.scroll_to(y=max(0, line - self.size.height // 3), animate=False)

    # --- drawing -------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if index >= len(self._lines):
            return Strip.blank(self.size.width, self.rich_style)
        cached = self._line_cache.get(index)
        if cached is None:
            cached = self._draw(index)
            self._line_cache[index] = cached
        return cached.crop(self.scroll_offset.x, self.scroll_offset.x + self.size.width)

    def _tinted(self) -> bool:
        """Tints only where they show as chosen: 24-bit colour, colours on."""
        console = self.app.console
        return console.color_system == "truecolor" and not getattr(self.app, "no_color", False)

    def _sentence_styles(self, start: int, end: int) -> list[tuple[int, int, Style]]:
        out: list[tuple[int, int, Style]] = []
        if self.raw_mode or not self.sentences:
            return out
        sel = self.selection or (self.cursor, self.cursor)
        tinted = self._tinted()
        k = bisect_right(self._ends, start)
        while k < len(self.sentences):
            s, e = self.sentence_range(k)
            if s >= end:
                break
            label = self.labels.get(k)
            if label and tinted:
                out.append((s, e, TINT_STYLES[label]))
            if sel[0] <= k <= sel[1]:
                out.append((s, e, CURSOR_STYLE))
            k += 1
        return out

    def _margin(self, start: int, end: int) -> list[Segment]:
        """The cursor's bar, else the letter of a claim this line continues."""
        if self.raw_mode or not self.sentences:
            return [Segment(" " * MARGIN)]
        lo, hi = self.selection or (self.cursor, self.cursor)
        s, _ = self.sentence_range(lo)
        _, e = self.sentence_range(hi)
        if s < end and e > start:
            return [Segment("▌", Style(bold=True)), Segment(" ")]
        for c_start, c_end, label in self._claim_spans:
            if c_start < start < c_end and label:
                return [Segment(LETTERS[label], TAG_STYLES[label]), Segment(" ")]
        return [Segment(" " * MARGIN)]

    def _draw(self, index: int) -> Strip:
        line = self._lines[index]
        text = Text(self._display[line.start : line.end], no_wrap=True, end="")
        spans = list(self._base_styles) + self._sentence_styles(line.start, line.end)
        spans += [(self.to_display(s), self.to_display(e), HIT_STYLE) for s, e in self.hits]
        spans += self._tags
        for s, e, style in spans:
            if e <= line.start or s >= line.end:
                continue
            text.stylize(style, max(s, line.start) - line.start, min(e, line.end) - line.start)
        segments = self._margin(line.start, line.end) + list(text.render(self.app.console))
        return (
            Strip(segments)
            .extend_cell_length(self.size.width)
            .crop(0, max(self.size.width, self._width + MARGIN))
            .apply_style(self.rich_style)  # a style on every segment, for colour filters
        )
