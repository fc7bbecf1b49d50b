"""What the screens share: an article's entry, the app they run in, safe text, the key bar.

Screens reach the app through `host()`, typed by the `Host` protocol, so no screen
module imports the app module (and the app imports them without a cycle).
"""

from __future__ import annotations

import gc
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from ..analysis import Document
from ..article import CleanArticle
from ..textnorm import display_safe

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from ..session import LabellingSession
    from ..store import AnnotationStore


def safe(text: str | None, fallback: str = "—") -> Text:
    """Untrusted text as a Text object: never parsed as markup, escapes removed."""
    return Text(display_safe(text)) if text else Text(fallback, style="dim")


_TYPES: dict[frozenset[str], frozenset[str]] = {}


@dataclass(eq=False)
class Entry:
    """One article of the library. Until its file is read and cleaned in the
    background, `article` is None and `doc` holds what the corpus index remembers
    (no text); `sentences` is the remembered count until the analysis is in.

    Only a few entries hold their whole article (the open one, its neighbours):
    the others are put away to a summary (metadata, counts, entity types, the
    filter's compressed text) and brought back from the disk caches by `key`."""

    article: CleanArticle | None
    doc: Document
    sentences: int | None = None
    analyzed: bool = False  # the analysis is in (whether or not the doc is held)
    key: str = ""  # the cleaning cache's key: how to bring the article back
    types: frozenset[str] = frozenset()  # entity types, for the `type:` filter
    haystack: bytes | tuple[int, int] = b""  # while put away: see put_away
    lead: str = ""  # while put away: the text's start, the row's title when it has none

    def __post_init__(self) -> None:
        if self.article is not None or self.doc.analyzed:
            self.fill(self.article, self.doc)

    @property
    def held(self) -> bool:
        """The whole article is in memory (else only its summary)."""
        return self.article is not None

    def fill(self, article: CleanArticle | None, doc: Document) -> None:
        """The article was cleaned or analysed (or brought back): hold it whole."""
        self.article, self.doc = article, doc
        self.haystack, self.lead = b"", ""
        if article is not None and article.cache_key:
            self.key = article.cache_key
        self.analyzed = doc.analyzed
        if doc.analyzed:
            self.sentences = len(doc.sentences)
            types = frozenset(e.type for e in doc.entities)
            self.types = _TYPES.setdefault(types, types)  # a few distinct sets, shared

    def fields(self) -> str:
        """What the library's free-text filter searches, lower-cased."""
        doc = self.doc
        parts = [doc.title or "", doc.source or "", doc.text] + [e.text for e in doc.entities]
        return "\x00".join(parts).lower()

    def put_away(self, spill: Spill | None = None) -> bool:
        """Keep only the summary; False when the article could not come back (no
        cache key: caching is off, or it was never cleaned). What the filter searches
        goes to the `spill` file (the place where it is kept), else compressed here."""
        if self.article is None or not self.key:
            return False
        fields = self.fields().encode("utf-8")
        where = spill.write(fields) if spill is not None else None
        self.haystack = where if where is not None else zlib.compress(fields, 1)
        d = self.doc
        self.lead = "" if d.title else d.text[:60]
        self.doc = Document(d.id, d.path, d.title, d.source, d.author, d.published, "", "", ())
        self.article = None
        return True

    def matches(self, query: str, spill: Spill | None = None) -> bool:
        """The (lower-case) query is in the title, source, text or an entity's name."""
        if isinstance(self.haystack, tuple):
            found = spill.read(*self.haystack) if spill is not None else None
            return found is not None and query.encode("utf-8") in found
        if self.haystack:
            return query.encode("utf-8") in zlib.decompress(self.haystack)
        return query in self.fields()


class Spill:
    """An unnamed temporary file for what the filter searches in articles put away:
    the operating system's cache holds it, not the app's memory."""

    def __init__(self) -> None:
        import tempfile

        try:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (open for the app's life)
        except OSError:
            self._file = None
        self._end = 0

    def write(self, data: bytes) -> tuple[int, int] | None:
        """Where `data` now is, or None when it could not be written."""
        if self._file is None:
            return None
        try:
            os.pwrite(self._file.fileno(), data, self._end)
        except OSError:
            return None
        where = (self._end, len(data))
        self._end += len(data)
        return where

    def read(self, offset: int, length: int) -> bytes | None:
        if self._file is None:
            return None
        try:
            return os.pread(self._file.fileno(), length, offset)
        except OSError:
            return None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class Host(Protocol):
    """What the screens use of the app."""

    store: AnnotationStore  # an OpeningStore stand-in while a large one opens
    session: LabellingSession  # a PendingSession meanwhile (see opening.py)
    annotator: str
    auto_advance: bool
    entries: list[Entry]
    order: list[str]  # article ids in the library's current sort and filter
    filter_terms: list[str]  # the library's free-text filter, highlighted in articles
    skipped: list[str]  # files the loader skipped, each with its reason

    def progress_line(self) -> str: ...
    def progress(self, entry: Entry) -> tuple[int, int]: ...
    def progress_of(self, entry: Entry) -> tuple[int, int] | None: ...

    @property
    def store_open(self) -> bool: ...
    @property
    def counting(self) -> bool: ...

    def entry(self, article_id: str) -> Entry | None: ...
    def row(self, article_id: str) -> Entry | None: ...
    def matches(self, entry: Entry, query: str) -> bool: ...
    def open_article(self, article_id: str) -> None: ...
    def neighbour(self, entry: Entry, delta: int) -> Entry | None: ...
    def notify(self, message: str, *, severity: str = ..., timeout: float | None = ...) -> None: ...


@contextmanager
def kept_from_gc() -> Iterator[None]:
    """Build long-lived structures without a garbage collection in the middle, then
    keep everything that exists out of the collector's passes (gc.freeze) until the
    reader closes (gc.unfreeze). With a 2 MB article's 44,000 sentences and entities
    a full pass took 75-150 ms: a visible pause on whichever key it fell on."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def host(node: DOMNode) -> Host:
    """The app a screen or widget runs in."""
    return cast("Host", node.app)


def complete(done: int, total: int) -> bool:
    """Every claim of an article labelled (an article with no claims is not done)."""
    return total > 0 and done >= total


KEY_NAMES = {"slash": "/", "question_mark": "?", "enter": "⏎", "escape": "esc"}


class KeyBar(Static):
    """The footer: the screen's important keys as one line of text.

    Textual's Footer builds a widget per key and rebuilds them on every focus
    change, which was most of the time it took to open an article. When the
    terminal is narrow the descriptions shorten, then go, so every key stays shown.
    """

    DEFAULT_CSS = "KeyBar { dock: bottom; height: 1; background: $panel; color: $text-muted; }"

    def on_mount(self) -> None:
        self._keys = [
            (KEY_NAMES.get(k := b.key.split(",")[0], k), b.description)
            for b in self.screen.BINDINGS
            if isinstance(b, Binding) and b.show
        ]
        self.on_resize()

    def on_resize(self) -> None:
        """All keys with descriptions if they fit; otherwise the palette hint goes (help
        lists it), then the last keys lose their descriptions, then keys go from the
        end. Back and help always stay whole."""
        width = self.size.width or 80
        items = [[k, d, True] for k, d in self._keys] + [["^p", "palette", True]]
        keep = {"q", "?"}

        def cells() -> int:
            return sum(len(k) + 3 + (len(d) if full else 0) for k, d, full in items)

        if cells() > width:
            items.pop()
        for item in reversed(items):
            if cells() <= width:
                break
            if item[0] not in keep:
                item[2] = False
        while cells() > width and len(items) > 1:
            items.remove(next((i for i in reversed(items) if i[0] not in keep), items[-1]))
        bar = Text(no_wrap=True, overflow="crop")
        for key, description, full in items:
            bar.append(f" {key} ", style="bold reverse")
            bar.append(f"{description} " if full else " ")
        self.update(bar)
