"""The app at scale, on the seeds: articles off screen are put away and come back
whole; a large annotations database opens behind the first frame, and a label
pressed meanwhile is saved once it is open. Nothing here is timed: the slow
database is a store the test holds back."""

import shutil
import threading
import time

import pytest
from conftest import SEEDS

import dsreader.tui.app as app_module
import dsreader.tui.opening as opening
from dsreader.corpus import load_corpus
from dsreader.pipeline import clean_cached
from dsreader.store import AnnotationStore
from dsreader.tui.app import ReaderApp
from dsreader.tui.reader import ReaderScreen


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DSREADER_CACHE_DIR", str(tmp_path / "cache"))


async def until(pilot, condition, seconds=60.0):
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the app never got there"
        await pilot.pause(0.05)


def cells(table, key):
    return [str(c) for c in table.get_row_at(table.keys.index(key))]


def head(app) -> str:
    return str(app.screen.query_one("#lib-head").render())


async def test_articles_off_screen_are_put_away_and_come_back_whole(corpus, tmp_path):
    cleaned = {a.id: clean_cached(a) for a in load_corpus(corpus).articles}
    app = ReaderApp(db_path=tmp_path / "db.json", annotator="kim", corpus=corpus)
    app.shelf.keep = 1  # one article held besides the ones on screen
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: not app.working and all(e.analyzed for e in app.entries))
        await pilot.pause(0.6)
        held = [e for e in app.entries if e.held]
        away = [e for e in app.entries if not e.held]
        assert len(held) == 1 and len(away) == 4
        assert all(e.doc.text == "" and e.doc.sentences == () for e in away)
        table = app.screen.table
        for entry in away:  # the row is drawn from the summary alone
            row = cells(table, entry.doc.id)
            article = cleaned[entry.doc.id]
            assert row[0] == (article.meta.title or article.text[:60] + "…")
            assert row[3] == str(entry.sentences) and row[4].endswith(f"0/{entry.sentences}")
        assert all(not e.held for e in away)  # drawing did not bring them back

        # The filter finds a word of a put-away article's text (not of its title).
        target = away[0]
        text = cleaned[target.doc.id].text
        word = next(
            w
            for w in text.split()
            if len(w) > 3 and sum(w in t.text for t in cleaned.values()) == 1
        )
        await pilot.press("slash", *word, "enter")
        await until(pilot, lambda: table.row_count == 1)
        assert table.keys == [target.doc.id]

        # Opened, it is whole again: its cleaned text, sentences and entities.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        assert target.held and app.screen.view.text == text
        assert len(target.doc.sentences) == target.sentences and target.doc.entities
        await pilot.press("v")  # a label on its first sentence
        await until(pilot, lambda: "saved" in str(app.screen.query_one("#status").render()))
        await pilot.press("escape", "escape", "escape")
        await until(pilot, lambda: not isinstance(app.screen, ReaderScreen))

        # Opening others puts it away again; its row still shows its label.
        for other in away[1:]:
            app.open_article(other.doc.id)
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            app.pop_screen()
            await pilot.pause()
        assert not target.held
        await until(pilot, lambda: cells(table, target.doc.id)[4].endswith(f"1/{target.sentences}"))
    assert [r["label"] for r in AnnotationStore(tmp_path / "db.json").all()] == ["verified"]


class HeldStore(AnnotationStore):
    """An annotations database that takes as long to open as the test says."""

    gate = threading.Event()

    def __init__(self, *args, **kwargs):
        if not self.gate.wait(30):
            raise RuntimeError("the test never let the store open")
        super().__init__(*args, **kwargs)


@pytest.fixture
def held_store(monkeypatch):
    HeldStore.gate = threading.Event()
    monkeypatch.setattr(opening, "BACKGROUND_ABOVE", 0)  # every database opens behind
    monkeypatch.setattr(app_module, "AnnotationStore", HeldStore)
    yield HeldStore.gate
    HeldStore.gate.set()


async def test_the_library_paints_and_a_label_waits_while_the_database_opens(
    corpus, tmp_path, held_store
):
    db = tmp_path / "db.json"
    articles = [clean_cached(a) for a in load_corpus(corpus).articles]
    AnnotationStore(db).close()  # an existing database, to be opened behind
    app = ReaderApp(articles, db_path=db, annotator="kim")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.table
        assert table.row_count == 5 and not app.store_open
        assert "opening annotations" in head(app)
        assert all(cells(table, key)[4] == "…" for key in table.keys)  # progress pending
        await pilot.press("S")  # statistics need the store: a message, no freeze
        await pilot.pause()
        assert not isinstance(app.screen, ReaderScreen) and app.screen.id != "stats"

        await pilot.press("enter")  # reading needs no store
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        screen = app.screen
        await pilot.press("v")
        await pilot.pause()
        assert "opening annotations" in str(screen.query_one("#status").render())
        assert screen.view.cursor == 1  # moved on as after any label

        held_store.set()
        await until(pilot, lambda: app.store_open)
        await until(pilot, lambda: "saved: verified" in str(screen.query_one("#status").render()))
        saved = app.store.all()
        assert [(r["label"], r["sentence_ids"]) for r in saved] == [("verified", [0])]
        assert screen.progress[0] == len(screen.entry.doc.sentences[0:1])
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ReaderScreen))
        await until(pilot, lambda: "opening" not in head(app))
        assert "1/" in cells(table, screen.entry.doc.id)[4]


async def test_a_database_that_cannot_be_read_ends_the_app_with_its_reason(
    corpus, tmp_path, monkeypatch
):
    monkeypatch.setattr(opening, "BACKGROUND_ABOVE", 0)
    db = tmp_path / "db.json"
    db.write_text("{ this is not json", "utf-8")
    articles = [clean_cached(a) for a in load_corpus(corpus).articles]
    app = ReaderApp(articles, db_path=db, annotator="kim")
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 1
