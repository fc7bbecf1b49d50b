"""The annotation store: a TinyDB file plus an fsync'd append-only journal.

Stock TinyDB rewrites the whole file on every change (hundreds of ms at 10k
records). Here a label is one fsync'd line appended to `<db>.journal`; the journal
is folded into the TinyDB file (temp file, fsync, rename) when the store closes or
the journal grows, and replayed on open after a crash. Between folds the TinyDB
file is always a complete, valid database that stock `TinyDB(path)` reads.

Several processes may share one database: every write takes an inter-process lock
and first reads what the others appended.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from . import __version__

LABELS = ("verified", "disputed", "opinion")
# --- skip label (temporary, replaced on merge) ---
SKIP = "skip"  # "not a claim"
ALL_LABELS = (*LABELS, SKIP)
# --- end skip label ---
FOLD_EVERY = 5000  # journal entries before a fold on the write path
Key = tuple[str, int, int, str]


class StoreError(Exception):
    """The database cannot be used as it is; the message says what to do."""


class LockTimeout(Exception):
    pass


class InterProcessLock:
    """An exclusive flock(2) on `<db>.lock`, polled until a timeout.

    The same lock filelock takes on Unix, in a few lines and without its import
    cost at start-up; elsewhere filelock does the work.
    """

    def __init__(self, path: str, timeout: float) -> None:
        self.lock_file, self.timeout = path, timeout
        self._fd: int | None = None
        self._depth = 0

    def __enter__(self) -> InterProcessLock:
        if self._depth == 0:
            self._acquire()
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._release()

    def _acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # not Unix
            from filelock import FileLock

            self._fallback = FileLock(self.lock_file, timeout=self.timeout)
            try:
                self._fallback.acquire()
            except LockTimeout:
                raise LockTimeout from None
            return
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._fd = fd
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockTimeout from None
                time.sleep(0.01)

    def _release(self) -> None:
        if self._fd is None:
            self._fallback.release()
            return
        import fcntl

        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def record_key(record: dict) -> Key:
    return (record["article_id"], int(record["start"]), int(record["end"]), record["annotator"])


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class AnnotationStore:
    """Labels by (article, claim span, annotator); each annotator has their own."""

    def __init__(self, path: str | Path, read_only: bool = False, lock_timeout: float = 10) -> None:
        self.path = Path(path)
        self.journal = self.path.with_name(self.path.name + ".journal")
        self._lock = InterProcessLock(str(self.path) + ".lock", timeout=lock_timeout)
        self.read_only = read_only or not self._writable()
        self._records: dict[Key, dict] = {}
        self._by_article: dict[str, dict[Key, dict]] = {}
        self.generation = 0  # grows with every change seen, ours or another process's
        self._foreign = False  # the file holds records another version wrote
        self._journal_pos = 0
        self._journal_id: tuple[int, int] | None = None
        self._journal_count = 0
        self._main_mtime = 0.0
        if not self.read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            self._load_all()

    # --- opening -----------------------------------------------------------------

    def _writable(self) -> bool:
        if self.path.exists():
            return os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        parent = self.path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        return os.access(parent, os.W_OK)

    @contextlib.contextmanager
    def _locked(self):
        if self.read_only:
            yield
            return
        try:
            with self._lock:
                yield
        except LockTimeout:
            raise StoreError(
                f"the database {self.path} is locked by another process; try again, "
                f"or remove {self._lock.lock_file} if no dsreader is running"
            ) from None

    def _read_main(self) -> dict[Key, dict]:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return {}
        try:
            data = json.loads(self.path.read_text("utf-8"))
            table = data.get("_default", {}) if isinstance(data, dict) else None
            if not isinstance(table, dict):
                raise ValueError("no '_default' table")
            others = sorted(set(data) - {"_default"})
            if others:  # another program's data: folding would drop it
                raise ValueError(f"it has other tables: {', '.join(map(str, others))[:40]}")
            records = {}
            for doc in table.values():
                records[record_key(doc)] = doc
                if doc.get("tool_version") != __version__:
                    self._foreign = True  # written by another version: back it up first
            return records
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise StoreError(
                f"{self.path} is not a valid annotation database ({str(exc)[:60]}); it was left "
                f"untouched: move it aside or restore a backup, then start again"
            ) from None

    def _reset(self) -> None:
        """Start again from the TinyDB file alone; the journal is re-read from its start."""
        self._records = self._read_main()
        self._by_article = {}
        for key, record in self._records.items():
            self._by_article.setdefault(key[0], {})[key] = record
        self._journal_pos = self._journal_count = 0
        self.generation += 1

    def _load_all(self) -> None:
        self._reset()
        self._main_mtime = self.path.stat().st_mtime if self.path.exists() else 0.0
        self._journal_id = None
        self._replay()

    def _replay(self) -> None:
        """Apply journal lines appended since we last looked (ours or another process's)."""
        try:
            st = self.journal.stat()
        except FileNotFoundError:
            if self._journal_id is not None:  # someone folded it away: reload
                self._journal_id = None
                self._reset()
            return
        ident = (st.st_ino, st.st_dev)
        if self._journal_id not in (None, ident) or st.st_size < self._journal_pos:
            self._reset()
        self._journal_id = ident
        if st.st_size == self._journal_pos:
            return
        with self.journal.open("rb") as fh:
            fh.seek(self._journal_pos)
            chunk = fh.read()
        end = chunk.rfind(b"\n") + 1  # a torn last line (crash mid-write) is ignored
        for line in chunk[:end].splitlines():
            try:
                entry = json.loads(line)
                self._apply(entry)
            except (ValueError, KeyError, TypeError):
                continue
            self._journal_count += 1
        self._journal_pos += end

    def _apply(self, entry: dict) -> None:
        self.generation += 1
        if entry["op"] == "put":
            record = entry["record"]
            key = record_key(record)
            self._records[key] = record
            self._by_article.setdefault(key[0], {})[key] = record
        elif entry["op"] == "del":
            key = tuple(entry["key"])
            self._records.pop(key, None)
            self._by_article.get(key[0], {}).pop(key, None)

    # --- reading -----------------------------------------------------------------

    def refresh(self) -> None:
        """See what other processes wrote since the last look."""
        if self.path.exists() and self.path.stat().st_mtime != self._main_mtime:
            with self._locked():
                self._load_all()
        else:
            self._replay()

    def all(self, annotator: str | None = None, article_id: str | None = None) -> list[dict]:
        """Records, optionally of one annotator and/or one article (indexed: the reader
        asks for one article's labels on every keystroke)."""
        pool = self._records if article_id is None else self._by_article.get(article_id, {})
        return [r for r in pool.values() if annotator is None or r["annotator"] == annotator]

    def get(self, key: Key) -> dict | None:
        return self._records.get(key)

    def __len__(self) -> int:
        return len(self._records)

    # --- writing -----------------------------------------------------------------

    def _append(self, entries: Iterable[dict]) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is read-only; labels cannot be saved")
        with self._locked():
            self._replay()
            data = b"".join(
                json.dumps(e, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
                for e in entries
            )
            fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            if self._journal_id is None:
                _fsync_dir(self.journal.parent)
            self._replay()  # applies our own lines, in the order the file has them
            if self._journal_count >= FOLD_EVERY:
                self._fold()

    def put(self, record: dict) -> dict:
        """Save a label durably; returns the stored record (with times and version)."""
        record = dict(record)
        old = self._records.get(record_key(record))
        stamp = now()
        record.setdefault("created_at", (old or {}).get("created_at") or stamp)
        record["updated_at"] = stamp
        record["tool_version"] = __version__
        self._append([{"op": "put", "record": record}])
        return record

    def restore(self, key: Key, record: dict | None) -> None:
        """Put back an earlier state of one claim (undo/redo): a record, or nothing."""
        if record is None:
            self.delete(key)
        else:
            self._append([{"op": "put", "record": record}])

    def delete(self, key: Key) -> None:
        if key in self._records:
            self._append([{"op": "del", "key": list(key)}])

    def put_many(self, records: list[dict]) -> None:
        """Bulk writes (imports): one fsync for all."""
        stamp = now()
        stamped = [
            {"created_at": stamp, "updated_at": stamp, "tool_version": __version__, **r}
            for r in records
        ]
        if stamped:
            self._append([{"op": "put", "record": r} for r in stamped])

    def merge(self, records: list[dict]) -> tuple[int, int, int]:
        """Import labels made elsewhere: (added, updated, skipped).

        Merged by (article, claim span, annotator). A claim already stored with the
        same label, comment and evidence is skipped, as is one whose stored copy is
        newer, so importing the same file twice changes nothing.
        """
        self.refresh()
        changed, added, skipped = [], 0, 0
        for key, record in {record_key(r): r for r in records}.items():
            old = self._records.get(key)
            if old is None:
                added += 1
            elif all(old.get(f) == record.get(f) for f in ("label", "comment", "evidence")) or (
                (old.get("updated_at") or "") >= (record.get("updated_at") or "")
            ):
                skipped += 1
                continue
            changed.append(record)
        self.put_many(changed)
        return added, len(changed) - added, skipped

    def _fold(self) -> None:
        """Write every record into the TinyDB file, then drop the journal. Lock held.

        Folding rewrites the whole file; one holding records that another version (or
        another tool) wrote is first copied to `<db>.bak-<time>`, unless a backup of it
        is already there.
        """
        if self._foreign and self.path.exists():
            if not any(self.path.parent.glob(f"{self.path.name}.bak-*")):
                self.backup()
            self._foreign = False
        table = {str(i): r for i, r in enumerate(self._records.values(), 1)}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"_default": table}, fh, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_dir(self.path.parent)
        with contextlib.suppress(FileNotFoundError):
            self.journal.unlink()
        self._main_mtime = self.path.stat().st_mtime
        self._journal_id = None
        self._journal_pos = self._journal_count = 0

    def fold(self) -> None:
        if self.read_only:
            return
        with self._locked():
            self._replay()
            if self.journal.exists() or not self.path.exists():
                self._fold()

    def close(self) -> None:
        with contextlib.suppress(StoreError):
            self.fold()

    def backup(self) -> Path:
        """A timestamped copy of the TinyDB file, kept before migrating it."""
        target = self.path.with_name(f"{self.path.name}.bak-{time.strftime('%Y%m%dT%H%M%S')}")
        shutil.copy2(self.path, target)
        return target

    # --- reviews (temporary, replaced on merge) ---
    # Review decisions in a sidecar journal `<db>.reviews.jsonl` (the main journal is
    # folded into a file with one table only, which would drop them).

    @property
    def _reviews_path(self) -> Path:
        return self.path.with_name(self.path.name + ".reviews.jsonl")

    def reviews(self, article_id: str | None = None) -> list[dict]:
        """Review decisions, one per claim (article, start, end)."""
        found: dict[tuple[str, int, int], dict] = {}
        try:
            lines = self._reviews_path.read_bytes().splitlines()
        except FileNotFoundError:
            lines = []
        for line in lines:
            try:
                entry = json.loads(line)
                if entry["op"] == "put":
                    found[review_key(entry["record"])] = entry["record"]
                else:
                    found.pop(tuple(entry["key"]), None)
            except (ValueError, KeyError, TypeError):
                continue
        return [r for r in found.values() if article_id in (None, r["article_id"])]

    def get_review(self, key: tuple[str, int, int]) -> dict | None:
        return next((r for r in self.reviews(key[0]) if review_key(r) == tuple(key)), None)

    def _append_review(self, entry: dict) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is read-only; review decisions cannot be saved")
        with self._locked():
            fd = os.open(self._reviews_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, json.dumps(entry, ensure_ascii=False).encode() + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
        self.generation += 1

    def put_review(self, record: dict) -> dict:
        record = {**record, "decided_at": now(), "tool_version": __version__}
        self._append_review({"op": "put", "record": record})
        return record

    def delete_review(self, key: tuple[str, int, int]) -> None:
        self._append_review({"op": "del", "key": list(key)})

    def restore_review(self, key: tuple[str, int, int], record: dict | None) -> None:
        if record is None:
            self.delete_review(key)
        else:
            self._append_review({"op": "put", "record": record})

    # --- end reviews (temporary) ---


def review_key(record: dict) -> tuple[str, int, int]:  # temporary, replaced on merge
    return (record["article_id"], int(record["start"]), int(record["end"]))


def anchor(record: dict, text: str) -> tuple[int, int] | None:
    """Where a claim sits in (possibly re-cleaned) text: its offsets, or the nearest copy."""
    start, end, claim = int(record["start"]), int(record["end"]), record["text"]
    if text[start:end] == claim:
        return start, end
    hits = []
    pos = text.find(claim)
    while pos != -1:
        hits.append(pos)
        pos = text.find(claim, pos + 1)
    if not hits:
        return None
    best = min(hits, key=lambda p: abs(p - start))
    return best, best + len(claim)
