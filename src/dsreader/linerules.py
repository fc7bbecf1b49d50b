"""What a line's own words and shape say: the rules of the cleaner.

Vocabulary that only site chrome uses (copyright notices, share rows, bylines, captions
and credits, pleas, notices a portal prints about itself), the shape of prose (Korean
sentence endings) and of markdown chrome (images, link lists, tag lists). Each rule
gives a reason; the line classifier (`clean.py`) takes the reasons as features and the
rules decide alone only where they name a line that is not prose.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .morph import Unavailable

# --- line vocabulary ------------------------------------------------------------------

_COPYRIGHT = re.compile(
    r"ⓒ|©|\(c\)|copyright|all rights reserved|무단\s*전재|재배포\s*금지|무단복제|저작권자"
    r"|(?:^|\|)\s*(제호|등록번호|등록일|발행일|발행인|편집인|발행·편집인|전화번호|대표전화|팩스|"
    r"청소년\s*보호\s*책임자|사업자\s*등록번호|주소|개인정보\s*(처리|보호)\s*(방침|책임자)|"
    r"인터넷신문\s*등록|통신판매업)\s*[:：(]",
    re.IGNORECASE,
)
# One button of a share row or a font-size control: '페이스북(으)로 기사보내기',
# 'X(트위터)', 'URL 복사', '글자크기 설정', '가 매우크게', '본문 글씨 키우기', '닫기'. No token
# starts or ends with a space that the separators could take instead: a line of
# buttons followed by prose must fail fast, not try every way of splitting it.
_SHARE_TOKEN = (
    r"(?:(?:인쇄|프린트|메일|이메일|페이스북|트위터|카카오톡|카카오스토리|카톡|네이버\s*블로그|밴드|"
    r"엑스|x\(트위터\)|링크드인|텔레그램|스레드|라인|sns|"
    r"(?:url|링크|주소)(?:\s*복사)?|복사하기|(?:이\s*)?기사를?\s*공유합니다|바로가기|공유(?:하기)?|"
    r"스크랩|북마크|닫기|(?:본문\s*)?(?:글자|글씨)(?:\s*크기)?(?:\s*(?:설정|키우기|줄이기|변경|조정|조절))?|"
    r"폰트|키우기|줄이기|가?(?:(?:가장|아주|매우|더)\s*)?(?:작게|크게)|가?보통|기본|가|[-–+]|"
    r"facebook|twitter|kakao|band|linkedin|telegram|threads|share|print|email|x)"
    r"(?:\(으\)로)?(?:\s*기사\s*보내기)?)"
)
_SHARE = re.compile(rf"^(?:{_SHARE_TOKEN}[\s,|·/※]*){{2,}}$", re.IGNORECASE)
# The same buttons inside a page flattened into one line: a run of them (the caller
# keeps a run with a word only a widget prints, so '페이스북, 트위터 등' in a sentence is
# no run: `share_runs`).
_SHARE_RUN = re.compile(rf"(?<!\S)(?:{_SHARE_TOKEN}[\s,|·/※]+)+{_SHARE_TOKEN}(?!\S)", re.IGNORECASE)
_WIDGET_WORD = re.compile(
    r"url|기사\s*보내기|글자|글씨|작게|크게|닫기|복사|공유|프린트|가\s?\+", re.IGNORECASE
)


def share_runs(text: str) -> list[tuple[int, int]]:
    """Where runs of share and font-size buttons stand in a long line."""
    return [m.span() for m in _SHARE_RUN.finditer(text) if _WIDGET_WORD.search(m.group(0))]


_COMMENTS = re.compile(
    r"^(댓글(목록|쓰기|보기|\s*\d+\s*개?|을 남겨|달기)?|등록된 댓글이 없습니다\.?|"
    r"첫 (번째 )?댓글을 남겨.*|comments?\s*\d*|로그인 후 댓글.*|댓글을 입력.*)$",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"^(본문(\s*바로\s*가기)?|페이지\s*정보|관련\s*링크|관련이슈.*|메뉴|전체\s*메뉴|홈|home|"
    r"로그인|회원가입|검색|닫기|열기|이전글|다음글|목록|기사\s*목록|top|맨\s*위로|"
    r"title\s*view|menu|skip to content|구독하기|구독|알림|설정|더\s*보기|더보기|"
    r"이전|다음|prev|next|ad|광고|sponsored|인쇄|스크랩|공유|이웃\s*추가|구독중|구독자|응원수|"
    r"큰\s*폰트|작은\s*폰트|돋움|굴림|바탕|나눔고딕|맑은\s*고딕)$",
    re.IGNORECASE,
)
_RELATED_HEAD = re.compile(
    r"추천\s*뉴스|많이\s*본\s*(뉴스|기사)|관련\s*(기사|뉴스)|인기\s*(기사|뉴스)|주요\s*뉴스|"
    r"실시간\s*(뉴스|랭킹)|랭킹\s*뉴스|다른\s*기사|함께\s*(본|읽은)|이\s*시각\s*(주요|추천)|"
    r"최신\s*기사|오늘의\s*(주요|인기)|포토\s*뉴스|헤드라인|함께\s*찾은\s*검색어|"
    # a blog's list of its other posts: '관련글', '이 블로그의 인기글'
    r"^(관련|인기|추천|최근|이전|다음)\s*(글|게시물|포스트|포스팅)\s*(목록)?$|"
    # a references section's head: '레퍼런스', '참고 자료', 'References', '참고한 글'
    r"^(레퍼런스|참고\s*(자료|문헌|링크)|참고한\s*(글|자료|문헌|사이트|기사)|(?i:references?))\s*:?$"
)
# The head of a post's references section (a heading, its emoji and marks aside): the
# list under it cites where the post came from ('## 참고 자료', '### Reference', '## 출처').
REFERENCES_HEAD = re.compile(
    r"^(?:레퍼런스|참고|참조|출처|원문|(?:뉴스|자료|기사|이미지)\s*출처)"
    # one word more and a remark in brackets: '참고 이슈 (오늘 채널 기준)', '참고 영상'
    r"(?:\s*(?:자료|문헌|링크|사이트|기사|글|[가-힣]{1,4}))?(?:\s*(?:및|&)\s*\S+)?"
    r"(?:\s*\([^()]{1,30}\)?)?\s*:?$"
    r"|^참고한\s*(?:글|자료|문헌|사이트|기사|링크)\s*:?$"
    r"|^(?:references?|sources?|bibliography|further reading|citations?)\s*:?$",
    re.IGNORECASE,
)
# A hiring plug's heading: a company blog's '채용 안내', 'We are hiring' (not a section
# about hiring news: '삼성전자 채용 규모 확대').
HIRING_HEAD = re.compile(
    r"(?:채용|인재\s*영입|구인)\s*(?:안내|공고|정보|소식|중)?$"
    r"|함께\s*(?:일할|할|성장할)\s*(?:동료|분|사람|팀원)"
    r"|\b(?:we'?re|we\s+are)\s+hiring\b|^hiring\b|\bjoin\s+(?:us|our\s+team)\b",
    re.IGNORECASE,
)
_REACTIONS = re.compile(
    r"^(좋아요|싫어요|추천|비추천|공감|슬퍼요|화나요|후속\s*기사\s*원해요|훈훈해요|추천해요|"
    r"감동이에요|흥미진진|공감백배|분석탁월|후속강추|쏠쏠정보|놀랐어요|응원해요|"
    r"반응형|like|dislike)?\s*[\d,]*\s*$",
    re.IGNORECASE,
)
# several reaction buttons with their counts: '좋아요 00 싫어요 00 후속기사 원해요 00'
_REACTION_ROW = re.compile(
    r"^(?:(?:좋아요|싫어요|추천|비추천|공감|슬퍼요|화나요|후속\s*기사\s*원해요|훈훈해요|추천해요|"
    r"감동이에요|놀랐어요|응원해요)\s*[\d,]+\s*){2,}$"
)
_PLEA_WORDS = re.compile(
    r"구독|제보|후원|좋아요|공감\s*버튼|알림\s*설정|팔로우|뉴스레터|채널\s*추가|설문\s*조사에\s*참여"
)
_PLEA_REQUEST = re.compile(
    r"주세요|주시기|바랍니다|부탁|눌러|하세요|해\s*주십시오"
    # a newsroom's tip plea: '당신의 제보가 뉴스로 만들어집니다.', '… 제보를 기다립니다.'
    r"|제보(?:가|를)\s.{0,15}(?:만들어집니다|기다립니다|기다리고\s있습니다)"
)
# A news agency credited for a picture: '연합뉴스', '로이터연합뉴스', 'AP뉴시스'
AGENCY_CREDIT = r"(?:로이터|AP|AFP|EPA|신화)?(?:연합뉴스|뉴시스|뉴스1)"
# Stock-photo libraries Korean newsrooms credit: '사진=이미지투데이', '(사진=게티이미지뱅크)'
STOCK_CREDIT = (
    r"(?:이미지투데이|게티이미지(?:뱅크|코리아)?|셔터스톡|클립아트코리아|아이클릭아트|픽사베이|"
    r"언스플래시|프리픽|(?i:shutterstock|gettyimages(?:bank|korea)?|unsplash|pixabay|freepik))"
)
# A credit's label: '출처:', 'Source:', '**원본 링크:** [제목](…)', '기사 원문: …'
SOURCE_LABEL = r"(?:출처|원문|원본|(?:원문|원본|기사)\s*(?:링크|원문|보기)|source)"
# A machine summary's head and its warning: 'AI 핵심 요약', '… 자동 생성한 요약으로 …'
SUMMARY_HEAD = r"(?:AI|인공지능)\s*(?:핵심\s*|세줄\s*|3줄\s*)?요약\b"
SUMMARY_WARNING = r"(?:자동|AI가?)\s*(?:으로\s*)?(?:생성|작성)\S{0,3}\s*요약"
# Caption language: who stands where in a photo ('왼쪽부터', '(오른쪽)').
_CAPTION = re.compile(
    r"(?:왼쪽|오른쪽)\s*(?:부터|두\s*번째|세\s*번째|네\s*번째|첫\s*번째)|"
    r"\((?:왼쪽|오른쪽|좌|우|위|아래|가운데|앞줄|뒷줄)\)|사진\s*(?:왼쪽|오른쪽)"
)
# A caption names what the picture shows and ends there: '… 고발 사진.', '… 전경.'
_CAPTION_END = re.compile(r"\s(?:사진|모습|전경|장면|캡처|캡쳐|자료사진|그래픽)\.?\s*$")
# Where a post's pictures come from: '블로그에 사용된 모든 이미지는 …', '사진 출처: …'.
_IMAGE_SOURCE = re.compile(
    r"(?:블로그|포스트|포스팅|게시글|본문)에\s*(?:사용된|쓰인|삽입된|첨부된)\s*(?:모든\s*)?"
    r"(?:이미지|사진|그림)|(?:이미지|사진|그림)\s*(?:출처|제공|캡처|캡쳐)\s*[:：]|"
    r"\ball (?:the )?(?:images|photos|pictures)\b.{0,30}\b(?:from|courtesy)\b|"
    r"\b(?:images?|photos?) (?:courtesy|source|credit)s?\b",
    re.IGNORECASE,
)
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
    r"[ⓒ©]\s*\S{1,12}|(?:^|(?<=\s))[가-힣A-Za-z]{1,15}\s*제공|"
    # a picture a model drew: 'AI 반도체(챗GPT 생성)', '(이미지=미드저니 생성)'
    r"\([^()]{0,25}(?:챗GPT|ChatGPT|GPT|AI|DALL-?E|달리|미드저니|Midjourney|제미나이|Gemini|"
    r"나노\s?바나나|생성형\s?AI)[^()]{0,10}(?:생성|제작)\)|"
    r"(?:AI|인공지능)(?:로|가|를\s활용해)?\s?(?:생성(?:된|한)?|제작(?:된|한)?|만든)\s?(?:이미지|사진|그림|일러스트)|"
    # after a slash, who made the picture: '/바이두 캡처', '/제미나이 생성 이미지',
    # '/사진 제공=테슬라', '/로이터=연합뉴스', '/ GettyimagesKorea'
    r"/\s*\S{1,15}\s(?:캡처|캡쳐|생성\s?이미지)|/\s*사진\s?제공\s?=\s?\S{1,20}|"
    r"/\s*\S{1,10}=(?:연합뉴스|뉴시스|뉴스1)|/\s*(?:Getty\s?[Ii]mages\S{0,8}|게티이미지\S{0,6})|"
    r"재판매\s*및\s*DB\s*금지\]?|"
    # an agency glued to a caption: '젠슨 황 엔비디아 CEO.로이터연합뉴스'
    rf"(?:^|(?<![다요죠까니냐])\.)\s*{AGENCY_CREDIT}$|"
    # a credit in brackets that forbids reuse: '[구글 제공. 재판매 및 DB 금지]', and a
    # portal's caption under its picture button: '이미지 확대 TPU를 소개하는 홍길동 부사장'
    r"^(?:이미지|사진)\s?확대(?:보기)?\s.{1,150}$|<(?:사진|그림|자료|영상|출처|제공|그래픽)\s*[=:][^>]{1,40}>|"
    r"\[[^\[\]]{0,30}(?:재판매|DB\s*금지)[^\[\]]{0,20}\]|"
    # '| 제공 - 아이디어스', '| 촬영 - 에이빙뉴스' after a caption
    r"\|\s*(?:사진|촬영|제공|자료)\s*-\s*[^-|]{1,20}|"
    # a caption's credit after a slash: '아베 신조 일본 총리./사진=AFP', or alone
    # ('▲그래픽=홍길동 기자', '사진=링크드인', '| 촬영 - 에이빙뉴스')
    r"/\s*(?:사진|그래픽|자료|영상)\s*=\s*[^/=]{1,30}|"
    r"^▲?\s*(?:사진|이미지|그래픽|자료|영상|출처)\s*=\s*[^=]{1,30}|"
    rf"^▲?\s*(?:사진|이미지|자료)\s*[_:]\s*{STOCK_CREDIT}|"
    r"^\|?\s*(?:사진|촬영|제공|자료)\s*-\s*[^-]{1,20}|"
    # a caption (a noun phrase) and its agency: '경기도 이천시 SK하이닉스 본사. 연합뉴스'
    r"(?<=[가-힣]\.)(?<![다요죠까니냐]\.)\s*(?:연합뉴스|뉴시스|뉴스1|AP|AFP|로이터|EPA|신화|게티이미지)|"
    # an agency in brackets after a caption's sentence: '… 답변하고 있다. (연합)'
    r"(?<=\.)\s*\((?:연합|연합뉴스|뉴시스|뉴스1|로이터|AP|AFP|EPA|신화|게티이미지)\)|"
    # a caption marked '▲' and its credit: '▲ … 체결했다 (자료사진, 로이터=연합뉴스)'
    rf"^▲.{{4,200}}\([^()]{{0,15}}[=/]\s?{AGENCY_CREDIT}\)|"
    # a screenshot's caption: '오픈AI 챗GPT 앱 화면 갈무리', '홈페이지 캡처'
    r"^[^.?!]{2,40}\s(?:화면\s?)?(?:갈무리|캡처|캡쳐)"
    r")\s*$"
)
# A video summary's labelled facts ('**채널명:** 홍길동TV', '업로드일: 2025-01-02'): the
# page's own machinery, and no end of the story (the summary follows them).
_VIDEO_FACT = re.compile(
    r"^(?:\*\*|__)?(?:채널명?|업로드(?:\s*날짜|일)?|게시일|조회수|영상\s*길이|재생\s*시간)\s*[:：]"
)
_BRACKETED_CREDIT = re.compile(
    r"^[(\[〈<]\s*(?:사진|그림|자료|영상|출처|그래픽|이미지)\s*[=:][^()\[\]〈〉<>]{1,30}[)\]〉>]$"
)
# A link or button label: "…하기", "…보기", "…바로가기", "SNS 보내기", "Click here …".
_UI_ACTION = re.compile(
    r"(하기|보기|보내기|바로\s*가기|보러\s*가기|버튼|크기\s*(?:조정|조절|설정)|언어\s*선택)[\]】>]?$|click here|"
    r"read more|watch (?:the )?video",
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
    r"스크롤\s*(바|이동|상태)|음성\s*(변환|으로\s*듣기)|기사\s*듣기|^(이\s*)?기사를?\s*(추천|스크랩|공유)(합니다|하기)?[.!]?$|"
    r"구독\s*(해지|취소)|구독하면|설정을\s*저장|^기사\s*원문$|전체\s*보기를?\s*권장|"
    r"지원하지\s*않습니다|다른\s*브라우저|섹션\s*분류|섹션으로\s*분류|"
    # what a page's widgets say when used: '링크가 복사되었습니다.', '북마크 되었습니다.'
    r"(?:링크|주소|URL)(?:가|이)\s*복사\s*되었습니다|북마크\s*되었습니다|마이페이지에서\s*확인|"
    r"삭제하시겠습니까|이름을\s*클릭하면|^덧붙이는\s*글\b|"
    rf"^{SUMMARY_HEAD}|{SUMMARY_WARNING}|"
    # a transcript's disclaimer: '실제 방송 내용과 차이가 있을 수 있으니 …'
    r"방송\s*내용과\s*(차이|다를)|"
    # a pointer to where the text came from: '기사원문은 다음의 링크에서 확인할 수 있습니다.'
    r"원문은?\s*(다음|아래|이|해당|하단)의?\s*(링크|주소|URL|사이트)|"
    # the page talking about its own widgets: '아래 버튼으로 … 복사할 수 있다.'
    r"(아래|위|하단|상단)의?\s*버튼(을|으로|을\s*눌러)|버튼을\s*(누르|눌러|클릭)\S*\s*(주세요|주십시오|보세요)"
)
# The publisher on its use of AI ('이 기사는 AI를 이용해 교정교열하고 …', 'TokenPost.ai
# 기반 언어 모델을 사용하여 기사를 요약했습니다.', '… AI로 생성한 이미지는 사진 캡션에
# 밝혀두었습니다.') and a summary's or a market note's disclaimer.
_DISCLAIMER = re.compile(
    r"^\W{0,2}(?:본|이|해당|당사의?)?\s*(?:\S{0,12}\s+){0,2}(?:기사|콘텐츠)(?:는|은)[^.]{0,80}"
    r"(?:AI|인공지능|언어\s*모델)[^.]{0,12}?(?:을|를)?\s*(?:사용|활용|이용|기반)|"
    r"(?:AI|인공지능|언어\s*모델)\S{0,3}\s*(?:을|를)?\s*(?:사용|활용|이용)\S{0,3}\s*(?:기사를?\s*)?"
    r"(?:요약|작성|번역)(?:했|하였)습니다|"
    r"(?:이미지|사진)[^.]{0,30}(?:캡션|설명)에\s*(?:밝혀|표기|명시)|"
    r"사실과\s*다를\s*수\s*있습니다|투자\s*권유(?:가|를)?\s*(?:아닙|목적|하지|하는\s*것이\s*아)|"
    r"투자\s*(?:판단|결정)의?\s*(?:책임|최종\s*책임)"
)
# emoji (and their joiners and variation selectors) opening a line
_LEAD_EMOJI = re.compile(r"^(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+\s*)+")
_JSON_LINE = re.compile(r'^\{\s*"[^"\n]{1,40}"\s*:.*\}$')
_TIMESTAMP_LINE = re.compile(
    r"^(19|20)\d{2}\s*[-./년]\s*\d{1,2}\s*[-./월]\s*\d{1,2}\s*[.일]?\s*"
    r"(\(?[월화수목금토일](요일)?\)?)?\s*(오전|오후|AM|PM)?\s*(\d{1,2}:\d{2}(:\d{2})?)?$",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    r"^\[\s*(이미지|사진|그림|영상|동영상|image|photo|video)(\s*\S{0,6})?\s*\]", re.IGNORECASE
)
# A bare address on its own line: a link card's foot ('hometax.go.kr', 'https://…').
_URL_ONLY = re.compile(
    r"^(?:https?://\S+|(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|kr|co\.kr|go\.kr|or\.kr|io)(?:/\S*)?)$",
    re.IGNORECASE,
)
# What a page's machinery leaves as a line: an ad slot's size and the blog's
# '반응형' (responsive) marker, a template's empty value
_LEFTOVER = re.compile(r"^(?:\d{2,4}\s?[x×]\s?\d{2,4}|반응형|undefined|null|NaN|None)$")
_FILE_NAME = re.compile(
    r"^(?=.*[가-힣])[^\s_]+(?:_[^\s_]+){2,}(?:\.(?:png|jpe?g|gif|webp))?$", re.I
)
_CONTENTS_HEAD = re.compile(r"^\W*(?:목차|차례|table of contents|contents)\W*$", re.I)
# a picture's file path alone on a line (a note app's attachment)
_IMAGE_PATH = re.compile(r"^[^\s<>()]*(?:[^\n<>()]*/)+[^/\n]+\.(?:png|jpe?g|gif|webp|svg)$", re.I)
# a translated post's note on its original: '이 글은 AWS … Blog의 … 를 번역한 글입니다.'
_TRANSLATED_FROM = re.compile(
    r"^(?:이|본|해당)\s?(?:글|포스트|포스팅|기사|문서)은\s.{0,200}번역(?:\s?및\s?편집)?"
    r"(?:한\s?(?:글|것|내용|기사|포스트)(?:입니다|이다)|(?:했|하였)습니다)\.?$"
)
# a numbered reference: '[3] https://www.example.com/…', '[93] 기사 제목 https://…'
_NUMBERED_URL = re.compile(r"^\[\d{1,3}\]\s*(?:[^\n]{0,200}\s)?https?://\S+$")
# a tag line, or one that opens with three tags (a plea glued after it in a crawl)
_HASHTAGS = re.compile(r"^(#\S+\s*){2,}$|^(#[^\s#]+\s+){3,}#|^#[^#\n]{1,20}(?:#[^#\n]{1,20}){2,}$")
_TAG_LINE = re.compile(
    r"^(태그|tags?|키워드)\s*(?:[:：]\s*|\s+(?=#))\S|^(태그|tags?|키워드|keywords?)\s*:?$", re.I
)
# a labelled list of tags: '추천키워드 #오픈AI #GPT5.5 …', '# 추천 키워드 # 오픈AI # 미토스'
_LABELLED_TAGS = re.compile(
    r"^#?\s*(?:추천|관련|주요)?\s*(?:태그|키워드|tags?)\s*[:：]?\s*(?:#\s*\S+\s*){2,}", re.I
)
_SYMBOLS_ONLY = re.compile(r"^[\W\d_]*$")
NAME_AND_SITE = re.compile(r"^(?P<a>[가-힣]{2,4})\s+(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|kr)$")
SIGNATURE = re.compile(r"^[–—―]\s?(?P<a>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}|[가-힣]{2,4})$")
_BYLINE_LINE = re.compile(
    r"^(작성자|작성일|기자명|글쓴이|posted|by(\s|$))|^(입력|수정|등록|업데이트)\s*([:：(]|\d|$)|"
    r"^(기사\s*)?(입력|승인)\s*[:：]?\s*\d|\d{2,4}[-.]\s?\d{1,2}[-.]\s?\d{1,2}.*(조회|댓글)|"
    r"^(출처|source)\s*[:：]|^[\[(]\s*(출처|source)\s*[:：=][^\])]{1,40}[\])]$|"
    # a desk or a writer in brackets: '[디지털투데이 AI리포터]', '[AI 에디터]'
    r"^[\[(【［][^\]\n]{0,20}(리포터|에디터|기자단)\s*[\])】］]$|"
    # a reporter or a desk in brackets on a line of its own: '[홍길동 기자]', '[디지털뉴스부]'
    # (with the outlet first: '[머니투데이 홍길동 기자]'), or the outlet alone: '[파이낸셜뉴스]'
    r"^[\[(【<［]\s*((?:[가-힣A-Za-z0-9]{2,10}\s*=?\s+)?[가-힣]{2,4}(\s*[·,]\s*[가-힣]{2,4})*\s*"
    r"(기자|특파원|통신원)|[가-힣A-Za-z0-9]{1,10}(뉴스|일보|신문|경제|데일리|타임스|투데이|비즈|TV)|"
    r"[가-힣A-Za-z]{1,10}(뉴스부|편집부|취재부|부|팀|데스크))\s*[\])】>］]$|"
    r"^[가-힣]{2,4}(\s+[가-힣A-Za-z]{2,12})?\s*(기자|특파원|통신원|객원기자|선임기자|캐스터|리포터)\s*"
    r"([(\[<]?\s*[\w.+-]+@[\w-]+(\.[\w-]+)+\s*[)\]>]?)?\s*$|"
    # the desk after the name: '홍길동 기자 산업1부'
    r"^[가-힣]{2,4}\s?기자\s+[가-힣A-Za-z]{1,8}\d?(부|팀|국|센터|본부)$|"
    # a byline for several: '홍길동 기자 외 1명'; a magazine's credit: 'Text. 홍길동 교수'
    r"^[가-힣]{2,4}\s?기자\s?외\s?\d+\s?명$|^(?:Text|Photo|Editor|Words|글|사진|에디터)\s?[.:]\s?[가-힣]{2,4}(?:\s|$)|"
    r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$|^[가-힣]{2,4}\s*[(<\[]\s*[\w.+-]+@[\w-]+(\.[\w-]+)+\s*[)>\]]$|"
    # a broadcast's hand-off and sign-off: '홍길동 기자의 보도입니다.', 'YTN 홍길동입니다.',
    # and its credit 'YTN 홍길동 (hong@ytn.co.kr)'
    r"^\S{1,10}\s[가-힣]{2,4}\s*(기자|특파원)?\s*[(<\[]\s*[\w.+-]+@[\w-]+(\.[\w-]+)+\s*[)>\]]$|"
    # a name or an outlet, then when: '홍길동 기자 2026.04.29 (수) 22:27', '토큰포스트 2026.04.15 00:06'
    r"^(?:\S{1,12}\s+){1,3}(19|20)\d{2}[-./]\s?\d{1,2}[-./]\s?\d{1,2}\.?\s*(\([월화수목금토일]\))?\s*"
    r"\d{1,2}:\d{2}(:\d{2})?$|"
    # a date line glued to a section name: '컴퓨팅입력 :2025/11/14 10:55 수정: …'
    r"^.{0,12}(입력|수정|등록|승인|게재|송고|업데이트|발행일)\s*[:：]?\s*(19|20)?\d{2}\s*[-./년]\s?\d{1,2}\s*[-./월]|"
    # a programme's card: '□ 방송일시 : 2023년 4월 10일', '□ 진행 : 홍길동 변호사'
    # and a report's on-screen captions: '▶ 인터뷰 : 홍길동 / 회사원', '▶ 스탠딩 : 홍길동 / 기자'
    r"^[□■◇◆○●▶-]?\s*(방송\s*(일시|일자|날짜|시간)|진행자?|출연자?|대담)\s*[:：]|"
    r"^[□■◇◆○●▶-]?\s*(인터뷰|스탠딩|녹취|현장음|싱크)\s*[:：]\s*[^/]{1,20}/.{1,30}$|"
    # a broadcast's crew: '영상취재 : 홍길동 기자', '[영상편집 홍길동]', '영상편집:홍길동'
    r"^([<\[(【]\s*(영상\s*)?(취재|촬영|편집|그래픽|자료\s*조사|디자인|CG)(\s*기자)?\s*[:：]?|"
    r"(영상\s*)?(취재|촬영|편집|그래픽|자료\s*조사|디자인|CG)(\s*기자)?\s*[:：]|영상\s*(취재|촬영|편집))\s*"
    r"[가-힣]{2,4}(\s*(기자|PD))?((?:\s*[,·/]\s*|\s+)[가-힣]{2,4}(\s*(기자|PD))?)*\s*[>\])】]?$|"
    # a reporter's card: '기자 프로필', '…사회부 사건팀 홍길동 기자입니다.'
    r"^(기자|작성자)\s*(프로필|정보)$|^[가-힣]{2,4}\s*기자\s*\+?\s*(구독|팔로우|의\s*다른\s*기사)|"
    # an address a page hid from crawlers ('[email protected]'), a portal's follow button
    r"^\[email\s*protected\]$|^(?:네이버|다음|카카오)\s*채널\s*구독$|구독자\s*[\d,]+|"
    # a newsroom's tip line: '연합뉴스TV 기사문의 및 제보 : 카톡/라인 jebo23'
    r"^.{0,15}(?:기사\s?)?문의\s?및\s?제보\s?[:：]|^.{0,15}제보\s?[:：]\s?(?:카톡|카카오톡|이메일|전화|라인)|"
    # a few words and an address closing them: '◎공감언론 뉴시스 hong@newsis.com'
    r"^[^.?!]{1,30}\s(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[email\s*protected\])$|"
    r"기자의?\s*(다른\s*)?기사\s*(모음|더\s*보기|목록)$|"
    # a broadcast's credits: '<출연 : 홍길동 교수>', '[앵커]', '<앵커 멘트>'
    r"^[<\[(【]\s*(출연|진행|앵커|기자|리포터|리포트|취재|촬영|영상\s*편집|편집|그래픽|연출|구성|인터뷰|녹취|"
    r"현장음|자막)\s*([:：].*)?\s*[>\])】]$|"
    # a post signed with a dash: '– Brian Beach', '— Danilo'; a reporter and the
    # outlet's address: '이재영 gqkorea.co.kr'
    + "|".join(p.pattern.replace("?P<a>", "") for p in (SIGNATURE, NAME_AND_SITE))
    # an editor's credit under a reposted article: 'edited by kcontents'
    + r"|^(?:edited|written|compiled|translated|curated)\s+by\s+\S.{0,30}$|"
    # a columnist's name and title alone on a line: '홍길동 상임논설고문'
    r"^[가-힣]{2,4}\s*(상임|수석|선임|객원)?\s*(논설위원|논설고문|논설실장|칼럼니스트|편집위원|"
    r"대기자|주필|전문기자)$",
    re.IGNORECASE,
)

# Bylines worded as sentences: a reporter's card ('…사회부 홍길동 기자입니다.'), a
# broadcast's hand-off and sign-off ('홍길동 기자의 보도입니다.', 'YTN 홍길동입니다.').
_BYLINE_SENTENCE = re.compile(
    r"^.{0,40}(기자|특파원|에디터)입니다\.?$|"
    r"^[가-힣]{2,4}\s*(기자|특파원)(가|의)\s*(보도|전해\s*드립니다|보도입니다|취재했습니다).{0,6}$|"
    # a broadcaster's sign-off: 'YTN 홍길동입니다.', 'KBS 뉴스 홍길동입니다.',
    # '베이징에서 연합뉴스TV 홍길동입니다.', '지금까지 사회부에서 전해드렸습니다.'
    r"^(\S{1,10}에서\s*)?([A-Z]{2,6}|\S*(뉴스|TV|방송)\S*)(\s*뉴스)?\s*[가-힣]{2,4}입니다\.?$|"
    r"^지금까지\s.{0,30}전해\s*드렸습니다\.?$|"
    # an anchor's hand-off: '취재기자 연결합니다. 홍길동 기자!'
    r"^.{0,30}연결(합니다|하겠습니다|해\s*보겠습니다)\.?\s*[가-힣]{2,4}\s*(기자|특파원)[!?.]?$"
)

# Sentence endings: a Hangul syllable then . ? !, or the end of a quotation.
_SENTENCE_END = re.compile(r"[가-힣][.?!](?=\s|$|[\"”’'\)])|[다요죠까][\"”’']|[.?!][\"”’']")
_PROSE_END = re.compile(r"[가-힣][.?!][\"”’')]?$")
_WORD = re.compile(r"\S+")

# Inline junk at the edges of a body paragraph.
_DATELINE = re.compile(
    r"^\s*[\[(【［]\s*(?!사진|그림|자료|영상|그래픽|출처|제공)"
    r"[가-힣]{1,8}(?:\s*·\s*[가-힣]{1,8})*\s*=\s*[^\]\)】］\n]{1,20}[\])】］]\s*"
    r"(?:[가-힣]{2,4}(?:\s*[·,]?\s*[가-힣]{2,4})*\s*(?:기자|특파원|통신원)\s*=?\s*)?"
    r"|^\s*[가-힣]{2,4}(?:\s*·\s*[가-힣]{2,4})*\s*(?:기자|특파원)\s*=\s*"
    # a columnist's name and title glued before the first sentence: '홍길동 상임논설고문정부가 …'
    r"|^\s*[가-힣]{2,4}\s*(?:상임|수석|선임|객원)?\s*(?:논설위원|논설고문|논설실장|칼럼니스트|주필)\s*"
)
_TRAILER = re.compile(
    r"\s*[\[(]?\s*(?:[가-힣]{1,8}\s*=\s*)?(?<![가-힣])[가-힣]{2,4}(?:\s+[가-힣A-Za-z]{2,12})?\s*"
    r"(?:기자|특파원|통신원)\s*[\])]?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$"
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
    soft: bool = False  # a sentence cut from a run-on line: it continues the one before


# A space written as an HTML entity ('&nbsp;안녕하세요', a Jekyll post's indent): at a
# line's edge it is the line's margin, not its text.
_EDGE_SPACE = re.compile(r"^(?:\s|&(?:nbsp|ensp|emsp|thinsp|#160|#xa0|#x20);)+", re.IGNORECASE)
_EDGE_SPACE_END = re.compile(r"(?:\s|&(?:nbsp|ensp|emsp|thinsp|#160|#xa0|#x20);)+$", re.IGNORECASE)


def _split_lines(raw: str) -> list[_Line]:
    lines = []
    pos = 0
    for chunk in raw.split("\n"):
        stripped = chunk.strip()
        if stripped and "&" in stripped:
            m = _EDGE_SPACE.match(chunk)
            lead = m.end() if m else 0
            m = _EDGE_SPACE_END.search(chunk, lead)
            stripped = chunk[lead : m.start() if m else len(chunk)]
            if stripped:
                lines.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        elif stripped:
            lead = len(chunk) - len(chunk.lstrip())
            lines.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(chunk) + 1
    return lines


def _key(text: str) -> str:
    """Compare lines ignoring spaces, punctuation and case."""
    return re.sub(r"[\W_]+", "", text).lower()


def sentence_endings(text: str) -> int:
    return len(_SENTENCE_END.findall(text))


# A summary's sentence ending in a noun form ('…제한은 2500임', '…출시 가격의 1/10로
# 인하됨'): a particle earlier, and the verb nominalised at the end.
_NOMINAL_SENTENCE = re.compile(
    r"(?:[은는이가을를의에와과도만]|에서|으로|로)\s.*\S(?:임|됨|함|음)\.?$"
)


def nominal_sentence(text: str) -> bool:
    """Kiwi decides the last word: '적용됨', '2500임' end in the nominalising ㅁ,
    '패러다임', '게임', '모음' are just nouns."""
    if len(_WORD.findall(text)) < 4 or not _NOMINAL_SENTENCE.search(text):
        return False
    word = _WORD.findall(text)[-1].strip("*_`")
    try:
        return _nominalised(word)
    except Unavailable:  # a first look without Kiwi: only the unambiguous endings
        return word.rstrip(".").endswith(("됨", "함"))


@lru_cache(maxsize=8192)
def _nominalised(word: str) -> bool:
    from .morph import kiwi

    tokens = [t for t in kiwi().tokenize(word) if t.tag != "SF"]
    return bool(tokens) and tokens[-1].tag in ("EF", "ETN") and tokens[-1].form in ("ᆷ", "음")


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
        or nominal_sentence(text)
    )


_PREDICATE_END = re.compile(r"[다요죠까니냐][.?!…]|[다요죠까][\"”’']|[다요]$")


def is_prose(text: str) -> bool:
    """Sentences ending as Korean prose does (…했다. …까?): what the guard protects.
    A caption ending in a noun ('…고발 사진.') is body-shaped but not prose."""
    return is_body(text) and (bool(_PREDICATE_END.search(text)) or nominal_sentence(text))


# A field label standing alone, its value on the next line ('제목:', '내용:', '출처:').
FIELD_LABEL = re.compile(
    r"^(제목|내용|본문|출처|작성자|글쓴이|날짜|작성일|일시|기자|title|content|body|text|source|"
    r"author|date|url)\s*[:：]\s*$",
    re.IGNORECASE,
)
_TITLE_FIELD = re.compile(r"^(?:제목|title)\s*[:：]\s*(?P<t>\S.*)?$", re.IGNORECASE)


def line_reason(text: str) -> str | None:
    """Why a whole line is site chrome, from vocabulary and shape alone; None if not."""
    if MD_TABLE_ROW.match(text):
        # a markdown table's rule row is markup; a row of two or more cells is the
        # post's own table (one cell may be a label: '| 키워드 | …'), not a tag line
        return "markup" if not re.search(r"[^|:\-\s]", text) else None
    if "<" in text:  # '* <a href="…">https://…</a>': what a reader sees of it
        text = _HTML_TAG.sub("", text).strip() or text
    text = text.strip("| ")  # a table cell's borders ('| caption (사진=…) |') say nothing
    item = bool(_MD_LIST_MARK.match(text))
    text = _MD_LIST_MARK.sub("", text)  # nor does a list mark ('- 기자 정보')
    text = _LEAD_EMOJI.sub("", text) or text  # nor an emoji as a label's icon ('🏷️ 태그: …')
    heading = text.startswith("#")  # an author's heading is never a button
    text = re.sub(r"^#{1,6}\s+|\s+#{1,6}$", "", text) or text  # '##### Source: X #####'
    link = _SINGLE_LINK.match(text)
    if link:  # '#### [댓글 2개](https://…)': judged by the words a reader sees
        text = link["a"].strip(" *_") or text
    low = text.lower()
    if FIELD_LABEL.match(text):
        return "field-label"
    if _JSON_LINE.match(text):
        return "markup"  # '{"title":"…","source":"https://…",…}': a page's data, not text
    if _TIMESTAMP_LINE.match(text):
        return "byline"  # '2018. 12. 22. 21:34' alone: when it was posted
    if re.match(rf"^(?:\*\*|__)?{SOURCE_LABEL}\s*[:：]", text, re.IGNORECASE) and len(text) <= 300:
        return "byline"  # a credit, never prose, however long its citation
    if _ADVERT.search(text) and len(text) <= 200:
        return "advert"
    if _NOTICE.search(text) and len(text) <= 120:
        return "notice"
    if _DISCLAIMER.search(text) and len(text) <= 300:
        return "notice"
    if _URL_ONLY.match(text) or _NUMBERED_URL.match(text):
        return "link-list"
    if _LEFTOVER.match(text):
        return "markup"  # '728x90', 'undefined': an ad slot's size, an exporter's blank
    if _FILE_NAME.match(text):
        return "image"  # '팔란티어_주가_최근1년': a picture's file name shown as its caption
    if _CONTENTS_HEAD.match(text):
        return "navigation"  # '▣ 목차 ▣': a post's table of contents
    if _IMAGE_PATH.match(text):
        return "image"  # '03 Attachments/…/799-001-img1.png': a note's embedded picture
    if _TRANSLATED_FROM.search(text) and len(text) <= 300:
        return "notice"
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
        re.match(r"[※▶☞■●◆]|\*(?!\*)", text) or (_PLEA_REQUEST.search(text) and words <= 40)
    ):
        return "subscribe-plea"
    if _COMMENTS.match(text):
        return "comments"
    if _CAPTION.search(text) and len(text) <= 300:
        return "photo-credit"
    if _IMAGE_SOURCE.search(text) and len(text) <= 200:
        return "photo-credit"
    if _CAPTION_END.search(text) and len(text) <= 150 and not _SENTENCE_END.search(text[:-1]):
        return "photo-credit"
    if _BREADCRUMB.match(text):
        return "navigation"
    if _HASHTAGS.match(text) or _LABELLED_TAGS.match(text):
        return "keyword-stuffing"  # '#AI #반도체 #중국 …', whatever is glued after the tags
    if _BRACKETED_CREDIT.match(text) and len(text) <= 40:
        return "photo-credit"  # '(사진=연합뉴스)', '〈사진=연합뉴스〉'
    if _wholly_bracketed(text):
        return "aside"  # '(끝)', '(Scatterplots with …)': a caption or an editor's note
    if _MARKUP_LINE.match(text) and len(text) >= 20:
        return "image"
    if _SHARE.match(low):  # however long: nothing but buttons
        return "share-buttons"
    if is_body(text) and not _PHOTO_CREDIT_TAIL.search(text):
        return None
    if _SYMBOLS_ONLY.match(text) and re.search(r"[-+–]", text):
        return "share-buttons"
    if _NAVIGATION.match(text):
        return "navigation"
    if _BYLINE_LINE.search(text):
        return "byline"
    if _RELATED_HEAD.search(text) and words <= 8:
        return "related-list"
    if _TAG_LINE.match(text):
        return "keyword-stuffing"
    if _REACTIONS.match(text) or _REACTION_ROW.match(text):
        return "reactions"
    if _doubled(text):
        return "photo-credit"
    credit = _PHOTO_CREDIT_TAIL.search(text)
    # '- 모든 기능 무료 제공': a list item offering something, not a picture's credit
    if credit and len(text) <= 250 and not (item and credit.group(0).strip().endswith("제공")):
        return "photo-credit"
    if re.match(r"^[•·∙◦▪●\-*]\s*\d+$", text):
        return "navigation"
    if _VIDEO_FACT.match(text) and words <= 12:
        return "notice"
    if _UI_ACTION.search(text) and (words <= 6 or text[:1] in "▶☞→>([【") and not heading:
        return "navigation"  # 글자 크기 변경하기, SNS 보내기, ▶ … 바로가기
    return None


def _wholly_bracketed(text: str) -> bool:
    """A line inside one pair of parentheses, the first one closing at the very end
    ('(끝)', '(이 기사는 … 작성됐습니다.)'); not '(주)연합뉴스 … (수송동)'."""
    if len(text) < 3 or text[0] not in "(（" or text[-1] not in ")）":
        return False
    depth = 0
    for k, ch in enumerate(text):
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth == 0:
            return k == len(text) - 1
    return False


def _menu_row(text: str) -> bool:
    """A row of section names: many short words and no punctuation a sentence has
    (and, by Kiwi, no particle or ending: the caller checks)."""
    if (
        _MD_LIST_MARK.match(text)
        or text[:1] == "#"
        or unicodedata.category(text[:1] or " ") == "So"
    ):
        return False  # '- 실습 중심 교육 강화', '🧩 실전 모의고사 완벽 지원': a post's own list or heading
    words = _WORD.findall(text)
    return (
        len(words) >= 5
        and all(len(w) <= 6 for w in words)
        and not re.search(r"[,.?!…·\"'“”‘’()\[\]%\d=+×]", text)  # section names carry no number
    )


def _doubled(text: str) -> bool:
    """'연합뉴스연합뉴스': a credit printed twice (image alt text plus caption)."""
    t = text.replace(" ", "")
    half = len(t) // 2
    return len(t) >= 4 and len(t) % 2 == 0 and t[:half] == t[half:] and len(t) <= 40


# --- markdown -------------------------------------------------------------------------

_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>\n]{0,300})?/?>")
_CODE_FENCE = re.compile(r"^(?:```|~~~)[\w+#.-]*$")
# A row of a markdown table with two or more cells: '| 슬로건 | … | … |'.
MD_TABLE_ROW = re.compile(r"^\|(?:[^|\n]*\|){2,}\s*$")
_SINGLE_LINK = re.compile(r"^\[(?P<a>[^\]\n]+)\]\([^)\n]*\)$")

# kramdown's attribute list after an element: '{: .align-center}', '{: width="70%"}'
_IAL = r"\{:[^}\n]*\}"
_MD_IMAGE_LINE = re.compile(
    r"^(?:\[)?!\[[^\]\n]*\]\([^)\n]*\)(?:\]\([^)\n]*\))?(?:\s*" + _IAL + r")*$"
    r"|^!\[\[[^\]\n]+\]\]$"  # a note app's embed: '![[03 Attachments/img1.png]]'
)
# A line of markup alone: kramdown attributes ('{: .notice--info}'), HTML tags
# ('<br>', '<br><br>', '</div>'), comments ('<!-- … -->'), entities ('&nbsp;'): no text.
MD_MARKUP_LINE = re.compile(
    r"^(?:\s*(?:"
    + _IAL
    + r"|</?[a-zA-Z][^<>\n]{0,200}>|<!--.*?-->|&(?:[a-zA-Z]{2,8}|#\d{1,6});))+\s*$"
)
_MD_LINK_ITEM = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")
_MD_TAG_ITEM = re.compile(r"\[#[^\]\n]+\]\([^)\n]*\)")
_MD_LIST_MARK = re.compile(r"^(?:\\?[-*+]|\d{1,3}[.)])\s+")  # '\\- ' escaped by a converter
# Inline markup inside a kept paragraph: cut out, so the text reads plainly and the
# removed spans still point into the raw text.
_MD_INLINE = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)"  # an inline image
    r"|\]\([^)\n]*\)"  # the target of a link: '](https://…)'
    r"|\[(?=[^\]\n]*\]\()"  # the opening bracket of a link
    r"|\*\*|__|`"
    r"|^#{1,6}\s+|^>\s*|^\\?(?:[-*+])\s+(?=\S)"
    # HTML inside markdown: a tag ('<a href="…">', '</a>', '<br>'), kramdown attributes
    r"|</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>\n]{0,300})?/?>|" + _IAL + r""
    # a backslash escaping a markdown sign ('\\+', '\\*')
    r"|\\(?=[!-/:-@\[-`{-~])"
)
# An HTML entity in markdown ('&nbsp;', '&amp;'): cut, and the character it stands for
# put in its place.
MD_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,5});")


# a link's definition, which markdown never shows: '[1]: https://… "title"'
_MD_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(?:<\S+>|\S+)(?:\s+[\"'(].*[\"')])?\s*$")


def markdown_reason(text: str) -> str | None:
    """Lines that are markdown chrome: an image, a list of links, a list of tags."""
    if _MD_IMAGE_LINE.match(text):
        return "image"
    if MD_MARKUP_LINE.match(text) or _CODE_FENCE.match(text) or _MD_LINK_DEFINITION.match(text):
        return "markup"
    rest = _MD_LIST_MARK.sub("", text)
    tags = _MD_TAG_ITEM.findall(rest)
    if tags and not _MD_TAG_ITEM.sub("", rest).strip(" ,·|"):
        return "keyword-stuffing"
    links = _MD_LINK_ITEM.findall(rest)
    # measured on what a reader sees: a link's words, not its address
    anchors = [a[a.find("[") + 1 :].split("](")[0] for a in links]
    outside = len(_MD_LINK_ITEM.sub("", rest).strip(" ,·|-–—"))
    visible = outside + sum(len(a) for a in anchors)
    sentence = any(len(a) >= 60 and len(_WORD.findall(a)) >= 8 for a in anchors)
    if links and outside <= 0.25 * visible and not sentence:
        return "link-list"
    # a link whose words are a button's ('[Click here to watch Video](…)', '[바로가기](…)')
    buttons = [a for a, link in zip(anchors, links, strict=True) if not link.startswith("!")]
    if any(_UI_ACTION.search(a.strip(" *_")) for a in buttons) and not is_prose(rest):
        return "navigation"
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
