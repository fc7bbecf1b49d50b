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
from .corpus import NAMED_DOMAIN
from .entity_words import SURNAMES
from .gazetteer import own_names
from .linerules import _EDGE_SPACE, _EDGE_SPACE_END, NAME_AND_SITE, SIGNATURE


class _Span(Protocol):
    text: str
    reason: str


# 10:55, 오후 3:05, (19:13) as KBS prints it, 18시 36분 as YTN does
_TIME = (
    r"(?:(?:\s*\([월화수목금토일]\))?(?:\s+|T)\(?(?P<ampm>오전|오후|AM|PM)?\s*(?P<H>\d{1,2})"
    r"(?::(?P<M>\d{2})(?::(?P<S>\d{2}))?\)?|시\s*(?P<M2>\d{1,2})분))?"
)
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
_NAME = r"[가-힣]{2,4}"
_BY_BLOG = re.compile(
    r"^by\s*(?P<a>[^\s()\d][^()\d]{0,20}?)\s*\((?P<s>[^()]{2,30})\)", re.IGNORECASE
)
_AUTHOR_FORMS = [
    # a label, then the name after a colon or a space (not '글쓴이에 있으며')
    re.compile(r"작성자\s*(?:[:：]\s*|\s+)(?P<a>[^\s:：]+?)\s*(?:작성일|$|\s)"),
    re.compile(r"글쓴이\s*(?:[:：]\s*|\s+)(?P<a>\S+)"),
    re.compile(r"기자명\s*[:：]?\s*(?P<a>[가-힣]{2,4})\s*(?:기자)?"),
    re.compile(r"^by\s+(?P<a>\S+?)\s+(?:posted\b|\d|$)", re.IGNORECASE),
    # a blog's byline with the blog's name: 'by 향로 (기억보단 기록을) 2023. 7. 8.'
    _BY_BLOG,
    SIGNATURE,  # '– Brian Beach' under a post
    NAME_AND_SITE,  # '이재영 gqkorea.co.kr'
    # a blogger greeting the reader: '안녕하세요 마개입니다.', '안녕하세요? ○○팀 홍길동입니다.'
    re.compile(
        r"^안녕하세요[.,!?~\s]*(?:저는\s*)?(?:[^.?!]{0,30}(?:소속|팀|의)\s)?"
        r"(?P<a>[가-힣]{2,6}|[A-Za-z][\w.-]{1,15})"
        r"(?:입니다|이에요|예요)[.!~]*$"
    ),
    # 홍길동 기자, 홍길동기자hong@…, [서울=뉴시스]홍길동 기자 =, 글·사진 홍길동 기자
    re.compile(
        r"(?:^|[\s\[\]=(·/|])(?P<a>" + _NAME + r")\s*(?:선임|수석|전문|객원|인턴|수습)?\s*"
        r"(?:기자|특파원|통신원|에디터)(?![가-힣])"
    ),
    # the outlet between name and title: '김현철 글로벌이코노믹 기자'
    re.compile(
        r"(?:^|[\s\[\]=(·/|])(?P<a>"
        + _NAME
        + r")\s+[가-힣A-Za-z]{2,12}\s*(?:기자|특파원)(?![가-힣])"
    ),
    # a reporter's card or a broadcast's hand-off: '홍길동 기자입니다.', '홍길동 기자의 보도입니다.'
    re.compile(r"(?:^|\s)(?P<a>" + _NAME + r")\s*(?:기자|특파원)(?:입니다|의\s*보도)"),
    # a broadcast's sign-off: 'MBN뉴스 홍길동입니다.', '베이징에서 연합뉴스TV 홍길동입니다.'
    re.compile(
        r"(?:^|\s)(?:[A-Z][A-Za-z]*[가-힣]{0,3}|[가-힣]+(?:뉴스|방송|일보|TV))\s*(?:뉴스|NEWS|TV)?\s*"
        r"(?P<a>" + _NAME + r")입니다\.?$"
    ),
    # a columnist: '홍길동 상임논설고문', '홍길동 칼럼니스트'
    re.compile(
        r"(?:^|\s)(?P<a>" + _NAME + r")\s*(?:상임|수석|선임|객원)?\s*"
        r"(?:논설위원|논설고문|논설실장|칼럼니스트|편집위원|대기자|주필)"
    ),
    # a name right before an e-mail address: 홍길동 hong@site.co.kr
    re.compile(r"(?:^|[\s\]])(?P<a>" + _NAME + r")\s*[(<\[]?\s*[\w.+-]+@[\w-]+\.[\w.-]+"),
]
# a portal's byline under the headline: the name, then the time ('박상우 2024. 5. 13. 12:52')
_NAME_THEN_TIME = re.compile(
    r"^(?P<a>" + _NAME + r")(?:\s*기자)?\s+(?:19|20)\d{2}\s*[.\-/]\s*\d{1,2}\s*[.\-/]"
)
_COPYRIGHT_NAME = re.compile(
    r"(?:copyright|저작권자|ⓒ|©|\(c\))\s*(?:(?:ⓒ|©|\(c\)|by|\d{4}(?:[-~]\d{4})?)\s*)*"
    r"[\s.,:]*(?:['‘\"“][^'’\"”]{1,40}['’\"”]\s*)?"  # a slogan: ⓒ '돈이 보이는 …' 머니투데이
    r"(?P<s>[^\s,.&:|\]>)]{2,20})",
    re.IGNORECASE,
)
# A broadcast's credit: 'YTN 홍길동 (hong@ytn.co.kr)'
_STATION_CREDIT = re.compile(
    r"^(?P<s>[A-Z][A-Za-z]{1,5})\s+(?P<a>[가-힣]{2,4})\s*(?:기자|특파원)?\s*[(<\[]\s*[\w.+-]+@"
)
# Several reporters after a dateline: (워싱턴·베이징=연합뉴스) 이유미 정성조 특파원 =
_DATELINE_AUTHORS = re.compile(
    r"^\s*[\[(【][^\]\)】=]{1,20}=[^\]\)】]{1,20}[\])】]\s*"
    r"(?P<a>[가-힣]{2,4}(?:\s*[·,]?\s*[가-힣]{2,4})*)\s*(?:기자|특파원|통신원)"
)
_SOURCE_FORMS = [
    re.compile(r"^(?:출처|source)\s*[:：]\s*(?P<s>.+?)\s*$", re.IGNORECASE),
    _BY_BLOG,
    re.compile(r"^제호\s*[:：]\s*(?P<s>.+?)\s*$"),
    re.compile(r"[\[(]\s*ⓒ\s*(?P<s>[^\s,&\]]+)"),
    _COPYRIGHT_NAME,
    # [딜사이트경제TV 홍길동 기자]: the publisher, then its reporter
    re.compile(r"^[\[(【［]\s*(?P<s>[^=\]\s]{2,12})\s+[가-힣]{2,4}\s*(?:기자|특파원)\s*[\])】］]$"),
    # [헤럴드경제=홍길동 기자]: the publisher stands before '=' when a reporter follows
    re.compile(r"^[\[(【]\s*(?P<s>[^=\]\s]{2,12})\s*=\s*[가-힣]{2,4}\s*(?:기자|특파원)"),
    re.compile(
        r"^[\[(【](?!\s*(?:사진|그림|자료|영상|그래픽|출처|제공))[^=\]]{1,20}=\s*(?P<s>[^\])】]{1,20})[\])】]"
    ),
]
# A publisher naming itself in its plea: ※CBS노컷뉴스는 여러분의 제보로 …
_PLEA_SOURCE = re.compile(r"^[※*▶☞■]?\s*(?P<s>[^\s,'\"“‘]{2,12}?)(?:은|는)\s")
# A dateline naming the publisher at the start of the story: [서울경제], (서울=연합뉴스)
_DATELINE_SOURCE = re.compile(
    r"^\s*[\[(【]\s*(?P<s>[^\s\])】=]{2,12})\s*=\s*[가-힣]{2,4}\s*(?:기자|특파원)"
    r"|^\s*[\[(【]\s*(?:[가-힣·]{1,12}\s*=\s*)?(?P<t>[^\s\])】=]{2,12})\s*[\])】]"
)
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.IGNORECASE)
_TITLES = {"인턴", "수습", "선임", "수석", "객원", "전문", "기자", "특파원"}
_NOT_A_NAME = {
    "all",
    "rights",
    "reserved",
    "by",
    "무단",
    "저작권자",
    "사진",
    "취재",
    "영상",
    "그래픽",
    "편집",
    "담당",
    "수습",
}


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
                minute = int(m["M"] or m["M2"])
                return datetime(
                    year, int(m["m"]), int(m["d"]), hour, minute, int(m["S"] or 0)
                ).isoformat()
            except ValueError:
                continue
    return None


_PUBLISHED_MARK = re.compile(
    r"(기사\s*)?(입력|작성일|작성|posted|등록|발행|게재|송고|published)\s*(일|일시|시간)?\s*[:：]?\s*",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_STARTS_WITH_DATE = re.compile(r"\s*(?:19|20)\d{2}\s*[-./년]")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_UPDATED_MARK = re.compile(r"(수정|업데이트|updated|최종)\s*[:：]?", re.IGNORECASE)


def _published(lines: Iterable[str]) -> str | None:
    """The publication time: a line that says so (입력, 작성일, posted, 등록) first, then
    any date in the candidate lines, never the one after 수정/업데이트 when both stand;
    a date alone ('발행일 2026-04-14 1면') takes its time of day from another line of the
    same day."""
    # an address's path holds dates too ('…/video/2019/10/04/…'): never the page's
    lines = [_ADDRESS.sub(" ", line) for line in lines]
    found = _published_first(lines)
    if found and "T" not in found:
        for line in lines:
            upd = _UPDATED_MARK.search(line)
            other = parse_datetime(line[: upd.start()] if upd else line)
            if other and "T" in other and other.startswith(found):
                return other
    return found


def _published_first(lines: list[str]) -> str | None:
    for k, line in enumerate(lines):
        m = _PUBLISHED_MARK.search(line)
        if m:
            rest = line[m.end() :]
            if not rest.strip() and parse_datetime(line[: m.start()]):
                rest = line[: m.start()]  # '2026/04/23 03:30 송고': the mark after its time
            elif not rest.strip() and k + 1 < len(lines):
                rest = lines[k + 1]  # '입력 :' on a line of its own, the time on the next
                if not _STARTS_WITH_DATE.match(rest):
                    continue
            found = parse_datetime(rest)
            if found:
                return found
    for line in lines:
        upd = _UPDATED_MARK.search(line)
        found = parse_datetime(line[: upd.start()] if upd else line)
        if found:
            return found
    return None


def _author(lines: Iterable[str]) -> str | None:
    for line in lines:
        m = _DATELINE_AUTHORS.match(line)
        if m:
            names = re.split(r"\s*[·,]\s*|\s+", m["a"])
            names = [x for x in names if x not in _TITLES]
            if names:
                return ", ".join(names)
        for form in _AUTHOR_FORMS:
            for m in form.finditer(line):
                if m["a"].lower() not in _NOT_A_NAME and m["a"] not in _TITLES:
                    return m["a"]
        m = _NAME_THEN_TIME.match(line)
        if (
            m
            and m["a"][0] in SURNAMES
            and not _PUBLISHED_MARK.search(m["a"])
            # our own list: Kiwi's multi.dict (typed_names) holds no one-word name of
            # this shape, and reading it costs 0.3 s, here possibly on the interface thread
            and own_names().get(m["a"]) is None
        ):
            return m["a"]  # not '입력 2023.04.07', '송고시간 …', '서울 2024.5.13'
    return None


def _clean_source(name: str) -> str | None:
    name = re.sub(r"\s*\(?(?:https?://|www\.)[^)\s]*\)?", "", name)  # 'AI타임스(https://…)'
    name = re.sub(r"\([^)]*$", "", name)  # 'MBN(매일방송' cut at its closing bracket
    name = name.strip(" []()<>\"'.,")
    if not name or name.lower() in _NOT_A_NAME or name.isdigit() or _DOMAIN.match(name):
        return None
    return name


def _source(lines: Iterable[str]) -> str | None:
    for line in lines:
        for form in _SOURCE_FORMS:
            m = form.search(line)
            if m:
                name = _clean_source(m["s"])
                if name:
                    return name
    return None


# What a page title's site part ends in: '… : 네이버 블로그', '대전일보 모바일 :: …'.
_SITE_WORD = re.compile(r"(?:블로그|뉴스|모바일|일보|신문|방송|닷컴|TV|[Nn]ews|[Bb]log)$")
_TITLE_SEP = re.compile(r"(\s+(?:::|[|｜:\-–—»<>])\s+)")


def _strip_site(title: str | None, *names: str | None) -> str | None:
    """'헤드라인 - 예시일보', '예시일보 모바일 :: 헤드라인' -> '헤드라인': a part of a page
    title that names the site, or a short word at either end (a site or section name),
    is not the headline; a long part after a dash is the headline's own subtitle."""
    if not title:
        return title
    title = re.sub(r"\s+#+\s*$", "", title)  # a markdown heading's closing hashes
    parts = _TITLE_SEP.split(title)
    if len(parts) < 3:
        return title
    names = tuple(n for n in names if n)
    words, seps = parts[::2], parts[1::2]

    def site(part: str) -> bool:
        return (
            any(n in part for n in names)
            or bool(re.fullmatch(r"[가-힣A-Za-z]{1,4}", part))
            or (len(part) <= 20 and bool(_SITE_WORD.search(part)))
        )

    lo, hi = 0, len(words)
    while lo < hi and site(words[lo]):
        lo += 1
    while hi > lo and site(words[hi - 1]):
        hi -= 1
    if lo == hi:
        return title
    if (lo, hi) == (0, len(words)):
        if any(site(p) for p in words):
            return max((p for p in words if not site(p)), key=len)
        if seps[0].strip() == "::":
            return words[0]  # a blog platform's '제목 :: 블로그 이름' (no headline holds '::')
        # No part names a known site: only a short, spaceless end part can be one.
        if len(words[0]) <= 12 and " " not in words[0]:
            lo = 1
        elif len(words[-1]) <= 12 and " " not in words[-1].strip():
            hi -= 1
    if lo == 0 and hi == len(words):
        return title
    out = words[lo]
    for sep, word in zip(seps[lo : hi - 1], words[lo + 1 : hi], strict=True):
        out += sep + word
    return out


def _title_site(title: str | None) -> str | None:
    """The site's name a page title carries at its end ('헤드라인 - 글로벌이코노믹'):
    the one part `_strip_site` takes off, when it is a name (no sentence)."""
    headline = _strip_site(title)
    if not title or not headline or headline == title or not title.startswith(headline):
        return None
    rest = _TITLE_SEP.sub("", title[len(headline) :], count=1).strip()
    if not rest or _TITLE_SEP.search(rest) or len(rest) > 20 or _SITE_WORD.fullmatch(rest):
        return None  # not '뉴스' alone, nor '##'
    if rest[0].isdigit() or re.match(r"제\s?\d", rest):
        return None  # an issue's number ('20회차', '제3호'), not a site ('뉴스1' is one)
    return rest if re.search(r"[가-힣A-Za-z]{2}", rest) else None


def _lines(raw: str) -> list[str]:
    """The text's lines as the cleaner reads them ('&nbsp;' at an edge is a margin)."""
    out = []
    for x in raw.split("\n"):
        x = _EDGE_SPACE_END.sub("", _EDGE_SPACE.sub("", x)) if "&" in x else x.strip()
        if x:
            out.append(x)
    return out


def extract_metadata(
    raw: str,
    removed: Iterable[_Span],
    title: str | None,
    given: dict[str, str | None] | None = None,
) -> Metadata:
    """Metadata from the page itself, wherever it stands; fields the container gave win.

    Searched: the lines the cleaner removed as bylines, notices and crumbs (not lists
    of other articles), the datelines and trailers cut from paragraphs, and short
    lines at the article's top and foot; never a sentence of the story.
    """
    given = given or {}
    removed = list(removed)
    listish = {"related-list", "link-list", "comments", "keyword-stuffing", "repeated-line"}
    byline = [r.text for r in removed if r.reason == "byline" and not _quoted_source(r.text, raw)]
    byline += _labelled(raw)
    notices = [r.text for r in removed if r.reason in ("copyright", "footer")]
    # (a front matter's 'lastmod:' or 'updated:' is no publication)
    others = [
        r.text
        for r in removed
        if r.reason not in listish
        and not (r.reason == "front-matter" and _MODIFIED_KEY.match(r.text))
    ]
    kept = [x for x in _lines(raw) if x not in {r.text for r in removed}]
    short = [x for x in kept if len(x) <= 80]
    edges = short[:6] + short[-6:]
    # A byline glued to the last paragraph's end or a dateline at the first one's start.
    first_para = next((x for x in kept if len(x) >= 40), "")
    plea = [r.text for r in removed if r.reason == "subscribe-plea"]

    published = given.get("published")
    if published:
        # a date in a shape we do not read stays as stated; 'published: true' (a Jekyll
        # flag) or 'draft' is no date
        published = parse_datetime(published) or (published if _DIGIT.search(published) else None)
    stated = _published(byline + others + edges)
    if stated and published and "T" not in published and stated.startswith(published):
        published = stated  # the page gives the time of day the container left out
    source = given.get("source")
    named = bool(source and NAMED_DOMAIN.match(source))
    if source and not named and (_DOMAIN.match(source) or _CODE.match(source)):
        source = None  # an address or a feed's short code is no publisher's name
    found = (
        _source(byline)
        or _copyright_source(notices)
        or _plea_source(plea)
        or _dateline_source(first_para)
    )
    # A web page's own site name may be the portal's; the publisher's notice wins.
    credit = next((m for x in byline if (m := _STATION_CREDIT.match(x))), None)
    found = found or (credit["s"] if credit else None)
    source = (
        source
        or found
        or given.get("source_hint")
        or given.get("site_name")
        or _title_site(given.get("title") or title)  # '헤드라인 - 글로벌이코노믹'
        or given.get("source")
    )
    if published and "T" not in published:
        hinted = given.get("published_hint")
        if hinted and hinted.startswith(published):
            published = hinted
    published = published or stated or given.get("published_hint")
    page_author = given.get("page_author")
    if page_author and source and _squash(page_author) == _squash(source):
        page_author = None  # the publisher's name near the story is not a reporter's
    given_author = given.get("author")
    if given_author and given_author.strip() in _TITLES:
        given_author = None  # a feed's author field holding a title word ('선임'): no name
    author = given_author or _author(byline + edges + others) or page_author
    author = author or _hinted_author(given.get("author_hint"), source, given.get("site_name"))
    return Metadata(
        title=_strip_site(given.get("title") or title, source, given.get("site_name")),
        source=source,
        author=author,
        published=published,
    )


def _squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).lower()


_PERSON_HINT = re.compile(r"[가-힣]{2,4}|[A-Za-z][\w.-]*(?: [A-Za-z][\w.-]*){0,2}")
_OUTLET = re.compile(r"(?:뉴스|일보|신문|방송|경제|타임스|닷컴|미디어|블로그)$")


def _site_words(site: str | None) -> set[str]:
    """'네이버 뉴스 | 고든의 블로그' -> its pieces and their words."""
    pieces = re.split(r"\s*[|｜:;]\s*", site or "")
    return {w for p in pieces for w in [p, *p.split()] if w}


def _hinted_author(hint: str | None, *sites: str | None) -> str | None:
    """A page's author tags ('SBS 뉴스; 홍길동 기자', a widget's 'dable:author') name the
    outlet as often as the reporter: the first that reads as a person's name."""
    for part in re.split(r"\s*[;|]\s*", hint or ""):
        part = re.sub(r"\s*(?:기자|특파원|에디터)$", "", part.strip())
        if (
            _PERSON_HINT.fullmatch(part)
            and not _OUTLET.search(part)
            and not any(part in _site_words(site) for site in sites)
        ):
            return part
    return None


def page_hints(page_text: str, title: str | None, body: str = "") -> dict[str, str]:
    """Byline, date and publisher from a whole web page's visible text, for what the
    extracted article leaves out: the byline follows the headline or the story's last
    sentence, the publisher's copyright notice follows the story (a portal's own name
    is in its chrome)."""
    probe = (title or "")[:20]  # a page's <title> may carry the site's name after it
    pos = page_text.find(probe) if probe else -1
    start = pos + len(probe) if pos >= 0 else 0
    window = page_text[start : start + 300]
    tail = body.strip()[-20:]
    end = page_text.find(tail, start) if tail else -1
    # the byline stands just after the last paragraph, or before a closing notice
    after = page_text[max(0, end - 250) : end + len(tail) + 120] if end >= 0 else ""
    hints = {
        "page_author": _author([window]) or _author([after]),
        "published_hint": _published([window]),
        "source_hint": _copyright_source([page_text[start:]]),
    }
    return {k: v for k, v in hints.items() if v}


_CODE = re.compile(r"^[a-z0-9_-]{2,12}$")
_MODIFIED_KEY = re.compile(
    r"^\s*(?:lastmod|last_?modified|modified|updated(?:_?at)?|mod_?date)\s*:", re.I
)
_FOOTER_WORDS = re.compile(r"무단|재배포|all\s+rights|저작권자|copyright", re.IGNORECASE)
_NOTICE_LABEL = re.compile(r"^\W*(?:저작권자|copyright)\W*$", re.IGNORECASE)


# a slogan before the name: 'ⓒ새로운 눈으로 시장을 바라봅니다. 딜사이트경제TV 무단전재 …'
_AFTER_SLOGAN = re.compile(
    r"[가-힣][.!]\s+(?P<s>[^\s,.&:|\]>)]{2,20})\s+(?:무단|all\s+rights)", re.IGNORECASE
)


def _copyright_source(lines: list[str]) -> str | None:
    # a notice that forbids copying, or stands next to one ('저작권자', '© 예시일보',
    # '무단전재 및 재배포 금지' cut apart), is the publisher's; a bare 'ⓒ연합뉴스' is a photo's
    marked = [bool(_FOOTER_WORDS.search(x)) for x in lines]
    label = [bool(_NOTICE_LABEL.match(x)) for x in lines]
    near = [
        0
        if marked[k] and not label[k]
        else 1
        if (k and label[k - 1]) or (k + 1 < len(lines) and marked[k + 1] and not label[k + 1])
        else 2
        for k in range(len(lines))
    ]
    lines = [x for _, _, x in sorted(zip(near, range(len(lines)), lines, strict=True))]
    for line in lines:
        m = _COPYRIGHT_NAME.search(line) or _SOURCE_FORMS[1].search(line)
        if m:
            m = _AFTER_SLOGAN.search(line, m.start()) or m
            name = _clean_source(m["s"])
            if name:
                return name
    return None


_LABEL = re.compile(
    r"^(출처|작성자|글쓴이|날짜|작성일|일시|기자|source|author|date)\s*[:：]\s*$", re.IGNORECASE
)


def _labelled(raw: str) -> list[str]:
    """'출처:' on one line and 'AI타임스' on the next read as '출처: AI타임스'."""
    lines = _lines(raw)
    out = []
    for label, value in zip(lines, lines[1:], strict=False):
        m = _LABEL.match(label)
        if m:
            word = {"기자": "작성자", "author": "작성자", "글쓴이": "작성자"}.get(
                m[1].lower(), m[1]
            )
            out.append(f"{word}: {value}")
    return out


_CITED = re.compile(r"^(?:출처|source)\s*[:：]", re.IGNORECASE)
_PROSE_LINE = re.compile(r"^.{30,}[다요][.?!][\"”’']?$")


def _quoted_source(line: str, raw: str) -> bool:
    """'출처: …' with the story's prose still to come, or one of several, credits a
    figure or a quote: only a single one after the last paragraph names the source."""
    if not _CITED.match(line):
        return False
    if sum(1 for x in _lines(raw) if _CITED.match(x)) >= 2:
        return True  # credits under several figures: none of them is the article's
    pos = raw.find(line)
    return pos >= 0 and any(_PROSE_LINE.match(x) for x in _lines(raw[pos + len(line) :]))


def _plea_source(lines: list[str]) -> str | None:
    for line in lines:
        m = _PLEA_SOURCE.match(line)
        if m:
            return _clean_source(m["s"])
    return None


def _dateline_source(line: str) -> str | None:
    m = _DATELINE_SOURCE.match(line)
    return _clean_source(m["s"] or m["t"]) if m else None
