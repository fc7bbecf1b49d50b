"""Labelled datasets out of the store, and native or Prodigy JSONL back in.

Every format is fed by the same rows (`annotation_rows`, then `select`), so a
filter means the same thing in each. Files are written to a temporary file in the
target folder, fsync'd and renamed: a crash never leaves half a dataset under the
name a script will pick up. The temporary file is created with the umask's mode, so
an export is as readable as any file the user makes.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import hashlib
import importlib.util
import json
import os
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import IO

from . import __version__
from .analysis import Document
from .atomic import create_temp, remove_stale
from .stats import claim_key
from .store import ALL_LABELS, LABELS, SKIP, anchor

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
    "reviewer",
    "decided_at",
    "entities",
)
REQUIRED = ("article_id", "start", "end", "text", "label", "annotator")  # to import a row
FORMATS = ("jsonl", "csv", "doccano", "label-studio", "parquet", "fever", "prodigy", "spacy")
EXTENSIONS = {"label-studio": "json", "doccano": "jsonl", "fever": "jsonl", "prodigy": "jsonl"}
EXTRAS = {"parquet": "pyarrow", "spacy": "spacy"}  # format -> module its optional extra brings
FEVER_LABELS = {"verified": "SUPPORTS", "disputed": "REFUTES", "opinion": "NOT ENOUGH INFO"}
OPINION_CHOICES = ("nei", "drop")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARDED = ("title", "source", "comment", "evidence", "annotator", "reviewer")  # typed by people

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


def available_formats() -> tuple[str, ...]:
    """The formats whose optional extra is installed (the app offers only these)."""
    return tuple(f for f in FORMATS if f not in EXTRAS or importlib.util.find_spec(EXTRAS[f]))


def missing_extra(fmt: str) -> str:
    """The one-line error for a format whose optional extra is not installed."""
    return f"-f {fmt} needs the {EXTRAS[fmt]} package: pip install 'dsreader[{fmt}]'"


# --- ids ------------------------------------------------------------------------------


def claim_id(article_id: str, start: int, end: int) -> str:
    """Stable across annotators and sessions: the same span is the same claim."""
    return f"{article_id}:{start}-{end}"


def stable_int(*parts: object) -> int:
    """A 52-bit integer from the parts' SHA-1: the same claim gets the same id in every
    export, and it survives JavaScript (Label Studio) and 64-bit database columns."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return int(digest[:13], 16)


def row_int_id(row: Mapping) -> int:
    """The row's integer id: from the claim, plus the annotator when rows are per annotator."""
    parts = (row["article_id"], row["start"], row["end"])
    return stable_int(*parts) if row.get("merged") else stable_int(*parts, row["annotator"])


def credited(row: Mapping) -> str:
    """Who gave the row's label: the reviewer for a review decision, else the annotator(s)."""
    return row.get("reviewer") or row["annotator"]


# --- rows -----------------------------------------------------------------------------


def _entity_tuples(entities: Sequence) -> list[tuple[int, int, str, str]]:
    """(start, end, text, type) of each entity: `Entity` objects or their cached dicts."""
    if entities and isinstance(entities[0], dict):
        return list(map(_ENTITY, entities))
    return [(e.start, e.end, e.text, e.type) for e in entities]


def _sentence_bounds(sentences: Sequence) -> tuple[list[int], list[int], list[int]]:
    """Starts, ends and ids of the sentences: `Sentence` objects or their cached dicts."""
    if sentences and isinstance(sentences[0], dict):
        return (
            [s["start"] for s in sentences],
            [s["end"] for s in sentences],
            [s["id"] for s in sentences],
        )
    return [s.start for s in sentences], [s.end for s in sentences], [s.id for s in sentences]


_ENTITY = itemgetter("start", "end", "text", "type")


class _EntityIndex:
    """Entities and sentences inside a span, by bisecting each article's lists once.

    A document's `entities` and `sentences` may be the analysis objects or the dicts
    the analysis cache holds (`export` reads those, without building objects)."""

    def __init__(self, docs: Mapping[str, Document], sentence_ids: bool = True) -> None:
        self._docs = docs
        self._with_sentences = sentence_ids
        self._entities: dict[str, tuple[list[int], list[tuple[int, int, str, str]]]] = {}
        self._sentences: dict[str, tuple[list[int], list[int], list[int]]] = {}
        self._sentence_ids: dict[tuple[str, int, int], list[int]] = {}
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
        known = self._entities.get(article_id)
        if known is None:
            entities = _entity_tuples(doc.entities)
            known = self._entities[article_id] = ([e[0] for e in entities], entities)
        starts, entities = known
        for i in range(bisect_left(starts, start), len(entities)):
            e_start, e_end, text, kind = entities[i]
            if e_start >= end:
                break
            if e_end <= end:
                found.append(
                    {"start": e_start - start, "end": e_end - start, "text": text, "type": kind}
                )
        return found

    def sentences(self, article_id: str, start: int, end: int) -> list[int]:
        key = (article_id, start, end)
        found = self._sentence_ids.get(key)
        if found is not None:
            return found
        doc = self._docs.get(article_id)
        if doc is None or not self._with_sentences:
            return []
        bounds = self._sentences.get(article_id)
        if bounds is None:
            bounds = self._sentences[article_id] = _sentence_bounds(doc.sentences)
        lo, hi = bisect_left(bounds[0], start), bisect_right(bounds[1], end)
        found = self._sentence_ids[key] = bounds[2][lo:hi]
        return found


class _Notes:
    """Counts for the summary, added in the order their first record came (as when
    records were joined one by one), though they are counted claim by claim."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.first: dict[str, int] = {}

    def add(self, what: str, n: int, at: int) -> None:
        self.counts[what] += n
        if at < self.first.get(what, at + 1):
            self.first[what] = at

    def into(self, summary: Summary | None) -> None:
        if summary is not None:
            for what in sorted(self.first, key=self.first.__getitem__):
                summary.notes[what] += self.counts[what]


def _claim_template(
    first: Mapping,
    doc: Document | None,
    index: _EntityIndex,
    note: Callable[[str], None],
) -> tuple[tuple[str, int, int], dict]:
    """The row every record of one stored claim (same article, offsets and text)
    starts from: the claim anchored, its title, claim id and entities found once for
    all of them. An orphan's template has `entities` None: its rows take their
    `text_sha256` and sentence ids from their own records."""
    span = anchor(first, doc.text) if doc is not None else None  # type: ignore[arg-type]
    if doc is None:
        note("not in the corpus")
    elif span is None:
        note("orphaned (claim text gone)")
    start, end = span or (int(first["start"]), int(first["end"]))
    aid = first["article_id"]
    title, source, published = (doc.title, doc.source, doc.published) if doc else (None,) * 3
    template = {  # the row's fields in their order; each record's own filled in later
        "article_id": aid,
        "title": title,
        "source": source,
        "published": published,
        "text_sha256": doc.text_sha256 if span else None,  # type: ignore[union-attr]
        "claim_id": claim_id(aid, start, end),
        "start": start,
        "end": end,
        "text": first["text"],
        **dict.fromkeys(("label", "comment", "evidence", "annotator", "created_at")),
        **dict.fromkeys(("updated_at", "reviewer", "decided_at")),
        "entities": index.inside(aid, start, end) if span else None,
        # not exported as columns: FEVER's evidence coordinates, and whether the row
        # stands for one annotator or for the claim
        "sentence_ids": index.sentences(aid, start, end) if span else None,
        "merged": False,
    }
    return (aid, start, end), template


def _own(r: Mapping) -> tuple:
    """A record's own fields of its row, in the order of `_MIDDLE`."""
    get = r.get
    return (
        r["label"],
        get("comment") or None,
        get("evidence") or None,
        get("annotator", ""),
        get("created_at"),
        get("updated_at"),
        get("reviewer"),
        get("decided_at"),
    )


def _filled(template: dict, r: Mapping) -> dict:
    """The row of record `r` of the claim whose template this is."""
    row = template.copy()
    (
        row["label"],
        row["comment"],
        row["evidence"],
        row["annotator"],
        row["created_at"],
        row["updated_at"],
        row["reviewer"],
        row["decided_at"],
    ) = _own(r)
    if template["entities"] is None:  # an orphan
        row["text_sha256"] = r.get("text_sha256")
        row["entities"] = []
        row["sentence_ids"] = list(r.get("sentence_ids") or ())
    return row


class ClaimRows(Sequence):
    """Rows as (claim template, record) pairs, made into dicts as they are read: a
    million rows need never exist at once, and the `jsonl` writer encodes straight
    from the pairs (each claim's shared part once)."""

    def __init__(self, pairs: list[tuple[dict, Mapping]]) -> None:
        self.pairs = pairs

    def __len__(self) -> int:
        return len(self.pairs)

    def __iter__(self) -> Iterator[dict]:
        return (_filled(t, r) for t, r in self.pairs)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return ClaimRows(self.pairs[i])
        return _filled(*self.pairs[i])


_ANNOTATOR = itemgetter("annotator")
_ANNOTATOR_OF = methodcaller("get", "annotator", "")  # as the row will say
_TEXT = itemgetter("text")
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


def _pairs(
    records: Iterable[Mapping],
    docs: Mapping[str, Document],
    notes: _Notes,
    annotator: str | None = None,
    sentence_ids: bool = True,
) -> list[tuple[dict, Mapping]]:
    """Labelled records with their claim's template, in the rows' order: (article,
    start, end, annotator), ties in the records' order. Records are grouped by stored
    claim first: a claim is anchored and its shared fields built once, however many
    annotators labelled it."""
    if annotator is not None:
        records = [{**r, "annotator": annotator} for r in records]
    elif not isinstance(records, list):
        records = list(records)
    groups: dict[tuple, list[Mapping]] = {}
    for i, r in enumerate(records):
        if r.get("label") is None:
            notes.add("comment-only records (no label) left out", 1, i)
            continue
        key = (r["article_id"], r["start"], r["end"])
        group = groups.get(key)
        if group is None:
            groups[key] = [r]
        else:
            group.append(r)
    position: dict[int, int] = {}  # id(record) -> its place: only for notes and ties

    def place(r: Mapping) -> int:
        if not position:
            position.update((id(x), i) for i, x in enumerate(records))
        return position[id(r)]

    index = _EntityIndex(docs, sentence_ids)
    claims = []
    for (aid, _, _), group in groups.items():
        texts = list(map(_TEXT, group))
        if texts.count(texts[0]) == len(texts):
            parts = [group]
        else:  # the same offsets with different texts: anchored apart
            by_text: dict[str, list] = {}
            for r in group:
                by_text.setdefault(r["text"], []).append(r)
            parts = list(by_text.values())
        for part in parts:

            def note(what: str, part: list[Mapping] = part) -> None:
                notes.add(what, len(part), place(part[0]))

            span, template = _claim_template(part[0], docs.get(aid), index, note)
            claims.append((span, template, part))
    claims.sort(key=_FIRST)
    out: list[tuple[dict, Mapping]] = []
    i = 0
    while i < len(claims):
        j = i + 1
        while j < len(claims) and claims[j][0] == claims[i][0]:
            j += 1
        if j == i + 1:
            _, template, part = claims[i]
            part.sort(key=_ANNOTATOR_OF)  # stable: ties keep the records' order
            out.extend([(template, r) for r in part])
        else:  # claims anchored to the same span: back in the records' order first
            run = sorted(
                ((place(r), template, r) for _, template, part in claims[i:j] for r in part),
                key=_FIRST,
            )
            run.sort(key=lambda item: _ANNOTATOR_OF(item[2]))
            out.extend([(template, r) for _, template, r in run])
        i = j
    return out


def _joined(
    records: Iterable[Mapping],
    docs: Mapping[str, Document],
    notes: _Notes,
    annotator: str | None = None,
    sentence_ids: bool = True,
) -> list[dict]:
    """Labelled records as rows (see `_pairs`)."""
    return [_filled(t, r) for t, r in _pairs(records, docs, notes, annotator, sentence_ids)]


def annotation_rows(
    records: Iterable[Mapping],
    docs: Mapping[str, Document],
    summary: Summary | None = None,
    sentence_ids: bool = True,
) -> list[dict]:
    """Store records as native export rows, re-anchored to each article's current text.

    A claim whose text is gone from its article (or whose article is not in the
    corpus) keeps its stored offsets and `text_sha256`, which still describe the
    text it was labelled in; the summary counts them. A record with a comment and no
    label is not a label: it is left out, and counted. `sentence_ids=False` leaves
    anchored rows without them (only FEVER's evidence reads them).
    """
    notes = _Notes()
    rows = _joined(records, docs, notes, sentence_ids=sentence_ids)
    notes.into(summary)
    return rows


def review_rows(
    reviews: Iterable[Mapping], docs: Mapping[str, Document], sentence_ids: bool = True
) -> list[dict]:
    """Review decisions as rows (one per claim, credited to the reviewer)."""
    rows = _joined(reviews, docs, _Notes(), annotator="", sentence_ids=sentence_ids)
    for row in rows:
        row["merged"] = True
    return rows


def _sorted(rows: list[dict]) -> list[dict]:
    rows.sort(key=lambda row: (row["article_id"], row["start"], row["end"], row["annotator"]))
    return rows


def _merged(group: list[dict], label: str, decision: dict | None = None) -> dict:
    """One row standing for several annotators' rows of a claim (and its review)."""
    voters = [g for g in group if g["label"] == label]
    notes = [g["comment"] for g in voters if g["comment"]]
    base = decision or voters[0]
    return {
        **base,
        "label": label,
        "annotator": "+".join(sorted(g["annotator"] for g in group)),
        "comment": (decision or {}).get("comment") or " | ".join(dict.fromkeys(notes)) or None,
        "evidence": (decision or {}).get("evidence")
        or next((g["evidence"] for g in voters if g["evidence"]), None),
        "created_at": min((g["created_at"] or "" for g in group), default=None) or None,
        "updated_at": max((g["updated_at"] or "" for g in group), default=None) or None,
        "merged": True,
    }


def select(
    rows: list[dict],
    annotators: Iterable[str] = (),
    labels: Iterable[str] = (),
    articles: Iterable[str] = (),
    agreed: bool = False,
    adjudicated: bool = False,
    reviewed: bool = False,
    reviews: Iterable[dict] = (),
    summary: Summary | None = None,
) -> list[dict]:
    """Filter rows; `agreed`/`adjudicated`/`reviewed` turn each claim's rows into one row.

    agreed: two or more annotators labelled the claim and all gave the same label.
    adjudicated: the reviewer's decision where there is one, else the label most
    annotators gave (a lone annotator's label stands); ties are left out and counted.
    reviewed: claims with a review decision only, labelled as the reviewer decided.
    `annotators` limits whose labels count; a decision is kept for claims they labelled.
    """
    annotators, labels, articles = set(annotators), set(labels), set(articles)
    if annotators:
        rows = [r for r in rows if r["annotator"] in annotators]
    if articles:
        rows = [r for r in rows if r["article_id"] in articles]
    if agreed or adjudicated or reviewed:
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for r in rows:
            groups[claim_key(r)].append(r)
        decisions = {
            claim_key(d): d
            for d in reviews
            if (not articles or d["article_id"] in articles)
            and (not annotators or claim_key(d) in groups)
        }
        merged = []
        if agreed:
            for group in groups.values():
                votes = Counter(g["label"] for g in group).most_common()
                if len(group) >= 2 and len(votes) == 1:
                    merged.append(_merged(group, votes[0][0]))
                elif summary is not None:
                    summary.notes["claims not agreed"] += 1
        else:
            for key, decision in decisions.items():
                merged.append(_merged(groups.get(key, []), decision["label"], decision))
            if summary is not None and decisions:
                summary.notes["claims decided by a reviewer"] += len(decisions)
            for key, group in groups.items():
                if key in decisions:
                    continue
                if reviewed:
                    if summary is not None:
                        summary.notes["claims not reviewed"] += 1
                    continue
                votes = Counter(g["label"] for g in group).most_common()
                if len(votes) > 1 and votes[0][1] == votes[1][1]:
                    if summary is not None:
                        summary.notes["ties left out"] += 1
                else:
                    merged.append(_merged(group, votes[0][0]))
        rows = _sorted(merged)
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
    records: Iterable[Mapping],
    docs: Mapping[str, Document],
    reviews: Iterable[Mapping] = (),
    sentence_ids: bool = True,
    lazy: bool = False,
    **filters,
) -> tuple[Sequence[dict], Summary]:
    """The rows every export writes: joined with the corpus, then filtered (see select).
    `sentence_ids=False`: rows without them, for every format but FEVER. `lazy`: a
    `ClaimRows` (rows made as they are read) unless a filter merges claims."""
    summary = Summary()
    merging = any(filters.get(k) for k in ("agreed", "adjudicated", "reviewed"))
    if lazy and not merging:
        notes = _Notes()
        with _gc_paused():
            pairs = _pairs(records, docs, notes, sentence_ids=sentence_ids)
        notes.into(summary)
        keep = {
            name: set(filters.get(key) or ())
            for key, name in (("annotators", "annotator"), ("articles", "article_id"))
        }
        labels = set(filters.get("labels") or ())
        if keep["annotator"] or keep["article_id"] or labels:
            pairs = [
                (t, r)
                for t, r in pairs
                if (not keep["annotator"] or r.get("annotator", "") in keep["annotator"])
                and (not keep["article_id"] or t["article_id"] in keep["article_id"])
                and (not labels or r["label"] in labels)
            ]
        return ClaimRows(pairs), summary
    with _gc_paused():
        decided = review_rows(reviews, docs, sentence_ids)
        rows = annotation_rows(records, docs, summary, sentence_ids)
        rows = select(rows, reviews=decided, summary=summary, **filters)
    return rows, summary


# --- writers --------------------------------------------------------------------------


def _every(rows: list[dict], progress: Progress | None) -> Iterator[dict]:
    for i, row in enumerate(rows, 1):
        yield row
        if progress is not None and (i % 2000 == 0 or i == len(rows)):
            progress(i)


_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per call
_quote = json.encoder.encode_basestring  # what that encoder writes for a string


def _json_line(obj: object) -> str:
    return _encode(obj) + "\n"


_HEAD = FIELDS[: FIELDS.index("label")]  # what every annotator's row of a claim shares
_MIDDLE = FIELDS[len(_HEAD) : FIELDS.index("entities")]
_head_of, _middle_of = itemgetter(*_HEAD), itemgetter(*_MIDDLE)
_MIDDLE_FORMAT = ", ".join(f"{_encode(name)}: %s" for name in _MIDDLE)


def _json_value(value: object) -> str:
    """`value` as the encoder writes it inside an object (strings and None directly:
    the general encoder costs microseconds a call, a million rows times eight)."""
    if type(value) is str:
        return _quote(value)
    return "null" if value is None else _encode(value)


def write_jsonl(rows: list[dict], fh: IO[str], progress: Progress | None, **_) -> Summary:
    """One JSON object per row with exactly the native fields, as `json` encodes the
    row's dict. A claim's rows sit together and share their first nine fields and
    their entities (the bulk of a line): those are encoded once per claim, UTF-8
    included, and only the annotator's own fields per row; the pieces go to the
    file's byte buffer in large writes."""
    if isinstance(rows, ClaimRows):
        return _write_jsonl_pairs(rows.pairs, fh, progress)
    buffer = getattr(fh, "buffer", None)
    if buffer is not None and codecs.lookup(getattr(fh, "encoding", "") or "ascii").name == "utf-8":
        fh.flush()
        write: Callable = buffer.write
        join, utf8 = b"".join, str.encode
    else:
        write, join, utf8 = fh.write, "".join, str
    head_values: tuple | None = None
    head = tail = utf8("")
    entities: list | None = None
    pieces: list = []
    for done, row in enumerate(rows, 1):
        values = _head_of(row)
        if values != head_values:
            head_values = values
            head = utf8(_encode(dict(zip(_HEAD, values, strict=True)))[:-1] + ", ")
        if row["entities"] is not entities:
            entities = row["entities"]
            tail = utf8(f', "entities": {_encode(entities)}}}\n')
        middle = _MIDDLE_FORMAT % tuple(map(_json_value, _middle_of(row)))
        pieces += (head, utf8(middle), tail)
        if done % 2000 == 0 or done == len(rows):
            write(join(pieces))
            pieces.clear()
            if progress is not None:
                progress(done)
    return Summary(len(rows))


def _byte_writer(fh: IO[str]) -> tuple[Callable, Callable, Callable]:
    """write, join and encode: to the file's byte buffer when it is UTF-8 (pieces
    encoded once, however often they are written), else as text."""
    buffer = getattr(fh, "buffer", None)
    if buffer is not None and codecs.lookup(getattr(fh, "encoding", "") or "ascii").name == "utf-8":
        fh.flush()
        return buffer.write, b"".join, str.encode
    return fh.write, "".join, str


def _write_jsonl_pairs(
    pairs: list[tuple[dict, Mapping]], fh: IO[str], progress: Progress | None
) -> Summary:
    """`write_jsonl` from (claim template, record) pairs, without a dict per row: the
    same lines, the claim's part encoded once (an orphan's per row, as its
    `text_sha256` is its record's)."""
    write, join, utf8 = _byte_writer(fh)
    last: dict | None = None
    head = tail = utf8("")
    pieces: list = []
    for done, (template, r) in enumerate(pairs, 1):
        if template is not last:
            last = template
            if template["entities"] is not None:
                head = utf8(_encode(dict(zip(_HEAD, _head_of(template), strict=True)))[:-1] + ", ")
                tail = utf8(f', "entities": {_encode(template["entities"])}}}\n')
        if template["entities"] is None:  # an orphan
            values = dict(zip(_HEAD, _head_of(template), strict=True))
            values["text_sha256"] = r.get("text_sha256")
            head, tail = utf8(_encode(values)[:-1] + ", "), utf8(', "entities": []}\n')
        pieces += (head, utf8(_MIDDLE_FORMAT % tuple(map(_json_value, _own(r)))), tail)
        if done % 2000 == 0 or done == len(pairs):
            write(join(pieces))
            pieces.clear()
            if progress is not None:
                progress(done)
    return Summary(len(pairs))


def neutralise(value: object) -> object:
    """A cell a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(
    rows: list[dict], fh: IO[str], progress: Progress | None, excel: bool = False, **_
) -> Summary:
    """The native columns; the cells people typed are guarded against formula injection.

    `text` stays exact (it equals the article slice, and entity offsets count in it)
    unless `excel`, where it is guarded too and offsets refer to the unguarded text.
    """
    guarded = {FIELDS.index(f) for f in (*GUARDED, "text") if f != "text" or excel}
    writer = csv.writer(fh)
    writer.writerow(FIELDS)
    summary = Summary(len(rows))
    for row in _every(rows, progress):
        cells = ["" if row[f] is None else row[f] for f in FIELDS[:-1]]
        cells.append(_encode(row["entities"]) if row["entities"] else "")
        for i in guarded:
            if isinstance(cells[i], str) and cells[i].startswith(FORMULA_STARTS):
                cells[i] = "'" + cells[i]
                if FIELDS[i] == "text":
                    summary.notes[
                        "claim texts prefixed with ' (offsets refer to the text without it)"
                    ] += 1
        writer.writerow(cells)
    return summary


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
                        **({"reviewer": row["reviewer"]} if row["reviewer"] else {}),
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


ENTITY_TYPES = ("PERSON", "ORG", "LOC", "PRODUCT", "MONEY", "PERCENT", "DATE", "QUANTITY")
LABEL_STUDIO_CONFIG = f"""<View>
  <Labels name="entity" toName="text">
    {"".join(f'<Label value="{t}"/>' for t in ENTITY_TYPES)}
  </Labels>
  <Text name="text" value="$text"/>
  <Choices name="claim" toName="text" choice="single">
    {"".join(f'<Choice value="{label}"/>' for label in ALL_LABELS)}
  </Choices>
  <TextArea name="comment" toName="text" editable="true"/>
  <TextArea name="evidence" toName="text" editable="true"/>
</View>"""
EMAIL_LOCAL = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-"
)


def ls_email(name: str, domain: str) -> str:
    """`kim` -> `kim@example.org`: the user Label Studio credits an imported annotation to."""
    if not name or not set(name) <= EMAIL_LOCAL or name.startswith(".") or ".." in name:
        raise ExportError(
            f"annotator '{name}' cannot be the user part of an e-mail address "
            "(ASCII letters, digits and . _ - + only); leave out --ls-email-domain"
        )
    return f"{name}@{domain}"


def _ls_result(name: str, kind: str, value: dict) -> dict:
    return {"from_name": name, "to_name": "text", "type": kind, "value": value}


def write_label_studio(
    rows: list[dict],
    fh: IO[str],
    progress: Progress | None,
    email_domain: str | None = None,
    **_,
) -> Summary:
    """One task per claim; each annotator's label is an annotation, entities a prediction.

    Import into a project whose labeling config is LABEL_STUDIO_CONFIG (README).
    Annotations are not ground truth (a review decision is); task and annotation ids
    are stable. Label Studio keeps only some annotation fields on import, so each
    annotator's name and times are also in the task's `meta`, under the annotation id.
    """
    tasks: dict[str, dict] = {}
    for row in _every(rows, progress):
        task = tasks.get(row["claim_id"])
        if task is None:
            task = tasks[row["claim_id"]] = {
                "id": stable_int(row["article_id"], row["start"], row["end"]),
                "data": {
                    "text": row["text"],
                    **{
                        k: row[k]
                        for k in ("article_id", "claim_id", "title", "source", "published")
                    },
                },
                "meta": {"annotations": {}},
                "annotations": [],
                "predictions": [],
            }
            if row["entities"]:
                task["predictions"].append(
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
                )
        result = [_ls_result("claim", "choices", {"choices": [row["label"]]})]
        for name in ("comment", "evidence"):
            if row[name]:
                result.append(_ls_result(name, "textarea", {"text": [row[name]]}))
        who = credited(row)
        annotation = {
            "id": stable_int(
                row["article_id"], row["start"], row["end"], "review" if row["reviewer"] else who
            ),
            "result": result,
            "ground_truth": bool(row["reviewer"]),
            "was_cancelled": False,
            **{k: row[k] for k in ("created_at", "updated_at") if row[k]},
        }
        if row["reviewer"] and row["decided_at"]:
            annotation["created_at"] = annotation["updated_at"] = row["decided_at"]
        if email_domain and who and "+" not in who:  # one person's label, not a majority
            annotation["completed_by"] = {"email": ls_email(who, email_domain)}
        task["annotations"].append(annotation)
        task["meta"]["annotations"][str(annotation["id"])] = {
            "annotator": row["annotator"],
            **({"reviewer": row["reviewer"]} if row["reviewer"] else {}),
            "created_at": annotation.get("created_at"),
            "updated_at": annotation.get("updated_at"),
        }
    fh.write(_encode(list(tasks.values())))  # json.dump would write it in tiny chunks
    return Summary(len(tasks))


def conflicting_claims(rows: Iterable[Mapping], label_of: Callable[[Mapping], object]) -> int:
    """Claims that carry two different (mapped) labels from different rows."""
    seen: dict[str, set] = defaultdict(set)
    for row in rows:
        value = label_of(row)
        if value is not None:
            seen[row["claim_id"]].add(value)
    return sum(len(v) > 1 for v in seen.values())


def write_fever(
    rows: list[dict], fh: IO[str], progress: Progress | None, opinion: str = "nei", **_
) -> Summary:
    """FEVER's claim format, as its scorer and dataset readers take it.

    verified -> SUPPORTS and disputed -> REFUTES, with one evidence set: the claim's
    sentences as [annotation_id, evidence_id, page = article id, line = sentence id];
    opinion -> NOT ENOUGH INFO (evidence [[[annotation_id, null, null, null]]], as in
    FEVER) or left out with `opinion="drop"`; skip ("not a claim") is left out.
    """
    summary = Summary()

    def fever_label(row: Mapping) -> str | None:
        if row["label"] == "opinion" and opinion == "drop":
            return None
        return FEVER_LABELS.get(row["label"])

    conflicts = conflicting_claims(rows, fever_label)
    if conflicts:
        summary.notes[
            "claims with different labels from different annotators "
            "(--adjudicated gives one label per claim)"
        ] += conflicts
    for row in _every(rows, progress):
        label = fever_label(row)
        if label is None:
            what = "skip (not a claim)" if row["label"] == SKIP else "opinion"
            summary.notes[f"{what} records left out"] += 1
            continue
        ident = row_int_id(row)
        if label == "NOT ENOUGH INFO":
            evidence = [[[ident, None, None, None]]]
        elif row["sentence_ids"]:
            group = stable_int(row["claim_id"], "evidence")
            evidence = [[[ident, group, row["article_id"], s] for s in row["sentence_ids"]]]
        else:
            evidence = []
            summary.notes["claims without sentence evidence (article not in the corpus)"] += 1
        summary.written += 1
        fh.write(
            _json_line(
                {
                    "id": ident,
                    "verifiable": "NOT VERIFIABLE" if label == "NOT ENOUGH INFO" else "VERIFIABLE",
                    "label": label,
                    "claim": row["text"],
                    "evidence": evidence,
                    "evidence_url": row["evidence"],
                    "article_id": row["article_id"],
                    "claim_id": row["claim_id"],
                    "annotator": row["annotator"],
                    **({"reviewer": row["reviewer"]} if row["reviewer"] else {}),
                }
            )
        )
    return summary


# --- token formats: Prodigy and spaCy -------------------------------------------------


def _claim_words(rows: list[dict]) -> dict[str, list]:
    """Kiwi's words of each claim, once per claim, cut at its entities' edges."""
    from .tokens import words

    found: dict[str, list] = {}
    same: dict[tuple, list] = {}  # one tokenisation per distinct text and cuts
    for row in rows:
        if row["claim_id"] not in found:
            cuts = tuple(x for e in row["entities"] for x in (e["start"], e["end"]))
            key = (row["text"], cuts)
            if key not in same:
                same[key] = words(row["text"], cuts)
            found[row["claim_id"]] = same[key]
    return found


def prodigy_hash(obj: object) -> int:
    """A signed 32-bit hash of the JSON of `obj`, the width and sign of Prodigy's own."""
    digest = hashlib.sha1(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def _epoch(stamp: str | None) -> int | None:
    try:
        return int(datetime.fromisoformat(stamp).timestamp()) if stamp else None
    except ValueError:
        return None


def _prodigy_question(row: Mapping, items: list, options: list) -> str:
    """The part of a Prodigy task every annotator's answer to a claim shares, as JSON
    members (tokens, spans, options, hashes): encoded once per claim."""
    from .tokens import token_span

    spans = []
    for e in row["entities"]:
        edge = token_span(items, e["start"], e["end"])
        if edge is not None:
            spans.append(
                {
                    "start": e["start"],
                    "end": e["end"],
                    "label": e["type"],
                    "token_start": edge[0],
                    "token_end": edge[1],
                }
            )
    input_hash = prodigy_hash({"text": row["text"]})
    question = {
        "tokens": [
            {"text": w.text, "start": w.start, "end": w.end, "id": i, "ws": w.space}
            for i, w in enumerate(items)
        ],
        "spans": spans,
        "options": options,
        "_view_id": "choice",
        "_input_hash": input_hash,
        "_task_hash": prodigy_hash([input_hash, {"spans": spans, "options": options}]),
    }
    return _encode(question)[1:-1]


PRODIGY_META = (
    "article_id",
    "claim_id",
    "start",
    "end",
    "title",
    "source",
    "annotator",
    "reviewer",
    "comment",
    "evidence",
    "created_at",
    "updated_at",
    "decided_at",
)


def write_prodigy(rows: list[dict], fh: IO[str], progress: Progress | None, **_) -> Summary:
    """Prodigy tasks (`prodigy db-in DATASET FILE`): the claim, Kiwi's tokens, the
    entities as spans, the label as the accepted choice; skip is answer "ignore".

    Hashes follow Prodigy's documented keys: `_input_hash` from the text,
    `_task_hash` from the input hash, spans and options (not the answer, so every
    annotator's answer to the same question shares it).
    """
    claim_words = _claim_words(rows)
    options = [{"id": label, "text": label} for label in ALL_LABELS]
    questions: dict[str, str] = {}
    for row in _every(rows, progress):
        question = questions.get(row["claim_id"])
        if question is None:
            items = claim_words[row["claim_id"]]
            question = questions[row["claim_id"]] = _prodigy_question(row, items, options)
        who = credited(row)
        answer = {
            "text": row["text"],
            "meta": {k: row[k] for k in PRODIGY_META if row[k] is not None},
            "accept": [] if row["label"] == SKIP else [row["label"]],
            "answer": "ignore" if row["label"] == SKIP else "accept",
            "_annotator_id": who,
            "_session_id": who,
            "_timestamp": _epoch(row["decided_at"] or row["updated_at"]),
        }
        fh.write("{" + _encode(answer)[1:-1] + "," + question + "}\n")
    return Summary(len(rows))


def spacy_bytes(rows: list[dict], progress: Progress | None = None) -> tuple[bytes, Summary]:
    """A DocBin: Kiwi's words as each Doc's words, entities as `doc.ents`, the claim
    label as an exclusive `doc.cats`; skip has no category and is left out."""
    try:
        from spacy.tokens import Doc, DocBin
        from spacy.util import filter_spans
        from spacy.vocab import Vocab
        from srsly.msgpack import Packer
    except ImportError:
        raise ExportError(missing_extra("spacy")) from None
    summary = Summary()
    conflicts = conflicting_claims(rows, lambda r: r["label"] if r["label"] in LABELS else None)
    if conflicts:
        summary.notes[
            "claims with different labels from different annotators "
            "(--adjudicated gives one label per claim)"
        ] += conflicts
    kept = [r for r in rows if r["label"] in LABELS]
    if len(kept) < len(rows):
        summary.notes["skip (not a claim) records left out"] += len(rows) - len(kept)
    claim_words = _claim_words(kept)
    vocab = Vocab()
    # DocBin would pack each Doc's user_data with a new msgpack Packer, which looks up
    # srsly's encoders through the entry points every time (most of the export's time):
    # pack them with one Packer, as DocBin.add does, and hand them over at the end.
    docbin, packer, packed = DocBin(store_user_data=False), Packer(use_bin_type=True), []
    for row in _every(kept, progress):
        items = claim_words[row["claim_id"]]
        doc = Doc(vocab, words=[w.text for w in items], spaces=[w.space for w in items])
        spans = [doc.char_span(e["start"], e["end"], label=e["type"]) for e in row["entities"]]
        doc.ents = filter_spans([s for s in spans if s is not None])
        doc.cats = {label: float(label == row["label"]) for label in LABELS}
        docbin.add(doc)
        packed.append(
            packer.pack(
                {
                    k: row[k]
                    for k in ("article_id", "claim_id", "annotator", "reviewer")
                    if row[k] is not None
                }
            )
        )
        summary.written += 1
    docbin.store_user_data, docbin.user_data = True, packed
    return docbin.to_bytes(), summary


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
        raise ExportError(missing_extra("parquet")) from None
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
    "prodigy": write_prodigy,
}


def export(
    rows: list[dict],
    fmt: str,
    path: str | Path,
    force: bool = False,
    excel: bool = False,
    entities: bool = False,
    opinion: str = "nei",
    email_domain: str | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Write rows in one format, atomically; refuses to overwrite without `force`."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    if opinion not in OPINION_CHOICES:
        raise ExportError(f"--opinion must be one of {', '.join(OPINION_CHOICES)}")
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    if path.exists() and not force:
        raise ExportError(f"{path} exists; add --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale([path], legacy=[f".{path.name}.*.tmp"])  # interrupted exports (and 0.1's)
    fd, tmp = create_temp(path)
    try:
        with _gc_paused():
            if fmt in ("parquet", "spacy"):
                if fmt == "parquet":
                    os.close(fd)
                    summary = write_parquet(rows, tmp, progress)
                else:
                    data, summary = spacy_bytes(rows, progress)
                    with os.fdopen(fd, "wb") as out:
                        out.write(data)
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
            else:
                encoding = "utf-8-sig" if excel and fmt == "csv" else "utf-8"
                with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
                    summary = TEXT_WRITERS[fmt](
                        rows,
                        fh,
                        progress,
                        entities=entities,
                        excel=excel,
                        opinion=opinion,
                        email_domain=email_domain,
                    )
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


def _from_prodigy(task: dict) -> dict:
    """A Prodigy task written by `write_prodigy` (or answered in Prodigy) as a native row."""
    meta = task.get("meta") or {}
    if task.get("answer") == "ignore":
        label = SKIP
    elif task.get("answer", "accept") == "accept" and len(task.get("accept") or ()) == 1:
        label = task["accept"][0]
    else:
        label = None  # rejected, or not one choice: not a label we can take
    stamp = task.get("_timestamp")
    when = datetime.fromtimestamp(stamp, timezone.utc).isoformat() if stamp else None
    return {
        **{k: meta[k] for k in ("article_id", "start", "end") if k in meta},
        "text": task.get("text"),
        "label": label,
        "annotator": meta.get("annotator") or task.get("_annotator_id"),
        "reviewer": meta.get("reviewer"),
        "comment": meta.get("comment"),
        "evidence": meta.get("evidence"),
        "created_at": meta.get("created_at") or when,
        "updated_at": meta.get("updated_at") or when,
    }


def read_rows(path: str | Path) -> tuple[list[dict], Summary]:
    """Rows of a native JSONL export or a Prodigy JSONL file (written by `export -f
    prodigy`, or `prodigy db-out` of it), checked line by line; the first bad line stops
    it. Prodigy answers that are not one accepted choice are left out and counted."""
    path = Path(path)
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except FileNotFoundError:
        raise ExportError(f"{path} does not exist") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise ExportError(f"{path} is not a UTF-8 JSONL file") from None
    rows, summary = [], Summary()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise ExportError(f"{path}:{number} is not JSON") from None
        if not isinstance(row, dict):
            raise ExportError(f"{path}:{number} is not a dsreader export record")
        if "_input_hash" in row or ("accept" in row and isinstance(row.get("meta"), dict)):
            row = _from_prodigy(row)
            if row["label"] is None:
                summary.notes["Prodigy answers without one accepted label left out"] += 1
                continue
        missing = [f for f in REQUIRED if row.get(f) is None]
        if missing:
            raise ExportError(
                f"{path}:{number} is not a dsreader export record (missing {', '.join(missing)})"
            )
        if row["label"] not in ALL_LABELS:
            raise ExportError(f"{path}:{number} has an unknown label '{row['label']}'")
        try:
            row["start"], row["end"] = int(row["start"]), int(row["end"])
        except (TypeError, ValueError):
            raise ExportError(f"{path}:{number} has offsets that are not numbers") from None
        if "+" in str(row["annotator"]) or row.get("reviewer") or not row["annotator"]:
            raise ExportError(
                f"{path}:{number} is a merged (--agreed/--adjudicated/--reviewed) record; "
                "import per-annotator exports only"
            )
        rows.append(row)
    summary.written = len(rows)
    return rows, summary


def read_native(path: str | Path) -> list[dict]:
    """Rows of a native (or Prodigy) JSONL file; see read_rows."""
    return read_rows(path)[0]


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
