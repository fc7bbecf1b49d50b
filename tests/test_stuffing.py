"""The one-pass index of bare words finds what the per-word regex finds."""

import re

from conftest import SEEDS

from dsreader.stuffing import _bare_ends


def _bare_occurrences(text: str, word: str) -> list[re.Match]:
    """The reference: a regex scan per word, skipping a list's label (a copy that opens
    its line after nothing but a bullet)."""
    out = []
    for m in re.finditer(rf"(?<=\s){re.escape(word)}(?=\s)", text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if re.fullmatch(r"[\W_]*", text[line_start : m.start()]):
            continue
        out.append(m)
    return out


def test_bare_word_index_matches_the_regex_on_every_word():
    text = "\n".join(p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text = "딥시크 첫 단어와  두 칸\t탭 딥시크\n딥시크 끝 " + text + " 마지막 딥시크"
    index = _bare_ends(text)
    words = set(text.split())
    assert len(words) > 1000
    for word in words:
        assert index.get(word, []) == [m.end() for m in _bare_occurrences(text, word)], word
