"""load -> clean, with cleaning results cached like analyses.

Cleaning may consult Kiwi (line features, keyword-stuffing checks), so its results are
cached on disk too: a second start of the app never loads the analyzer. The key holds
everything the result depends on: the text, the container's metadata, the weights of
the line classifier and how often the article's lines recur in its source folder.
"""

from __future__ import annotations

from dataclasses import replace

from .analysis import AnalysisCache, default_cache
from .article import CleanArticle, Metadata, Removed
from .cleanmodel import model_digest
from .corpus import RawArticle
from .repetition import LineContext


def clean_cached(
    article: RawArticle,
    cache: AnalysisCache | None = None,
    context: LineContext | None = None,
) -> CleanArticle:
    cache = cache if cache is not None else default_cache()
    key = _key(article, cache, context)
    hit = from_cache(article, key, cache)
    if hit is not None:
        return hit
    from .clean import clean  # the cleaning rules load only on a cache miss

    result = clean(article, context=context)
    cache.put(
        key,
        {
            "text": result.text,
            "removed": [r.__dict__ for r in result.removed],
            "meta": result.meta.as_dict(),
            "seams": list(result.seams),
            "flags": list(result.flags),
        },
    )
    return replace(result, cache_key=key if cache.directory else "")


def _key(article: RawArticle, cache: AnalysisCache, context: LineContext | None) -> str:
    return "clean-" + cache.key(
        "\x00".join(
            (
                article.text,
                repr(sorted(article.meta.items())),
                str(article.title_in_text),
                model_digest(),
                context.digest() if context else "",
            )
        ),
        (),
    )


def cached_clean(article: RawArticle, context: LineContext | None = None) -> CleanArticle | None:
    """The cleaned article if the cache has it, else None (nothing cleaned here)."""
    cache = default_cache()
    return from_cache(article, _key(article, cache, context), cache)


def from_cache(
    article: RawArticle, key: str, cache: AnalysisCache | None = None
) -> CleanArticle | None:
    """The cleaned article the cache holds under `key` (see CleanArticle.cache_key),
    or None: no Kiwi, no rules, no corpus context needed to bring it back."""
    cache = cache if cache is not None else default_cache()
    hit = cache.get(key) if key else None
    if hit is None:
        return None
    try:
        return CleanArticle(
            id=article.id,
            path=article.path,
            raw=article.text,
            text=hit["text"],
            removed=tuple(Removed(**r) for r in hit["removed"]),
            meta=Metadata(**hit["meta"]),
            seams=tuple(hit["seams"]),
            flags=tuple(hit.get("flags", ())),
            cache_key=key,
        )
    except (KeyError, TypeError):
        return None  # an entry from another layout: clean again


# A first look cleans at most this much (whole lines): a screenful and more. All of a
# 2 MB article took 11 s of the app's interpreter.
FIRST_LOOK_CHARS = 40_000


def first_look(article: RawArticle, context: LineContext | None = None) -> CleanArticle:
    """The article (its beginning, if long) cleaned here without loading Kiwi (see
    `morph.without_kiwi`): what the reader shows while the real cleaning runs in a
    worker. Never cached: a line or a stuffed word may differ from the real result."""
    from .clean import clean
    from .morph import without_kiwi

    if len(article.text) > FIRST_LOOK_CHARS:
        cut = article.text.rfind("\n", 0, FIRST_LOOK_CHARS)
        article = replace(article, text=article.text[: cut if cut > 0 else FIRST_LOOK_CHARS])
    with without_kiwi():
        return clean(article, context=context)
