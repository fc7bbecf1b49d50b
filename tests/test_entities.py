"""Entities on sentences written for the tests: names a Korean business reader knows,
cues that transfer to names nobody listed, and text that must not yield a name."""

import json
import sys

import pytest
from conftest import ROOT

from dsreader.analysis import analyze_text


def entities(text):
    _, found = analyze_text(text)
    for e in found:
        assert text[e.start : e.end] == e.text  # offsets into the original string
    return [(e.text, e.type) for e in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        # securities firms, banks, research firms Kiwi splits or tags as common nouns
        (
            "NH투자증권과 KB국민은행, 카운터포인트리서치가 전망을 내놨다.",
            [("NH투자증권", "ORG"), ("KB국민은행", "ORG"), ("카운터포인트리서치", "ORG")],
        ),
        # Korean spellings of foreign executives and officials, with compound titles
        (
            "리사 수 AMD CEO와 스콧 베선트 재무장관이 만났다.",
            [("리사 수", "PERSON"), ("AMD", "ORG"), ("스콧 베선트", "PERSON")],
        ),
        # heavy industry and research institutes
        (
            "HD현대중공업과 한국개발연구원(KDI)이 손잡았다.",
            [("HD현대중공업", "ORG"), ("한국개발연구원", "ORG"), ("KDI", "ORG")],
        ),
    ],
)
def test_names_a_business_reader_knows(text, expected):
    assert entities(text) == expected


def test_multi_word_names_survive_our_user_words():
    # multi.dict keeps 젠슨 황 whole only while Kiwi's user words leave it room
    assert entities("젠슨 황의 발언과 제롬 파월의 발언이 나왔다.") == [
        ("젠슨 황", "PERSON"),
        ("제롬 파월", "PERSON"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "범용 인공지능(Artificial General Intelligence)의 단계는 Emerging, Expert 순이다.",
        "캐시가 늘고 쿼리가 줄었다. 유튜버가 리소스를 아꼈다.",  # loanwords Kiwi calls NNP
        "KV 캐시와 VRAM, LLMs를 썼다.",  # acronyms that name no organisation
        "이 전 대표가 말했다.",  # a surname alone stands for someone named before
        "Step 1: Fine-tuning으로 시작합니다.",  # a blog's heading, an English compound
    ],
)
def test_glosses_loanwords_and_acronyms_are_not_names(text):
    assert entities(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # Korean names Kiwi does not know: cut into syllables, or read as words
        ("김규민을 땅볼로 잡았다.", [("김규민", "PERSON")]),
        (
            "오는 9월 이원석 검찰총장의 임기가 끝난다.",
            [("9월", "DATE"), ("이원석", "PERSON"), ("검찰", "ORG")],
        ),
        ("변상권에게 안타를 맞았다.", [("변상권", "PERSON")]),
        # an office with its head's title glued on; a legal form glued to a name
        (
            "이창수 전주지검장이 ㈜디지털이엠씨를 찾았다.",
            [("이창수", "PERSON"), ("전주지검", "ORG"), ("㈜디지털이엠씨", "ORG")],
        ),
        # a product line and its model words; ranges with one unit
        (
            "갤럭시 S25 울트라는 30~50% 비싸다.",
            [("갤럭시 S25 울트라", "PRODUCT"), ("30~50%", "PERCENT")],
        ),
        # a company's name ending in a word after a space
        (
            "퍼싱스퀘어 캐피탈 매니지먼트와 구글 리서치가 참여했다.",
            [("퍼싱스퀘어 캐피탈 매니지먼트", "ORG"), ("구글 리서치", "ORG")],
        ),
        # a listed name Kiwi tags as a common noun; a known organisation's unit
        (
            "국방부 조사본부와 해병대 1사단이 나섰다.",
            [("국방부 조사본부", "ORG"), ("해병대 1사단", "ORG")],
        ),
        # dates as web pages write them
        ("2025-11-14 발표와 2025/11/14 회의", [("2025-11-14", "DATE"), ("2025/11/14", "DATE")]),
        # districts and landmarks; university short names
        (
            "서초동과 경복궁, 인하대에서 열렸다.",
            [("서초동", "LOC"), ("경복궁", "LOC"), ("인하대", "ORG")],
        ),
        # common nouns under an institution's head; a group's company named whole
        (
            "사법연수원과 중앙선거관리위원회, 효성인포메이션시스템이 참여했다.",
            [("사법연수원", "ORG"), ("중앙선거관리위원회", "ORG"), ("효성인포메이션시스템", "ORG")],
        ),
        # a coined name in quotes with its Latin original is what was launched
        (
            "연구소는 ‘젠토리아(Zentoria)’를 내놨다.",
            [("젠토리아", "PRODUCT"), ("Zentoria", "PRODUCT")],
        ),
    ],
)
def test_rules_for_names_nobody_listed(text, expected):
    assert entities(text) == expected


def test_a_quoted_new_name_beside_its_kind_is_a_product_everywhere():
    found = entities(
        "연구진은 압축 기법 ‘젠토 매칭(Zento Matching)’을 공개했다.\n\n"
        "젠토 매칭은 메모리를 줄인다. 정부는 기술 '혁신'을 강조했다."
    )
    assert found == [
        ("젠토 매칭", "PRODUCT"),
        ("Zento Matching", "PRODUCT"),
        ("젠토 매칭", "PRODUCT"),  # unquoted, in the next paragraph
    ]  # and one everyday word in quotes ('혁신') is no name


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "다부스(DABUS)라는 인공지능이 특허를 냈다.",
            [("다부스", "PRODUCT"), ("DABUS", "PRODUCT")],
        ),
        ("젠토리아라는 회사가 문을 열었다.", [("젠토리아", "ORG")]),
        # a foreign name in two words with its original spelling in brackets
        (
            "클레오 아브람(Cleo Abram)이 물었다.",
            [("클레오 아브람", "PERSON"), ("Cleo Abram", "PERSON")],
        ),
    ],
)
def test_what_a_name_is_called_types_it(text, expected):
    assert entities(text) == expected


def test_a_short_form_is_typed_by_the_full_name_in_another_paragraph():
    found = entities("에디슨 러셀이 타석에 섰다.\n\n러셀 타석에서 도루가 나왔다.")
    assert found.count(("러셀", "PERSON")) == 1 and ("에디슨 러셀", "PERSON") in found


@pytest.mark.parametrize(
    "text, expected",
    [
        # wire bylines: the outlet and the reporter, whose name Kiwi cuts into syllables
        (
            "[서울=뉴시스]윤하람 기자 = 회사가 새 제품을 공개했다.",
            [("서울", "LOC"), ("뉴시스", "ORG"), ("윤하람", "PERSON")],
        ),
        (
            "[머니투데이 곽다온 기자] 정부가 예산을 늘렸다.",
            [("머니투데이", "ORG"), ("곽다온", "PERSON")],
        ),
        ("예산은 늘었다.\n\n편무진 기자 pyeon@example.co.kr", [("편무진", "PERSON")]),
        # an unknown name before what only organisations have
        ("퀀티젠 연구진은 새 결과를 냈다.", [("퀀티젠", "ORG")]),
        # a new foreign name introduced with its original, and its later mentions
        (
            "회사는 새 AI 모델 노바리스(Novaris)를 출시했다. 노바리스는 빠르다.",
            [("노바리스", "PRODUCT"), ("Novaris", "PRODUCT"), ("노바리스", "PRODUCT")],
        ),
        ("AI 스타트업 렌티코(Lentico)가 투자를 받았다.", [("렌티코", "ORG"), ("Lentico", "ORG")]),
        # amounts written with a space after the big unit
        (
            "1억 2천만 달러와 3조 5000억원을 썼다.",
            [("1억 2천만 달러", "MONEY"), ("3조 5000억원", "MONEY")],
        ),
        ("10기가와트 규모다.", [("10기가와트", "QUANTITY")]),
        # a name with its Hanja original after a kind word; a quoted name after AI/ERP
        ("생성형 AI 루오신(洛心)이 나왔다.", [("루오신", "PRODUCT"), ("洛心", "PRODUCT")]),
        ("웹 기반 ERP '온카르타'가 팔렸다.", [("온카르타", "PRODUCT")]),
        # a list of quoted names before their kind; a name 'like' a kind of thing
        (
            "'루미노 노트', '카렐리아' 등 주요 AI 제품군이 팔렸다.",
            [("루미노 노트", "PRODUCT"), ("카렐리아", "PRODUCT")],
        ),
        ("퀀티젠 같은 기업들이 늘었다.", [("퀀티젠", "ORG")]),
        # a name typed by a cue once is a name wherever it stands as a word
        (
            "방송인 이경수가 출연했다. 해당 영상에서 이경수는 놀랐다.",
            [("이경수", "PERSON"), ("이경수", "PERSON")],
        ),
        # a name whose surname Kiwi reads as a root or adverb (엄/XR, 채/MAG), with an age
        ("엄태웅(32)은 체포됐다.", [("엄태웅", "PERSON")]),
        ("채윤서(41)는 말했다.", [("채윤서", "PERSON")]),
        ("채민준 씨는 웃었다.", [("채민준", "PERSON")]),
        # what has surroundings is a place
        ("공장은 선전 룽강취안 일대에 있다.", [("선전", "LOC"), ("룽강취안", "LOC")]),
        # an occupation right before a name nobody listed
        ("일본 유튜버 모로키가 영상을 올렸다.", [("일본", "LOC"), ("모로키", "PERSON")]),
        # a body named by common nouns after a place, ending in its head
        ("부산청년창업지원협의회가 문을 열었다.", [("부산청년창업지원협의회", "ORG")]),
        # an unknown acronym whose person is named next is the person's employer
        (
            "BTIG의 줄리안 에마뉴엘 애널리스트는 말했다.",
            [("BTIG", "ORG"), ("줄리안 에마뉴엘", "PERSON")],
        ),
        # an institution Kiwi knows as one word is no district, though it ends in 구
        ("국제박람회기구 실사단이 왔다.", [("국제박람회기구", "ORG")]),
        # units of tech and everyday coverage
        (
            "논문 16편, 200W 전력, 128K 토큰, 685B 파라미터, 16kcal 열량.",
            [("16편", "QUANTITY"), ("200W", "QUANTITY"), ("128K", "QUANTITY")]
            + [("685B", "QUANTITY"), ("16kcal", "QUANTITY")],
        ),
        # a party, also with a word glued before a known party's name
        ("자유한국당 의원과 우리공화당 대표.", [("자유한국당", "ORG"), ("우리공화당", "ORG")]),
        # a Latin unit that ends the sentence (Kiwi keeps the full stop on it)
        ("용량은 8TB. 전력은 200W.", [("8TB", "QUANTITY"), ("200W", "QUANTITY")]),
        # a maker's model code after its name is one product
        (
            "DeepSeek V3는 딥시크 R1보다 싸다.",
            [("DeepSeek V3", "PRODUCT"), ("딥시크 R1", "PRODUCT")],
        ),
        # ... and one a company owns is its product
        ("알리바바의 Hanguang 칩이 나왔다.", [("알리바바", "ORG"), ("Hanguang", "PRODUCT")]),
    ],
)
def test_general_cues_for_unseen_text(text, expected):
    assert entities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "기자 간담회에서 그는 말했다.",  # 기자 alone is no byline
        "트랜스포머(Transformer) 구조를 썼다.",  # an English gloss, not a name
        "소프트웨어(SaaS) 매출이 늘었다.",  # a dictionary noun glossed
        "데이터센터와 고객센터, 건설공사 현장.",  # heads in common words
        "'혁신', '도전' 등 주요 가치를 내세웠다.",  # quoted everyday words in a list
        "새 보드는 VRM과 SXM 모듈을 바꿨고 MLA를 쓴다.",  # tech acronyms nobody introduced
        "Jevons의 역설이 다시 거론된다.",  # a capitalised surname or term, no cue
        "채용된 사람들에게는 유연성이 주어진다.",  # a plural before 에게 is no name
    ],
)
def test_general_cues_do_not_fire_on_common_words(text):
    assert [e for e in entities(text) if e[1] in ("PERSON", "ORG", "PRODUCT")] == []


def test_score_pages_counts_boilerplate_and_lost_body(tmp_path):
    """Entities in a kept related-article list are false positives; body text the
    cleaner dropped costs its gold mentions (the figures bench_quality reports)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_entities import score_pages

    from dsreader.article import CleanArticle, Metadata

    site = tmp_path / "example.com"
    site.mkdir()
    body = [
        "삼성전자는 이날 새 칩을 공개했다고 밝혔다. 엔비디아도 비슷한 칩을 내놓았다.",
        "업계에서는 이번 발표가 시장 판도를 바꿀 것이라는 평가가 나왔다.",
    ]
    page = "\n\n".join(body) + "\n\n관련기사\n\nSK하이닉스 주가 급등, 투자자 환호"
    (site / "a.txt").write_text(page, encoding="utf-8")
    gold = {"body": body, "entities": [["삼성전자", "ORG"], ["엔비디아", "ORG"]]}
    (site / "a.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")

    def keeping(paragraphs: int | None):
        """A stand-in cleaner that keeps every line, or only the last `paragraphs`."""

        def clean(raw):
            kept = raw.text.split("\n\n")[-paragraphs:] if paragraphs else [raw.text]
            text = "\n\n".join(kept)
            return CleanArticle(raw.id, raw.path, raw.text, text, (), Metadata())

        return clean

    result = score_pages(tmp_path, cleaner=keeping(None))
    figures = result["sites"]["example.com"]
    assert (figures["tp"], figures["fn"]) == (2, 0)
    assert figures["fp_outside"] == 1  # SK하이닉스, from the related-article list
    assert result["micro"]["precision"] == round(2 / 3, 3)
    # the extractor alone, on the gold body: nothing outside it to find
    alone = score_pages(tmp_path, gold_body=True)["micro"]
    assert (alone["precision"], alone["recall"]) == (1.0, 1.0)
    # a cleaner that lost the first paragraph lost its two mentions
    lost = score_pages(tmp_path, cleaner=keeping(3))["micro"]
    assert (lost["fn_lost"], lost["recall"]) == (2, 0.0)


@pytest.mark.parametrize(
    "text",
    [
        # class names in a developer's post are code, not products
        "UserRepository를 주입하면 NullPointerException이 나고 DataNode가 멈춘다.",
        "InMemory 구현과 user_id 필드, findById 메서드를 쓴다.",
        "응답의 Content-Type 헤더를 확인한다.",
        # loanword common nouns: in Kiwi's dictionary as names, or unseen with a particle
        "레거시 코드의 가독성을 높이고 브랜딩을 했다.",
        "스케줄러가 작업을 나누고 커스터마이징이 쉽다.",
        "ODM 업체와 CDN, RAID 구성을 바꿨다.",  # trade and infrastructure acronyms
        # an acronym used as a kind of thing: data centres, not the research firm IDC
        "데이터를 여러 IDC에 나눠 두고, 각 IDC 간 복제를 한다.",
    ],
)
def test_technical_writing_yields_no_false_names(text):
    assert [e for e in entities(text) if e[1] in ("PERSON", "ORG", "LOC", "PRODUCT")] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # a blogger introducing themselves, and the employer before their team
        ("안녕하세요 도토리입니다. 오늘은 설치기입니다.", [("도토리", "PERSON")]),
        (
            "안녕하세요? Acmecorp 플랫폼팀 김하늘입니다.",
            [("Acmecorp", "ORG"), ("김하늘", "PERSON")],
        ),
        # counts in Korean number words (not 한, which also means "a")
        ("디스크 두 개를 세 명이 옮겼다.", [("두 개", "QUANTITY"), ("세 명", "QUANTITY")]),
        # a chip code with its line word; a version before a suffix
        ("A17 Pro 칩을 넣었다.", [("A17 Pro", "PRODUCT")]),
        ("GPT 5.2급 모델을 쓴다.", [("GPT 5.2", "PRODUCT")]),
        # a company's Latin name and a product word; the product's short form after it
        (
            "AWS Fargate로 옮겼다. Fargate는 서버를 숨긴다.",
            [("AWS Fargate", "PRODUCT"), ("Fargate", "PRODUCT")],
        ),
        # two years side by side are two dates
        ("2025년 2026년 모두 열렸다.", [("2025년", "DATE"), ("2026년", "DATE")]),
        # a tool named before its kind of software, or as what is installed or used
        (
            "Zookeeper 클러스터를 띄우고 Gradlew를 설치했다.",
            [("Zookeeper", "PRODUCT"), ("Gradlew", "PRODUCT")],
        ),
        # a surname with a capital inside is no CamelCase coin
        ("Yann LeCun은 반대했다.", [("Yann LeCun", "PERSON")]),
        # a licence is named after its author, who is not mentioned there
        ("MIT 라이선스로 공개했다.", []),
    ],
)
def test_rules_for_blogs_and_technical_writing(text, expected):
    assert entities(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a short form in brackets takes the name's type, here and later, though its
        # first syllable is a surname (방 씨)
        (
            "질병재난대책본부(질대본)는 44명이 늘었다고 밝혔다. 질대본은 또 말했다.",
            [
                ("질병재난대책본부", "ORG"),
                ("질대본", "ORG"),
                ("44명", "QUANTITY"),
                ("질대본", "ORG"),
            ],
        ),
        # a listed one-word name Kiwi cuts in pieces, whose first syllable is a surname
        ("수도권이 12명이다.", [("수도권", "LOC"), ("12명", "QUANTITY")]),
        # two nouns ending in 본부 are a unit's common name, not a body's
        ("조사본부가 나섰다.", []),
    ],
)
def test_short_forms_regions_and_headquarters(text, expected):
    assert entities(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # schools nobody listed: a foreign name (Kiwi reads 멜론 as the fruit), a head word
        # glued or after a space, a short name in 대
        (
            "연구진은 카네기 멜론대학교와 웨스턴 온타리오 대학 출신이다.",
            [("카네기 멜론대학교", "ORG"), ("웨스턴 온타리오 대학", "ORG")],
        ),
        (
            "하노버 의과대학과 펜실베이니아대가 참여했다.",
            [("하노버 의과대학", "ORG"), ("펜실베이니아대", "ORG")],
        ),
        # a country's schools in general are not one school
        ("미국 대학 진학이 늘었다.", [("미국", "LOC")]),
        # institutions named in English, with of/for/the between the capitalised words
        (
            "University of Illinois와 MDI Biological Laboratory가 참여했다.",
            [("University of Illinois", "ORG"), ("MDI Biological Laboratory", "ORG")],
        ),
        (
            "논문은 Proceedings of the National Academy of Sciences에 실렸고 "
            "Department of Energy가 지원했다.",
            [
                ("Proceedings of the National Academy of Sciences", "ORG"),
                ("Department of Energy", "ORG"),
            ],
        ),
        # a department or a centre is an institution only as "… of/for …"
        ("Data Center 증설과 Department 회의", []),
    ],
)
def test_schools_and_institutions_nobody_listed(text, expected):
    assert entities(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a known maker before one of its known products: two names, not one person or
        # one product ...
        (
            "Anthropic Claude Code와 OpenAI Codex가 붙었다.",
            [
                ("Anthropic", "ORG"),
                ("Claude Code", "PRODUCT"),
                ("OpenAI", "ORG"),
                ("Codex", "PRODUCT"),
            ],
        ),
        # ... but a maker's name before a word or code that needs it is one product
        (
            "AWS Lambda와 DeepSeek V4를 썼다.",
            [("AWS Lambda", "PRODUCT"), ("DeepSeek V4", "PRODUCT")],
        ),
        # a product's name that the article calls a company is the company everywhere
        (
            "메타가 AI 스타트업 마누스를 인수했다. 마누스는 중국에서 설립됐다.",
            [("메타", "ORG"), ("마누스", "ORG"), ("마누스", "ORG"), ("중국", "LOC")],
        ),
        # a model's edition after a hyphen
        ("V4-Pro는 빠르고 V4-Flash는 싸다.", [("V4-Pro", "PRODUCT"), ("V4-Flash", "PRODUCT")]),
    ],
)
def test_makers_products_and_editions(text, expected):
    assert entities(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a factory is no office whose head is named before it (지검장, 시장)
        ("한솔제지 신탄진공장에서 사고가 났다.", [("한솔제지", "ORG")]),
        # a foreign company's Korean name: a name or a word Kiwi knows, then its industry
        (
            "고릴라 테크놀로지와 섀클턴 파이낸스가 손잡았다.",
            [("고릴라 테크놀로지", "ORG"), ("섀클턴 파이낸스", "ORG")],
        ),
        # an industry word ends a company's name, even with no particle to act on
        ("흥덕통운 물류창고에 불이 났다.", [("흥덕통운", "ORG")]),
        ("예솔제과 대표 상품이 팔렸다.", [("예솔제과", "ORG")]),
    ],
)
def test_company_names_by_their_industry(text, expected):
    assert entities(text) == expected


def test_a_model_code_kiwi_reads_as_a_serial_stays_whole():
    """Kiwi reads '1-32' in 'QwenLong-L1-32B' as a serial number: the name is the
    whole code, never its first letters."""
    text = "QwenLong-L1-32B는 Qwen3-235B-A22B와 DeepSeek-R1-0528을 능가했다."
    _, found = analyze_text(text)
    names = {(e.text, e.type) for e in found}
    assert {
        ("QwenLong-L1-32B", "PRODUCT"),
        ("Qwen3-235B-A22B", "PRODUCT"),
        ("DeepSeek-R1-0528", "PRODUCT"),
    } <= names
    assert not {t for t, _ in names} & {"QwenLong-L", "Qwen", "B-A22B", "DeepSeek-R"}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("과기정통부는 벨기에 EU 집행위원회 본부에서 서명식을 열었다.", "EU 집행위원회"),
        ("공산당 중앙위원회는 약 200명으로 구성된다.", "공산당 중앙위원회"),
        ("중국 공산당은 회의를 열었다.", "중국 공산당"),
        ("제20기 중앙위원회 구성원 가운데 과학자가 늘었다.", "제20기 중앙위원회"),
    ],
)
def test_a_body_named_after_its_owner_is_one_organisation(sentence, name):
    _, entities = analyze_text(sentence)
    found = [(sentence[e.start : e.end], e.type) for e in entities]
    assert (name, "ORG") in found


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("김동욱 법무법인 세종 변호사가 말했다.", "법무법인 세종", "ORG"),
        ("김희성 강원대 법학전문대학원 교수가 발제했다.", "강원대 법학전문대학원", "ORG"),
        ("구글은 제미나이 엔터프라이즈를 공개했다.", "제미나이 엔터프라이즈", "PRODUCT"),
    ],
)
def test_a_firms_legal_form_a_schools_part_and_an_edition_belong_to_the_name(sentence, name, kind):
    _, entities = analyze_text(sentence)
    assert (name, kind) in [(sentence[e.start : e.end], e.type) for e in entities]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("3차 회의에서 새 안건을 다뤘다.", "3차"),  # a rank, not a count
        ("국내 AI반도체 기업과 AI솔루션 기업이 참여했다.", "AI반도체"),  # a common noun
        ("국내 AI반도체 기업과 AI솔루션 기업이 참여했다.", "AI솔루션"),
    ],
)
def test_ranks_and_acronym_glued_common_nouns_are_no_entities(sentence, word):
    _, entities = analyze_text(sentence)
    assert word not in [sentence[e.start : e.end] for e in entities]


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("NVIDIA NeMo와 NVIDIA Container Toolkit을 쓴다.", "NVIDIA NeMo", "PRODUCT"),
        ("NVIDIA NeMo와 NVIDIA Container Toolkit을 쓴다.", "NVIDIA Container Toolkit", "PRODUCT"),
        ("Microsoft Research와 Google DeepMind가 참여했다.", "Google DeepMind", "ORG"),
        ("ASML(NL, ASML)이 장비를 공급한다.", "NL", "LOC"),
    ],
)
def test_brand_products_and_country_codes_beside_a_ticker(sentence, name, kind):
    _, entities = analyze_text(sentence)
    assert (name, kind) in [(sentence[e.start : e.end], e.type) for e in entities]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("엔비디아는 새 칩을 지원한다(TechCrunch).", "지원한다"),  # a sentence's end
        ("정부는 AI 3대 강국 도약을 목표로 한다.", "3대"),  # a rank
        ("울산 반구천의 암각화와 금강산이 세계유산이 됐다.", "금강산"),  # no person
        ("방산·원전·조선 분야 협력이 커졌다.", "조선"),  # shipbuilding, not Joseon
    ],
)
def test_verbs_ranks_mountains_and_shipbuilding_are_no_names(sentence, word):
    _, entities = analyze_text(sentence)
    found = [(sentence[e.start : e.end], e.type) for e in entities]
    assert word not in [w for w, kind in found if kind in ("PERSON", "LOC", "PRODUCT", "QUANTITY")]


@pytest.mark.parametrize(
    ("sentence", "amount"),
    [
        ("전국 2,572개소에서 통신이 끊겼다.", "2,572개소"),
        ("5인 이상 사업장이 늘었다.", "5인"),
        ("거리는 160㎞였다.", "160㎞"),
        ("수심 10ｍ까지 잠겼다.", "10ｍ"),
    ],
)
def test_counts_of_sites_and_people_and_units_in_compatibility_signs(sentence, amount):
    _, entities = analyze_text(sentence)
    assert (amount, "QUANTITY") in [(sentence[e.start : e.end], e.type) for e in entities]


@pytest.mark.parametrize(
    "text, expected",
    [
        # one Hanja letter for a country in a headline or deck
        ("美 수출 통제에 고육책", [("美", "LOC")]),
        ("中기업들, 가성비로 시장 공략", [("中", "LOC")]),
        # two known names a headline joins with a hyphen; a model's code stays whole
        ("구글-오픈AI 결제망 확보전", [("구글", "ORG"), ("오픈AI", "ORG")]),
        ("딥시크-R1을 공개했다", [("딥시크-R1", "PRODUCT")]),
        # a foreign given name before the surname
        ("워렌 버핏은 주식을 팔았다.", [("워렌 버핏", "PERSON")]),
        ("대표 김철수씨는 웃었다.", [("김철수", "PERSON")]),
        # a Korean name, then the company whose title follows
        ("김재순 슈퍼톤 대표가 발표했다.", [("김재순", "PERSON"), ("슈퍼톤", "ORG")]),
        ("마이크 두스타르 CEO는 말했다.", [("마이크 두스타르", "PERSON")]),
        ("기시다 후미오 총리는 참석했다.", [("기시다 후미오", "PERSON")]),  # no company's title
        # an edition between a model and its size
        ("Llama 4 Maverick 17B를 출시했다.", [("Llama 4 Maverick 17B", "PRODUCT")]),
    ],
)
def test_headline_shorthand_and_name_shapes(text, expected):
    assert entities(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("점유율은 60-70%이다.", [("60-70%", "PERCENT")]),
        ("생산은 50만-60만장 규모다.", [("50만-60만장", "QUANTITY")]),
        ("행사는 7월 17-20일 열린다.", [("7월 17-20일", "DATE")]),
        ("대역폭은 2TB/s이고 지연은 100ms다.", [("2TB/s", "QUANTITY"), ("100ms", "QUANTITY")]),
        ("전화 02-1234로 문의", []),  # a number with a hyphen and no unit
        ("라마 2-70B를 추론했다.", [("라마", "PRODUCT")]),  # a model's name, no range of sizes
    ],
)
def test_ranges_with_a_hyphen_and_rates(text, expected):
    assert entities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "배치의 응답이 끝나는 대로 바로 사용자에게 반환",  # 사용+자: a user, no one's name
        "메모리 관리 최적화 (토큰 처리량 높임)",
        "캐시된 임베딩을 저장하기 위한 벡터 DB가 필요함",  # an English word in Hangul
        "어텐션 연산량은 시퀀스 길이에 따라 증가함",
    ],
)
def test_common_words_shaped_like_names_are_no_one(text):
    assert [e for e in entities(text) if e[1] == "PERSON"] == []


def test_a_name_shaped_like_a_compound_is_a_person_before_an_employer():
    assert entities("배경화 현대카드 디지털 부문 대표가 나선다.") == [
        ("배경화", "PERSON"),
        ("현대카드", "ORG"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a company's unit in Latin, its last word hyphenated
        ("Samsung Electro-Mechanics는 MLCC를 만든다.", [("Samsung Electro-Mechanics", "ORG")]),
        ("Microsoft Teams를 쓴다.", []),  # an English word after a maker: no unit
        # shipbuilding listed with a country is no country
        ("이 교수는 미국과 조선 협력 기대감이 커졌다고 말했다.", [("미국", "LOC")]),
        # a field's terms, however often a cue types one of them
        ("FC-BGA 기판과 ADR 상장", []),
    ],
)
def test_units_of_companies_and_terms_of_the_field(text, expected):
    assert entities(text) == expected


def test_a_given_name_an_occupation_typed_alone_joins_its_surname():
    assert entities("최근 세계적인 투자자 워렌 버핏이 주식을 매도했다.") == [
        ("워렌 버핏", "PERSON")
    ]
    assert entities("트럼프 바이든 두 사람") == [("트럼프", "PERSON"), ("바이든", "PERSON")]
