"""The trained line classifier: its weights, its guards and corpus-level repetition."""

from conftest import write

from dsreader.analysis import AnalysisCache
from dsreader.clean import clean_lines, clean_text
from dsreader.cleanmodel import LineModel, shipped_model
from dsreader.corpus import load_corpus
from dsreader.linefeatures import FEATURE_NAMES, LineContext, line_key
from dsreader.pipeline import clean_cached

BODY = [
    "반도체 업계는 올해 하반기에 수요가 회복될 것으로 내다봤다. 다만 재고 조정이 길어질 수 있다는 우려도 나온다.",
    "한 애널리스트는 “가격 경쟁이 치열해지고 있다”며 “수익성이 떨어질 수 있다”고 말했다.",
    "정부는 다음 달 지원 대책을 발표할 예정이다. 업계는 세부 내용을 지켜보고 있다.",
]

MORE = [
    "수입 물가는 석 달 연속 올랐고 기업들은 원가 부담을 호소하고 있다. 당국은 시장 안정 조치를 검토하고 있다.",
    "거래가 줄면서 매물은 쌓이고 있다. 중개업계는 금리가 내려가기 전까지 관망세가 이어질 것으로 본다.",
    "중앙은행 총재는 물가 흐름을 더 지켜봐야 한다고 말했다. 시장은 연내 인하 가능성을 낮춰 잡았다.",
]
TITLES = ["환율 급등에 수입물가 들썩", "주택 거래량 석 달째 감소", "금리 인하 서두르지 않겠다"]


def constant_model(junk: bool) -> LineModel:
    """A model that calls every line junk (or none): to test what the guards hold."""
    n = len(FEATURE_NAMES)
    return LineModel(
        features=tuple(FEATURE_NAMES),
        mean=(0.0,) * n,
        scale=(1.0,) * n,
        coef=(0.0,) * n,
        intercept=30.0 if junk else -30.0,
    )


def test_the_shipped_weights_fit_the_feature_extractor():
    model = shipped_model()
    assert model is not None, "src/dsreader/data/cleaner.json is missing: run train_cleaner.py"
    assert list(model.features) == FEATURE_NAMES
    assert len(model.coef) == len(model.mean) == len(model.scale) == len(FEATURE_NAMES)


def test_prose_is_never_removed_for_the_weights_alone():
    raw = "\n".join(["반도체 수요 회복 기대감 커져", "메뉴", *BODY])
    text = clean_text(raw, model=constant_model(junk=True))[0]
    for para in BODY:
        assert para in text
    assert "메뉴" not in text


def test_a_site_line_recurring_across_its_articles_is_removed(tmp_path):
    notice = "이 기사는 예시신문 편집국의 취재 원칙에 따라 작성됐으며 외부 기고는 편집 방향과 다를 수 있습니다."
    stories = [
        [title, body, MORE[i], notice]
        for i, (title, body) in enumerate(zip(TITLES, BODY, strict=True))
    ]
    for i, lines in enumerate(stories):
        write(tmp_path / "site" / f"{i}.txt", "\n".join(lines))
    result = load_corpus(tmp_path)
    for article in result.articles:
        context = result.context(article)
        assert context is not None and context.repeats[line_key(notice)] == 2
        cleaned = clean_cached(article, AnalysisCache(None), context=context)
        assert notice not in cleaned.text
        assert any(r.text == notice and r.reason == "repeated-line" for r in cleaned.removed)
        assert any(body in cleaned.text for body in BODY)
        assert not cleaned.flags
        # Alone, without the other articles, the same line is kept: it reads as prose.
        assert notice in clean_cached(article, AnalysisCache(None)).text


def test_the_clean_cache_tells_articles_with_and_without_corpus_context_apart(tmp_path):
    notice = "이 기사는 예시신문 편집국의 취재 원칙에 따라 작성됐으며 외부 기고는 편집 방향과 다를 수 있습니다."
    write(tmp_path / "a.txt", "\n".join(["제목 한 줄이 여기에", *BODY, notice]))
    [article] = load_corpus(tmp_path).articles
    cache = AnalysisCache(tmp_path / "cache")
    alone = clean_cached(article, cache)
    context = LineContext({line_key(notice): 3}, 3)
    together = clean_cached(article, cache, context=context)
    assert notice in alone.text and notice not in together.text
    assert clean_cached(article, cache, context=context).text == together.text


def test_when_most_prose_would_go_it_is_kept_and_the_article_flagged():
    raw = "\n".join(["제목 한 줄이 여기에", *BODY])
    context = LineContext({line_key(p): 4 for p in BODY}, 4)  # every paragraph recurs
    result = clean_lines(raw, context=context)
    for para in BODY:
        assert para in result.text
    assert "most-prose-kept" in result.flags


def test_a_byline_at_the_end_and_a_date_glued_to_a_section_cost_no_body():
    raw = "\n".join(
        [
            "韓 소프트웨어 업계 3분기 '호황'…AI·클라우드 전략 통했다",
            "AI 매출 본격 반영·클라우드 전환 가속…공공·금융 중심 성장 모멘텀 확대",
            "컴퓨팅입력 :2025/11/14 10:55    수정: 2025/11/14 11:07",
            *BODY,
            "홍길동 기자hong@example.co.kr",
        ]
    )
    from dsreader.clean import clean
    from dsreader.corpus import RawArticle

    article = RawArticle(id="x", path="x.txt", text=raw, encoding="utf-8")
    cleaned = clean(article)
    for para in BODY:
        assert para in cleaned.text
    assert "AI 매출 본격 반영" in cleaned.text  # the deck under the headline stays
    assert "hong@example.co.kr" not in cleaned.text and "입력" not in cleaned.text
    assert cleaned.meta.title.startswith("韓 소프트웨어 업계")
    assert cleaned.meta.author == "홍길동"
    assert cleaned.meta.published == "2025-11-14T10:55:00"


def test_one_more_article_of_a_site_leaves_its_siblings_clean_cache_valid(tmp_path):
    from dsreader.corpus import corpus_contexts

    chrome = "이 글자크기로 변경됩니다. 예시신문의 모든 기사는 저작권법의 보호를 받습니다."

    def site(n: int) -> list:
        for k in range(n):
            story = [f"{k}번째 기사의 {p}" for p in BODY]
            write(tmp_path / f"a{k}.txt", "\n".join([f"제목 {k}번 기사", *story, chrome]))
        return sorted(load_corpus(tmp_path).articles, key=lambda a: a.path)

    first = site(4)[0]
    before = corpus_contexts(site(4))[first.id].digest()
    after = corpus_contexts(site(5))[first.id].digest()
    assert before == after
    # ... while an article that repeats one of its lines does change it
    write(tmp_path / "a9.txt", "\n".join(["제목 9번 기사", f"0번째 기사의 {BODY[0]}", chrome]))
    grown = load_corpus(tmp_path).articles
    assert corpus_contexts(grown)[first.id].digest() != before
