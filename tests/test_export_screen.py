"""The app's export: the command line's filters, installed formats only, literal messages."""

import json

import pytest
from conftest import SEEDS

from dsreader import export as exporting
from dsreader.corpus import load_corpus
from dsreader.pipeline import clean_cached
from dsreader.store import AnnotationStore
from dsreader.tui.app import ReaderApp


@pytest.fixture(scope="module")
def articles():
    from dsreader.analysis import analyze

    arts = [clean_cached(a) for a in load_corpus(SEEDS).articles]
    for a in arts:
        analyze(a)
    return arts


@pytest.fixture
def app(articles, tmp_path):
    """kim and lee have labelled the first article's first two sentences."""
    from dsreader.analysis import analyze

    doc = analyze(articles[0])
    store = AnnotationStore(tmp_path / "db.json")
    for who, labels in (("kim", ["verified", "disputed"]), ("lee", ["verified", "opinion"])):
        for s, value in zip(doc.sentences, labels, strict=False):
            store.put(
                {"article_id": doc.id, "start": s.start, "end": s.end, "text": s.text,
                 "sentence_ids": [s.id], "label": value, "annotator": who}
            )  # fmt: skip
    store.close()
    return ReaderApp(articles, db_path=tmp_path / "db.json", annotator="kim")


async def until(pilot, condition, timeout=15.0):
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


def exported(tmp_path, ext="jsonl"):
    return list((tmp_path / "exports").glob(f"*.{ext}"))


async def test_the_form_applies_the_filters_and_refuses_unknown_names(app, tmp_path):
    from textual.widgets import Input, Select, Static

    from dsreader.tui.dialogs import ExportScreen

    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export labels with filters…" in titles
        app.action_export(None)
        await until(pilot, lambda: app.screen.query("#annotators"))
        form = app.screen
        assert isinstance(form, ExportScreen)
        form.query_one("#annotators", Input).value = "nobody"
        await pilot.press("enter")  # the Export button has the focus
        await pilot.pause()
        error = str(form.query_one("#export-error", Static).render())
        assert "no annotator named 'nobody'" in error and not exported(tmp_path)
        form.query_one("#annotators", Input).value = "kim, lee"
        form.query_one("#mode", Select).value = "agreed"
        # a button ignores presses for 0.2 s after one
        await until(pilot, lambda: not form.query_one("#start").has_class("-active"))
        await pilot.press("enter")
        await until(pilot, lambda: exported(tmp_path) and not isinstance(app.screen, ExportScreen))
        (out,) = exported(tmp_path)
        (row,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        assert (row["label"], row["annotator"]) == ("verified", "kim+lee")


async def test_only_installed_formats_are_offered_and_the_extra_is_named_literally(
    app, tmp_path, monkeypatch
):
    from dsreader.tui.dialogs import ExportScreen

    monkeypatch.setattr(exporting, "available_formats", lambda: ("jsonl", "csv"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export labels: csv" in titles and "Export labels: parquet" not in titles
        app.push_screen(ExportScreen("parquet"))  # as an older palette entry would
        await until(pilot, lambda: list(app._notifications))
        (note,) = list(app._notifications)
        assert "pip install 'dsreader[parquet]'" in note.message and not note.markup
        assert note.severity == "error" and not exported(tmp_path, "parquet")
