"""CleanArticle -> Document: sentences (claim candidates) and typed entities.

Analysis is cached on disk by (text hash, analyzer version), so only the first
open of an article ever waits for Kiwi. The cache is safe with several processes:
entries are written to a temporary file and renamed into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from .article import CleanArticle, Entity, Removed

ANALYZER_VERSION = "3"


@dataclass(frozen=True)
class Sentence:
    id: int
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Document:
    id: str
    path: str
    title: str | None
    source: str | None
    author: str | None
    published: str | None
    text: str
    raw: str
    removed: tuple[Removed, ...]
    sentences: tuple[Sentence, ...] = field(default=())
    entities: tuple[Entity, ...] = field(default=())
    analyzed: bool = False

    @cached_property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def to_json(self) -> dict:
        """The `show --json` document of design.md."""
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "source": self.source,
            "author": self.author,
            "published": self.published,
            "text": self.text,
            "removed": [
                {"start": r.start, "end": r.end, "text": r.text, "reason": r.reason}
                for r in self.removed
            ],
            "sentences": [s.as_dict() for s in self.sentences],
            "entities": [e.as_dict() for e in self.entities],
        }


def unanalyzed(article: CleanArticle) -> Document:
    """What can be shown before Kiwi has run: text and metadata, no sentences yet."""
    m = article.meta
    return Document(
        article.id,
        article.path,
        m.title,
        m.source,
        m.author,
        m.published,
        article.text,
        article.raw,
        article.removed,
    )


# --- analysis -------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Kiwi does not treat a line break as a boundary, so split by line first."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def analyze_text(text: str, seams: tuple[int, ...] = ()) -> tuple[list[Sentence], list[Entity]]:
    """Sentences and entities of a cleaned text, in one Kiwi pass per paragraph."""
    from .entities import candidates, resolve  # the rules load only when something is analyzed
    from .morph import kiwi

    paragraphs = _paragraphs(text)
    if not paragraphs:
        return [], []
    analyzer = kiwi()
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    results = list(analyzer.split_into_sents([p for _, p in paragraphs], return_tokens=True))
    # Three-syllable words Kiwi reads as common nouns somewhere in the article: not a
    # person's name where it reads one without a title ('도감청이 계속된', '서명식을').
    common = frozenset(
        t.form
        for sents in results
        for sent in sents
        for t in sent.tokens
        if t.tag == "NNG" and len(t.form) == 3
    )
    for (offset, para), sents in zip(paragraphs, results, strict=False):
        local_seams = [s - offset for s in seams if offset <= s <= offset + len(para)]
        tokens = []
        for sent in sents:
            raw = para[sent.start : sent.end]
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            if body:
                start = offset + sent.start + lead
                sentences.append(Sentence(len(sentences), start, start + len(body), body))
            tokens.extend(sent.tokens)
        for e in candidates(tokens, para, local_seams, common):
            entities.append(Entity(e.start + offset, e.end + offset, e.text, e.type))
    # Typed across the whole article: 러셀 in one paragraph is 에디슨 러셀 of another.
    return sentences, resolve(entities, text)


def analyze(article: CleanArticle, cache: AnalysisCache | None = None) -> Document:
    """The full Document, from the cache when this text was analyzed before."""
    cache = cache if cache is not None else default_cache()
    hit = cached(article, cache)
    if hit is not None:
        return hit
    sentences, entities = analyze_text(article.text, article.seams)
    cache.put(
        cache.key(article.text, article.seams),
        {
            "sentences": [s.as_dict() for s in sentences],
            "entities": [e.as_dict() for e in entities],
        },
    )
    return replace(
        unanalyzed(article), sentences=tuple(sentences), entities=tuple(entities), analyzed=True
    )


def cached(article: CleanArticle, cache: AnalysisCache | None = None) -> Document | None:
    """The analyzed Document if the cache has it, without ever loading Kiwi."""
    cache = cache if cache is not None else default_cache()
    hit = cache.get(cache.key(article.text, article.seams))
    if hit is None:
        return None
    return replace(
        unanalyzed(article),
        sentences=tuple(Sentence(**s) for s in hit["sentences"]),
        entities=tuple(Entity(**e) for e in hit["entities"]),
        analyzed=True,
    )


# --- the disk cache -------------------------------------------------------------------


def _package_version(name: str) -> str:
    """A distribution's version from its dist-info folder name: no import, and much
    faster than importlib.metadata, which scans the whole path (30 ms at start-up)."""
    from importlib.util import find_spec

    spec = find_spec(name)
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        for info in site.glob(f"{name}-*.dist-info"):
            return info.name[len(name) + 1 : -len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


# Every file whose change may change a cleaned text or its entities (the cleaner's
# rules, features and shipped weights too: cleaning results are cached under this key).
FINGERPRINTED = (
    "data/gazetteer.txt",
    "data/common_nouns.txt",
    "data/english_words.txt",
    "data/cleaner.json",
    "gazetteer.py",
    "article.py",
    "textnorm.py",
    "clean.py",
    "linerules.py",
    "linefeatures.py",
    "cleanmodel.py",
    "mdsections.py",
    "repetition.py",
    "stuffing.py",
    "metadata.py",
    "entities.py",
    "entity_words.py",
    "tokens.py",
    "morph.py",
    "analysis.py",
    "pipeline.py",
)


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """Analyzer, kiwipiepy and model versions, rules and gazetteer: any change invalidates."""
    h = hashlib.sha256()
    package = Path(__file__).parent
    # The rules' own source is part of the key: a changed rule never serves a stale result.
    for name in FINGERPRINTED:
        h.update((package / name).read_bytes())
    digest = h.hexdigest()[:12]
    versions = "-".join(_package_version(n) for n in ("kiwipiepy", "kiwipiepy_model"))
    return f"{ANALYZER_VERSION}-{versions}-{digest}"


class AnalysisCache:
    """One JSON file per (text, analyzer) under a directory."""

    def __init__(self, directory: str | Path | None) -> None:
        self.directory = Path(directory) if directory else None

    def key(self, text: str, seams: tuple[int, ...] = ()) -> str:
        h = hashlib.sha256(text.encode("utf-8"))
        h.update(repr(tuple(seams)).encode())
        return f"{h.hexdigest()[:32]}-{_fingerprint()}"

    def _path(self, key: str) -> Path | None:
        return self.directory / f"{key}.json" if self.directory else None

    def get(self, key: str) -> dict | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            return json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None  # missing or torn: analyze again

    def put(self, key: str, value: dict) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only cache only costs speed


def default_cache() -> AnalysisCache:
    """$DSREADER_CACHE_DIR, else the user's cache directory; '' disables caching."""
    env = os.environ.get("DSREADER_CACHE_DIR")
    if env is not None:
        return AnalysisCache(env or None)
    from platformdirs import user_cache_dir

    return AnalysisCache(Path(user_cache_dir("dsreader")) / "analysis")
