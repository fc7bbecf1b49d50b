import json
import re
from pathlib import Path

import pytest
from conftest import SEEDS, write

from dsreader.clean import clean
from dsreader.corpus import article_id, decode_bytes, load_corpus
from dsreader.textnorm import normalize_text

KOREAN = "엔비디아 주가가 폭락했다. 딥시크는 저비용 모델을 내놓았다.\n두 번째 문단이다."


def test_utf8_with_and_without_bom_decode_to_the_same_article(tmp_path):
    write(tmp_path / "a.txt", KOREAN)
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + KOREAN.encode())
    result = load_corpus(tmp_path)
    # Same text -> same id: the second is reported as a duplicate, not loaded twice.
    assert len(result.articles) == 1
    assert result.articles[0].text == KOREAN
    assert any("same text" in w for w in result.warnings)


def test_cp949_and_euc_kr_are_detected(tmp_path):
    write(tmp_path / "cp.txt", KOREAN + " 똠방각하 펲시", "cp949")
    write(tmp_path / "euc.txt", "삼성전자와 SK하이닉스가 메모리를 만든다.", "euc-kr")
    result = load_corpus(tmp_path)
    texts = sorted(a.text for a in result.articles)
    assert texts == sorted([KOREAN + " 똠방각하 펲시", "삼성전자와 SK하이닉스가 메모리를 만든다."])
    assert {a.encoding for a in result.articles} == {"euc-kr/cp949"}
    assert result.warnings == []


def test_binary_empty_and_garbage_files_are_skipped_with_one_warning_each(tmp_path):
    write(tmp_path / "good.txt", KOREAN)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "noise.txt").write_bytes(bytes((i * 37 + 11) % 128 + 128 for i in range(3000)))
    result = load_corpus(tmp_path)
    assert [a.text for a in result.articles] == [KOREAN]
    names = sorted(w.split(":")[0].rsplit("/", 1)[-1] for w in result.warnings)
    assert names == ["blank.txt", "empty.txt", "image.txt", "noise.txt"]
    assert all("skipped" in w for w in result.warnings)


def test_latin1_is_not_silently_read_as_korean():
    text, encoding = decode_bytes("Le café est très bon à Séoul.".encode("latin-1"))
    assert "café" in text and encoding != "cp949"


def test_jsonl_reads_fields_and_skips_bad_lines(tmp_path):
    lines = [
        json.dumps(
            {
                "text": KOREAN,
                "title": "제목",
                "source": "연합뉴스",
                "author": "홍길동",
                "published": "2025-01-28 10:58",
                "url": "https://example.com/a",
            },
            ensure_ascii=False,
        ),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines))
    result = load_corpus(tmp_path / "feed.jsonl")
    [article] = result.articles
    assert article.meta["title"] == "제목" and article.meta["source"] == "연합뉴스"
    assert article.title_in_text is False
    assert len(result.warnings) == 2 and all("feed.jsonl:" in w for w in result.warnings)


def test_html_article_is_extracted_with_its_metadata(tmp_path):
    body = "".join(f"<p>{KOREAN} 문단 {i}번의 내용이 이어진다.</p>" for i in range(6))
    html = f"""<html><head><title>딥시크 충격 - 예시일보</title>
    <meta property="og:title" content="딥시크 충격">
    <meta name="author" content="김기자">
    <meta property="article:published_time" content="2025-02-03T23:09:43+09:00">
    </head><body><nav><a href="/">홈</a> <a href="/x">정치</a></nav>
    <article>{body}</article><footer>Copyright ⓒ 예시일보</footer></body></html>"""
    write(tmp_path / "page.html", html)
    [article] = load_corpus(tmp_path).articles
    assert "딥시크는 저비용 모델을 내놓았다" in article.text
    assert "Copyright" not in article.text
    assert article.meta.get("title", "").startswith("딥시크 충격")
    assert article.meta.get("published", "").startswith("2025-02-03")


def test_id_is_derived_from_content_so_renaming_keeps_it(tmp_path):
    path = write(tmp_path / "a.txt", KOREAN)
    first = load_corpus(tmp_path).articles[0].id
    path.rename(tmp_path / "renamed.txt")
    again = load_corpus(tmp_path).articles[0]
    assert again.id == first == article_id(KOREAN) and len(first) == 10
    assert again.path.endswith("renamed.txt")


def test_normalisation_removes_escapes_controls_and_odd_spaces():
    dirty = "딥시크\u00a0주가\x1b[31m폭락\x1b[0m\x1b]0;title\x07 \u200b끝\r\n다음\x07줄\u3000!"
    assert normalize_text(dirty) == "딥시크 주가폭락 끝\n다음줄 !"
    # NFC: decomposed jamo become one syllable
    assert normalize_text("\u1100\u1161") == "가"


def test_missing_corpus_is_a_clear_error(tmp_path):
    import pytest

    from dsreader.corpus import CorpusError

    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope")


CLIPPING = """---
title: "엔비디아도 'KV 캐시' 해결... \\"메모리 10배 절감\\""
source: "https://www.example.com/news/articleView.html?idxno=1"
author:
  - "[[박찬 기자]]"
published: 2026-04-08
tags:
  - "clippings"
---
![(사진=깃허브)](https://cdn.example.com/photo/1.png)

(사진=깃허브)

엔비디아와 MIT 연구진은 6일(현지시간) 새로운 접근법 ‘ [트라이어텐션(TriAttention)](https://arxiv.org/pdf/1) ’을 **온라인 아카이브**를 통해 공개했다.

KV 캐시는 AI가 이전 대화와 데이터를 기억하기 위해 사용하는 메모리 공간으로, 문맥이 길어질수록 사용량이 폭발적으로 증가한다.

- [MIT, 메모리 병목 해결 기술 공개](https://www.example.com/news/2)
- [구글, AI 메모리 6배로 줄여](https://www.example.com/news/3)

[#엔비디아](https://www.example.com/tag/1) [#KV 캐시](https://www.example.com/tag/2)
"""


def test_markdown_clipping_reads_front_matter_and_drops_its_markup(tmp_path):
    from dsreader.clean import clean

    write(tmp_path / "clip.md", CLIPPING)
    [article] = load_corpus(tmp_path).articles
    cleaned = clean(article)
    assert cleaned.meta.title == "엔비디아도 'KV 캐시' 해결... \"메모리 10배 절감\""
    assert cleaned.meta.author == "박찬"
    assert cleaned.meta.published == "2026-04-08"
    assert article.meta["url"].startswith("https://www.example.com/")
    assert cleaned.meta.source is None  # an address is not a publisher's name
    text = cleaned.text
    assert "새로운 접근법 ‘ 트라이어텐션(TriAttention) ’을 온라인 아카이브를 통해 공개했다." in text
    assert "KV 캐시는 AI가" in text
    for gone in ("---", "title:", "https://", "](", "**", "clippings", "#엔비디아", "MIT, 메모리"):
        assert gone not in text
    why = {r.text: r.reason for r in cleaned.removed}
    assert why["![(사진=깃허브)](https://cdn.example.com/photo/1.png)"] == "image"
    assert why["- [MIT, 메모리 병목 해결 기술 공개](https://www.example.com/news/2)"] == "link-list"
    assert why[
        "[#엔비디아](https://www.example.com/tag/1) [#KV 캐시](https://www.example.com/tag/2)"
    ] == ("keyword-stuffing")
    assert why['title: "엔비디아도 \'KV 캐시\' 해결... \\"메모리 10배 절감\\""'] == "front-matter"
    for r in cleaned.removed:
        assert article.text[r.start : r.end] == r.text


def test_jsonl_records_with_other_field_names_are_read(tmp_path):
    record = {
        "summary": "(서울=연합뉴스) 김태균 기자 = 미국 정부가 엔비디아의 &apos;H200&apos; 수출 물량을 제한한다.",
        "title": "미국, H200 공급 제한 검토",
        "source": "yna",
        "date": "2026-03-03T12:24:34+09:00",
        "url": "https://example.com/view/1",
    }
    write(tmp_path / "feed.jsonl", json.dumps(record, ensure_ascii=False))
    from dsreader.clean import clean

    [article] = load_corpus(tmp_path).articles
    cleaned = clean(article)
    assert "'H200'" in cleaned.text and "&apos;" not in cleaned.text
    assert cleaned.text.startswith("미국 정부가")
    assert cleaned.meta.published == "2026-03-03T12:24:34"
    assert cleaned.meta.source == "연합뉴스"  # a feed's code ('yna') is no publisher name
    assert cleaned.meta.author == "김태균"


def test_an_html_fragment_keeps_its_headings_and_lists(tmp_path):
    fragment = (
        "<p>사업용 신용카드를 홈택스에 등록하면 세금 신고를 간소화할 수 있습니다.</p>\n"
        "<h2>왜 등록해야 하나요?</h2><ul><li><b>세금 절약</b>: 비용을 증빙할 수 있습니다.</li>"
        "<li>안전한 세무 관리</li></ul><p>지금 등록해 보세요 &amp; 확인하세요.</p>"
    )
    write(tmp_path / "post.html", fragment)
    [article] = load_corpus(tmp_path).articles
    assert article.text.split("\n") == [
        "사업용 신용카드를 홈택스에 등록하면 세금 신고를 간소화할 수 있습니다.",
        "왜 등록해야 하나요?",
        "세금 절약: 비용을 증빙할 수 있습니다.",
        "안전한 세무 관리",
        "지금 등록해 보세요 & 확인하세요.",
    ]


def test_a_page_the_extractor_finds_no_article_in_is_read_whole(tmp_path):
    # trafilatura takes a <footer> for chrome and returns nothing for this page
    page = (
        "<html><head><title>x</title></head><body><footer><p>"
        "엔비디아 주가가 폭락했다. 딥시크는 저비용 모델을 내놓았다.</p></footer></body></html>"
    )
    write(tmp_path / "page.html", page)
    result = load_corpus(tmp_path)
    assert [a for a in result.articles if "딥시크는 저비용 모델을 내놓았다" in a.text]


def test_a_jsonl_record_holding_html_is_read_as_text(tmp_path):
    record = {
        "content": "<p>엔비디아 주가가 폭락했다.</p><p>딥시크는 저비용 모델을 &quot;공개&quot;했다.<br>두 번째 줄이다.</p>",
        "title": "제목",
    }
    write(tmp_path / "feed.jsonl", json.dumps(record, ensure_ascii=False))
    [article] = load_corpus(tmp_path).articles
    assert article.text.split("\n") == [
        "엔비디아 주가가 폭락했다.",
        '딥시크는 저비용 모델을 "공개"했다.',
        "두 번째 줄이다.",
    ]


def test_a_page_the_html_parser_fails_on_is_skipped_with_a_warning(tmp_path, monkeypatch):
    """A missing lxml_html_clean once made every .html article a traceback."""
    from dsreader import corpus

    def broken(text):
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")

    monkeypatch.setattr(corpus, "_from_html", broken)
    body = "엔비디아 주가가 크게 올랐다. " * 20
    (tmp_path / "page.html").write_text(f"<html><body><p>{body}</p></body></html>", "utf-8")
    (tmp_path / "note.txt").write_text("제목\n\n본문 문장이다.", "utf-8")
    result = corpus.load_corpus(tmp_path)
    assert [a.path.rsplit("/", 1)[-1] for a in result.articles] == ["note.txt"]
    (warning,) = result.warnings
    assert "page.html: skipped, it could not be parsed (lxml.html.clean" in warning


def test_a_portal_deck_and_a_picture_with_its_caption_stay_apart_from_the_lead(tmp_path):
    # Portals set the deck as one bold element with line breaks and the picture as an
    # inline element around the image and its caption, the lead glued after it.
    story = "".join(f"{KOREAN} 문단 {i}번의 내용이 이어진다.<br><br>" for i in range(6))
    html = f"""<html><head><title>예시 기사</title></head><body><article>
    <strong class="summary">첫째 요약 줄이다<br>둘째 요약 줄이다</strong><span class="photo"><img
    src="a.jpg"><em class="desc">공장 내부 모습. (사진=예시전자 제공)</em></span>첫 문단은
    사진 바로 뒤에 붙어 있었다.<br><br>{story}</article></body></html>"""
    write(tmp_path / "page.html", html)
    [article] = load_corpus(tmp_path).articles
    lines = [x.strip() for x in article.text.split("\n")]
    assert "첫째 요약 줄이다" in lines and "둘째 요약 줄이다" in lines
    assert "첫 문단은 사진 바로 뒤에 붙어 있었다." in lines


def test_a_lead_written_as_bare_text_after_a_deck_block_is_kept(tmp_path):
    # The lead is bare text after the deck's <div> (and a comment), before the first
    # <br><br>: to the parser, the tail of a block, which the extractor drops.
    story = "".join(f"<br><br>{KOREAN} 문단 {i}번의 내용이 이어진다." for i in range(6))
    menu = "".join(f'<li><a href="/s{i}">메뉴 {i}</a></li>' for i in range(30))
    html = f"""<html><head><title>예시 기사</title></head><body><header><ul>{menu}</ul>
    </header><div class="body"><div itemprop="articleBody"><div class="deck"><div>
    요약 줄이다
    </div></div>
    <!-- NO IMAGE 0 --> 첫 문단은 주석 바로 뒤에 있었다.
    둘째 문장도 같은 문단이다.
    {story}</div></div><footer><p>ⓒ 예시일보 무단전재 금지</p></footer></body></html>"""
    write(tmp_path / "page.html", html)
    [article] = load_corpus(tmp_path).articles
    assert "첫 문단은 주석 바로 뒤에 있었다. 둘째 문장도 같은 문단이다." in article.text
    assert "NO IMAGE" not in article.text


def test_a_bold_word_inside_a_sentence_is_not_taken_for_a_deck(tmp_path):
    story = "".join(f"<p>{KOREAN} 문단 {i}번의 내용이 이어진다.</p>" for i in range(6))
    html = f"""<html><body><article><p>회사는 <b>새 모델</b><br>을 공개했다는 소식이다.</p>
    {story}</article></body></html>"""
    write(tmp_path / "page.html", html)
    [article] = load_corpus(tmp_path).articles
    assert "회사는 새 모델" in article.text


def test_a_link_card_in_a_blog_fragment_is_not_text_and_source_line_breaks_are_spaces(tmp_path):
    fragment = (
        "<p>사업용 신용카드를 홈택스에 등록하면\n세금 신고를 간소화할 수 있습니다.</p>"
        '<figure><a href="https://hometax.go.kr"><div class="og-text">'
        "<p>국세청 홈택스</p><p>인터넷 종합 국세 서비스입니다.</p><p>hometax.go.kr</p>"
        "</div></a></figure><p>지금 등록해 보세요.</p>"
    )
    write(tmp_path / "post.html", fragment)
    [article] = load_corpus(tmp_path).articles
    assert article.text.split("\n") == [
        "사업용 신용카드를 홈택스에 등록하면 세금 신고를 간소화할 수 있습니다.",
        "지금 등록해 보세요.",
    ]


def test_html_tags_give_the_time_of_day_and_the_reporter(tmp_path):
    """An extractor's date without its time, and an author tag naming the outlet: the
    page's other tags (in UTC, or a widget's reporter tag) say what the page prints."""
    body = "".join(f"<p>{KOREAN} 문단 {i}번의 내용이 이어진다.</p>" for i in range(6))
    html = f"""<html><head><title>딥시크 충격</title>
    <meta property="og:site_name" content="예시방송">
    <meta property="article:author" content="예시방송">
    <meta property="dable:author" content="홍길동">
    <meta property="article:published_time" content="2025-02-03T05:09:43Z">
    </head><body><article>{body}</article></body></html>"""
    write(tmp_path / "page.html", html)
    [article] = load_corpus(tmp_path).articles
    meta = clean(article).meta
    assert meta.published.startswith("2025-02-03T14:09")
    assert meta.author == "홍길동"


@pytest.mark.parametrize("field", ["published_date", "reg_date", "datePublished"])
def test_a_crawler_records_date_under_other_names(tmp_path, field):
    record = {"title": "제목", "content": KOREAN, field: "2025-07-17 23:02", "press": "연합뉴스"}
    write(tmp_path / "feed.jsonl", json.dumps(record, ensure_ascii=False))
    [article] = load_corpus(tmp_path).articles
    meta = clean(article).meta
    assert meta.published.startswith("2025-07-17T23:02")
    assert meta.source == "연합뉴스"


def test_a_crawl_records_provider_is_its_publisher(tmp_path):
    record = {"title": "제목", "content": KOREAN, "provider": "예시투데이", "published": "true"}
    write(tmp_path / "feed.jsonl", json.dumps(record, ensure_ascii=False))
    [article] = load_corpus(tmp_path).articles
    meta = clean(article).meta
    assert meta.source == "예시투데이"
    assert meta.published is None  # a flag, not a date


def test_a_folded_faq_and_items_outside_a_list_are_part_of_the_page(tmp_path):
    story = "".join(f"<p>{KOREAN} 문단 {i}번의 내용이 이어진다.</p>" for i in range(6))
    html = f"""<html><body><article>{story}<h2>FAQ</h2><details><summary>왜 검색에서
    시작했나?</summary><div class="list"><li>질문 맥락 유지와 종합 답변이 필요했기 때문.</li>
    </div></details></article></body></html>"""
    write(tmp_path / "page.html", html)
    [article] = load_corpus(tmp_path).articles
    assert "질문 맥락 유지와 종합 답변이 필요했기 때문." in article.text


def test_a_callout_among_the_paragraphs_is_the_posts_and_a_sidebar_is_not(tmp_path):
    """A blog editor's note box is an <aside> between the post's paragraphs; a page's
    sidebar is an <aside> beside the post."""
    story = "".join(f"<p>{KOREAN} 문단 {i}번의 내용이 이어진다.</p>" for i in range(6))
    html = f"""<html><body><article>{story}<aside>💡<b>10월 17일 추가</b>
    <p>검증을 켜면 모든 데이터를 다시 내려받는다.</p></aside>{story}</article>
    <aside><ul><li><a href="/1">인기 글 하나</a></li><li><a href="/2">인기 글 둘</a></li>
    </ul></aside></body></html>"""
    write(tmp_path / "post.html", html)
    [article] = load_corpus(tmp_path).articles
    assert "검증을 켜면 모든 데이터를 다시 내려받는다." in article.text
    assert "10월 17일 추가" in article.text
    assert "인기 글 하나" not in article.text


def test_line_keys_of_a_whole_text_are_each_lines_key():
    """The repetition context reads a whole text at once; each line's key must be the
    one the cleaner computes line by line (else the cleaning cache never hits)."""
    from dsreader.corpus import line_keys
    from dsreader.repetition import line_key

    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["ΟΔΟΣ Σ\n__a_b__\n\n  x-y_z  \n\u2028\u3000한글 123 ½\n", "", "\n"]
    for text in texts:
        assert line_keys(text) == [line_key(x) for x in text.split("\n")]


def test_a_blog_platforms_nickname_tag_names_the_writer(tmp_path):
    story = "".join(f"<p>{KOREAN} 문단 {i}번의 내용이 이어진다.</p>" for i in range(6))
    html = f"""<html><head><title>글 제목이다</title>
    <meta property="someblog:nickname" content="Dev Studio"/></head>
    <body><article>{story}</article></body></html>"""
    write(tmp_path / "post.html", html)
    [article] = load_corpus(tmp_path).articles
    assert clean(article).meta.author == "Dev Studio"


def test_a_records_whole_text_wins_over_its_summary(tmp_path):
    record = {"title": "제목", "summary": "요약 한 줄이다.", "fullContent": KOREAN}
    write(tmp_path / "feed.jsonl", json.dumps(record, ensure_ascii=False))
    [article] = load_corpus(tmp_path).articles
    assert article.text == KOREAN


def test_a_page_whose_text_is_lists_keeps_its_items():
    """Summaries of news videos (real pages of the development corpus): an overview,
    then bullets under headings, some holding a glossary note. The extractor's precise
    pass keeps one box of such a page and drops the items, which are its text."""
    pages = Path(__file__).parent / "data" / "pages" / "ytscrap-html"
    for page in sorted(pages.glob("*.html")):
        gold = json.loads(page.with_suffix("").with_suffix(".gold.json").read_text("utf-8"))
        items = [b for b in gold["body"] if re.search(r"\(\d\d:\d\d:\d\d", b)]
        text = load_corpus(page).articles[0].text
        kept = [b for b in items if b.split(" (")[0] in text]
        assert len(items) >= 8 and len(kept) >= 0.8 * len(items), page.name


def test_a_short_post_the_extractor_passes_over_for_a_board_is_recovered():
    """A forum page: a three-line post below a long table of other posts. When the
    extraction holds only the table, the post the page's description quotes is taken
    instead; a description that quotes nothing on the page, or what was extracted,
    changes nothing."""
    from lxml import html as lxml_html

    from dsreader.corpus import _described_block, _meta_tags

    rows = "".join(
        f"<tr><td>{400 - i}</td><td>다른 글 제목 {i}번 [3]</td><td>ㅇㅇ</td></tr>"
        for i in range(40)
    )
    post = ["지형을 새로 만들려고 하는데", "아이디어 뭐 없나", "테마가 생각이 안 나네"]
    paragraphs = "".join(f"<p><span>{p}</span></p>" for p in post)
    page = f"""<html><head><title>아이디어 좀 - 예시 갤러리</title>
    <meta property="og:description" content="{"".join(post)}">
    </head><body><div class="list"><table>{rows}</table></div>
    <div class="write_div">{paragraphs}</div></body></html>"""
    tree = lxml_html.fromstring(page)
    board = "\n".join(f"| {400 - i} | 다른 글 제목 {i}번 [3] | ㅇㅇ |" for i in range(40))
    assert _described_block(tree, _meta_tags(page), board) == "\n".join(post)
    assert _described_block(tree, _meta_tags(page), board + "\n" + "\n".join(post)) is None
    assert (
        _described_block(tree, {"og:description": "이 페이지에 없는 요약 문장입니다 정말로"}, board)
        is None
    )


def test_a_news_apis_domain_named_publisher_is_the_source(tmp_path):
    from dsreader.corpus import record_meta

    assert record_meta({"source": "Ohmynews.com"})["source"] == "Ohmynews.com"
    meta = record_meta({"source": "https://www.ohmynews.com/a.aspx"})
    assert "source" not in meta and meta["url"].startswith("https://")
    assert "source" not in record_meta({"source": "ohmynews.com"})


def test_a_page_dense_with_markup_still_decodes():
    rows = "".join(f'<tr><td class="n">{i}</td><td>글 {i}</td></tr>' for i in range(300))
    page = f"<html><body><table>{rows}</table><p>본문입니다.</p></body></html>"
    assert decode_bytes(page.encode("utf-8"))[1] == "utf-8"
    assert decode_bytes(page.encode("cp949"))[1] == "euc-kr/cp949"


def test_a_markdown_post_written_in_a_blog_editors_html_reads_as_its_text(tmp_path):
    """A Tistory post saved as .md: its `<p data-ke-size>` paragraphs, headings and
    list items become lines (headings and items keep markdown's marks); a chart the
    post draws in `<svg>` and a `<figure>` with its caption and data table go."""
    page = (
        "[블로그 링크](https://example.tistory.com/1)\n\n---\n\n"
        '<p data-ke-size="size16">모델은 컨텍스트가 부족하면 실수를 한다.</p>\n'
        '<h2 data-ke-size="size26">RAG</h2>\n'
        '<ul style="list-style-type: disc;">\n<li><b>검색기</b>\n<ul>\n'
        "<li>외부 데이터에서 정보를 찾음</li>\n</ul>\n</li>\n</ul>\n"
        '<p data-ke-size="size16">검색기의 품질이 중요하다.</p>\n\n'
        '<figure class="chart"><svg><text x="1">차트 라벨</text></svg>\n'
        "<figcaption>그림 설명</figcaption>\n\n| 가 | 나 |\n|---|---|\n| 1 | 2 |\n\n</figure>\n\n"
        "맺음말 문단입니다.\n"
    )
    write(tmp_path / "post.md", page)
    [article] = load_corpus(tmp_path).articles
    lines = article.text.splitlines()
    assert "## RAG" in lines and "- 외부 데이터에서 정보를 찾음" in lines
    assert "모델은 컨텍스트가 부족하면 실수를 한다." in lines
    for gone in ("<p", "data-ke-size", "차트 라벨", "그림 설명", "| 1 | 2 |"):
        assert gone not in article.text
    assert "맺음말 문단입니다." in article.text and article.text.startswith("[블로그 링크]")
