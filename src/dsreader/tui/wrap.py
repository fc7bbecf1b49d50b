"""Wrapping text to terminal cells, one paragraph at a time, word by word.

A 2 MB article is 850,000 characters: wrapping it a character at a time took about a
second, so words are measured whole (rich caches the width of short strings) and a
character loop runs only for a word wider than the line. Each paragraph's wrap is
remembered by its text and the width, so re-wrapping after a label costs one paragraph.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, repeat
from operator import add
from typing import NamedTuple

from rich.cells import cell_len


class VisualLine(NamedTuple):  # a tuple: a 2 MB article has 30,000 of them
    start: int  # offsets into the wrapped string
    end: int


_WRAPPED: dict[tuple[str, int], list[tuple[int, int]]] = {}
_CELLS: dict[str, int] = {}


def wrap_paragraph(para: str, width: int) -> list[tuple[int, int]]:
    """One paragraph's lines as (start, end) offsets into it, remembered.

    Lines break before a word that does not fit; the spaces after a word stay on its
    line (they may hang past the width); a word wider than the line is cut by cells.
    """
    width = max(4, width)
    spans = _WRAPPED.get((para, width))
    if spans is None:
        if len(_WRAPPED) > 100_000:
            _WRAPPED.clear()
        spans = _WRAPPED[(para, width)] = _wrap(para, width)
    return spans


def _cells(words: list[str]) -> list[int]:
    """Each word's width in cells; widths are remembered by word (a dict lookup is
    several times cheaper than measuring, and an article repeats its words)."""
    widths = list(map(_CELLS.get, words))
    if None in widths:
        if len(_CELLS) > 500_000:
            _CELLS.clear()
        for k, w in enumerate(widths):
            if w is None:
                widths[k] = _CELLS[words[k]] = cell_len(words[k])
    return widths


def _wrap(para: str, width: int) -> list[tuple[int, int]]:
    """Greedy, a bisection per line: `cells[k]` is the width of the first k words with
    a space after each, so the words that fit on a line are found without a loop over
    them."""
    words = para.split(" ")  # consecutive spaces give empty words, one cell each
    cells = list(accumulate(map(add, _cells(words), repeat(1)), initial=0))
    offsets = list(accumulate(map(add, map(len, words), repeat(1)), initial=0))
    spans: list[tuple[int, int]] = []
    n = len(words)
    i = start = base = 0  # the line holds words from i on, after `base` cells
    while True:
        k = bisect_right(cells, base + width + 1, lo=i) - 1  # words i..k-1 fit
        while k < n and not words[k]:
            k += 1  # spaces hang at the end of the line
        if k >= n:
            break
        if k > i or start < offsets[i]:  # break before word k
            spans.append((start, offsets[k]))
            i, start, base = k, offsets[k], cells[k]
            continue
        # Word i alone is wider than a line (it may hold no-break spaces): cut it.
        first = offsets[i]
        chars = list(accumulate(_cells(list(words[i])), initial=0))
        lo = 0
        while chars[-1] - chars[lo] > width:
            hi = max(lo + 1, bisect_right(chars, chars[lo] + width, lo=lo) - 1)
            spans.append((start, first + hi))
            start, lo = first + hi, hi
        i += 1
        base = cells[i] - (chars[-1] - chars[lo]) - 1
    spans.append((start, len(para)))
    return spans


def wrap_offsets(text: str, width: int) -> list[VisualLine]:
    """Every line of a text with line breaks, as offsets into the text."""
    lines: list[VisualLine] = []
    pos = 0
    for para in text.split("\n"):
        if para:
            lines.extend([VisualLine(pos + a, pos + b) for a, b in wrap_paragraph(para, width)])
        else:
            lines.append(VisualLine(pos, pos))
        pos += len(para) + 1
    return lines
