"""The library's table: one line per article, drawn with the Line API.

Textual's DataTable renders every cell through a Rich console and cost a third of
the app's first paint; this draws each row once as a Strip and keeps the header
on top. Cells are `rich.text.Text` (never markup), padded by terminal cells so
Korean titles line up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .keys import keys

HEADER_STYLE = Style(bold=True)
CURSOR_STYLE = Style(reverse=True)
CURSOR_UNFOCUSED_STYLE = Style(underline=True)


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # 0: takes the room the others leave
    right: bool = False


class ArticleTable(ScrollView, can_focus=True):
    """Rows of cells with a row cursor; the screen decides what Enter does."""

    BINDINGS = [
        Binding("down," + keys("j"), "move(1)", "down", show=False),
        Binding("up," + keys("k"), "move(-1)", "up", show=False),
        Binding("home," + keys("g"), "edge(0)", "first", show=False),
        Binding("end,G", "edge(1)", "last", show=False),
        Binding("pagedown", "page(1)", "page down", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
    ]
    DEFAULT_CSS = "ArticleTable { height: 1fr; overflow-x: hidden; }"
    cursor_row: reactive[int] = reactive(0)

    def __init__(self, columns: list[Column], **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns = columns
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        self._cells_of: Callable[[str], list[Text]] = lambda key: []
        self._cells: dict[int, list[Text]] = {}
        self._strips: dict[int, Strip] = {}

    # --- content -------------------------------------------------------------------

    def set_rows(self, rows: list[tuple[str, list[Text]]]) -> None:
        """Replace every row (key, cells); the cursor stays on the same row number."""
        cells = dict(rows)
        self.set_keys([key for key, _ in rows], cells.__getitem__, keep_key=False)

    def set_keys(
        self, keys: list[str], cells_of: Callable[[str], list[Text]], keep_key: bool = True
    ) -> None:
        """Replace every row by its key; a row's cells are asked of `cells_of` only
        when it is drawn, so 10,000 rows cost what the visible ones cost. With
        `keep_key` the cursor stays on the same article if it is still shown."""
        before = self.cursor_key
        self._keys = keys
        self._index = {key: i for i, key in enumerate(keys)}
        self._cells_of = cells_of
        self._cells = {}
        self.virtual_size = Size(self.size.width, len(keys) + 1)
        if keep_key and before in self._index:
            self.cursor_row = self._index[before]  # type: ignore[index]
        else:
            self.cursor_row = min(self.cursor_row, max(0, len(keys) - 1))
        self._redraw()

    def update_key(self, key: str) -> bool:
        """Redraw one row (its cells asked again); False when the key is not shown."""
        index = self._index.get(key)
        if index is None:
            return False
        self._cells.pop(index, None)
        if self._strips.pop(index, None) is not None:
            self.refresh()
        return True

    def refresh_all(self) -> None:
        """Ask every row's cells again when it is next drawn."""
        self._cells = {}
        self._redraw()

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def keys(self) -> list[str]:
        return self._keys

    def get_row_at(self, index: int) -> list[Text]:
        cells = self._cells.get(index)
        if cells is None:
            cells = self._cells[index] = self._cells_of(self._keys[index])
        return cells

    @property
    def cursor_key(self) -> str | None:
        return self._keys[self.cursor_row] if self._keys else None

    def widths(self) -> list[int]:
        fixed = sum(c.width + 1 for c in self.columns if c.width)
        flexible = max(10, (self.size.width or 80) - fixed - 1)
        return [c.width or flexible for c in self.columns]

    # --- cursor --------------------------------------------------------------------

    def watch_cursor_row(self) -> None:
        self._redraw()
        height = max(1, self.size.height - 1)
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False)

    def action_move(self, delta: int) -> None:
        if self._keys:
            self.cursor_row = max(0, min(len(self._keys) - 1, self.cursor_row + delta))

    def action_edge(self, end: int) -> None:
        if self._keys:
            self.cursor_row = len(self._keys) - 1 if end else 0

    def action_page(self, delta: int) -> None:
        self.action_move(delta * max(1, self.size.height - 2))

    # --- drawing -------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._keys) + 1)
        self._redraw()

    def _redraw(self) -> None:
        self._strips = {}
        self.refresh()

    def _line(self, cells: list[Text], style: Style | None) -> Strip:
        segments: list[Segment] = [Segment(" ")]
        for column, width, cell in zip(self.columns, self.widths(), cells, strict=False):
            text = cell.copy()
            text.truncate(width, overflow="ellipsis", pad=False)
            pad = width - text.cell_len
            if column.right:
                segments.append(Segment(" " * pad))
            segments.extend(text.render(self.app.console))
            if not column.right:
                segments.append(Segment(" " * pad))
            segments.append(Segment(" "))
        # Every segment gets a style (the widget's as the base): Textual's colour
        # filters (NO_COLOR, 16 colours) expect one on each.
        strip = Strip(segments).extend_cell_length(self.size.width).crop(0, self.size.width)
        strip = strip.apply_style(self.rich_style)
        return strip.apply_style(style) if style else strip

    def render_line(self, y: int) -> Strip:
        if y == 0:  # the header stays on top while the rows scroll
            header = [Text(c.title, style=HEADER_STYLE) for c in self.columns]
            return self._line(header, None)
        index = self.scroll_offset.y + y - 1
        if index >= len(self._keys):
            return Strip.blank(self.size.width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            style = None
            if index == self.cursor_row:
                style = CURSOR_STYLE if self.has_focus else CURSOR_UNFOCUSED_STYLE
            strip = self._strips[index] = self._line(self.get_row_at(index), style)
        return strip

    def on_focus(self) -> None:
        self._redraw()

    def on_blur(self) -> None:
        self._redraw()
