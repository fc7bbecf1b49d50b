"""A big article in the reader: labels, search and the entity panel far from the top.

The article is the seeds' paragraphs many times over (each copy numbered), with the
last seed's paragraphs only at its end, so some entities occur nowhere else.
"""

import pytest
from conftest import SEEDS

from dsreader.analysis import analyze
from dsreader.article import CleanArticle, Metadata
from dsreader.tui.app import ReaderApp
from dsreader.tui.reader import ReaderScreen

COPIES = 5  # rounds over the first four seeds' paragraphs


@pytest.fixture(scope="module")
def big():
    seeds = [p.read_text("utf-8").split("\n") for p in sorted(SEEDS.glob("*.txt"))]
    paragraphs = [[line for line in lines[1:] if len(line) > 80] for lines in seeds]
    body = [p for _ in range(COPIES) for seed in paragraphs[:-1] for p in seed]
    lines = ["큰 기사: 여러 번 이어 붙인 문단들"]
    lines += [f"{p} 이 내용은 {k + 1}번째 문단에서 확인됐다." for k, p in enumerate(body)]
    lines += paragraphs[-1]  # only here, at the end
    text = "\n".join(lines)
    article = CleanArticle("big", "big.txt", text, text, (), Metadata(title=lines[0]))
    doc = analyze(article)  # cached for the app
    assert len(doc.sentences) > 1000
    return article, doc, len(body)


def make_app(big, tmp_path):
    return ReaderApp([big[0]], db_path=tmp_path / "db.json", annotator="kim")


async def open_big(pilot):
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def visible_text(view) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def shown(view, k: int) -> bool:
    """Sentence k has a line on screen."""
    s, e = view.sentences[k]
    top, height = view.scroll_offset.y, view.size.height
    return view.line_of(s) < top + height and view.line_of(max(s, e - 1)) >= top


async def test_labels_far_down_land_on_the_sentence_on_screen(big, tmp_path):
    article, doc, _ = big
    app = make_app(big, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_big(pilot)
        view = screen.view
        for _ in range(30):
            await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_offset.y > 500 and shown(view, view.cursor)
        middle = view.cursor
        await pilot.press("v")
        await pilot.press("end", "k", "k")
        await pilot.pause()
        last = view.cursor
        assert last == len(doc.sentences) - 3
        await pilot.press("d")
        await pilot.pause()
        saved = {r["sentence_ids"][0]: r for r in app.store.all()}
        assert set(saved) == {middle, last}
        assert saved[middle]["text"] == doc.sentences[middle].text
        assert saved[middle]["label"] == "verified" and saved[last]["label"] == "disputed"
        # The tag is drawn before the sentence, on screen, and the text around it intact.
        screen_text = visible_text(view)
        assert "[D] " + doc.sentences[last].text[:10] in screen_text
        assert doc.sentences[-1].text.split()[-1] in screen_text.splitlines()[-1]


async def test_a_tag_rewraps_its_paragraph_as_a_fresh_wrap_would(big, tmp_path):
    app = make_app(big, tmp_path)
    async with app.run_test(size=(90, 30)) as pilot:
        screen = await open_big(pilot)
        view = screen.view
        for keys in (("v",), ("pagedown", "pagedown", "o"), ("end", "s"), ("home", "x")):
            await pilot.press(*keys)
        await pilot.pause()
        assert len(view.labels) == 2
        kept = list(view._lines)
        view._rebuild()
        assert view._lines == kept
        # Every character of the article is on exactly one line, in order.
        text = big[0].text
        assert "".join(text[s:e] for s, e in kept) == text.replace("\n", "")


async def test_search_finds_a_match_near_the_end(big, tmp_path):
    _, doc, paragraphs = big
    app = make_app(big, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_big(pilot)
        phrase = f"{paragraphs - 1}번째 문단"
        await pilot.press("slash", *phrase, "enter")
        await pilot.pause()
        view = screen.view
        assert phrase in doc.sentences[view.cursor].text
        assert shown(view, view.cursor) and phrase in visible_text(view)
        assert "hit 1/1" in str(screen.query_one("#status").render())
        # A word found all over: every occurrence, then the next one after the cursor.
        await pilot.press("slash", *"엔비디아", "enter")
        await pilot.pause()
        assert len(screen.hits) == doc.text.count("엔비디아") > 50
        before = view.cursor
        await pilot.press("greater_than_sign")
        assert view.cursor >= before and "엔비디아" in doc.sentences[view.cursor].text


async def test_the_entity_panel_lists_and_finds_entities_from_the_end(big, tmp_path):
    _, doc, _ = big
    cut = doc.sentences[-1].end * 0.95
    mentions: dict = {}
    for e in doc.entities:
        mentions.setdefault((e.type, e.text), []).append(e.start)
    late = [key for key, starts in mentions.items() if min(starts) > cut]
    assert late, "the last seed names something the others do not"
    kind, name = late[0]
    app = make_app(big, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_big(pilot)
        await pilot.press("e")
        await pilot.pause()
        panel = screen.query_one("#entities")
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert f"  {name} ×{len(mentions[kind, name])}" in prompts
        panel.highlighted = prompts.index(f"  {name} ×{len(mentions[kind, name])}")
        await pilot.press("enter")
        await pilot.pause()
        view = screen.view
        s, e = doc.sentences[view.cursor].start, doc.sentences[view.cursor].end
        assert s <= min(mentions[kind, name]) < e and shown(view, view.cursor)


async def test_a_long_entity_list_shows_the_most_frequent_then_more_on_demand(
    big, tmp_path, monkeypatch
):
    from dsreader.tui import reader

    monkeypatch.setattr(reader, "PANEL_BATCH", 3)
    _, doc, _ = big
    app = make_app(big, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_big(pilot)
        await pilot.press("e")
        await pilot.pause()
        panel = screen.query_one("#entities")

        def prompts() -> list[str]:
            return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]

        before = prompts()
        more = next(i for i, p in enumerate(before) if p.strip().startswith("…"))
        kind = next(p for p in reversed(before[:more]) if not p.startswith("  ")).split()[0]
        names = {e.text for e in doc.entities if e.type == kind}
        assert f"… {len(names) - 3} more" in before[more]
        panel.highlighted = more
        await pilot.press("enter")
        await pilot.pause()
        after = prompts()
        assert len(after) > len(before) and after[more] not in before
        await pilot.press("enter")  # the first name just listed: jump to it
        await pilot.pause()
        name = after[more].strip().rsplit(" ×", 1)[0]
        assert name in doc.sentences[screen.view.cursor].text
