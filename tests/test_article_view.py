"""Wrapping remembers paragraphs: a changed paragraph wraps as if from scratch."""

from conftest import SEEDS

from dsreader.tui import wrap
from dsreader.tui.wrap import wrap_offsets


def test_rewrapping_after_a_tag_is_inserted_matches_a_fresh_wrap():
    text = "\n".join(p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt")))
    wrap_offsets(text, 40)
    at = text.index("\n", 2000) + 1
    tagged = text[:at] + "[V] " + text[at:]
    remembered = wrap_offsets(tagged, 40)
    wrap._WRAPPED.clear()
    assert remembered == wrap_offsets(tagged, 40)
    lines = [tagged[line.start : line.end] for line in remembered]
    assert any(line.startswith("[V] ") for line in lines)
    assert "".join(lines).replace(" ", "") == tagged.replace("\n", "").replace(" ", "")
