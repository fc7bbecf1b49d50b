"""The reader pane: the article wrapped to the width, drawn line by line.

Only visible lines are rendered (Textual's Line API), and every lookup a line needs
(its entities, sentences, claims, search hits, tags) is a bisection into an index by
offset, so a key press in a 2 MB article costs the lines on screen, not the article.
Lines are kept as offsets into the article itself; a label's tag is drawn into its
line, so adding one re-wraps one paragraph and leaves every other offset alone.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..session import LETTERS, Claim
from .common import kept_from_gc
from .spans import SpanIndex
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
from .wrap import wrap_paragraph

MARGIN = 2
PLAIN = Style()
GLUE = "\xa0"  # a tag is wrapped as one word with its sentence's first word


@lru_cache(maxsize=32)
def _tag_text(label: str | None, noted: bool) -> str:
    return tag(label, noted) + " "


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Cleaned text with entity highlights, a claim cursor and a tag on each label.

    A labelled claim gets a tag drawn before its text (`[V]`, `[D*]` …). Every offset
    here is the article's (the raw view's: the raw text with each removal's reason);
    a line is drawn with the tags that fall inside it. The cursor never leaves the
    screen: scrolling (keys or the wheel) takes it to the first visible sentence.
    """

    # Arrow keys move the sentence cursor (the screen's bindings); pages scroll.
    BINDINGS = [
        Binding("pageup", "page_up", "page up", show=False),
        Binding("pagedown,space", "page_down", "page down", show=False),
    ]

    # The gutter is kept for the scrollbar even before it shows: the wrap width never
    # changes when it appears (a 2 MB article would wrap twice on opening).
    DEFAULT_CSS = "ArticleView { height: 1fr; overflow-x: hidden; scrollbar-gutter: stable; }"
    # Not repainted whole on a move: watch_cursor redraws the lines of the claims it
    # left and reached.
    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

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
        self._starts: list[int] = []  # sentence starts and ends, for bisection
        self._ends: list[int] = []
        self._entities: SpanIndex[Style] = SpanIndex()
        self._hits: SpanIndex[None] = SpanIndex()
        self._claim_spans: SpanIndex[str | None] = SpanIndex()
        self._raw_styles: SpanIndex[Style] = SpanIndex()
        self._tags: dict[int, tuple[str, str | None]] = {}  # article offset -> tag, label
        self._tag_offsets: list[int] = []
        self._shown = ""  # the article, or in the raw view the raw text with reasons
        self._para_starts: list[int] = []
        self._lines: list[tuple[int, int]] = []  # offsets into _shown
        self._line_starts: list[int] = []
        self._width = 0
        self._line_cache: dict[int, Strip] = {}
        self._drawn_cursor = (0, 0)  # the sentences drawn with the cursor's style

    # --- content -------------------------------------------------------------------

    def load(self, text: str, sentences, entities, removed=(), raw: str = "") -> None:
        self.text = text
        self.raw = raw
        self.sentences = [(s.start, s.end) for s in sentences]
        self._starts = [s for s, _ in self.sentences]
        self._ends = [e for _, e in self.sentences]
        self.entities = list(entities)
        self._entities = SpanIndex(
            (e.start, e.end, ENTITY_STYLES.get(e.type, PLAIN)) for e in self.entities
        )
        self.removed = list(removed)
        self.claims = []
        self.labels = {}
        self._claim_spans = SpanIndex()
        self._tags, self._tag_offsets = {}, []
        self.selection = None
        self.set_hits([])
        self._rebuild()
        self.cursor = 0
        self.scroll_to(0, 0, animate=False)

    def release(self) -> None:
        """Let go of the article (its text, lines and indexes): the screen is closing."""
        self.text = self.raw = self._shown = ""
        self.sentences, self.entities, self.removed, self.claims = [], [], [], []
        self._starts, self._ends, self._lines, self._line_starts = [], [], [], []
        self._para_starts, self._tag_offsets = [], []
        self.labels, self._tags, self._line_cache = {}, {}, {}
        self._entities, self._hits = SpanIndex(), SpanIndex()
        self._claim_spans, self._raw_styles = SpanIndex(), SpanIndex()

    def set_claims(self, claims: list[Claim]) -> None:
        """This annotator's claims. Only the paragraphs whose tags changed re-wrap, and
        only the lines of the claims that changed are drawn again (a label redraws its
        sentence, not the pane), unless a paragraph's number of lines changed."""
        self.claims = claims
        labels: dict[int, str] = {}
        spans: list[tuple[int, int, str | None]] = []
        tags: dict[int, tuple[str, str | None]] = {}
        for claim in sorted(claims, key=lambda c: c.span):
            record = claim.record
            label = record.get("label")
            if label:
                for k in range(claim.first, claim.last + 1):
                    labels[k] = label
            at = self.sentences[claim.first][0]
            spans.append((at, self.sentences[claim.last][1], label))
            if at not in tags:  # overlapping claims (old data): the first one's tag shows
                noted = bool(record.get("comment") or record.get("evidence"))
                tags[at] = (_tag_text(label, noted), label)
        self.labels = labels
        dirty = [(a, b) for a, b, _ in set(self._claim_spans.spans) ^ set(spans)]
        self._claim_spans = SpanIndex(spans)
        old = self._tags
        changed = {at for at, t in tags.items() if old.get(at) != t}
        changed.update(at for at in old if at not in tags)
        self._tags, self._tag_offsets = tags, sorted(tags)
        if self.raw_mode:
            self._refresh_styles()
            return
        if changed:
            rewrapped, moved = self._rewrap(changed)
            dirty += rewrapped  # lines that begin or end elsewhere now
            dirty += [(at, at + 1) for at in changed]  # and the lines a tag is drawn in
            if moved is not None:  # every line from there on, to the end of the article
                dirty.append((moved, len(self._shown) + 1))
        self._refresh_spans(dirty)

    def set_raw(self, raw_mode: bool) -> None:
        self.raw_mode = raw_mode
        self._rebuild()
        if not raw_mode:
            self.scroll_to_cursor()

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        self.hits = hits
        self._hits = SpanIndex((s, e, None) for s, e in hits)
        self._refresh_styles()

    def set_selection(self, selection: tuple[int, int] | None) -> None:
        self.selection = selection
        self._cursor_lines_changed()

    def _raw_source(self) -> tuple[str, list[tuple[int, int, Style]]]:
        """The original text, removed spans struck through with their reason."""
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

    # --- wrapping ------------------------------------------------------------------

    def _rebuild(self) -> None:
        """Everything wrapped again: a new article, the raw view, a new width."""
        # Wrap to the room left beside the vertical scrollbar: text never scrolls sideways.
        self._width = self._wrap_width()
        if not self._width:  # not laid out yet: on_resize wraps, once, at the real width
            self._lines, self._line_starts, self._para_starts = [], [], []
            return
        if self.raw_mode:
            self._shown, styles = self._raw_source()
            self._raw_styles = SpanIndex(styles)
        else:
            self._shown = self.text
        self._para_starts, self._lines, pos = [], [], 0
        with kept_from_gc():  # 30,000 lines for a 2 MB article, kept while it is read
            for para in self._shown.split("\n"):
                self._para_starts.append(pos)
                self._lines.extend(self._wrap(pos, pos + len(para)))
                pos += len(para) + 1
        self._line_starts = [start for start, _ in self._lines]
        self.virtual_size = Size(self._width + MARGIN, len(self._lines))
        self._refresh_styles()

    def _wrap_width(self) -> int:
        """The room left beside the vertical scrollbar: text never scrolls sideways."""
        room = self.scrollable_content_region.width or self.size.width
        return max(10, room - MARGIN - 1) if room else 0

    def _rewrap(self, offsets: set[int]) -> tuple[list[tuple[int, int]], int | None]:
        """Re-wrap the paragraphs holding these offsets; the other lines stay. Returns
        the spans of the lines that changed, and where the first paragraph that
        changed its number of lines starts (every line after it moved), or None."""
        if not self._lines:
            return [], 0
        changed: list[tuple[int, int]] = []
        moved: int | None = None
        for p in sorted({bisect_right(self._para_starts, at) - 1 for at in offsets}):
            start = self._para_starts[p]
            end = (
                self._para_starts[p + 1] - 1 if p + 1 < len(self._para_starts) else len(self._shown)
            )
            lo = bisect_left(self._line_starts, start)
            hi = bisect_left(self._line_starts, end + 1)
            lines = self._wrap(start, end)
            if len(lines) != hi - lo:
                moved = start if moved is None else moved
            else:
                changed += [
                    new for old, new in zip(self._lines[lo:hi], lines, strict=True) if old != new
                ]
            self._lines[lo:hi] = lines
            self._line_starts[lo:hi] = [s for s, _ in lines]
        self.virtual_size = Size(self._width + MARGIN, len(self._lines))
        return changed, moved

    def _wrap(self, start: int, end: int) -> list[tuple[int, int]]:
        """One paragraph's lines, with the tags inside it taken into account."""
        if start == end:
            return [(start, start)]
        tags = self._tags_in(start, end)
        if not tags:
            return [
                (start + a, start + b)
                for a, b in wrap_paragraph(self._shown[start:end], self._width)
            ]
        pieces, marks, pos, shift = [], [], start, 0
        for at, label, _ in tags:
            pieces.append(self._shown[pos:at])
            pieces.append(label[:-1] + GLUE)
            drawn = at - start + shift
            marks.append((drawn, drawn + len(label), at))
            shift += len(label)
            pos = at
        pieces.append(self._shown[pos:end])

        def back(d: int) -> int:  # a drawn offset in the paragraph -> an article offset
            shift = 0
            for first, past, at in marks:
                if d < first:
                    break
                if d < past:
                    return at  # a break inside a tag puts the whole tag on the next line
                shift += past - first
            return start + d - shift

        return [(back(a), back(b)) for a, b in wrap_paragraph("".join(pieces), self._width)]

    def _tags_in(self, start: int, end: int) -> list[tuple[int, str, Style]]:
        """The tags drawn in start..end: offset, text, style."""
        if self.raw_mode:
            return []
        lo = bisect_left(self._tag_offsets, start)
        hi = bisect_left(self._tag_offsets, end)
        out = []
        for at in self._tag_offsets[lo:hi]:
            text, label = self._tags[at]
            out.append((at, text, TAG_STYLES[label]))
        return out

    def labelled_claims_over(self, first: int, last: int) -> int:
        """How many of the drawn claims with a label overlap sentences first..last."""
        start, end = self.sentences[first][0], self.sentences[last][1]
        return sum(1 for _, _, label in self._claim_spans.overlapping(start, end) if label)

    def _refresh_styles(self) -> None:
        self._line_cache = {}
        self._drawn_cursor = self._cursor_range()
        self.refresh()

    def on_resize(self) -> None:
        if self._wrap_width() != self._width or not self._lines:  # a new height: no re-wrap
            self._rebuild()
        self.scroll_to_cursor()

    # --- cursor --------------------------------------------------------------------

    def watch_cursor(self) -> None:
        self._cursor_lines_changed()
        self.scroll_to_cursor()

    def _cursor_range(self) -> tuple[int, int]:
        return self.selection or (self.cursor, self.cursor)

    def _cursor_lines_changed(self) -> None:
        """Redraw only the lines of the claim the cursor left and the one it is on."""
        now = self._cursor_range()
        spans = [
            (self.sentences[lo][0], self.sentences[hi][1])
            for lo, hi in {self._drawn_cursor, now}
            if self.sentences and 0 <= lo <= hi < len(self.sentences)
        ]
        self._drawn_cursor = now
        self._refresh_spans(spans)

    def _refresh_spans(self, spans: list[tuple[int, int]]) -> None:
        """Draw again the lines holding these article spans (start, end), and only them."""
        if len(self._line_cache) > 2000:
            self._line_cache = {}
        if not self._lines:
            self.refresh()
            return
        top, height = self.scroll_offset.y, max(1, self.size.height)
        for start, end in spans:
            first = self.line_of(start)
            last = self.line_of(max(start, end - 1))
            for index in [i for i in self._line_cache if first <= i <= last]:
                del self._line_cache[index]
            first, last = max(first, top), min(last, top + height - 1)
            if first <= last:  # on screen: the region is drawn again
                self.refresh_lines(first, last - first + 1)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._follow_scroll()

    def _follow_scroll(self) -> None:
        """Scrolled by a page key or the wheel: the cursor comes along."""
        if self.raw_mode or not self.sentences or not self._lines or not self.size.height:
            return
        visible = self.visible_sentences()
        if not visible or self.cursor in visible:
            return
        self.selection = None
        top = self.scroll_offset.y
        starts_here = [k for k in visible if self.line_of(self.sentences[k][0]) >= top]
        self.cursor = (starts_here or visible)[0]

    def sentence_range(self, k: int) -> tuple[int, int]:
        """Sentence k's span in the article."""
        return self.sentences[k]

    def visible_sentences(self) -> range:
        """Sentences with at least one line on screen, in order."""
        if not self._lines:
            return range(0)
        top, height = self.scroll_offset.y, max(1, self.size.height)
        first_offset = self._lines[min(top, len(self._lines) - 1)][0]
        last_offset = self._lines[min(top + height, len(self._lines)) - 1][1]
        return range(
            bisect_right(self._ends, first_offset), bisect_right(self._starts, last_offset)
        )

    def sentence_at(self, offset: int) -> int | None:
        """The sentence holding an article offset, else the first one after it."""
        k = bisect_right(self._ends, offset)
        return k if k < len(self.sentences) else None

    def line_of(self, offset: int) -> int:
        """The visual line holding an article offset."""
        return max(0, bisect_right(self._line_starts, offset) - 1) if self._lines else 0

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
        """Bring an article offset into view, a third down the pane."""
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

    def _tinted(self) -> bool:
        """Tints only where they show as chosen: 24-bit colour, colours on."""
        console = self.app.console
        return console.color_system == "truecolor" and not getattr(self.app, "no_color", False)

    def _styles(self, start: int, end: int) -> list[tuple[int, int, Style]]:
        """What colours the line start..end, in article offsets, weakest first."""
        if self.raw_mode:
            return list(self._raw_styles.overlapping(start, end))
        out = list(self._entities.overlapping(start, end))
        if self.sentences:
            lo, hi = self.selection or (self.cursor, self.cursor)
            tinted = self._tinted()
            for k in range(bisect_right(self._ends, start), bisect_left(self._starts, end)):
                s, e = self.sentences[k]
                label = self.labels.get(k)
                if label and tinted:
                    out.append((s, e, TINT_STYLES[label]))
                if lo <= k <= hi:
                    out.append((s, e, CURSOR_STYLE))
        out += [(s, e, HIT_STYLE) for s, e, _ in self._hits.overlapping(start, end)]
        return out

    def _margin(self, start: int, end: int) -> list[Segment]:
        """The cursor's bar, else the letter of a claim this line continues."""
        if self.raw_mode or not self.sentences:
            return [Segment(" " * MARGIN)]
        lo, hi = self.selection or (self.cursor, self.cursor)
        if self.sentences[lo][0] < end and self.sentences[hi][1] > start:
            return [Segment("▌", Style(bold=True)), Segment(" ")]
        for c_start, _, label in self._claim_spans.overlapping(start, start + 1):
            if c_start < start and label:
                return [Segment(LETTERS[label], TAG_STYLES[label]), Segment(" ")]
        return [Segment(" " * MARGIN)]

    def _draw(self, index: int) -> Strip:
        start, end = self._lines[index]
        tags = self._tags_in(start, end)
        text = Text(no_wrap=True, end="")
        pos = start
        for at, label, _ in tags:
            text.append(self._shown[pos:at])
            text.append(label)
            pos = at
        text.append(self._shown[pos:end])

        def local(offset: int, closing: bool = False) -> int:
            """Where an article offset is drawn in this line: after the tags before it
            (a tag at a span's start is outside a span ending there)."""
            shift = 0
            for at, label, _ in tags:
                if at > offset or (closing and at == offset):
                    break
                shift += len(label)
            return offset - start + shift

        for s, e, style in self._styles(start, end):
            text.stylize(style, local(max(s, start)), local(min(e, end), closing=True))
        for at, label, style in tags:
            text.stylize(style, local(at) - len(label), local(at) - 1)
        segments = self._margin(start, end) + list(text.render(self.app.console))
        return (
            Strip(segments)
            .extend_cell_length(self.size.width)
            .crop(0, max(self.size.width, self._width + MARGIN))
            .apply_style(self.rich_style)  # a style on every segment, for colour filters
        )
