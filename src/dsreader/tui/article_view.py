"""The reader pane: the article wrapped to the width, drawn line by line.

Only visible lines are rendered (Textual's Line API), so a cursor move in a long
article with hundreds of entities costs a few lines, not the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

# A colour per type *and* a second cue (bold / underline / italic) for 16 colours
# and monochrome terminals.
ENTITY_STYLES = {
    "PERSON": Style(color="bright_magenta", bold=True),
    "ORG": Style(color="bright_cyan", underline=True),
    "LOC": Style(color="bright_green", italic=True),
    "PRODUCT": Style(color="bright_yellow", bold=True, underline=True),
    "MONEY": Style(color="yellow", underline=True),
    "PERCENT": Style(color="bright_red", underline=True),
    "DATE": Style(color="blue", italic=True),
    "QUANTITY": Style(color="bright_blue", italic=True, underline=True),
}
LABEL_STYLES = {
    "verified": (Style(color="black", bgcolor="green", bold=True), Style(bgcolor="#12301a")),
    "disputed": (Style(color="black", bgcolor="red", bold=True), Style(bgcolor="#3a1414")),
    "opinion": (Style(color="black", bgcolor="yellow", bold=True), Style(bgcolor="#33300f")),
}
LABEL_LETTERS = {"verified": "V", "disputed": "D", "opinion": "O"}
CURSOR_STYLE = Style(reverse=True)
SELECTION_STYLE = Style(bgcolor="grey37")
REMOVED_STYLE = Style(strike=True, dim=True, color="red")
REASON_STYLE = Style(italic=True, color="yellow")
HIT_STYLE = Style(bgcolor="magenta", color="white", bold=True)
MARGIN = 2


@dataclass(frozen=True)
class VisualLine:
    start: int  # offsets into the displayed string
    end: int


def wrap_offsets(text: str, width: int) -> list[VisualLine]:
    """Wrap by terminal cells (Korean syllables are two wide), breaking at spaces."""
    width = max(4, width)
    lines: list[VisualLine] = []
    pos = 0
    for para in text.split("\n"):
        if not para:
            lines.append(VisualLine(pos, pos))
            pos += 1
            continue
        start = pos
        cells = 0
        last_space = -1
        i = pos
        end_para = pos + len(para)
        while i < end_para:
            ch = text[i]
            w = cell_len(ch)
            if cells + w > width and i > start:
                brk = last_space + 1 if last_space >= start else i
                lines.append(VisualLine(start, brk))
                start = brk
                while start < end_para and text[start] == " ":
                    start += 1
                cells = cell_len(text[start:i]) if start < i else 0
                last_space = -1
                if start > i:
                    i = start
                    continue
            if ch == " ":
                last_space = i
            cells += w
            i += 1
        lines.append(VisualLine(start, end_para))
        pos = end_para + 1
    return lines


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Cleaned text with entity highlights, a sentence cursor and label tints."""

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
        self.raw_mode = False
        self.sentences: list[tuple[int, int]] = []
        self.entities: list = []
        self.removed: list = []
        self.labels: dict[int, str] = {}  # sentence index -> label
        self.selection: tuple[int, int] | None = None  # sentence index range
        self.hits: list[tuple[int, int]] = []
        self._lines: list[VisualLine] = []
        self._width = 0
        self._display = ""

    # --- content -------------------------------------------------------------------

    def load(self, text: str, sentences, entities, removed=(), raw: str = "") -> None:
        self.text = text
        self.raw = raw
        self.sentences = [(s.start, s.end) for s in sentences]
        self.entities = list(entities)
        self.removed = list(removed)
        self.selection = None
        self.hits = []
        self._rebuild()
        self.cursor = 0
        self.scroll_to(0, 0, animate=False)

    def set_labels(self, labels: dict[int, str]) -> None:
        self.labels = labels
        self._refresh_styles()

    def set_raw(self, raw_mode: bool) -> None:
        self.raw_mode = raw_mode
        self._rebuild()

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        self.hits = hits
        self._refresh_styles()

    def _source(self) -> tuple[str, list[tuple[int, int, Style]]]:
        if not self.raw_mode:
            styles = [(e.start, e.end, ENTITY_STYLES.get(e.type, Style())) for e in self.entities]
            return self.text, styles
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
            tag = f" ⟨{r.reason}⟩"
            styles.append((length, length + len(tag), REASON_STYLE))
            out.append(tag)
            length += len(tag)
            pos = r.end
        out.append(self.raw[pos:])
        return "".join(out), styles

    def _rebuild(self) -> None:
        # Wrap to the room left beside the vertical scrollbar: text never scrolls sideways.
        room = self.scrollable_content_region.width or self.size.width
        self._width = max(10, room - MARGIN - 1) if room else 78
        self._display, self._base_styles = self._source()
        self._lines = wrap_offsets(self._display, self._width)
        self.virtual_size = Size(self._width + MARGIN, len(self._lines))
        self._refresh_styles()

    def _refresh_styles(self) -> None:
        self._line_cache: dict[int, Strip] = {}
        self.refresh()

    def on_resize(self) -> None:
        self._rebuild()
        self.scroll_to_cursor()

    # --- cursor --------------------------------------------------------------------

    def watch_cursor(self) -> None:
        self._refresh_styles()
        self.scroll_to_cursor()

    def line_of(self, offset: int) -> int:
        lo, hi = 0, len(self._lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._lines[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return max(0, lo)

    def scroll_to_cursor(self) -> None:
        if self.raw_mode or not self.sentences or not self._lines:
            return
        start, end = self.sentences[min(self.cursor, len(self.sentences) - 1)]
        top, bottom = self.line_of(start), self.line_of(max(start, end - 1))
        height = max(1, self.size.height)
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False)
        elif bottom >= y + height:
            self.scroll_to(y=max(top, bottom - height + 1), animate=False)

    def scroll_to_offset(self, offset: int) -> None:
        line = self.line_of(offset)
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

    def _sentence_styles(self, start: int, end: int) -> list[tuple[int, int, Style]]:
        out = []
        if self.raw_mode:
            return out
        sel = self.selection or (self.cursor, self.cursor)
        for k, (s, e) in enumerate(self.sentences):
            if e <= start or s >= end:
                continue
            label = self.labels.get(k)
            if label:
                out.append((s, e, LABEL_STYLES[label][1]))
            if sel[0] <= k <= sel[1]:
                out.append((s, e, CURSOR_STYLE if k == self.cursor else SELECTION_STYLE))
        return out

    def _margin(self, start: int, end: int) -> list[Segment]:
        if self.raw_mode:
            return [Segment(" " * MARGIN)]
        for k, (s, e) in enumerate(self.sentences):
            if s >= end:
                break
            if e > start and s >= start and k in self.labels:
                label = self.labels[k]
                return [Segment(LABEL_LETTERS[label], LABEL_STYLES[label][0]), Segment(" ")]
            if s <= start < e and k == self.cursor:
                return [Segment("▌", Style(color="bright_white")), Segment(" ")]
        return [Segment(" " * MARGIN)]

    def _draw(self, index: int) -> Strip:
        line = self._lines[index]
        text = Text(self._display[line.start : line.end], no_wrap=True, end="")
        spans = list(self._base_styles) + self._sentence_styles(line.start, line.end)
        spans += [(s, e, HIT_STYLE) for s, e in self.hits]
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
