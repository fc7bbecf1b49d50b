"""Whole sections of a markdown post that are not the story: named by their heading.

A post's references ('## 참고 자료', '### Reference', '## 출처') list where it came from,
one citation or link an item; a company blog's hiring plug ('### 채용 안내') closes its
posts (a section that closes the post, so a section about hiring news stays). The heading says what the lines under it are, down to the next heading of the
same or a higher level; a heading whose whole section is such a section goes with it
('## 추신' over '### 채용 안내'). A clipping tool's summary callout ('> [!summary]')
is the tool's text, not the author's. Nothing here is keyed to a site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .linerules import HIRING_HEAD, REFERENCES_HEAD, _Line, is_prose

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# what a heading's words are once its marks, emphasis and emoji are set aside
_DECOR = re.compile(r"^[\W_]+|[\W_]+$")
_LINKISH = re.compile(r"\]\(|https?://|www\.|\((?:19|20)\d{2}\)")
# an Obsidian callout opening: '> [!summary]', '> [!abstract] 요약'
_CALLOUT = re.compile(r"^>\s*\[!(?:summary|abstract|tldr)\][-+]?", re.IGNORECASE)


def heading_level(text: str) -> tuple[int, str] | None:
    """(level, words) of a markdown heading line, or None."""
    m = _HEADING.match(text)
    if not m:
        return None
    return len(m[1]), _DECOR.sub("", m[2].replace("**", "").replace("__", ""))


def _section_end(levels: Sequence[tuple[int, str] | None], k: int) -> int:
    """The index past the last line of the section that heading `k` opens."""
    level = levels[k][0]
    j = k + 1
    while j < len(levels) and not (levels[j] and levels[j][0] <= level):
        j += 1
    return j


def _closes(lines: Sequence[_Line], vocab: list[str | None], end: int) -> bool:
    """A section that closes the post: nothing but what the rules named follows it."""
    return all(vocab[j] or heading_level(lines[j].text) for j in range(end, len(lines)))


def mark_sections(lines: Sequence[_Line], vocab: list[str | None]) -> None:
    """Give the lines of a references section, a hiring plug and a summary callout
    their reason (in place); lines another rule already named keep theirs."""
    levels = [heading_level(x.text) for x in lines]
    marked = [False] * len(lines)
    for k, head in enumerate(levels):
        if not head:
            continue
        end = _section_end(levels, k)
        if REFERENCES_HEAD.match(head[1]) and end - k <= 40:
            vocab[k] = vocab[k] or "related-list"
            marked[k] = True
            for j in range(k + 1, end):
                text = lines[j].text
                if levels[j]:
                    continue  # a sub-heading inside is judged on its own
                if vocab[j] is None and (_LINKISH.search(text) or not is_prose(text)):
                    vocab[j] = "link-list"
                marked[j] = True
        elif HIRING_HEAD.search(head[1]) and end - k <= 30 and _closes(lines, vocab, end):
            for j in range(k, end):
                vocab[j] = "advert"
                marked[j] = True
    # a heading whose whole section the rules above took ('## 추신' then '### 채용 안내')
    for k in range(len(lines) - 1, -1, -1):
        if levels[k] and not marked[k]:
            end = _section_end(levels, k)
            if end > k + 1 and all(marked[k + 1 : end]):
                vocab[k] = vocab[k + 1]
                marked[k] = True
    for k, line in enumerate(lines):
        if _CALLOUT.match(line.text):
            j = k
            while j < len(lines) and lines[j].text.startswith(">"):
                vocab[j] = "notice"
                j += 1
