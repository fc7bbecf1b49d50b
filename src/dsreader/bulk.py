"""Analyzing a whole corpus ahead of time, on every core, with a progress bar."""

from __future__ import annotations

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
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for future in as_completed([pool.submit(_work, a) for a in todo]):
                    future.result()
                    progress.advance(task)
    return len(articles)
