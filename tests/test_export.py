"""Exports read back with each consumer's own rules; import merges and is idempotent."""

import csv
import json
import os
import stat
import xml.etree.ElementTree as ET

import pytest
from conftest import SEEDS

from dsreader.analysis import analyze
from dsreader.cli import main
from dsreader.corpus import load_corpus
from dsreader.pipeline import clean_cached
from dsreader.store import AnnotationStore

# The native schema as the issue states it, typed out here rather than imported.
NATIVE = [
    "article_id", "title", "source", "published", "text_sha256", "claim_id", "start", "end",
    "text", "label", "comment", "evidence", "annotator", "created_at", "updated_at",
    "reviewer", "decided_at", "entities",
]  # fmt: skip
TYPES = {"PERSON", "ORG", "LOC", "PRODUCT", "MONEY", "PERCENT", "DATE", "QUANTITY"}


@pytest.fixture(scope="module")
def docs():
    return {d.id: d for d in (analyze(clean_cached(a)) for a in load_corpus(SEEDS).articles)}


def label(store, doc, first, last, annotator, value, comment=None, evidence=None):
    s, e = doc.sentences[first].start, doc.sentences[last].end
    store.put(
        {
            "article_id": doc.id,
            "text_sha256": doc.text_sha256,
            "start": s,
            "end": e,
            "text": doc.text[s:e],
            "sentence_ids": list(range(first, last + 1)),
            "label": value,
            "comment": comment,
            "evidence": evidence,
            "annotator": annotator,
        }
    )


@pytest.fixture
def db(tmp_path, docs):
    """Two annotators on every seed: kim labels sentences 0-5, lee 0-3 (agreeing on 0-1)."""
    path = tmp_path / "db.json"
    store = AnnotationStore(path)
    for doc in docs.values():
        kinds = ["verified", "disputed", "opinion", "verified", "disputed", "opinion"]
        for k, kind in enumerate(kinds):
            label(store, doc, k, k, "kim", kind, comment="=HYPERLINK(1)" if k == 2 else "좋음")
        for k, kind in enumerate(["verified", "disputed", "verified", "opinion"]):
            label(
                store, doc, k, k, "lee", kind, evidence="https://example.org/x" if k == 0 else None
            )
        label(store, doc, 6, 7, "kim", "verified")  # a two-sentence claim
    store.close()
    return path


def export(db, tmp_path, fmt, *extra, name=None):
    out = tmp_path / (name or f"out.{fmt}")
    code = main(
        ["--db", str(db), "--corpus", str(SEEDS), "export", "-f", fmt, "-o", str(out), *extra]
    )
    assert code == 0
    return out


def jsonl(path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_jsonl_has_the_documented_fields_and_claim_relative_entities(db, tmp_path, docs, capsys):
    rows = jsonl(export(db, tmp_path, "jsonl"))
    assert "wrote 55 records" in capsys.readouterr().out  # 5 × (6 + 4 + 1)
    assert len(rows) == 55
    for row in rows:
        assert list(row) == NATIVE
        doc = docs[row["article_id"]]
        assert doc.text[row["start"] : row["end"]] == row["text"]
        assert row["text_sha256"] == doc.text_sha256 and row["title"] == doc.title
        for e in row["entities"]:
            assert row["text"][e["start"] : e["end"]] == e["text"] and e["type"] in TYPES
    assert sum(bool(r["entities"]) for r in rows) > 10
    for doc in docs.values():  # the two-sentence claim is one record
        span = (doc.sentences[6].start, doc.sentences[7].end)
        assert [r for r in rows if (r["article_id"], r["start"], r["end"]) == (doc.id, *span)]
    same_claim = {(r["claim_id"], r["annotator"]) for r in rows}
    assert len(same_claim) == 55


def test_csv_reads_back_and_neutralises_formulas(db, tmp_path):
    out = export(db, tmp_path, "csv")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == NATIVE and len(rows) == 55
    comments = {r["comment"] for r in rows}
    assert "'=HYPERLINK(1)" in comments and "=HYPERLINK(1)" not in comments
    assert all(not r[f].startswith(("=", "+", "@")) for r in rows for f in NATIVE)
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    excel = export(db, tmp_path, "csv", "--excel", name="excel.csv")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
    with excel.open(encoding="utf-8-sig", newline="") as fh:
        assert list(csv.DictReader(fh)) == rows


def test_doccano_classification_and_sequence_labelling(db, tmp_path):
    for row in jsonl(export(db, tmp_path, "doccano")):
        assert isinstance(row["text"], str)
        assert isinstance(row["label"], list) and len(row["label"]) == 1
        assert row["label"][0] in {"verified", "disputed", "opinion"}
    spans = jsonl(export(db, tmp_path, "doccano", "--entities", name="ner.jsonl"))
    assert len({r["claim_id"] for r in spans}) == len(spans) == 35  # one line per claim
    for row in spans:
        for start, end, kind in row["label"]:
            assert 0 <= start < end <= len(row["text"]) and kind in TYPES


def test_label_studio_tasks_fit_the_labeling_config(db, tmp_path):
    from dsreader.export import LABEL_STUDIO_CONFIG

    config = ET.fromstring(LABEL_STUDIO_CONFIG)
    tags = {el.get("name"): el for el in config.iter() if el.get("name")}
    choices = {c.get("value") for c in tags["claim"].iter("Choice")}
    entity_labels = {c.get("value") for c in tags["entity"].iter("Label")}
    tasks = json.loads(export(db, tmp_path, "label-studio").read_text("utf-8"))
    assert isinstance(tasks, list) and len(tasks) == 35
    assert sum(len(t["annotations"]) for t in tasks) == 55
    for task in tasks:
        text = task["data"][tags["text"].get("value").lstrip("$")]
        for ann in task["annotations"]:
            for r in ann["result"]:
                assert r["from_name"] in tags and r["to_name"] == "text"
                assert tags[r["from_name"]].get("toName") == "text"
                if r["type"] == "choices":
                    assert set(r["value"]["choices"]) <= choices
        for pred in task["predictions"]:
            for r in pred["result"]:
                v = r["value"]
                assert r["type"] == "labels" and set(v["labels"]) <= entity_labels
                assert text[v["start"] : v["end"]] == v["text"]


def test_parquet_has_a_schema(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(export(db, tmp_path, "parquet"))
    assert table.schema.names == NATIVE and table.num_rows == 55
    assert str(table.schema.field("start").type) == "int32"
    first = table.slice(0, 55).to_pylist()
    assert all(r["text"] for r in first)


def test_filters(db, tmp_path, docs):
    by_lee = jsonl(export(db, tmp_path, "jsonl", "--annotator", "lee", name="lee.jsonl"))
    assert len(by_lee) == 20 and {r["annotator"] for r in by_lee} == {"lee"}
    verified = jsonl(export(db, tmp_path, "jsonl", "--label", "verified", name="v.jsonl"))
    assert len(verified) == 5 * (2 + 1 + 2)
    first = sorted(docs)[0]
    one = jsonl(export(db, tmp_path, "jsonl", "--article", first[:6], name="a.jsonl"))
    assert len(one) == 11 and {r["article_id"] for r in one} == {first}
    # kim and lee label sentences 0-3: they agree on 0 and 1 only
    agreed = jsonl(export(db, tmp_path, "jsonl", "--agreed", name="ag.jsonl"))
    assert len(agreed) == 10 and {r["annotator"] for r in agreed} == {"kim+lee"}
    # majority: 0,1 agreed; 2,3 are 1-1 ties (left out); 4,5 and the 2-sentence claim kim alone
    adjudicated = jsonl(export(db, tmp_path, "jsonl", "--adjudicated", name="adj.jsonl"))
    assert len(adjudicated) == 5 * (2 + 3)


def test_existing_output_is_kept_without_force(db, tmp_path, capsys):
    out = tmp_path / "keep.jsonl"
    out.write_text("precious")
    args = ["--db", str(db), "--corpus", str(SEEDS), "export", "-f", "jsonl", "-o", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "--force" in err and len(err.strip().splitlines()) == 1
    assert out.read_text() == "precious"
    assert main([*args, "--force"]) == 0 and len(jsonl(out)) == 55
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_import_round_trip_is_idempotent(db, tmp_path, capsys):
    exported = export(db, tmp_path, "jsonl")
    other = tmp_path / "other.json"
    base = ["--db", str(other), "--corpus", str(SEEDS), "import", str(exported)]
    assert main(base) == 0
    assert "55 added, 0 updated, 0 skipped" in capsys.readouterr().out
    assert main(base) == 0
    assert "0 added, 0 updated, 55 skipped" in capsys.readouterr().out
    store = AnnotationStore(other, read_only=True)
    original = AnnotationStore(db, read_only=True)
    strip = lambda rs: sorted(  # noqa: E731
        (r["article_id"], r["start"], r["end"], r["annotator"], r["label"], r["sentence_ids"])
        for r in rs
    )
    assert strip(store.all()) == strip(original.all())
    # a newer label made elsewhere updates; an older one does not
    rows = jsonl(exported)
    rows[0]["label"], rows[0]["updated_at"] = "opinion", "2999-01-01T00:00:00+00:00"
    rows[1]["label"], rows[1]["updated_at"] = "opinion", "2000-01-01T00:00:00+00:00"
    changed = tmp_path / "changed.jsonl"
    changed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:2]))
    assert main(["--db", str(other), "--corpus", str(SEEDS), "import", str(changed)]) == 0
    assert "0 added, 1 updated, 1 skipped" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json\n", "is not JSON"),
        ('{"text": "x"}\n', "missing"),
        (b"\xff\xfe\x00garbage", "not a UTF-8"),
    ],
)
def test_bad_import_files_are_refused_in_one_line(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content.encode() if isinstance(content, str) else content)
    db = tmp_path / "db.json"
    assert main(["--db", str(db), "--corpus", str(SEEDS), "import", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert not db.exists()


def test_stats_command(db, capsys):
    assert main(["--db", str(db), "--corpus", str(SEEDS), "stats", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["annotations"] == 55 and figures["multi_annotated"] == 20
    (pair,) = figures["agreement"]["pairs"]
    assert pair["annotators"] == ["kim", "lee"] and pair["items"] == 20
    assert pair["observed"] == pytest.approx(0.5)
    assert main(["--db", str(db), "--corpus", str(SEEDS), "stats"]) == 0
    text = capsys.readouterr().out
    assert "Cohen" in text and "Krippendorff" in text and "kim × lee" in text
    assert main(["--db", str(db), "stats", "--pair", "kim", "nobody"]) == 2


# --- skip, comment-only records and review decisions ----------------------------------


@pytest.fixture
def mixed(db, docs):
    """db, plus per article: kim says sentence 8 is not a claim (skip), kim leaves a
    comment without a label on sentence 9, and boss decides sentence 2 (a kim/lee
    opinion/verified split) is disputed."""
    store = AnnotationStore(db)
    for doc in docs.values():
        label(store, doc, 8, 8, "kim", "skip")
        label(store, doc, 9, 9, "kim", None, comment="나중에 확인")
        s = doc.sentences[2]
        store.put_review(
            {
                "article_id": doc.id,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "label": "disputed",
                "reviewer": "boss",
                "comment": "출처와 다름",
            }
        )
    store.close()
    return db


def test_skip_is_exported_and_comment_only_records_are_left_out_and_counted(
    mixed, tmp_path, capsys
):
    rows = jsonl(export(mixed, tmp_path, "jsonl"))
    out = capsys.readouterr().out
    assert "wrote 60 records" in out and "5 comment-only records (no label) left out" in out
    assert sum(r["label"] == "skip" for r in rows) == 5
    assert all(r["label"] is not None for r in rows)
    skips = jsonl(export(mixed, tmp_path, "jsonl", "--label", "skip", name="skip.jsonl"))
    assert len(skips) == 5 and {r["annotator"] for r in skips} == {"kim"}
    doccano = jsonl(export(mixed, tmp_path, "doccano"))
    assert sum(r["label"] == ["skip"] for r in doccano) == 5


def test_adjudicated_prefers_the_review_decision_and_reviewed_keeps_only_those(
    mixed, tmp_path, capsys
):
    rows = jsonl(export(mixed, tmp_path, "jsonl", "--adjudicated"))
    # per article: 0,1 agreed; 2 decided in review; 3 a tie (left out); 4, 5, 6-7 and
    # the skip on 8 are kim's alone
    assert len(rows) == 5 * 7 and "5 claims decided by a reviewer" in capsys.readouterr().out
    assert all(list(r) == NATIVE for r in rows)
    decided = [r for r in rows if r["reviewer"]]
    assert len(decided) == 5
    for r in decided:
        assert (r["label"], r["reviewer"], r["annotator"]) == ("disputed", "boss", "kim+lee")
        assert r["decided_at"] and r["comment"] == "출처와 다름"
    assert all(r["decided_at"] is None for r in rows if not r["reviewer"])
    reviewed = jsonl(export(mixed, tmp_path, "jsonl", "--reviewed", name="rev.jsonl"))
    assert [r["claim_id"] for r in reviewed] == [r["claim_id"] for r in decided]
    assert "claims not reviewed" in capsys.readouterr().out


def test_stats_counts_review_decisions(mixed, capsys):
    assert main(["--db", str(mixed), "--corpus", str(SEEDS), "stats", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["reviewed"]["claims"] == 5 and figures["reviewed"]["reviewers"] == ["boss"]
    assert figures["comments_only"] == 5 and figures["by_label"]["skip"] == 5
    assert main(["--db", str(mixed), "--corpus", str(SEEDS), "stats"]) == 0
    assert "5 claims decided in review by boss" in " ".join(capsys.readouterr().out.split())


# --- FEVER ----------------------------------------------------------------------------


def test_fever_evidence_sets_point_at_the_claims_sentences(mixed, tmp_path, docs, capsys):
    rows = jsonl(export(mixed, tmp_path, "fever"))
    out = capsys.readouterr().out
    # per article: 12 labels, the skip left out; opinions become NOT ENOUGH INFO
    assert len(rows) == 5 * 11 and "5 skip (not a claim) records left out" in out
    # sentences 2 and 3 carry SUPPORTS from one annotator and NEI from the other
    assert "10 claims with different labels from different annotators" in out
    assert {r["label"] for r in rows} == {"SUPPORTS", "REFUTES", "NOT ENOUGH INFO"}
    for r in rows:
        doc = docs[r["article_id"]]
        if r["label"] == "NOT ENOUGH INFO":
            assert r["verifiable"] == "NOT VERIFIABLE"
            assert r["evidence"] == [[[r["id"], None, None, None]]]
            continue
        (group,) = r["evidence"]
        assert {e[0] for e in group} == {r["id"]} and len({e[1] for e in group}) == 1
        assert {e[2] for e in group} == {r["article_id"]}
        lines = [e[3] for e in group]
        joined = doc.text[doc.sentences[lines[0]].start : doc.sentences[lines[-1]].end]
        assert joined == r["claim"]
    assert sum(len(r["evidence"][0]) == 2 for r in rows if r["label"] != "NOT ENOUGH INFO") == 5
    assert any(r["evidence_url"] == "https://example.org/x" for r in rows)


def test_fever_ids_are_stable_across_exports_and_opinions_can_be_dropped(mixed, tmp_path, capsys):
    everything = {
        (r["claim_id"], r["annotator"]): r["id"] for r in jsonl(export(mixed, tmp_path, "fever"))
    }
    assert len(set(everything.values())) == len(everything)
    lee = jsonl(export(mixed, tmp_path, "fever", "--annotator", "lee", name="lee.jsonl"))
    assert all(everything[(r["claim_id"], "lee")] == r["id"] for r in lee)
    capsys.readouterr()
    dropped = jsonl(export(mixed, tmp_path, "fever", "--opinion", "drop", name="d.jsonl"))
    out = capsys.readouterr().out
    assert len(dropped) == 5 * 8 and "15 opinion records left out" in out
    assert "different labels" not in out
    one = jsonl(export(mixed, tmp_path, "fever", "--adjudicated", name="adj.jsonl"))
    assert len({r["claim_id"] for r in one}) == len(one)  # one label per claim


# --- Label Studio ---------------------------------------------------------------------


def test_label_studio_ids_times_and_no_ground_truth(mixed, tmp_path):
    tasks = json.loads(export(mixed, tmp_path, "label-studio").read_text("utf-8"))
    again = json.loads(export(mixed, tmp_path, "label-studio", name="again.json").read_text())
    assert [t["id"] for t in tasks] == [t["id"] for t in again]
    assert len(tasks) == 5 * 8 and len({t["id"] for t in tasks}) == len(tasks)
    annotations = [a for t in tasks for a in t["annotations"]]
    assert len(annotations) == 60 and len({a["id"] for a in annotations}) == 60
    for task in tasks:
        for a in task["annotations"]:
            assert a["ground_truth"] is False and a["created_at"] and a["updated_at"]
            assert "completed_by" not in a  # without a domain: the importing user
            assert task["meta"]["annotations"][str(a["id"])]["annotator"] in {"kim", "lee"}
    choices = {a["result"][0]["value"]["choices"][0] for a in annotations}
    assert choices == {"verified", "disputed", "opinion", "skip"}


def test_label_studio_credits_annotators_by_email_and_reviews_are_ground_truth(mixed, tmp_path):
    out = export(mixed, tmp_path, "label-studio", "--ls-email-domain", "example.org")
    emails = {
        a["completed_by"]["email"] for t in json.loads(out.read_text()) for a in t["annotations"]
    }
    assert emails == {"kim@example.org", "lee@example.org"}
    adj = export(
        mixed,
        tmp_path,
        "label-studio",
        "--adjudicated",
        "--ls-email-domain",
        "example.org",
        name="adj.json",
    )
    annotations = [a for t in json.loads(adj.read_text()) for a in t["annotations"]]
    truth = [a for a in annotations if a["ground_truth"]]
    assert len(truth) == 5 and {a["completed_by"]["email"] for a in truth} == {"boss@example.org"}
    # a majority of several annotators is nobody's: the importing user gets it
    for task in json.loads(adj.read_text()):
        for a in task["annotations"]:
            names = task["meta"]["annotations"][str(a["id"])]
            if not a["ground_truth"]:
                assert ("completed_by" in a) == ("+" not in names["annotator"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["-f", "label-studio", "--ls-email-domain", "a@b"], "not a domain"),
        (["-f", "csv", "--ls-email-domain", "example.org"], "applies to -f label-studio only"),
        (["-f", "jsonl", "--opinion", "drop"], "applies to -f fever only"),
    ],
)
def test_format_options_are_checked(db, tmp_path, capsys, args, message):
    code = main(
        ["--db", str(db), "--corpus", str(SEEDS), "export", *args, "-o", str(tmp_path / "x")]
    )
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_label_studio_refuses_names_that_are_not_email_users(tmp_path, docs, capsys):
    path = tmp_path / "db.json"
    store = AnnotationStore(path)
    label(store, next(iter(docs.values())), 0, 0, "김철수", "verified")
    store.close()
    code = main(
        ["--db", str(path), "--corpus", str(SEEDS), "export", "-f", "label-studio",
         "--ls-email-domain", "example.org", "-o", str(tmp_path / "ls.json")]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "'김철수' cannot be the user part of an e-mail" in err
    assert not (tmp_path / "ls.json").exists()


# --- CSV ------------------------------------------------------------------------------


def test_csv_keeps_claim_text_exact_and_guards_it_only_for_excel(tmp_path, capsys):
    path = tmp_path / "db.json"
    store = AnnotationStore(path)
    text = "-3.07% 하락한 엔비디아"
    store.put(
        {"article_id": "ffffffffff", "start": 0, "end": len(text), "text": text,
         "label": "verified", "annotator": "kim", "comment": "+1 동의", "evidence": "@source"}
    )  # fmt: skip
    store.close()
    base = ["--db", str(path), "--corpus", str(SEEDS), "export", "-f", "csv"]
    assert main([*base, "-o", str(tmp_path / "a.csv")]) == 0
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as fh:
        (row,) = csv.DictReader(fh)
    assert row["text"] == text and row["text"][0 : int(row["end"])] == text
    assert (row["comment"], row["evidence"]) == ("'+1 동의", "'@source")
    capsys.readouterr()
    assert main([*base, "--excel", "-o", str(tmp_path / "b.csv")]) == 0
    assert (
        "1 claim texts prefixed with ' (offsets refer to the text without it)"
        in capsys.readouterr().out
    )
    with (tmp_path / "b.csv").open(encoding="utf-8-sig", newline="") as fh:
        (row,) = csv.DictReader(fh)
    assert row["text"] == "'" + text


# --- files ----------------------------------------------------------------------------


@pytest.mark.parametrize("mask", [0o022, 0o002])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "label-studio"])
def test_export_files_follow_the_umask(db, tmp_path, mask, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    old = os.umask(mask)
    try:
        out = export(db, tmp_path, fmt)
        replaced = export(db, tmp_path, fmt, "--force")
    finally:
        os.umask(old)
    for path in (out, replaced):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


# --- filters that match nothing -------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["--article", "zzz"], "no article with id 'zzz'"),
        (["--annotator", "nobody"], "no annotator named 'nobody'"),
        (["--annotator", "kim,nobody"], "no annotator named 'nobody'"),
        (["--article", "0"], "'0' matches 2 articles"),  # 0b79109347 and 09a907058e
    ],
)
def test_filters_naming_nothing_are_errors(db, tmp_path, capsys, args, message):
    out = tmp_path / "x.jsonl"
    code = main(
        ["--db", str(db), "--corpus", str(SEEDS), "export", "-f", "jsonl", "-o", str(out), *args]
    )
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_article_filter_takes_any_unique_prefix_in_any_case_and_the_file_name(db, tmp_path):
    for i, ident in enumerate(
        ["CA8B", "c", "000_1b75fc1a0518b6e3.txt", str(SEEDS / "000_1b75fc1a0518b6e3.txt")]
    ):
        rows = jsonl(export(db, tmp_path, "jsonl", "--article", ident, name=f"{i}.jsonl"))
        assert len(rows) == 11 and {r["article_id"] for r in rows} == {"ca8b838d6c"}


def test_show_takes_the_same_prefixes_a_path_and_upper_case(capsys):
    for ident in ["CA8B838D6C", "cA8", str(SEEDS / "000_1b75fc1a0518b6e3.txt")]:
        assert main(["show", ident, "--corpus", str(SEEDS), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["id"] == "ca8b838d6c"
    assert main(["show", "0", "--corpus", str(SEEDS)]) == 2
    assert "matches 2 articles" in capsys.readouterr().err


# --- Prodigy --------------------------------------------------------------------------


def test_prodigy_tasks_have_kiwi_tokens_spans_and_hashes(mixed, tmp_path):
    native = {(r["claim_id"], r["annotator"]): r for r in jsonl(export(mixed, tmp_path, "jsonl"))}
    tasks = jsonl(export(mixed, tmp_path, "prodigy"))
    assert len(tasks) == len(native) == 60
    by_claim = {}
    for t in tasks:
        row = native[(t["meta"]["claim_id"], t["meta"]["annotator"])]
        assert t["text"] == row["text"]
        tokens = t["tokens"]
        assert "".join(k["text"] + (" " if k["ws"] else "") for k in tokens) == t["text"]
        assert all(t["text"][k["start"] : k["end"]] == k["text"] for k in tokens)
        assert [k["id"] for k in tokens] == list(range(len(tokens)))
        # every entity is a span, on token edges (token_end is inclusive in Prodigy)
        assert len(t["spans"]) == len(row["entities"])
        for span in t["spans"]:
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]
        if row["label"] == "skip":
            assert t["answer"] == "ignore" and t["accept"] == []
        else:
            assert t["answer"] == "accept" and t["accept"] == [row["label"]]
        assert t["_annotator_id"] == row["annotator"]
        assert all(
            isinstance(t[h], int) and -(2**31) <= t[h] < 2**31
            for h in ("_input_hash", "_task_hash")
        )
        by_claim.setdefault(t["meta"]["claim_id"], set()).add((t["_input_hash"], t["_task_hash"]))
    # the same question to two annotators has the same hashes; different claims differ
    assert all(len(hashes) == 1 for hashes in by_claim.values())
    assert len({h for hs in by_claim.values() for h in hs}) == len(by_claim)
    again = jsonl(export(mixed, tmp_path, "prodigy", name="again.jsonl"))
    assert [t["_task_hash"] for t in again] == [t["_task_hash"] for t in tasks]


def test_prodigy_export_imports_back(mixed, tmp_path, capsys):
    exported = export(mixed, tmp_path, "prodigy")
    other = tmp_path / "other.json"
    assert main(["--db", str(other), "--corpus", str(SEEDS), "import", str(exported)]) == 0
    assert "60 added, 0 updated, 0 skipped" in capsys.readouterr().out
    strip = lambda rs: sorted(  # noqa: E731
        (r["article_id"], r["start"], r["end"], r["annotator"], r["label"], r.get("comment"))
        for r in rs
        if r["label"] is not None
    )
    assert strip(AnnotationStore(other, read_only=True).all()) == strip(
        AnnotationStore(mixed, read_only=True).all()
    )
    # an answer Prodigy users rejected is not a label
    tasks = jsonl(exported)
    tasks[0]["answer"] = "reject"
    changed = tmp_path / "rejected.jsonl"
    changed.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks[:2]))
    assert main(["--db", str(other), "--corpus", str(SEEDS), "import", str(changed)]) == 0
    out = capsys.readouterr().out
    assert "1 Prodigy answers without one accepted label left out" in out


def test_merged_rows_are_not_imported(mixed, tmp_path, capsys):
    merged = export(mixed, tmp_path, "jsonl", "--reviewed")
    assert (
        main(["--db", str(tmp_path / "o.json"), "--corpus", str(SEEDS), "import", str(merged)]) == 1
    )
    assert "merged" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["parquet", "spacy"])
def test_a_format_whose_extra_is_missing_names_the_extra(db, tmp_path, capsys, monkeypatch, fmt):
    from dsreader import export as exporting

    monkeypatch.setattr(exporting, "available_formats", lambda: ("jsonl",))
    out = tmp_path / "x"
    assert main(["--db", str(db), "--corpus", str(SEEDS), "export", "-f", fmt, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"pip install 'dsreader[{fmt}]'" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_a_file_name_two_articles_share_is_refused(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(
            f"제목 {folder}\n{folder} 본문 문장이다. 끝이다."
        )
    assert main(["show", "same.txt", "--corpus", str(tmp_path)]) == 2
    assert "'same.txt' names 2 files" in capsys.readouterr().err
    assert main(["show", str(tmp_path / "b" / "same.txt"), "--corpus", str(tmp_path)]) == 0
    assert "b 본문" in capsys.readouterr().out
