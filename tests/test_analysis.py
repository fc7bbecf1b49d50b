"""Sentences and typed entities on sentences written for the tests, plus the seed reference."""

import sys
from pathlib import Path

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


@pytest.mark.parametrize(
    "text, expected",
    [
        # two-word foreign names before a title, the employer between them and the title
        (
            "에마뉘엘 마크롱 대통령과 리시 수낵 총리가 만났다.",
            [("에마뉘엘 마크롱", "PERSON"), ("리시 수낵", "PERSON")],
        ),
        ("제롬 파월 연준 의장이 말했다.", [("제롬 파월", "PERSON"), ("연준", "ORG")]),
        ("웨이저자 TSMC 회장과 만났다.", [("웨이저자", "PERSON"), ("TSMC", "ORG")]),
        ("카카오 신원근 대표가 말했다.", [("카카오", "ORG"), ("신원근", "PERSON")]),
        # an organisation's suffix outweighs the title after it
        ("김영수 한국은행 부총재가 말했다.", [("김영수", "PERSON"), ("한국은행", "ORG")]),
        # a place suffix Kiwi splits off
        ("텍사스주와 네바다주에 공장이 있다.", [("텍사스주", "LOC"), ("네바다주", "LOC")]),
        # a name and its version; the object of a launch verb is a product
        ("오픈AI는 GPT 5를 공개했다.", [("오픈AI", "ORG"), ("GPT 5", "PRODUCT")]),
        ("메타는 라마 3을 내놓았다.", [("메타", "ORG"), ("라마 3", "PRODUCT")]),
        ("트럼프 2기 행정부가 출범했다.", [("트럼프", "PERSON")]),
        # an unknown name listed with companies, or introduced as a subsidiary
        (
            "애플, 구글, 앤트로픽 등이 참여했다.",
            [("애플", "ORG"), ("구글", "ORG"), ("앤트로픽", "ORG")],
        ),
        ("구글 자회사 웨이모가 달린다.", [("구글", "ORG"), ("웨이모", "ORG")]),
    ],
)
def test_cues_for_names_the_gazetteer_does_not_know(text, expected):
    assert entities(text) == expected


def test_an_entity_never_spans_a_seam_left_by_removed_boilerplate():
    text = "삼성전자는 웃었다 엔비디아는 울었다."
    seam = text.index("엔비디아")
    _, found = analyze_text(text, seams=(seam,))
    assert all(not (e.start < seam < e.end) for e in found)


@pytest.mark.parametrize("which, min_gold", [("seeds", 350), ("heldout", 90)])
def test_reference_precision_and_recall(which, min_gold):
    """The hand-labelled references (tests/data/); the figures go in the README."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from collections import Counter

    from bench_entities import (
        HELDOUT,
        REFERENCE,
        TYPES,
        figures,
        load_corpus,
        load_reference,
        score,
    )

    from dsreader.pipeline import clean_cached

    corpus, reference = (ROOT / "seeds", REFERENCE) if which == "seeds" else (HELDOUT, HELDOUT)
    articles = [clean_cached(a) for a in load_corpus(corpus).articles]
    for article in articles:  # the reference still matches the cleaned text
        for surface, _ in load_reference(reference / f"{Path(article.path).stem}.tsv"):
            assert surface in article.text, (article.path, surface)
    counts, _ = score(articles, reference)
    micro = figures("micro", sum(counts.values(), Counter()))
    assert micro["gold"] > min_gold  # every text was labelled
    assert micro["precision"] >= 0.90 and micro["recall"] >= 0.85
    assert all(counts[t]["tp"] for t in TYPES)  # every type is found at least once


def test_the_gazetteer_names_each_entry_once_with_a_known_type():
    from importlib import resources

    rows = [
        line.split("\t")
        for line in resources.files("dsreader")
        .joinpath("data/gazetteer.txt")
        .read_text("utf-8")
        .splitlines()
        if line.strip() and not line.startswith("#")
    ]
    names = [row[0] for row in rows]
    assert len(names) == len(set(names))
    assert {row[1] for row in rows} <= {"PERSON", "ORG", "LOC", "PRODUCT"}
    assert all(row[2:] in ([], ["common"]) for row in rows)  # the only flag there is


def test_the_cache_key_covers_every_module_a_cleaned_text_depends_on():
    """A cached cleaning or analysis is keyed on the source of the rules that made it:
    a module of the pipeline missing from the key would serve stale results after an
    upgrade (corpus.py only reads files: its output is the text the key hashes)."""
    import subprocess

    code = (
        "import sys, dsreader.pipeline, dsreader.clean, dsreader.analysis;"
        "print(' '.join(m for m in sys.modules if m.startswith('dsreader.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    from dsreader.analysis import FINGERPRINTED

    loaded = {m.split(".")[-1] + ".py" for m in out.stdout.split()}
    assert loaded - set(FINGERPRINTED) <= {"corpus.py"}
    assert "data/cleaner.json" in FINGERPRINTED
