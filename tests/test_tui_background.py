"""The app on a corpus folder: the library shows before the files are cleaned, fills
in from a background worker, lists the skipped files, and puts the opened article
first. The cleaner is replaced by one the test holds back, so nothing is timed."""

import shutil
import threading
import time

import pytest
from conftest import SEEDS

import dsreader.background as background
from dsreader.tui.app import ReaderApp
from dsreader.tui.reader import ReaderScreen


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_text("", "utf-8")
    (folder / "image.txt").write_bytes(bytes(range(256)) * 8)
    shutil.copy(folder / "000_1b75fc1a0518b6e3.txt", folder / "copy.txt")
    return folder


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """A fresh cache: no corpus index from another test, nothing cleaned yet."""
    monkeypatch.setenv("DSREADER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(autouse=True)
def cleaner_here(monkeypatch):
    """The cleaner runs in this process (held back by the test's gate), whether or not
    an earlier test loaded Kiwi here; the app itself would use a worker process."""
    monkeypatch.setattr(background.BackgroundWork, "_kiwi_here", lambda self: True)


class Gate:
    """Stands in for the cleaner: records which article it was asked for, and holds
    every call until the test opens the gate."""

    def __init__(self, real):
        self.real = real
        self.open = threading.Event()
        self.asked: list[str] = []

    def __call__(self, article, result=None):
        self.asked.append(article.id)
        if not self.open.wait(30):
            raise RuntimeError("the test never opened the gate")
        return self.real(article, result)


async def until(pilot, condition, seconds=30.0):
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the app never got there"
        await pilot.pause(0.05)


def make_app(corpus, tmp_path, **kw):
    return ReaderApp(db_path=tmp_path / "db.json", annotator="kim", corpus=corpus, **kw)


def titles(table):
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_rows_and_skipped_files_show_while_cleaning_is_held_back(
    corpus, tmp_path, monkeypatch
):
    gate = Gate(background.prepare)
    monkeypatch.setattr(background, "prepare", gate)
    app = make_app(corpus, tmp_path, analyze_in_background=False)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            table = app.screen.query_one("ArticleTable")
            await until(pilot, lambda: table.row_count == 5)
            assert all(e.article is None for e in app.entries)  # nothing cleaned yet
            assert any(".txt" in t for t in titles(table))  # file names until then
            head = str(app.screen.query_one("#lib-head").render())
            assert "3 files skipped" in head and "cleaning 0/5" in head
            await pilot.press("w")
            await pilot.pause()
            listing = str(app.screen.query_one("#skipped-box Static").render())
            assert "empty.txt" in listing and "the file is empty" in listing
            assert "image.txt" in listing and "binary" in listing
            assert "copy.txt" in listing and "same text as" in listing
            await pilot.press("escape")
            gate.open.set()
            await until(pilot, lambda: all(e.article is not None for e in app.entries))
            await pilot.pause(0.6)  # the table follows within half a second
            assert "딥시크 관련주 및 엔비디아 주가 역대급 폭락 이유" in " ".join(titles(table))
            assert "cleaning" not in str(app.screen.query_one("#lib-head").render())
    finally:
        gate.open.set()


async def test_the_opened_article_is_cleaned_next_and_shows_its_text(corpus, tmp_path, monkeypatch):
    gate = Gate(background.prepare)
    monkeypatch.setattr(background, "prepare", gate)
    app = make_app(corpus, tmp_path, analyze_in_background=False)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            table = app.screen.query_one("ArticleTable")
            await until(pilot, lambda: table.row_count == 5 and gate.asked)
            await pilot.press("G")  # the last row: the worker is held on the first
            wanted = table.cursor_key
            assert wanted != gate.asked[0]
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            screen = app.screen
            # While the worker is held, a first look cleaned here, without Kiwi.
            await until(pilot, lambda: screen.view.text != "")
            assert screen.entry.article is None
            assert "first look" in str(screen.query_one("#status").render())
            look = screen.view.text
            gate.open.set()
            await until(pilot, lambda: screen.entry.article is not None)
            assert gate.asked[1] == wanted  # straight after the one under way
            await pilot.pause()
            final = screen.entry.article.text
            assert screen.view.text == final
            # The look may lack the folder's line counts (not done yet when asked):
            # nearly the same lines all the same.
            lines = [x for x in final.split("\n") if x.strip()]
            assert sum(x in look for x in lines) >= 0.9 * len(lines)
    finally:
        gate.open.set()


async def test_a_second_start_shows_what_the_index_remembers_before_reading_a_file(
    corpus, tmp_path, monkeypatch
):
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: not app.working, 120)
    held = threading.Event()

    def slow_load(root):  # the files are not read until the test says so
        held.wait(30)
        return background_load(root)

    background_load = background.load_corpus
    monkeypatch.setattr(background, "load_corpus", slow_load)
    again = make_app(corpus, tmp_path)
    try:
        async with again.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            table = again.screen.query_one("ArticleTable")
            assert table.row_count == 5
            assert "딥시크 관련주 및 엔비디아 주가 역대급 폭락 이유" in " ".join(titles(table))
            head = str(again.screen.query_one("#lib-head").render())
            assert "3 files skipped" in head and "reading files" in head
            assert all(e.article is None for e in again.entries)
            held.set()
            await until(pilot, lambda: not again.working, 60)
            assert all(e.doc.analyzed for e in again.entries)
    finally:
        held.set()


async def test_news_for_a_library_whose_table_is_gone_is_ignored(corpus, tmp_path):
    """A worker that finishes while the app quits (its widgets already removed) must not
    end the session with a traceback."""
    from dsreader.tui.article_table import ArticleTable

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.screen.query_one(ArticleTable).remove()
        app._tell_screen("progress_counted")  # what the count worker's end sends
        app._tell_screen("store_changed")
        await pilot.pause()
        assert app.is_running


async def test_a_timer_tick_after_the_last_screen_is_gone_is_ignored(corpus, tmp_path):
    """The background results' timer may tick once more while the app quits, after
    its screen stack is empty: news then has no one to tell (it once ended the session
    with ScreenStackError)."""
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    for event in ("progress_counted", "store_changed", "entries_changed"):
        app._tell_screen(event, [])
    app._drain()
