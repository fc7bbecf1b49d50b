"""Finding and decoding the files of a corpus into RawArticles.

A bad file never stops the corpus: it is skipped with one warning naming it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .textnorm import normalize_text

SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}
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


def article_id(text: str) -> str:
    """Content-derived, so renaming or moving a file keeps its annotations."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_LENGTH]


# --- decoding -------------------------------------------------------------------------

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SUSPICIOUS = re.compile(
    r"[\ufffd\ue000-\uf8ff\u3130-\u318f\uf900-\ufaff]"  # replacement, private use, jamo, compat ideographs
)


class DecodeError(ValueError):
    """The bytes are not text we can trust."""


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def _plausible(text: str) -> bool:
    """Reject decodings that are mostly odd symbols: a wrong guess, not a Korean article."""
    if not text.strip():
        return True
    letters = sum(ch.isalnum() or ch.isspace() for ch in text)
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

_JSONL_FIELDS = ("title", "url", "source", "author", "published")


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
        body = record.get("text") if isinstance(record, dict) else None
        if not isinstance(body, str) or not body.strip():
            warnings.append(f"{path}:{lineno}: skipped, no 'text' field")
            continue
        meta = {
            key: normalize_text(str(record[key])).strip()
            for key in _JSONL_FIELDS
            if record.get(key) not in (None, "")
        }
        items.append((body, meta))
    return items, warnings


def _from_html(text: str) -> tuple[str, dict]:
    """Extract the article from a web page, keeping the page's own metadata."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None:
        return "", {}
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    meta = {
        "title": get("title"),
        "author": get("author"),
        "published": get("date"),
        "source": get("sitename"),
        "url": get("url"),
    }
    return get("text") or "", {k: normalize_text(v).strip() for k, v in meta.items() if v}


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
