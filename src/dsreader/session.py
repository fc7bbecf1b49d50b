"""The labelling session: what a labelling key does, with no user interface.

A front end (the Textual app, a script, a test) asks a `LabellingSession` to label,
skip, clear, extend or comment on a claim, to undo and redo, to find the next
unlabelled sentence or disagreement, and to record review decisions; it draws what
comes back. Nothing here imports Textual.

Vocabulary (the README defines it once): a **sentence** is what the analyzer splits
an article into; a **claim** is a span of one or more consecutive sentences that
gets one answer; a **label** is one annotator's answer on one claim (verified,
disputed, opinion, or skip = "not a claim"). An article is done when each of its
sentences lies in a labelled claim.

No action drops a label as a side effect: an action whose claim overlaps another
claim of the same annotator returns a `conflict` and changes nothing until it is
repeated with `resolve="split"` (the other claim keeps its sentences outside the
new one) or `resolve="replace"` (the other claim goes).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .store import (
    ALL_LABELS,
    LABELS_TABLE,
    SKIP,
    AnnotationStore,
    StoreError,
    anchor,
    record_key,
    review_key,
)

if TYPE_CHECKING:
    from .analysis import Document

RESOLUTIONS = ("split", "replace", "cancel")
LETTERS = {"verified": "V", "disputed": "D", "opinion": "O", SKIP: "S"}


@dataclass(frozen=True)
class Claim:
    """One annotator's record placed on the current text: sentences first..last."""

    first: int
    last: int
    record: dict

    @property
    def label(self) -> str | None:
        return self.record.get("label")

    @property
    def comment(self) -> str | None:
        return self.record.get("comment") or None

    @property
    def evidence(self) -> str | None:
        return self.record.get("evidence") or None

    @property
    def span(self) -> tuple[int, int]:
        return self.first, self.last

    def describe(self) -> str:
        return f"{sentences_word(self.first, self.last)} ({self.label or 'comment only'})"


def sentences_word(first: int, last: int) -> str:
    """'sentence 4' or 'sentences 4–6', numbered from 1 as on screen."""
    if first == last:
        return f"sentence {first + 1}"
    return f"sentences {first + 1}–{last + 1}"


@dataclass(frozen=True)
class Outcome:
    """What an action did, in words for the status line."""

    message: str
    changed: bool = False
    conflict: tuple[Claim, ...] = ()
    severity: str = "information"  # or "warning", "error"


@dataclass(frozen=True)
class ClaimStatus:
    """The state of the claim under the cursor, for a status line."""

    first: int
    last: int
    claim: Claim | None  # this annotator's claim holding the cursor, if any
    others: int  # other annotators who labelled an overlapping claim (not what: blind)


@dataclass
class ReviewItem:
    """A claim two or more annotators labelled, with everyone's answer and the decision."""

    doc: Document
    first: int
    last: int
    labels: dict[str, dict]  # annotator -> record
    decision: dict | None = None

    @property
    def start(self) -> int:
        return self.doc.sentences[self.first].start

    @property
    def end(self) -> int:
        return self.doc.sentences[self.last].end

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc.id, self.start, self.end)

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]

    @property
    def disagreement(self) -> bool:
        return len({r["label"] for r in self.labels.values()}) > 1


@dataclass
class _Change:
    kind: str  # "label" or "review"
    key: tuple
    before: dict | None
    after: dict | None


@dataclass
class _Action:
    what: str
    changes: list[_Change] = field(default_factory=list)


class LabellingSession:
    """One annotator's labelling over a store and the documents being read."""

    def __init__(
        self,
        store: AnnotationStore,
        annotator: str,
        documents: Iterable[Document] | MutableMapping[str, Document] = (),
    ) -> None:
        """`documents`: the Documents, or a mapping by id that may bring each one back
        from disk when asked (the app keeps only a few whole in memory)."""
        self.store = store
        self.annotator = annotator
        self.documents = _by_id(documents)
        self.undo_stack: list[_Action] = []
        self.redo_stack: list[_Action] = []
        self._pending: _Action | None = None  # the action being written
        self._generation = store.generation
        # Per article, recomputed only when that article's labels change (or when
        # another process wrote, which may have touched any article).
        self._placed: dict[str, tuple[dict[tuple[int, int], dict[str, dict]], int]] = {}
        self._progress: dict[str, tuple[int, int]] = {}
        self._claims: dict[tuple[str, str], tuple[dict, list[Claim]]] = {}  # see claims()
        # The corpus's sums of the progress above, and the articles not in it yet: a
        # label costs one article's recount, not the corpus's.
        self._sums = [0, 0]
        self._missing: set[str] = set(self.documents)
        # At least every article this annotator has labels on (None: not looked yet):
        # any other article's progress is 0 without looking at its labels.
        self._mine: set[str] | None = None

        # True: corpus_progress sums only the articles counted so far, and the front
        # end counts the others in a worker (see uncounted, adopt_progress).
        self.lazy = False

    # --- documents and caches ------------------------------------------------------

    def update(self, doc: Document) -> None:
        """A document was (re)analyzed: its sentences may have changed."""
        self.documents[doc.id] = doc
        self._forget(doc.id)

    def set_documents(self, documents: Iterable[Document] | MutableMapping[str, Document]) -> None:
        """The corpus as read now (articles added, gone or re-read)."""
        self.documents = _by_id(documents)
        self._placed.clear()
        self._progress.clear()
        self._sums = [0, 0]
        self._missing = set(self.documents)

    def _forget(self, article_id: str) -> None:
        self._placed.pop(article_id, None)
        old = self._progress.pop(article_id, None)
        if old is not None:
            self._sums[0] -= old[0]
            self._sums[1] -= old[1]
        if article_id in self.documents:
            self._missing.add(article_id)

    def _sync(self) -> None:
        """Another process wrote: forget only the articles it touched (all of them when
        the store re-read its file whole)."""
        if self.store.generation == self._generation:
            return
        changed = self.store.storage.changed_since(self._generation)
        if changed is None:
            self._placed.clear()
            self._progress.clear()
            self._sums = [0, 0]
            self._missing = set(self.documents)
            self._mine = None
        else:
            for article_id in changed:
                self._forget(article_id)
            if self._mine is not None:
                self._mine |= changed
        self._generation = self.store.generation

    def _wrote(self, article_ids: Iterable[str]) -> None:
        for article_id in article_ids:
            self._forget(article_id)
            if self._mine is not None:
                self._mine.add(article_id)
        self._generation = self.store.generation

    def _place(self, doc: Document) -> tuple[dict[tuple[int, int], dict[str, dict]], int]:
        """Every annotator's records re-anchored to the current text, by sentence span;
        and how many of this annotator's records could not be placed (orphans)."""
        self._sync()
        cached = self._placed.get(doc.id)
        if cached is not None:
            return cached
        starts = [s.start for s in doc.sentences]
        ends = [s.end for s in doc.sentences]
        spans: dict[tuple[int, int], dict[str, dict]] = {}
        orphans = 0
        for record in sorted(
            self.store.all(article_id=doc.id), key=lambda r: r.get("updated_at") or ""
        ):
            where = anchor(record, doc.text)
            first = last = -1
            if where is not None:
                first = bisect_left(starts, where[0])
                last = bisect_right(ends, where[1]) - 1
            if where is None or first > last:
                orphans += record["annotator"] == self.annotator
                continue
            spans.setdefault((first, last), {})[record["annotator"]] = record
        self._placed[doc.id] = (spans, orphans)
        return spans, orphans

    # --- reading -------------------------------------------------------------------

    def claims(self, doc: Document, annotator: str | None = None) -> list[Claim]:
        """One annotator's claims (default: this session's), in text order. Remembered
        while the placement they come from stands (a key press asks several times;
        with 5,000 labels on an article each asking took 10 ms)."""
        who = annotator or self.annotator
        spans, _ = self._place(doc)
        hit = self._claims.get((doc.id, who))
        if hit is None or hit[0] is not spans:
            found = [Claim(a, b, by[who]) for (a, b), by in spans.items() if who in by]
            if len(self._claims) >= 4:  # the article on screen, not the corpus
                self._claims.clear()
            hit = self._claims[doc.id, who] = (spans, sorted(found, key=lambda c: c.span))
        return list(hit[1])

    def sentence_claims(self, doc: Document) -> dict[int, Claim]:
        """Sentence index -> this annotator's claim holding it."""
        out: dict[int, Claim] = {}
        for claim in self.claims(doc):
            for k in range(claim.first, claim.last + 1):
                out[k] = claim
        return out

    def sentence_labels(self, doc: Document) -> dict[int, str]:
        """Sentence index -> label, for sentences in a labelled claim."""
        return {k: c.label for k, c in self.sentence_claims(doc).items() if c.label}

    def orphans(self, doc: Document) -> int:
        """This annotator's records whose claim text is gone from the current text."""
        return self._place(doc)[1]

    def progress(self, doc: Document) -> tuple[int, int]:
        """(sentences done, sentences): done = inside a labelled claim, skip included."""
        self._sync()
        cached = self._progress.get(doc.id)
        if cached is None:
            total = len(doc.sentences)
            cached = (self._done(doc), total)
            if self.documents.get(doc.id) is doc:  # counted in the corpus's sums
                self._progress[doc.id] = cached
                self._sums[0] += cached[0]
                self._sums[1] += cached[1]
                self._missing.discard(doc.id)
        return cached

    def _done(self, doc: Document) -> int:
        """How many sentences lie in this annotator's labelled claims: as
        `len(sentence_labels(doc))`, placing this annotator's records only. Counting the
        corpus then costs its own labels, not everyone's (a million at scale)."""
        if doc.id in self._placed:
            return len(self.sentence_labels(doc))
        if self._mine is None:
            self._mine = self.store.storage.articles_of(LABELS_TABLE, self.annotator)
        if doc.id not in self._mine:
            return 0
        own = self.store.all(annotator=self.annotator, article_id=doc.id)
        if not own:
            return 0
        starts = [s.start for s in doc.sentences]
        ends = [s.end for s in doc.sentences]
        spans: dict[tuple[int, int], dict] = {}
        for record in sorted(own, key=lambda r: r.get("updated_at") or ""):
            where = anchor(record, doc.text)
            if where is None:
                continue
            first, last = bisect_left(starts, where[0]), bisect_right(ends, where[1]) - 1
            if first <= last:
                spans[(first, last)] = record
        done: set[int] = set()
        for (first, last), record in spans.items():
            if record.get("label"):
                done.update(range(first, last + 1))
        return len(done)

    def known_progress(self, article_id: str) -> tuple[int, int] | None:
        """The article's progress if counted already: never places a label."""
        self._sync()
        return self._progress.get(article_id)

    def uncounted(self) -> list[str]:
        """The articles whose progress is not counted yet."""
        self._sync()
        return list(self._missing)

    def adopt_progress(self, counted: dict[str, tuple[int, int]], generation: int) -> None:
        """Progress counted elsewhere (a worker, with its own session over this store
        as it was at `generation`): kept for the articles still uncounted whose labels
        did not change since. The caller checks the Documents were the current ones."""
        self._sync()
        changed: set[str] | None = set()
        if generation != self.store.generation:
            changed = self.store.storage.changed_since(generation)
        if changed is None:
            return
        for article_id, value in counted.items():
            if article_id in self._missing and article_id not in changed:
                self._progress[article_id] = value
                self._sums[0] += value[0]
                self._sums[1] += value[1]
                self._missing.discard(article_id)

    def corpus_progress(self) -> tuple[int, int]:
        self._sync()
        if self.lazy:
            return self._sums[0], self._sums[1]
        for article_id in list(self._missing):
            self.progress(self.documents[article_id])
        return self._sums[0], self._sums[1]

    def complete(self, doc: Document) -> bool:
        done, total = self.progress(doc)
        return total > 0 and done >= total

    def claim_at(self, doc: Document, first: int, last: int | None = None) -> Claim | None:
        """This annotator's claim holding sentences first..last entirely, if any."""
        last = first if last is None else last
        for claim in self.claims(doc):
            if claim.first <= first and last <= claim.last:
                return claim
        return None

    def status(self, doc: Document, first: int, last: int | None = None) -> ClaimStatus:
        last = first if last is None else last
        spans, _ = self._place(doc)
        others = {
            who
            for (a, b), by in spans.items()
            if a <= last and b >= first
            for who, r in by.items()
            if who != self.annotator and r.get("label")
        }
        return ClaimStatus(first, last, self.claim_at(doc, first, last), len(others))

    def others(self, doc: Document, first: int, last: int | None = None) -> list[Claim]:
        """Other annotators' claims overlapping sentences first..last."""
        last = first if last is None else last
        spans, _ = self._place(doc)
        return sorted(
            (
                Claim(a, b, r)
                for (a, b), by in spans.items()
                if a <= last and b >= first
                for who, r in by.items()
                if who != self.annotator
            ),
            key=lambda c: (c.record["annotator"], c.first),
        )

    def next_unlabelled(self, doc: Document, after: int) -> int | None:
        """The first sentence after `after` (wrapping round) in no labelled claim."""
        done = self.sentence_labels(doc)
        count = len(doc.sentences)
        for k in [*range(after + 1, count), *range(0, min(after + 1, count))]:
            if k not in done:
                return k
        return None

    def disagreements(self, doc: Document) -> list[tuple[int, int]]:
        """Claims (same span) that two or more annotators labelled differently."""
        spans, _ = self._place(doc)
        out = []
        for span, by in spans.items():
            labels = {r["label"] for r in by.values() if r.get("label")}
            if len(labels) > 1:
                out.append(span)
        return sorted(out)

    def next_disagreement(self, doc: Document, after: int) -> tuple[int, int] | None:
        spans = self.disagreements(doc)
        later = [s for s in spans if s[0] > after]
        return (later or spans or [None])[0]

    def next_unfinished(self, order: Sequence[str], current: str) -> Document | None:
        """The next article, in the given order of ids (wrapping), not yet done; from
        the first one when the current article is not in the order (filtered out)."""
        i = order.index(current) if current in order else -1
        for article_id in [*order[i + 1 :], *order[: max(i, 0)]]:
            doc = self.documents.get(article_id)
            if doc is not None and not self.complete(doc):
                return doc
        return None

    # --- writing labels ------------------------------------------------------------

    def _guarded(self, work, article_ids: Iterable[str] = ()) -> Outcome:
        """Run a write; a store that cannot save (full disk, lock held too long) gives a
        message, never a traceback. What an action saved before the failure stays on
        the undo stack, so `u` can take it back."""
        self._pending = None
        try:
            return work()
        except StoreError as exc:
            pending, self._pending = self._pending, None
            partial = ""
            if pending is not None and pending.changes:
                self.undo_stack.append(pending)
                self.redo_stack.clear()
                partial = " (part of it was saved: u takes it back)"
            # Nothing else is stale: the store applied only what it wrote (its
            # generation tells the next look), so no recount of the whole corpus.
            stale = set(article_ids) | {c.key[0] for c in (pending.changes if pending else ())}
            for article_id in stale:
                self._forget(article_id)
            return Outcome(f"{exc}{partial}", severity="error")

    def _begin(self, what: str) -> _Action:
        self._pending = _Action(what)
        return self._pending

    def _refuse(self) -> Outcome | None:
        if self.store.read_only:
            return Outcome("the database is read-only: nothing is saved", severity="error")
        return None

    def _key(self, doc: Document, first: int, last: int) -> tuple[str, int, int, str]:
        return (doc.id, doc.sentences[first].start, doc.sentences[last].end, self.annotator)

    def _record(self, doc: Document, first: int, last: int, base: dict | None, **fields) -> dict:
        start, end = doc.sentences[first].start, doc.sentences[last].end
        base = base or {}
        record = {
            "article_id": doc.id,
            "text_sha256": doc.text_sha256,
            "start": start,
            "end": end,
            "text": doc.text[start:end],
            "sentence_ids": list(range(first, last + 1)),
            "label": base.get("label"),
            "comment": base.get("comment"),
            "evidence": base.get("evidence"),
            "annotator": self.annotator,
        }
        if base.get("created_at"):
            record["created_at"] = base["created_at"]
        record.update(fields)
        return record

    def _put(self, action: _Action, record: dict) -> dict:
        key = record_key(record)
        before = self.store.get(key)
        after = self.store.put(record)
        action.changes.append(_Change("label", key, before, after))
        return after

    def _delete(self, action: _Action, record: dict) -> None:
        key = record_key(record)
        before = self.store.get(key)
        if before is not None:
            self.store.delete(key)
            action.changes.append(_Change("label", key, before, None))

    def _commit(self, action: _Action, doc: Document) -> None:
        self._pending = None
        if action.changes:
            self.undo_stack.append(action)
            self.redo_stack.clear()
        self._wrote([doc.id])

    def _overlapping(self, doc: Document, first: int, last: int) -> list[Claim]:
        return [c for c in self.claims(doc) if c.first <= last and c.last >= first]

    def _conflict(self, doc: Document, first: int, last: int, verb: str) -> Outcome:
        others = [c for c in self._overlapping(doc, first, last) if c.span != (first, last)]
        parts = "; ".join(c.describe() for c in others)
        return Outcome(
            f"{verb} {sentences_word(first, last)} overlaps your claim of {parts}: "
            "split it, replace it, or cancel",
            conflict=tuple(others),
            severity="warning",
        )

    def _split_off(self, action: _Action, doc: Document, claim: Claim, first: int, last: int):
        """Delete `claim`; its sentences outside first..last stay claims of their own."""
        self._delete(action, claim.record)
        pieces = []
        if claim.first < first:
            pieces.append((claim.first, first - 1))
        if claim.last > last:
            pieces.append((last + 1, claim.last))
        for a, b in pieces:
            self._put(action, self._record(doc, a, b, claim.record))
        return pieces

    def label(
        self, doc: Document, first: int, last: int, label: str, resolve: str | None = None
    ) -> Outcome:
        """Give claim first..last a label (skip included); a comment on it is kept."""
        if label not in ALL_LABELS:
            raise ValueError(f"unknown label {label!r}")
        return self._guarded(lambda: self._change(doc, first, last, label, resolve))

    def clear(self, doc: Document, first: int, last: int, resolve: str | None = None) -> Outcome:
        """Take the label off claim first..last; its comment, if any, stays."""
        return self._guarded(lambda: self._change(doc, first, last, None, resolve))

    def _change(
        self, doc: Document, first: int, last: int, label: str | None, resolve: str | None
    ) -> Outcome:
        refused = self._refuse()
        if refused:
            return refused
        if not (0 <= first <= last < len(doc.sentences)):
            return Outcome("no sentence there", severity="warning")
        if resolve not in (None, *RESOLUTIONS):
            raise ValueError(f"unknown resolution {resolve!r}")
        self.store.refresh()
        overlapping = self._overlapping(doc, first, last)
        same = next((c for c in overlapping if c.span == (first, last)), None)
        others = [c for c in overlapping if c is not same]
        if label is None and not any(c.label for c in overlapping):
            return Outcome("nothing to clear: no label here")
        verb = "labelling" if label else "clearing"
        if others and resolve is None:
            return self._conflict(doc, first, last, verb)
        if resolve == "cancel":
            return Outcome("cancelled: nothing changed")
        action = self._begin(f"{label or 'clear'} on {sentences_word(first, last)}")
        notes = []
        for claim in others:
            if resolve == "split":
                pieces = self._split_off(action, doc, claim, first, last)
                kept = ", ".join(sentences_word(a, b) for a, b in pieces)
                notes.append(f"{kept} kept {claim.label or 'its comment'}" if kept else "")
            else:
                self._delete(action, claim.record)
                notes.append(f"replaced the claim of {claim.describe()}")
        base = same.record if same else None
        if same is not None and record_key(same.record) != self._key(doc, first, last):
            self._delete(action, same.record)  # re-anchored: stored under its new offsets
        if label is not None:
            self._put(action, self._record(doc, first, last, base, label=label))
            message = f"saved: {label}"
        elif base and (base.get("comment") or base.get("evidence")):
            self._put(action, self._record(doc, first, last, base, label=None))
            message = "label cleared (the comment stays)"
        else:
            if base is not None:
                self._delete(action, base)
            message = "label cleared"
        self._commit(action, doc)
        note = "; ".join(n for n in notes if n)
        return Outcome(f"{message}; {note}" if note else message, changed=True)

    def comment_refusal(self, doc: Document, first: int, last: int) -> Outcome | None:
        """Why a comment cannot go on sentences first..last (asked before the typing,
        so that nothing typed is thrown away), or None."""
        if self.claim_at(doc, first, last) is None and self._overlapping(doc, first, last):
            return Outcome(
                "the selection overlaps a claim of yours: put the cursor inside that claim "
                "to comment on it, or select sentences outside it",
                severity="warning",
            )
        return None

    def comment(
        self, doc: Document, first: int, last: int, comment: str, evidence: str = ""
    ) -> Outcome:
        """Comment on a claim; a claim needs no label for that. The cursor inside a
        claim comments on that whole claim."""
        return self._guarded(lambda: self._comment(doc, first, last, comment, evidence))

    def _comment(
        self, doc: Document, first: int, last: int, comment: str, evidence: str
    ) -> Outcome:
        refused = self._refuse()
        if refused:
            return refused
        if not (0 <= first <= last < len(doc.sentences)):
            return Outcome("no sentence there", severity="warning")
        self.store.refresh()
        refused = self.comment_refusal(doc, first, last)
        if refused:
            return refused
        target = self.claim_at(doc, first, last)
        a, b = target.span if target else (first, last)
        base = target.record if target else None
        comment, evidence = comment.strip(), evidence.strip()
        action = self._begin(f"comment on {sentences_word(a, b)}")
        if not comment and not evidence and not (base or {}).get("label"):
            if base is None:
                return Outcome("nothing to save: the comment is empty")
            self._delete(action, base)
            message = "comment removed"
        else:
            if base is not None and record_key(base) != self._key(doc, a, b):
                self._delete(action, base)
            self._put(
                action,
                self._record(doc, a, b, base, comment=comment or None, evidence=evidence or None),
            )
            message = "comment saved" if comment or evidence else "comment removed"
            if not (base or {}).get("label"):
                message += " (no label yet)"
        self._commit(action, doc)
        return Outcome(message, changed=True)

    # --- undo ------------------------------------------------------------------------

    def _step(self, source: list[_Action], target: list[_Action], forward: bool) -> Outcome:
        """Undo (forward=False) or redo one action. Restores are absolute states, so
        an action that failed half-way is put back and can simply be tried again."""
        verb = "redo" if forward else "undo"
        if not source:
            return Outcome(f"nothing to {verb}")
        refused = self._refuse()
        if refused:
            return refused
        action = source.pop()
        try:
            for change in action.changes if forward else reversed(action.changes):
                state = change.after if forward else change.before
                if change.kind == "review":
                    self.store.restore_review(change.key, state)
                else:
                    self.store.restore(change.key, state)
        except StoreError as exc:
            source.append(action)
            for article_id in {c.key[0] for c in action.changes}:
                self._forget(article_id)
            return Outcome(f"{exc} ({verb} again to retry)", severity="error")
        target.append(action)
        self._wrote({c.key[0] for c in action.changes})
        return Outcome(f"{'redone' if forward else 'undone'}: {action.what}", changed=True)

    def undo(self) -> Outcome:
        return self._step(self.undo_stack, self.redo_stack, forward=False)

    def redo(self) -> Outcome:
        return self._step(self.redo_stack, self.undo_stack, forward=True)

    # --- review --------------------------------------------------------------------

    def review_items(self, order: Sequence[str] | None = None) -> list[ReviewItem]:
        """Claims that two or more annotators labelled, disagreements first, then in
        article order (`order`: article ids, default the documents' order)."""
        ids = list(order) if order is not None else list(self.documents)
        decisions = {review_key(r): r for r in self.store.reviews()}
        items = []
        for rank, article_id in enumerate(ids):
            doc = self.documents.get(article_id)
            if doc is None:
                continue
            spans, _ = self._place(doc)
            for (a, b), by in spans.items():
                labelled = {who: r for who, r in by.items() if r.get("label")}
                if len(labelled) >= 2:
                    item = ReviewItem(doc, a, b, dict(sorted(labelled.items())))
                    item.decision = decisions.get(item.key)
                    items.append((not item.disagreement, rank, a, b, item))
        return [entry[-1] for entry in sorted(items, key=lambda e: e[:4])]

    def decide(self, item: ReviewItem, label: str | None, comment: str | None = None) -> Outcome:
        """Record the reviewer's final label for a claim (None takes the decision back)."""
        return self._guarded(lambda: self._decide(item, label, comment))

    def _decide(self, item: ReviewItem, label: str | None, comment: str | None) -> Outcome:
        refused = self._refuse()
        if refused:
            return refused
        if label is not None and label not in ALL_LABELS:
            raise ValueError(f"unknown label {label!r}")
        key = item.key
        before = self.store.get_review(key)
        if label is None:
            if before is None:
                return Outcome("no decision to take back")
            self.store.delete_review(key)
            after = None
            message = "decision taken back"
        else:
            after = self.store.put_review(
                {
                    "article_id": item.doc.id,
                    "start": item.start,
                    "end": item.end,
                    "text": item.text,
                    "label": label,
                    "reviewer": self.annotator,
                    "comment": comment if comment is not None else (before or {}).get("comment"),
                }
            )
            message = f"decided: {label}"
        item.decision = after
        what = f"decision on {sentences_word(item.first, item.last)}"
        self.undo_stack.append(_Action(what, [_Change("review", key, before, after)]))
        self.redo_stack.clear()
        self._wrote([])
        return Outcome(message, changed=True)


def _by_id(
    documents: Iterable[Document] | MutableMapping[str, Document],
) -> MutableMapping[str, Document]:
    if isinstance(documents, Mapping):
        return documents  # type: ignore[return-value]
    return {d.id: d for d in documents}
