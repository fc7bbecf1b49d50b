"""The store never loses an acknowledged label: each test is one way labels were lost."""

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tinydb import TinyDB

from dsreader import store as store_module
from dsreader.store import AnnotationStore, StoreError, record_key


def rec(i: int, annotator: str = "kim", label: str = "verified", article: str = "a1") -> dict:
    return {
        "article_id": article,
        "start": i * 10,
        "end": i * 10 + 9,
        "text": f"문장 {i}",
        "label": label,
        "annotator": annotator,
    }


def labels_on_disk(db: Path) -> dict:
    """What a fresh reader finds: the file plus the journal, as `export` opens it."""
    return {record_key(r): r["label"] for r in AnnotationStore(db, read_only=True).all()}


def test_a_fold_by_one_annotator_does_not_erase_another_ones_label(tmp_path):
    """kim labels and quits; lee, open all along, labels and quits right after."""
    db = tmp_path / "db.json"
    AnnotationStore(db).close()
    kim, lee = AnnotationStore(db), AnnotationStore(db)  # both open, no journal yet
    kim.put(rec(0, "kim"))
    kim.close()  # folds: the file is rewritten, the journal removed
    lee.put(rec(1, "lee"))
    lee.close()  # must fold the union, not lee's stale copy
    assert set(labels_on_disk(db)) == {("a1", 0, 9, "kim"), ("a1", 10, 19, "lee")}


def test_a_label_after_a_torn_journal_line_is_kept(tmp_path):
    db = tmp_path / "db.json"
    first = AnnotationStore(db)
    first.put(rec(0))
    # killed mid-write: half a line, no newline
    with open(first.journal, "ab") as fh:
        fh.write(b'{"op":"put","record":{"article_id":"a1","sta')
    second = AnnotationStore(db)
    second.put(rec(1))  # acknowledged: it must not glue onto the fragment
    assert set(labels_on_disk(db)) == {("a1", 0, 9, "kim"), ("a1", 10, 19, "kim")}
    second.close()
    assert len(TinyDB(db).all()) == 2
    rejected = (tmp_path / "db.json.rejected").read_bytes()
    assert rejected.startswith(b'{"op":"put","record":{"article_id":"a1","sta')


def test_a_full_disk_is_not_acknowledged_and_the_journal_is_repaired(tmp_path, monkeypatch):
    db = tmp_path / "db.json"
    store = AnnotationStore(db)
    store.put(rec(0))
    size = store.journal.stat().st_size
    real_write = os.write

    def short_then_full(fd, data):
        if len(data) > 8:
            return real_write(fd, bytes(data)[:8])  # a short write...
        raise OSError(errno.ENOSPC, "No space left on device")  # ...then the disk is full

    monkeypatch.setattr(store_module.os, "write", short_then_full)
    with pytest.raises(StoreError, match="not saved: No space left on device"):
        store.put(rec(1))
    monkeypatch.setattr(store_module.os, "write", real_write)
    assert store.get(("a1", 10, 19, "kim")) is None  # never shown as saved
    assert store.journal.stat().st_size == size  # the partial line was cut back
    store.put(rec(2))  # space is back: the next label is kept
    assert set(labels_on_disk(db)) == {("a1", 0, 9, "kim"), ("a1", 20, 29, "kim")}


def small_filesystem(tmp_path: Path) -> Path | None:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
    )
    return mount if done.returncode == 0 else None


def test_a_really_full_disk_keeps_every_acknowledged_label(tmp_path):
    mount = small_filesystem(tmp_path)
    if mount is None:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        db = mount / "db.json"
        (mount / "filler").write_bytes(b"x" * 200_000)
        store = AnnotationStore(db)
        acknowledged = []
        failed = 0
        for i in range(400):
            try:
                store.put({**rec(i), "comment": "메모 " * 20})
                acknowledged.append(("a1", i * 10, i * 10 + 9, "kim"))
            except StoreError:
                failed += 1
        assert failed > 0 and acknowledged
        assert set(acknowledged) == set(labels_on_disk(db))
        (mount / "filler").unlink()  # space again: the next label and the quit work
        store.put(rec(1000))
        store.close()
        assert set(labels_on_disk(db)) == {*acknowledged, ("a1", 10000, 10009, "kim")}
        assert len(TinyDB(db).all()) == len(acknowledged) + 1
        del store  # let go of the journal, so the file system can be unmounted
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


WRITER = textwrap.dedent(
    """
    import random, sys
    from dsreader.store import AnnotationStore
    db, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = AnnotationStore(db, lock_timeout=60)
    rng = random.Random(who)
    for i in range(count):
        slot = rng.randrange(20)
        key = {"article_id": "a" + str(slot % 3), "start": slot, "end": slot + 1,
               "text": "t", "annotator": who}
        if rng.random() < 0.2:
            store.delete((key["article_id"], slot, slot + 1, who))
            print("del", slot, flush=True)
        else:
            label = rng.choice(["verified", "disputed", "opinion", "skip"])
            store.put({**key, "label": label})
            print("put", slot, label, flush=True)
        if rng.random() < 0.05:
            store.fold()
    store.close()
    """
)


def expected_from(lines: list[str], who: str) -> dict:
    state: dict = {}
    for line in lines:
        op, slot, *label = line.split()
        key = ("a" + str(int(slot) % 3), int(slot), int(slot) + 1, who)
        if op == "put":
            state[key] = label[0]
        else:
            state.pop(key, None)
    return state


def test_eight_writers_lose_and_revert_nothing(tmp_path):
    db = tmp_path / "db.json"
    writers = {
        f"w{n}": subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), f"w{n}", "150"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    }
    expected: dict = {}
    for who, proc in writers.items():
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0
        expected.update(expected_from(out.splitlines(), who))
    assert labels_on_disk(db) == expected  # no label lost, none reverted, none back


READER_DURING_WRITES = textwrap.dedent(
    """
    import os, sys
    from dsreader.store import AnnotationStore
    db, ack = sys.argv[1], sys.argv[2]
    store = AnnotationStore(db, lock_timeout=60)
    for i in range(600):
        store.put({"article_id": "a1", "start": i, "end": i + 1, "text": "t",
                   "label": "verified", "annotator": "kim"})
        with open(ack + ".tmp", "w") as fh:
            fh.write(str(i + 1))
        os.replace(ack + ".tmp", ack)
        if i % 25 == 0:
            store.fold()
    """
)


def test_a_reader_during_labelling_sees_every_label_acknowledged_before_it_opened(tmp_path):
    db, ack = tmp_path / "db.json", tmp_path / "ack"
    writer = subprocess.Popen([sys.executable, "-c", READER_DURING_WRITES, str(db), str(ack)])
    reads = 0
    try:
        while writer.poll() is None:
            if not ack.exists():
                continue
            acknowledged = int(ack.read_text())
            seen = len(AnnotationStore(db, read_only=True))
            assert seen >= acknowledged
            reads += 1
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0 and reads > 10


@pytest.mark.parametrize(
    "line",
    [
        b'{"op":"del","key":[]}',
        b'{"op":"put","record":{"article_id":"a1","start":0,"end":5,"annotator":"kim","label":"verified"}}',
        b'{"op":"put","record":{"article_id":"a1","start":"x","end":5,"text":"t","annotator":"kim"}}',
        b'{"op":"put","record":{"article_id":"a1","start":0,"end":5,"text":"t","annotator":"kim","label":"maybe"}}',
        b'{"op":"explode"}',
        b"[1, 2]",
        b"\xff\xfe garbage",
    ],
)
def test_an_invalid_journal_line_is_skipped_kept_aside_and_never_folded(tmp_path, line):
    db = tmp_path / "db.json"
    store = AnnotationStore(db)
    store.put(rec(0))
    with open(store.journal, "ab") as fh:
        fh.write(line + b"\n")
    store.put(rec(1))
    again = AnnotationStore(db)
    assert len(again) == 2
    (warning,) = again.take_warnings()
    assert "line 2 skipped" in warning and "\n" not in warning
    again.close()
    data = json.loads(db.read_text())
    assert len(data["_default"]) == 2  # the bad record never reached the database
    assert line in (tmp_path / "db.json.rejected").read_bytes()
    assert len(AnnotationStore(db)) == 2  # and every later start works


def test_invalid_records_in_the_file_are_skipped_and_kept_in_a_backup(tmp_path):
    db = tmp_path / "db.json"
    good = {**rec(0), "tool_version": "0.1.0"}
    db.write_text(json.dumps({"_default": {"1": good, "2": {**rec(1), "text": None}}}))
    original = db.read_bytes()
    store = AnnotationStore(db)
    assert len(store) == 1 and "record 2 skipped (no text)" in store.take_warnings()[0]
    store.put(rec(2))
    store.close()
    (backup,) = tmp_path.glob("db.json.bak-*")
    assert backup.read_bytes() == original
    assert len(TinyDB(db).all()) == 2


def test_temporary_files_of_interrupted_folds_are_removed(tmp_path):
    db = tmp_path / "db.json"
    AnnotationStore(db).close()
    ours = [  # of a process that has ended (no pid is that large), and of an old version
        tmp_path / ".db.json.tmp-999999999-abcd",
        tmp_path / ".db.json.journal.tmp-999999999-abcd",
        tmp_path / ".tmp-x1y2z3.json",
    ]
    running = tmp_path / f".db.json.tmp-{os.getpid()}-beef"  # a fold still writing
    theirs = tmp_path / "notes.tmp-keep"
    for path in [*ours, theirs, running]:
        path.write_bytes(b"x" * 1000)
    AnnotationStore(db)  # opening removes what ended writers left (by process id)
    assert not ours[0].exists() and not ours[1].exists() and running.exists()
    store = AnnotationStore(db)
    store.put(rec(0))
    store.close()
    assert not any(p.exists() for p in ours) and theirs.exists() and running.exists()


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o002, 0o664)])
def test_new_files_follow_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        db = tmp_path / "db.json"
        store = AnnotationStore(db)
        store.put(rec(0))
        assert store.journal.stat().st_mode & 0o777 == mode
        store.close()
        assert db.stat().st_mode & 0o777 == mode
    finally:
        os.umask(old)


def test_a_rewrite_keeps_the_mode_and_group_of_a_shared_database(tmp_path):
    db = tmp_path / "db.json"
    AnnotationStore(db).close()
    os.chmod(db, 0o660)
    gid = 1234
    os.chown(db, -1, gid) if os.geteuid() == 0 else None
    before = db.stat()
    store = AnnotationStore(db)
    store.put(rec(0))
    store.close()
    after = db.stat()
    assert after.st_ino != before.st_ino  # really rewritten
    assert after.st_mode & 0o777 == 0o660 and after.st_gid == before.st_gid


def test_path_problems_are_one_clear_sentence(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        AnnotationStore(folder)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a regular file"):
        AnnotationStore(fifo)
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(StoreError, match="not a folder"):
        AnnotationStore(afile / "db.json")


def test_readers_replay_the_journal_when_no_database_file_exists_yet(tmp_path):
    db = tmp_path / "db.json"
    AnnotationStore(db).put(rec(0))  # never closed: no file, only the journal
    assert not db.exists()
    assert set(labels_on_disk(db)) == {("a1", 0, 9, "kim")}


def test_review_decisions_are_a_table_of_their_own(tmp_path):
    db = tmp_path / "db.json"
    store = AnnotationStore(db)
    store.put(rec(0, "kim", "verified"))
    store.put(rec(0, "lee", "disputed"))
    decided = store.put_review({**rec(0), "label": "disputed", "reviewer": "park"})
    assert decided["decided_at"]
    store.close()
    again = AnnotationStore(db)
    assert [(r["label"], r["reviewer"]) for r in again.reviews("a1")] == [("disputed", "park")]
    assert len(again) == 2  # the annotators' own labels are untouched
    again.restore_review(("a1", 0, 9), None)
    assert again.reviews() == []
    assert len(TinyDB(db).table("reviews").all()) == 1  # stock TinyDB reads it too


def test_a_stale_lock_file_is_no_obstacle(tmp_path):
    db = tmp_path / "db.json"
    (tmp_path / "db.json.lock").write_text("left by a crash")
    AnnotationStore(db, lock_timeout=0.5).put(rec(0))  # flock: nobody holds it, no wait
    assert set(labels_on_disk(db)) == {("a1", 0, 9, "kim")}


def test_quitting_a_large_database_leaves_a_short_journal_unfolded(tmp_path):
    """A fold rewrites the whole file: at a large database it must not land on `q`."""
    db = tmp_path / "db.json"
    store = AnnotationStore(db)
    store.put_many([rec(i, article=f"a{i % 50}") for i in range(60_000)])
    store.close()  # 60,000 lines, a quarter of the database is 15,000: due, folded
    assert not store.journal.exists()
    store = AnnotationStore(db)
    store.put(rec(0, "lee"))
    store.close()  # one line on 60,000 labels: kept in the journal, as durable
    assert store.journal.exists()
    assert len(AnnotationStore(db, read_only=True)) == 60_001


def test_after_another_process_folds_the_file_is_not_read_again(tmp_path):
    """Re-reading the whole file froze the next key press for seconds at 1M labels."""
    db = tmp_path / "db.json"
    kim, lee = AnnotationStore(db), AnnotationStore(db)
    kim.put(rec(0, "kim"))
    lee.put(rec(0, "lee"))  # lee follows the journal from here on
    reloads = lee.storage.reloads
    kim.put(rec(1, "kim"))
    assert kim.fold()
    lee.put(rec(1, "lee"))
    lee.refresh()
    assert lee.storage.reloads == reloads
    assert {record_key(r) for r in lee.all()} == set(labels_on_disk(db))
    assert len(lee) == 4


def test_labels_saved_while_a_fold_is_writing_stay_in_the_journal(tmp_path):
    db = tmp_path / "db.json"
    kim, lee = AnnotationStore(db), AnnotationStore(db)
    kim.put(rec(0, "kim"))
    plan = kim.storage.begin_fold()
    plan.write()  # the slow part: no lock held, so lee can save meanwhile
    lee.put(rec(1, "lee"))
    kim.put(rec(2, "kim"))
    assert kim.storage.finish_fold(plan)
    assert len(json.loads(db.read_text())["_default"]) == 1  # the snapshot
    journal = kim.journal.read_text()
    assert journal.count("\n") == 2 and '"lee"' in journal  # what came after it
    assert len(labels_on_disk(db)) == 3
    lee.refresh()
    assert len(lee) == 3


def test_a_fold_that_another_fold_overtook_is_dropped_and_loses_nothing(tmp_path):
    db = tmp_path / "db.json"
    kim, lee = AnnotationStore(db), AnnotationStore(db)
    kim.put(rec(0, "kim"))
    plan = kim.storage.begin_fold()
    plan.write()
    lee.put(rec(1, "lee"))
    assert lee.fold()  # lee folds first
    assert not kim.storage.finish_fold(plan)
    assert not list(tmp_path.glob(".db.json.tmp-*"))  # its temporary file is gone
    kim.put(rec(2, "kim"))
    kim.close()
    assert len(TinyDB(db).all()) == 3


def test_an_interrupted_export_leaves_no_temporary_file_behind(tmp_path):
    from dsreader.export import export

    target = tmp_path / "out.jsonl"
    dead = tmp_path / ".out.jsonl.tmp-999999999-abcd"  # a killed export's
    old = tmp_path / ".out.jsonl.x1y2z3ab.tmp"  # what version 0.1 left
    live = tmp_path / f".out.jsonl.tmp-{os.getpid()}-beef"  # an export still writing
    for path in (dead, old, live):
        path.write_bytes(b"x" * 100)
    export([], "jsonl", target)
    assert target.exists() and live.exists()
    assert not dead.exists() and not old.exists()


def test_a_fold_committed_in_a_worker_thread_keeps_the_labels_written_meanwhile(tmp_path):
    """The app commits its fold in a worker while its interface thread writes: the
    lock makes each wait for the other (it was re-entrant for any thread of the
    process), and what was written after the snapshot stays in the journal."""
    import threading

    db = tmp_path / "db.json"
    store = AnnotationStore(db, auto_fold=False, lock_timeout=0.3)
    store.put(rec(1))
    plan = store.storage.begin_fold()
    plan.write()
    store.put(rec(2))  # after the snapshot
    inside, leave = threading.Event(), threading.Event()
    committed = []

    def hold_then_commit():
        with store.storage.locked():
            inside.set()
            leave.wait(10)
            committed.append(store.storage.commit_fold(plan))

    worker = threading.Thread(target=hold_then_commit)
    worker.start()
    inside.wait(10)
    with pytest.raises(StoreError, match="busy"):  # waits for the other thread, then says so
        store.put(rec(3))
    leave.set()
    worker.join()
    assert committed == [True]
    store.storage.folded(True)
    store.put(rec(4))
    starts = [10, 20, 40]
    assert sorted(r["start"] for r in store.all()) == starts
    assert [r["start"] for r in TinyDB(db).all()] == [10]  # the snapshot
    assert sorted(r["start"] for r in AnnotationStore(db).all()) == starts
