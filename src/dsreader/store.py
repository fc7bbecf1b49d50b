"""The annotation store: TinyDB as the engine, made durable and shareable.

Stock TinyDB rewrites the whole JSON file on every change (hundreds of ms at 10k
labels) and knows nothing of other processes. Here TinyDB keeps its role (tables,
documents, `Query`) and is extended through its own hooks:

- `JournalStorage` (a TinyDB `Storage`) holds the database in memory, appends each
  single-document change as one fsync'd line to `<db>.journal`, and folds the
  journal into the JSON file (temporary file, fsync, rename) when the store closes
  or the journal grows. Between folds the file is always a complete database that
  stock `TinyDB(path)` reads.
- `JournaledTable` (a TinyDB `Table`) turns one label into one journal line instead
  of a whole-table rewrite, and keeps TinyDB's query cache honest when another
  process wrote.

Several processes may share one database. Every write takes an inter-process lock,
first checks whether the file or journal changed under it (inode, size, mtime) and
reloads what did, so a fold always writes the union. Readers take a consistent
snapshot without the lock: they retry when a fold replaced the file while they read.
A label is acknowledged only after its line is completely written and fsync'd; on a
full disk or an I/O error nothing is acknowledged and the journal is put back.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as _field
from datetime import datetime, timezone
from operator import methodcaller
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from . import __version__, jsonslices
from .atomic import create_temp, link_aside, remove_stale
from .syncer import Syncer, fsync_folder

LABELS = ("verified", "disputed", "opinion")
SKIP = "skip"  # "not a claim": headlines, captions, section heads
ALL_LABELS = (*LABELS, SKIP)
# A fold rewrites the whole file (about 13 s at 1,000,000 labels), so the journal may
# grow with the database before one lands on a key press: the cost stays amortised.
FOLD_EVERY = 5000  # journal entries before a fold on the write path, at the least
FOLD_ON_CLOSE_UP_TO = 50_000  # larger databases fold on close only past the threshold
LABELS_TABLE = "_default"  # TinyDB's default table, so stock TinyDB(path).all() reads labels
REVIEWS_TABLE = "reviews"
Key = tuple


class StoreError(Exception):
    """The database cannot be used as it is; the message says what to do."""


class StoreBusy(StoreError):
    """Another process holds the lock longer than we wait; trying again may work."""


class LockTimeout(Exception):
    pass


class InterProcessLock:
    """An exclusive flock(2) on `<db>.lock`, polled until a timeout, re-entrant.

    flock is released by the kernel when its holder dies, so a lock file left on
    disk is never stale and never needs deleting. Elsewhere filelock does the work.
    """

    def __init__(self, path: str, timeout: float) -> None:
        self.lock_file, self.timeout = path, timeout
        self._fd: int | None = None
        self._depth = 0
        # Re-entrant for one thread only: the app commits a fold in a worker thread
        # while its interface thread may write, and each must wait for the other.
        self._threads = threading.RLock()
        self._owner: int | None = None

    @property
    def held(self) -> bool:
        """Held by the calling thread."""
        return self._depth > 0 and self._owner == threading.get_ident()

    def __enter__(self) -> InterProcessLock:
        if not self._threads.acquire(timeout=self.timeout):
            raise LockTimeout
        try:
            if self._depth == 0:
                self._acquire()
                self._owner = threading.get_ident()
        except BaseException:
            self._threads.release()
            raise
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        try:
            if self._depth == 0:
                self._owner = None
                self._release()
        finally:
            self._threads.release()

    def _acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # not Unix
            from filelock import FileLock
            from filelock import Timeout as FileLockTimeout

            self._fallback = FileLock(self.lock_file, timeout=self.timeout)
            try:
                self._fallback.acquire()
            except FileLockTimeout:
                raise LockTimeout from None
            return
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o666)
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
                time.sleep(0.005)

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
    """A label is one annotator's answer on one claim span of one article."""
    return (record["article_id"], int(record["start"]), int(record["end"]), record["annotator"])


def review_key(record: dict) -> Key:
    """A review decision is the one final answer on a claim span."""
    return (record["article_id"], int(record["start"]), int(record["end"]))


# --- validation -------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _span_problem(doc: dict) -> str | None:
    if not isinstance(doc.get("article_id"), str) or not doc["article_id"]:
        return "no article_id"
    start, end = doc.get("start"), doc.get("end")
    if not (_is_int(start) and _is_int(end) and 0 <= start < end):
        return "start/end are not a span"
    if not isinstance(doc.get("text"), str):
        return "no text"
    for field in ("comment", "evidence"):
        if doc.get(field) is not None and not isinstance(doc[field], str):
            return f"{field} is not text"
    return None


def label_problem(doc: object) -> str | None:
    """Why a label record cannot be used, or None. A comment-only record has label None."""
    if not isinstance(doc, dict):
        return "not a record"
    if not isinstance(doc.get("annotator"), str) or not doc["annotator"]:
        return "no annotator"
    if doc.get("label") not in (*ALL_LABELS, None):
        return f"unknown label {str(doc.get('label'))[:20]!r}"
    return _span_problem(doc)


def review_problem(doc: object) -> str | None:
    if not isinstance(doc, dict):
        return "not a record"
    if not isinstance(doc.get("reviewer"), str) or not doc["reviewer"]:
        return "no reviewer"
    if doc.get("label") not in ALL_LABELS:
        return f"unknown label {str(doc.get('label'))[:20]!r}"
    return _span_problem(doc)


def _plainly_valid(doc: object, person: str) -> bool:
    """The common case of label_problem/review_problem returning None, in one expression:
    a million records are checked on every open. False means: ask the exact check."""
    return (
        type(doc) is dict
        and type(doc.get(person)) is str
        and type(doc.get("label")) is str  # a list would not even hash
        and doc["label"] in _VALID_LABELS
        and type(doc.get("article_id")) is str
        and type(doc.get("start")) is int
        and type(doc.get("end")) is int
        and 0 <= doc["start"] < doc["end"]
        and type(doc.get("text")) is str
        and type(doc.get("comment")) in _OPTIONAL_TEXT
        and type(doc.get("evidence")) in _OPTIONAL_TEXT
        and bool(doc[person])
        and bool(doc["article_id"])
    )


_VALID_LABELS = frozenset(ALL_LABELS)
_OPTIONAL_TEXT = (str, type(None))
_TOOL_VERSION = methodcaller("get", "tool_version")


class _TableKind:
    """How one table's documents are keyed and checked."""

    def __init__(
        self, key: Callable[[dict], Key], problem: Callable[[object], str | None], person: str
    ):
        self.key, self.problem, self.person = key, problem, person
        self.key_length = len(key({"article_id": "a", "start": 0, "end": 1, "annotator": "x"}))

    def key_from_json(self, raw: object) -> Key | None:
        if not isinstance(raw, list) or len(raw) != self.key_length:
            return None
        if not isinstance(raw[0], str) or not (_is_int(raw[1]) and _is_int(raw[2])):
            return None
        if self.key_length == 4 and not isinstance(raw[3], str):
            return None
        return tuple(raw)


KINDS = {
    LABELS_TABLE: _TableKind(record_key, label_problem, "annotator"),
    REVIEWS_TABLE: _TableKind(review_key, review_problem, "reviewer"),
}


# --- files ------------------------------------------------------------------------------

FileIdent = tuple[int, int, int, int]


def _ident(path: Path) -> FileIdent | None:
    """Identity of a file's current content: a fold's rename changes the inode."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)


def _close_aside(fd: int) -> None:
    """Close in a thread of its own: the last descriptor of a folded journal frees the
    file (100 MB at a million labels: 47 ms of the interface thread on a key)."""
    try:
        threading.Thread(target=os.close, args=(fd,), name="close", daemon=True).start()
    except RuntimeError:  # no thread to be had: here, then
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    """os.write may write less than asked (full disk): go on, or fail loudly."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(28, "No space left on device")
        view = view[written:]


def _write_temp(path: Path, chunks: Iterable[bytes]) -> Path:
    """A fsync'd temporary file beside `path`, to be renamed over it.

    It gets the mode and group of the file it will replace (a shared database stays
    shared); with no such file, the umask's mode, like any file the user creates.
    """
    fd, tmp = create_temp(path)
    try:
        try:
            old = os.stat(path)
        except FileNotFoundError:
            old = None
        if old is not None:
            os.fchmod(fd, stat.S_IMODE(old.st_mode))
            with contextlib.suppress(OSError):
                os.fchown(fd, -1, old.st_gid)
        for chunk in chunks:
            _write_all(fd, chunk)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    return tmp


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: temporary file, fsync, rename, fsync the folder."""
    tmp = _write_temp(path, [data])
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(path.parent)


def remove_stale_temporaries(path: Path) -> int:
    """Leftovers of interrupted rewrites of the database and its companions."""
    return remove_stale(_companions(path), legacy=[".tmp-*.json"])  # versions up to 0.1


def _companions(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + s) for s in (".journal", ".fold"))]


def check_database_path(path: Path) -> None:
    """One clear sentence for a path that cannot be a database file."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        parent = path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise StoreError(
                f"the database {path} cannot be created: {parent} is not a folder"
            ) from None
        return
    except OSError as exc:
        raise StoreError(f"the database {path} cannot be opened ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(
            f"the database {path} is a folder; give a file, e.g. --db {path / 'annotations.json'}"
        )
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"the database {path} is not a regular file")
    if not os.access(path, os.R_OK):
        raise StoreError(f"the database {path} cannot be read (permission denied)")


@dataclass(repr=False)
class FoldPlan:
    """A snapshot of the database on its way into a temporary file (no lock held):
    the tables as of journal offset `upto` of journal `journal` over file `main`.
    Its repr names no record: a dataclass's own would spell out a million of them
    (Textual's `@work` describes its arguments so: 18 s of the interface thread)."""

    path: Path
    tables: dict | None  # None: copied by `write`, from `source`
    main: FileIdent | None
    journal: tuple[int, int] | None
    upto: int
    tmp: Path | None = None
    backup: Callable[[], object] | None = None  # the first rewrite of another version's file
    rejected: list[bytes] = _field(default_factory=list)  # invalid lines before `upto`
    pause: Callable[[], None] | None = None  # between pieces (see JournalStorage.pause)
    source: Callable[[], dict] | None = None  # the tables' copy, taken in `write`

    def take_copy(self) -> dict:
        """The snapshot's tables, copied now if they were not yet. A copy taken after
        `upto` may hold later lines too: the journal keeps them from `upto` on, and a
        line applied twice in order gives the same labels (each one a whole record
        put, or a key deleted)."""
        if self.tables is None:
            assert self.source is not None
            if self.pause is not None:
                self.pause()
            self.tables = self.source()
        return self.tables

    def __repr__(self) -> str:
        count = "?" if self.tables is None else sum(map(len, self.tables.values()))
        return f"FoldPlan({str(self.path)!r}, {count} documents, upto={self.upto})"

    def write(self) -> None:
        """Serialise document by document, so a thread doing this lets the interface
        thread run (one json.dumps of a million labels would hold the GIL for seconds).
        A backup due is made here too, not under the lock (a copy of a 900 MB file)."""
        if self.backup is not None:
            self.backup()
        self.tmp = _write_temp(self.path, _json_chunks(self.take_copy(), pause=self.pause))

    def discard(self) -> None:
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                self.tmp.unlink()
            self.tmp = None


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json_chunks(
    tables: dict[str, dict[str, dict]],
    every: int = 2000,
    pause: Callable[[], None] | None = None,
) -> Iterator[bytes]:
    """The same JSON as one `json.dumps(tables)`, in pieces; `pause` between them."""
    yield b"{"
    for t, (name, table) in enumerate(tables.items()):
        parts = [("," if t else "") + _encode(name) + ":{"]
        for d, (doc_id, doc) in enumerate(table.items()):
            parts.append(("," if d else "") + _encode(doc_id) + ":" + _encode(doc))
            if len(parts) >= every:
                yield "".join(parts).encode()
                parts = []
                if pause is not None:
                    pause()
        parts.append("}")
        yield "".join(parts).encode()
    yield b"}"


def _build_index(
    tables: dict[str, dict[str, dict]],
) -> tuple[dict[str, dict[Key, str]], dict[str, dict[str, dict[Key, str]]], dict[str, int]]:
    """Each document's id by key and by article, and each table's next id."""
    all_ids: dict[str, dict[Key, str]] = {}
    all_groups: dict[str, dict[str, dict[Key, str]]] = {}
    next_id: dict[str, int] = {}
    for name, table in tables.items():
        key = KINDS[name].key
        ids = all_ids[name] = {}
        groups = all_groups[name] = {}
        for doc_id, doc in table.items():
            k = key(doc)
            ids[k] = doc_id
            groups.setdefault(k[0], {})[k] = doc_id
        next_id[name] = max(map(int, table), default=0) + 1
    return all_ids, all_groups, next_id


# --- the TinyDB storage -----------------------------------------------------------------


class JournalStorage(Storage):
    """A TinyDB Storage: the JSON file, plus a journal of single-document changes.

    `read()` returns the in-memory database (no I/O: TinyDB calls it on every query);
    `sync()`/`append()` bring in what other processes wrote.
    """

    def __init__(
        self,
        path: str | Path,
        read_only: bool = False,
        lock_timeout: float = 10,
        sliced: bool = True,
        pause: Callable[[], None] | None = None,
    ):
        self.path = Path(path)
        # Called between the pieces of long jobs in worker threads (a fold's writing,
        # a re-read): the app waits there while keys are coming, so that its
        # interface thread has the interpreter to itself.
        self.pause = pause
        # A whole re-read is needed (another process folded a journal we could not
        # follow to its end) but left to a worker: `read_fresh` there, then `adopt`.
        # Meanwhile the tables stay as they were, and our own writes still go in.
        self.defer_reload = False
        self.stale = False
        self._ours: list[bytes] = []  # lines written while stale, to re-apply on adopt
        # Parse the file in slices that let other threads run (the app, whose interface
        # must not freeze), or in one go (a command: nothing else runs meanwhile).
        self.sliced = sliced
        self.journal = self.path.with_name(self.path.name + ".journal")
        self.rejected_file = self.path.with_name(self.path.name + ".rejected")
        self.fold_file = self.path.with_name(self.path.name + ".fold")  # the last fold's seam
        self.read_only = read_only
        self.lock = InterProcessLock(str(self.path) + ".lock", timeout=lock_timeout)
        self.generation = 0  # grows with every change seen, ours or another process's
        # Which articles changed at which generation, since the tables were last read
        # whole (`reset_at`): readers redo only those articles (see changed_since).
        self.reset_at = 0
        self._changes: list[tuple[int, str]] = []
        self.warnings: list[str] = []
        self._tables: dict[str, dict[str, dict]] = {}
        self._ids: dict[str, dict[Key, str]] = {}
        self._groups: dict[str, dict[str, dict[Key, str]]] = {}
        self._next_id: dict[str, int] = {}
        self._indexed = True
        self._index_lock = threading.Lock()
        self._main_ident: FileIdent | None = None
        # The journal we follow, held open: after another process folds it away we
        # can still read its last lines and carry on without re-reading the file.
        self._journal_fd: int | None = None
        self._journal_ident: tuple[int, int] | None = None
        self._journal_pos = 0  # bytes applied (whole lines only)
        self._journal_lines = 0
        self._rejected: list[tuple[int, bytes]] = []  # (offset, line) of invalid lines
        self.reloads = 0  # whole re-reads of the file: what another process's fold costs
        # Confirms writes on the disk in a thread (the app's interface never waits for
        # an fsync); None: every write is fsync'd before `append` returns.
        self.syncer: Syncer | None = None
        self._foreign = False  # the file holds what another version wrote: back it up first
        if not read_only:  # by process id: safe without the lock
            remove_stale(_companions(self.path))
        self._reload()  # lock-free: opening never waits for another process's fold

    # TinyDB's Storage interface ---------------------------------------------------------

    def read(self) -> dict[str, dict[str, dict]]:
        return self._tables

    def write(self, data: dict[str, dict[str, dict]]) -> None:
        """A whole-database write from stock TinyDB operations: becomes a fold."""
        if self.read_only:
            raise StoreError(f"{self.path} is read-only; labels cannot be saved")
        with self.locked():
            self._set_tables({name: dict(table) for name, table in data.items()})
            self._fold_locked()

    def close(self) -> None:
        pass  # TinyDB's close; the store stays usable, its journal open until dropped

    def __del__(self) -> None:
        if getattr(self, "_journal_fd", None) is not None:
            with contextlib.suppress(OSError):
                os.close(self._journal_fd)

    # locking and syncing ----------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        if self.read_only:
            yield
            return
        try:
            with self.lock:
                yield
        except LockTimeout:
            raise StoreBusy(
                f"the database {self.path} is busy: another dsreader is writing to it; "
                f"nothing was saved, try again in a moment"
            ) from None

    def sync(self) -> None:
        """Bring in what others wrote since the last look (lock-free, consistent).
        With `defer_reload`, a whole re-read is only noted (`stale`), never done here."""
        if self.stale:
            return
        main = _ident(self.path)
        if main == self._main_ident:
            if self._follow():
                return
        elif self._caught_up_with_fold(main) and self._follow():  # and what came after
            return
        if self.defer_reload:
            self.stale = True
            return
        self._reload()

    def read_fresh(self) -> JournalStorage:
        """The database as it is now, read whole into a new storage, this one left as
        it is: for a worker thread, while the interface thread keeps using this one."""
        fresh = JournalStorage(self.path, read_only=True, sliced=self.sliced, pause=self.pause)
        fresh._index()
        return fresh

    def adopt(self, fresh: JournalStorage) -> None:
        """Take over what `read_fresh` read (on the thread that uses this storage),
        then what was appended since, and our own lines written meanwhile."""
        if self._journal_fd is not None:
            _close_aside(self._journal_fd)
        self._tables, self._ids, self._groups = fresh._tables, fresh._ids, fresh._groups
        self._next_id, self._indexed = fresh._next_id, fresh._indexed
        self._main_ident, self._journal_fd = fresh._main_ident, fresh._journal_fd
        self._journal_ident, self._journal_pos = fresh._journal_ident, fresh._journal_pos
        self._journal_lines, self._rejected = fresh._journal_lines, fresh._rejected
        self._foreign = fresh._foreign
        fresh._journal_fd = None  # ours now: not closed with it
        self.warnings.extend(fresh.warnings)
        self.generation += 1
        self.reset_at = self.generation
        self._changes = []
        self.reloads += 1
        ours, self._ours = self._ours, []
        self.stale = False
        self.sync()  # may find another fold to catch up with: stale again
        if self.stale:
            self._ours = ours
        for line in ours:  # in the file, maybe past what was read: the same state either way
            self._apply_line(line)

    def _reload(self) -> None:
        """The file, then the journal on top; retried if a fold replaced the file meanwhile.

        The cyclic collector is paused meanwhile and what was read is frozen out of
        its reach after (`gc.freeze`): labels hold no cycles, and a full collection
        walking a million of them took seconds, on a key press as often as not."""
        was = gc.isenabled()
        gc.disable()
        try:
            self._reload_now()
        finally:
            if was:
                gc.enable()
            gc.freeze()

    def _reload_now(self) -> None:
        self.reloads += 1
        for _ in range(200):
            before = _ident(self.path)
            self._set_tables(self._read_main())
            self._forget_journal()
            if self._follow() and (self.lock.held or _ident(self.path) == before):
                self._main_ident = before
                return
            time.sleep(0.01)
        raise StoreError(f"the database {self.path} kept changing while being read; try again")

    def _forget_journal(self) -> None:
        if self._journal_fd is not None:
            _close_aside(self._journal_fd)
        self._journal_fd, self._journal_ident = None, None
        self._journal_pos = self._journal_lines = 0
        self._rejected = []

    def _follow(self) -> bool:
        """Apply what was appended to the journal we follow. False when the journal's
        name now stands for another file (or none) than the one we follow."""
        try:
            st = os.stat(self.journal)
            current: tuple[int, int] | None = (st.st_ino, st.st_dev)
        except FileNotFoundError:
            current = None
        if self._journal_fd is None:
            if current is None:
                return True
            try:
                fd = os.open(self.journal, os.O_RDONLY)
            except FileNotFoundError:
                return False
            st = os.fstat(fd)
            if (st.st_ino, st.st_dev) != current:
                os.close(fd)
                return False
            self._journal_fd, self._journal_ident = fd, current
        same = current == self._journal_ident
        self._read_journal(st.st_size if same else None)  # one system call less a look
        return same

    def _read_journal(self, size: int | None = None) -> None:
        """Apply the whole lines past what was read, up to `size` (the file's, else
        asked for)."""
        assert self._journal_fd is not None
        if size is None:
            size = os.fstat(self._journal_fd).st_size
        if size <= self._journal_pos:
            return
        chunk = os.pread(self._journal_fd, size - self._journal_pos, self._journal_pos)
        end = chunk.rfind(b"\n") + 1  # a line still being written (or torn) waits
        offset = self._journal_pos
        for line in chunk[:end].split(b"\n")[:-1]:
            self._journal_lines += 1
            problem = self._apply_line(line) if line.strip() else None
            if problem:
                self._rejected.append((offset, line))
                self.warnings.append(
                    f"{self.journal}: line {self._journal_lines} skipped ({problem}); "
                    f"it is kept in {self.rejected_file.name}"
                )
            offset += len(line) + 1
        self._journal_pos += end

    def _caught_up_with_fold(self, main: FileIdent | None) -> bool:
        """After another process folded: finish reading the journal it folded (still
        open here) and move on to its successor, instead of re-reading the file."""
        try:
            info = json.loads(self.fold_file.read_bytes())
            folded_main, folded_journal = tuple(info["main"]), tuple(info["journal"])
            upto, successor = int(info["upto"]), info["next"]
        except (OSError, ValueError, KeyError, TypeError):
            return False
        if main is None or folded_main != main or self._journal_fd is None:
            return False
        if folded_journal != self._journal_ident:
            return False
        self._read_journal()  # the folded journal is final: the fold held the lock
        if self._journal_pos < upto or (successor is None and self._journal_pos != upto):
            return False
        _close_aside(self._journal_fd)
        self._journal_fd = None
        if successor is not None:
            try:
                fd = os.open(self.journal, os.O_RDONLY)
            except FileNotFoundError:
                return False
            st = os.fstat(fd)
            if [st.st_ino, st.st_dev] != list(successor):
                os.close(fd)
                return False
            self._journal_fd, self._journal_ident = fd, (st.st_ino, st.st_dev)
        else:
            self._journal_ident = None
        self._shift_journal(upto)
        self._main_ident = main
        return True

    def _shift_journal(self, upto: int) -> None:
        """The first `upto` bytes of the journal went into the file: offsets move back."""
        self._journal_pos -= upto
        self._rejected = [(pos - upto, line) for pos, line in self._rejected if pos >= upto]
        if self._journal_fd is None:
            self._journal_lines = 0
        else:
            head = os.pread(self._journal_fd, self._journal_pos, 0)
            self._journal_lines = head.count(b"\n")

    def _read_main(self) -> dict[str, dict[str, dict]]:
        self._foreign = False
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise StoreError(f"the database {self.path} cannot be read ({exc.strerror})") from None
        if not raw.strip():
            return {}
        try:
            # Decoded as json.loads would, then the bytes let go: a million labels are a
            # gigabyte, held twice through the parse otherwise.
            text = raw.decode(json.detect_encoding(raw), "surrogatepass")
            del raw
            data = (  # GC off: _reload
                jsonslices.loads(text, pause=self.pause) if self.sliced else json.loads(text)
            )
            del text
            if not isinstance(data, dict) or not isinstance(data.get(LABELS_TABLE, {}), dict):
                raise ValueError("no '_default' table")
            others = sorted(set(data) - set(KINDS))
            if others:  # another program's data: folding would drop it
                raise ValueError(f"it has other tables: {', '.join(map(str, others))[:40]}")
            if not all(isinstance(table, dict) for table in data.values()):
                raise ValueError("a table is not an object")
        except (ValueError, UnicodeDecodeError) as exc:
            raise StoreError(
                f"{self.path} is not a valid annotation database ({str(exc)[:60]}); it was left "
                f"untouched: move it aside or restore a backup, then start again"
            ) from None
        tables: dict[str, dict[str, dict]] = {}
        skipped: list[str] = []
        for name, table in data.items():
            kind = KINDS[name]
            bad = [
                doc_id
                for doc_id, doc in table.items()
                if not (_plainly_valid(doc, kind.person) and doc_id.isdigit())
            ]
            for doc_id in bad:  # the slow, exact check, with its reason
                problem = kind.problem(table[doc_id])
                if problem is None and not str(doc_id).isdigit():
                    problem = "its id is not a number"
                if problem:
                    skipped.append(f"{self.path}: {name} record {doc_id} skipped ({problem})")
                    del table[doc_id]
            if not self._foreign:
                try:
                    self._foreign = bool(set(map(_TOOL_VERSION, table.values())) - {__version__})
                except TypeError:  # a version that is not even a string
                    self._foreign = True
            tables[name] = table
        if skipped and not any(tables.values()):  # nothing of ours in it: not our database
            raise StoreError(
                f"{self.path} is not a valid annotation database (it holds no labels); it was "
                f"left untouched: move it aside or restore a backup, then start again"
            )
        if skipped:  # kept in the backup made before the first rewrite
            self._foreign = True
            self.warnings.extend(skipped)
        return tables

    def _set_tables(self, tables: dict[str, dict[str, dict]]) -> None:
        tables.setdefault(LABELS_TABLE, {})
        self._tables = tables
        self._indexed = False  # built on first use: `stats` and `export` never need it
        self._ids, self._groups, self._next_id = {}, {}, {}
        self.generation += 1
        self.reset_at = self.generation
        self._changes = []

    def _index(self) -> None:
        """Each document's id by key, and by article (what a label press looks up).
        Built aside and put in place whole, under a lock (the app's progress worker
        may ask first: the interface thread never sees half an index). Built with
        the collector paused and frozen out of its reach after, as the tables are
        (see _reload): at a million labels the keys made a full collection due
        right away, 0.4 s of holding the interpreter in whichever thread."""
        if self._indexed:
            return
        with self._index_lock:
            if self._indexed:
                return
            tables = self._tables
            was = gc.isenabled()
            gc.disable()
            try:
                built = _build_index(tables)
            finally:
                if was:
                    gc.enable()
                gc.freeze()
            if self._tables is tables:  # not re-read meanwhile
                self._ids, self._groups, self._next_id = built
                self._indexed = True

    def _apply_line(self, line: bytes) -> str | None:
        try:
            entry = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            return "not valid JSON: a write cut short"
        if not isinstance(entry, dict):
            return "not a journal entry"
        name = entry.get("table", LABELS_TABLE)
        kind = KINDS.get(name) if isinstance(name, str) else None
        if kind is None:
            return "unknown table"
        if entry.get("op") == "put":
            doc = entry.get("record")
            problem = kind.problem(doc)
            if problem:
                return problem
            self._put(name, doc)
        elif entry.get("op") == "del":
            key = kind.key_from_json(entry.get("key"))
            if key is None:
                return "a delete without a valid key"
            self._drop(name, key)
        else:
            return "unknown operation"
        return None

    def _put(self, name: str, doc: dict) -> None:
        self._index()
        table = self._tables.setdefault(name, {})
        ids = self._ids.setdefault(name, {})
        key = KINDS[name].key(doc)
        doc_id = ids.get(key)
        if doc_id is None:
            doc_id = str(self._next_id.get(name, 1))
            self._next_id[name] = int(doc_id) + 1
            ids[key] = doc_id
            self._groups.setdefault(name, {}).setdefault(key[0], {})[key] = doc_id
        table[doc_id] = doc
        self.generation += 1
        self._changes.append((self.generation, key[0]))

    def _drop(self, name: str, key: Key) -> None:
        self._index()
        doc_id = self._ids.get(name, {}).pop(key, None)
        if doc_id is None:
            return
        del self._tables[name][doc_id]
        group = self._groups[name].get(key[0], {})
        group.pop(key, None)
        if not group:
            self._groups[name].pop(key[0], None)
        self.generation += 1
        self._changes.append((self.generation, key[0]))

    def changed_since(self, generation: int) -> set[str] | None:
        """Article ids changed after `generation`; None when the tables were read whole
        since then (anything may have changed)."""
        if generation < self.reset_at:
            return None
        from bisect import bisect_right

        i = bisect_right(self._changes, (generation, "\uffff"))
        return {article_id for _, article_id in self._changes[i:]}

    # lookups by key (TinyDB's Query scans; a label press must not) ------------------------

    def doc(self, name: str, key: Key) -> dict | None:
        self._index()
        doc_id = self._ids.get(name, {}).get(key)
        return None if doc_id is None else self._tables[name][doc_id]

    def group(self, name: str, article_id: str, person: str | None = None) -> list[dict]:
        """One article's documents; of one annotator if given (labels only)."""
        self._index()
        table = self._tables.get(name, {})
        ids = self._groups.get(name, {}).get(article_id, {})
        if person is None:
            return [table[i] for i in ids.values()]
        return [table[i] for k, i in ids.items() if k[3] == person]  # labels only

    def articles_of(self, name: str, person: str) -> set[str]:
        """The articles one annotator has labels on (labels only): one pass over the keys."""
        self._index()
        return {k[0] for k in self._ids.get(name, {}) if k[3] == person}

    def next_id(self, name: str) -> int:
        self._index()
        doc_id = self._next_id.get(name, 1)
        self._next_id[name] = doc_id + 1
        return doc_id

    # writing ----------------------------------------------------------------------------

    def append(self, entries: list[dict]) -> None:
        """Durably journal single-document changes; they are applied once on disk.
        With a `syncer`, once written: the kernel holds them (a crash of this process
        loses nothing) and the syncer's thread confirms them on the disk (fsync).

        Raises StoreError (nothing applied, nothing acknowledged) when the line could
        not be written whole: the journal is cut back to where it was.
        """
        if self.read_only:
            raise StoreError(f"{self.path} is read-only; labels cannot be saved")
        data = b"".join(
            json.dumps(e, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
            for e in entries
        )
        # Few system calls while the lock is held: each lets another thread take the
        # interpreter, for up to its switch interval. What others wrote is brought in
        # first (without it, 2 of 12 runs of eight writers folding at random reverted
        # a label), our own line after, in the file's order.
        with self.locked():
            self.sync()
            try:
                fd = os.open(self.journal, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
            except OSError as exc:
                raise StoreError(
                    f"not saved: the journal cannot be opened ({exc.strerror})"
                ) from None
            handed = False
            try:
                st = os.fstat(fd)
                size = st.st_size
                created = size == 0  # new (or emptied): its name is made durable too
                # A journal read to its end ends with a whole line; any other is looked at.
                whole = (st.st_ino, st.st_dev) == self._journal_ident and size == self._journal_pos
                if size and not whole and os.pread(fd, 1, size - 1) != b"\n":
                    data = b"\n" + data  # a torn line from a crash stands alone, ours too
                syncer = self.syncer if self.syncer and self.syncer.error is None else None
                try:
                    _write_all(fd, data)
                    if syncer is None:
                        os.fsync(fd)
                except OSError as exc:
                    with contextlib.suppress(OSError):
                        os.ftruncate(fd, size)
                        os.fsync(fd)
                    raise StoreError(
                        f"not saved: {exc.strerror or exc} while writing {self.journal.name}"
                    ) from None
                if syncer is not None:
                    # written: the syncer's thread confirms it on the disk, and closes it
                    syncer.add(fd, self.journal.parent if created else None)
                    handed, created = True, False
            finally:
                if not handed:
                    os.close(fd)
            if created:
                fsync_folder(self.journal.parent)
            if not self.stale and not self._follow():  # our lines, in the file's order
                self.sync()
            if self.stale:  # the file is re-read in a worker: our lines are shown meanwhile
                for line in data.split(b"\n"):
                    if line.strip():
                        self._ours.append(line)
                        self._apply_line(line)

    def fold_due(self) -> bool:
        documents = sum(len(table) for table in self._tables.values())
        return self._journal_lines >= max(FOLD_EVERY, documents // 4)

    def fold(self) -> bool:
        """Write everything into the JSON file and empty the journal; False when there
        was nothing to fold or another process folded first (then nothing is lost)."""
        plan = self.begin_fold()
        if plan is None:
            return False
        plan.write()
        return self.finish_fold(plan)

    def begin_fold(self, copy: bool = True) -> FoldPlan | None:
        """A snapshot to write, taken without the lock: `sync` gives a consistent state
        (file plus journal up to `upto`), and `finish_fold` checks under the lock that
        neither was replaced meanwhile. Nobody's label waits for this copy of a
        million records, nor for writing the file (seconds at that size). With
        `copy=False` the tables are copied in `plan.write` (a worker thread: the copy
        holds the interpreter for 30-70 ms at a million labels, then after the keys)."""
        if self.read_only:
            return None
        self.sync()
        if self.stale or (self._journal_fd is None and self.path.exists()):
            return None  # stale: not a state of the file to write (a worker re-reads it)
        remove_stale_temporaries(self.path)  # by process id: safe without the lock
        plan = FoldPlan(self.path, None, self._main_ident, self._journal_ident, self._journal_pos)
        plan.source = self._copy_tables
        if copy:
            plan.tables = self._copy_tables()
        plan.rejected = [line for pos, line in self._rejected if pos < plan.upto]
        plan.pause = self.pause
        if self._backup_due():
            plan.backup = self.backup
        return plan

    def _copy_tables(self) -> dict[str, dict[str, dict]]:
        """Each table copied by one C call (atomic for other threads)."""
        tables = {name: dict(table) for name, table in list(self._tables.items()) if table}
        tables.setdefault(LABELS_TABLE, {})
        # The copy lives while the fold is written (seconds; longer while keys come):
        # out of the collector's reach, or every young collection walks its million
        # entries (40 ms a time at 1M labels). It has no cycles: freed when dropped.
        gc.freeze()
        return tables

    def _backup_due(self) -> bool:
        backed_up = any(self.path.parent.glob(f"{self.path.name}.bak-*"))
        return self._foreign and self.path.exists() and not backed_up

    def finish_fold(self, plan: FoldPlan) -> bool:
        """Put the written snapshot in place and keep, as the new journal, whatever was
        appended after the snapshot; then catch up with it as any process does.
        Discarded if another process folded meanwhile."""
        done = self.commit_fold(plan)
        self.folded(done)
        return done

    def folded(self, done: bool) -> None:
        """After `commit_fold` (maybe in a worker): catch up with the new file."""
        if done:
            self._foreign = False  # the file is ours now
        self.sync()

    def commit_fold(self, plan: FoldPlan) -> bool:
        """The files' part of `finish_fold`, under the lock: it reads and writes files
        only, never this storage's tables, so a worker thread may do it while the
        interface thread labels (then `sync` there catches up with it). False, and
        nothing changed, when the file or the journal is not the one snapshotted."""
        old = None
        try:
            with self.locked():
                if _ident(self.path) != plan.main:
                    return False
                try:
                    st = os.stat(self.journal)
                    journal: tuple[int, int] | None = (st.st_ino, st.st_dev)
                except FileNotFoundError:
                    journal = None
                if plan.journal is not None and journal != plan.journal:
                    return False
                # The old file keeps a name until the lock is let go: freeing a
                # gigabyte took 70-200 ms, which every writer waited for.
                old = link_aside(self.path) if plan.main is not None else None
                self._commit_files(plan, journal)
                return True
        finally:
            plan.discard()
            if old is not None:
                with contextlib.suppress(OSError):
                    old.unlink()

    def _commit_files(self, plan: FoldPlan, journal: tuple[int, int] | None) -> None:
        """Lock held, the file and `journal` (its identity) as snapshotted, snapshot
        written. A crash anywhere in here leaves a file and journal whose replay
        gives the same labels."""
        if self._backup_due():  # made while writing, unless the file was replaced since
            self.backup()
        if plan.rejected:  # invalid lines are never folded in, and never thrown away
            with open(self.rejected_file, "ab") as fh:
                fh.write(b"".join(line + b"\n" for line in plan.rejected))
                fh.flush()
                os.fsync(fh.fileno())
        try:
            tail = b""
            if journal is not None:
                fd = os.open(self.journal, os.O_RDONLY)
                try:
                    size = os.fstat(fd).st_size
                    tail = os.pread(fd, size - plan.upto, plan.upto)
                finally:
                    os.close(fd)
            successor = None
            journal_tmp = _write_temp(self.journal, [tail]) if tail else None
            assert plan.tmp is not None
            os.replace(plan.tmp, self.path)
            plan.tmp = None
            if journal_tmp is not None:
                os.replace(journal_tmp, self.journal)
                st = os.stat(self.journal)
                successor = [st.st_ino, st.st_dev]
            else:
                with contextlib.suppress(FileNotFoundError):
                    self.journal.unlink()
            fsync_folder(self.path.parent)
            seam = {
                "main": _ident(self.path),
                "journal": journal,
                "upto": plan.upto,
                "next": successor,
            }
            write_atomically(self.fold_file, json.dumps(seam).encode())
        except OSError as exc:
            raise StoreError(
                f"the database {self.path} could not be rewritten ({exc.strerror or exc}); "
                f"every label is kept in {self.journal.name}"
            ) from None

    def _fold_locked(self) -> None:
        """A whole fold while the lock is already held (stock TinyDB writes)."""
        with self.locked():
            plan = self.begin_fold() or FoldPlan(
                self.path,
                dict(self._tables),
                self._main_ident,
                self._journal_ident,
                self._journal_pos,
            )
            plan.write()
            if not self.finish_fold(plan):
                raise StoreError(f"the database {self.path} changed while being rewritten")

    def backup(self) -> Path:
        """A timestamped copy of the file, kept before a version's first rewrite of it."""
        target = self.path.with_name(f"{self.path.name}.bak-{time.strftime('%Y%m%dT%H%M%S')}")
        write_atomically(target, self.path.read_bytes())
        return target


class JournaledTable(Table):
    """A TinyDB Table whose single-document changes are one journal line each."""

    _seen_generation = -1

    @property
    def journal(self) -> JournalStorage:
        return self._storage  # type: ignore[return-value]

    def put(self, doc: dict) -> None:
        """Insert or replace the document with the same key."""
        self.journal.append([{"op": "put", "table": self.name, "record": doc}])

    def put_many(self, docs: Iterable[dict]) -> None:
        """Many documents, one fsync (imports)."""
        entries = [{"op": "put", "table": self.name, "record": d} for d in docs]
        if entries:
            self.journal.append(entries)

    def remove_key(self, key: Key) -> None:
        self.journal.append([{"op": "del", "table": self.name, "key": list(key)}])

    def search(self, cond):  # type: ignore[no-untyped-def]
        if self._seen_generation != self.journal.generation:  # another process wrote
            self.clear_cache()
            self._seen_generation = self.journal.generation
        return super().search(cond)

    def _get_next_id(self) -> int:
        return self.journal.next_id(self.name)

    def _update_table(self, updater):  # type: ignore[no-untyped-def]
        """Stock whole-table updates run under the lock, on current data."""
        with self.journal.locked():
            self.journal.sync()
            super()._update_table(updater)


class _Database(TinyDB):
    table_class = JournaledTable


# --- the store ----------------------------------------------------------------------------


class AnnotationStore:
    """Labels by (article, claim span, annotator); each annotator has their own.

    Review decisions (one final answer per claim) live in a second table.
    """

    def __init__(
        self,
        path: str | Path,
        read_only: bool = False,
        lock_timeout: float = 10,
        auto_fold: bool = True,
        sliced: bool = True,
        sync_in_thread: bool = False,
    ) -> None:
        """`auto_fold=False` leaves folding to the caller (the app folds in a worker
        thread when `fold_due()`), so no key press waits for one. `sliced=False` reads
        the file with one `json.loads` (faster; for commands, where no interface waits).
        `sync_in_thread`: a write returns once written, and a thread confirms it on the
        disk (`saving` tells whether it has yet), so no key press waits for an fsync."""
        self.path = Path(path)
        self.auto_fold = auto_fold
        check_database_path(self.path)
        read_only = read_only or not self._writable()
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"the folder {self.path.parent} cannot be created ({exc.strerror})"
                ) from None
        self.db = _Database(
            self.path,
            storage=JournalStorage,
            read_only=read_only,
            lock_timeout=lock_timeout,
            sliced=sliced,
        )
        self.storage: JournalStorage = self.db.storage  # type: ignore[assignment]
        self.labels: JournaledTable = self.db.table(LABELS_TABLE)  # type: ignore[assignment]
        self.review_table: JournaledTable = self.db.table(REVIEWS_TABLE)  # type: ignore[assignment]
        if sync_in_thread and not read_only:
            self.storage.syncer = Syncer()

    @property
    def saving(self) -> bool:
        """Writes not confirmed on the disk yet (with `sync_in_thread`)."""
        syncer = self.storage.syncer
        return syncer is not None and syncer.pending

    def take_sync_error(self) -> str | None:
        """Why the disk could not confirm the writes so far, said once (later writes
        are fsync'd before `put` returns)."""
        syncer = self.storage.syncer
        return None if syncer is None else syncer.take_error()

    def wait_saved(self, timeout: float | None = None) -> bool:
        """Until every write so far is confirmed on the disk; False on timeout."""
        syncer = self.storage.syncer
        return syncer is None or syncer.wait(timeout)

    def _writable(self) -> bool:
        if self.path.exists():
            return os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        parent = self.path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        return os.access(parent, os.W_OK)

    @property
    def read_only(self) -> bool:
        return self.storage.read_only

    @property
    def generation(self) -> int:
        return self.storage.generation

    @property
    def journal(self) -> Path:
        return self.storage.journal

    def take_warnings(self) -> list[str]:
        """Records skipped as invalid since the last call, each said once."""
        warnings, self.storage.warnings = self.storage.warnings, []
        return warnings

    # --- reading -----------------------------------------------------------------

    def refresh(self) -> None:
        """See what other processes wrote since the last look."""
        self.storage.sync()

    def all(self, annotator: str | None = None, article_id: str | None = None) -> list[dict]:
        """Labels, optionally of one annotator and/or one article (indexed by article:
        the reader asks for one article's labels on every keystroke)."""
        if article_id is not None:
            return [dict(d) for d in self.storage.group(LABELS_TABLE, article_id, annotator)]
        docs = self.storage.read().get(LABELS_TABLE, {}).values()
        if annotator is not None:
            return [dict(d) for d in docs if d["annotator"] == annotator]
        return list(map(dict, docs))  # plain copies: TinyDB's Document costs a call each

    def stored(self) -> list[dict]:
        """Every label record as stored, not copied (a million copies cost a second):
        for reading only; `stats` and `export` change nothing in them."""
        return list(self.storage.read().get(LABELS_TABLE, {}).values())

    def get(self, key: Key) -> dict | None:
        doc = self.storage.doc(LABELS_TABLE, tuple(key))
        return None if doc is None else dict(doc)

    def __len__(self) -> int:
        return len(self.labels)

    # --- writing -----------------------------------------------------------------

    def put(self, record: dict) -> dict:
        """Save a label durably; returns the stored record (with times and version)."""
        record = dict(record)
        old = self.get(record_key(record))
        stamp = now()
        record.setdefault("created_at", (old or {}).get("created_at") or stamp)
        record["updated_at"] = stamp
        record["tool_version"] = __version__
        self._check(label_problem(record))
        self.labels.put(record)
        self._maybe_fold()
        return record

    def restore(self, key: Key, record: dict | None) -> None:
        """Put back an earlier state of one claim (undo/redo): a record, or nothing."""
        if record is None:
            self.delete(key)
        else:
            self._check(label_problem(record))
            self.labels.put(record)

    def delete(self, key: Key) -> None:
        if self.get(key) is not None:
            self.labels.remove_key(tuple(key))

    def put_many(self, records: list[dict]) -> None:
        """Bulk writes (imports): one fsync for all."""
        stamp = now()
        stamped = [
            {"created_at": stamp, "updated_at": stamp, "tool_version": __version__, **r}
            for r in records
        ]
        for record in stamped:
            self._check(label_problem(record))
        self.labels.put_many(stamped)
        self._maybe_fold()

    def merge(self, records: list[dict]) -> tuple[int, int, int]:
        """Import labels made elsewhere: (added, updated, skipped).

        Merged by (article, claim span, annotator). A claim already stored with the
        same label, comment and evidence is skipped, as is one whose stored copy is
        newer, so importing the same file twice changes nothing.
        """
        self.refresh()
        changed, added, skipped = [], 0, 0
        for key, record in {record_key(r): r for r in records}.items():
            old = self.get(key)
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

    def fold_due(self) -> bool:
        return self.storage.fold_due()

    def _maybe_fold(self) -> None:
        if self.auto_fold and self.storage.fold_due():
            with contextlib.suppress(StoreError):  # the labels are safe in the journal
                self.fold()

    @staticmethod
    def _check(problem: str | None) -> None:
        if problem:
            raise StoreError(f"not saved: the record is invalid ({problem})")

    # --- review decisions --------------------------------------------------------

    def reviews(self, article_id: str | None = None) -> list[dict]:
        if article_id is not None:
            return [dict(d) for d in self.storage.group(REVIEWS_TABLE, article_id)]
        return list(map(dict, self.storage.read().get(REVIEWS_TABLE, {}).values()))

    def get_review(self, key: Key) -> dict | None:
        doc = self.storage.doc(REVIEWS_TABLE, tuple(key))
        return None if doc is None else dict(doc)

    def put_review(self, record: dict) -> dict:
        """Store a reviewer's final answer on a claim (who decided and when)."""
        record = {**record, "decided_at": now(), "tool_version": __version__}
        self._check(review_problem(record))
        self.review_table.put(record)
        return record

    def restore_review(self, key: Key, record: dict | None) -> None:
        if record is None:
            self.delete_review(key)
        else:
            self._check(review_problem(record))
            self.review_table.put(record)

    def delete_review(self, key: Key) -> None:
        if self.get_review(key) is not None:
            self.review_table.remove_key(tuple(key))

    # --- lifecycle ---------------------------------------------------------------

    def fold(self) -> bool:
        return self.storage.fold()

    def close(self) -> None:
        """Fold the journal, unless the database is large and the journal still short
        (quitting must not take seconds; the journal is as durable as the file). A
        failure keeps the journal (the labels are safe) and is a warning. Writes not
        confirmed on the disk yet are waited for first."""
        syncer, self.storage.syncer = self.storage.syncer, None  # later writes: fsync'd
        if syncer is not None:
            syncer.close()
            if syncer.error:
                self.storage.warnings.append(
                    f"the disk did not confirm the last labels ({syncer.error})"
                )
        if len(self) > FOLD_ON_CLOSE_UP_TO and not self.storage.fold_due():
            return
        try:
            self.fold()
        except StoreError as exc:
            self.storage.warnings.append(str(exc))

    def backup(self) -> Path:
        return self.storage.backup()


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
