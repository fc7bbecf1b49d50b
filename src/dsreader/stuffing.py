"""Keyword stuffing: a name pasted bare into sentences to game search engines.

Judged on the whole article with Kiwi's morphology (see `stuffed_keywords`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache

from .linerules import _WORD

# --- keyword stuffing -----------------------------------------------------------------

_CANDIDATE = re.compile(r"[가-힣]{2,}|[A-Za-z][A-Za-z0-9]{2,}")
_PREDICATE_TAGS = {"VV", "VA", "VX", "XSV", "XSA", "VCP", "VCN", "EC", "EF", "ETM"}


_LABEL_HEAD = re.compile(r"[\W_]*")


def _bare_ends(text: str) -> dict[str, list[int]]:
    """Where each word stands bare (whitespace on both sides) inside a line, by word:
    its end offsets, in one pass rather than a scan per word (a 2 MB article has
    thousands of candidate words). A copy that opens its line after nothing but a
    bullet ('✅ Level 0 - …', '- Level 1 …') is a list's label, not a bare copy."""
    index: dict[str, list[int]] = {}
    last = len(text)
    for m in _WORD.finditer(text):
        start, end = m.span()
        if start and end < last:  # \S+ is maximal: its neighbours are whitespace
            line_start = text.rfind("\n", 0, start) + 1
            if _LABEL_HEAD.fullmatch(text, line_start, start):
                continue  # a list's label
            index.setdefault(m.group(0), []).append(end)
    return index


def _next_word(text: str, pos: int) -> str:
    m = _WORD.match(text, pos)
    return m.group(0) if m else ""


# A number right after a name is its designation ('RAID 5', 'GPT 4o', 'RAID 6입니다'),
# not a new word: a counter ('딥시크 24시간') is.
_DESIGNATION = re.compile(
    r"\d+(?:\.\d+)?(?:[A-Za-z]{0,3})(?:[,.:;)!?]*|[이은는을를의에와과도만]|입니다\.?|이다\.?)$"
)


@lru_cache(maxsize=8192)
def _head(word: str) -> tuple[str, bool]:
    """The stem of `word`, and whether it could head a compound after a noun."""
    from .morph import kiwi

    if _DESIGNATION.match(word):
        return word.rstrip(",.:;)!?"), True

    tokens = kiwi().tokenize(word)
    if not tokens:
        return word, False
    if any(t.tag in _PREDICATE_TAGS for t in tokens):
        return tokens[0].form, False
    return tokens[0].form, tokens[0].tag in ("NNG", "SL", "XSN", "NNB")


def _compounding(nexts: list[str]) -> list[tuple[str, bool]]:
    """Each next word's stem, and whether the word before could head it: a common
    noun may follow any name; a name that follows it more than once ('AWS 코리아'
    twice) makes a name with it, not a stuffed copy."""
    heads = [_head(n) for n in nexts]
    stems = Counter(stem for stem, _ in heads)
    return [(stem, ok or (stems[stem] >= 2 and _is_bare_noun(stem))) for stem, ok in heads]


def _is_bare_noun(word: str) -> bool:
    """A noun with no particle attached: the only shape an injected keyword has."""
    from .morph import kiwi

    tokens = kiwi().tokenize(word)
    # A name (proper noun, Latin, Hanja) is what gets injected; a word of the language
    # alone ('세계 각국', '세계 초일류') is just a modifier used often.
    return (
        bool(tokens)
        and all(t.tag in ("NNP", "NNG", "SL", "SH", "SN") for t in tokens)
        and any(t.tag in ("NNP", "SL", "SH") for t in tokens)
    )


def stuffed_keywords(body: str, title: str | None = None) -> list[str]:
    """Words pasted bare into sentences to game search engines.

    A real noun in Korean prose mostly carries a particle (딥시크는, 딥시크를) or heads
    compounds, the same few again and again (AI 모델, AI 칩). An injected copy stands
    bare, many times, each time before a different word: a name, a number, a pronoun,
    a verb. SEO stuffing repeats the headline's keyword, so that lowers the bar.
    """
    counts = Counter(m.group(0) for m in _WORD.finditer(body))
    ordered = sorted(counts)  # the words starting with a word follow it
    bare_ends: dict[str, list[int]] | None = None
    found = []
    for word, bare in counts.items():
        if bare < 5 or not _CANDIDATE.fullmatch(word):
            continue
        if bare_ends is None:
            bare_ends = _bare_ends(body)
        bare = len(bare_ends.get(word, ()))
        if bare < 5:
            continue
        attached = 0
        i = bisect_left(ordered, word) + 1
        while i < len(ordered) and ordered[i].startswith(word):
            if len(ordered[i]) - len(word) <= 3:
                attached += counts[ordered[i]]
            i += 1
        if bare / (bare + attached) < 0.5:
            continue
        nexts = [_next_word(body, end + 1) for end in bare_ends.get(word, ())]
        nexts = [n for n in nexts if n]
        if len(nexts) < 5 or not _is_bare_noun(word):
            continue
        heads = _compounding(nexts)
        diversity = len({stem for stem, _ in heads}) / len(heads)
        unattached = sum(not ok for _, ok in heads) / len(heads)
        in_title = bool(title) and word in title
        if diversity >= 0.8 and (unattached >= 0.5 or (in_title and unattached >= 0.25)):
            found.append(word)
    return found


def _stuffing_spans(body: str, word: str) -> list[tuple[int, int]]:
    """Every bare copy of `word` except those heading a compound that recurs, or
    naming with the same word after it more than once ('AWS 코리아 대표' three times)."""
    ends = _bare_ends(body).get(word, [])
    heads = _compounding([_next_word(body, end + 1) for end in ends])
    stems = Counter(stem for stem, _ in heads)
    spans = []
    for end, (stem, attaches) in zip(ends, heads, strict=True):
        if attaches and stems[stem] >= 2:
            continue
        spans.append((end - len(word), end + 1))  # the word and the space after it
    return spans
