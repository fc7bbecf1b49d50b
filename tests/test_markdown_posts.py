"""Blog posts written in markdown (Jekyll, Hugo, MDX, clippings): what a reader sees of
them after cleaning, built here in the forms those generators use."""

from conftest import write

from dsreader.clean import clean, clean_text
from dsreader.corpus import front_matter, load_corpus
from dsreader.stuffing import stuffed_keywords

PROSE = [
    "반도체 업계는 올해 하반기에 수요가 회복될 것으로 내다봤다. 다만 재고 조정이 길어질 수 있다는 우려도 나온다.",
    "한 애널리스트는 가격 경쟁이 치열해지고 있다며 수익성이 떨어질 수 있다고 말했다.",
    "정부는 다음 달 지원 대책을 발표할 예정이다. 업계는 세부 내용을 기다리고 있다.",
    "전문가들은 내년 상반기까지 회복세가 이어질 것으로 보고 있다.",
]


def post(body: str, front: str = 'title: "반도체 시장 전망"\ndate: 2025-04-10') -> str:
    return f"---\n{front}\n---\n\n{body}\n"


def cleaned(tmp_path, text: str, name: str = "post.md"):
    write(tmp_path / name, text)
    [article] = load_corpus(tmp_path / name).articles
    return clean(article)


def test_table_rows_and_code_keep_the_story_together(tmp_path):
    table = "\n".join(
        ["|  | 2025 | 2026 |", "| --- | --- | --- |"]
        + [f"| 항목{k} | 수요 회복 기대, 재고 조정 | 가격 경쟁, 수익성 하락 |" for k in range(8)]
    )
    code = "```sh\n" + "\n".join(f"$ run step{k}" for k in range(10)) + "\n```"
    body = "\n\n".join([PROSE[0], table, PROSE[1], "## 짧은 소제목", code, PROSE[2]])
    c = cleaned(tmp_path, post(body))
    for para in PROSE[:3]:
        assert para in c.text
    assert "| 항목3 | 수요 회복 기대, 재고 조정 | 가격 경쟁, 수익성 하락 |" in c.text
    assert "짧은 소제목" in c.text
    assert "| --- |" not in c.text and "```" not in c.text


def test_a_references_section_goes_with_its_heading(tmp_path):
    refs = "\n".join(
        [
            "## 참고 자료",
            '- Reuters (2025). "Chip makers expect demand to recover"',
            "- 🛡️ [[2026 전망] 반도체: 수요가 돌아온다](https://example.com/news/1)",
            "- [A long report title that reads almost like a sentence of the story itself](https://example.com/r)",
        ]
    )
    c = cleaned(tmp_path, post("\n\n".join([*PROSE, refs])))
    for para in PROSE:
        assert para in c.text
    for gone in ("참고 자료", "Reuters (2025)", "수요가 돌아온다", "A long report title"):
        assert gone not in c.text


def test_a_hiring_plug_at_the_end_of_a_company_post_goes(tmp_path):
    plug = "\n\n".join(
        [
            "## 추신",
            "### 예시회사 채용 안내",
            "저희는 차세대 칩을 함께 만들어갈 여러분을 기다리고 있습니다. 검증을 마치고 곧 제품을 출시할 예정입니다.",
            "**채용 사이트**: https://example.com/careers",
        ]
    )
    c = cleaned(tmp_path, post("\n\n".join([*PROSE, plug])))
    for para in PROSE:
        assert para in c.text
    assert "추신" not in c.text and "채용" not in c.text and "기다리고 있습니다" not in c.text


def test_a_section_about_hiring_news_stays(tmp_path):
    news = "\n\n".join(["## 반도체 업계 채용 안내", PROSE[1], "## 전망", PROSE[2]])
    c = cleaned(tmp_path, post("\n\n".join([PROSE[0], news, PROSE[3]])))
    for para in PROSE:
        assert para in c.text
    assert "반도체 업계 채용 안내" in c.text


def test_kramdown_attributes_html_and_entities_are_markup_not_text(tmp_path):
    body = "\n".join(
        [
            "&nbsp;안녕하세요 마개입니다.  ",
            "&nbsp;오늘은 로컬에 모델을 설치하는 과정을 기록해봅니다.   ",
            "{: .notice--info}",
            "",
            "<br>",
            "",
            '![설치](/assets/setup.png){: .align-center}{: width="70%"}',
            "",
            '&nbsp;먼저 <a href="https://example.com/download">공식 홈페이지</a>에서 A&amp;B 도구를 내려받습니다.',
            "",
            *PROSE,
        ]
    )
    c = cleaned(tmp_path, post(body))
    assert "안녕하세요 마개입니다." in c.text
    assert "먼저 공식 홈페이지에서 A&B 도구를 내려받습니다." in c.text
    for gone in ("&nbsp;", "{:", "<br>", "<a ", "</a>", "notice--info", "setup.png"):
        assert gone not in c.text
    assert c.meta.author == "마개"  # the blogger's greeting names them
    for r in c.removed:
        assert c.raw[r.start : r.end] == r.text


def test_a_clippers_summary_callout_and_a_bare_by_line_go(tmp_path):
    body = "\n\n".join(
        [
            "> [!summary]\n> Argues that the market will recover next year, citing demand.",
            "by",
            *PROSE,
        ]
    )
    c = cleaned(tmp_path, post(body))
    assert "Argues that" not in c.text and "[!summary]" not in c.text
    assert "by" not in c.text.split()
    assert PROSE[0] in c.text


def test_comments_after_the_widgets_head_go(tmp_path):
    body = "\n\n".join(
        [
            *PROSE,
            "#### [댓글 2개](https://github.com/example/comments/1)",
            "[![@reader](https://avatars.example.com/u/1)](https://github.com/reader)",
            "좋은 글 감사합니다. 저도 비슷한 방식으로 처리했던 경험이 있습니다.",
            "답글 0개",
        ]
    )
    c = cleaned(tmp_path, post(body))
    assert PROSE[-1] in c.text
    assert "좋은 글 감사합니다" not in c.text


def test_front_matter_author_lists_and_a_blog_byline_give_the_author(tmp_path):
    meta = front_matter("---\ntitle: 제목\nauthors: [Hong Gildong]\ntags: [a, b]\n---\n")
    assert meta["author"] == "Hong Gildong"
    text = "\n".join(
        ["# 람다로 리다이렉트 서버 만들기", "by 향로 (기억보단 기록을)2023. 7. 8.", *PROSE]
    )
    c = cleaned(tmp_path, text, "clip.md")
    assert c.meta.author == "향로"
    assert c.meta.source == "기억보단 기록을"


def test_a_name_before_its_numbers_is_not_stuffing():
    body = (
        "디스크를 묶는 방식에는 여러 단계가 있습니다. RAID 단계 중 가장 많이 사용되는 것은 RAID 0, RAID 1, RAID 5, RAID 6입니다. "
        "각 단계마다 성능과 용량이 다릅니다."
    )
    assert stuffed_keywords(body, "RAID에 대한 설명") == []
    text, *_ = clean_text("RAID에 대한 설명\n" + body + "\n" + PROSE[0])
    assert "RAID 0, RAID 1, RAID 5, RAID 6입니다" in text


def test_a_formula_line_is_not_a_menu():
    raw = "\n".join(["주식 기초", PROSE[0], "기업별 시가총액 = 주식 수 X 시장가격", *PROSE[1:]])
    text, *_ = clean_text(raw)
    assert "기업별 시가총액 = 주식 수 X 시장가격" in text


def test_a_feeds_clipping_names_its_source_and_a_date_in_an_address_is_no_publication(tmp_path):
    front = (
        'date_published: "2026-07-10"\nsource_name: "Example AI News"\n'
        'canonical_url: "https://example.com/2026/07/10/chips/"\ntitle: "칩 소식"'
    )
    c = cleaned(tmp_path, post("\n\n".join(PROSE), front), "feed.md")
    assert c.meta.source == "Example AI News"
    assert c.meta.published.startswith("2026-07-10")
    banner = "title: 생각정리\nbanner:\n  video: https://cdn.example.com/video/2019/10/04/clip.mp4"
    c = cleaned(tmp_path, post("\n\n".join(PROSE), banner), "banner.md")
    assert c.meta.published is None


def test_a_block_the_post_hides_from_its_reader_is_not_text(tmp_path):
    hidden = (
        '<div class="lang-en" style="display:none">\n\n'
        "Hynix raised billions in the largest foreign listing in US history.\n\n</div>"
    )
    body = "\n\n".join([f'<div class="lang-ko">\n\n{PROSE[0]}\n\n</div>', hidden, *PROSE[1:]])
    c = cleaned(tmp_path, post(body))
    assert "largest foreign listing" not in c.text
    for para in PROSE:
        assert para in c.text


def test_a_posts_own_last_section_stays_and_an_empty_template_heading_goes(tmp_path):
    """A clipping's '## Key Points' over its bullets after the last paragraph is the
    post's, even when every post of the blog repeats the heading; a template heading
    left empty at the very end ('## 내 메모') is not."""
    points = "## Key Points\n\n- 기술 탈취 의혹 제기\n- 미중 기술 경쟁 격화\n- 지적재산권 보호 대두"
    for k, name in enumerate(("a.md", "b.md")):
        body = "\n\n".join([*PROSE[k : k + 3], points, "## 내 메모"])
        write(tmp_path / name, post(body, f'title: "글 {k}"'))
    for article in load_corpus(tmp_path).articles:
        c = clean(article)
        assert "미중 기술 경쟁 격화" in c.text and "Key Points" in c.text
        assert "내 메모" not in c.text
