"""Cleaning and analysing many articles on every core: `dsreader analyze` (with a
progress bar) and the app's background work share the pool and its tasks."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor, as_completed

from .analysis import Document, analyze, cached
from .article import CleanArticle
from .corpus import LoadResult, RawArticle
from .repetition import LineContext


def spawn_pool(jobs: int) -> ProcessPoolExecutor:
    """Workers are spawned, never forked: cleaning may have started Kiwi's threads in
    this process, and a forked child would wait forever on a lock one of those
    threads held at the fork. Each worker's Kiwi gets its share of the cores: with
    Kiwi's default of a thread per core, two workers on two cores ran four threads."""
    share = max(1, (os.cpu_count() or 1) // max(1, jobs))
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_start,
        initargs=(share,),
    )


def _worker_start(threads: int) -> None:
    from .morph import set_threads

    set_threads(threads)


def warm_up() -> None:
    """In a new worker: load the rules while the app still reads the files."""
    from . import clean, entities  # noqa: F401


def warm_up_analyzer() -> None:
    """In a new worker of `analyze`: the rules and Kiwi, while the parent reads files."""
    from .morph import kiwi

    warm_up()
    kiwi()


def start_workers(jobs: int) -> ProcessPoolExecutor | None:
    """`jobs` workers loading Kiwi from now on (None for one job: work happens here)."""
    if jobs <= 1:
        return None
    pool = spawn_pool(jobs)
    for _ in range(jobs):
        pool.submit(warm_up_analyzer)
    return pool


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


def _work(batch: list[tuple[RawArticle, LineContext | None]]) -> int:
    """In a worker: clean and analyse into the caches; only a count comes back."""
    for article, context in batch:
        analyze(clean_article(article, context))
    return len(batch)


def analyze_corpus(
    result: LoadResult, jobs: int, pool: ProcessPoolExecutor | None = None, batch: int = 4
) -> int:
    """Clean and analyse every article into the caches, in `jobs` worker processes
    (the parent reads the files only; `pool` from start_workers, already loading
    Kiwi while it did); returns how many articles are now cached. One job is one
    core: Kiwi then runs on one thread here."""
    from rich.progress import Progress

    articles = result.articles
    with Progress(transient=True) as progress:
        task = progress.add_task("cleaning and analysing", total=len(articles))
        if jobs <= 1 or len(articles) <= 1:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            from .morph import set_threads

            set_threads(1)
            for article in articles:
                _work([(article, result.context(article))])
                progress.advance(task)
        else:
            pool = pool or start_workers(jobs)
            assert pool is not None
            with pool:
                futures: list[Future] = [
                    pool.submit(_work, [(a, result.context(a)) for a in articles[i : i + batch]])
                    for i in range(0, len(articles), batch)
                ]
                for future in as_completed(futures):
                    progress.advance(task, future.result())
    return len(articles)
