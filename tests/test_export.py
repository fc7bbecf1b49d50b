"""Exports read back with each consumer's own rules; import merges and is idempotent."""

import csv
import json
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
    "text", "label", "comment", "evidence", "annotator", "created_at", "updated_at", "entities",
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


def test_fever_leaves_opinions_out_and_says_so(db, tmp_path, capsys):
    rows = jsonl(export(db, tmp_path, "fever"))
    out = capsys.readouterr().out
    assert {r["label"] for r in rows} == {"SUPPORTS", "REFUTES"}
    opinions = 5 * (2 + 1)  # kim 2, lee 1 per article
    assert len(rows) == 55 - opinions and f"{opinions} opinion claims left out" in out
    assert any(r["evidence"] == ["https://example.org/x"] for r in rows)


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
