"""The app driven as a user drives it: keys in, screen and database out."""

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS
from tinydb import TinyDB

from dsreader.corpus import load_corpus
from dsreader.pipeline import clean_cached
from dsreader.tui.app import ReaderApp
from dsreader.tui.keys import KOREAN
from dsreader.tui.library import LibraryScreen
from dsreader.tui.reader import ReaderScreen


@pytest.fixture(scope="module")
def articles():
    from dsreader.analysis import analyze

    arts = [clean_cached(a) for a in load_corpus(SEEDS).articles]
    for a in arts:
        analyze(a)  # warm the cache so the app shows highlights at once
    return arts


def make_app(articles, tmp_path, annotator="kim", **kw):
    return ReaderApp(articles, db_path=tmp_path / "db.json", annotator=annotator, **kw)


def rows(tmp_path):
    return TinyDB(tmp_path / "db.json").all()


def as_text(renderable, width=100) -> str:
    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


async def open_first(pilot):
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReaderScreen)
    return pilot.app.screen


async def test_library_lists_every_article_with_claim_counts(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one("ArticleTable")
        assert table.row_count == 5
        cells = [str(table.get_row_at(i)[3]) for i in range(5)]
        assert all(c.isdigit() and int(c) > 10 for c in cells)


async def test_library_cursor_keys_open_the_chosen_article(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("ArticleTable")
        await pilot.press("j", "ㅓ", "k")  # down, down (Korean layout), up
        assert table.cursor_row == 1
        wanted = table.cursor_key
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.entry.doc.id == wanted
        await pilot.press("q")
        await pilot.press("G")
        assert table.cursor_row == 4


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_footer_never_clips_back_and_help(articles, tmp_path, width):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(width, 24)) as pilot:
        await open_first(pilot)
        bar = as_text(app.screen.query_one("KeyBar").content, width=200).strip()
        assert len(bar) <= width
        assert "q back" in bar and "? help" in bar and bar.startswith("v")
        if width >= 120:
            assert "c comment" in bar and "e entities" in bar


async def test_library_progress_shows_the_labels_just_made(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("v", "d")
        await pilot.press("q")
        await pilot.pause()
        table = app.screen.query_one("ArticleTable")
        claims = len(app._by_id[table.cursor_key].doc.sentences)
        assert str(table.get_row_at(table.cursor_row)[4]).endswith(f" 2/{claims}")
        assert " 2/" in str(app.screen.query_one("#lib-head").render())


async def test_filter_as_you_type_and_sort(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"세계일보")
        await pilot.pause()
        table = app.screen.query_one("ArticleTable")
        assert table.row_count == 1
        await pilot.press("escape")
        assert table.row_count == 5
        dates = [str(table.get_row_at(i)[2]) for i in range(5)]
        assert dates[0] == "2025-05-18"  # newest first
        await pilot.press("s")  # by title
        assert app.screen.sort_by == "title"


async def test_cursor_keys_and_korean_layout_twins(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        view = screen.view
        await pilot.press("j", "j", "down")
        assert view.cursor == 3
        await pilot.press("k", "ㅏ")
        assert view.cursor == 1
        await pilot.press("ㅓ")
        assert view.cursor == 2
        await pilot.press("G")
        assert view.cursor == len(screen.entry.doc.sentences) - 1
        await pilot.press("g")
        assert view.cursor == 0


async def test_label_keys_store_labels_and_advance(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("v", "d", "ㅐ")  # verified, disputed, opinion (Korean 'o')
        await pilot.pause()
        assert screen.view.cursor == 3
        assert app.sentence_labels(screen.entry) == {0: "verified", 1: "disputed", 2: "opinion"}
        await pilot.press("u")  # undo the opinion
        assert app.sentence_labels(screen.entry) == {0: "verified", 1: "disputed"}
        await pilot.press("ctrl+r")
        assert app.sentence_labels(screen.entry)[2] == "opinion"
        await pilot.press("g", "x")  # clear the first
        assert 0 not in app.sentence_labels(screen.entry)
        await pilot.press("u")
        assert app.sentence_labels(screen.entry)[0] == "verified"
    # Quitting folds the journal: plain TinyDB sees exactly the labels on screen.
    assert sorted(r["label"] for r in rows(tmp_path)) == ["disputed", "opinion", "verified"]


async def test_multi_sentence_claim_is_one_record(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("J", "J", "o")
        await pilot.pause()
        assert app.sentence_labels(screen.entry) == {0: "opinion", 1: "opinion", 2: "opinion"}
    [record] = rows(tmp_path)
    assert record["sentence_ids"] == [0, 1, 2]
    doc = app.entries[0].doc
    assert record["text"] == doc.text[doc.sentences[0].start : doc.sentences[2].end]


async def test_comment_box_takes_korean_text_and_undo_reverts_it(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("v", "k", "c")
        await pilot.pause()
        await pilot.press(*"출처 확인", "tab", *"https://example.com", "enter")
        await pilot.pause()
        record = app.store.all()[0]
        assert record["comment"] == "출처 확인" and record["evidence"] == "https://example.com"
        await pilot.press("u")
        assert app.store.all()[0]["comment"] is None


async def test_two_annotators_keep_their_own_labels_blind_by_default(articles, tmp_path):
    first = make_app(articles, tmp_path, annotator="kim")
    async with first.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("v")
    second = make_app(articles, tmp_path, annotator="lee")
    async with second.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        assert screen.view.labels == {}  # blind: kim's label is not shown
        assert "kim" not in str(screen.query_one("#head").render())
        await pilot.press("a")
        assert "kim=verified" in str(screen.query_one("#head").render())
        await pilot.press("d")
    labels = {r["annotator"]: r["label"] for r in rows(tmp_path)}
    assert labels == {"kim": "verified", "lee": "disputed"}


async def test_labels_written_by_another_process_appear_on_the_next_poll(articles, tmp_path):
    from dsreader.store import AnnotationStore

    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        doc = screen.entry.doc
        s = doc.sentences[1]
        record = {
            "article_id": doc.id,
            "text_sha256": doc.text_sha256,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "label": "verified",
            "annotator": "kim",  # the same analyst, in a second terminal
        }
        other = AnnotationStore(tmp_path / "db.json")  # its own file handles and lock
        other.put(record)
        app._poll_store()  # what the 2-second timer runs
        await pilot.pause()
        assert screen.view.labels == {1: "verified"}
        other.put({**record, "label": "disputed"})  # a change, not a new record
        app._poll_store()
        await pilot.pause()
        assert screen.view.labels == {1: "disputed"}
        other.close()


async def test_raw_view_entity_panel_search_and_article_paging(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("r")
        assert screen.view.raw_mode and "⟨" in screen.view._display
        await pilot.press("r", "e")
        panel = screen.query_one("#entities")
        assert panel.has_class("shown") and panel.option_count > 5
        await pilot.press("escape")  # closes the panel, stays in the article
        assert not panel.has_class("shown") and isinstance(app.screen, ReaderScreen)
        first = screen.entry
        await pilot.press("right_square_bracket")
        assert screen.entry is not first
        await pilot.press("left_square_bracket")
        assert screen.entry is first


async def test_search_moves_the_cursor_to_hits(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("slash", *"샤오미", "enter")
        await pilot.pause()
        assert len(screen.hits) >= 3
        s = screen.entry.doc.sentences[screen.view.cursor]
        assert "샤오미" in s.text
        before = screen.view.cursor
        await pilot.press("n")
        assert screen.view.cursor >= before
        await pilot.press("slash", *"ai", "enter")  # Latin letters in either case
        await pilot.pause()
        found = [screen.entry.doc.text[s:e] for s, e in screen.hits]
        assert "AI" in found and all(f.lower() == "ai" for f in found)


async def test_help_screen_lists_the_keys(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert "label verified" in str(app.screen.query_one("#help").render())


async def test_stats_screen_shows_counts_and_agreement(articles, tmp_path):
    from dsreader.store import AnnotationStore

    first = make_app(articles, tmp_path, annotator="kim")
    async with first.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("v", "d", "o")
    second = make_app(articles, tmp_path, annotator="lee")
    async with second.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("v", "o", "ㅐ", "S")
        await pilot.pause()
        shown = as_text(second.screen.query_one("#figures").content)
        assert "6 labels on 3 claims by 2 annotators" in shown
        assert "kim × lee" in shown and "Krippendorff" in shown
        assert "lee (you)" in shown
        third = AnnotationStore(tmp_path / "db.json")  # a third annotator, elsewhere
        third.put({**second.store.all(annotator="lee")[0], "annotator": "park"})
        third.close()
        await pilot.press("escape", "S")
        pairs = []
        for _ in range(3):
            pairs.append(tuple(second.screen.figures["confusion"]["annotators"]))
            await pilot.press("p")
        assert sorted(pairs) == [("kim", "lee"), ("kim", "park"), ("lee", "park")]
        assert "confusion: rows" in as_text(second.screen.query_one("#figures").content)
        await pilot.press("escape")
        assert isinstance(second.screen, ReaderScreen)


async def wait_until(pilot, condition, timeout=15.0):
    """Let the app work until `condition()` holds; slow CI machines need more time."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


async def palette(pilot, query: str) -> None:
    """Type into the command palette and run the best match once it is listed."""
    from textual.command import CommandList

    await pilot.press("ctrl+p", *query)
    await wait_until(pilot, lambda: pilot.app.screen.query_one(CommandList).option_count > 0)
    await pilot.press("enter")
    await pilot.pause()


async def test_command_palette_runs_actions_and_exports_with_progress(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await palette(pilot, "next sentence")
        assert screen.view.cursor == 1
        await pilot.press("v")
        await palette(pilot, "Export labels: jsonl")
        written = lambda: list((tmp_path / "exports").glob("*.jsonl"))  # noqa: E731
        # the file is written and the progress box has closed itself
        await wait_until(pilot, lambda: written() and isinstance(app.screen, ReaderScreen))
        (out,) = written()
        [row] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        assert row["label"] == "verified" and row["annotator"] == "kim"


async def test_markup_and_escapes_in_an_article_cannot_reach_the_terminal(tmp_path):
    from dsreader.corpus import load_corpus as load

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.txt").write_text(
        "[bold]제목[/bold]\n[link=x]본문[/link]이다. \x1b[2J지운다. 끝이다."
    )
    arts = [clean_cached(a) for a in load(tmp_path / "c").articles]
    app = make_app(arts, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "[bold]제목[/bold]" in str(app.screen.query_one("ArticleTable").get_row_at(0)[0])
        screen = await open_first(pilot)
        await pilot.pause()
        assert "[link=x]본문[/link]" in screen.view.text and "\x1b" not in screen.view.text


def test_modules_that_do_not_draw_never_import_textual():
    code = (
        "import sys; import dsreader.corpus, dsreader.clean, dsreader.analysis, dsreader.store, "
        "dsreader.pipeline, dsreader.cli, dsreader.cli_data, dsreader.export, dsreader.stats, "
        "dsreader.stats_view, dsreader.entities; "
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


# --- snapshots: layout at 80x24 and 120x40 -------------------------------------------

APP_FILE = Path(__file__).parent / "snapshot_app.py"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_library_snapshot(snap_compare, size):
    assert snap_compare(str(APP_FILE), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_reader_snapshot(snap_compare, size):
    assert snap_compare(str(APP_FILE), terminal_size=size, press=["enter", "j", "v", "j"])


# --- the real command in a real terminal -----------------------------------------------


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize(
    "terminal, key",
    [
        ("", {}),
        # a 16-colour terminal without colour, typing with the Korean layout switched on
        ("TERM=xterm NO_COLOR=1", KOREAN),
    ],
    ids=["default", "xterm-no-color-korean-keys"],
)
def test_real_dsreader_in_tmux(tmp_path, terminal, key):
    exe = Path(sys.executable).parent / "dsreader"
    db = tmp_path / "db.json"
    session = f"dsr{os.getpid()}{len(terminal)}"
    env = (
        f"{terminal} DSREADER_CACHE_DIR={os.environ['DSREADER_CACHE_DIR']} DSREADER_ANNOTATOR=tmux"
    )
    cmd = f"cd {SEEDS.parent} && {env} {exe} --db {db}"
    subprocess.run(["tmux", "new", "-d", "-s", session, "-x", "80", "-y", "24", cmd], check=True)

    def screen() -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
        ).stdout

    def wait_for(text: str, timeout: float = 20) -> str:
        end = time.time() + timeout
        while time.time() < end:
            out = screen()
            if text in out:
                return out
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{screen()}")

    def keys(*k):
        subprocess.run(
            ["tmux", "send-keys", "-t", session, *(key.get(x, x) for x in k)], check=True
        )

    try:
        lib = wait_for("5 articles")
        assert "2025-05-18" in lib and "세계일보" in lib
        keys("Enter")
        wait_for("labelled (corpus 0/")
        keys("j", "v")
        shown = wait_for("saved: verified")
        # the label's letter in the margin: the cue that survives without colour
        assert any(line.startswith("V ") for line in shown.splitlines()[3:])
        keys("d", "o", "u")
        wait_for("undone")
        keys("r")
        assert "⟨" in wait_for("RAW VIEW")
        keys("q", "q")
        end = time.time() + 10
        while time.time() < end and subprocess.run(["tmux", "has", "-t", session]).returncode == 0:
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    labels = sorted(r["label"] for r in TinyDB(db).all())
    assert labels == ["disputed", "verified"]


async def test_auto_advance_can_be_turned_off(articles, tmp_path):
    app = make_app(articles, tmp_path, auto_advance=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("v")
        assert screen.view.cursor == 0


async def test_a_label_whose_claim_text_changed_is_kept_and_shown_as_orphaned(articles, tmp_path):
    from dsreader.store import AnnotationStore

    store = AnnotationStore(tmp_path / "db.json")
    doc_id = articles[0].id
    store.put(
        {
            "article_id": doc_id,
            "start": 5,
            "end": 20,
            "text": "이 문장은 더 이상 없다",
            "label": "verified",
            "annotator": "kim",
        }
    )
    store.close()
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_first(pilot)
        assert "1 orphaned" in str(screen.query_one("#head").render())
    assert len(rows(tmp_path)) == 1  # still in the database


# --- issue 10: labels an analyst can trust (each test failed before the fix) ----------


def visible_text(view) -> list[str]:
    """The reader pane's lines as the terminal shows them."""
    return [view.render_line(y).text for y in range(view.size.height)]


def visible_sentences(view) -> list[int]:
    top, height = view.scroll_offset.y, view.size.height
    return [
        k
        for k, (s, e) in enumerate(view.sentences)
        if view.line_of(view.to_display(s)) < top + height
        and view.line_of(view.to_display(max(s, e - 1))) >= top
    ]


async def test_scrolling_takes_the_cursor_along_so_a_label_lands_on_screen(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: screen.view.scroll_offset.y > 0)
        assert screen.view.cursor in visible_sentences(screen.view)
        await pilot.press("v")
        [record] = app.store.all()
        assert record["sentence_ids"][0] > 0  # not sentence 0, which scrolled away
        screen.view.scroll_to(y=screen.view.scroll_offset.y + 15, animate=False)  # the wheel
        await wait_until(pilot, lambda: screen.view.cursor in visible_sentences(screen.view))


async def test_three_adjacent_labels_each_show_over_their_own_text(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("v", "d", "o")
        await pilot.pause()
        shown = "\n".join(visible_text(screen.view))
        doc = screen.entry.doc
        for k, tag in enumerate(["[V]", "[D]", "[O]"]):
            head = doc.sentences[k].text[:6]
            assert f"{tag} {head}" in shown.replace("\n", " ") or f"{tag}{head}" in shown


async def test_status_line_shows_the_claim_under_the_cursor(articles, tmp_path):
    first = make_app(articles, tmp_path, annotator="lee")
    async with first.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("o")
    app = make_app(articles, tmp_path, annotator="kim")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        status = lambda: str(screen.query_one("#claim").render())  # noqa: E731
        assert "not labelled" in status() and "1 other annotator" in status()
        assert "opinion" not in status()  # blind: how many, not what
        await pilot.press("v", "k", "c", *"출처", "enter")
        await wait_until(pilot, lambda: "출처" in status())
        assert "verified" in status() and "kim" in status()
        assert "[V*]" in "\n".join(visible_text(screen.view))  # commented claims are marked


async def test_labelling_inside_an_extended_claim_asks_and_escape_cancels(articles, tmp_path):
    from dsreader.tui.dialogs import ConflictScreen

    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("J", "J", "v")  # sentences 0-2: one claim
        await pilot.press("k", "k", "d")  # the cursor lands on sentence 2 after the advance
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")  # cancel: nothing changes
        await pilot.pause()
        assert app.screen is screen
        assert app.session.sentence_labels(screen.entry.doc) == {0: "verified", 1: "verified", 2: "verified"}
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("s")  # split
        await pilot.pause()
        assert app.session.sentence_labels(screen.entry.doc) == {0: "verified", 1: "verified", 2: "disputed"}
        assert "kept verified" in str(screen.query_one("#status").render())
        await pilot.press("J", "escape")  # Escape cancels the selection, stays in the article
        assert screen.view.selection is None and app.screen is screen


async def test_a_comment_on_an_unlabelled_claim_is_kept(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("c", *"제목일 뿐", "enter")
        await pilot.pause()
    [record] = rows(tmp_path)
    assert record["comment"] == "제목일 뿐" and record["label"] is None


async def test_raw_view_labelling_keys_do_nothing_and_say_so(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("r", "v", "x", "c", "s")
        await pilot.pause()
        assert app.store.all() == [] and app.screen is screen
        assert "raw view" in str(screen.query_one("#status").render())
