"""Title, publisher, author and publication time, read from the article's own lines.

Only lines the cleaner judged to be a byline, a copyright footer or a dateline are
searched, so a date in a list of other posts or an imprint's registration date is
never taken for the article's. What is not found stays None.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from .article import Metadata


class _Span(Protocol):
    text: str
    reason: str


_TIME = r"(?:(?:\s+|T)(?P<ampm>오전|오후|AM|PM)?\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
_DATE_FORMS = [
    # 2025-02-03 23:09:43, 2025.06.18 18:05, 2025/01/28
    re.compile(
        r"(?P<y>(?:19|20)\d{2})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})\.?" + _TIME
    ),
    # 25-05-18 16:47 (two-digit year, as forums print it)
    re.compile(r"(?<!\d)(?P<y>\d{2})-(?P<m>\d{2})-(?P<d>\d{2})" + _TIME),
    # 2025년 3월 16일
    re.compile(r"(?P<y>(?:19|20)\d{2})년\s*(?P<m>\d{1,2})월\s*(?P<d>\d{1,2})일" + _TIME),
]
_AUTHOR_FORMS = [
    re.compile(r"작성자\s*[:：]?\s*(?P<a>[^\s:：]+?)\s*(?:작성일|$|\s)"),
    re.compile(r"글쓴이\s*[:：]?\s*(?P<a>\S+)"),
    re.compile(r"기자명\s*[:：]?\s*(?P<a>[가-힣]{2,4})\s*(?:기자)?"),
    re.compile(r"^by\s+(?P<a>\S+?)\s+(?:posted\b|\d|$)", re.IGNORECASE),
    re.compile(r"(?P<a>[가-힣]{2,4})\s*(?:기자|특파원|통신원)\b"),
]
_SOURCE_FORMS = [
    re.compile(r"^(?:출처|source)\s*[:：]\s*(?P<s>.+?)\s*$", re.IGNORECASE),
    re.compile(r"^제호\s*[:：]\s*(?P<s>.+?)\s*$"),
    re.compile(r"[\[(]\s*ⓒ\s*(?P<s>[^\s,&\]]+)"),
    re.compile(r"(?:copyright|ⓒ|©)\s*(?:ⓒ|©|\(c\))?\s*(?P<s>[^\s,.&]+)", re.IGNORECASE),
    re.compile(r"^[\[(【][^=\]]{1,20}=\s*(?P<s>[^\])】]{1,20})[\])】]"),
]
_NOT_A_NAME = {"all", "rights", "reserved", "by", "무단", "저작권자"}


def parse_datetime(text: str) -> str | None:
    """The first date (and time) in `text` as ISO 8601, or None."""
    for form in _DATE_FORMS:
        for m in form.finditer(text):
            year = int(m["y"])
            if year < 100:
                year += 2000
            try:
                hour = int(m["H"]) if m["H"] else None
                if hour is not None and m["ampm"] in ("오후", "PM") and hour < 12:
                    hour += 12
                if hour is None:
                    return datetime(year, int(m["m"]), int(m["d"])).date().isoformat()
                return datetime(
                    year, int(m["m"]), int(m["d"]), hour, int(m["M"]), int(m["S"] or 0)
                ).isoformat()
            except ValueError:
                continue
    return None


def _published(byline: Iterable[str]) -> str | None:
    # Prefer the line that says it is the publication time (입력/posted/작성일).
    lines = list(byline)
    ranked = sorted(
        lines,
        key=lambda t: 0 if re.search(r"입력|작성일|posted|등록|발행", t, re.IGNORECASE) else 1,
    )
    for line in ranked:
        m = re.search(r"(입력|작성일|posted|등록)\s*[:：]?\s*", line, re.IGNORECASE)
        found = parse_datetime(line[m.end() :] if m else line)
        if found:
            return found
    return None


def _author(byline: Iterable[str]) -> str | None:
    for line in byline:
        for form in _AUTHOR_FORMS:
            m = form.search(line)
            if m and m["a"].lower() not in _NOT_A_NAME:
                return m["a"]
    return None


def _source(lines: Iterable[str]) -> str | None:
    for line in lines:
        for form in _SOURCE_FORMS:
            m = form.search(line)
            if m:
                name = m["s"].strip(" []()")
                if name and name.lower() not in _NOT_A_NAME and not name.isdigit():
                    return name
    return None


def extract_metadata(
    raw: str,
    removed: Iterable[_Span],
    title: str | None,
    given: dict[str, str | None] | None = None,
) -> Metadata:
    """Metadata from the lines the cleaner removed; fields the container gave win."""
    given = given or {}
    removed = list(removed)
    byline = [r.text for r in removed if r.reason == "byline"]
    footer = [r.text for r in removed if r.reason in ("copyright", "byline")]
    published = given.get("published")
    if published:
        published = parse_datetime(published) or published
    return Metadata(
        title=given.get("title") or title,
        source=given.get("source") or _source(byline) or _source(footer),
        author=given.get("author") or _author(byline),
        published=published or _published(byline),
    )
