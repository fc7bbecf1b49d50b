"""Analyzing a whole corpus ahead of time, on every core, with a progress bar."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed

from .analysis import analyze, cached
from .article import CleanArticle


def _work(article: CleanArticle) -> str:
    analyze(article)
    return article.id


def analyze_corpus(articles: list[CleanArticle], jobs: int) -> int:
    """Fill the analysis cache; returns how many articles are now cached."""
    from rich.progress import Progress

    todo = [a for a in articles if cached(a) is None]
    with Progress(transient=True) as progress:
        task = progress.add_task("analyzing", total=len(todo))
        if jobs <= 1 or len(todo) <= 1:
            for article in todo:
                _work(article)
                progress.advance(task)
        else:
            # Workers are spawned, never forked: cleaning has already started Kiwi's
            # threads in this process, and a forked child would wait forever on a lock
            # one of those threads held at the fork.
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=spawn) as pool:
                for future in as_completed([pool.submit(_work, a) for a in todo]):
                    future.result()
                    progress.advance(task)
    return len(articles)
