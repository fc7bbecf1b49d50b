"""What the library showed last time, so the next start shows it before reading a file.

One small JSON file per corpus folder in the cache directory: each article's id,
path, title, source, author, date and sentence count, each file's size and mtime,
and the files that were skipped with their reasons. It is only a first guess: the
rows are replaced as the files are read again (a changed file shows its new
metadata a moment later; a row whose file changed size or time shows no
remembered count).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

INDEX_VERSION = 1


@dataclass
class IndexRow:
    id: str
    path: str
    title: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None
    sentences: int | None = None  # None: not analysed when the index was written


@dataclass
class CorpusIndex:
    rows: list[IndexRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    files: dict[str, list[int]] = field(default_factory=dict)  # path -> [size, mtime_ns]


def index_file(root: str | Path) -> Path | None:
    """Where the index of this corpus lives; None when caching is off."""
    return corpus_cache_file(root, "corpus")


def corpus_cache_file(root: str | Path, kind: str) -> Path | None:
    """A file about this corpus folder in the cache directory's `kind` folder, named
    by the folder's resolved path; None when caching is off."""
    from .analysis import default_cache

    directory = default_cache().directory
    if directory is None:
        return None
    key = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:16]
    return directory / kind / f"{key}.json"


def read_index(root: str | Path) -> CorpusIndex:
    """The remembered rows, or an empty index (missing, torn or from another version)."""
    path = index_file(root)
    if path is None:
        return CorpusIndex()
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("version") != INDEX_VERSION:
            return CorpusIndex()
        return CorpusIndex(
            rows=[IndexRow(**row) for row in data["rows"]],
            skipped=[str(s) for s in data["skipped"]],
            files={str(k): list(v) for k, v in data["files"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return CorpusIndex()


def file_stamp(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def write_index(root: str | Path, index: CorpusIndex) -> None:
    """Atomically replace the index; a read-only cache only costs the next start."""
    path = index_file(root)
    if path is None:
        return
    data = {
        "version": INDEX_VERSION,
        "rows": [asdict(r) for r in index.rows],
        "skipped": index.skipped,
        "files": index.files,
    }
    write_cache_json(path, data)


def write_cache_json(path: Path, data: dict) -> None:
    """Replace a cache file whole (readers never see half of it); best effort: a
    read-only cache only costs the next run the work it would have saved."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(data, ensure_ascii=False))
        os.replace(tmp, path)
    except OSError:
        pass
