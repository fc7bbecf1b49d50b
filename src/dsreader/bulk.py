"""Cleaning and analysing many articles on every core: `dsreader analyze` (with a
progress bar) and the app's background work share the pool and its tasks."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed

from .analysis import Document, analyze, cached
from .article import CleanArticle
from .corpus import LoadResult, RawArticle
from .repetition import LineContext


def spawn_pool(jobs: int) -> ProcessPoolExecutor:
    """Workers are spawned, never forked: cleaning may have started Kiwi's threads in
    this process, and a forked child would wait forever on a lock one of those
    threads held at the fork."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))


def warm_up() -> None:
    """In a new worker: load the rules while the app still reads the files."""
    from . import clean, entities  # noqa: F401


def clean_article(article: RawArticle, context: LineContext | None = None) -> CleanArticle:
    """The one place where articles are cleaned for the app and `analyze` (cached);
    `context` says which of its lines recur across its source folder."""
    from .pipeline import clean_cached

    return clean_cached(article, context=context)


def clean_task(
    article: RawArticle, context: LineContext | None = None
) -> tuple[CleanArticle, Document | None]:
    """In a worker: the cleaned article, and its analysis if the cache has it."""
    clean = clean_article(article, context)
    return clean, cached(clean)


def analyse_task(article: CleanArticle) -> Document:
    return analyze(article)


def _work(article: RawArticle, context: LineContext | None) -> str:
    analyze(clean_article(article, context))
    return article.id


def analyze_corpus(result: LoadResult, jobs: int) -> int:
    """Clean and analyse every article into the caches, in `jobs` worker processes
    (the parent reads the files only); returns how many articles are now cached."""
    from rich.progress import Progress

    articles = result.articles
    with Progress(transient=True) as progress:
        task = progress.add_task("cleaning and analysing", total=len(articles))
        if jobs <= 1 or len(articles) <= 1:
            for article in articles:
                _work(article, result.context(article))
                progress.advance(task)
        else:
            with spawn_pool(jobs) as pool:
                for future in as_completed(
                    [pool.submit(_work, a, result.context(a)) for a in articles]
                ):
                    future.result()
                    progress.advance(task)
    return len(articles)
