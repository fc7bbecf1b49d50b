"""The app and the store under strain: a busy lock, odd folder names, long journals."""

import pytest
from conftest import SEEDS, held_lock
from test_tui import open_first, wait_until
from tinydb import TinyDB

from dsreader import store as store_module
from dsreader.corpus import load_corpus
from dsreader.pipeline import clean_cached
from dsreader.tui.app import ReaderApp


@pytest.fixture(scope="module")
def articles():
    return [clean_cached(a) for a in load_corpus(SEEDS).articles]


def status_of(screen) -> str:
    return str(screen.query_one("#status").render())


async def test_a_lock_held_by_another_process_is_a_message_not_a_freeze(articles, tmp_path):
    db = tmp_path / "db.json"
    app = ReaderApp(articles, db_path=db, annotator="kim")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        with held_lock(db):
            await pilot.press("v")
            await wait_until(pilot, lambda: "busy" in status_of(screen))
            assert "remove" not in status_of(screen)  # never advice to delete a live lock
            assert app.store.all() == []  # not saved, and not shown as saved
        await pilot.press("v")  # the retry
        await wait_until(pilot, lambda: "saved: verified" in status_of(screen))
    assert [r["label"] for r in TinyDB(db).all()] == ["verified"]


async def test_a_folder_name_with_markup_is_shown_literally_in_the_palette(articles, tmp_path):
    from textual.command import CommandList

    folder = tmp_path / "a[/]b [bold]x"
    app = ReaderApp(articles, db_path=folder / "db.json", annotator="kim")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"export labels")
        commands = lambda: app.screen.query_one(CommandList)  # noqa: E731
        await wait_until(pilot, lambda: commands().option_count > 0)
        await pilot.pause(0.3)  # drawn: a help text parsed as markup crashed the app here
        shown = "\n".join(str(commands().get_option_at_index(i).prompt) for i in range(2))
        assert "a[/]b [bold]x" in shown


async def test_a_long_journal_is_folded_in_the_background(articles, tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "FOLD_EVERY", 3)
    db = tmp_path / "db.json"
    app = ReaderApp(articles, db_path=db, annotator="kim")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        for key in "vdos":
            await pilot.press(key)
        await wait_until(pilot, lambda: len(app.store.all()) == 4)
        assert app.store.journal.exists()  # labelling did not stop to fold
        app._poll_store()
        await wait_until(pilot, lambda: not app.store.journal.exists(), timeout=30)
        assert len(TinyDB(db).all()) == 4


# --- a label's fsync in a thread: shown as saving until the disk confirms it ----------


def _slow_fsync(monkeypatch, gate=None, error=None):
    """fsync in the syncer's thread waits for `gate` (or fails with `error`); elsewhere
    it is the real one."""
    import os
    import threading

    real = os.fsync

    def fsync(fd):
        if threading.current_thread().name == "fsync":
            if gate is not None:
                gate.wait(10)
            if error is not None:
                raise OSError(error, os.strerror(error))
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


async def test_a_label_shows_as_saving_until_the_disk_confirms_it(articles, tmp_path, monkeypatch):
    import threading

    gate = threading.Event()
    _slow_fsync(monkeypatch, gate)
    db = tmp_path / "db.json"
    app = ReaderApp(articles, db_path=db, annotator="kim")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("v")
        await pilot.pause(0.2)
        assert "saving: verified" in status_of(screen)
        assert "saved" not in status_of(screen)  # not on the disk: never called saved
        assert "[V]" in "\n".join(screen.view.render_line(y).text for y in range(5))
        gate.set()
        await wait_until(pilot, lambda: status_of(screen) == "saved: verified")
    assert [r["label"] for r in TinyDB(db).all()] == ["verified"]


async def test_a_disk_that_cannot_confirm_a_label_is_an_error(articles, tmp_path, monkeypatch):
    import errno

    _slow_fsync(monkeypatch, error=errno.EIO)
    db = tmp_path / "db.json"
    app = ReaderApp(articles, db_path=db, annotator="kim")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("v")
        await wait_until(pilot, lambda: "did not confirm" in status_of(screen))
        assert "may be lost" in status_of(screen)
        await pilot.press("d")  # from then on a label is fsync'd before it is called saved
        await wait_until(pilot, lambda: status_of(screen) == "saved: disputed")


KILLED = r"""
import asyncio, os, signal, sys, threading
from dsreader.corpus import load_corpus
from dsreader.pipeline import clean_cached
from dsreader.tui.app import ReaderApp
from dsreader.tui.reader import ReaderScreen

real = os.fsync
def fsync(fd):  # the disk never confirms: the process dies first
    if threading.current_thread().name == "fsync":
        threading.Event().wait()
    return real(fd)
os.fsync = fsync

async def main():
    articles = [clean_cached(a) for a in load_corpus(sys.argv[1]).articles]
    app = ReaderApp(articles, db_path=sys.argv[2], annotator="kim")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        while not isinstance(app.screen, ReaderScreen):
            await pilot.pause(0.05)
        await pilot.press("v")
        while "saving: verified" not in str(app.screen.query_one("#status").render()):
            await pilot.pause(0.01)
        print("saving", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no quitting, no fold, no fsync

asyncio.run(main())
"""


def test_a_label_is_kept_when_the_app_dies_right_after_the_key(articles, tmp_path):
    """Killed right after the key, before its fsync: the line was written, the
    kernel has it, and the next start finds the label."""
    import subprocess
    import sys

    db = tmp_path / "db.json"
    proc = subprocess.run(
        [sys.executable, "-c", KILLED, str(SEEDS), str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.strip() == "saving", proc.stderr[-2000:]
    assert proc.returncode == -9
    store = store_module.AnnotationStore(db)
    assert [r["label"] for r in store.all()] == ["verified"]


FOLDER = r"""
import sys
from pathlib import Path
from dsreader.store import AnnotationStore
store = AnnotationStore(sys.argv[1])
plan = store.storage.begin_fold()
plan.write()
print("written", flush=True)
sys.stdin.readline()  # the app labels meanwhile
print(store.storage.finish_fold(plan), flush=True)
"""


async def test_a_label_typed_while_another_process_folds_is_saved_and_shown(articles, tmp_path):
    import subprocess
    import sys

    db = tmp_path / "db.json"
    app = ReaderApp(articles, db_path=db, annotator="kim")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("v")
        await wait_until(pilot, lambda: status_of(screen) == "saved: verified")
        folder = subprocess.Popen(
            [sys.executable, "-c", FOLDER, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert folder.stdout.readline().strip() == "written"
            await pilot.press("d")  # while the other process's fold is under way
            await wait_until(pilot, lambda: status_of(screen) == "saved: disputed")
            folder.stdin.write("\n")
            folder.stdin.flush()
            assert folder.stdout.readline().strip() == "True"
        finally:
            folder.kill()
            folder.wait()
        app._poll_store()  # the app sees the fold
        await pilot.pause()
        shown = "\n".join(screen.view.render_line(y).text for y in range(8))
        assert "[V]" in shown and "[D]" in shown
    assert sorted(r["label"] for r in TinyDB(db).all()) == ["disputed", "verified"]


# --- folds never on the interface thread ------------------------------------------------


def _gate(monkeypatch, cls, name):
    """`cls.name` waits for the returned event (in whichever thread calls it), and
    records that it was reached."""
    import threading

    gate, reached = threading.Event(), threading.Event()
    real = getattr(cls, name)

    def gated(self, *args, **kwargs):
        reached.set()
        gate.wait(20)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, gated)
    return gate, reached


def _shown(screen) -> str:
    return "\n".join(screen.view.render_line(y).text for y in range(8))


async def test_a_label_is_saved_and_shown_while_this_app_folds(articles, tmp_path, monkeypatch):
    """The fold's writing and renaming wait in its worker; meanwhile a key is answered
    and saved, and the fold keeps it (it was appended after the snapshot)."""
    monkeypatch.setattr(store_module, "FOLD_EVERY", 2)
    gate, reached = _gate(monkeypatch, store_module.FoldPlan, "write")
    db = tmp_path / "db.json"
    app = ReaderApp(articles, db_path=db, annotator="kim")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        for key in "vd":
            await pilot.press(key)
        await wait_until(pilot, lambda: status_of(screen) == "saved: disputed")
        app._poll_store()  # the fold is due: it starts
        await wait_until(pilot, reached.is_set)
        await pilot.press("o")
        await wait_until(pilot, lambda: status_of(screen) == "saved: opinion")
        assert "[O]" in _shown(screen)
        assert app._folding and not gate.is_set()  # the fold is still under way
        gate.set()
        await wait_until(pilot, lambda: not app._folding)
        labels = sorted(r["label"] for r in app.store.all())
        assert labels == ["disputed", "opinion", "verified"]
        folded = {r["label"] for r in TinyDB(db).all()}  # the copy may hold the later one
        assert {"disputed", "verified"} <= folded <= set(labels)
        assert len(app.store.journal.read_text().splitlines()) == 1  # the later one, kept
        assert sorted(r["label"] for r in store_module.AnnotationStore(db).all()) == labels


async def test_a_fold_the_app_cannot_follow_is_read_again_in_a_worker(
    articles, tmp_path, monkeypatch
):
    """Another process folds and its seam is gone (nothing tells this app how to
    follow): the file is re-read in a worker while keys are answered and saved, and
    no label is lost or doubled once the re-read is taken over."""
    db = tmp_path / "db.json"
    app = ReaderApp(articles, db_path=db, annotator="kim")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("v")
        await wait_until(pilot, lambda: status_of(screen) == "saved: verified")
        mine = app.store.all()[0]
        other = store_module.AnnotationStore(db)
        other.put(dict(mine, annotator="lee", label="opinion"))
        other.fold()
        (tmp_path / "db.json.fold").unlink()
        gate, reached = _gate(monkeypatch, store_module.JournalStorage, "read_fresh")
        app._poll_store()
        await wait_until(pilot, reached.is_set)  # the re-read is under way
        assert app.store.storage.stale
        await pilot.press("d")
        await wait_until(pilot, lambda: status_of(screen).startswith("saved: disputed"))
        assert "[D]" in _shown(screen)
        gate.set()
        await wait_until(pilot, lambda: not app.store.storage.stale and not app._catching_up)
        seen = sorted((r["annotator"], r["label"]) for r in app.store.all())
        other.refresh()
        in_other = sorted((r["annotator"], r["label"]) for r in other.all())
    assert seen == [("kim", "disputed"), ("kim", "verified"), ("lee", "opinion")]
    assert in_other == seen
