"""Sentences and typed entities on sentences written for the tests, plus the seed reference."""

import sys

import pytest
from conftest import ROOT

from dsreader.analysis import analyze_text


def entities(text):
    _, found = analyze_text(text)
    for e in found:
        assert text[e.start : e.end] == e.text  # offsets into the original string
    return [(e.text, e.type) for e in found]


def sentences(text):
    found, _ = analyze_text(text)
    for s in found:
        assert text[s.start : s.end] == s.text
    return [s.text for s in found]


def test_sentences_survive_glued_stops_quotes_numbers_and_headings():
    text = (
        "주가는 16.97% 떨어졌다.반등은 없었다.\n"
        "“AI는 거품이다…” 그는 말했다. 2025. 3. 16. 발표된 자료다\n"
        "▶ 출시 일주일, 앱 순위 1위\n"
        "그는 ‘오픈소스가 답’이라고 했다."
    )
    assert sentences(text) == [
        "주가는 16.97% 떨어졌다.",
        "반등은 없었다.",
        "“AI는 거품이다…” 그는 말했다.",
        "2025. 3. 16. 발표된 자료다",
        "▶ 출시 일주일, 앱 순위 1위",
        "그는 ‘오픈소스가 답’이라고 했다.",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "엔비디아의 젠슨 황 CEO는 도널드 트럼프 대통령과 만났다.",
            [("엔비디아", "ORG"), ("젠슨 황", "PERSON"), ("도널드 트럼프", "PERSON")],
        ),
        (
            "샘 올트만 오픈AI 최고경영자는 챗GPT 새 버전을 공개했다.",
            [("샘 올트만", "PERSON"), ("오픈AI", "ORG"), ("챗GPT", "PRODUCT")],
        ),
        (
            "화웨이는 어센드 910C를, 딥시크는 딥시크-R1을 내놨다. SK하이닉스는 H800을 비판했다.",
            [
                ("화웨이", "ORG"),
                ("어센드 910C", "PRODUCT"),
                ("딥시크", "ORG"),
                ("딥시크-R1", "PRODUCT"),
                ("SK하이닉스", "ORG"),
                ("H800", "PRODUCT"),
            ],
        ),
        (
            "비용은 558만달러(78억1200만원)였고 정부는 5000억 원을 넣는다. "
            "주가는 16.97% 떨어졌고 칩 2048개를 썼다. 2019년 5월에 시작됐다.",
            [
                ("558만달러", "MONEY"),
                ("78억1200만원", "MONEY"),
                ("5000억 원", "MONEY"),
                ("16.97%", "PERCENT"),
                ("2048개", "QUANTITY"),
                ("2019년 5월", "DATE"),
            ],
        ),
    ],
)
def test_multi_token_names_and_figures_come_out_whole(text, expected):
    assert entities(text) == expected


def test_signs_dotted_dates_and_derivatives_of_places():
    found = entities("지수는 612.47포인트(-3.07%) 내렸고 2025. 3. 16. 다우는 (+0.65%) 올랐다.")
    assert ("-3.07%", "PERCENT") in found and ("+0.65%", "PERCENT") in found
    assert ("2025. 3. 16.", "DATE") in found and ("612.47포인트", "QUANTITY") in found
    # 중국산 (made in China), 중국인 (Chinese people), 중국어: not mentions of the place
    assert entities("중국산 칩과 중국인 연구자, 중국어 자료가 늘었다. 중국 정부는 반발했다.") == [
        ("중국", "LOC")
    ]


def test_aliases_short_forms_and_products_of_companies_take_their_type():
    found = entities(
        "딥시크(DeepSeek)는 항저우시에 있다. 도널드 트럼프 대통령이 말했다. 트럼프는 관세를 예고했다. "
        "알리바바의 Qwenlong(通义)과 바이두의 Ernie가 경쟁한다. 삼협댐 인근이다."
    )
    for pair in [
        ("DeepSeek", "ORG"),
        ("항저우시", "LOC"),
        ("트럼프", "PERSON"),
        ("Qwenlong", "PRODUCT"),
        ("通义", "PRODUCT"),
        ("Ernie", "PRODUCT"),
        ("삼협댐", "LOC"),
    ]:
        assert pair in found
    # no fragments of a whole name
    assert all(t not in ("챗", "GPT", "H", "800") for t, _ in found)


def test_an_entity_never_spans_a_seam_left_by_removed_boilerplate():
    text = "삼성전자는 웃었다 엔비디아는 울었다."
    seam = text.index("엔비디아")
    _, found = analyze_text(text, seams=(seam,))
    assert all(not (e.start < seam < e.end) for e in found)


def test_seed_reference_precision_and_recall():
    """The hand-labelled reference (tests/data/entities); the figures go in the README."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_entities import TYPES, figures, load_corpus, score

    from dsreader.pipeline import clean_cached

    articles = [clean_cached(a) for a in load_corpus(ROOT / "seeds").articles]
    counts, _ = score(articles)
    micro = figures("micro", sum(counts.values(), type(counts["ORG"])()))
    assert micro["gold"] > 350  # every seed was labelled
    assert micro["precision"] >= 0.90 and micro["recall"] >= 0.85
    assert all(counts[t]["tp"] for t in TYPES)  # every type is found at least once
