"""Metadata read from the page itself, wherever it stands."""

import pytest

from dsreader.article import Removed
from dsreader.clean import clean_text
from dsreader.metadata import extract_metadata, parse_datetime

BODY = "반도체 업계는 올해 하반기에 수요가 회복될 것으로 내다봤다. 다만 재고 조정이 길어질 수 있다는 우려도 나온다."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025/11/14 10:55", "2025-11-14T10:55:00"),
        ("2025.11.14.", "2025-11-14"),
        ("입력 2025-11-14 오전 10:55", "2025-11-14T10:55:00"),
        ("입력2024.05.30. 오후 1:40", "2024-05-30T13:40:00"),
        ("2025-08-21T00:32:00+09:00", "2025-08-21T00:32:00"),
        ("2025년 3월 16일", "2025-03-16"),
        ("작성일25-05-18 16:47", "2025-05-18T16:47:00"),
        # the time in brackets (KBS), in hours and minutes (YTN)
        ("입력 2023.04.07 (19:13) 수정 2023.04.07 (19:43)", "2023-04-07T19:13:00"),
        ("2023년 04월 07일 18시 36분 댓글", "2023-04-07T18:36:00"),
    ],
)
def test_every_common_date_shape_is_read(text, expected):
    assert parse_datetime(text) == expected


def meta_of(*lines: str, given: dict | None = None):
    raw = "\n".join(lines)
    _, removed, _, title = clean_text(raw)
    return extract_metadata(raw, removed, title, given)


@pytest.mark.parametrize(
    ("footer", "site"),
    [
        ("[ⓒ 세계일보 & Segye.com, 무단전재 및 재배포 금지]", "세계일보"),
        ("Copyright ⓒ 헤럴드경제 All Rights Reserved", "헤럴드경제"),
        ("저작권자 © AI타임스 무단전재 및 재배포 금지", "AI타임스"),
        # the publisher's slogan in quotes before its name
        (
            "<저작권자 ⓒ '돈이 보이는 리얼타임 뉴스' 예시투데이, 무단전재 및 재배포 금지>",
            "예시투데이",
        ),
    ],
)
def test_the_site_name_comes_from_the_copyright_line(footer, site):
    assert meta_of("기사 제목이 여기에 있다", BODY, BODY, footer).source == site


def test_the_publisher_before_the_reporter_in_a_dateline():
    meta = meta_of("기사 제목이 여기에 있다", "[헤럴드경제=한지숙 기자] " + BODY, BODY)
    assert meta.source == "헤럴드경제" and meta.author == "한지숙"


def test_a_bracketed_site_name_opening_the_story():
    assert meta_of("기사 제목이 여기에 있다", "[서울경제] " + BODY, BODY).source == "서울경제"


def test_a_portal_site_name_gives_way_to_the_publisher():
    given = {"site_name": "네이버 뉴스"}
    meta = meta_of(
        "기사 제목이 여기에 있다", BODY, "Copyright ⓒ 뉴시스. All rights reserved.", given=given
    )
    assert meta.source == "뉴시스"
    assert meta_of("기사 제목이 여기에 있다", BODY, BODY, given=given).source == "네이버 뉴스"


@pytest.mark.parametrize(
    "byline",
    ["홍길동 기자hong@site.co.kr", "홍길동 기자 hong@site.co.kr", "홍길동 기자(hong@site.co.kr)"],
)
def test_the_author_from_a_byline_at_the_end(byline):
    assert meta_of("기사 제목이 여기에 있다", BODY, BODY, byline).author == "홍길동"


def test_several_reporters_after_a_dateline():
    meta = meta_of("제목이 여기에 있다", "(워싱턴·베이징=연합뉴스) 이유미 정성조 특파원 = " + BODY)
    assert meta.author == "이유미, 정성조" and meta.source == "연합뉴스"


def test_a_field_the_page_does_not_state_stays_none():
    meta = meta_of("기사 제목이 여기에 있다", BODY, BODY)
    assert meta.author is None and meta.published is None and meta.source is None


def test_a_feeds_slug_gives_way_to_the_site_name_in_the_page_title():
    given = {"title": "구글, AI칩 직접 판매로 전략 전환 - 예시이코노믹", "source": "ex-news"}
    meta = meta_of(BODY, BODY, "김현철 예시이코노믹 기자 rock@example.com", given=given)
    assert meta.source == "예시이코노믹"
    assert meta.author == "김현철"  # the outlet between the name and the title
    assert meta.title == "구글, AI칩 직접 판매로 전략 전환"


def test_a_time_before_its_mark():
    assert meta_of(BODY, BODY, "2026/04/23 03:30 송고").published == "2026-04-23T03:30:00"


def test_a_publication_mark_on_its_own_line_takes_the_next_lines_time():
    meta = meta_of("입력 :", "2020-07-07 10:42:42", BODY, BODY, "발행일 : 2009.11.30")
    assert meta.published == "2020-07-07T10:42:42"


def test_a_date_in_a_list_of_other_articles_is_not_the_articles():
    removed = [Removed(0, 10, "2019-01-01 다른 기사 제목", "related-list")]
    assert extract_metadata("x", removed, None).published is None


@pytest.mark.parametrize(
    "signoff",
    ["MBN뉴스 홍길동입니다.", "KBS 뉴스 홍길동입니다.", "베이징에서 연합뉴스TV 홍길동입니다."],
)
def test_a_broadcast_sign_off_names_the_reporter(signoff):
    assert meta_of("기사 제목이 여기에 있다", BODY, BODY, signoff).author == "홍길동"


def test_a_self_introduction_in_the_story_is_no_byline():
    assert meta_of("기사 제목이 여기에 있다", BODY, "저는 김철수입니다.", BODY).author is None


def test_a_copyright_name_with_its_long_form_in_brackets():
    footer = "Copyright ⓒ MBN(매일방송) 무단전재 및 재배포 금지"
    assert meta_of("기사 제목이 여기에 있다", BODY, BODY, footer).source == "MBN"


@pytest.mark.parametrize(
    ("hint", "site", "author"),
    [
        ("SBS 뉴스; 홍길동 기자", "SBS NEWS", "홍길동"),  # the outlet first, then the reporter
        ("예시일보; 네이버", "네이버 뉴스", None),  # outlet and portal: no person
        ("고든", "네이버 블로그 | 고든의 블로그", "고든"),  # a blogger inside the blog's name
    ],
)
def test_a_pages_author_tags_give_a_persons_name_only(hint, site, author):
    given = {"author_hint": hint, "site_name": site}
    assert meta_of("기사 제목이 여기에 있다", BODY, BODY, given=given).author == author


@pytest.mark.parametrize(
    ("title", "site", "headline"),
    [
        ("반도체 수출 통제 강화 - 예시일보", None, "반도체 수출 통제 강화"),
        ("예시일보 모바일 :: 반도체 수출 통제 강화", "예시일보", "반도체 수출 통제 강화"),
        # a subtitle after a dash is the headline's own
        ("엔비디아의 선물: B300 – 추론을 추론하기, 메모리, 공급망", None, None),
        ("엔비디아의 선물 ##", None, "엔비디아의 선물"),
        # a platform's name after the headline, nobody's site name given
        ("곱창 속 ‘곱’ 정체 : 네이버 뉴스", None, "곱창 속 ‘곱’ 정체"),
        (
            "운전면허 필기 2026 - 첫 시험 합격법 : 네이버 블로그",
            None,
            "운전면허 필기 2026 - 첫 시험 합격법",
        ),
        (
            "지역 병원에 성금 기탁 줄 잇는다 :: 예시도민일보",
            None,
            "지역 병원에 성금 기탁 줄 잇는다",
        ),
        # a blog platform's 'post :: blog name', the blog's name unknown
        ("챗gpt 사용후기 :: 중년작가지망생 EduArt Engineer", None, "챗gpt 사용후기"),
    ],
)
def test_the_headline_without_the_sites_name(title, site, headline):
    given = {"title": title, "site_name": site} if site else {"title": title}
    meta = meta_of(BODY, BODY, given=given)
    assert meta.title == (headline or title)


def test_a_portals_byline_of_a_name_and_a_time_and_no_label_taken_for_a_name():
    assert meta_of("박상우 2024. 5. 13. 12:52", BODY, BODY).author == "박상우"
    assert meta_of("입력 2023.04.07 (19:13)", BODY, BODY).author is None
    meta = meta_of(BODY, BODY, "이 글의 책임은 글쓴이에 있으며, 예시의 입장과 다를 수 있습니다.")
    assert meta.author is None


@pytest.mark.parametrize(
    ("sign", "author"), [("— Danilo", "Danilo"), ("이재영 gqkorea.co.kr", "이재영")]
)
def test_a_post_signed_below_its_text_names_its_author(sign, author):
    raw = "\n\n".join(["예시 블로그 글의 제목", BODY, BODY, sign])
    _, removed, _, title = clean_text(raw)
    assert extract_metadata(raw, removed, title).author == author
