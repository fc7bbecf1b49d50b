"""The background work without the app: a pool of two spawned workers on an empty
cache finishes the corpus (never hangs on Kiwi's threads), wished-for articles first."""

import queue
import threading

from conftest import SEEDS

import dsreader.background as background
from dsreader.background import BackgroundWork, Failed, Finished, Loaded, Prepared
from dsreader.corpus import load_corpus


def drain(work: BackgroundWork) -> list:
    out = []
    while True:
        try:
            out.append(work.updates.get_nowait())
        except queue.Empty:
            return out


def test_two_worker_processes_clean_and_analyse_every_article_from_an_empty_cache(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("DSREADER_CACHE_DIR", str(tmp_path / "cache"))
    ids = [a.id for a in load_corpus(SEEDS).articles]
    work = BackgroundWork(root=SEEDS, jobs=2, pool_above=1)
    work.want([ids[-1]])
    thread = threading.Thread(target=work.run)
    thread.start()
    thread.join(600)
    assert not thread.is_alive(), "the pool hung"
    updates = drain(work)
    assert isinstance(updates[0], Loaded) and isinstance(updates[-1], Finished)
    prepared = [u for u in updates if isinstance(u, Prepared)]
    assert {u.doc.id for u in prepared if u.doc.analyzed} == set(ids)
    assert all(u.doc.text == u.article.text and u.doc.text for u in prepared)
    assert work.progress_line() == ""


def test_the_wished_for_article_is_cleaned_then_analysed_before_the_rest(tmp_path, monkeypatch):
    monkeypatch.setenv("DSREADER_CACHE_DIR", str(tmp_path / "cache"))
    ids = [a.id for a in load_corpus(SEEDS).articles]
    work = BackgroundWork(root=SEEDS)
    work.want([ids[3]])
    work.run()
    order = [(u.doc.id, u.doc.analyzed) for u in drain(work) if isinstance(u, Prepared)]
    assert order[:2] == [(ids[3], False), (ids[3], True)]
    assert [i for i, analysed in order[2:7]] == [i for i in ids if i != ids[3]] + [ids[0]]


def test_kiwi_never_loads_in_the_app_process_a_worker_process_cleans_and_analyses(
    tmp_path, monkeypatch
):
    """Loading Kiwi holds the interpreter for seconds (a frozen interface): where it is
    not loaded, the caches are read here and everything else goes to one worker."""
    import dsreader.bulk as bulk
    import dsreader.morph as morph

    monkeypatch.setenv("DSREADER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(morph, "loaded", lambda: False)

    def not_here(*args):
        raise AssertionError("cleaned or analysed in this process")

    monkeypatch.setattr(background, "prepare", not_here)
    monkeypatch.setattr(background, "analyze", not_here)
    ids = {a.id for a in load_corpus(SEEDS).articles}
    work = BackgroundWork(root=SEEDS, jobs=2)  # five articles: under the pool's size
    work.run()
    updates = drain(work)
    assert not [u for u in updates if isinstance(u, Failed)]
    assert {u.doc.id for u in updates if isinstance(u, Prepared) and u.doc.analyzed} == ids

    # A second start: everything is in the caches, no worker process is started.
    monkeypatch.setattr(bulk, "spawn_pool", not_here)
    again = BackgroundWork(root=SEEDS, jobs=2)
    again.run()
    updates = drain(again)
    assert not [u for u in updates if isinstance(u, Failed)]
    assert {u.doc.id for u in updates if isinstance(u, Prepared) and u.doc.analyzed} == ids
