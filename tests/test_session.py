"""The labelling session on its own: no Textual, a store in a temporary folder."""

import subprocess
import sys

import pytest

from dsreader.analysis import Document, Sentence
from dsreader.session import LabellingSession
from dsreader.store import AnnotationStore

SENTENCES = [
    "첫 문장이다.",
    "둘째 문장이다.",
    "셋째 문장이다.",
    "넷째 문장이다.",
    "다섯째 문장이다.",
]


def make_doc(sentences=SENTENCES, ident="a1") -> Document:
    text = " ".join(sentences)
    spans, pos = [], 0
    for k, s in enumerate(sentences):
        start = text.index(s, pos)
        spans.append(Sentence(k, start, start + len(s), s))
        pos = start + len(s)
    return Document(ident, f"{ident}.txt", "제목", None, None, None, text, text, (), tuple(spans))


@pytest.fixture
def store(tmp_path):
    s = AnnotationStore(tmp_path / "db.json")
    yield s
    s.close()


def session(store, who="kim", docs=None):
    return LabellingSession(store, who, docs or [make_doc()])


def test_the_session_never_imports_textual():
    code = "import sys, dsreader.session; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_label_skip_clear_and_progress(store):
    doc = make_doc()
    s = session(store, docs=[doc])
    assert s.label(doc, 0, 0, "verified").message == "saved: verified"
    s.label(doc, 1, 1, "skip")  # a headline: not a claim, but done
    assert s.sentence_labels(doc) == {0: "verified", 1: "skip"}
    assert s.progress(doc) == (2, 5) and s.corpus_progress() == (2, 5)
    s.clear(doc, 0, 0)
    assert s.progress(doc) == (1, 5)
    assert [r["label"] for r in store.all()] == ["skip"]


def test_labelling_inside_an_extended_claim_asks_first_and_never_drops_it(store):
    doc = make_doc()
    s = session(store, docs=[doc])
    s.label(doc, 1, 3, "verified")  # one claim of three sentences
    asked = s.label(doc, 3, 3, "disputed")
    assert asked.conflict and not asked.changed
    assert "sentences 2–4" in asked.message
    assert s.sentence_labels(doc) == {1: "verified", 2: "verified", 3: "verified"}
    assert s.label(doc, 3, 3, "disputed", resolve="cancel").changed is False
    split = s.label(doc, 3, 3, "disputed", resolve="split")
    assert "sentences 2–3 kept verified" in split.message
    assert s.sentence_labels(doc) == {1: "verified", 2: "verified", 3: "disputed"}
    assert sorted((r["start"], r["end"]) for r in store.all()) == [
        (doc.sentences[1].start, doc.sentences[2].end),
        (doc.sentences[3].start, doc.sentences[3].end),
    ]
    s.undo()  # one key press undoes the whole split
    assert s.sentence_labels(doc) == {1: "verified", 2: "verified", 3: "verified"}


def test_a_split_in_the_middle_keeps_both_sides_and_replace_drops_on_request(store):
    doc = make_doc()
    s = session(store, docs=[doc])
    s.label(doc, 0, 4, "opinion")
    s.label(doc, 2, 2, "skip", resolve="split")
    assert [c.span for c in s.claims(doc)] == [(0, 1), (2, 2), (3, 4)]
    s.label(doc, 1, 3, "verified", resolve="replace")  # extending over labelled sentences
    assert s.sentence_labels(doc) == {1: "verified", 2: "verified", 3: "verified"}


def test_clearing_one_sentence_of_a_claim_asks_too(store):
    doc = make_doc()
    s = session(store, docs=[doc])
    s.label(doc, 0, 2, "verified")
    assert s.clear(doc, 2, 2).conflict
    s.clear(doc, 2, 2, resolve="split")
    assert s.sentence_labels(doc) == {0: "verified", 1: "verified"}


def test_a_comment_needs_no_label_and_survives_labelling_and_clearing(store):
    doc = make_doc()
    s = session(store, docs=[doc])
    out = s.comment(doc, 2, 2, "출처 확인", "https://example.com")
    assert out.changed and "no label yet" in out.message
    [record] = store.all()
    assert record["label"] is None and record["comment"] == "출처 확인"
    assert s.progress(doc) == (0, 5)  # a comment is not a label
    s.label(doc, 2, 2, "disputed")
    assert store.all()[0]["comment"] == "출처 확인"
    s.clear(doc, 2, 2)
    assert store.all()[0]["label"] is None and store.all()[0]["evidence"] == "https://example.com"


def test_a_comment_inside_a_claim_goes_to_that_claim(store):
    doc = make_doc()
    s = session(store, docs=[doc])
    s.label(doc, 0, 2, "opinion")
    s.comment(doc, 1, 1, "사설")
    [record] = store.all()
    assert record["comment"] == "사설" and record["label"] == "opinion"


def test_undo_and_redo_walk_labels_comments_and_clears(store):
    doc = make_doc()
    s = session(store, docs=[doc])
    s.label(doc, 0, 0, "verified")
    s.comment(doc, 0, 0, "메모")
    s.clear(doc, 0, 0)
    assert s.undo().message.startswith("undone")
    assert s.sentence_labels(doc) == {0: "verified"}
    s.undo()
    assert store.all()[0]["comment"] is None
    s.redo()
    assert store.all()[0]["comment"] == "메모"
    s.undo(), s.undo()
    assert store.all() == [] and s.undo().message == "nothing to undo"


def test_labels_follow_their_text_when_the_article_is_recleaned(store):
    doc = make_doc()
    s = session(store, docs=[doc])
    s.label(doc, 1, 1, "disputed")
    moved = make_doc(["새로 생긴 머리말이다.", *SENTENCES])  # same id, text shifted
    s.update(moved)
    assert s.sentence_labels(moved) == {2: "disputed"}
    s.label(moved, 2, 2, "opinion")  # stored under the new offsets, old key gone
    [record] = store.all()
    assert record["start"] == moved.sentences[2].start and record["label"] == "opinion"
    gone = make_doc(["전혀 다른 글이다."])
    s.update(gone)
    assert s.orphans(gone) == 1 and len(store.all()) == 1


def test_next_unlabelled_next_disagreement_and_next_unfinished(store):
    a, b, c = make_doc(ident="a"), make_doc(ident="b"), make_doc(ident="c")
    kim = session(store, "kim", [a, b, c])
    for k in range(5):
        kim.label(b, k, k, "verified")
    kim.label(a, 0, 1, "verified")
    assert kim.next_unlabelled(a, 0) == 2
    assert kim.next_unlabelled(a, 4) == 2  # wraps round
    assert kim.next_unfinished(["a", "b", "c"], "a") is c  # b is done
    lee = session(store, "lee", [a, b, c])
    lee.label(a, 0, 1, "disputed")
    lee.label(a, 3, 3, "opinion")
    kim.label(a, 3, 3, "opinion")
    assert kim.disagreements(a) == [(0, 1)]
    assert kim.next_disagreement(a, 2) == (0, 1)
    status = kim.status(a, 0)
    assert status.claim.label == "verified" and status.others == 1


def test_progress_is_cached_until_labels_change_here_or_elsewhere(store, tmp_path):
    doc = make_doc()
    s = session(store, docs=[doc])
    s.label(doc, 0, 0, "verified")
    assert s.progress(doc) == (1, 5)
    other = AnnotationStore(tmp_path / "db.json")  # a second terminal, same annotator
    other.put(
        {
            **store.all()[0],
            "start": doc.sentences[1].start,
            "end": doc.sentences[1].end,
            "text": doc.sentences[1].text,
        }
    )
    other.close()
    store.refresh()
    assert s.progress(doc) == (2, 5)


def test_review_items_disagreements_first_and_decisions_are_undoable(store, tmp_path):
    doc = make_doc()
    kim, lee = session(store, "kim", [doc]), session(store, "lee", [doc])
    kim.label(doc, 0, 0, "verified")
    lee.label(doc, 0, 0, "verified")
    kim.label(doc, 2, 3, "opinion")
    lee.label(doc, 2, 3, "disputed")
    kim.label(doc, 4, 4, "opinion")  # one annotator only: nothing to review
    park = session(store, "park", [doc])
    items = park.review_items()
    assert [(i.first, i.last, i.disagreement) for i in items] == [(2, 3, True), (0, 0, False)]
    assert {w: r["label"] for w, r in items[0].labels.items()} == {
        "kim": "opinion",
        "lee": "disputed",
    }
    assert park.decide(items[0], "disputed").message == "decided: disputed"
    [decision] = store.reviews()
    assert decision["reviewer"] == "park" and decision["label"] == "disputed"
    assert decision["decided_at"] and decision["text"] == doc.text[items[0].start : items[0].end]
    assert {r["annotator"]: r["label"] for r in store.all() if r["start"] == items[0].start} == {
        "kim": "opinion",
        "lee": "disputed",
    }  # the annotators' own labels are untouched
    park.undo()
    assert store.reviews() == []
    park.redo()
    store.close()
    again = AnnotationStore(tmp_path / "db.json")  # decisions survive a fold and reopen
    assert [r["label"] for r in again.reviews()] == ["disputed"]
    assert len(again.all()) == 5
    again.close()


def test_a_read_only_database_refuses_with_a_message(tmp_path):
    path = tmp_path / "db.json"
    AnnotationStore(path).close()
    ro = AnnotationStore(path, read_only=True)
    doc = make_doc()
    out = LabellingSession(ro, "kim", [doc]).label(doc, 0, 0, "verified")
    assert out.severity == "error" and "read-only" in out.message and not out.changed


def test_unknown_labels_are_refused():
    with pytest.raises(ValueError):
        LabellingSession.label(None, None, 0, 0, "maybe")  # type: ignore[arg-type]


def test_next_unfinished_starts_from_the_top_when_the_current_article_is_filtered_out(store):
    a, b = make_doc(ident="a"), make_doc(ident="b")
    s = session(store, docs=[a, b])
    assert s.next_unfinished(["b"], "a") is b


def test_a_comment_across_a_claim_boundary_is_refused_before_anything_is_typed(store):
    doc = make_doc()
    s = session(store, docs=[doc])
    s.label(doc, 1, 2, "verified")
    assert s.comment_refusal(doc, 0, 1) is not None
    assert s.comment_refusal(doc, 2, 2) is None  # inside the claim: comments on it
    assert s.comment_refusal(doc, 3, 4) is None
    assert s.comment(doc, 0, 1, "x").changed is False


def test_a_store_that_cannot_save_gives_a_message_and_keeps_what_was_saved_undoable(store):
    from dsreader.store import StoreError

    doc = make_doc()
    s = session(store, docs=[doc])
    s.label(doc, 0, 2, "verified")
    real_put = store.put
    calls = []

    def failing_put(record):
        calls.append(record)
        if len(calls) > 1:  # the split's kept piece is saved, the new label is not
            raise StoreError("not saved: No space left on device")
        return real_put(record)

    store.put = failing_put
    out = s.label(doc, 2, 2, "disputed", resolve="split")
    assert out.severity == "error" and "No space left" in out.message and not out.changed
    assert s.sentence_labels(doc) == {0: "verified", 1: "verified"}  # what the store holds
    store.put = real_put
    s.undo()  # takes back the part that was saved
    assert s.sentence_labels(doc) == {0: "verified", 1: "verified", 2: "verified"}


def test_corpus_progress_follows_labels_here_elsewhere_undo_and_a_reanalysed_article(
    store, tmp_path
):
    a, b = make_doc(ident="a1"), make_doc(ident="b2")
    s = session(store, docs=[a, b])
    assert s.corpus_progress() == (0, 10)
    s.label(a, 0, 1, "verified")
    assert s.corpus_progress() == (2, 10)
    other = AnnotationStore(tmp_path / "db.json")  # another terminal labels b
    s1 = b.sentences[3]
    other.put(
        {
            "article_id": "b2",
            "start": s1.start,
            "end": s1.end,
            "text": s1.text,
            "label": "opinion",
            "annotator": "kim",
        }
    )
    other.close()
    store.refresh()
    assert s.progress(b) == (1, 5) and s.progress(a) == (2, 5)
    assert s.corpus_progress() == (3, 10)
    s.undo()
    assert s.corpus_progress() == (1, 10)
    shorter = make_doc(SENTENCES[:3], ident="a1")  # re-analysed: fewer sentences
    s.update(shorter)
    assert s.corpus_progress() == (1, 8)


def test_progress_counts_only_my_labelled_sentences_whatever_others_wrote(store):
    """A fresh session counts an article from this annotator's records alone: the same
    figure as the article's own claims give, with others' labels, a comment-only
    record, a later record on the same span and a claim whose text is gone around."""
    doc, other = make_doc(), make_doc(ident="a2")

    def record(first, last, label, who, stamp, d=doc, text=None):
        start, end = d.sentences[first].start, d.sentences[last].end
        return {
            "article_id": d.id,
            "start": start,
            "end": end,
            "text": text or d.text[start:end],
            "label": label,
            "annotator": who,
            "updated_at": stamp,
        }

    store.put_many(
        [
            record(0, 1, "verified", "kim", "2026-01-01"),
            record(2, 2, "opinion", "kim", "2026-01-01"),
            record(3, 4, "disputed", "lee", "2026-01-01"),  # someone else's
            record(4, 4, "verified", "lee", "2026-01-01"),
            record(1, 1, "skip", "kim", "2026-01-01", text="사라진 문장이다."),  # orphaned
            record(0, 2, "opinion", "kim", "2026-01-01", d=other),
        ]
    )
    # A later comment-only record of kim's on sentence 3 (s. 2) takes its label's place.
    store.put({**record(2, 2, None, "kim", "2026-01-02"), "comment": "다시 볼 것"})
    fresh = session(store, docs=[doc, other])
    assert fresh.corpus_progress() == (5, 10)
    assert fresh.progress(doc) == (2, 5)
    assert fresh.progress(other) == (3, 5)
    placed = session(store, docs=[doc, other])
    assert len(placed.sentence_labels(doc)) == 2  # the article's claims agree
    assert placed.progress(doc) == (2, 5)
    assert session(store, who="lee", docs=[doc]).progress(doc) == (2, 5)
