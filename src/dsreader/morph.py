"""The one Kiwi analyzer of the process, loaded on first use.

Loading the model takes about a second, so nothing imports kiwipiepy at start-up;
the gazetteer's names are added as user words so that tokenisation itself keeps
multi-token names whole.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

_lock = threading.Lock()
# Kiwi's own threads (it splits a list of paragraphs on them). None: one per core,
# right for a lone process; each of N worker processes gets its share instead, or the
# workers' threads fight over the same cores (see bulk.spawn_pool).
_threads: int | None = None


def set_threads(count: int | None) -> None:
    """How many threads the analyzer uses; takes effect if it is not loaded yet."""
    global _threads
    _threads = count


@lru_cache(maxsize=1)
def _load() -> Kiwi:
    from kiwipiepy import Kiwi

    from .gazetteer import user_words

    kiwi = Kiwi(num_workers=_threads if _threads else -1)
    for form, tag, score in user_words():
        kiwi.add_user_word(form, tag, score)
    return kiwi


class Unavailable(RuntimeError):
    """The analyzer is not loaded and this thread must not load it (see `without_kiwi`)."""


_local = threading.local()


def loaded() -> bool:
    """The analyzer is in this process already (using it costs nothing more)."""
    return _load.cache_info().currsize > 0


@contextmanager
def without_kiwi() -> Iterator[None]:
    """Within it, this thread's `kiwi()` raises Unavailable unless the analyzer is
    loaded already. Loading takes seconds and holds the interpreter's lock most of
    that time (measured: 1.8 s and 3.6 s of frozen interface on a cold start), so the
    app's own process never loads it: a quick look at an article cleans without it."""
    _local.off = True
    try:
        yield
    finally:
        _local.off = False


def kiwi() -> Kiwi:
    """The shared analyzer; thread-safe to obtain (Kiwi itself is thread-safe to call)."""
    if getattr(_local, "off", False) and not loaded():
        raise Unavailable("the analyzer is not loaded in this process")
    with _lock:
        return _load()
