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
