"""The annotation store: durable, shared, safe with bad state."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from conftest import held_lock
from tinydb import TinyDB

from dsreader.store import AnnotationStore, StoreBusy, StoreError, anchor


def rec(i: int, annotator: str = "kim", label: str = "verified") -> dict:
    return {
        "article_id": "a1",
        "start": i * 10,
        "end": i * 10 + 9,
        "text": f"문장 {i}",
        "label": label,
        "annotator": annotator,
        "text_sha256": "x",
        "sentence_ids": [i],
    }


def test_labels_survive_reopen_and_stock_tinydb_reads_the_file(tmp_path):
    db = tmp_path / "annotations.json"
    store = AnnotationStore(db)
    for i in range(3):
        store.put(rec(i))
    store.delete(("a1", 10, 19, "kim"))
    store.close()
    rows = TinyDB(db).all()
    assert sorted(r["start"] for r in rows) == [0, 20]
    assert all(r["created_at"].endswith("+00:00") and r["tool_version"] for r in rows)
    assert not (tmp_path / "annotations.json.journal").exists()
    assert len(AnnotationStore(db)) == 2


def test_annotators_never_overwrite_each_other(tmp_path):
    store = AnnotationStore(tmp_path / "db.json")
    store.put(rec(0, "kim", "verified"))
    store.put(rec(0, "lee", "disputed"))
    assert {r["annotator"]: r["label"] for r in store.all()} == {
        "kim": "verified",
        "lee": "disputed",
    }


def test_a_journal_left_by_a_crash_is_replayed_and_a_torn_line_ignored(tmp_path):
    db = tmp_path / "db.json"
    store = AnnotationStore(db)
    store.put(rec(0))
    store.put(rec(1))
    # no close(): as if killed; then a half-written line at the end
    with open(str(db) + ".journal", "ab") as fh:
        fh.write(b'{"op":"put","record":{"article_id":"a1"')
    again = AnnotationStore(db)
    assert len(again) == 2
    again.close()
    assert len(TinyDB(db).all()) == 2


WRITER = textwrap.dedent(
    """
    import sys
    from dsreader.store import AnnotationStore
    store = AnnotationStore(sys.argv[1])
    who, count = sys.argv[2], int(sys.argv[3])
    for i in range(count):
        store.put({"article_id": "a1", "start": i, "end": i + 1, "text": str(i),
                   "label": "opinion", "annotator": who})
        print(i, flush=True)
    """
)


def test_kill_9_during_a_burst_loses_no_label_shown_as_saved(tmp_path):
    db = tmp_path / "db.json"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), "kim", "100000"], stdout=subprocess.PIPE, text=True
    )
    saved = []
    deadline = time.time() + 30
    while len(saved) < 300 and time.time() < deadline:
        saved.append(int(proc.stdout.readline()))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = AnnotationStore(db)
    starts = {r["start"] for r in store.all()}
    assert set(saved) <= starts
    store.close()
    json.loads(db.read_text())  # a valid database file


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    db = tmp_path / "db.json"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), who, "150"], stdout=subprocess.DEVNULL
        )
        for who in ("kim", "lee")
    ]
    for p in procs:
        assert p.wait(timeout=60) == 0
    store = AnnotationStore(db)
    assert len(store.all(annotator="kim")) == 150 and len(store.all(annotator="lee")) == 150


def test_one_process_sees_what_another_wrote(tmp_path):
    db = tmp_path / "db.json"
    mine, theirs = AnnotationStore(db), AnnotationStore(db)
    theirs.put(rec(5, "lee"))
    mine.refresh()
    assert mine.get(("a1", 50, 59, "lee"))["label"] == "verified"
    theirs.close()  # folds the journal away; the other still sees everything
    mine.put(rec(6, "kim"))
    assert len(mine) == 2


@pytest.mark.parametrize(
    "content",
    [
        '{"_default": {"1": {"article_id": ',  # torn
        '{"_default": {"1": {"label": "verified"}}}',  # not our records
        '{"_default": {}, "notes": {"1": {"x": 1}}}',  # another program's table
        "[1, 2, 3]",
    ],
)
def test_a_corrupt_database_is_refused_and_left_untouched(tmp_path, content):
    db = tmp_path / "db.json"
    db.write_text(content)
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not a valid annotation database.*left untouched"):
        AnnotationStore(db)
    assert db.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_a_read_only_database_opens_read_only(tmp_path):
    db = tmp_path / "db.json"
    AnnotationStore(db).close()
    db.chmod(0o444)
    store = AnnotationStore(db)
    assert store.read_only
    with pytest.raises(StoreError, match="read-only"):
        store.put(rec(0))


def test_read_only_mode_never_writes(tmp_path):
    db = tmp_path / "db.json"
    AnnotationStore(db).put(rec(0))
    store = AnnotationStore(db, read_only=True)
    assert len(store) == 1
    with pytest.raises(StoreError, match="read-only"):
        store.put(rec(1))


def test_a_locked_database_is_a_clear_error(tmp_path):
    db = tmp_path / "db.json"
    AnnotationStore(db).close()
    with held_lock(db):
        with pytest.raises(StoreBusy, match="busy: another dsreader") as caught:
            AnnotationStore(db, lock_timeout=0.2).put(rec(0))
        # the holder is alive: never advise deleting its lock file
        assert "remove" not in str(caught.value) and ".lock" not in str(caught.value)
    AnnotationStore(db, lock_timeout=2).put(rec(0))  # free again once it has gone


def test_claims_are_re_anchored_when_the_text_changes():
    record = {"start": 10, "end": 18, "text": "딥시크가 떴다"}
    new_text = "앞에 새 문장이 생겼다. 그리고 딥시크가 떴다. 끝."
    start, end = anchor(record, new_text)
    assert new_text[start:end] == "딥시크가 떴다"
    assert anchor({"start": 0, "end": 3, "text": "사라진 문장"}, new_text) is None


def test_a_database_from_another_version_is_backed_up_before_it_is_rewritten(tmp_path):
    db = tmp_path / "db.json"
    TinyDB(db).insert({**rec(0), "tool_version": "0.0.1"})  # an older dsreader wrote it
    original = db.read_bytes()
    store = AnnotationStore(db)
    store.put(rec(1))
    store.close()  # the fold rewrites every record in this version's shape
    (backup,) = tmp_path.glob("db.json.bak-*")
    assert backup.read_bytes() == original
    assert len(TinyDB(db).all()) == 2
    time.sleep(1.1)  # a second backup would get a new name
    store = AnnotationStore(db)  # the old record is still there, but so is its backup
    store.put(rec(2))
    store.close()
    assert len(list(tmp_path.glob("db.json.bak-*"))) == 1


def test_a_fold_plan_is_described_without_its_records(tmp_path):
    """Textual describes a worker by the repr of its arguments, on the interface
    thread: a plan's repr must not spell out the database (18 s at 1M labels)."""
    from dsreader.store import AnnotationStore

    store = AnnotationStore(tmp_path / "db.json", auto_fold=False)
    store.put_many(
        [
            {"article_id": "a", "start": i, "end": i + 1, "text": "x", "label": "opinion"}
            | {"annotator": "kim"}
            for i in range(2000)
        ]
    )
    plan = store.storage.begin_fold()
    assert "2000 documents" in repr(plan) and len(repr(plan)) < 300
