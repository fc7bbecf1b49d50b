"""Kiwi's morphemes as the words of a text, for token-based formats (spaCy, Prodigy).

A blank spaCy tokenizer splits Korean on spaces only, so a particle stays glued to
the name before it (`엔비디아는`) and an entity ending at the name cannot land on a
token boundary. Kiwi's morphemes can: each becomes a word. Morphemes Kiwi reports
over the same characters (a contraction: `했` = 하 + 었) stay one word, and every
offset in `cuts` (entity boundaries) is forced to be a word boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    space: bool  # followed by one space, as spaCy's `spaces` and Prodigy's `ws` mean


def _morph_spans(text: str) -> list[tuple[int, int]]:
    """Kiwi's morphemes, overlapping ones merged, in text order."""
    from .morph import kiwi

    spans: list[list[int]] = []
    for token in sorted(kiwi().tokenize(text), key=lambda t: t.start):
        start, end = token.start, token.start + token.len
        if spans and start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return [(s, e) for s, e in spans]


def words(text: str, cuts: Iterable[int] = ()) -> list[Word]:
    """The text as words and whitespace tokens that join back to it exactly.

    A single space after a word is that word's `space`; other whitespace (a line
    break, two spaces) is a token of its own, as spaCy represents it.
    """
    bounds = {b for span in _morph_spans(text) for b in span} | set(cuts)
    pieces: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        if text[i].isspace():
            while j < n and text[j].isspace():
                j += 1
        else:
            while j < n and not text[j].isspace() and j not in bounds:
                j += 1
        pieces.append((i, j))
        i = j
    out: list[Word] = []
    for start, end in pieces:
        chunk = text[start:end]
        after_word = out and not out[-1].space and not out[-1].text.isspace()
        if chunk[0] == " " and after_word:
            last = out[-1]
            out[-1] = Word(last.start, last.end, last.text, True)
            start += 1
            if start == end:
                continue
        out.append(Word(start, end, text[start:end], False))
    return out


def token_span(items: Sequence[Word], start: int, end: int) -> tuple[int, int] | None:
    """First and last (inclusive) word of a character span, if it lands on word edges."""
    first = next((i for i, w in enumerate(items) if w.start == start), None)
    last = next((i for i, w in enumerate(items) if w.end == end), None)
    if first is None or last is None or last < first:
        return None
    return first, last
