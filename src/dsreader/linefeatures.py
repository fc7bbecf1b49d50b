"""What the line classifier sees of each line: numbers that transfer across sites.

Shape (length, Hangul share, digits and symbols, sentence endings), morphology (does a
short line carry any particle or ending, by Kiwi, in one batched call), markup (links,
images, URLs, bullets), place (inside, before or after the densest run of prose),
likeness to the title, repetition across the other articles of the same source, the
rules' own verdicts, and the same few facts about the neighbouring lines. Nothing here
names a site. The weights that turn these into a decision live in data/cleaner.json.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .linerules import _MD_IMAGE_LINE, _PREDICATE_END, _PROSE_END, MD_MARKUP_LINE, MD_TABLE_ROW
from .repetition import REPEAT_CAP, LineContext, line_key

# Reasons the rules give from a line's own words (vocabulary), and from its place.
VOCAB_REASONS = (
    "copyright",
    "subscribe-plea",
    "comments",
    "share-buttons",
    "navigation",
    "byline",
    "related-list",
    "keyword-stuffing",
    "reactions",
    "photo-credit",
    "title",
    "repeated-title",
    "image",
    "link-list",
    "front-matter",
    "field-label",
    "advert",
    "notice",
    "aside",
    "markup",
)
PLACE_REASONS = ("head", "tail", "after-copyright", "after-end")
# The rules' verdicts that name what a line is (a notice, a widget), not just its shape:
# a feature here, and in clean.py the positive evidence a line of prose needs to go.
STRONG_REASONS = {
    "related-list",
    "aside",
    "markup",
    "copyright",
    "subscribe-plea",
    "comments",
    "share-buttons",
    "byline",
    "photo-credit",
    "repeated-title",
    "image",
    "link-list",
    "keyword-stuffing",
    "front-matter",
    "field-label",
    "advert",
    "notice",
}

_HANGUL = re.compile(r"[가-힣]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")
_WORD = re.compile(r"\S+")
_MD_LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]{0,80}>")
# A symbol bullet (menus, promotions, related lists); a markdown list item ('- …', a
# post's own list) is not one: the corpus has too few of either kind to tell.
_BULLET = re.compile(r"^(?:[•·▶▷►☞→▲△■□◆◇●○※]|[-*+](?!\s))")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATE = re.compile(r"(?:19|20)\d{2}\s*[-./년]\s*\d{1,2}\s*[-./월]\s*\d{1,2}")
_TIME = re.compile(r"\d{1,2}:\d{2}")
_REPORTER = re.compile(r"기자|특파원|통신원|에디터")
_SENTENCE_END = re.compile(r"[가-힣][.?!](?=\s|$|[\"”’'\)])")
_NOUN_END = re.compile(r"[가-힣][.]$")  # '… 고발 사진.': a caption, not a sentence
_HEADING = re.compile(r"^#{1,6}\s+\S|^[■□◆◇▶▷●○]\s*\S.{0,40}$")
_EMPHASIS = re.compile(r"\*\*|__|`|\]\([^)\n]*\)|!?\[(?=[^\]\n]*\]\()")
_QUOTE = re.compile(r"[\"“”‘’']")
_BIGRAM = re.compile(r"[\W_]+")


def _share(pattern: re.Pattern, text: str, letters: int) -> float:
    return len(pattern.findall(text)) / letters if letters else 0.0


def _bigrams(text: str) -> set[str]:
    t = _BIGRAM.sub("", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def prose_run(
    is_prose: Sequence[bool],
    lengths: Sequence[int],
    gap_max: int = 3,
    penalty: int = 40,
    neutral: Sequence[bool] | None = None,
) -> tuple[int, int]:
    """The densest run of prose: the stretch of lines that maximises prose characters
    minus `penalty` for each other line inside it, never across more than `gap_max`
    other lines in a row; (first, last) or (-1, -1). A portal's list of other stories,
    a summary line between every two titles, loses to the story's solid paragraphs.
    Lines marked `neutral` (a post's own headings and list marks) cost nothing."""
    best, best_span = 0, (-1, -1)
    score, start, gap = 0, None, 0
    for i, prose in enumerate(is_prose):
        if prose:
            if start is None or gap > gap_max or score <= 0:
                score, start = 0, i
            score += lengths[i]
            gap = 0
            if score > best:
                best, best_span = score, (start, i)
        elif start is not None and not (neutral and neutral[i]):
            gap += 1
            score -= penalty
    return best_span


_STRUCTURE = re.compile(r"^(?:#{1,6}\s|\\?[-*+]\s|\d{1,2}[.)]\s|[-*_=]{3,}$)")
_FENCE = re.compile(r"^(?:```|~~~)")


def structure_flags(texts: Sequence[str]) -> list[bool]:
    """The lines of a post's own structure: headings, list items, rules, table rows,
    pictures, markup alone on a line and every line of a fenced code block. They do not
    part a run of prose."""
    out = []
    fenced = False
    for text in texts:
        fence = bool(_FENCE.match(text))
        out.append(
            fence
            or fenced
            or bool(_STRUCTURE.match(text) or MD_TABLE_ROW.match(text))
            or bool(_MD_IMAGE_LINE.match(text) or MD_MARKUP_LINE.match(text))
        )
        fenced = fenced != fence
    return out


# Without Kiwi: a Hangul word ending as the commonest particles and endings do.
_GRAMMATICAL_END = re.compile(
    r"[가-힣](?:은|는|을|를|에|에서|으로|로|와|과|도|만|다|요|고|며|서|지만|니다|했|한|된|할|인)"
    r"(?=[\s.,!?\"'”’)]|$)"
)


def particle_flags(texts: Sequence[str]) -> list[float]:
    """1.0 when Kiwi finds no particle, ending or verb in a short line (a menu, a list
    of names), 0.0 otherwise; long lines and prose are not sent to Kiwi at all."""
    out = [0.0] * len(texts)
    todo = [i for i, t in enumerate(texts) if len(t) <= 80 and _HANGUL.search(t)]
    if not todo:
        return out
    from .morph import Unavailable, kiwi

    try:
        analyzer = kiwi()
    except Unavailable:  # a first look: a word ending as a particle or ending would
        for i in todo:
            out[i] = 0.0 if _GRAMMATICAL_END.search(texts[i]) else 1.0
        return out
    for i, tokens in zip(todo, analyzer.tokenize([texts[i] for i in todo]), strict=True):
        grammatical = any(
            t.tag.startswith(("J", "E", "VV", "VA", "VX", "XSV", "XSA", "M")) for t in tokens
        )
        out[i] = 0.0 if grammatical else 1.0
    return out


FEATURE_NAMES: list[str] = []


def _names() -> list[str]:
    own = [
        "log_len",
        "log_words",
        "hangul",
        "latin",
        "digits",
        "symbols",
        "endings",
        "prose_end",
        "prose",
        "no_particle",
        "md_links",
        "link_share",
        "url",
        "html",
        "bullet",
        "bracketed",
        "email",
        "date",
        "time",
        "reporter",
        "quote",
        "short",
        "title_sim",
        "rel_pos",
        "in_run",
        "before_run",
        "after_run",
        "run_dist",
        "repeat_outside",
        "repeat_long",
        "pred_end",
        "noun_end",
        "heading",
        "extracted",
        "extracted_head",
        "nonprose_block",
    ]
    own += ["rule:any", "rule:strong", "place:any"]
    own += [f"rule:{r}" for r in VOCAB_REASONS] + [f"place:{r}" for r in PLACE_REASONS]
    neigh = ["prose", "rule", "log_len", "no_particle", "md_links", "repeat", "image"]
    own += [f"prev:{n}" for n in neigh] + [f"next:{n}" for n in neigh]
    return own


FEATURE_NAMES.extend(_names())


def line_features(
    texts: Sequence[str],
    vocab: Sequence[str | None],
    place: Sequence[str | None],
    is_prose: Sequence[bool],
    title: str | None,
    context: LineContext | None,
    extracted: bool = False,
    no_particle: Sequence[float] | None = None,
) -> list[list[float]]:
    """One feature vector per line, in FEATURE_NAMES order. `extracted`: the text was
    cut out of a page or record by its container (HTML, JSON), not saved whole."""
    n = len(texts)
    lengths = [len(t) for t in texts]
    first, last = prose_run(is_prose, lengths, neutral=structure_flags(texts))
    if no_particle is None:
        no_particle = particle_flags(
            [t if not p else "" for t, p in zip(texts, is_prose, strict=True)]
        )
    title_grams = _bigrams(title) if title else set()
    prose_at = [i for i, p in enumerate(is_prose) if p]
    body_from, body_to = (prose_at[0], prose_at[-1]) if prose_at else (n, -1)
    repeats = context.repeats if context else {}

    base = []
    for i, raw_text in enumerate(texts):
        text = _EMPHASIS.sub("", raw_text)  # '**굵게**' is not a line of symbols
        letters = max(1, len(_SPACE.sub("", text)))
        words = len(_WORD.findall(text))
        link_chars = sum(len(m.group(0)) for m in _MD_LINK.finditer(raw_text))
        symbols = sum(1 for ch in text if not (ch.isalnum() or ch.isspace()))
        grams = _bigrams(text)
        sim = len(grams & title_grams) / len(grams | title_grams) if grams and title_grams else 0.0
        # how many other articles of the source print it, capped (see LineContext.digest)
        share = min(repeats.get(line_key(text), 0), REPEAT_CAP) / REPEAT_CAP
        base.append(
            {
                "log_len": math.log1p(len(text)),
                "log_words": math.log1p(words),
                "hangul": _share(_HANGUL, text, letters),
                "latin": _share(_LATIN, text, letters),
                "digits": _share(_DIGIT, text, letters),
                "symbols": symbols / letters,
                "endings": min(5, len(_SENTENCE_END.findall(text))),
                "prose_end": float(bool(_PROSE_END.search(text))),
                "prose": float(is_prose[i]),
                "no_particle": no_particle[i],
                "md_links": min(5, len(_MD_LINK.findall(raw_text))),
                "link_share": link_chars / max(1, len(raw_text)),
                "url": float(bool(_URL.search(text))),
                "html": float(bool(_HTML_TAG.search(text))),
                "bullet": float(bool(_BULLET.match(text))),
                "bracketed": float(text[:1] in "[【<(" and text[-1:] in "]】>)"),
                "email": float(bool(_EMAIL.search(text))),
                "date": float(bool(_DATE.search(text))),
                "time": float(bool(_TIME.search(text))),
                "reporter": float(bool(_REPORTER.search(text))),
                "quote": float(bool(_QUOTE.search(text))),
                "short": float(words <= 3),
                "title_sim": sim,
                "rel_pos": i / max(1, n - 1),
                "in_run": float(first <= i <= last),
                "before_run": float(first >= 0 and i < first),
                "after_run": float(last >= 0 and i > last),
                "run_dist": math.log1p(
                    0 if first < 0 or first <= i <= last else (first - i if i < first else i - last)
                ),
                # Recurrence counts outside the story (before its first or after its
                # last prose line) or for a whole sentence; a short line recurring
                # inside it is a template's sub-heading, not chrome.
                "repeat_outside": share if not body_from <= i <= body_to else 0.0,
                "repeat_long": share if len(line_key(text)) >= 15 else 0.0,
                "pred_end": float(bool(_PREDICATE_END.search(text))),
                "heading": float(bool(_HEADING.match(text))),
                # The container (a web page, a feed record) already cut the article out:
                # what stands before its first paragraph is a deck, not a menu.
                "extracted": float(extracted),
                "extracted_head": float(extracted) * float(first >= 0 and i < first),
                "noun_end": float(bool(_NOUN_END.search(text)) and not _PREDICATE_END.search(text)),
            }
        )
    # A block of consecutive non-prose lines: menus and lists come in blocks.
    block = [0] * n
    i = 0
    while i < n:
        j = i
        while j < n and not is_prose[j]:
            j += 1
        for k in range(i, j):
            block[k] = j - i
        i = max(j, i + 1)

    rows = []
    for i in range(n):
        f = base[i]
        row = [f[name] for name in FEATURE_NAMES[: FEATURE_NAMES.index("nonprose_block")]]
        row.append(math.log1p(block[i]))
        row += [
            float(vocab[i] is not None),
            float(vocab[i] in STRONG_REASONS),
            float(place[i] is not None),
        ]
        row += [float(vocab[i] == r) for r in VOCAB_REASONS]
        row += [float(place[i] == r) for r in PLACE_REASONS]
        for j in (i - 1, i + 1):
            if 0 <= j < n:
                g = base[j]
                row += [
                    g["prose"],
                    float(vocab[j] is not None),
                    g["log_len"],
                    g["no_particle"],
                    g["md_links"],
                    max(g["repeat_outside"], g["repeat_long"]),
                    float(vocab[j] in ("image", "photo-credit")),  # captions follow images
                ]
            else:
                row += [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        rows.append(row)
    return rows
