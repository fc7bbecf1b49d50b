"""Reading, cleaning and analysing a corpus behind the app, what the user looks at first.

The app's first frame never waits for any of this: it shows what the corpus index
remembers, runs `BackgroundWork.run` in a thread, and takes the results from
`updates` in batches. `want()` puts the article being opened (and its neighbours)
at the head of the queue. Nothing here imports Textual.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import Document, analyze, cached, unanalyzed
from .article import CleanArticle
from .corpus import SUFFIXES, CorpusError, LoadResult, RawArticle, load_corpus
from .pipeline import cached_clean
from .repetition import LineContext

# Results waiting for the app to take them, at most: each holds a whole article, and
# workers with a warm cache outrun the interface thread.
BACKLOG = 256


@dataclass
class Loaded:
    """Every file was read: the corpus's articles in order, and what was skipped."""

    articles: list[RawArticle]
    skipped: list[str]


@dataclass
class Prepared:
    """An article was cleaned (doc: its cached analysis, or the text alone) or analysed."""

    article: CleanArticle
    doc: Document


class NeedsKiwi(Exception):
    """The caches do not have it: cleaning or analysing it takes the analyzer."""


@dataclass
class Failed:
    message: str


@dataclass
class Finished:
    pass


Update = Loaded | Prepared | Failed | Finished


def has_files(root: Path) -> bool:
    """Whether the corpus holds a file the loader would read (stops at the first)."""
    if root.is_file():
        return True
    for _folder, _dirs, names in os.walk(root):
        for name in names:
            if Path(name).suffix.lower() in SUFFIXES and not name.startswith("."):
                return True
    return False


def _at_least(root: Path, count: int) -> bool:
    """Whether the corpus has `count` files or more (stops counting there)."""
    if root.is_file():  # a JSONL file may hold many articles: guess from its size
        return root.suffix.lower() == ".jsonl" and root.stat().st_size >= count * 2000
    seen = 0
    for _folder, _dirs, names in os.walk(root):
        seen += sum(1 for n in names if Path(n).suffix.lower() in SUFFIXES)
        if seen >= count:
            return True
    return False


class Contexts:
    """Each article's LineContext (which of its lines recur in its folder), built
    when the article is cleaned. The same figures as `corpus.corpus_contexts`, but
    the counts are kept per line *hash*: the corpus's line keys (as large as its
    texts) are never all in memory at once."""

    def __init__(self, articles: list[RawArticle]) -> None:
        self._articles: list[RawArticle] | None = articles
        self._counts: dict[str, dict[int, int]] = {}  # folder -> line hash -> articles
        self._members: dict[str, int] = {}  # folder -> articles
        self._lock = threading.Lock()  # counted once, by whichever thread asks first

    def _count(self) -> None:
        with self._lock:
            if self._articles is not None:
                self._tally(self._articles)
                self._articles = None

    def _tally(self, articles: list[RawArticle]) -> None:
        for article in articles:
            folder = str(Path(article.path).parent)
            counts = self._counts.setdefault(folder, {})
            self._members[folder] = self._members.get(folder, 0) + 1
            for key in _line_keys(article):
                h = hash(key)
                counts[h] = counts.get(h, 0) + 1

    @property
    def counted(self) -> bool:
        """The folders' lines are counted (asking before counts them, seconds at 10k)."""
        return self._articles is None

    def context(self, article: RawArticle) -> LineContext:
        self._count()
        folder = str(Path(article.path).parent)
        counts = self._counts.get(folder, {})
        repeats = {}
        for key in _line_keys(article):
            n = counts.get(hash(key), 0)
            if n > 1:
                repeats[key] = n - 1
        return LineContext(repeats, self._members.get(folder, 1) - 1)


def _line_keys(article: RawArticle) -> set[str]:
    from .repetition import line_key

    keys = {line_key(x) for x in article.text.split("\n")}
    keys.discard("")
    return keys


def prepare(article: RawArticle, result: LoadResult | Contexts | None = None) -> CleanArticle:
    """Clean one article (cached) in this process. `result` is the corpus's
    LoadResult: which lines recur across the article's folder (its chrome)."""
    from .bulk import clean_article

    return clean_article(article, result.context(article) if result is not None else None)


@dataclass
class Counts:
    total: int = 0
    cleaned: int = 0
    analysed: int = 0
    reading: bool = False


@dataclass
class BackgroundWork:
    """The queue of articles to read, clean and analyse, in one worker thread (Kiwi
    is not shared between threads)."""

    root: Path | None = None
    articles: list[CleanArticle] = field(default_factory=list)  # cleaned already
    analyse: bool = True
    # Worker processes once this many articles are to do (0: never): the app's own
    # process then never runs the cleaner or Kiwi, and keeps its interface thread.
    jobs: int = 0
    pool_above: int = 50
    updates: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)
    counts: Counts = field(default_factory=Counts)
    # Until then (time.monotonic) only wished-for articles are worked on: the app
    # sets it as keys arrive, so that they have the cores and the interpreter.
    hold_until: float = 0.0

    def __post_init__(self) -> None:
        self._wanted: deque[str] = deque(maxlen=64)  # only the latest wishes matter
        self._lock = threading.Lock()
        self.stop = threading.Event()
        self._raw: dict[str, RawArticle] = {}
        self._clean: dict[str, CleanArticle] = {a.id: a for a in self.articles}
        self._to_clean: dict[str, None] = {}
        self._to_analyse: dict[str, None] = {}
        self._result: Contexts | None = None
        self._pool = None
        self._workers = 0
        self._pool_failed = False
        self.counts.reading = self.root is not None  # from the first frame on

    def want(self, ids: Iterable[str]) -> None:
        """These articles next, the first one first (the one being opened)."""
        with self._lock:
            for article_id in reversed(list(ids)):
                self._wanted.appendleft(article_id)

    def raw_of(self, article_id: str) -> tuple[RawArticle, LineContext | None] | None:
        """An article read but not cleaned yet, with its folder's context if it is
        counted already (the interface thread asks: it never waits for the count)."""
        raw, result = self._raw.get(article_id), self._result
        if raw is None:
            return None
        return raw, result.context(raw) if result is not None and result.counted else None

    def has_work(self) -> bool:
        """Anything left to read, clean or analyse."""
        return (
            self.root is not None
            or bool(self._to_clean)
            or (self.analyse and bool(self._to_analyse))
        )

    def pending(self, article_ids: Iterable[str]) -> None:
        """Articles (cleaned already) whose analysis is still to do."""
        for article_id in article_ids:
            self._to_analyse[article_id] = None

    def _next_wanted(self) -> str | None:
        with self._lock:
            while self._wanted:
                article_id = self._wanted.popleft()
                if article_id in self._to_clean or (
                    self.analyse and article_id in self._to_analyse
                ):
                    return article_id
        return None

    def held(self) -> bool:
        """Whether the app asked for quiet (keys are coming): only wished-for
        articles are worked on meanwhile."""
        return time.monotonic() < self.hold_until

    def _next_task(self, busy: set[str]) -> tuple[str, str] | None:
        """(article id, "clean" or "analyse"): wished-for articles first, then cleaning
        in file order, then analysis. Wishes for an article under way wait for it."""
        with self._lock:
            kept = []
            task = None
            while self._wanted and task is None:
                article_id = self._wanted.popleft()
                if article_id in busy:
                    kept.append(article_id)
                elif article_id in self._to_clean:
                    task = (article_id, "clean")
                    kept.append(article_id)  # then its analysis
                elif self.analyse and article_id in self._to_analyse:
                    task = (article_id, "analyse")
            self._wanted.extendleft(reversed(kept))
        if task is not None or self.held():
            return task
        for article_id in self._to_clean:
            if article_id not in busy:
                return article_id, "clean"
        if self.analyse:
            for article_id in self._to_analyse:
                if article_id not in busy:
                    return article_id, "analyse"
        return None

    def _kiwi_here(self) -> bool:
        """Kiwi may run in this process: it is loaded already, no worker processes
        were asked for (jobs 0), or they could not start. Loading it holds the
        interpreter for seconds: in the app, a frozen interface."""
        from .morph import loaded

        return self.jobs == 0 or self._pool_failed or loaded()

    def _pooled(self, workers: int) -> None:
        try:
            self._run_pool(workers)
        except (BrokenProcessPool, OSError, RuntimeError) as exc:
            # No worker processes (a worker died, none could start): carry on here.
            self._pool_failed = True
            self.updates.put(Failed(f"worker processes failed ({exc}); carrying on"))

    def _run_pool(self, workers: int) -> None:
        from .bulk import analyse_task, clean_task

        if self._pool is None:
            self._start_pool(workers)
        pool = self._pool
        if pool is None:
            return
        inflight: dict[Future, tuple[str, str]] = {}
        try:
            while not self.stop.is_set():
                busy = {article_id for article_id, _ in inflight.values()}
                if not inflight and self.updates.qsize() >= BACKLOG:  # the app is behind
                    time.sleep(0.05)
                    continue
                while len(inflight) < 2 * self._workers and self.updates.qsize() < BACKLOG:
                    task = self._next_task(busy)
                    if task is None:
                        break
                    article_id, kind = task
                    if kind == "clean":
                        raw = self._raw[article_id]
                        context = self._result.context(raw) if self._result else None
                        future = pool.submit(clean_task, raw, context)
                    else:
                        future = pool.submit(analyse_task, self._clean[article_id])
                    inflight[future] = task
                    busy.add(article_id)
                if not inflight:
                    if self.held():  # keys are coming: the rest waits for a pause
                        time.sleep(0.05)
                        continue
                    break
                done, _ = wait(list(inflight), timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    article_id, kind = inflight.pop(future)
                    try:
                        result = future.result()
                    except Exception as exc:  # a worker died or a rule failed: go on
                        self._to_clean.pop(article_id, None)
                        self._to_analyse.pop(article_id, None)
                        self.updates.put(Failed(f"article {article_id}: {kind} failed ({exc})"))
                        continue
                    if kind == "clean":
                        self._cleaned(article_id, *result)
                    else:
                        self._analysed(article_id, result)
        finally:
            self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)

    def _cleaned(self, article_id: str, article: CleanArticle, doc: Document | None) -> None:
        if doc is None:  # kept until analysed; the app holds (or puts away) the rest
            self._clean[article_id] = article
        self._to_clean.pop(article_id, None)
        self._raw.pop(article_id, None)  # the cleaned article holds the raw text
        self.counts.cleaned += 1
        if doc is None:
            self._to_analyse[article_id] = None
        else:
            self.counts.analysed += 1
        self.updates.put(Prepared(article, doc or unanalyzed(article)))

    def _analysed(self, article_id: str, doc: Document) -> None:
        self._to_analyse.pop(article_id, None)
        self.counts.analysed += 1
        article = self._clean[article_id] if self.root is None else self._clean.pop(article_id)
        self.updates.put(Prepared(article, doc))

    def run(self) -> None:
        try:
            if self.jobs > 1 and self.root is not None and _at_least(self.root, self.pool_above):
                self._start_pool(self.jobs)  # the workers start up while the files are read
            if self.root is None or self._load():
                self._run()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._result = None  # the corpus's line keys, and its raw texts with them
            self.updates.put(Finished())

    def _start_pool(self, workers: int) -> None:
        from .bulk import spawn_pool, warm_up

        try:
            self._pool, self._workers = spawn_pool(workers), workers
            for _ in range(workers):
                self._pool.submit(warm_up)
        except (OSError, RuntimeError):
            self._pool, self._pool_failed = None, True

    def _run(self) -> None:
        self.counts.total = len(self._clean) + len(self._to_clean)
        self.counts.cleaned = len(self._clean)
        self.counts.analysed = self.counts.total - len(self._to_analyse) - len(self._to_clean)
        todo = len(self._to_clean) + (len(self._to_analyse) if self.analyse else 0)
        if self.jobs > 1 and todo >= self.pool_above:
            self._pooled(self.jobs)
        while not self.stop.is_set():
            article_id, analyse = self._next_wanted(), self.analyse  # wished for: both
            if article_id is None and self.held():
                time.sleep(0.05)  # keys are coming: the rest waits for a pause
                continue
            if article_id is None and self._to_clean:
                article_id, analyse = next(iter(self._to_clean)), False
            elif article_id is None and self.analyse and self._to_analyse:
                article_id = next(iter(self._to_analyse))
            if article_id is None:
                break
            try:
                self._work(article_id, analyse=analyse)
            except NeedsKiwi:  # one worker process takes the rest, this one first
                self.want([article_id])
                self._pooled(1)
            except Exception as exc:  # one bad article never stops the rest
                self._to_clean.pop(article_id, None)
                self._to_analyse.pop(article_id, None)
                self.updates.put(Failed(f"article {article_id}: {exc}"))

    def _load(self) -> bool:
        self.counts.reading = True
        try:
            result = load_corpus(self.root)
            self._result = Contexts(result.articles)
            self._raw = {a.id: a for a in result.articles}
            self._to_clean = dict.fromkeys(self._raw)
            # counted before 'reading' ends: the progress line never reads as done between
            self.counts.total = len(self._clean) + len(self._to_clean)
            self.counts.cleaned = len(self._clean)
        except CorpusError as exc:
            self.updates.put(Failed(str(exc)))
            return False
        finally:
            self.counts.reading = False
        self.updates.put(Loaded(list(result.articles), list(result.warnings)))
        return True

    def _work(self, article_id: str, analyse: bool) -> None:
        """From the caches here; cleaning or analysis only where Kiwi may run."""
        kiwi_here = self._kiwi_here()
        article = self._clean.get(article_id)
        if article is None:
            raw = self._raw[article_id]
            if kiwi_here:
                article = prepare(raw, self._result)
            else:
                article = cached_clean(raw, self._result.context(raw) if self._result else None)
                if article is None:
                    raise NeedsKiwi(article_id)
            self._cleaned(article_id, article, cached(article))
        if analyse and article_id in self._to_analyse:
            doc = analyze(article) if kiwi_here else cached(article)
            if doc is None:
                raise NeedsKiwi(article_id)
            self._analysed(article_id, doc)

    def progress_line(self) -> str:
        """`cleaning 132/500 · analysing 40/500`, or '' when all is done."""
        c = self.counts
        if c.reading:
            return "reading files…"
        parts = []
        if c.cleaned < c.total:
            parts.append(f"cleaning {c.cleaned}/{c.total}")
        if self.analyse and c.analysed < c.total:
            parts.append(f"analysing {c.analysed}/{c.total}")
        return " · ".join(parts)
