"""Labelled datasets out of the store, and the native JSONL back in.

Every format is fed by the same rows (`annotation_rows`, then `select`), so a
filter means the same thing in each. Files are written to a temporary file in the
target folder, fsync'd and renamed: a crash never leaves half a dataset under the
name a script will pick up.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import json
import os
import tempfile
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from . import __version__
from .analysis import Document
from .stats import claim_key
from .store import LABELS, anchor

FIELDS = (
    "article_id",
    "title",
    "source",
    "published",
    "text_sha256",
    "claim_id",
    "start",
    "end",
    "text",
    "label",
    "comment",
    "evidence",
    "annotator",
    "created_at",
    "updated_at",
    "entities",
)
REQUIRED = ("article_id", "start", "end", "text", "label", "annotator")  # to import a row
FORMATS = ("jsonl", "csv", "doccano", "label-studio", "parquet", "fever")
EXTENSIONS = {"label-studio": "json", "doccano": "jsonl", "fever": "jsonl"}
FEVER_LABELS = {"verified": "SUPPORTS", "disputed": "REFUTES"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int], None]


class ExportError(Exception):
    """An export or import that cannot go ahead; the message says why."""


@dataclass
class Summary:
    """What an export or import did, for the one-line report."""

    written: int = 0
    notes: Counter = field(default_factory=Counter)

    def line(self, verb: str = "wrote") -> str:
        extra = "".join(f", {n} {what}" for what, n in self.notes.items() if n)
        return f"{verb} {self.written} records{extra}"


# --- rows -----------------------------------------------------------------------------


def claim_id(article_id: str, start: int, end: int) -> str:
    """Stable across annotators and sessions: the same span is the same claim."""
    return f"{article_id}:{start}-{end}"


class _EntityIndex:
    """Entities inside a span, by bisecting each article's entities once."""

    def __init__(self, docs: Mapping[str, Document]) -> None:
        self._docs = docs
        self._starts: dict[str, list[int]] = {}
        self._found: dict[tuple[str, int, int], list[dict]] = {}

    def inside(self, article_id: str, start: int, end: int) -> list[dict]:
        key = (article_id, start, end)
        found = self._found.get(key)
        if found is not None:
            return found
        doc = self._docs.get(article_id)
        found = self._found[key] = []
        if doc is None:
            return found
        starts = self._starts.get(article_id)
        if starts is None:
            starts = self._starts[article_id] = [e.start for e in doc.entities]
        entities = doc.entities
        for i in range(bisect_left(starts, start), len(entities)):
            e = entities[i]
            if e.start >= end:
                break
            if e.end <= end:
                found.append(
                    {"start": e.start - start, "end": e.end - start, "text": e.text, "type": e.type}
                )
        return found


def annotation_rows(
    records: Iterable[Mapping], docs: Mapping[str, Document], summary: Summary | None = None
) -> list[dict]:
    """Store records as native export rows, re-anchored to each article's current text.

    A claim whose text is gone from its article (or whose article is not in the
    corpus) keeps its stored offsets and `text_sha256`, which still describe the
    text it was labelled in; the summary counts them.
    """
    index = _EntityIndex(docs)
    rows = []
    for r in records:
        doc = docs.get(r["article_id"])
        span = anchor(r, doc.text) if doc is not None else None
        if doc is None and summary is not None:
            summary.notes["not in the corpus"] += 1
        elif span is None and summary is not None:
            summary.notes["orphaned (claim text gone)"] += 1
        start, end = span or (int(r["start"]), int(r["end"]))
        rows.append(
            {
                "article_id": r["article_id"],
                "title": doc.title if doc else None,
                "source": doc.source if doc else None,
                "published": doc.published if doc else None,
                "text_sha256": doc.text_sha256 if span else r.get("text_sha256"),
                "claim_id": claim_id(r["article_id"], start, end),
                "start": start,
                "end": end,
                "text": r["text"],
                "label": r["label"],
                "comment": r.get("comment") or None,
                "evidence": r.get("evidence") or None,
                "annotator": r["annotator"],
                "created_at": r.get("created_at"),
                "updated_at": r.get("updated_at"),
                "entities": index.inside(r["article_id"], start, end) if span else [],
            }
        )
    rows.sort(key=lambda row: (row["article_id"], row["start"], row["end"], row["annotator"]))
    return rows


def _merged(group: list[dict], label: str) -> dict:
    """One row standing for several annotators' rows of a claim."""
    voters = [g for g in group if g["label"] == label]
    notes = [g["comment"] for g in voters if g["comment"]]
    return {
        **voters[0],
        "label": label,
        "annotator": "+".join(sorted(g["annotator"] for g in group)),
        "comment": " | ".join(dict.fromkeys(notes)) or None,
        "evidence": next((g["evidence"] for g in voters if g["evidence"]), None),
        "created_at": min((g["created_at"] or "" for g in group), default=None) or None,
        "updated_at": max((g["updated_at"] or "" for g in group), default=None) or None,
    }


def select(
    rows: list[dict],
    annotators: Iterable[str] = (),
    labels: Iterable[str] = (),
    articles: Iterable[str] = (),
    agreed: bool = False,
    adjudicated: bool = False,
    summary: Summary | None = None,
) -> list[dict]:
    """Filter rows; `agreed`/`adjudicated` turn each claim's rows into one row.

    agreed: two or more annotators labelled the claim and all gave the same label.
    adjudicated: the label most annotators gave (a lone annotator's label stands);
    ties are left out and counted.
    """
    annotators, labels, articles = set(annotators), set(labels), tuple(articles)
    if annotators:
        rows = [r for r in rows if r["annotator"] in annotators]
    if articles:
        rows = [r for r in rows if r["article_id"].startswith(articles)]
    if agreed or adjudicated:
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for r in rows:
            groups[claim_key(r)].append(r)
        merged = []
        for group in groups.values():
            votes = Counter(g["label"] for g in group).most_common()
            if agreed:
                if len(group) >= 2 and len(votes) == 1:
                    merged.append(_merged(group, votes[0][0]))
                elif summary is not None:
                    summary.notes["claims not agreed"] += 1
            elif len(votes) > 1 and votes[0][1] == votes[1][1]:
                if summary is not None:
                    summary.notes["ties left out"] += 1
            else:
                merged.append(_merged(group, votes[0][0]))
        rows = merged
    if labels:
        rows = [r for r in rows if r["label"] in labels]
    return rows


@contextlib.contextmanager
def _gc_paused():
    """Rows are acyclic; the cyclic GC rescanning 100k of them doubles export time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def dataset(
    records: Iterable[Mapping], docs: Mapping[str, Document], **filters
) -> tuple[list[dict], Summary]:
    """The rows every export writes: joined with the corpus, then filtered (see select)."""
    summary = Summary()
    with _gc_paused():
        rows = select(annotation_rows(records, docs, summary), summary=summary, **filters)
    return rows, summary


# --- writers --------------------------------------------------------------------------


def _every(rows: list[dict], progress: Progress | None) -> Iterator[dict]:
    for i, row in enumerate(rows, 1):
        yield row
        if progress is not None and (i % 2000 == 0 or i == len(rows)):
            progress(i)


_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per call


def _json_line(obj: object) -> str:
    return _encode(obj) + "\n"


def write_jsonl(rows: list[dict], fh: IO[str], progress: Progress | None, **_) -> Summary:
    fh.writelines(_json_line(row) for row in _every(rows, progress))
    return Summary(len(rows))


def neutralise(value: object) -> object:
    """A cell a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: list[dict], fh: IO[str], progress: Progress | None, **_) -> Summary:
    writer = csv.writer(fh)
    writer.writerow(FIELDS)
    for row in _every(rows, progress):
        cells = [row[f] for f in FIELDS[:-1]]
        cells.append(_encode(row["entities"]) if row["entities"] else "")
        writer.writerow(["" if c is None else neutralise(c) for c in cells])
    return Summary(len(rows))


def write_doccano(
    rows: list[dict], fh: IO[str], progress: Progress | None, entities: bool = False, **_
) -> Summary:
    """Text classification (`label` = [claim label]); with entities, sequence labelling.

    Entities do not depend on the annotator, so sequence-labelling output has one
    line per claim.
    """
    if not entities:
        for row in _every(rows, progress):
            fh.write(
                _json_line(
                    {
                        "text": row["text"],
                        "label": [row["label"]],
                        "article_id": row["article_id"],
                        "claim_id": row["claim_id"],
                        "annotator": row["annotator"],
                    }
                )
            )
        return Summary(len(rows))
    seen: set[str] = set()
    for row in _every(rows, progress):
        if row["claim_id"] in seen:
            continue
        seen.add(row["claim_id"])
        spans = [[e["start"], e["end"], e["type"]] for e in row["entities"]]
        fh.write(
            _json_line(
                {
                    "text": row["text"],
                    "label": spans,
                    "article_id": row["article_id"],
                    "claim_id": row["claim_id"],
                }
            )
        )
    return Summary(len(seen))


LABEL_STUDIO_CONFIG = """<View>
  <Labels name="entity" toName="text">
    <Label value="PERSON"/><Label value="ORG"/><Label value="LOC"/><Label value="PRODUCT"/>
    <Label value="MONEY"/><Label value="PERCENT"/><Label value="DATE"/><Label value="QUANTITY"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Choices name="claim" toName="text" choice="single">
    <Choice value="verified"/><Choice value="disputed"/><Choice value="opinion"/>
  </Choices>
  <TextArea name="comment" toName="text" editable="true"/>
  <TextArea name="evidence" toName="text" editable="true"/>
</View>"""


def _ls_result(name: str, kind: str, value: dict) -> dict:
    return {"from_name": name, "to_name": "text", "type": kind, "value": value}


def write_label_studio(rows: list[dict], fh: IO[str], progress: Progress | None, **_) -> Summary:
    """One task per claim; each annotator's label is an annotation, entities a prediction.

    Import into a project whose labeling config is LABEL_STUDIO_CONFIG (README).
    """
    tasks: dict[str, dict] = {}
    for row in _every(rows, progress):
        task = tasks.get(row["claim_id"])
        if task is None:
            task = tasks[row["claim_id"]] = {
                "data": {
                    "text": row["text"],
                    **{
                        k: row[k]
                        for k in ("article_id", "claim_id", "title", "source", "published")
                    },
                    "annotators": [],
                },
                "annotations": [],
                "predictions": [
                    {
                        "model_version": f"dsreader-{__version__}",
                        "result": [
                            _ls_result(
                                "entity",
                                "labels",
                                {
                                    "start": e["start"],
                                    "end": e["end"],
                                    "text": e["text"],
                                    "labels": [e["type"]],
                                },
                            )
                            for e in row["entities"]
                        ],
                    }
                ],
            }
        result = [_ls_result("claim", "choices", {"choices": [row["label"]]})]
        for name in ("comment", "evidence"):
            if row[name]:
                result.append(_ls_result(name, "textarea", {"text": [row[name]]}))
        task["data"]["annotators"].append(row["annotator"])
        task["annotations"].append(
            {"result": result, "created_at": row["created_at"], "updated_at": row["updated_at"]}
        )
    fh.write(_encode(list(tasks.values())))  # json.dump would write it in tiny chunks
    return Summary(len(tasks))


def write_fever(rows: list[dict], fh: IO[str], progress: Progress | None, **_) -> Summary:
    """FEVER-style claims: verified → SUPPORTS, disputed → REFUTES; opinions left out."""
    summary = Summary()
    for row in _every(rows, progress):
        label = FEVER_LABELS.get(row["label"])
        if label is None:
            summary.notes["opinion claims left out"] += 1
            continue
        summary.written += 1
        fh.write(
            _json_line(
                {
                    "id": summary.written,
                    "claim": row["text"],
                    "label": label,
                    "verifiable": "VERIFIABLE",
                    "evidence": [row["evidence"]] if row["evidence"] else [],
                    "article_id": row["article_id"],
                    "claim_id": row["claim_id"],
                    "annotator": row["annotator"],
                }
            )
        )
    return summary


def parquet_schema():
    import pyarrow as pa

    entity = pa.struct(
        [("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()), ("type", pa.string())]
    )
    types = {"start": pa.int32(), "end": pa.int32(), "entities": pa.list_(entity)}
    return pa.schema([(f, types.get(f, pa.string())) for f in FIELDS])


def write_parquet(rows: list[dict], path: Path, progress: Progress | None) -> Summary:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("parquet needs pyarrow: pip install 'dsreader[parquet]'") from None
    schema = parquet_schema()
    columns = {f: [row[f] for row in rows] for f in FIELDS}
    table = pa.Table.from_pydict(columns, schema=schema)
    pq.write_table(table, path)
    if progress is not None:
        progress(len(rows))
    return Summary(len(rows))


TEXT_WRITERS = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "doccano": write_doccano,
    "label-studio": write_label_studio,
    "fever": write_fever,
}


def export(
    rows: list[dict],
    fmt: str,
    path: str | Path,
    force: bool = False,
    excel: bool = False,
    entities: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Write rows in one format, atomically; refuses to overwrite without `force`."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    if path.exists() and not force:
        raise ExportError(f"{path} exists; add --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with _gc_paused():
            if fmt == "parquet":
                os.close(fd)
                summary = write_parquet(rows, Path(tmp), progress)
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
            else:
                encoding = "utf-8-sig" if excel and fmt == "csv" else "utf-8"
                with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
                    summary = TEXT_WRITERS[fmt](rows, fh, progress, entities=entities)
                    fh.flush()
                    os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return summary


def default_name(fmt: str, stamp: str) -> str:
    """A file name for an export made at `stamp`: dsreader-<stamp>-<format>.<ext>."""
    return f"dsreader-{stamp}-{fmt}.{EXTENSIONS.get(fmt, fmt)}"


# --- import ---------------------------------------------------------------------------


def read_native(path: str | Path) -> list[dict]:
    """Rows of a native JSONL export, checked line by line; the first bad line stops it."""
    path = Path(path)
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except FileNotFoundError:
        raise ExportError(f"{path} does not exist") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise ExportError(f"{path} is not a UTF-8 JSONL file") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise ExportError(f"{path}:{number} is not JSON") from None
        if not isinstance(row, dict):
            raise ExportError(f"{path}:{number} is not a dsreader export record")
        missing = [f for f in REQUIRED if f not in row]
        if missing:
            raise ExportError(
                f"{path}:{number} is not a dsreader export record (missing {', '.join(missing)})"
            )
        if row["label"] not in LABELS:
            raise ExportError(f"{path}:{number} has an unknown label '{row['label']}'")
        try:
            row["start"], row["end"] = int(row["start"]), int(row["end"])
        except (TypeError, ValueError):
            raise ExportError(f"{path}:{number} has offsets that are not numbers") from None
        if "+" in str(row["annotator"]):
            raise ExportError(
                f"{path}:{number} is a merged (--agreed/--adjudicated) record; "
                "import per-annotator exports only"
            )
        rows.append(row)
    return rows


def store_record(row: Mapping, doc: Document | None) -> dict:
    """A native export row as the store keeps it (sentence ids from the article, if known)."""
    sentence_ids = (
        [s.id for s in doc.sentences if s.start >= row["start"] and s.end <= row["end"]]
        if doc is not None
        else []
    )
    return {
        "article_id": row["article_id"],
        "text_sha256": row.get("text_sha256"),
        "start": row["start"],
        "end": row["end"],
        "text": row["text"],
        "sentence_ids": sentence_ids,
        "label": row["label"],
        "comment": row.get("comment") or None,
        "evidence": row.get("evidence") or None,
        "annotator": row["annotator"],
        **{k: row[k] for k in ("created_at", "updated_at") if row.get(k)},
    }
