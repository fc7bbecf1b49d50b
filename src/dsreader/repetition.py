"""Repetition across a corpus: which lines of an article recur in others of its source.

Kept apart from the feature code, with one regular expression, so that loading a
corpus (which computes it) stays cheap at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class LineContext:
    """How often each line of one article recurs in the other articles of its source.

    `repeats` maps a line key (see `line_key`) to the number of *other* articles of
    the same source folder that contain that line; `others` is how many other
    articles the folder holds. Built by `corpus.corpus_contexts`.
    """

    repeats: dict[str, int]
    others: int

    def digest(self) -> str:
        """What the cleaner reads of this context (counts capped at REPEAT_CAP), for the
        clean cache key: one more article of a site whose chrome every article already
        repeats leaves its siblings' cleanings valid."""
        return repr(sorted((k, min(v, REPEAT_CAP)) for k, v in self.repeats.items()))


# Recurring in this many other articles of the source is as strong a sign as it gets.
REPEAT_CAP = 3


def line_key(text: str) -> str:
    """A line compared across articles: letters and digits only, lower case."""
    return _NON_WORD.sub("", text).lower()
