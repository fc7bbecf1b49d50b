"""While the annotations database opens in a worker: the app works, labels wait.

A large database takes seconds to read. The library and the reader are shown
meanwhile; until the store is open the app's `session` is a `PendingSession`,
which shows no labels and keeps every labelling key pressed in order, to be
replayed on the real session the moment it is ready (nothing pressed is lost).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..session import ClaimStatus, Outcome

if TYPE_CHECKING:
    from ..analysis import Document

OPENING = "opening annotations…"

# A database file at least this large opens behind the first frame; a smaller one
# (a few ms to read) opens at once, before anything is drawn.
BACKGROUND_ABOVE = 256 * 1024


def opens_slowly(path: str | Path) -> bool:
    try:
        return Path(path).stat().st_size >= BACKGROUND_ABOVE
    except OSError:
        return False


@dataclass
class Waiting:
    """A labelling call made before the store was open, replayed later."""

    name: str
    args: tuple
    kwargs: dict


class OpeningStore:
    """Stands in for the store until it is open: writable, empty, nothing to say."""

    read_only = False
    generation = 0
    saving = False

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def wait_saved(self, timeout: float | None = None) -> bool:
        return True

    def take_sync_error(self) -> None:
        return None

    def take_warnings(self) -> list[str]:
        return []

    def close(self) -> None:
        pass


class PendingSession:
    """The session's reading side with no labels; its writing side queues."""

    def __init__(self) -> None:
        self.waiting: list[Waiting] = []

    # --- reading: nothing labelled yet ------------------------------------------------

    def claims(self, doc: Document, annotator: str | None = None) -> list:
        return []

    def sentence_labels(self, doc: Document) -> dict[int, str]:
        return {}

    def claim_at(self, doc: Document, first: int, last: int | None = None) -> None:
        return None

    def status(self, doc: Document, first: int, last: int | None = None) -> ClaimStatus:
        return ClaimStatus(first, first if last is None else last, None, 0)

    def others(self, doc: Document, first: int, last: int | None = None) -> list:
        return []

    def orphans(self, doc: Document) -> int:
        return 0

    def progress(self, doc: Document) -> tuple[int, int]:
        return 0, len(doc.sentences)

    def known_progress(self, article_id: str) -> None:
        return None

    def corpus_progress(self) -> tuple[int, int]:
        return 0, 0

    def uncounted(self) -> list[str]:
        return []

    def next_unlabelled(self, doc: Document, after: int) -> int | None:
        """The next sentence (the keys pressed so far are not placed yet)."""
        nxt = after + 1
        return nxt if nxt < len(doc.sentences) else None

    def next_disagreement(self, doc: Document, after: int) -> None:
        return None

    def next_unfinished(self, order, current: str) -> None:
        return None

    def disagreements(self, doc: Document) -> list:
        return []

    def review_items(self, order=None) -> list:
        return []

    def update(self, doc: Document) -> None:
        pass

    def set_documents(self, documents) -> None:
        pass

    # --- writing: kept in order for the real session -----------------------------------

    def _wait(self, name: str, *args, **kwargs) -> Outcome:
        self.waiting.append(Waiting(name, args, kwargs))
        return Outcome(f"{OPENING} the key is kept and saved when it is open", changed=True)

    def label(self, *args, **kwargs) -> Outcome:
        return self._wait("label", *args, **kwargs)

    def clear(self, *args, **kwargs) -> Outcome:
        return self._wait("clear", *args, **kwargs)

    def comment(self, *args, **kwargs) -> Outcome:
        return self._wait("comment", *args, **kwargs)

    def comment_refusal(self, doc: Document, first: int, last: int) -> None:
        return None

    def undo(self) -> Outcome:
        if self.waiting:
            self.waiting.pop()
            return Outcome("undone: the last key pressed while the annotations opened")
        return Outcome(f"{OPENING} nothing to undo yet")

    def redo(self) -> Outcome:
        return Outcome(f"{OPENING} nothing to redo yet")

    def decide(self, *args, **kwargs) -> Outcome:
        return self._wait("decide", *args, **kwargs)
