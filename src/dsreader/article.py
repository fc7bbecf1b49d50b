"""The plain data an article carries between steps: no rules, cheap to import.

Kept apart from `clean` and `entities` so that opening a corpus whose cleaning and
analysis are cached never loads (or compiles) the rules themselves.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass(frozen=True)
class Removed:
    start: int  # offsets into the raw (normalised) text
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class CleanArticle:
    id: str
    path: str
    raw: str
    text: str
    removed: tuple[Removed, ...]
    meta: Metadata
    # Offsets in `text` where removed junk used to sit; an entity must not span one.
    seams: tuple[int, ...] = field(default=())
    # Warnings about the cleaning itself, e.g. "most-prose-kept": the classifier would
    # have cut more than half the prose, so it was kept and the article flagged.
    flags: tuple[str, ...] = field(default=())
    # Where the cleaning cache keeps this result (see pipeline.clean_cached): how the
    # app brings back an article it put away. Empty when not cached.
    cache_key: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    type: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type}
