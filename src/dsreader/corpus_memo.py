"""What loading and cleaning a corpus gave, remembered until one of its files changes.

`stats` and `export` need each article's id, path and metadata (and `export` its
cleaned text and analysis, which the caches hold by key). Finding those keys means
reading, decoding and normalising every file and counting every line across the
folder (the cleaning's key depends on it): most of a command's time at 10,000
articles. This keeps, per corpus in the cache directory, the files' identities
(size, mtime, ctime, inode) and per article the id, path, metadata and cleaning
cache key. It is used only when the very same files are there, identical in all
four, and the same code and model read them; anything else reads the corpus again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import astuple, dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .article import CleanArticle
from .corpus import iter_files
from .corpus_index import corpus_cache_file, write_cache_json

MEMO_VERSION = 1
Stamps = dict[str, list[int]]


@dataclass(frozen=True)
class Remembered:
    """One article as a load of the corpus left it (no text: that is in the cache)."""

    id: str
    path: str
    clean_key: str
    title: str | None
    source: str | None
    author: str | None
    published: str | None


def remembered_row(article: CleanArticle) -> Remembered:
    """What the memo keeps of a cleaned article."""
    m = article.meta
    return Remembered(
        article.id, article.path, article.cache_key, m.title, m.source, m.author, m.published
    )


def memo_file(root: str | Path) -> Path | None:
    """Where this corpus's memo lives; None when caching is off."""
    return corpus_cache_file(root, "loads")


@lru_cache(maxsize=1)
def _code() -> str:
    """Everything besides the files that a load's result depends on."""
    from . import __version__
    from .analysis import _fingerprint
    from .cleanmodel import model_digest

    h = hashlib.sha256(
        f"{MEMO_VERSION}\0{__version__}\0{_fingerprint()}\0{model_digest()}".encode()
    )
    here = Path(__file__).parent
    for name in ("corpus.py", "textnorm.py", "pipeline.py", "corpus_memo.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()


def stamps(root: str | Path) -> Stamps:
    """Every corpus file's identity; taken before the files are read, so a file that
    changes while they are read makes the memo stale rather than wrong."""
    out: Stamps = {}
    for path in iter_files(Path(root)):
        try:
            st = os.stat(path)
        except OSError:
            continue
        out[str(path)] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    return out


def remembered(root: str | Path) -> list[Remembered] | None:
    """The articles of the last load, if every file is as it was then; else None."""
    path = memo_file(root)
    if path is None:
        return None
    try:
        data = json.loads(path.read_bytes())
        if data.get("code") != _code() or data.get("files") != stamps(root):
            return None
        return [Remembered(*row) for row in data["articles"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, torn or of another layout: load the corpus


def remember(root: str | Path, files: Stamps, articles: list[CleanArticle]) -> None:
    """Keep a load's result (`files` as `stamps` gave them before the load);
    articles not in the cleaning cache make no memo. Best effort, atomic."""
    path = memo_file(root)
    if path is None or not all(a.cache_key for a in articles):
        return
    rows = [astuple(remembered_row(a)) for a in articles]
    write_cache_json(path, {"code": _code(), "files": files, "articles": rows})


@dataclass
class CachedDocument:
    """What `export` reads of an analysed article, straight from the caches: the
    sentences and entities stay the dicts the analysis cache holds (a million-label
    export touches every entity of 10,000 articles; objects for them cost seconds)."""

    id: str
    path: str
    title: str | None
    source: str | None
    author: str | None
    published: str | None
    text: str
    sentences: list[dict] | None  # None: not read (the export needs no sentence ids)
    entities: list[dict]
    analyzed: bool = True

    @cached_property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


_scan = json.JSONDecoder().raw_decode
_TEXT_FIRST = '{"text": '


def _member(raw: str, name: str) -> object:
    """A top-level member of a cache entry, decoded alone, when no nested object of
    the entry has a member of that name: a quote inside a JSON string is always
    escaped, so `"name": ` can only be that member's key."""
    at = raw.find(f'"{name}": ')
    if at < 0:
        raise KeyError(name)
    return _scan(raw, at + len(name) + 4)[0]


def _read(key: str) -> str | None:
    from .analysis import default_cache

    path = default_cache()._path(key)
    try:
        return path.read_text("utf-8") if path is not None else None
    except (OSError, UnicodeDecodeError):
        return None


def cached_document(row: Remembered, sentences: bool = True) -> CachedDocument | None:
    """The analysed article from the caches; None when its cleaning or its analysis
    is not cached (then the corpus is loaded as usual, and Kiwi runs where needed).
    Only the members needed are decoded: the cleaning's text and seams (not what was
    removed), the entities and, if asked for, the sentences."""
    from .analysis import default_cache

    try:
        clean = _read(row.clean_key) or ""
        # "text" is each removed line's member too: the cleaning's own text comes first
        if clean.startswith(_TEXT_FIRST):
            text = _scan(clean, len(_TEXT_FIRST))[0]
        else:
            text = json.loads(clean)["text"]
        seams = tuple(_member(clean, "seams"))  # type: ignore[arg-type]
        analysis = _read(default_cache().key(text, seams))  # type: ignore[arg-type]
        entities = _member(analysis, "entities")  # type: ignore[arg-type]
        found = _member(analysis, "sentences") if sentences else None  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # missing, or an entry of another layout
    if not (isinstance(text, str) and isinstance(entities, list)):
        return None
    meta = (row.title, row.source, row.author, row.published)
    return CachedDocument(row.id, row.path, *meta, text, found, entities)  # type: ignore[arg-type]
