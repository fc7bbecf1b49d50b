"""Which articles the app holds whole: the ones on screen and a few recent ones.

The app's memory must not grow with the corpus: an article off screen is put away
to its library row's summary (see `Entry.put_away`) and brought back from the
on-disk caches when it is opened, or when its labels must be placed. Bringing one
back reads its file (the raw text, for the removed-lines view) and the cleaning
and analysis caches: no Kiwi, no rules.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path

from ..analysis import Document, cached, unanalyzed
from ..article import CleanArticle
from .common import Entry, Spill

KEEP = 8  # articles held besides the ones on screen


def bring_back(entry: Entry) -> tuple[CleanArticle, Document] | None:
    """The entry's article and Document from its file and the caches, or None (the
    file changed or went, the cache entry is gone). Touches no shared state: safe
    in any thread."""
    from ..corpus import load_file
    from ..pipeline import from_cache

    if not entry.key:
        return None
    articles, _ = load_file(Path(entry.doc.path))
    raw = next((a for a in articles if a.id == entry.doc.id), None)
    if raw is None:
        return None
    article = from_cache(raw, entry.key)
    if article is None:
        return None
    return article, cached(article) or unanalyzed(article)


class Shelf(MutableMapping[str, Document]):
    """The session's documents by id: whole Documents, brought back when put away.

    `shown()` names the articles on screen, which are never put away; of the others
    the `keep` most recently used stay held."""

    def __init__(
        self, by_id: dict[str, Entry], shown: Callable[[], set[str]], keep: int = KEEP
    ) -> None:
        self.by_id = by_id
        self.shown = shown
        self.keep = keep
        self._held: OrderedDict[str, None] = OrderedDict()
        self.put_aside = 0  # articles put away so far
        self.spill = Spill()  # what the filter searches in them

    def held(self, entry: Entry) -> None:
        """The entry now holds its article (filled or brought back): put others away."""
        article_id = entry.doc.id
        self._held[article_id] = None
        self._held.move_to_end(article_id)
        if len(self._held) <= self.keep:
            return
        shown = self.shown()
        for old in list(self._held):
            if len(self._held) <= self.keep:
                break
            if old in shown or old == article_id:
                continue
            del self._held[old]
            other = self.by_id.get(old)
            if other is not None and other.put_away(self.spill):
                self.put_aside += 1

    def hold(self, entry: Entry) -> Entry:
        """The entry with its whole article, brought back if it was put away."""
        if not entry.held and entry.key:
            found = bring_back(entry)
            if found is None:
                entry.key = ""  # cleaned again when the background work gets to it
            else:
                entry.fill(*found)
        if entry.held:
            self.held(entry)
        return entry

    def reset(self, by_id: dict[str, Entry]) -> None:
        self.by_id = by_id
        self._held = OrderedDict((k, None) for k in self._held if k in by_id)

    # --- the mapping the session reads ---------------------------------------------

    def __getitem__(self, article_id: str) -> Document:
        return self.hold(self.by_id[article_id]).doc

    def __setitem__(self, article_id: str, doc: Document) -> None:
        entry = self.by_id.get(article_id)
        if entry is not None and entry.doc is not doc:
            entry.fill(entry.article if entry.article and entry.article.id == doc.id else None, doc)

    def __delitem__(self, article_id: str) -> None:
        raise TypeError("the corpus's articles are set by the app")

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_id)

    def __len__(self) -> int:
        return len(self.by_id)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.by_id
