"""The fast paths of `stats` and `export` against plain, one-record-at-a-time versions.

At a million labels both commands count, join and encode claim by claim and read
the corpus from a memo of its last load; these tests hold them to what the simple
versions (written out here) give, and check that the memo never hides a change.
"""

import json
import random
import shutil
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from conftest import SEEDS

from dsreader import corpus_memo
from dsreader.analysis import analyze, default_cache
from dsreader.cli import main
from dsreader.corpus import load_corpus
from dsreader.export import FIELDS, annotation_rows, dataset, review_rows, write_jsonl
from dsreader.pipeline import clean_cached
from dsreader.stats import summarize
from dsreader.store import ALL_LABELS, AnnotationStore, anchor


@pytest.fixture(scope="module")
def docs():
    return {d.id: d for d in (analyze(clean_cached(a)) for a in load_corpus(SEEDS).articles)}


def one_row(r, doc, notes):
    """A record as an export row, the plain way: anchored and searched on its own."""
    span = anchor(r, doc.text) if doc is not None else None
    if doc is None:
        notes["not in the corpus"] += 1
    elif span is None:
        notes["orphaned (claim text gone)"] += 1
    start, end = span or (r["start"], r["end"])
    inside = [e for e in doc.entities if e.start >= start and e.end <= end] if span else []
    return {
        "article_id": r["article_id"],
        "title": doc.title if doc else None,
        "source": doc.source if doc else None,
        "published": doc.published if doc else None,
        "text_sha256": doc.text_sha256 if span else r.get("text_sha256"),
        "claim_id": f"{r['article_id']}:{start}-{end}",
        "start": start,
        "end": end,
        "text": r["text"],
        "label": r["label"],
        "comment": r.get("comment") or None,
        "evidence": r.get("evidence") or None,
        "annotator": r.get("annotator", ""),
        "created_at": r.get("created_at"),
        "updated_at": r.get("updated_at"),
        "reviewer": r.get("reviewer"),
        "decided_at": r.get("decided_at"),
        "entities": [
            {"start": e.start - start, "end": e.end - start, "text": e.text, "type": e.type}
            for e in inside
        ],
        "sentence_ids": [s.id for s in doc.sentences if s.start >= start and s.end <= end]
        if span
        else list(r.get("sentence_ids") or ()),
        "merged": False,
    }


def plain_rows(records, docs):
    notes, rows = Counter(), []
    for r in records:
        if r.get("label") is None:
            notes["comment-only records (no label) left out"] += 1
            continue
        rows.append(one_row(r, docs.get(r["article_id"]), notes))
    rows.sort(key=lambda row: (row["article_id"], row["start"], row["end"], row["annotator"]))
    return rows, notes


def awkward_records(docs, seed=7):
    """Many annotators per claim, and every case the claim-by-claim join must get right."""
    rng = random.Random(seed)
    records = []
    for doc in docs.values():
        for s in doc.sentences[:8]:
            for who in rng.sample(["kim", "lee", "park", "choi", "jung"], rng.randint(1, 5)):
                records.append(
                    {
                        "article_id": doc.id,
                        "start": s.start,
                        "end": s.end,
                        "text": s.text,
                        "label": rng.choice(ALL_LABELS),
                        "annotator": who,
                        "comment": rng.choice([None, "", '근거 "확인"\n필요']),
                        "created_at": f"2026-01-0{rng.randint(1, 9)}T00:00:00+00:00",
                    }
                )
    doc = next(iter(docs.values()))
    s = doc.sentences[3]
    moved = {**records[0], "start": s.start + 7, "end": s.end + 7, "text": s.text}  # re-anchored
    twice = {**records[1], "label": "skip"}  # the same claim by the same annotator again
    other_text = {**records[2], "text": doc.sentences[5].text, "annotator": "moon"}  # same offsets
    gone = {**records[3], "text": "이 문장은 기사에 없다", "text_sha256": "f" * 64}
    stranger = {**records[4], "article_id": "0000000000", "sentence_ids": [1, 2]}
    comment = {**records[5], "label": None}
    return [
        comment,
        *records[:40],
        moved,
        twice,
        other_text,
        gone,
        stranger,
        *records[40:],
        comment,
    ]


def test_claim_by_claim_rows_are_the_record_by_record_rows(docs):
    records = awkward_records(docs)
    summary_rows, notes = plain_rows(records, docs)
    rows, summary = dataset(records, docs)
    assert rows == summary_rows
    assert list(summary.notes.items()) == list(notes.items())  # same counts, same order
    reviews = [{**r, "reviewer": "boss", "decided_at": "2026-02-01"} for r in records[10:20]]
    credited = [{**r, "annotator": ""} for r in reviews]
    expected = [{**r, "merged": True} for r in plain_rows(credited, docs)[0]]
    assert review_rows(reviews, docs) == expected
    assert annotation_rows(list(reversed(records)), docs) == plain_rows(reversed(records), docs)[0]


def test_jsonl_lines_are_each_rows_native_fields_as_json(docs, tmp_path):
    rows, _ = dataset(awkward_records(docs, seed=3), docs)
    rows[0] = {**rows[0], "title": '따옴표 " 와 \\ 와 \n 줄바꿈 😀', "evidence": "\u2028"}
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        write_jsonl(rows, fh, None)
    expected = [json.dumps({f: r[f] for f in FIELDS}, ensure_ascii=False) for r in rows]
    assert out.read_text("utf-8").split("\n") == [*expected, ""]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"annotators": ["kim", "moon"]},
        {"labels": ["skip", "opinion"]},
        {"articles": ["0000000000"]},
    ],
)
def test_jsonl_from_claims_is_jsonl_from_rows(docs, tmp_path, filters):
    records = awkward_records(docs, seed=5)
    rows, summary = dataset(records, docs, **filters)
    lazy, lazy_summary = dataset(records, docs, lazy=True, **filters)
    assert list(lazy) == rows == [lazy[i] for i in range(len(lazy))] == list(lazy[:])
    assert lazy_summary.notes == summary.notes
    written = []
    for these in (rows, lazy):
        out = tmp_path / "out.jsonl"
        with out.open("w", encoding="utf-8") as fh:
            write_jsonl(these, fh, None)
        written.append(out.read_bytes())
    assert written[0] == written[1] and written[0].count(b"\n") == len(rows)


def plain_summary(records):
    """Agreement the plain way: each pair's shared claims listed, alpha in floats."""
    claims = {}
    for r in records:
        if r.get("label") is not None:
            claims.setdefault((r["article_id"], r["start"], r["end"]), {})[r["annotator"]] = r[
                "label"
            ]
    names = sorted({a for labels in claims.values() for a in labels})
    pairs = {}
    for a, b in combinations(names, 2):
        shared = [(ls[a], ls[b]) for ls in claims.values() if a in ls and b in ls]
        n = len(shared)
        first, second = Counter(x for x, _ in shared), Counter(y for _, y in shared)
        observed = sum(x == y for x, y in shared) / n if n else None
        expected = sum(first[c] * second[c] for c in first) / (n * n) if n else None
        kappa = None if not n or expected == 1 else (observed - expected) / (1 - expected)
        pairs[(a, b)] = (n, observed, kappa)
    coincidence = Counter()
    for labels in claims.values():
        values = list(labels.values())
        for i, x in enumerate(values):
            for j, y in enumerate(values):
                if i != j:
                    coincidence[(x, y)] += 1 / (len(values) - 1)
    totals = Counter()
    for (x, _), w in coincidence.items():
        totals[x] += w
    n = sum(totals.values())
    disagree = sum(w for (x, y), w in coincidence.items() if x != y)
    expected = sum(totals[x] * totals[y] for x in totals for y in totals if x != y)
    alpha = 1 - (n - 1) * disagree / expected
    multi = sum(len(ls) >= 2 for ls in claims.values())
    return claims, pairs, alpha, multi


def test_stats_agree_with_counting_claim_by_claim(docs):
    records = awkward_records(docs, seed=11)
    claims, pairs, alpha, multi = plain_summary(records)
    s = summarize(records)
    assert s["claims"] == len(claims) and s["multi_annotated"] == multi
    got = {
        tuple(p["annotators"]): (p["items"], p["observed"], p["kappa"])
        for p in s["agreement"]["pairs"]
    }
    assert got == pairs  # the same divisions of the same integers: equal, not just close
    assert s["agreement"]["alpha"]["value"] == pytest.approx(alpha, rel=1e-12)
    a, b = s["confusion"]["annotators"]
    shared = Counter((ls[a], ls[b]) for ls in claims.values() if a in ls and b in ls)
    assert {
        (x, y): n for x, row in s["confusion"]["matrix"].items() for y, n in row.items() if n
    } == shared
    labelled = [r for r in records if r.get("label") is not None]
    assert s["by_annotator"]["kim"]["total"] == sum(r["annotator"] == "kim" for r in labelled)
    assert list(s["by_article"]) == list(dict.fromkeys(r["article_id"] for r in labelled))


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def labelled_db(tmp_path, folder):
    """Every article's first two sentences labelled by kim."""
    path = tmp_path / "db.json"
    store = AnnotationStore(path)
    for a in load_corpus(folder).articles:
        doc = analyze(clean_cached(a))
        for s in doc.sentences[:2]:
            store.put(
                {
                    "article_id": doc.id,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "label": "verified",
                    "annotator": "kim",
                }
            )
    store.close()
    return path


def export_rows(db, folder, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    args = ["--db", str(db), "--corpus", str(folder), "export", "-f", "jsonl", "-o", str(out)]
    assert main([*args, "--force"]) == 0
    capsys.readouterr()
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def unknown_source_labels(db, folder, capsys):
    assert main(["--db", str(db), "--corpus", str(folder), "stats", "--json"]) == 0
    return json.loads(capsys.readouterr().out)["by_source"].get("(unknown)", {}).get("total", 0)


def test_a_changed_corpus_file_is_read_again_not_taken_from_the_memo(corpus, tmp_path, capsys):
    db = labelled_db(tmp_path, corpus)
    first = export_rows(db, corpus, tmp_path, capsys)
    assert corpus_memo.remembered(corpus) is not None  # the next command skips the load
    assert export_rows(db, corpus, tmp_path, capsys) == first
    unknown = unknown_source_labels(db, corpus, capsys)
    # A new title line keeps the article's text below it but not its id: its labels
    # now belong to no article in the corpus, and both commands say so.
    changed = next(r["article_id"] for r in first if r["source"])
    (path,) = [a.path for a in load_corpus(corpus).articles if a.id == changed]
    Path(path).write_text("바뀐 제목\n" + Path(path).read_text("utf-8"), "utf-8")
    assert corpus_memo.remembered(corpus) is None
    after = export_rows(db, corpus, tmp_path, capsys)
    assert [r for r in after if r["article_id"] != changed] == [
        r for r in first if r["article_id"] != changed
    ]
    assert [(r["title"], r["entities"]) for r in after if r["article_id"] == changed] == [
        (None, [])
    ] * 2
    assert unknown_source_labels(db, corpus, capsys) == unknown + 2


def test_a_file_added_to_the_folder_makes_the_memo_stale(corpus, tmp_path, capsys):
    db = labelled_db(tmp_path, corpus)
    export_rows(db, corpus, tmp_path, capsys)
    assert corpus_memo.remembered(corpus) is not None
    (corpus / "new.txt").write_text("새 기사\n본문 한 줄이 여기에 있다.\n", "utf-8")
    assert corpus_memo.remembered(corpus) is None


def test_a_cache_entry_gone_falls_back_to_loading_the_corpus(corpus, tmp_path, capsys):
    db = labelled_db(tmp_path, corpus)
    first = export_rows(db, corpus, tmp_path, capsys)
    rows = corpus_memo.remembered(corpus)
    (default_cache().directory / f"{rows[0].clean_key}.json").unlink()
    assert export_rows(db, corpus, tmp_path, capsys) == first


GOOD = {
    "article_id": "a1",
    "start": 0,
    "end": 5,
    "text": "하나둘셋넷",
    "label": "verified",
    "annotator": "kim",
}


@pytest.mark.parametrize(
    "bad",
    [
        {**GOOD, "start": True},
        {**GOOD, "start": -1},
        {**GOOD, "start": 5},
        {**GOOD, "end": 5.0},
        {**GOOD, "annotator": ""},
        {**GOOD, "annotator": None},
        {**GOOD, "article_id": ""},
        {**GOOD, "label": "maybe"},
        {**GOOD, "label": ["verified"]},
        {**GOOD, "comment": 3},
        {**GOOD, "evidence": ["x"]},
        {k: v for k, v in GOOD.items() if k != "text"},
        "not a record",
    ],
)
def test_one_bad_record_among_many_is_skipped_when_the_database_opens(tmp_path, bad):
    table = {str(i): {**GOOD, "start": i, "end": i + 5, "tool_version": "x"} for i in range(1, 50)}
    table["25"] = bad
    path = tmp_path / "db.json"
    path.write_text(json.dumps({"_default": table}), "utf-8")
    store = AnnotationStore(path, read_only=True, sliced=False)
    assert len(store.stored()) == 48
    (warning,) = store.take_warnings()
    assert "record 25 skipped" in warning


def test_a_record_id_that_is_not_a_number_is_skipped(tmp_path):
    table = {str(i): {**GOOD, "start": i, "end": i + 5} for i in range(1, 10)}
    table["x7"] = table.pop("7")
    path = tmp_path / "db.json"
    path.write_text(json.dumps({"_default": table}), "utf-8")
    store = AnnotationStore(path, read_only=True, sliced=False)
    assert len(store.stored()) == 8 and "not a number" in store.take_warnings()[0]
