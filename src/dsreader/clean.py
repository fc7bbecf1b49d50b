"""Removing site junk from scraped Korean articles: a trained line classifier.

Every line gets the rules' verdicts (`linerules.py`) and general features
(`linefeatures.py`); a logistic regression (`cleanmodel.py`, weights in
data/cleaner.json) calls it junk or not; context (jusText-style regions) settles what
the weights leave unsure; two guards protect the story: prose goes only on positive
evidence, and when more than half of it would go it stays and the article is flagged.
Nothing is keyed to a particular site. Inline junk (datelines, trailers, markdown
markup, stuffed keywords) is cut from the kept paragraphs, every cut with its reason.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cached_property

from .article import CleanArticle, Removed
from .cleanmodel import LineModel, shipped_model
from .corpus import RawArticle
from .linefeatures import (
    FEATURE_NAMES,
    STRONG_REASONS,
    LineContext,
    line_features,
    line_key,
    particle_flags,
    prose_run,
    structure_flags,
)
from .linerules import (
    _BYLINE_LINE,
    _DATELINE,
    _GLUED,
    _MD_IMAGE_LINE,
    _MD_INLINE,
    _MD_LINK_ITEM,
    _MD_LIST_MARK,
    _PLACEHOLDER,
    _PREDICATE_END,
    _PROSE_END,
    _SITE_BRACKET,
    _TITLE_FIELD,
    _TRAILER,
    _WORD,
    AGENCY_CREDIT,
    MD_ENTITY,
    SOURCE_LABEL,
    STOCK_CREDIT,
    SUMMARY_HEAD,
    SUMMARY_WARNING,
    _front_matter,
    _key,
    _Line,
    _menu_row,
    _split_lines,
    is_body,
    is_prose,
    line_reason,
    markdown_reason,
    sentence_endings,
    share_runs,
)
from .mdsections import heading_level, mark_sections
from .metadata import extract_metadata
from .morph import Unavailable
from .stuffing import _stuffing_spans, stuffed_keywords

# --- the cleaner ----------------------------------------------------------------------

# Reasons the classifier cannot overrule: what the text itself says it is.
_HARD = {"title", "front-matter"}
# Vocabulary that is positive evidence against a line of prose: what the rules name.
_EVIDENCE = STRONG_REASONS


@dataclass
class LineTable:
    """Every non-empty line of an article with what the rules and the features say."""

    lines: list[_Line]
    vocab: list[str | None]
    place: list[str | None]
    prose: list[bool]
    rows: list[list[float]]
    title: str | None
    repeats: list[int]

    # The decision and the rules both place the story and its own last section: once.
    @cached_property
    def story(self) -> tuple[int, int]:
        return _story(self)

    @cached_property
    def own_sections(self) -> set[int]:
        return _own_sections(self, self.story[1])


def line_table(
    raw: str,
    title_in_text: bool = True,
    given_title: str | None = None,
    context: LineContext | None = None,
) -> LineTable:
    """The lines of `raw`, the rules' verdicts on them and their feature vectors."""
    lines = _run_on_sentences(_split_lines(raw), given_title)
    _front_matter(lines, raw)
    markdown = bool(lines) and lines[0].reason == "front-matter"
    title = _pick_title(lines) if title_in_text else None
    title_key = _key(title or given_title or "") or None
    # the headline without its leading tags ('[컨퍼][CIO] …', '[단독] …') or the site's
    # name after it (' - TokenPost') repeats it too
    bare_title = _key(_bare_title(title or given_title or "")) or None
    vocab: list[str | None] = []
    for line in lines:
        if line.reason:
            vocab.append(line.reason)
        elif title_key and {_key(line.text), _key(_bare_title(line.text))} & {
            title_key,
            bare_title,
        }:
            vocab.append("repeated-title")
        else:
            vocab.append(markdown_reason(line.text) or line_reason(line.text))
    _placeholder_lists(lines, vocab)
    _hidden_blocks(lines, vocab)
    _summary_boxes(lines, vocab)
    _image_captions(lines, vocab)
    _credited_captions(lines, vocab)
    _described_links(lines, vocab)
    _link_cards(lines, vocab)
    _ranked_lists(lines, vocab)
    mark_sections(lines, vocab)
    prose = [v is None and is_body(_core(x.text)) for v, x in zip(vocab, lines, strict=True)]
    # One batched Kiwi call: which short lines carry no particle or ending at all.
    no_particle = particle_flags(
        [x.text if not p else "" for x, p in zip(lines, prose, strict=True)]
    )
    for k, line in enumerate(lines):
        if vocab[k] is None and no_particle[k] and _menu_row(line.text):
            vocab[k] = "navigation"  # 정치 경제 사회 생활/문화 IT/과학 세계 랭킹
    place = _places(lines, vocab, prose)
    repeats_map = context.repeats if context else {}
    repeats = [repeats_map.get(line_key(x.text), 0) for x in lines]
    rows = line_features(
        [x.text for x in lines],
        vocab,
        place,
        prose,
        title or given_title,
        context,
        extracted=not title_in_text and not markdown,
        no_particle=no_particle,
    )
    return LineTable(lines, vocab, place, prose, rows, title or given_title, repeats)


def _bare_title(title: str) -> str:
    """A record's title as the page prints it: without its tags ('[단독] ') and the
    site's name after it (' - 딜사이트경제TV')."""
    return re.sub(r"\s+[-|｜:/]\s+[^-|｜:/]{1,20}$", "", _TITLE_TAGS.sub("", title)).strip()


_TITLE_TAGS = re.compile(r"^(?:\s*[\[【][^\]】\n]{1,12}[\]】])+\s*")
# A blogger's greeting opening a post ('안녕하세요 마개입니다.'): the author's own words,
# however many of the blog's posts open with it.
_GREETING = re.compile(r"^(?:안녕하세요|안녕하십니까|반갑습니다)[.,!?~\s]")


# A crawler that dropped the line breaks glues sentences ('보도했다.로이터는'), labels
# ('[앵커]미국이') and credits ('[영상취재 홍길동][영상편집 김철수]') into one line.
_GLUED_END = re.compile(r"[가-힣][.?!][\"”’']?(?=[가-힣A-Za-z\[<(“\"‘'#])")
_SPACED_END = re.compile(r"[가-힣][.?!][\"”’']?\s")
_CUT = re.compile(
    r"(?<=[가-힣][.?!])[\"”’']?\s*"  # after a sentence
    r"|(?<=[\])>])\s*(?=[\[(<#])"  # between bracketed runs, before a hashtag
    r"|(?<=[가-힣])(?=[\[【][^\]】\n]{2,12}[\]】]\s)"  # a label glued on: '… 제공[파이낸셜뉴스] …'
    # the publisher's notice in a page saved as one line: '… 저작권자 © 디지털투데이 …
    # 재배포 금지 SNS 기사보내기 …'
    r"|\s(?=[<\[]?(?:저작권자|Copyright\b|[ⓒ©]\s?[가-힣A-Za-z]))"
    r"|(?<=재배포\s금지)\s|(?<=재배포금지)\s|(?<=금지[>\]])\s"
    # a list's head glued on, cut off both sides: '… 말했다. 관련 뉴스 AI 패권 2라운드…'
    r"|\s(?=(?:관련|많이\s?본|인기|추천|최신|주요)\s?(?:뉴스|기사)\s)"
    r"|\s?(?=[\[【]\s?(?:관련|많이\s?본|인기|추천|최신|주요)\s?(?:뉴스|기사)\s?[\]】])"
    r"|(?<=[\[【]관련기사[\]】])|(?<=[\[【]관련뉴스[\]】])|(?<=[\[【]관련\s기사[\]】])"
    + "".join(
        f"|(?<={a}{space}{b})\\s"
        for a in ("관련", "많이 본", "많이본", "인기", "추천", "최신", "주요")
        for space in ("", " ")
        for b in ("뉴스", "기사")
    )
)
# In a page flattened into one line, where the head's chrome ends and the next piece
# starts: after a time stamp ('… 2026.04.24 13:22:54 가 가 …'), before a stamp's label
# or a reporter's name that stands before one ('손정환 기자 2026.04.29 (수) 22:27'),
# around a picture's credit ('사진=로이터', '/바이두 캡처', '/로이터=연합뉴스') and before
# a reporter's bracketed byline ('[딜사이트경제TV 주혜지 기자] 오픈AI가 …').
_GLUED_HEAD = re.compile(
    r"(?<=\d:\d\d)(?::\d\d)?\s"
    r"|\s(?=(?:[가-힣]{2,4}\s?기자\s+|(?:기사\s?)?(?:입력|발행일|등록일?|승인|수정)\s*[:：]?\s*)"
    r"(?:19|20)\d\d[.\-/])"
    r"|\s(?=▲?(?:사진|이미지|그래픽|자료)\s?=)"
    r"|(?<!\S)▲?(?:사진|이미지|그래픽|자료|출처)\s?=\s?[^\s=]+(?:=[^\s=]+)?\s"
    r"|/\s?[^\s/]{1,12}(?:\s(?:캡처|제공|생성\s이미지)|=?(?:연합뉴스|뉴시스|뉴스1))\s"
    r"|\s(?=[\[［][^\]］\n]{0,20}기자\s?[\]］])"
    # a reporter and the address after the tags ('… #필터 홍길동 기자 hong@example.net'),
    # an address a page hid from crawlers, a reporter's follow button
    r"|\s(?=[가-힣]{2,4}\s?기자\s+[\w.+-]+@)"
    r"|\[email\s*protected\]\s|(?<=기자\s\+구독)\s"
    # a credit in brackets ('[사진=예시전자 제공]', '[출처=연합]'), a stock agency
    # ('/ GettyimagesKorea'), a portal's picture button before its caption ('이미지 확대')
    r"|[\[<](?:사진|출처|자료|이미지|그래픽)\s*=[^\[\]<>]{1,30}[\]>]\s|\*?재판매\s*및\s*DB\s*금지\]?\s?"
    r"|(?:Getty\s?[Ii]mages|게티이미지(?:뱅크|코리아)|게티이미지(?!뱅크|코리아))[A-Za-z]{0,8}(?=\s|[가-힣])"
    r"|\s(?=(?:이미지|사진)\s?확대)|(?<=이미지\s확대보기)|(?<=이미지확대보기)"
    # a photo's agency credit: 'ⓒ연합뉴스 AP 클로드 미토스란 …'
    r"|(?<!\S)[ⓒ©]\s?[^\s]{1,12}(?:\s(?:AP|AFP|EPA|UPI|로이터|신화|게티이미지))?\s(?=[가-힣A-Za-z])"
)
# a run of tags, cut off before it: '… ‘램마겟돈’ 키워드 #인공지능 #AI', '… 기자 #젠슨 황 #AI'
_TAG_RUN = re.compile(r"(?:(?:추천\s?)?(?:키워드|태그)\s*)?#[^#\s][^#\n]{0,14}?\s#")
# a post's heading: markdown's, or a bold line alone with its icon ('💡 **Today's Mood**')
_HEADING_LINE = re.compile(r"^#|^[^\w\s*]{0,3}\s*\*\*[^*]{2,60}\*\*$")
# What a word glued to a credit would start with if the credit were its subject
_PARTICLE = r"(?:가|이|은|는|을|를|의|와|과|에|도|로|만|측|보도|기자|통신)(?![가-힣])|에서|에게|으로|와의|과의"
# Where a crawl glued a caption's parts to the story, in any run-on line: before a
# dateline ('… [서울=뉴시스] 구글 …', '홍길동 기자(세종·서울=뉴스1) …'), after an agency's
# credit glued to the next sentence ('… 하고 있다. 연합뉴스배경훈 장관은 …')
_GLUED_CREDIT = re.compile(
    r"\s?(?=[\[(【][가-힣·]{1,12}=[가-힣A-Za-z0-9]{1,12}[\])】])"
    # an agency's credit after a caption, a sentence or a noun's ('… 본사. 연합뉴스코스피가
    # …'), not the agency as the next sentence's subject ('… 밝혔다. 연합뉴스는 …')
    rf"|(?<=\.\s){AGENCY_CREDIT}(?=[가-힣\[【])(?!{_PARTICLE})"
    r"|(?<=\.\s)\((?:연합|연합뉴스|뉴시스|뉴스1)\)(?=\s)"
    # a caption's agency glued to its full stop: '… 최고경영자(CEO).로이터연합뉴스 [파이낸셜뉴스] …'
    rf"|(?<=[.)]){AGENCY_CREDIT}\s+"
    # a byline after the story's last sentence: '… 꼽았습니다. 홍길동 외신캐스터 …'
    r"|(?<=[다요]\.)\s?[가-힣]{2,4}\s?(?:기자|특파원|(?:외신)?캐스터|리포터)(?=\s)"
    # a source's credit after a caption: '… 하고 있다. 국가유산청 제공허민 청장은 …'
    r"|(?<=\.\s)[^\s.]{2,15}\s제공(?=[가-힣])(?![하한할해했함합되된될됐받])"
    # a photographer's credit before the dateline: '… 있다. 최수문기자[서울경제]…'
    r"|(?<=\.\s)[가-힣]{2,4}\s?기자(?=[\[【])"
    # a credit in brackets glued to what follows: '2025.7.17 [사진 = 연합뉴스]배경훈 …'
    r"|[\[(〈](?:사진|자료|출처|그래픽|이미지)\s*[=:]\s*[^\[\]()〈〉\n]{1,30}[\])〉]\s?(?=\S)"
    # a caption's credit after a slash glued to the next sentence: '/사진=홍길동 기자네이버가 …'
    rf"|/\s?(?:사진|그래픽|자료|영상)\s?=\s?(?:[가-힣]{{2,4}}\s?기자|{AGENCY_CREDIT})(?=[가-힣])"
    # a newsroom's tip line and a broadcast's label glued after a tag run: '#주적연합뉴스TV
    # 기사문의 및 제보 : 카톡/라인 jebo23 [ 앵커 ]대법원이 …'
    r"|(?<![가-힣A-Za-z0-9])(?=[가-힣A-Za-z0-9]{2,10}\s?기사\s?문의\s?및\s?제보)|\s(?=\[\s?(?:앵커|기자|리포트)\s?\])"
    # a credit after a bar, and a notice that a model drew the picture, before the next
    # sentence: '… | 촬영 - 에이빙뉴스 반도체 …', '… AI로 생성된 이미지 중국 현지에서는 …'
    r"|\|\s*(?:사진|촬영|제공|자료)\s*-\s*[^\s|]{1,20}\s"
    r"|(?:AI|인공지능)로?\s?(?:생성|제작)(?:된|한)\s?(?:이미지|사진|그림|일러스트)\s"
    # a stock library's credit glued to the next sentence: '사진=이미지투데이이날 …'
    rf"|(?:^|(?<=[\s.]))(?:사진|이미지|자료)\s?[=_:]\s?{STOCK_CREDIT}(?=[가-힣])"
)
# Where a deck in quotes ends and the next deck or a caption starts, glued: '…재도약
# 기대"이재용 삼성전자 회장이 …' (not a quotation's particle or verb: '…"라고 말했다')
_DECK_END = re.compile(
    r"[”\"’](?=[가-힣])(?!(?:이?라고|이?라며|이?라는|이?란|이?라|며|고|는|은|을|를|의|와|과|로|으로|가|이|도|"
    r"만|에|에서|까지|처럼|면서|하고|하며|한|할|해|했다|하는|에게|보다)(?![가-힣]))"
)
_HEAD_BYLINE = re.compile(r"(?<![가-힣])[가-힣]{2,4}\s?기자(?=\s)")
# a caption's credit glued to the story: 'AI 반도체(챗GPT 생성)과학기술정보통신부는 …'
_CREDIT_THEN_TEXT = re.compile(r"\([^()]{0,25}(?:생성|제공)\)(?=[가-힣])")
# a bracketed credit between a sub-heading and a sentence: '… 부재[ⓒ과학기술정보통신부]다만, …'
_BRACKET_CREDIT = re.compile(r"[\[(][ⓒ©][^\[\]()\n]{1,20}[\])]|\[[^\[\]\n]{1,20}\s제공\]")
_MAIL_THEN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?=\s+\S)")
_LABEL = re.compile(r"[\[【][^\]】\n]{1,20}[\]】]\s*(?=\S)")  # '[앵커]', not '<홍길동 / 교수>'


_SITE_AFTER = re.compile(r"\s[/|｜-]\s[^\s/|｜]{1,20}(?=\s|$)")


def _headlines(text: str, title: str | None) -> list[tuple[int, int]]:
    """Where a page saved as one line prints its headline, with the site's name after
    it ('… GPU 추가 / TokenPost.ai 고릴라 …'); the headline is not cut at its own full
    stops ('이동... 고평가 유효할까?')."""
    headline = _bare_title(title or "")
    if len(headline) < 10:
        return []
    spans = []
    for m in re.finditer(re.escape(headline), text):
        site = _SITE_AFTER.match(text, m.end())
        spans.append((m.start(), site.end() if site else m.end()))
    return spans


def _page_cuts(text: str, headlines: list[tuple[int, int]]) -> set[int]:
    """Where a whole page saved as one line is cut besides its sentence ends: around
    its buttons, credits, stamps and tag runs, around its `headlines` (see
    `_headlines`), and in its head (before the first sentence ends) around the
    reporter ('… 18:00 홍길동 기자 기자 이름을 클릭하면 …')."""
    cuts = {m.end() for m in _GLUED_HEAD.finditer(text)}
    for start, end in share_runs(text):
        cuts |= {start, end}
    tags = [m.start() for m in _TAG_RUN.finditer(text)]
    cuts |= {a for a in tags if "#" not in text[max(0, a - 16) : a]}  # a run's start only
    first_end = _SPACED_END.search(text)
    head_end = first_end.start() if first_end else len(text)
    for start, end in headlines:
        cuts |= {start, end}
    cuts |= {m.end() for m in _HEAD_BYLINE.finditer(text, 0, head_end)}
    return cuts


def _run_on_sentences(lines: list[_Line], title: str | None = None) -> list[_Line]:
    """A long line of sentences glued without breaks, cut into its sentences (the same
    raw offsets; `soft`: joined again when both are kept), so the rules see a sign-off,
    a credit or an address at its end as the line it was. A whole page saved as one
    line is also cut around its head's chrome: share and font-size buttons, the
    headline (`title`), stamps, credits and bylines."""
    out: list[_Line] = []
    for line in lines:
        glued = len(_GLUED_END.findall(line.text))
        # a page's whole text saved as one line: its sentences spaced, not glued
        whole_page = len(line.text) >= 800 and len(_SPACED_END.findall(line.text)) >= 4
        if len(line.text) < 300 or (glued < 3 and not whole_page):
            out.append(line)
            continue
        cuts = {m.end() for m in _CUT.finditer(line.text)}
        headlines = _headlines(line.text, title) if whole_page else []
        if whole_page:
            cuts |= _page_cuts(line.text, headlines)
        cuts |= {m.end() for m in _MAIL_THEN_TEXT.finditer(line.text)}  # 'hong@x.kr 다음 기사'
        cuts |= {m.end() for m in _GLUED_CREDIT.finditer(line.text)}
        cuts |= {m.end() for m in _CREDIT_THEN_TEXT.finditer(line.text)}
        if line.start == 0:  # a record's decks, glued before its first sentence ends
            first_end = _GLUED_END.search(line.text) or _SPACED_END.search(line.text)
            head_end = first_end.start() if first_end else 0
            cuts |= {m.end() for m in _DECK_END.finditer(line.text, 0, head_end)}
        for m in _BRACKET_CREDIT.finditer(line.text):
            cuts |= {m.start(), m.end()}
        for start, end in headlines:
            cuts = {c for c in cuts if not start < c < end}
        cuts = sorted(cuts - {0, len(line.text)})
        bounds = [0, *cuts, len(line.text)]
        pieces = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            label = _LABEL.match(line.text, a)
            if label and label.end() < b:  # '[앵커]미국이 …': the label on its own
                pieces += [(a, label.end()), (label.end(), b)]
            else:
                pieces.append((a, b))
        for a, b in pieces:
            text = line.text[a:b]
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if text:
                start = line.start + a + lead
                out.append(_Line(start, start + len(text), text, soft=True))
    return out


def _placeholder_lists(lines: list[_Line], vocab: list[str | None]) -> None:
    """A placeholder that opens a list ('[이미지 파싱] 핵심 요약:', '[이미지] - …') is a
    machine's description of a picture: the list items right under it are too."""
    for k, line in enumerate(lines):
        m = _PLACEHOLDER.match(line.text) if vocab[k] == "image" else None
        if not m:
            continue
        rest = line.text[m.end() :].strip()
        if rest and not rest.endswith((":", "：")) and not _MD_LIST_MARK.match(rest):
            continue
        j = k + 1
        while j < len(lines) and vocab[j] is None and _MD_LIST_MARK.match(lines[j].text):
            vocab[j] = "image"
            j += 1


# An HTML block a markdown post hides from its reader ('<div class="lang-en"
# style="display:none">' around a translation): what is inside it is not read.
_HIDDEN_OPEN = re.compile(
    r"^<(div|section|span|p)\b[^>]*(?:display\s*:\s*none|\shidden(?:[\s>=]))[^>]*>$", re.IGNORECASE
)


def _hidden_blocks(lines: list[_Line], vocab: list[str | None]) -> None:
    """Every line from a hidden block's opening tag to its closing one is markup."""
    k = 0
    while k < len(lines):
        m = _HIDDEN_OPEN.match(lines[k].text)
        if not m:
            k += 1
            continue
        close = f"</{m[1].lower()}>"
        end = next((j for j in range(k + 1, len(lines)) if lines[j].text.lower() == close), None)
        if end is None:
            k += 1
            continue
        for j in range(k, end + 1):
            vocab[j] = vocab[j] or "markup"
        k = end + 1


_RANK = re.compile(r"^(\d{1,2})\s+\S")  # '3 글로벌호크 매일 발진…': a rank, then a headline


_INLINE_RANK = re.compile(r"(?<=\s)(10|[1-9])(?=\s\S)")


_SUMMARY_HEAD = re.compile(rf"(?:^|\s){SUMMARY_HEAD}")
_SUMMARY_END = re.compile(rf"{SUMMARY_WARNING}|정확하지\s*않을\s*수")


def _summary_boxes(lines: list[_Line], vocab: list[str | None]) -> None:
    """A machine summary's box ('AI 핵심 요약', three sentences, then its warning '…
    자동 생성한 요약으로 정확하지 않을 수 있어요'): the page's, not the story's."""
    for i, line in enumerate(lines):
        if len(line.text) > 80 or not _SUMMARY_HEAD.search(line.text):
            continue
        end = next(
            (j for j in range(i + 1, min(i + 9, len(lines))) if _SUMMARY_END.search(lines[j].text)),
            None,
        )
        if end is not None:  # a box has both its head and its warning
            for k in range(i, end + 1):
                vocab[k] = vocab[k] or "notice"


def _ranked_inline(text: str) -> bool:
    """Three ranks in a row inside one line, each before a headline's worth of words
    (… 2 헤드라인 3 헤드라인 4 …; not the steps '1 개인 -> 2 회사 설립 -> 3 …')."""
    if re.search(r"->|→|=>", text):
        return False  # steps of a process
    found = [(int(m.group(1)), m.start()) for m in _INLINE_RANK.finditer(text)]
    return any(
        found[j + 1][0] == found[j][0] + 1
        and found[j + 2][0] == found[j][0] + 2
        and min(found[j + 1][1] - found[j][1], found[j + 2][1] - found[j + 1][1]) >= 15
        for j in range(len(found) - 2)
    )


def _ranked_lists(lines: list[_Line], vocab: list[str | None]) -> None:
    """A ranked list ('1 김정은 …', '2 …', '3 …': most read, most commented) is other
    stories' headlines, however much each reads like prose; a numbered list of the
    story's own steps is sentences ('1 먼저 설정을 연다')."""
    ranks = [_RANK.match(x.text) for x in lines]
    i, n = 0, len(lines)
    while i < n:
        run = i
        while run < n and ranks[run] and int(ranks[run][1]) == int(ranks[i][1]) + run - i:
            run += 1
        items = range(i, run)
        said = sum(bool(_PREDICATE_END.search(lines[k].text)) for k in items)
        if len(items) >= 3 and 2 * said < len(items):
            for k in items:
                vocab[k] = vocab[k] or "related-list"
        i = max(run, i + 1)
    # The same list flattened into one line ('… 많이 본 기사 1 李 대통령 … 2 민주당 … 3 …')
    for k, line in enumerate(lines):
        if vocab[k] is None and _ranked_inline(line.text):
            vocab[k] = "related-list"


_QUOTED = re.compile(r"^>\s*\S|^\*[^*\s].*[^*\s]\*$|^_[^_\s].*[^_\s]_$")


def _image_captions(lines: list[_Line], vocab: list[str | None]) -> None:
    """A quoted or italic line right under a markdown picture, not a sentence and not
    a heading (bold, or opening a list), is the picture's caption ('> 딥러닝계의 삼대장')."""
    for k in range(1, len(lines)):
        text = lines[k].text
        if vocab[k] or vocab[k - 1] != "image" or not _MD_IMAGE_LINE.match(lines[k - 1].text):
            continue
        if (
            not _QUOTED.match(text)
            or text.lstrip("> ").startswith("**")
            or is_prose(text.lstrip("> *_"))
        ):
            continue
        if k + 1 < len(lines) and _MD_LIST_MARK.match(lines[k + 1].text):
            continue
        vocab[k] = "photo-credit"


def _described_links(lines: list[_Line], vocab: list[str | None]) -> None:
    """A digest's item is a link and its description after a colon ('- [오픈AI, 한국 법인
    설립](https://…)' then ': 오픈AI가 …'): the link's words are the item's title, not
    a list of links."""
    for k, line in enumerate(lines):
        if vocab[k] != "link-list":
            continue
        described = line.text.rstrip().endswith(":") or (
            k + 1 < len(lines) and lines[k + 1].text.startswith(":")
        )
        if described and _MD_LINK_ITEM.search(line.text):
            vocab[k] = None


def _link_cards(lines: list[_Line], vocab: list[str | None]) -> None:
    """A card for a cited page: its site's name and its title on lines of their own
    right above its bare address ('Medium', 'The 7 Best Freelance Jobs …', 'https://…'):
    the card's, not the story's (at most two lines, none of them a sentence)."""
    for k, line in enumerate(lines):
        if vocab[k] != "link-list" or not _URL_ONLY_LINE.match(line.text):
            continue
        for j in range(k - 1, max(k - 3, -1), -1):
            text = lines[j].text
            if vocab[j] or is_prose(text) or heading_level(text) or len(text) > 120:
                break
            vocab[j] = "link-list"


_URL_ONLY_LINE = re.compile(r"^https?://\S+$")


# a picture's credit on its own: an agency, a source's '… 제공', a photographer's
# '홍길동기자', a bracketed '[사진 = 연합뉴스]' with the day before it
_BARE_CREDIT = re.compile(
    r"^(?:(?:19|20)\d\d\.\d{1,2}\.\d{1,2}\.?\s*)?"  # the day it was taken: '2025.7.17 …'
    rf"(?:[(/]?{AGENCY_CREDIT}\)?|\(연합\)|[^\s.]{{2,15}}\s제공|[가-힣]{{2,4}}\s?기자"
    r"|/?(?:사진|이미지|자료)\s?[=_:]\s?\S{2,15}(?:\s기자)?"
    r"|[\[(〈](?:사진|자료|출처|이미지)\s*[=:][^\[\]()〈〉]{1,30}[\])〉])$"
)
# what a caption says: someone doing something ('… 하고 있다.', '… 모습.'), or a
# thing named without a predicate ('경기도 이천시 SK하이닉스 본사.')
_PROGRESSIVE = re.compile(r"(?:하고|고|며)\s있다\.$|모습\.$")
_NOUN_CAPTION = re.compile(r"^[^.?!\"“”]{4,60}(?<![다요죠까니냐])\.$")


def _credited_captions(lines: list[_Line], vocab: list[str | None]) -> None:
    """In a crawl that glued a picture's caption into the story, the sentence right
    before a bare credit that tells what someone is doing ('… 취임사를 하고 있다.',
    '… 모습.') or names what is shown ('… 본사.') is the caption."""
    for k in range(1, len(lines)):
        if lines[k].soft and _BARE_CREDIT.match(lines[k].text):
            vocab[k] = vocab[k] or "photo-credit"
            before = lines[k - 1].text
            if (
                lines[k - 1].soft
                and not vocab[k - 1]
                # a record's first line is its decks (quoted words, glued) as often as a
                # caption
                and (k > 1 or (len(before) <= 70 and not re.search(r'["“”]', before)))
                and (_PROGRESSIVE.search(before) or _NOUN_CAPTION.match(before))
            ):
                vocab[k - 1] = "photo-credit"


def _places(lines: list[_Line], vocab: list[str | None], prose: list[bool]) -> list[str | None]:
    """The rules' positional verdicts: crumbs before the article, chrome after it."""
    place: list[str | None] = [None] * len(lines)
    body_idx = [i for i, p in enumerate(prose) if p]
    if not body_idx:
        return place
    first, last = body_idx[0], body_idx[-1]
    title_at = next((i for i, v in enumerate(vocab) if v == "title"), -1)
    for i in range(first):
        text = lines[i].text
        if i < title_at or len(_WORD.findall(text)) <= 2 or not re.search(r"[가-힣A-Za-z]", text):
            place[i] = "head"
    end = _end_of_article(lines, vocab, prose, first, last)
    for i in range(end + 1, len(lines)):
        place[i] = "after-copyright" if end < last and i <= last else "tail"
    # The story's end marker (a byline, a notice, a share row, a related-list head)
    # after its last paragraph: what follows it is the site's, not the story's.
    marker = next((i for i in range(end + 1, len(lines)) if vocab[i] in _END_MARKERS), None)
    if marker is not None:
        for i in range(marker + 1, len(lines)):
            if place[i] != "after-copyright" or not prose[i]:
                place[i] = "after-end"
    return place


_END_MARKERS = {
    "copyright",
    "byline",
    "share-buttons",
    "related-list",
    "subscribe-plea",
    "keyword-stuffing",
    "comments",
    "reactions",
    "link-list",
}


_FOOTER_MARK = re.compile(r"무단\s*(전재|복제|배포)|all rights reserved|copyright", re.IGNORECASE)


_CLOSED = re.compile(r"[다요죠까니냐][.?!][\"”’')]?$")  # a line that ends a sentence
_CREDIT_LINE = re.compile(rf"^(?:[-*+]\s+)?[^\w\s]{{0,3}}\s*{SOURCE_LABEL}\s*[:：]", re.IGNORECASE)
# a broadcast's on-screen card of who speaks next: '▶ 인터뷰 : 홍길동 / 교수'
_SPEAKER_CARD = re.compile(r"^[□■◇◆○●▶-]?\s*(인터뷰|스탠딩|녹취|현장음|싱크)\s*[:：]")
# Lines that close a story: what little prose follows one is the site's, not the story's.
_ARTICLE_END = {
    "copyright",
    "byline",
    "subscribe-plea",
    "related-list",
    "comments",
    "keyword-stuffing",  # the story's tag line: '키워드 #엔비디아 #삼성전자 …'
}


def _end_of_article(
    lines: list[_Line], vocab: list[str | None], prose: list[bool], first: int, last: int
) -> int:
    """The publisher's copyright notice, a reporter's byline or a list head ends the
    article: a little prose after it is the portal's own notice ('기사의 섹션 정보는 …'),
    a promotion or a list of other stories. Only when what follows is short next to the
    article, so a misplaced notice never costs a paragraph."""
    for i in range(first + 1, last + 1):
        v = vocab[i]
        if v not in _ARTICLE_END or (v == "copyright" and not _FOOTER_MARK.search(lines[i].text)):
            continue
        if _CREDIT_LINE.match(lines[i].text) or _SPEAKER_CARD.match(lines[i].text):
            continue  # 'Source: …' under a figure, '▶ 인터뷰 : …' in a report: not its end
        if v == "keyword-stuffing" and any(vocab[j] == v for j in range(i + 1, last + 1)):
            continue  # a digest's items each with their tags: only the last ends it
        before = sum(len(lines[j].text) for j in range(first, i) if prose[j])
        # what reads as a story's sentences ('…했다.'), not a list of headlines
        after = [j for j in range(i + 1, last + 1) if prose[j] and _CLOSED.search(lines[j].text)]
        # A list's head cut out of a page flattened into one line ends it: the other
        # stories' leads after it read as prose (the half-of-the-prose guard still holds).
        flat_list = v == "related-list" and lines[i].soft and before >= 500
        if flat_list or sum(len(lines[j].text) for j in after) < 0.3 * before:
            return max(j for j in range(first, i) if prose[j])
        if v == "copyright" and not lines[i].soft:
            break  # (in a page flattened into one line, a list's head may follow it)
    return last


def _pick_title(lines: list[_Line]) -> str | None:
    # Portals print their own name first and the headline right above the byline
    # ('네이버 뉴스' … '삼성전자, 2나노 수율 60% 돌파' / '입력 2025.03.12.').
    head = [x for x in lines[:20] if not x.reason]
    for k, line in enumerate(head[:5]):  # a labelled field: '제목: …' or '제목:' then the title
        m = _TITLE_FIELD.match(line.text)
        if m and (m["t"] or k + 1 < len(head)):
            line.reason = "title" if m["t"] else "field-label"
            target = line if m["t"] else head[k + 1]
            target.reason = "title"
            return m["t"] or target.text
    # The byline under the headline comes before the story: one after a paragraph of
    # prose is the reporter's sign-off at the end, and the line above it is the story.
    first_prose = next((i for i, x in enumerate(head) if is_prose(x.text)), len(head))
    byline = next(
        (
            i
            for i, x in enumerate(head[: first_prose + 1])
            if _BYLINE_LINE.search(x.text) and not is_body(x.text)
        ),
        None,
    )
    for k in range(byline - 1 if byline else -1, -1, -1):
        line = head[k]
        if line_reason(line.text) is not None or markdown_reason(line.text):
            continue
        if _headline_like(line.text):
            # A headline then its deck above the byline: the first line of the text
            # is the headline, the line under it the deck.
            if k == 1 and head[0] is lines[0] and _headline_like(head[0].text, 4):
                line = head[0]
            line.reason = "title"
            return _strip_heading(line.text)
        break
    for line in head:
        if line_reason(line.text) is not None or markdown_reason(line.text):
            continue
        if sentence_endings(line.text) >= 2 or len(line.text) > 150 or is_prose(line.text):
            return None  # the text starts with its body: no title line
        line.reason = "title"
        return _strip_heading(line.text)
    return None


def _headline_like(text: str, min_words: int = 3) -> bool:
    """A headline: a few words, short, not a sentence of prose ('…했다.')."""
    words = len(_WORD.findall(text))
    return (
        words >= min_words
        and len(text) <= 150
        and sentence_endings(text) < 2
        and not (is_prose(text) and _PROSE_END.search(text))
    )


def _strip_heading(text: str) -> str:
    return re.sub(r"^#{1,6}\s+", "", text)


_NO_PARTICLE = FEATURE_NAMES.index("no_particle")


def _decide(table: LineTable, model: LineModel | None) -> list[bool]:
    """Junk or not for every line: the model, smoothed by the neighbours, then guarded."""
    n = len(table.lines)
    body_from, body_to = table.story
    if model is None:  # no weights: the rules alone
        probs = [1.0 if (v or p) else 0.0 for v, p in zip(table.vocab, table.place, strict=True)]
    else:
        probs = [model.junk_probability(row) for row in table.rows]
    threshold = model.threshold if model else 0.5
    if _short_text(table):
        # A forum post or a feed's summary in a few short lines: no story to place the
        # lines against, so only what the rules name below goes.
        probs = [0.0] * n
    junk = [p >= threshold for p in probs]
    # jusText-style context: an unsure short line takes the class its neighbours share.
    for i in range(1, n - 1):
        unsure = abs(probs[i] - threshold) < 0.15
        if unsure and not table.prose[i] and not table.vocab[i] and junk[i - 1] == junk[i + 1]:
            junk[i] = junk[i - 1]
    # After the story, a block of four or more short lines that the weights or the
    # rules mostly call chrome is a list of other posts: all of it goes.
    ruled = ruled_out(table)
    tail = [i for i in range(body_to + 1, n) if not table.prose[i]]
    # the block starts at its first line of chrome: a run of three or more other lines
    # before it (the post's own last list: '- 9월 25일 실적 발표 예정', then 'Citations:'
    # and its links) is the post's
    start = next((k for k, i in enumerate(tail) if ruled[i] or probs[i] >= threshold), len(tail))
    if start >= 3:
        tail = tail[start:]
    tail_probs = [1.0 if ruled[i] else probs[i] for i in tail]
    if len(tail) >= 4 and sum(tail_probs) / len(tail) >= threshold:
        for i in tail:
            junk[i] = True
    # Outside the story, chrome comes in regions: an unsure line next to junk on the
    # side away from the story goes with it (the tail read backwards, the head forwards).
    for i in range(n - 2, body_to, -1):
        if not table.prose[i] and abs(probs[i] - threshold) < 0.25 and junk[i + 1]:
            junk[i] = True
    for i in range(1, min(body_from, n)):
        chrome_before = junk[i - 1] and table.vocab[i - 1] not in ("image", "front-matter", "title")
        if not table.prose[i] and abs(probs[i] - threshold) < 0.15 and chrome_before:
            junk[i] = True
    for i in table.own_sections:
        junk[i] = False
    # The deck right above the story (a few lines of several words each, with only
    # credits and bylines between them and the first paragraph) stays.
    k = body_from - 1
    while k >= 0 and body_from - k <= 6:
        text = table.lines[k].text
        if table.vocab[k] in ("photo-credit", "byline", "image", "markup"):
            k -= 1
            continue
        if heading_level(text) and not table.vocab[k]:  # the post's own '## TL;DR'
            junk[k] = False
            k -= 1
            continue
        if table.vocab[k] or len(_WORD.findall(text)) < 3 or len(text) > 100:
            break
        menu = table.rows[k][_NO_PARTICLE] == 1.0 and not re.search(r"[\d'\"‘’“”…,]", text)
        if menu:  # a row of section names: no particle, no quote, no number
            break
        junk[k] = False
        k -= 1
    for i in range(body_from + 1, body_to):
        # Inside the story a line (a sub-heading, a list item, a summary's sentence)
        # stays unless the weights are sure or the rules below name it.
        strong = table.vocab[i] in STRONG_REASONS  # a caption, a credit: named by the rules
        if junk[i] and probs[i] < 0.95 and not strong:
            junk[i] = False
    for i in range(n):
        if ruled[i]:
            junk[i] = True
    # A writer's aside in brackets between two paragraphs ('(나중에 복구할 때
    # 필요하다!)') is the story's; an editor's note or '(끝)' stands after its end.
    prose_at = [i for i, p in enumerate(table.prose) if p]
    for i in range(prose_at[0] + 1 if prose_at else n, prose_at[-1] if prose_at else 0):
        inner = table.lines[i].text[1:-1].strip()
        if table.vocab[i] == "aside" and _PREDICATE_END.search(inner) and "=" not in inner:
            junk[i] = False
    # A sentence cut from a run-on line is prose whatever its length: it goes only when
    # the rules name it, the site repeats it, or it stands before the headline or after
    # the story's end.
    headline = _headline_at(table, body_from)
    for i, line in enumerate(table.lines):
        if junk[i] and line.soft and not table.vocab[i] and not table.repeats[i]:
            outside = table.place[i] in ("after-end", "after-copyright") or i < headline
            junk[i] = outside and ruled[i]
    # Guard 1: prose goes only on positive evidence, never for its place alone.
    evidence = [
        v in _EVIDENCE or v in _HARD or r > 0 or pl == "after-copyright"
        for v, r, pl in zip(table.vocab, table.repeats, table.place, strict=True)
    ]
    body_like = [is_prose(_core(x.text)) or _sentence(x.text) for x in table.lines]
    for i in range(n):
        if junk[i] and body_like[i] and not evidence[i]:
            junk[i] = False
    return junk


_ADDRESS = re.compile(r"https?://|www\.", re.IGNORECASE)


def _own_sections(table: LineTable, body_to: int) -> set[int]:
    """A post's own last section after its prose ('## Key Points' over its bullets,
    however many posts of the blog repeat the heading): a heading no rule names over
    two or more list items no rule names that link nowhere, up to the end or a line
    the rules name."""

    def item(i: int) -> bool:
        text = table.lines[i].text
        return bool(
            _MD_LIST_MARK.match(text)
            and not table.vocab[i]
            and not _ADDRESS.search(text)
            and "](" not in text
        )

    n, out = len(table.lines), set()
    for i in range(body_to + 1, n):
        if not heading_level(table.lines[i].text) or table.vocab[i]:
            continue
        j = i + 1
        while j < n and item(j):
            j += 1
        if j - i >= 3 and (j == n or table.vocab[j]):
            out |= set(range(i, j))
    return out


def ruled_out(table: LineTable) -> list[bool]:
    """The lines the rules remove whatever the weights say (the weights are trained
    on the others only)."""
    n = len(table.lines)
    body_from, body_to = table.story
    title_at = _headline_at(table, body_from)
    out = [False] * n
    # Once the story has ended, a comment widget's head ('댓글 2개') starts the readers'
    # comments: whatever follows it, prose included, is not the story.
    comments_at = next(
        (
            i
            for i, v in enumerate(table.vocab)
            if v == "comments" and table.place[i] in ("after-end", "after-copyright")
        ),
        n,
    )
    for i, v in enumerate(table.vocab):
        text = table.lines[i].text
        out[i] = bool(
            # the story's end marker passed: what is not prose after it is the site's,
            # and so is a plug with an address ('… 아래 주소를 확인하세요. https://…')
            (table.place[i] == "after-end" and not is_prose(_core(text)))
            # after the publisher's notice, what ends no sentence: a list of headlines;
            # in a page flattened into one line, anything: other stories' leads
            or (table.place[i] in ("after-end", "after-copyright") and not _CLOSED.search(text))
            or (table.place[i] == "after-copyright" and table.lines[i].soft)
            or (table.place[i] in ("after-end", "after-copyright") and _ADDRESS.search(text))
            # what the rules recognise by name (a notice, a credit, a byline) on a
            # line that is not prose: few sites teach it
            or v in _HARD
            # words only a page's own machinery prints; a picture's placeholder
            or v in ("notice", "advert", "image")
            or (v and not is_prose(text))
            or (v in STRONG_REASONS and len(text) <= 60)
            # above the headline of a plain text: the site's name, menus and crumbs
            or (i < title_at and not is_prose(text) and not table.prose[i])
            or (i > comments_at and table.place[i] in ("after-end", "after-copyright"))
            # a template's heading left empty at the very end ('## 내 메모')
            or (i == n - 1 and i > body_to and bool(heading_level(text)))
        )
        # A line printed again in other articles of the same source is the site's
        # chrome: a whole sentence anywhere, a shorter line before or after the story
        # (inside it, a template's sub-headings may recur: the weights decide).
        # A post's heading that recurs (a blog template's '## 오늘의 이슈 한눈에 보기'
        # over every story) is structure, not chrome: the weights decide it.
        size = len(line_key(text))
        heading = bool(_HEADING_LINE.match(text)) and body_from - 1 <= i <= body_to
        heading = heading or i in table.own_sections
        outside = not body_from <= i <= body_to
        greeting = bool(_GREETING.match(text)) and i < body_from + 3
        if (
            table.repeats[i]
            and not heading
            and not greeting
            and (size >= 10 or (size >= 4 and outside))
        ):
            out[i] = True
    return out


def _headline_at(table: LineTable, body_from: int) -> int:
    """The headline: the title line, or the record's title printed again in the head of
    a page saved as one line (its crumbs stand before it); -1 if none."""
    return next(
        (
            i
            for i, v in enumerate(table.vocab)
            if v == "title" or (v == "repeated-title" and table.lines[i].soft and i <= body_from)
        ),
        -1,
    )


def _short_text(table: LineTable) -> bool:
    prose = sum(len(x.text) for x, p in zip(table.lines, table.prose, strict=True) if p)
    return len(table.lines) <= 15 and prose < 100


def _sentence(text: str) -> bool:
    """A short sentence is prose too: '나는 대찬성이다.'"""
    return (
        len(_WORD.findall(text)) >= 2
        and bool(_PROSE_END.search(text))
        and bool(_PREDICATE_END.search(text))
    )


def _story(table: LineTable) -> tuple[int, int]:
    """Where the story stands: from the start of its densest run of prose (a stray line
    of prose in a portal's header, '…볼 수 있습니다.', does not start it) on to the last
    line of prose before a gap of more than eight other lines or the publisher's
    copyright notice (a page's lists and footers come after). Only non-prose lines are
    judged by this; prose anywhere still needs evidence to go."""
    n = len(table.lines)
    prose_at = [i for i, p in enumerate(table.prose) if p]
    if not prose_at:
        return n, -1
    structure = structure_flags([x.text for x in table.lines])
    first, _ = prose_run(
        table.prose, [len(x.text) for x in table.lines], 6, penalty=120, neutral=structure
    )
    last, gap = first, 0
    for i in range(first + 1, n):
        if table.vocab[i] == "copyright" or gap > 8:
            break
        if table.prose[i]:
            last, gap = i, 0
        elif not structure[i]:
            gap += 1  # a post's own headings, lists, tables and code do not part it
    return first, last


def _guard_half(table: LineTable, junk: list[bool]) -> bool:
    """Guard 2: when more than half the article's prose would go, keep what was cut
    without the strongest evidence, and say so (True)."""
    # The article's prose: what reads as prose and no rule names as chrome; after the
    # publisher's notice, only what closes a sentence (not a run of headlines), and
    # nothing after a list's head cut out of a page flattened into one line ('… 관련
    # 뉴스 …'): the page itself says the other stories' leads start there.
    flat_list = next(
        (
            i
            for i, x in enumerate(table.lines)
            if x.soft and table.vocab[i] == "related-list" and table.place[i]
        ),
        len(table.lines),
    )
    prose = [
        i
        for i, x in enumerate(table.lines)
        if is_body(x.text)
        and table.vocab[i] not in _HARD
        and table.vocab[i] not in _EVIDENCE
        and (table.place[i] != "after-copyright" or _CLOSED.search(x.text))
        and i < flat_list
    ]
    total = sum(len(table.lines[i].text) for i in prose)
    cut = [i for i in prose if junk[i]]
    if not total or sum(len(table.lines[i].text) for i in cut) <= 0.5 * total:
        return False
    for i in cut:
        junk[i] = False
    return True


def _reason(table: LineTable, i: int, tail_size: int) -> str:
    if table.vocab[i]:
        return table.vocab[i]
    if table.repeats[i] > 0:
        return "repeated-line"
    place = table.place[i]
    if place == "after-copyright":
        return "footer"
    if place == "after-end":
        return "related-list" if tail_size >= 4 else "footer"
    first = next((k for k, p in enumerate(table.prose) if p), len(table.lines))
    if i < first or place == "head":
        return "navigation"
    last = max((k for k, p in enumerate(table.prose) if p), default=-1)
    if i > last or place == "tail":
        return "related-list" if tail_size >= 4 else "footer"
    return "boilerplate"


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[Removed, ...]
    seams: tuple[int, ...]
    title: str | None
    flags: tuple[str, ...]


def clean_lines(
    raw: str,
    title_in_text: bool = True,
    given_title: str | None = None,
    context: LineContext | None = None,
    model: LineModel | None | bool = True,
) -> Cleaned:
    """The whole cleaner on one text. `model=True` uses the shipped weights, None the
    rules alone; `context` tells how often each line recurs in the same source."""
    if model is True:
        model = shipped_model()
    if model is not None:
        model = model.aligned(FEATURE_NAMES)
    table = line_table(raw, title_in_text, given_title, context)
    junk = _decide(table, model)
    flags = ("most-prose-kept",) if _guard_half(table, junk) else ()
    lines = table.lines
    last_kept = max((i for i, j in enumerate(junk) if not j), default=-1)
    tail_size = sum(1 for i in range(last_kept + 1, len(lines)) if not table.vocab[i])
    removed: list[Removed] = []
    for i, line in enumerate(lines):
        if junk[i]:
            removed.append(Removed(line.start, line.end, line.text, _reason(table, i, tail_size)))
    kept = [line for i, line in enumerate(lines) if not junk[i]]
    title = table.title if title_in_text else None
    title = next((x.text for x in lines if x.reason == "title"), None)
    title = _strip_heading(title) if title else None

    inline: list[tuple[int, int, str]] = []
    stand_in: dict[int, str] = {}  # a markup cut's replacement, by its start
    markdownish = any(v in ("image", "link-list", "front-matter") for v in table.vocab)
    first_para = next((x for x in kept if is_prose(_core(x.text))), None)
    for line in kept:
        m = _DATELINE.match(line.text) or (
            _SITE_BRACKET.match(line.text) if line is first_para else None
        )
        if m and m.end() < len(line.text):
            inline.append((line.start, line.start + m.end(), "byline"))
        m = _TRAILER.search(line.text)
        if m and m.start() > 0:
            inline.append((line.start + m.start(), line.end, "byline"))
        if markdownish or _MD_LINK_ITEM.search(line.text):
            for m in _MD_INLINE.finditer(line.text):
                if m.end() > m.start():
                    inline.append((line.start + m.start(), line.start + m.end(), "markup"))
            for m in MD_ENTITY.finditer(line.text):  # '&nbsp;' reads as the space it is
                char = html.unescape(m.group(0)).replace("\xa0", " ")
                if char != m.group(0):
                    start = line.start + m.start()
                    inline.append((start, line.start + m.end(), "markup"))
                    stand_in[start] = char
    body_view = _body_view(raw, kept)
    try:
        stuffed = stuffed_keywords(body_view, title or given_title)
    except Unavailable:  # a first look without Kiwi leaves stuffed words in
        stuffed = []
    for word in stuffed:
        for start, end in _stuffing_spans(body_view, word):
            inline.append((start, end, "keyword-stuffing"))
    inline = _disjoint(inline)
    for start, end, reason in inline:
        removed.append(Removed(start, end, raw[start:end], reason))
    removed.sort(key=lambda r: r.start)
    text, seams = _assemble(
        raw,
        kept,
        [(s, e) for s, e, r in inline if r != "markup"],
        [(s, e) for s, e, r in inline if r == "markup"],
        stand_in,
    )
    return Cleaned(text, tuple(removed), tuple(seams), title, flags)


def _disjoint(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for start, end, reason in sorted(spans):
        if out and start < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end, out[-1][2])
            continue
        out.append((start, end, reason))
    return out


def clean_text(
    raw: str,
    title_in_text: bool = True,
    given_title: str | None = None,
    context: LineContext | None = None,
    model: LineModel | None | bool = True,
) -> tuple[str, tuple[Removed, ...], tuple[int, ...], str | None]:
    """Pure core of the cleaner: (clean text, removed spans, seams, title)."""
    r = clean_lines(raw, title_in_text, given_title, context, model)
    return r.text, r.removed, r.seams, r.title


def _core(text: str) -> str:
    """A paragraph without the dateline at its head and the reporter at its foot, so
    '…처리했다.부산=홍길동 기자 hong@…' still reads as the prose it is."""
    m = _DATELINE.match(text)
    if m and m.end() < len(text):
        text = text[m.end() :]
    m = _TRAILER.search(text)
    if m and m.start() > 0:
        text = text[: m.start()]
    return text


def _body_view(raw: str, kept: list[_Line]) -> str:
    """The raw text with every removed line blanked out, so offsets stay raw offsets
    (line breaks stay: where a word stands in its line matters)."""
    chars = ["\n" if ch == "\n" else " " for ch in raw]
    for line in kept:
        chars[line.start : line.end] = raw[line.start : line.end]
    return "".join(chars)


def _assemble(
    raw: str,
    kept: list[_Line],
    cuts: list[tuple[int, int]],
    markup: list[tuple[int, int]] = (),
    stand_in: dict[int, str] | None = None,
) -> tuple[str, list[int]]:
    """Kept lines joined as paragraphs, with the inline cuts taken out. A cut of junk
    leaves a seam (an entity must not span it); a cut of markup does not, and one in
    `stand_in` (an HTML entity) leaves the character it stood for."""
    stand_in = stand_in or {}
    paragraphs: list[str] = []
    seams: list[int] = []
    offset = 0
    spans = sorted([(s, e, True) for s, e in cuts] + [(s, e, False) for s, e in markup])
    previous: _Line | None = None
    for line in kept:
        # a sentence cut from a run-on line goes on with the one kept right before it
        goes_on = (
            line.soft
            and previous is not None
            and previous.soft
            and "\n" not in raw[previous.end : line.start]
        )
        previous = line
        pieces: list[str] = []
        pos = line.start
        local_seams: list[int] = []
        for start, end, seam in spans:
            if end <= line.start or start >= line.end:
                continue
            if start > pos:
                pieces.append(raw[pos:start])
            if seam:
                local_seams.append(sum(len(p) for p in pieces))
            elif start >= pos and start in stand_in:
                pieces.append(stand_in[start])
            pos = max(pos, end)
        pieces.append(raw[pos : line.end])
        para = "".join(pieces)
        lead = len(para) - len(para.lstrip())
        para = para.strip()
        if not para:
            continue
        # Re-insert the space missing between glued sentences.
        inserted = [m.start() for m in _GLUED.finditer(para)]
        para = _GLUED.sub(" ", para)
        if paragraphs:
            offset += 1 if goes_on and paragraphs else 2  # a space, or a blank line
        for s in local_seams:
            shift = sum(1 for i in inserted if i <= s - lead)
            seams.append(offset + max(0, s - lead) + shift)
        if goes_on and paragraphs:
            paragraphs[-1] += " " + para
        else:
            paragraphs.append(para)
        offset += len(para)
    return "\n\n".join(paragraphs), seams


def clean(
    article: RawArticle,
    context: LineContext | None = None,
    model: LineModel | None | bool = True,
) -> CleanArticle:
    """RawArticle -> CleanArticle: the text an analyst reads, and what was cut and why.

    `context` (from `corpus.corpus_contexts`) says which lines recur across the other
    articles of the same source: the strongest sign of site chrome.
    """
    r = clean_lines(article.text, article.title_in_text, article.meta.get("title"), context, model)
    meta = extract_metadata(article.text, r.removed, r.title, article.meta)
    return CleanArticle(
        id=article.id,
        path=article.path,
        raw=article.text,
        text=r.text,
        removed=r.removed,
        meta=meta,
        seams=r.seams,
        flags=r.flags,
    )
