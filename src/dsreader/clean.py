"""Removing site junk from scraped Korean articles.

The rules look at the *shape* of a line (length, sentence endings, position before
or after the body, repetition) and at vocabulary that only site chrome uses
(copyright, share buttons, comment widgets). Nothing is keyed to a particular site.
When a line could be article text, it stays: losing a body sentence is worse than
keeping a menu item.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

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
)
from .metadata import extract_metadata

# --- line vocabulary ------------------------------------------------------------------

_COPYRIGHT = re.compile(
    r"ⓒ|©|\(c\)|copyright|all rights reserved|무단\s*전재|재배포\s*금지|무단복제|저작권자"
    r"|^\s*(제호|등록번호|등록일|발행일|발행인|편집인|발행·편집인|전화번호|대표전화|팩스|"
    r"청소년\s*보호\s*책임자|사업자\s*등록번호|주소|개인정보\s*(처리|보호)\s*(방침|책임자)|"
    r"인터넷신문\s*등록|통신판매업)\s*[:：(]",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"^(?:(?:인쇄|메일|이메일|페이스북|트위터|카카오톡|카카오스토리|카톡|네이버\s*블로그|밴드|"
    r"링크\s*복사|url|공유(?:하기)?|스크랩|북마크|글자\s*크기|글씨\s*크기|폰트|가|[-–+]|"
    r"facebook|twitter|kakao|band|share|print|email|x)\s*(?:공유)?[\s,|·/]*){2,}$",
    re.IGNORECASE,
)
_COMMENTS = re.compile(
    r"^(댓글(목록|쓰기|보기|\s*\d+\s*개?|을 남겨|달기)?|등록된 댓글이 없습니다\.?|"
    r"첫 (번째 )?댓글을 남겨.*|comments?\s*\d*|로그인 후 댓글.*|댓글을 입력.*)$",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"^(본문(\s*바로\s*가기)?|페이지\s*정보|관련\s*링크|관련이슈.*|메뉴|전체\s*메뉴|홈|home|"
    r"로그인|회원가입|검색|닫기|열기|이전글|다음글|목록|기사\s*목록|top|맨\s*위로|"
    r"title\s*view|menu|skip to content|구독하기|구독|알림|설정|더\s*보기|더보기|"
    r"이전|다음|prev|next|ad|광고|sponsored)$",
    re.IGNORECASE,
)
_RELATED_HEAD = re.compile(
    r"추천\s*뉴스|많이\s*본\s*(뉴스|기사)|관련\s*기사|인기\s*(기사|뉴스)|주요\s*뉴스|"
    r"실시간\s*(뉴스|랭킹)|랭킹\s*뉴스|다른\s*기사|함께\s*(본|읽은)|이\s*시각\s*(주요|추천)|"
    r"최신\s*기사|오늘의\s*(주요|인기)|포토\s*뉴스|헤드라인"
)
_REACTIONS = re.compile(
    r"^(좋아요|싫어요|추천|비추천|공감|슬퍼요|화나요|후속\s*기사\s*원해요|훈훈해요|"
    r"반응형|like|dislike)?\s*[\d,]*\s*$",
    re.IGNORECASE,
)
_PLEA_WORDS = re.compile(
    r"구독|제보|후원|좋아요|공감\s*버튼|알림\s*설정|팔로우|뉴스레터|채널\s*추가"
)
_PLEA_REQUEST = re.compile(r"주세요|주시기|바랍니다|부탁|눌러|하세요|해\s*주십시오")
# Caption language: who stands where in a photo ('왼쪽부터', '(오른쪽)').
_CAPTION = re.compile(
    r"(?:왼쪽|오른쪽)\s*(?:부터|두\s*번째|세\s*번째|네\s*번째|첫\s*번째)|"
    r"\((?:왼쪽|오른쪽|좌|우|위|아래|가운데|앞줄|뒷줄)\)|사진\s*(?:왼쪽|오른쪽)"
)
# A caption names what the picture shows and ends there: '… 고발 사진.', '… 전경.'
_CAPTION_END = re.compile(r"\s(?:사진|모습|전경|장면|캡처|캡쳐|자료사진|그래픽)\.?\s*$")
# A breadcrumb: '뉴스 > 경제 > 기업·CEO'
_BREADCRUMB = re.compile(r"^[^>›»\n]{1,20}(?:\s[>›»]\s[^>›»\n]{1,20}){2,}$")
# A line of markup with no words in it: '[##_Image|kage@…|CDM|1.3|{"originWidth":…}_##]'
_MARKUP_LINE = re.compile(r"^[\[{<][^\s가-힣]*[|{=][^가-힣]*$")
_PHOTO_CREDIT_TAIL = re.compile(
    r"(\((사진|그림|자료|영상|출처|제공|사진제공|그래픽)\s*[=:][^)]{1,40}\)|"
    r"\[(사진|그림|자료|영상|출처|사진제공|그래픽)\s*[=:][^\]]{1,40}\]|"
    r"\[(로이터|AP|AFP|EPA|신화|연합뉴스|뉴시스|뉴스1|게티이미지|Getty Images|UPI|블룸버그|"
    r"[^\]]{0,20}제공)[^\]]{0,10}\]|"
    r"\*재판매\s*및\s*DB\s*금지|^\(?(?i:(?:photo\s*)?(?:credit|image|photo))\s*[:=][^)]{1,80}\)?|/\s*(?:(?:연합뉴스|뉴시스|뉴스1|AP|AFP|로이터|EPA|신화|게티이미지)\s*)+|"
    r"[ⓒ©]\s*\S{1,12}|(?<=\s)[가-힣A-Za-z]{1,15}\s*제공)\s*$"
)
# A link or button label: "…하기", "…보기", "…바로가기", "SNS 보내기", "Click here …".
_UI_ACTION = re.compile(
    r"(하기|보기|보내기|바로\s*가기|보러\s*가기)$|click here|read more|watch (?:the )?video",
    re.IGNORECASE,
)
# An advert's shape: doubled arrows and diamonds, '>>>', a call to act in brackets.
_ADVERT = re.compile(
    r"▶▶|◀\s*◀|◆◆|★★|☞☞|>>>|\((?:바로\s*확인|지금\s*\S{1,6}하기|지금\s*\S{1,6}받기|클릭|무료\s*\S{0,4})\)\s*$"
)
# What a portal or CMS tells the reader about the page itself: an automatic summary,
# the section guide, a QR code, font-size steps, a scroll bar, text-to-speech.
_NOTICE = re.compile(
    r"자동\s*요약|요약\s*봇|본문\s*보기를\s*권장|섹션\s*정보는.{0,30}분류|"
    r"QR\s*코드.{0,30}(스캔|찍|보세요|볼\s*수\s*있습니다)|^가?\s*\d\s*단계\s*(아주\s*)?(작게|보통|크게)$|"
    r"스크롤\s*(바|이동|상태)|음성\s*(변환|으로\s*듣기)|기사\s*듣기|^(이\s*)?기사를?\s*(추천|스크랩|공유)(합니다|하기)?$|"
    r"구독\s*(해지|취소)|구독하면|설정을\s*저장|^기사\s*원문$|전체\s*보기를?\s*권장|"
    r"지원하지\s*않습니다|다른\s*브라우저"
)
_PLACEHOLDER = re.compile(
    r"^\[\s*(이미지|사진|그림|영상|동영상|image|photo|video)(\s*\S{0,6})?\s*\]", re.IGNORECASE
)
# A bare address on its own line: a link card's foot ('hometax.go.kr', 'https://…').
_URL_ONLY = re.compile(
    r"^(?:https?://\S+|(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|kr|co\.kr|go\.kr|or\.kr|io)(?:/\S*)?)$",
    re.IGNORECASE,
)
_HASHTAGS = re.compile(r"^(#\S+\s*){2,}$")
_TAG_LINE = re.compile(r"^(태그|tags?|키워드)\s*[:：]?\s*\S")
_SYMBOLS_ONLY = re.compile(r"^[\W\d_]*$")
_BYLINE_LINE = re.compile(
    r"^(입력|수정|등록|업데이트|작성자|작성일|기자명|글쓴이|posted|by\s)|"
    r"^(기사\s*)?(입력|승인)\s*[:：]?\s*\d|\d{2,4}[-.]\s?\d{1,2}[-.]\s?\d{1,2}.*(조회|댓글)|"
    r"^(출처|source)\s*[:：]|"
    r"^[가-힣]{2,4}\s*(기자|특파원|통신원|객원기자|선임기자)\s*"
    r"([(\[<]?\s*[\w.+-]+@[\w-]+(\.[\w-]+)+\s*[)\]>]?)?\s*$|"
    r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$|"
    # a broadcast's hand-off and sign-off: '홍길동 기자의 보도입니다.', 'YTN 홍길동입니다.',
    # and its credit 'YTN 홍길동 (hong@ytn.co.kr)'
    r"^\S{1,10}\s[가-힣]{2,4}\s*(기자|특파원)?\s*[(<\[]\s*[\w.+-]+@[\w-]+(\.[\w-]+)+\s*[)>\]]$|"
    # a date line glued to a section name: '컴퓨팅입력 :2025/11/14 10:55 수정: …'
    r"^.{0,12}(입력|등록|승인|게재|송고)\s*[:：]?\s*(19|20)?\d{2}[-./]\s?\d{1,2}[-./]|"
    # a reporter's card: '기자 프로필', '…사회부 사건팀 홍길동 기자입니다.'
    r"^(기자|작성자)\s*(프로필|정보)$|^[가-힣]{2,4}\s*기자\s*(구독|팔로우|의\s*다른\s*기사)|구독자\s*[\d,]+|"
    # a broadcast's credits: '<출연 : 홍길동 교수>', '[앵커]', '<앵커 멘트>'
    r"^[<\[(]\s*(출연|진행|앵커|기자|리포터|취재|촬영|영상\s*편집|편집|그래픽|연출|구성|인터뷰|녹취|"
    r"현장음|자막)\s*([:：].*)?[>\])]$|"
    # a columnist's name and title alone on a line: '홍길동 상임논설고문'
    r"^[가-힣]{2,4}\s*(상임|수석|선임|객원)?\s*(논설위원|논설고문|논설실장|칼럼니스트|편집위원|"
    r"대기자|주필|전문기자)$",
    re.IGNORECASE,
)

# Bylines worded as sentences: a reporter's card ('…사회부 홍길동 기자입니다.'), a
# broadcast's hand-off and sign-off ('홍길동 기자의 보도입니다.', 'YTN 홍길동입니다.').
_BYLINE_SENTENCE = re.compile(
    r"^.{0,40}(기자|특파원|에디터)입니다\.?$|"
    r"^[가-힣]{2,4}\s*(기자|특파원)(가|의)\s*(보도|전해\s*드립니다|보도입니다).{0,6}$|"
    r"^[A-Z]{2,6}\s[가-힣]{2,4}입니다\.?$"
)

# Sentence endings: a Hangul syllable then . ? !, or the end of a quotation.
_SENTENCE_END = re.compile(r"[가-힣][.?!](?=\s|$|[\"”’'\)])|[다요죠까][\"”’']|[.?!][\"”’']")
_PROSE_END = re.compile(r"[가-힣][.?!][\"”’')]?$")
_WORD = re.compile(r"\S+")

# Inline junk at the edges of a body paragraph.
_DATELINE = re.compile(
    r"^\s*[\[(【]\s*(?!사진|그림|자료|영상|그래픽|출처|제공)"
    r"[가-힣]{1,8}(?:\s*·\s*[가-힣]{1,8})*\s*=\s*[^\]\)】\n]{1,20}[\])】]\s*"
    r"(?:[가-힣]{2,4}(?:\s*[·,]?\s*[가-힣]{2,4})*\s*(?:기자|특파원|통신원)\s*=?\s*)?"
    r"|^\s*[가-힣]{2,4}(?:\s*·\s*[가-힣]{2,4})*\s*(?:기자|특파원)\s*=\s*"
    # a columnist's name and title glued before the first sentence: '홍길동 상임논설고문정부가 …'
    r"|^\s*[가-힣]{2,4}\s*(?:상임|수석|선임|객원)?\s*(?:논설위원|논설고문|논설실장|칼럼니스트|주필)\s*"
)
_TRAILER = re.compile(
    r"\s*[\[(]?\s*(?:[가-힣]{1,8}\s*=\s*)?[가-힣]{2,4}\s*(?:기자|특파원|통신원)\s*[\])]?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$"
    r"|\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$"
)
# A publisher's name in brackets opening the story: '[서울경제] 미국 정부가 …'
_SITE_BRACKET = re.compile(r"^\s*\[[^\]\s=]{2,10}\]\s*(?=[가-힣A-Za-z“\"'‘])")
# Sentences glued without a space after the full stop ("있다.공학자들").
_GLUED = re.compile(r"(?<=[가-힣][.?!])(?=[가-힣“‘])|(?<=[가-힣][.?!][”’\"])(?=[가-힣])")


@dataclass
class _Line:
    start: int
    end: int
    text: str  # stripped
    reason: str | None = None
    body: bool = False


def _split_lines(raw: str) -> list[_Line]:
    lines = []
    pos = 0
    for chunk in raw.split("\n"):
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            lines.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(chunk) + 1
    return lines


def _key(text: str) -> str:
    """Compare lines ignoring spaces, punctuation and case."""
    return re.sub(r"[\W_]+", "", text).lower()


def sentence_endings(text: str) -> int:
    return len(_SENTENCE_END.findall(text))


def is_body(text: str) -> bool:
    """Prose, not chrome: sentence endings, or a long run of words."""
    endings = sentence_endings(text)
    words = len(_WORD.findall(text))
    ends_like_prose = words >= 3 and bool(_PROSE_END.search(text))
    return (
        (endings >= 1 and len(text) >= 40)
        or endings >= 2
        or ends_like_prose
        or (len(text) >= 80 and words >= 10)
    )


_PREDICATE_END = re.compile(r"[다요죠까니냐][.?!…]|[다요죠까][\"”’']|[다요]$")


def is_prose(text: str) -> bool:
    """Sentences ending as Korean prose does (…했다. …까?): what the guard protects.
    A caption ending in a noun ('…고발 사진.') is body-shaped but not prose."""
    return is_body(text) and bool(_PREDICATE_END.search(text))


# A field label standing alone, its value on the next line ('제목:', '내용:', '출처:').
FIELD_LABEL = re.compile(
    r"^(제목|내용|본문|출처|작성자|글쓴이|날짜|작성일|일시|기자|title|content|body|text|source|"
    r"author|date|url)\s*[:：]\s*$",
    re.IGNORECASE,
)
_TITLE_FIELD = re.compile(r"^(?:제목|title)\s*[:：]\s*(?P<t>\S.*)?$", re.IGNORECASE)


def line_reason(text: str) -> str | None:
    """Why a whole line is site chrome, from vocabulary and shape alone; None if not."""
    low = text.lower()
    if FIELD_LABEL.match(text):
        return "field-label"
    if re.match(r"^(출처|source)\s*[:：]", text, re.IGNORECASE) and len(text) <= 300:
        return "byline"  # a credit, never prose, however long its citation
    if _ADVERT.search(text) and len(text) <= 200:
        return "advert"
    if _NOTICE.search(text) and len(text) <= 120:
        return "notice"
    if _URL_ONLY.match(text):
        return "link-list"
    if _PLACEHOLDER.match(text):
        return "image"  # '[사진]', '[이미지 파싱] …': where a picture stood, or its transcript
    if len(text) <= 60 and _BYLINE_SENTENCE.match(text):
        return "byline"
    m = _DATELINE.match(text)
    if m and m.end() == len(text):  # a dateline on a line of its own
        return "byline"
    words = len(_WORD.findall(text))
    if _COPYRIGHT.search(text) and (not is_body(text) or words <= 25):
        return "copyright"
    if _PLEA_WORDS.search(text) and (
        text[:1] in "※*▶☞■●◆" or (_PLEA_REQUEST.search(text) and words <= 40)
    ):
        return "subscribe-plea"
    if _COMMENTS.match(text):
        return "comments"
    if _CAPTION.search(text) and len(text) <= 300:
        return "photo-credit"
    if _CAPTION_END.search(text) and len(text) <= 150 and not _SENTENCE_END.search(text[:-1]):
        return "photo-credit"
    if _BREADCRUMB.match(text):
        return "navigation"
    if _MARKUP_LINE.match(text) and len(text) >= 20:
        return "image"
    if is_body(text) and not _PHOTO_CREDIT_TAIL.search(text):
        return None
    if _SHARE.match(low) or (_SYMBOLS_ONLY.match(text) and re.search(r"[-+–]", text)):
        return "share-buttons"
    if _NAVIGATION.match(text):
        return "navigation"
    if _BYLINE_LINE.search(text):
        return "byline"
    if _RELATED_HEAD.search(text) and words <= 8:
        return "related-list"
    if _HASHTAGS.match(text) or _TAG_LINE.match(text):
        return "keyword-stuffing"
    if _REACTIONS.match(text):
        return "reactions"
    if _doubled(text):
        return "photo-credit"
    if _PHOTO_CREDIT_TAIL.search(text) and len(text) <= 250:
        return "photo-credit"
    if re.match(r"^[•·∙◦▪●\-*]\s*\d+$", text):
        return "navigation"
    if _UI_ACTION.search(text) and (words <= 6 or text[:1] in "▶☞→>("):
        return "navigation"  # 글자 크기 변경하기, SNS 보내기, ▶ … 바로가기
    return None


def _menu_row(text: str) -> bool:
    """A row of section names: many short words and no punctuation a sentence has
    (and, by Kiwi, no particle or ending: the caller checks)."""
    words = _WORD.findall(text)
    return (
        len(words) >= 5
        and all(len(w) <= 6 for w in words)
        and not re.search(r"[,.?!…·\"'“”‘’()\[\]%]", text)
    )


def _doubled(text: str) -> bool:
    """'연합뉴스연합뉴스': a credit printed twice (image alt text plus caption)."""
    t = text.replace(" ", "")
    half = len(t) // 2
    return len(t) >= 4 and len(t) % 2 == 0 and t[:half] == t[half:] and len(t) <= 40


# --- keyword stuffing -----------------------------------------------------------------

_CANDIDATE = re.compile(r"[가-힣]{2,}|[A-Za-z][A-Za-z0-9]{2,}")
_PREDICATE_TAGS = {"VV", "VA", "VX", "XSV", "XSA", "VCP", "VCN", "EC", "EF", "ETM"}


def _bare_occurrences(text: str, word: str) -> list[re.Match]:
    return list(re.finditer(rf"(?<=\s){re.escape(word)}(?=\s)", text))


def _next_word(text: str, pos: int) -> str:
    m = _WORD.match(text, pos)
    return m.group(0) if m else ""


def _head(word: str) -> tuple[str, bool]:
    """The stem of `word`, and whether it could head a compound after a noun."""
    from .morph import kiwi

    tokens = kiwi().tokenize(word)
    if not tokens:
        return word, False
    if any(t.tag in _PREDICATE_TAGS for t in tokens):
        return tokens[0].form, False
    return tokens[0].form, tokens[0].tag in ("NNG", "SL", "XSN", "NNB")


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
    found = []
    for word, bare in counts.items():
        if bare < 5 or not _CANDIDATE.fullmatch(word):
            continue
        attached = sum(
            n
            for w, n in counts.items()
            if w != word and w.startswith(word) and len(w) - len(word) <= 3
        )
        if bare / (bare + attached) < 0.5:
            continue
        nexts = [_next_word(body, m.end() + 1) for m in _bare_occurrences(body, word)]
        nexts = [n for n in nexts if n]
        if len(nexts) < 5 or not _is_bare_noun(word):
            continue
        heads = [_head(n) for n in nexts]
        diversity = len({stem for stem, _ in heads}) / len(heads)
        unattached = sum(not ok for _, ok in heads) / len(heads)
        in_title = bool(title) and word in title
        if diversity >= 0.8 and (unattached >= 0.5 or (in_title and unattached >= 0.25)):
            found.append(word)
    return found


def _stuffing_spans(body: str, word: str) -> list[tuple[int, int]]:
    """Every bare copy of `word` except those heading a compound that recurs."""
    occurrences = _bare_occurrences(body, word)
    heads = [_head(_next_word(body, m.end() + 1)) for m in occurrences]
    stems = Counter(stem for stem, _ in heads)
    spans = []
    for m, (stem, attaches) in zip(occurrences, heads, strict=False):
        if attaches and stems[stem] >= 2:
            continue
        spans.append((m.start(), m.end() + 1))  # the word and the space after it
    return spans


# --- markdown -------------------------------------------------------------------------

_MD_IMAGE_LINE = re.compile(r"^(?:\[)?!\[[^\]\n]*\]\([^)\n]*\)(?:\]\([^)\n]*\))?$")
_MD_LINK_ITEM = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")
_MD_TAG_ITEM = re.compile(r"\[#[^\]\n]+\]\([^)\n]*\)")
_MD_LIST_MARK = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
# Inline markup inside a kept paragraph: cut out, so the text reads plainly and the
# removed spans still point into the raw text.
_MD_INLINE = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)"  # an inline image
    r"|\]\([^)\n]*\)"  # the target of a link: '](https://…)'
    r"|\[(?=[^\]\n]*\]\()"  # the opening bracket of a link
    r"|\*\*|__|`"
    r"|^#{1,6}\s+|^>\s*|^(?:[-*+])\s+(?=\S)"
)


def markdown_reason(text: str) -> str | None:
    """Lines that are markdown chrome: an image, a list of links, a list of tags."""
    if _MD_IMAGE_LINE.match(text):
        return "image"
    rest = _MD_LIST_MARK.sub("", text)
    tags = _MD_TAG_ITEM.findall(rest)
    if tags and not _MD_TAG_ITEM.sub("", rest).strip(" ,·|"):
        return "keyword-stuffing"
    links = _MD_LINK_ITEM.findall(rest)
    if links and len(_MD_LINK_ITEM.sub("", rest).strip(" ,·|-–—")) <= 0.25 * len(rest):
        return "link-list"
    return None


def _front_matter(lines: list[_Line], raw: str) -> None:
    """A YAML block at the top of a clipping ('---' … '---') is metadata, not text."""
    if not lines or lines[0].text != "---" or lines[0].start != raw.find("---"):
        return
    for k in range(1, min(len(lines), 60)):
        if lines[k].text == "---":
            for line in lines[: k + 1]:
                line.reason = "front-matter"
            return


# --- the cleaner ----------------------------------------------------------------------

# Reasons the classifier cannot overrule: what the text itself says it is.
_HARD = {"title", "front-matter"}
# Vocabulary that is positive evidence against a line of prose.
_EVIDENCE = {
    "copyright",
    "subscribe-plea",
    "comments",
    "byline",
    "photo-credit",
    "repeated-title",
    "image",
    "link-list",
    "keyword-stuffing",
    "share-buttons",
    "related-list",
    "notice",
    "advert",
    "field-label",
}


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


def line_table(
    raw: str,
    title_in_text: bool = True,
    given_title: str | None = None,
    context: LineContext | None = None,
) -> LineTable:
    """The lines of `raw`, the rules' verdicts on them and their feature vectors."""
    lines = _split_lines(raw)
    _front_matter(lines, raw)
    markdown = bool(lines) and lines[0].reason == "front-matter"
    title = _pick_title(lines) if title_in_text else None
    title_key = _key(title or given_title or "") or None
    vocab: list[str | None] = []
    for line in lines:
        if line.reason:
            vocab.append(line.reason)
        elif title_key and _key(line.text) == title_key:
            vocab.append("repeated-title")
        else:
            vocab.append(markdown_reason(line.text) or line_reason(line.text))
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


_CREDIT_LINE = re.compile(r"^(출처|source)\s*[:：]", re.IGNORECASE)
# Lines that close a story: what little prose follows one is the site's, not the story's.
_ARTICLE_END = {"copyright", "byline", "subscribe-plea", "related-list", "comments"}


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
        if _CREDIT_LINE.match(lines[i].text):
            continue  # 'Source: …' under a figure, not the story's end
        before = sum(len(lines[j].text) for j in range(first, i) if prose[j])
        after = [j for j in range(i + 1, last + 1) if prose[j]]
        if after and sum(len(lines[j].text) for j in after) < 0.3 * before:
            return max(j for j in range(first, i) if prose[j])
        if v == "copyright":
            break
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
    body_from, body_to = _story(table)
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
    # After the story, a block of four or more short lines that the weights mostly
    # call chrome is a list of other posts: all of it goes.
    tail = [i for i in range(body_to + 1, n) if not table.prose[i]]
    if len(tail) >= 4 and sum(probs[i] for i in tail) / len(tail) >= threshold:
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
    # The deck right above the story (a few lines of several words each, with only
    # credits and bylines between them and the first paragraph) stays.
    k = body_from - 1
    while k >= 0 and body_from - k <= 6:
        text = table.lines[k].text
        if table.vocab[k] in ("photo-credit", "byline", "image"):
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
        # Inside the story a short line (a sub-heading, a list item) stays unless the
        # weights are sure or the rules below name it.
        if junk[i] and not table.prose[i] and probs[i] < 0.95:
            junk[i] = False
    for i, ruled in enumerate(ruled_out(table)):
        if ruled:
            junk[i] = True
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


def ruled_out(table: LineTable) -> list[bool]:
    """The lines the rules remove whatever the weights say (the weights are trained
    on the others only)."""
    n = len(table.lines)
    body_from, body_to = _story(table)
    title_at = next((i for i, v in enumerate(table.vocab) if v == "title"), -1)
    out = [False] * n
    for i, v in enumerate(table.vocab):
        text = table.lines[i].text
        out[i] = bool(
            # the story's end marker passed: what is not prose after it is the site's
            (table.place[i] == "after-end" and not is_prose(_core(text)))
            # what the rules recognise by name (a notice, a credit, a byline) on a
            # line that is not prose: few sites teach it
            or v in _HARD
            or v in ("notice", "advert")  # words only a page's own machinery prints
            or (v and not is_prose(text))
            or (v in STRONG_REASONS and len(text) <= 60)
            # above the headline of a plain text: the site's name, menus and crumbs
            or (i < title_at and not is_prose(text))
        )
        # A line printed again in other articles of the same source is the site's
        # chrome: a whole sentence anywhere, a shorter line before or after the story
        # (inside it, a template's sub-headings may recur: the weights decide).
        size = len(line_key(text))
        if table.repeats[i] and (size >= 10 or (size >= 4 and not body_from <= i <= body_to)):
            out[i] = True
    return out


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
    """Where the story stands: from the start of its densest run of prose (gaps of up
    to six other lines; a stray line of prose in a portal's header, '…볼 수 있습니다.',
    does not start it) to its last line of prose. Only non-prose lines are judged by
    this; prose anywhere still needs evidence to go."""
    prose_at = [i for i, p in enumerate(table.prose) if p]
    if not prose_at:
        return len(table.lines), -1
    first, _ = prose_run(table.prose, [len(x.text) for x in table.lines], gap_max=6, penalty=120)
    return first, prose_at[-1]


def _guard_half(table: LineTable, junk: list[bool]) -> bool:
    """Guard 2: when more than half the article's prose would go, keep what was cut
    without the strongest evidence, and say so (True)."""
    # The article's prose: what reads as prose and no rule names as chrome.
    prose = [
        i
        for i, x in enumerate(table.lines)
        if is_body(x.text) and table.vocab[i] not in _HARD and table.vocab[i] not in _EVIDENCE
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
    body_view = _body_view(raw, kept)
    for word in stuffed_keywords(body_view, title or given_title):
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
):
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
    """The raw text with every removed line blanked out, so offsets stay raw offsets."""
    chars = [" "] * len(raw)
    for line in kept:
        chars[line.start : line.end] = raw[line.start : line.end]
    return "".join(chars)


def _assemble(
    raw: str,
    kept: list[_Line],
    cuts: list[tuple[int, int]],
    markup: list[tuple[int, int]] = (),
) -> tuple[str, list[int]]:
    """Kept lines joined as paragraphs, with the inline cuts taken out. A cut of junk
    leaves a seam (an entity must not span it); a cut of markup does not."""
    paragraphs: list[str] = []
    seams: list[int] = []
    offset = 0
    spans = sorted([(s, e, True) for s, e in cuts] + [(s, e, False) for s, e in markup])
    for line in kept:
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
            offset += 2  # the blank line between paragraphs
        for s in local_seams:
            shift = sum(1 for i in inserted if i <= s - lead)
            seams.append(offset + max(0, s - lead) + shift)
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
