"""Each export loaded by the code of the program that consumes it.

The consumers' packages are the optional extra `dsreader[consumers]` (hundreds of
MB); each test is marked `consumers` and skipped when its package is missing. The
FEVER scorer's package does not build on current setuptools, so its reading of the
file is re-implemented here, index for index (see `fever_score`).
"""

import json

import pytest
import test_export
from conftest import SEEDS

from dsreader.cli import main
from dsreader.export import LABEL_STUDIO_CONFIG
from dsreader.store import LABELS, AnnotationStore

consumers = pytest.mark.consumers
docs, db, mixed = test_export.docs, test_export.db, test_export.mixed  # fixtures
export, jsonl = test_export.export, test_export.jsonl


# --- FEVER ----------------------------------------------------------------------------


def fever_score(predictions, actual, max_evidence=5):
    """What FEVER's `scorer.py` (fever-scorer 2.0.39, `fever_score`) reads from the gold
    file, written out: `label` compared upper-cased; `evidence` a list of evidence
    sets, each a list of [annotation_id, evidence_id, page, line] of which only e[2]
    (page, a string) and e[3] (line, an int) are read; a claim is strictly right when
    one whole set's [page, line] pairs are among the first `max_evidence` predicted
    [page, line] pairs; NOT ENOUGH INFO claims are right on the label alone; evidence
    precision skips entries whose line is None."""
    strict = correct = 0
    precision = precision_hits = recall = recall_hits = 0.0
    for pred, gold in zip(predictions, actual, strict=True):
        label, evidence = gold["label"], gold["evidence"]
        predicted = pred["predicted_evidence"][:max_evidence]
        assert all(isinstance(p[0], str) and isinstance(p[1], int) for p in predicted)
        if label.upper() == pred["predicted_label"].upper():
            correct += 1
            if label.upper() == "NOT ENOUGH INFO" or any(
                all([e[2], e[3]] in predicted for e in group) for group in evidence
            ):
                strict += 1
        if label.upper() != "NOT ENOUGH INFO":
            every = [[e[2], e[3]] for group in evidence for e in group if e[3] is not None]
            hits = sum(p in every for p in predicted)
            precision += hits / len(predicted) if predicted else 1.0
            precision_hits += 1
            recall_hits += 1
            if not evidence or any(all([e[2], e[3]] in predicted for e in g) for g in evidence):
                recall += 1
    n = len(actual)
    return strict / n, correct / n, precision / precision_hits, recall / recall_hits


def _oracle(rows, shift=0):
    """Predictions that give each claim its gold label and its gold evidence lines."""
    return [
        {
            "predicted_label": r["label"],
            "predicted_evidence": [
                [e[2], e[3] + shift] for g in r["evidence"] for e in g if e[3] is not None
            ],
        }
        for r in rows
    ]


def test_fever_file_scores_as_the_scorer_reads_it(mixed, tmp_path):
    rows = jsonl(export(mixed, tmp_path, "fever"))
    assert fever_score(_oracle(rows), rows) == (1.0, 1.0, 1.0, 1.0)
    # wrong lines: labels still right, evidence not
    strict, accuracy, precision, _ = fever_score(_oracle(rows, shift=100), rows)
    assert accuracy == 1.0 and strict < 1.0 and precision == 0.0


@consumers
def test_fever_file_with_the_real_scorer(mixed, tmp_path):
    scorer = pytest.importorskip("fever.scorer")
    rows = jsonl(export(mixed, tmp_path, "fever"))
    assert scorer.fever_score(_oracle(rows), rows)[:2] == (1.0, 1.0)


# --- Label Studio ---------------------------------------------------------------------


@consumers
def test_label_studio_config_and_every_annotation_validate_with_the_sdk(mixed, tmp_path):
    interface = pytest.importorskip("label_studio_sdk.label_interface")
    li = interface.LabelInterface(LABEL_STUDIO_CONFIG)
    li.validate()  # raises on an invalid config
    tasks = json.loads(export(mixed, tmp_path, "label-studio").read_text("utf-8"))
    for task in tasks:
        assert task["data"]["text"]
        for annotation in task["annotations"]:
            assert li.validate_annotation(annotation), annotation
        for prediction in task["predictions"]:
            assert li.validate_prediction(prediction, return_errors=True) == []
    assert sum(bool(t["predictions"]) for t in tasks) > 10


@consumers
def test_label_studio_converter_reads_the_file(mixed, tmp_path):
    converter = pytest.importorskip("label_studio_converter.converter")
    path = export(mixed, tmp_path, "label-studio", "--ls-email-domain", "example.org")
    tasks = json.loads(path.read_text("utf-8"))
    c = converter.Converter(
        LABEL_STUDIO_CONFIG, project_dir=str(tmp_path), download_resources=False
    )
    c.convert_to_json_min(str(path), str(tmp_path / "min"), is_dir=False)
    records = json.loads((tmp_path / "min" / "result.json").read_text("utf-8"))
    assert len(records) == sum(len(t["annotations"]) for t in tasks) == 60
    assert {r["id"] for r in records} == {t["id"] for t in tasks}
    assert {r["annotator"] for r in records} == {"kim@example.org", "lee@example.org"}
    assert {r["claim"] for r in records} == set(LABELS) | {"skip"}
    c.convert(str(path), str(tmp_path / "csv"), "CSV", is_dir=False)
    assert (tmp_path / "csv" / "result.csv").stat().st_size > 0
    c.convert(str(path), str(tmp_path / "conll"), "CONLL2003", is_dir=False)
    assert (tmp_path / "conll" / "result.conll").read_text("utf-8").startswith("-DOCSTART-")


# --- spaCy ----------------------------------------------------------------------------


@consumers
def test_spacy_docbin_has_kiwi_words_every_entity_and_one_category(mixed, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    native = {(r["claim_id"], r["annotator"]): r for r in jsonl(export(mixed, tmp_path, "jsonl"))}
    nlp = spacy.blank("xx")
    docs_ = list(DocBin().from_disk(export(mixed, tmp_path, "spacy")).get_docs(nlp.vocab))
    assert len(docs_) == 55  # 60 labels less the five skips, which have no category
    blank_aligned = total = 0
    for doc in docs_:
        row = native[(doc.user_data["claim_id"], doc.user_data["annotator"])]
        assert doc.text == row["text"]
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        assert ents == [(e["start"], e["end"], e["type"]) for e in row["entities"]]
        assert doc.cats == {label: float(label == row["label"]) for label in LABELS}
        blank = nlp.make_doc(row["text"])
        total += len(ents)
        blank_aligned += sum(blank.char_span(s, e) is not None for s, e, _ in ents)
    assert total > 50 and blank_aligned < total  # particles stay glued with a blank tokenizer
    # training re-tokenizes each text with the pipeline's tokenizer: with dsreader's,
    # every gold entity still falls on token edges
    kiwi = spacy.blank(
        "xx", config={"nlp": {"tokenizer": {"@tokenizers": "dsreader.KiwiTokenizer.v1"}}}
    )
    for doc in docs_:
        retokenized = kiwi.make_doc(doc.text)
        assert all(retokenized.char_span(e.start_char, e.end_char) for e in doc.ents)


# --- pyarrow, pandas: ids stay text ---------------------------------------------------


@pytest.fixture
def numeric_ids(tmp_path):
    """Two claims in articles whose hex ids read as numbers: all digits, and 'e' notation."""
    path = tmp_path / "ids.json"
    store = AnnotationStore(path)
    for aid in ("0926445859", "24e1308935"):
        store.put(
            {
                "article_id": aid,
                "start": 0,
                "end": 2,
                "text": "주장",
                "label": "verified",
                "annotator": "kim",
            }
        )
    store.close()
    return path


def _export_ids(path, tmp_path, fmt):
    out = tmp_path / f"ids.{fmt}"
    assert (
        main(["--db", str(path), "--corpus", str(SEEDS), "export", "-f", fmt, "-o", str(out)]) == 0
    )
    return out


@consumers
def test_parquet_keeps_ids_text(numeric_ids, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(_export_ids(numeric_ids, tmp_path, "parquet"))
    assert str(table.schema.field("article_id").type) == "string"
    assert table.column("article_id").to_pylist() == ["0926445859", "24e1308935"]


@consumers
def test_pandas_needs_the_documented_dtype_for_csv_and_jsonl(numeric_ids, tmp_path):
    pd = pytest.importorskip("pandas")
    csv_path = _export_ids(numeric_ids, tmp_path, "csv")
    assert pd.read_csv(csv_path)["article_id"].tolist() != ["0926445859", "24e1308935"]
    kept = pd.read_csv(csv_path, dtype={"article_id": str})["article_id"].tolist()
    assert kept == ["0926445859", "24e1308935"]
    jsonl_path = _export_ids(numeric_ids, tmp_path, "jsonl")
    frame = pd.read_json(jsonl_path, lines=True, dtype={"article_id": str})
    assert frame["article_id"].tolist() == ["0926445859", "24e1308935"]


@consumers
def test_hugging_face_datasets_keeps_ids_text_from_jsonl_and_parquet(
    numeric_ids, tmp_path, monkeypatch
):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    ids = ["0926445859", "24e1308935"]
    for fmt, builder in (("jsonl", "json"), ("parquet", "parquet")):
        path = str(_export_ids(numeric_ids, tmp_path, fmt))
        loaded = datasets.load_dataset(
            builder, data_files=path, split="train", cache_dir=str(tmp_path / "hf")
        )
        assert loaded["article_id"] == ids and loaded.features["article_id"].dtype == "string"
    # its CSV loader goes through pandas' type inference: hence the README's advice
    path = str(_export_ids(numeric_ids, tmp_path, "csv"))
    loaded = datasets.load_dataset(
        "csv", data_files=path, split="train", cache_dir=str(tmp_path / "hf")
    )
    assert loaded["article_id"] != ids
