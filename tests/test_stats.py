"""Agreement figures against cases worked out by hand or published with the measures."""

import pytest

from dsreader.stats import cohen_kappa, krippendorff_alpha, summarize


def rec(article, start, annotator, label):
    return {
        "article_id": article,
        "start": start,
        "end": start + 5,
        "annotator": annotator,
        "label": label,
    }


def test_cohen_kappa_of_a_textbook_table():
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
    # p_o = 35/50 = 0.7; p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7-0.5)/(1-0.5) = 0.4
    pairs = [("v", "v")] * 20 + [("v", "d")] * 5 + [("d", "v")] * 10 + [("d", "d")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)


def test_cohen_kappa_perfect_and_chance():
    assert cohen_kappa([("v", "v"), ("d", "d"), ("o", "o")]) == pytest.approx(1.0)
    # A always says v; B splits evenly: p_o = 0.5, p_e = 1*0.5 = 0.5 -> 0
    assert cohen_kappa([("v", "v"), ("v", "d")]) == pytest.approx(0.0)


def test_krippendorff_alpha_matches_krippendorffs_own_examples():
    # "Computing Krippendorff's Alpha-Reliability" (2011): binary, two observers: 0.095
    a = "0 1 0 0 0 0 0 0 1 0".split()
    b = "1 1 1 0 0 1 0 0 0 0".split()
    assert krippendorff_alpha(zip(a, b, strict=True)) == pytest.approx(0.095, abs=5e-4)
    # nominal, four observers, missing values (".") in 12 units: 0.743
    rows = [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ]
    units = [[v for v in col if v != "."] for col in zip(*(r.split() for r in rows), strict=True)]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)


def test_degenerate_cases_are_undefined_not_a_number():
    same = [("v", "v")] * 4
    assert cohen_kappa(same) is None  # one label everywhere: chance agreement is 1
    assert krippendorff_alpha(same) is None
    assert cohen_kappa([]) is None  # no overlap
    assert krippendorff_alpha([["v"], ["d"]]) is None  # one coder per unit: nothing to pair


def test_summary_counts_and_pairs():
    records = [
        rec("a1", 0, "kim", "verified"),
        rec("a1", 0, "lee", "verified"),
        rec("a1", 10, "kim", "disputed"),
        rec("a1", 10, "lee", "opinion"),
        rec("a2", 0, "kim", "opinion"),  # only kim: not shared
        rec("a2", 20, "park", "verified"),  # park shares nothing
    ]
    s = summarize(records, sources={"a1": "연합뉴스"})
    assert s["annotations"] == 6 and s["claims"] == 4 and s["multi_annotated"] == 2
    assert s["by_label"] == {"verified": 3, "disputed": 1, "opinion": 2, "skip": 0}
    assert s["by_annotator"]["kim"]["total"] == 3 and s["by_annotator"]["park"]["verified"] == 1
    assert s["by_source"]["연합뉴스"]["total"] == 4 and s["by_source"]["(unknown)"]["total"] == 2
    pairs = {tuple(p["annotators"]): p for p in s["agreement"]["pairs"]}
    assert pairs[("kim", "lee")]["items"] == 2 and pairs[("kim", "lee")]["observed"] == 0.5
    # kim: v,d  lee: v,o -> p_o = .5, p_e = (1*1)/4 = .25 -> kappa = .25/.75
    assert pairs[("kim", "lee")]["kappa"] == pytest.approx(1 / 3)
    assert pairs[("kim", "park")]["items"] == 0 and pairs[("kim", "park")]["kappa"] is None
    # confusion table defaults to the pair sharing the most claims
    c = s["confusion"]
    assert c["annotators"] == ["kim", "lee"]
    assert c["matrix"]["verified"]["verified"] == 1 and c["matrix"]["disputed"]["opinion"] == 1
    assert sum(sum(row.values()) for row in c["matrix"].values()) == 2


def test_one_annotator_has_no_agreement():
    s = summarize([rec("a", 0, "kim", "verified"), rec("a", 10, "kim", "opinion")])
    assert s["agreement"]["pairs"] == [] and s["agreement"]["alpha"]["value"] is None
    assert s["confusion"] is None


def test_skip_is_a_label_comments_are_not_and_reviews_are_counted():
    records = [
        rec("a1", 0, "kim", "skip"),
        rec("a1", 0, "lee", "skip"),
        rec("a1", 10, "kim", None),  # a comment without a label
        rec("a1", 10, "lee", "opinion"),
    ]
    reviews = [{**rec("a1", 0, "", "skip"), "reviewer": "boss"}]
    s = summarize(records, reviews=reviews)
    assert s["annotations"] == 3 and s["comments_only"] == 1
    assert s["by_label"]["skip"] == 2 and s["by_annotator"]["kim"]["total"] == 1
    (pair,) = s["agreement"]["pairs"]
    assert pair["items"] == 1 and pair["observed"] == 1.0  # the comment is not a vote
    assert s["reviewed"] == {
        "claims": 1,
        "by_label": {"verified": 0, "disputed": 0, "opinion": 0, "skip": 1},
        "reviewers": ["boss"],
    }
