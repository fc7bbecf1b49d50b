import json

from conftest import write

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
