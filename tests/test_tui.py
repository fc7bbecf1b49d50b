"""The app driven as a user drives it: keys in, screen and database out."""

import io
import json
import os
import re
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
        assert "sentences done" in str(app.screen.query_one("#lib-head").render())
        assert " 2/" in str(app.screen.query_one("#lib-head").render())


async def test_filter_as_you_type_and_sort(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"세계일보")
        await pilot.pause(0.3)  # the filter applies once typing pauses
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
        assert app.session.sentence_labels(screen.entry.doc) == {
            0: "verified",
            1: "disputed",
            2: "opinion",
        }
        await pilot.press("u")  # undo the opinion
        assert app.session.sentence_labels(screen.entry.doc) == {0: "verified", 1: "disputed"}
        await pilot.press("ctrl+r")
        assert app.session.sentence_labels(screen.entry.doc)[2] == "opinion"
        await pilot.press("g", "x")  # clear the first
        assert 0 not in app.session.sentence_labels(screen.entry.doc)
        await pilot.press("u")
        assert app.session.sentence_labels(screen.entry.doc)[0] == "verified"
    # Quitting folds the journal: plain TinyDB sees exactly the labels on screen.
    assert sorted(r["label"] for r in rows(tmp_path)) == ["disputed", "opinion", "verified"]


async def test_multi_sentence_claim_is_one_record(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("J", "J", "o")
        await pilot.pause()
        assert app.session.sentence_labels(screen.entry.doc) == {
            0: "opinion",
            1: "opinion",
            2: "opinion",
        }
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
        assert screen.view.raw_mode and "⟨" in screen.view._shown
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
        await pilot.press(">")
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
        shown = str(app.screen.query_one("#help").render())
        assert "label verified" in shown and "skip: not a claim" in shown
        assert "claim" in shown and "sentence" in shown


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


class Tmux:
    """The real `dsreader` command in a tmux pane: keys in, the pane's text out."""

    def __init__(self, name: str, command: str, size=(80, 24), key: dict | None = None):
        self.name, self.key = name, key or {}
        subprocess.run(
            ["tmux", "new", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), command],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str, timeout: float = 60, then: str = "") -> str:
        """The pane once `text` shows (followed on its line by `then`, if given)."""
        end = time.time() + timeout
        while time.time() < end:
            out = self.screen()
            if any(text in line and then in line.split(text, 1)[1] for line in out.splitlines()):
                return out
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def wait_library_ready(self, timeout: float = 60) -> str:
        """The library once every file is read, cleaned and analysed (no progress line)."""
        end = time.time() + timeout
        busy = ("reading files", "cleaning ", "analysing ")
        while time.time() < end:
            out = self.screen()
            if "sort: " in out and not any(b in out for b in busy):
                return out
            time.sleep(0.2)
        raise AssertionError(f"the library never finished loading:\n{self.screen()}")

    def keys(self, *k: str) -> None:
        subprocess.run(
            ["tmux", "send-keys", "-t", self.name, *(self.key.get(x, x) for x in k)], check=True
        )

    def wait_exit(self, timeout: float = 30) -> None:
        end = time.time() + timeout
        while time.time() < end:
            if subprocess.run(["tmux", "has", "-t", self.name], capture_output=True).returncode:
                return
            time.sleep(0.2)
        raise AssertionError(f"dsreader did not quit:\n{self.screen()}")

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def dsreader_command(db: Path, env: str = "", args: str = "") -> str:
    exe = Path(sys.executable).parent / "dsreader"
    cache = os.environ["DSREADER_CACHE_DIR"]
    return f"cd {SEEDS.parent} && {env} DSREADER_CACHE_DIR={cache} {exe} --db {db} {args}"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize(
    "terminal, key",
    [
        ("", {}),
        ("TERM=xterm", {}),  # 16 colours
        # a 16-colour terminal without colour, typing with the Korean layout switched on
        ("TERM=xterm NO_COLOR=1", KOREAN),
    ],
    ids=["default", "xterm-16-colours", "xterm-no-color-korean-keys"],
)
def test_real_dsreader_in_tmux(articles, tmp_path, terminal, key):
    db = tmp_path / "db.json"
    env = f"{terminal} DSREADER_ANNOTATOR=tmux"
    pane = Tmux(f"dsr{os.getpid()}{len(terminal)}", dsreader_command(db, env), key=key)
    try:
        pane.wait_for("5 articles")
        lib = pane.wait_library_ready()  # filled in as the files are read and cleaned
        assert "2025-05-18" in lib and "세계일보" in lib
        pane.keys("Enter")
        first = pane.wait_for("sentences done (corpus 0/")
        assert re.search(r"sentence 1/\d+", first)
        pane.keys("NPage")  # scroll a page: the cursor comes along (the status line says
        end = time.time() + 30  # where; the text may also change as the cleaning lands)
        while re.search(r"sentence 1/\d+", pane.screen()):
            assert time.time() < end, "the page did not scroll"
            time.sleep(0.2)
        pane.keys("v")
        shown = pane.wait_for("saved: verified")
        assert "[V]" in shown  # the tag over the label's own text, without colour too
        pane.keys("d", "o")
        shown = pane.wait_for("saved: opinion")
        for tag in ("[V]", "[D]", "[O]"):  # three adjacent labels, all visible
            assert tag in shown, shown
        pane.keys("u")
        pane.wait_for("undone")
        pane.keys("r")
        assert "⟨" in pane.wait_for("RAW VIEW")
        pane.keys("v")
        pane.wait_for("raw view: labels")
        pane.keys("r", "q", "q")
        pane.wait_exit()
    finally:
        pane.kill()
    records = TinyDB(db).all()
    assert sorted(r["label"] for r in records) == ["disputed", "verified"]
    assert min(r["sentence_ids"][0] for r in records) > 0  # not sentence 0, scrolled away


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_terminal_after_labels_shows_what_a_full_redraw_shows(articles, tmp_path):
    """A label redraws only the lines that changed: the real terminal must then show
    exactly what painting the whole screen again shows (no line left stale)."""
    db = tmp_path / "db.json"
    pane = Tmux(f"dsrpaint{os.getpid()}", dsreader_command(db, "DSREADER_ANNOTATOR=tmux"))
    try:
        pane.wait_for("5 articles")
        pane.wait_library_ready()
        pane.keys("Enter")
        pane.wait_for("sentences done (corpus 0/")
        # new tags (paragraphs re-wrap), a changed tag, a cleared one, the cursor moving
        for k in ("G", "v", "g", "v", "k", "c"):
            pane.keys(k)
            time.sleep(0.3)
        pane.wait_for("Enter to save")
        pane.keys("note", "Enter")  # a comment on a label: only its tag's mark changes
        pane.wait_for("comment saved")
        for k in ("d", "o", "s", "g", "x", "j", "j", "o", "k", "d"):
            pane.keys(k)
            time.sleep(0.3)
        pane.wait_for("sentences done (corpus 3/")
        time.sleep(1)
        before = pane.screen()
        pane.keys("r")  # the raw view and back: every line wrapped and drawn anew
        pane.wait_for("RAW VIEW")
        pane.keys("r")
        end = time.time() + 10
        while "RAW VIEW" in pane.screen() and time.time() < end:
            time.sleep(0.2)
        time.sleep(1)
        assert pane.screen() == before
        pane.keys("q", "q")
        pane.wait_exit()
    finally:
        pane.kill()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_two_annotators_label_a_third_reviews_and_the_decision_is_kept(articles, tmp_path):
    db = tmp_path / "db.json"
    name = f"dsrev{os.getpid()}"

    def label(who: str, keys: list[str], by_option: bool) -> None:
        env, args = ("", f"--annotator {who}") if by_option else (f"DSREADER_ANNOTATOR={who}", "")
        pane = Tmux(name + who, dsreader_command(db, env, args), size=(100, 30))
        try:
            pane.wait_for("5 articles")
            pane.wait_library_ready()  # the same first row for everyone
            pane.keys("Enter")
            pane.wait_for("sentence 1/")  # analysed (the fixture warmed the cache)
            pane.keys(*keys)
            pane.wait_for(" 3/", then=" sentences done")
            pane.keys("q", "q")
            pane.wait_exit()
        finally:
            pane.kill()

    label("kim", ["v", "d", "o"], by_option=True)
    label("lee", ["v", "o", "o"], by_option=False)  # disagrees on the second sentence
    pane = Tmux(name + "park", dsreader_command(db, "", "--annotator park"), size=(100, 30))
    try:
        pane.wait_for("5 articles")
        pane.wait_library_ready()
        pane.keys("R")
        shown = pane.wait_for("1 disagree")
        assert "DISAGREEMENT" in shown and "3 claims with 2+ labels" in shown  # disagreements first
        assert "kim" in shown and "lee" in shown
        pane.keys("o")
        pane.wait_for("decided: opinion")
        pane.keys("u")
        pane.wait_for("undone")
        pane.keys("k")  # back to the disagreement (the undo left us on the next claim)
        pane.wait_for("DISAGREEMENT")
        pane.keys("d")
        pane.wait_for("decided: disputed")
        pane.keys("q", "q")
        pane.wait_exit()
    finally:
        pane.kill()
    exe = Path(sys.executable).parent / "dsreader"
    has_flag = (
        "--reviewed"
        in subprocess.run([str(exe), "export", "--help"], capture_output=True, text=True).stdout
    )
    if has_flag:
        out = tmp_path / "reviewed.jsonl"
        subprocess.run(
            [str(exe), "--db", str(db), "export", "-f", "jsonl", "-o", str(out), "--reviewed"],
            check=True,
            cwd=SEEDS.parent,
        )
        rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        assert [r["label"] for r in rows] == ["disputed"]  # the one decided claim, as decided
    from dsreader.store import AnnotationStore

    store = AnnotationStore(db, read_only=True)
    [decision] = store.reviews()
    assert decision["label"] == "disputed" and decision["reviewer"] == "park"
    own = {r["annotator"]: r["label"] for r in store.all() if r["start"] == decision["start"]}
    assert own == {"kim": "disputed", "lee": "opinion"}  # the annotators' labels stay theirs


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
        if view.line_of(s) < top + height and view.line_of(max(s, e - 1)) >= top
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
        from textual import events

        before = screen.view.cursor
        for _ in range(12):  # the mouse wheel
            wheel = events.MouseScrollDown(screen.view, 5, 5, 0, 1, 0, False, False, False)
            screen.view.post_message(wheel)
        await wait_until(pilot, lambda: screen.view.cursor != before)
        assert screen.view.cursor in visible_sentences(screen.view)


async def test_three_adjacent_labels_each_show_over_their_own_text(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("v", "d", "o")
        await pilot.pause()
        shown = " ".join(line[2:].strip() for line in visible_text(screen.view))
        doc = screen.entry.doc
        for k, tag in enumerate(["[V]", "[D]", "[O]"]):
            first_word = doc.sentences[k].text.split()[0]
            assert f"{tag} {first_word}" in shown  # the tag stands before its own text


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
        await pilot.press("k", "d")  # after the advance to 3, back to sentence 2
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")  # cancel: nothing changes
        await pilot.pause()
        assert app.screen is screen
        assert app.session.sentence_labels(screen.entry.doc) == {
            0: "verified",
            1: "verified",
            2: "verified",
        }
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("s")  # split
        await pilot.pause()
        assert app.session.sentence_labels(screen.entry.doc) == {
            0: "verified",
            1: "verified",
            2: "disputed",
        }
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
        await pilot.press("r", "v", "x", "c", "s", "J", "n")
        await pilot.pause()
        assert app.store.all() == [] and app.screen is screen and screen.view.selection is None
        await pilot.press("j")  # no cursor to move: j scrolls the raw text
        await wait_until(pilot, lambda: screen.view.scroll_offset.y == 1)
        assert screen.view.cursor == 0
        assert "raw view" in str(screen.query_one("#status").render())


def _luminance(rgb) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg, bg) -> float:
    """The WCAG 2 contrast ratio of two RGB colours."""
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def as_shown(colour: str, mode: str):
    """The RGB a terminal shows for a colour: 24-bit, 256, 16 colours, or NO_COLOR
    (Textual's Monochrome filter: a grey of the same brightness)."""
    from rich.color import Color, ColorSystem
    from rich.terminal_theme import DEFAULT_TERMINAL_THEME
    from textual.color import Color as TColor

    c = Color.parse(colour)
    if mode == "256":
        c = c.downgrade(ColorSystem.EIGHT_BIT)
    elif mode == "16":
        c = c.downgrade(ColorSystem.STANDARD)
    rgb = tuple(c.get_truecolor(DEFAULT_TERMINAL_THEME))
    if mode == "mono":
        grey = TColor(*rgb).monochrome
        rgb = (grey.r, grey.g, grey.b)
    return rgb


@pytest.mark.parametrize("mode", ["24bit", "256", "16", "mono"])
def test_every_colour_pair_is_legible_in_each_kind_of_terminal(mode):
    from dsreader.tui import styles

    plain = [styles.TEXT] + [s.color.name for s in styles.ENTITY_STYLES.values()]
    pairs = [(fg, styles.BACKGROUND) for fg in plain]  # text and entities
    pairs += [("#000000", bg) for bg in styles.TAG_COLOURS.values()]  # label tags
    pairs += [(s.color.name, s.bgcolor.name) for s in (styles.HIT_STYLE,)]
    pairs += [
        (s.color.name, styles.BACKGROUND) for s in (styles.REMOVED_STYLE, styles.REASON_STYLE)
    ]
    if mode == "24bit":  # the tints behind labelled text are drawn in 24-bit colour only
        pairs += [(fg, tint) for fg in plain for tint in styles.TINTS.values()]
    worst = min(pairs, key=lambda p: contrast(as_shown(p[0], mode), as_shown(p[1], mode)))
    ratio = contrast(as_shown(worst[0], mode), as_shown(worst[1], mode))
    assert ratio >= 4.5, f"{worst} is {ratio:.1f}:1 in {mode}"


async def test_the_reader_pane_background_is_the_one_contrast_was_checked_against(
    articles, tmp_path
):
    from dsreader.tui.styles import BACKGROUND

    app = make_app(articles, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first(pilot)
        assert screen.view.rich_style.bgcolor.name == BACKGROUND


async def test_tints_only_in_24_bit_colour_and_tags_everywhere(articles, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("v", "s")
        assert not screen.view._tinted()
        shown = "\n".join(visible_text(screen.view))
        assert "[V]" in shown and "[S]" in shown


def test_tui_modules_import_each_other_without_a_cycle():
    import ast

    folder = Path(__file__).resolve().parent.parent / "src" / "dsreader" / "tui"
    graph = {}
    for path in folder.glob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    names.add(node.module.split(".")[0])
                else:
                    names.update(a.name for a in node.names)
        graph[path.stem] = names

    def reaches(start, goal, seen=()):
        return any(
            n == goal or (n not in seen and reaches(n, goal, (*seen, n)))
            for n in graph.get(start, ())
        )

    cycles = [m for m in graph if reaches(m, m)]
    assert cycles == []


async def test_skip_is_in_the_key_bar_and_the_palette_and_counts_as_done(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_first(pilot)
        assert "s skip" in as_text(screen.query_one("KeyBar").content, width=200)
        await pilot.press("ㄴ")  # s on the Korean layout
        assert app.session.sentence_labels(screen.entry.doc) == {0: "skip"}
        assert screen.progress[0] == 1
        await palette(pilot, "skip: not a claim")
        assert app.session.sentence_labels(screen.entry.doc)[1] == "skip"
    assert sorted(r["label"] for r in rows(tmp_path)) == ["skip", "skip"]


async def test_n_goes_to_the_next_unlabelled_then_to_the_next_unfinished_article(
    articles, tmp_path
):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        doc = screen.entry.doc
        last = len(doc.sentences) - 1
        app.session.label(doc, 0, last - 1, "opinion")
        screen.refresh_labels()
        await pilot.press("n")
        assert screen.view.cursor == last
        await pilot.press("v")  # the article is done now
        assert app.session.complete(doc)
        assert "article done" in str(screen.query_one("#status").render())
        await pilot.press("n")
        assert screen.entry.doc.id == app.order[1]  # the next unfinished, in library order


async def test_library_filters_by_source_state_and_type_and_brackets_follow_it(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("ArticleTable")
        await pilot.press("slash", *"source:세계")
        await pilot.pause(0.3)
        assert table.row_count == 1
        await pilot.press("escape")
        await pilot.press("slash", *"state:untouched type:MONEY")
        await pilot.pause(0.3)
        with_money = [e for e in app.entries if any(x.type == "MONEY" for x in e.doc.entities)]
        assert 0 < table.row_count == len(with_money) < 5
        await pilot.press("escape", "s")  # sort by title: ] follows this order
        await pilot.pause()
        order = [table.keys[i] for i in range(table.row_count)]
        assert app.order == order
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        assert app.screen.entry.doc.id == order[1]


async def test_the_library_filter_word_is_highlighted_in_the_article(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"샤오미", "enter", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.hits
        assert all(screen.entry.doc.text[s:e] == "샤오미" for s, e in screen.hits)


async def test_others_labels_and_next_disagreement(articles, tmp_path):
    first = make_app(articles, tmp_path, annotator="lee")
    async with first.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("v", "v", "v")
    app = make_app(articles, tmp_path, annotator="kim")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("v", "v", "d", "g", "m")
        assert "blind" in str(screen.query_one("#status").render())
        await pilot.press("a", "m")
        assert screen.view.cursor == 2
        assert "lee=verified" in str(screen.query_one("#head").render())


async def test_review_mode_decides_undoes_and_keeps_annotators_labels(articles, tmp_path):
    for who, keys in (("kim", "vdo"), ("lee", "voo")):
        app = make_app(articles, tmp_path, annotator=who)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_first(pilot)
            await pilot.press(*keys)
    app = make_app(articles, tmp_path, annotator="park")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        body = lambda: as_text(app.screen.query_one("#review-item").content)  # noqa: E731
        assert "DISAGREEMENT" in body() and "kim" in body() and "lee" in body()
        await pilot.press("d")
        assert [r["label"] for r in app.store.reviews()] == ["disputed"]
        await pilot.press("u")
        assert app.store.reviews() == []
        await pilot.press("ctrl+r")
        assert app.store.reviews()[0]["reviewer"] == "park"
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)
    assert sorted(r["label"] for r in rows(tmp_path)) == sorted(
        "verified disputed opinion verified opinion opinion".split()
    )


async def test_a_comment_that_cannot_be_placed_is_refused_before_the_box_opens(articles, tmp_path):
    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("j", "v", "g", "J", "c")  # sentences 0-1 overlap the claim on 1
        await pilot.pause()
        assert app.screen is screen  # no box to type into
        assert "overlaps a claim" in str(screen.query_one("#status").render())


async def test_extending_over_a_labelled_sentence_asks_and_replace_says_what_went(
    articles, tmp_path
):
    from dsreader.tui.dialogs import ConflictScreen

    app = make_app(articles, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("j", "d", "g", "J", "J", "v")  # 0-2 over the disputed sentence 1
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert app.session.sentence_labels(screen.entry.doc) == {1: "disputed"}
        await pilot.press("r")  # replace
        await pilot.pause()
        assert app.session.sentence_labels(screen.entry.doc) == dict.fromkeys(range(3), "verified")
        assert "replaced" in str(screen.query_one("#status").render())
        await pilot.press("u")
        assert app.session.sentence_labels(screen.entry.doc) == {1: "disputed"}
