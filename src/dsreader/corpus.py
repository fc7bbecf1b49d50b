"""Finding and decoding the files of a corpus into RawArticles.

A bad file never stops the corpus: it is skipped with one warning naming it.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .textnorm import normalize_text

SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".md", ".markdown"}
ID_LENGTH = 10


class CorpusError(Exception):
    """The corpus as a whole cannot be read (missing path, nothing usable)."""


@dataclass(frozen=True)
class RawArticle:
    """An article as found on disk, decoded and normalised but not yet cleaned."""

    id: str
    path: str
    text: str
    encoding: str
    # Metadata the container itself gave (JSONL fields, HTML meta tags); wins over guesses.
    meta: dict[str, str | None] = field(default_factory=dict)
    # True when the text's first line is a candidate title (plain text files).
    title_in_text: bool = True


@dataclass
class LoadResult:
    articles: list[RawArticle]
    warnings: list[str]
    _contexts: dict | None = field(default=None, repr=False)

    def context(self, article: RawArticle):
        """How often the article's lines recur in its source folder (see corpus_contexts)."""
        if self._contexts is None:
            self._contexts = corpus_contexts(self.articles)
        return self._contexts.get(article.id)


def corpus_contexts(articles: list[RawArticle]) -> dict:
    """article id -> LineContext: for each of its lines, how many other articles of
    the same source (the same folder, or the same JSONL file) contain it.

    A line printed in many articles of one site is its chrome (menus, footers, share
    rows), whatever words it uses; computing this needs no Kiwi, only line keys.
    """
    from .repetition import LineContext

    groups: dict[str, list[tuple[str, set[str]]]] = {}
    for article in articles:
        keys = set(line_keys(article.text))
        keys.discard("")
        groups.setdefault(str(Path(article.path).parent), []).append((article.id, keys))
    out = {}
    for members in groups.values():
        counts: dict[str, int] = {}
        for _, keys in members:
            for k in keys:
                counts[k] = counts.get(k, 0) + 1
        for article_id, keys in members:
            repeats = {k: counts[k] - 1 for k in keys if counts[k] > 1}
            out[article_id] = LineContext(repeats, len(members) - 1)
    return out


# repetition.line_key's rule over a whole text at once (not in repetition.py: that file
# is part of the cleaning cache's key, and this changes no result).
_NON_WORD_BUT_LINES = re.compile(r"[^\w\n]+|_+")


def line_keys(text: str) -> list[str]:
    """`repetition.line_key` of every line of a text, in one pass (a corpus has millions)."""
    return _NON_WORD_BUT_LINES.sub("", text).lower().split("\n")


def article_id(text: str) -> str:
    """Content-derived, so renaming or moving a file keeps its annotations."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_LENGTH]


# --- decoding -------------------------------------------------------------------------

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Replacement, private use and compatibility ideographs: the marks of a wrong guess.
# (Lone jamo like ㅋㅋ and ㅇㅇ are ordinary in forum posts and do not count.)
_SUSPICIOUS = re.compile(r"[\ufffd\ue000-\uf8ff\uf900-\ufaff]")


class DecodeError(ValueError):
    """The bytes are not text we can trust."""


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 27)))


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    controls = len(sample.translate(None, _NOT_CONTROL))  # the control bytes it keeps
    return controls > len(sample) * 0.05


_NOT_LETTER = re.compile(r"[^\w\s]|_")  # what neither str.isalnum nor str.isspace accepts


def _plausible(text: str) -> bool:
    """Reject decodings that are mostly odd symbols: a wrong guess, not a Korean article."""
    if not text.strip():
        return True
    if "<" in text:  # a page dense with markup ('<tr><td>…') is judged by its text
        text = _TAG.sub(" ", text)
    # Letters, digits and spaces are the rest: counted in C, not a character at a time.
    letters = len(text) - len(_NOT_LETTER.findall(text))
    suspicious = len(_SUSPICIOUS.findall(text))
    return suspicious <= max(2, len(text) * 0.01) and letters >= len(text) * 0.6


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text as UTF-8 (BOM or not), UTF-16 with a BOM, or CP949/EUC-KR.

    Strict decoders come first because they fail loudly; the statistical detector is
    only a last resort, and its answer is still checked for plausibility.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if _looks_binary(data):
            raise DecodeError("looks like a binary file, not text")
        candidates = ["utf-8", "cp949"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, "euc-kr/cp949" if encoding == "cp949" else encoding
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _plausible(text) and not _looks_binary(text.encode("utf-8", "replace")):
            return text, best.encoding
    raise DecodeError("cannot be decoded as text in a known encoding (UTF-8, CP949/EUC-KR)")


# --- formats --------------------------------------------------------------------------

_HTMLISH = re.compile(r"<(?:p|br|div|span|h[1-6]|li|img|a)\b[^>]*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
# Crawler dumps name their fields in many ways; the first present one wins.
# A record's article text, by its field's name with case, '_' and '-' ignored
# (fullContent, article_body, body_text …); a summary or description only when no
# other text is there.
_TEXT_FIELDS = {
    "text",
    "content",
    "contents",
    "body",
    "article",
    "articletext",
    "articlebody",
    "fullcontent",
    "fulltext",
    "maintext",
    "bodytext",
    "newscontent",
    "newsbody",
    "newstext",
    "document",
}
_SUMMARY_FIELDS = ("summary", "description")
_FIELD_KEY = re.compile(r"[_\-\s]")


def record_text(record: dict) -> str | None:
    """The longest article text a record holds (a crawl may keep a lead under
    'content' and the page's whole text under 'fullContent'), else its summary."""
    texts = [
        t
        for name, value in record.items()
        if isinstance(name, str)
        and _FIELD_KEY.sub("", name).lower() in _TEXT_FIELDS
        and (t := _as_text(value))
    ]
    if texts:
        return max(texts, key=len)
    return next((t for f in _SUMMARY_FIELDS if (t := _as_text(record.get(f)))), None)


_META_FIELDS = {
    "title": ("title", "headline", "subject"),
    "url": ("url", "link", "href", "canonical_url"),
    "source": (
        "source",
        "source_name",
        "site_name",
        "sitename",
        "publisher",
        "press",
        "press_name",
        "media",
        "media_name",
        "newspaper",
        "site",
        "provider",  # BigKinds and portal crawls: the publisher
    ),
    "author": (
        "author",
        "authors",
        "writer",
        "reporter",
        "byline",
        "author_name",
        "reporter_name",
    ),
    "published": (
        "published",
        "publish_date",
        "published_date",
        "date_published",
        "publication_date",
        "date",
        "published_at",
        "publishedAt",
        "datePublished",
        "pubDate",
        "pub_date",
        "publish_time",
        "reg_date",
        "regdate",
        "write_date",
        "datetime",
        "created_at",
        "time",
    ),
}
# A news API's name for a publisher it knows only by its domain: 'Ohmynews.com'
NAMED_DOMAIN = re.compile(r"^[A-Z][\w-]*(?:\.[a-z]{2,})+$")
_URL_LIKE = re.compile(r"^(?:https?://|www\.)|^[\w-]+(?:\.[\w-]+)+(?:/|$)", re.IGNORECASE)


def _field(record: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if isinstance(v, (str, int, float)))
        if isinstance(value, (str, int, float)) and str(value).strip():
            value = str(value)
            if _ENTITY.search(value):
                value = html.unescape(value)  # 'Today&#039;s point'
            return normalize_text(value).strip()
    return None


def _as_text(value) -> str | None:
    """A text field: a string, or a list of sentences/paragraphs (strings, or objects
    holding one under 'sentence', 'text' or 'content'), one per line."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                item = next((item[k] for k in ("sentence", "text", "content") if k in item), None)
            if isinstance(item, str) and item.strip():
                parts.append(item.strip())
        return "\n".join(parts) or None
    return None


def record_meta(record: dict) -> dict:
    """Title, url, source, author and published from a record's usual field names.
    A source that is only an address (a URL or a domain) is no publisher name."""
    meta = {k: _field(record, names) for k, names in _META_FIELDS.items()}
    source = meta.get("source")
    if source and _URL_LIKE.match(source) and not NAMED_DOMAIN.match(source):
        meta["url"] = meta.get("url") or meta["source"]
        meta["source"] = None
    return {k: v for k, v in meta.items() if v}


def _from_jsonl(path: Path, text: str) -> tuple[list[tuple[str, dict]], list[str]]:
    items: list[tuple[str, dict]] = []
    warnings: list[str] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"{path}:{lineno}: skipped, not valid JSON ({exc.msg})")
            continue
        body = None
        if isinstance(record, dict):
            body = record_text(record)
        if body is None:
            warnings.append(f"{path}:{lineno}: skipped, no 'text' field")
            continue
        if _HTMLISH.search(body):
            body = fragment_text(body)  # a record holding the page's HTML markup
        elif _ENTITY.search(body):
            body = html.unescape(body)  # crawlers often store '&apos;', '&quot;' as is
        items.append((body, record_meta(record)))
    return items, warnings


_BLOCK_END = re.compile(
    r"<br\s*/?>|</?(?:p|h[1-6]|li|div|tr|blockquote|pre|figcaption|figure|dd|dt|section|"
    r"article|title|header|footer|nav|aside|main|ul|ol|table|form)\b[^>]*>"
    r"|<(?:hr)[^>]*>",
    re.IGNORECASE,
)
_DROP = re.compile(
    r"<(script|style|noscript|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
# A tag starts with a letter, '/' or '!': '<질문 1>' in a transcript is text, as a
# browser shows it.
_TAG = re.compile(r"</?[A-Za-z!][^>]*>")
_PAGE = re.compile(r"<(?:html|body|head)\b", re.IGNORECASE)


# A link around whole blocks (title, description, address) is a link card, not text.
_CARD = re.compile(r"<a\b[^>]*>.*?</a\s*>", re.IGNORECASE | re.DOTALL)
_CARD_BLOCK = re.compile(r"<(?:p|div|h[1-6]|figure|ul|li|table)\b", re.IGNORECASE)
_PRE = re.compile(r"<(?:pre|textarea)\b", re.IGNORECASE)


def _drop_card(m: re.Match) -> str:
    return "\n" if len(_CARD_BLOCK.findall(m.group(0))) >= 2 else m.group(0)


def fragment_text(markup: str) -> str:
    """A piece of HTML without a page around it (a blog editor's source, a CMS field):
    one line per block, tags removed, entities decoded. An extractor built for whole
    pages drops the headings and lists of such a fragment."""
    markup = _DROP.sub(" ", markup)
    markup = _CARD.sub(_drop_card, markup)
    if not _PRE.search(markup):  # a line break in the source is a space on the page
        markup = re.sub(r"\s+", " ", markup)
    markup = _BLOCK_END.sub("\n", markup)
    markup = html.unescape(_TAG.sub("", markup))
    lines = (re.sub(r"[ \t\r\f\v]+", " ", x).strip() for x in markup.split("\n"))
    return "\n".join(x for x in lines if x)


_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>", re.IGNORECASE)
_HTML_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_GRAPHIC = re.compile(r"<(svg|figure)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_LINE = re.compile(r"^\s*</?[A-Za-z][^>]*>?")


def html_blocks_as_text(markdown: str) -> str:
    """A post saved as markdown whose paragraphs are a blog editor's HTML (a block of
    `<p data-ke-size=…>` lines): each such block as the text a reader sees, one line per
    paragraph; markdown and a few inline tags stay as written."""
    # a chart or a figure the post draws in HTML (its labels, caption and data table
    # behind '표로 보기'), across the blank lines inside it: a picture, no text
    markdown = _GRAPHIC.sub(lambda m: "\n" * m.group(0).count("\n"), markdown)
    blocks = re.split(r"(\n[ \t]*\n)", markdown)
    for k in range(0, len(blocks), 2):
        lines = [x for x in blocks[k].splitlines() if x.strip()]
        tagged = sum(1 for x in lines if _HTML_LINE.match(x))
        if len(lines) >= 5 and tagged >= 0.6 * len(lines) and _CARD_BLOCK.search(blocks[k]):
            # written as the markdown it stands for: its headings and list items keep
            # their marks, which say they are the post's structure
            block = _HTML_HEADING.sub(lambda m: "\n" + "#" * int(m.group(1)) + " ", blocks[k])
            blocks[k] = fragment_text(_HTML_ITEM.sub("\n- ", block))
    return "".join(blocks)


def _meta_tags(page: str) -> dict[str, str]:
    """A page's `<meta>` values by property, name or itemprop (lower case; the first
    one wins), whichever attribute order or value attribute the page uses."""
    tags: dict[str, str] = {}
    for tag in re.findall(r"<meta\b[^>]*>", page[:200_000], re.IGNORECASE):
        value = re.search(r"(?:content|value)\s*=\s*(\"[^\"]*\"|'[^']*')", tag, re.IGNORECASE)
        if not value:
            continue
        value = normalize_text(html.unescape(value.group(1)[1:-1])).strip()
        for key in re.finditer(
            r"\b(?:property|name|itemprop)\s*=\s*(\"[^\"]*\"|'[^']*')", tag, re.IGNORECASE
        ):
            for name in key.group(1)[1:-1].lower().split():
                if value:
                    tags.setdefault(name, value)
    return tags


_AUTHOR_TAGS = ("article:author", "dable:author", "dd:author", "by", "author")
_PUBLISHED_TAGS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "dd:published_time",
    "datepublished",
)


def _korean_time(stamp: str | None) -> str | None:
    """A tag's ISO time as Korean local time (what the page prints), to the minute;
    None when it has no time of day or does not parse."""
    if not stamp or "T" not in stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(timezone(timedelta(hours=9)))
    return when.strftime("%Y-%m-%dT%H:%M")


_INLINE = {"strong", "b", "em", "i", "u", "span", "font", "small", "big", "mark", "a"}


def _blocks_made_explicit(page: str):
    """The page as a tree in which what reads as a block is one, for the extractor.

    Portals set a deck as one inline element with line breaks
    (`<strong>deck 1<br>deck 2</strong>lead…`) and a picture as an inline element around
    the image and its caption (`<span><img><em>caption</em></span>lead…`). An extractor
    that takes them for inline text loses the deck's first line, glues the caption to
    the deck or to the lead, or drops the lead with the picture. Such an element becomes
    a block, and the text after it a paragraph of its own. Nothing here names a site.
    """
    try:
        from trafilatura.utils import load_html

        tree = load_html(page)
    except Exception:  # the extractor reads the string itself
        return page
    if tree is None:
        return page
    _tails_made_paragraphs(tree)
    # A callout set as <aside> among the story's paragraphs (a blog editor's note box,
    # '💡 추가') is the writer's; a sidebar <aside> stands beside the story, not in it.
    for el in list(tree.iter("aside")):
        parent = el.getparent()
        if parent is not None and sum(child.tag == "p" for child in parent) >= 2:
            el.tag = "div"
            _lead_made_paragraph(el)  # its head ('💡<b>추가</b>') before its paragraphs
    # A folded section (an FAQ's <details>) is part of the text: unfolded.
    for el in tree.iter("details", "summary"):
        el.tag = "div" if el.tag == "details" else "p"
    for el in tree.iter("li"):  # an item outside any list is a paragraph
        if el.getparent() is not None and el.getparent().tag not in ("ul", "ol", "menu"):
            el.tag = "p"
    _item_text_made_paragraphs(tree)
    # A picture: the inline element around an image (and its caption), up to a few
    # levels above it, becomes a block; a link around one is a card: left alone.
    pictures = []
    for img in tree.iter("img"):
        outer, node = None, img.getparent()
        for _ in range(4):
            if node is None or node.tag == "a" or node.tag in ("body", "html"):
                break
            if node.tag in _INLINE:
                outer = node
            node = node.getparent()
        if outer is not None and outer not in pictures:
            pictures.append(outer)
    for el in pictures:
        _make_block(el, "figure" if "".join(el.itertext()).strip() else el.tag)
    # A deck: an inline element opening a line, with line breaks inside or alone
    # before a block, becomes a paragraph (never a bold word inside a sentence).
    decks = []
    for el in tree.iter("strong", "b", "em", "span", "font"):
        parent = el.getparent()
        if parent is not None and parent.tag not in _INLINE and _starts_line(el) and _deck(el):
            decks.append(el)
    for el in decks:
        _make_block(el, "p")
    return tree


def _lead_made_paragraph(el) -> None:
    """The words and inline elements that open `el` before its first block, as a
    paragraph: an extractor drops loose text in a block that holds paragraphs."""
    from lxml import etree

    children = list(el)
    first = next((k for k, c in enumerate(children) if c.tag in _ITEM_BLOCKS), len(children))
    lead = children[:first]
    words = (el.text or "") + "".join("".join(c.itertext()) + (c.tail or "") for c in lead)
    if not words.strip():
        return
    para = etree.Element("p")
    para.text, el.text = el.text, None
    for child in lead:
        para.append(child)  # with its own tail
    el.insert(0, para)


def _item_text_made_paragraphs(tree) -> None:
    """A list item's own words before a block inside it (`<li><strong>[제목]</strong>
    본문… <p>※ 용어 설명</p></li>`) become a paragraph: the extractor keeps only an
    item's blocks once it has one, and the item's text was its point."""

    def blocks(li) -> list:
        return [c for c in li if isinstance(c.tag, str) and c.tag in _ITEM_BLOCKS]

    # every item of a list one of whose items holds a block (the extractor then drops
    # the items without one too)
    items = [
        li
        for lst in tree.iter("ul", "ol")
        if any(blocks(li) for li in lst.iter("li"))
        for li in lst
        if li.tag == "li"
    ]
    for li in items:
        _lead_made_paragraph(li)


_ITEM_BLOCKS = {"p", "div", "ul", "ol", "table", "blockquote"}


def _tails_made_paragraphs(tree) -> None:
    """Text written straight after a block (`<div>deck</div> lead…<br><br>`) is a
    paragraph: with the inline elements after it, up to the next block or line break."""
    from lxml import etree

    for el in [e for e in tree.iter(*_TAIL_BLOCKS) if (e.tail or "").strip()]:
        parent = el.getparent()
        if parent is None or parent.tag in _INLINE:
            continue
        para = etree.Element("p")
        para.text, el.tail = el.tail, None
        nxt = el.getnext()
        while nxt is not None and isinstance(nxt.tag, str) and nxt.tag in _INLINE:
            following = nxt.getnext()
            para.append(nxt)  # with its own tail
            nxt = following
        el.addnext(para)


_TAIL_BLOCKS = ("div", "figure", "table", "ul", "ol", "section", "h1", "h2", "h3", "h4")
_BLOCKS = {"br", "div", "p", "figure", "table", "ul", "ol", "section", "h2", "h3", "h4", "hr"}


def _starts_line(el) -> bool:
    """Nothing but space before `el` on its line (never a word inside a sentence)."""
    prev = el.getprevious()
    before = el.getparent().text if prev is None else prev.tail
    return not (before or "").strip() and (prev is None or prev.tag not in _INLINE)


def _deck(el) -> bool:
    text = "".join(el.itertext()).strip()
    linked = sum(len("".join(a.itertext()).strip()) for a in el.iter("a"))
    if not (el.text or "").strip() or linked >= 0.5 * len(text):
        return False  # a link in bold is a link (a list of other stories), not a deck
    nxt = el.getnext()
    alone = not (el.tail or "").strip() and nxt is not None and nxt.tag in _BLOCKS
    return alone or any(child.tag == "br" for child in el)


def _make_block(el, tag: str) -> None:
    """`el` as a block, and the text after it a paragraph of its own."""
    from lxml import etree

    el.tag = tag
    for node in el.iter():  # a line break in the source is a space on the page
        if node.text:
            node.text = re.sub(r"\s+", " ", node.text)
        if node.tail and node is not el:
            node.tail = re.sub(r"\s+", " ", node.tail)
    if el.getparent() is None:
        return
    para = etree.Element("p")
    para.text, el.tail = el.tail, None
    el.addnext(para)
    # the rest of the line (bold words, links) up to the next break or block
    while (nxt := para.getnext()) is not None and nxt.tag in _INLINE:
        para.append(nxt)
    if not "".join(para.itertext()).strip():
        para.getparent().remove(para)


def _text_of(doc) -> str:
    if doc is None:
        return ""
    return (doc.get("text") if isinstance(doc, dict) else doc.text) or ""


_LETTERS = re.compile(r"[\W_]+")
_NOT_TEXT = {"script", "style", "head", "title", "meta", "noscript", "template"}


def _described_block(tree, tags: dict[str, str], extracted: str) -> str | None:
    """The post the extractor passed over for a longer list (a forum's short post above
    its board of other posts): the smallest element of the page's body whose text holds
    the opening the page's description quotes, when the extraction does not. None when
    the description is no quotation of the page or the extraction has it."""
    described = tags.get("og:description") or tags.get("description") or ""
    key = _LETTERS.sub("", described.rstrip(".… "))
    extracted = _LETTERS.sub("", extracted)
    if len(key) < 15 or key in extracted or isinstance(tree, str):
        return None
    best = None
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in _NOT_TEXT:
            continue
        if any(a.tag in _NOT_TEXT for a in el.iterancestors()):
            continue
        letters = _LETTERS.sub("", "".join(el.itertext()))
        if key in letters and (best is None or len(letters) < len(best[1])):
            best = (el, letters)
    if best is None or len(best[1]) > 5000 or (extracted and extracted[:50] in best[1]):
        return None  # a container of the whole page, or of what was extracted
    from lxml import etree

    return fragment_text(etree.tostring(best[0], encoding="unicode", with_tail=False)) or None


def _from_html(text: str) -> tuple[str, dict]:
    """Extract the article from a web page, keeping the page's own metadata."""
    if not _PAGE.search(text[:5000]):
        return fragment_text(text), {}
    import trafilatura

    tree = _blocks_made_explicit(text)
    tags = _meta_tags(text)

    def extract(page, **kw):
        return trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # the date the page states, not one guessed from an image's address
            date_extraction_params={"extensive_search": False, "original_date": True},
            **kw,
        )

    # (the extractor prunes the tree it is given: the first pass reads a copy)
    doc = extract(tree if isinstance(tree, str) else copy.deepcopy(tree))
    # The precise pass may settle on one box of a page whose text is its lists (a
    # summary's bullets under headings): when the recall pass finds far more, it wins.
    wide = extract(tree, favor_recall=True)
    if _text_of(wide) and len(_text_of(doc)) < 0.8 * len(_text_of(wide)):
        doc = wide
    missed = _described_block(tree, tags, _text_of(doc))
    if missed and doc is not None:
        # before what the extractor took (a lead it dropped), or instead of it when that
        # holds no paragraph at all (a board of other posts: table rows, short lines)
        paragraphs = [x for x in _text_of(doc).splitlines() if len(x) >= 60 and x[:1] != "|"]
        joined = missed + ("\n" + _text_of(doc) if paragraphs else "")
        if isinstance(doc, dict):
            doc["text"] = joined
        else:
            doc.text = joined
    if not _text_of(doc).strip():
        # The extractor found no article: the page's whole text, for the cleaner to sort
        # out, is better than nothing.
        title = tags.get("og:title")
        return fragment_text(text), {"title": title} if title else {}
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    # A page's site name and author tags are often the portal's or a CMS's: hints
    # that the article's own byline and copyright notice overrule.
    meta = {
        "title": get("title"),
        "author_hint": get("author"),
        "published": get("date"),
        "site_name": get("sitename"),
        "url": get("url"),
    }
    # Tags that name the reporter (recommendation widgets read them), after the extractor's.
    tagged = [tags.get(name) for name in _AUTHOR_TAGS]
    # a blog platform's tag for the writer's nickname (naverblog:nickname, …)
    tagged += [value for name, value in tags.items() if name.endswith(":nickname")]
    meta["author_hint"] = "; ".join(x for x in [meta["author_hint"], *tagged] if x)
    meta = {k: normalize_text(v).strip() for k, v in meta.items() if v}
    stamped = next((x for name in _PUBLISHED_TAGS if (x := tags.get(name))), None)
    stamped = _korean_time(stamped)
    if stamped and stamped.startswith(meta.get("published") or "-"):
        meta["published"] = stamped  # the time of day the extractor's date left out
    if len(meta.get("title") or "") <= 3:  # '블로그': a page's generic title, not the post's
        own = tags.get("og:title")
        if own:
            meta["title"] = own
    if not meta.get("site_name") and tags.get("og:site_name"):
        meta["site_name"] = tags["og:site_name"]
    try:
        from .metadata import page_hints

        page = normalize_text(trafilatura.html2txt(text) or "")
        meta.update(page_hints(page, meta.get("title"), normalize_text(get("text") or "")))
    except Exception:  # hints are a bonus: a page they cannot read still loads
        pass
    return get("text") or "", meta


_FM_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_FM_ITEM = re.compile(r"^\s+-\s*(.*)$")


_FM_FLOW = re.compile(r"^\[(.*)\]$")


def _split_flow(inner: str) -> list[str]:
    """The items of a YAML flow list, commas inside quotes left alone."""
    return [m.group(0) for m in re.finditer(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^,]+", inner)]


def _fm_value(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"')
    elif len(value) >= 2 and value[0] == value[-1] == "'":
        value = value[1:-1].replace("''", "'")
    value = re.sub(r"^\[\[(.*?)\]\]$", r"\1", value)  # an Obsidian wiki link: [[박찬 기자]]
    return value


def front_matter(text: str) -> dict:
    """The YAML block of a markdown clipping, read flat (key: value, key: [- items]):
    title, source/site, author, published and url. The text keeps the block; the
    cleaner removes it as "front-matter", so offsets stay those of the file."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}
    fields: dict[str, list[str]] = {}
    current = None
    for line in lines[1:80]:
        if line.strip() == "---":
            break
        m = _FM_LINE.match(line)
        if m:
            current = m[1].lower()
            flow = _FM_FLOW.match(m[2].strip())
            if flow:  # a flow list: 'authors: [Hong Gildong, Kim Cheolsu]'
                fields[current] = [v for x in _split_flow(flow[1]) if (v := _fm_value(x))]
            else:
                fields[current] = [_fm_value(m[2])] if m[2].strip() else []
            continue
        m = _FM_ITEM.match(line)
        if m and current:
            fields[current].append(_fm_value(m[1]))
    else:
        return {}
    record = {k: (v if len(v) > 1 else (v[0] if v else "")) for k, v in fields.items()}
    meta = record_meta(record)
    if meta.get("author"):
        meta["author"] = re.sub(r"\s*(기자|특파원|에디터)$", "", meta["author"])
    return meta


# --- loading --------------------------------------------------------------------------


def iter_files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith("."):
            yield path


def load_file(path: Path) -> tuple[list[RawArticle], list[str]]:
    """Load one file; returns its articles and the warnings about what was skipped."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [f"{path}: skipped, cannot be read ({exc.strerror or exc})"]
    if not data.strip():
        return [], [f"{path}: skipped, the file is empty"]
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        return [], [f"{path}: skipped, {exc}"]
    try:
        return _articles_of(path, text, encoding)
    except Exception as exc:  # a parser's failure (or a missing part of it) costs one file
        reason = " ".join(str(exc).split())[:80] or type(exc).__name__
        return [], [f"{path}: skipped, it could not be parsed ({reason})"]


def _articles_of(path: Path, text: str, encoding: str) -> tuple[list[RawArticle], list[str]]:
    suffix = path.suffix.lower()
    warnings: list[str] = []
    if suffix == ".jsonl":
        items, warnings = _from_jsonl(path, text)
        title_in_text = False
    elif suffix in (".html", ".htm"):
        body, meta = _from_html(text)
        items = [(body, meta)] if body.strip() else []
        if not items:
            warnings.append(f"{path}: skipped, no article text found in the page")
        title_in_text = False
    elif suffix in (".md", ".markdown"):
        meta = front_matter(normalize_text(text))
        items = [(html_blocks_as_text(text), meta)]
        title_in_text = not meta.get("title")  # else a '# heading' repeating it is removed
    else:
        items = [(text, {})]
        title_in_text = True
    articles = []
    for body, meta in items:
        normal = normalize_text(body)
        if not normal.strip():
            warnings.append(f"{path}: skipped, no text after removing control characters")
            continue
        articles.append(
            RawArticle(
                id=article_id(normal),
                path=str(path),
                text=normal,
                encoding=encoding,
                meta=meta,
                title_in_text=title_in_text,
            )
        )
    return articles, warnings


def load_corpus(root: str | Path) -> LoadResult:
    """Every article under a folder (recursively) or in one file."""
    root = Path(root)
    if not root.exists():
        raise CorpusError(f"corpus not found: {root}")
    articles: list[RawArticle] = []
    warnings: list[str] = []
    seen: dict[str, str] = {}
    files = list(iter_files(root))
    if not files:
        raise CorpusError(f"no .txt, .html or .jsonl files in {root}")
    for path in files:
        found, notes = load_file(path)
        warnings.extend(notes)
        for article in found:
            if article.id in seen:
                warnings.append(
                    f"{article.path}: skipped, same text as {seen[article.id]} (id {article.id})"
                )
                continue
            seen[article.id] = article.path
            articles.append(article)
    return LoadResult(articles, warnings)
