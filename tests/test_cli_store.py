"""The database as the commands meet it: bad paths, bad lines, closed terminals."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS

from dsreader.store import AnnotationStore


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "dsreader", *args], capture_output=True, text=True, cwd=cwd
    )


def on_seeds(*args, cwd=None):
    return run(*args, "--corpus", str(SEEDS), cwd=cwd)


def label_record(label: str) -> dict:
    return {
        "article_id": "x1",
        "start": 0,
        "end": 4,
        "text": "문장.",
        "label": label,
        "annotator": "kim",
    }


def one_line_error(proc) -> str:
    assert proc.returncode != 0
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr


@pytest.mark.parametrize(
    "command", [["list"], ["stats"], ["export", "-f", "jsonl", "-o", "x.jsonl"]]
)
def test_a_folder_or_a_fifo_as_database_is_one_line(tmp_path, command):
    folder = tmp_path / "dbdir"
    folder.mkdir()
    assert "is a folder" in one_line_error(on_seeds(*command, "--db", str(folder), cwd=tmp_path))
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    assert "not a regular file" in one_line_error(
        on_seeds(*command, "--db", str(fifo), cwd=tmp_path)
    )


def test_bad_journal_lines_are_a_warning_and_every_command_still_works(tmp_path):
    db = tmp_path / "db.json"
    store = AnnotationStore(db)
    store.put(label_record("verified"))
    with open(store.journal, "ab") as fh:
        fh.write(b'{"op":"del","key":[]}\n')
        fh.write(b'{"op":"put","record":{"article_id":"x1","start":5,"end":9,"annotator":"lee"}}\n')
    for command in (["stats"], ["export", "-f", "jsonl", "-o", str(tmp_path / "out.jsonl")]):
        proc = run(*command, "--db", str(db), "--corpus", str(SEEDS))
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.count("skipped") == 2 and "Traceback" not in proc.stderr


def test_stats_and_export_read_a_journal_that_was_never_folded(tmp_path):
    db = tmp_path / "db.json"
    store = AnnotationStore(db)
    store.put(label_record("opinion"))
    assert not db.exists()
    proc = run("stats", "--json", "--db", str(db), "--corpus", str(SEEDS))
    assert proc.returncode == 0, proc.stderr
    assert "opinion" in proc.stdout


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_closing_the_terminal_after_labelling_keeps_every_label(tmp_path):
    exe = Path(sys.executable).parent / "dsreader"
    db = tmp_path / "db.json"
    session = f"hup{os.getpid()}"
    env = f"DSREADER_CACHE_DIR={os.environ['DSREADER_CACHE_DIR']} DSREADER_ANNOTATOR=kim"
    pidfile = tmp_path / "pid"
    cmd = f"cd {SEEDS.parent} && echo $$ > {pidfile} && exec env {env} {exe} --db {db}"
    subprocess.run(["tmux", "new", "-d", "-s", session, "-x", "100", "-y", "30", cmd], check=True)

    def screen() -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
        ).stdout

    def wait_for(text: str, timeout: float = 30) -> None:
        end = time.time() + timeout
        while time.time() < end:
            if text in screen():
                return
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{screen()}")

    try:
        wait_for("5 articles")
        end = time.time() + 60  # every file read, cleaned, analysed: no progress line
        while any(b in screen() for b in ("reading files", "cleaning ", "analysing ")):
            assert time.time() < end, screen()
            time.sleep(0.2)
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        wait_for("labelled")
        for key in ("v", "d", "o"):
            subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
            wait_for(f"saved: {dict(v='verified', d='disputed', o='opinion')[key]}")
        pid = int(pidfile.read_text())
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)  # SIGHUP
    end = time.time() + 20
    while time.time() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("dsreader did not end when its terminal closed")
    assert not Path(str(db) + ".journal").exists()  # ended as a quit does: folded
    out = tmp_path / "out.jsonl"
    proc = run("export", "-f", "jsonl", "-o", str(out), "--db", str(db), "--corpus", str(SEEDS))
    assert proc.returncode == 0, proc.stderr
    labels = sorted(json.loads(line)["label"] for line in out.read_text().splitlines())
    assert labels == ["disputed", "opinion", "verified"]


def test_analyze_with_two_jobs_on_an_empty_cache_finishes(tmp_path):
    """Forked workers once hung forever on a lock of Kiwi's threads."""
    env = {**os.environ, "DSREADER_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "dsreader", "analyze", str(SEEDS), "--jobs", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "analyzed 5 articles" in proc.stdout
    shown = subprocess.run(
        [sys.executable, "-m", "dsreader", "list", str(SEEDS), "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert len(shown.stdout.splitlines()) == 5


def test_export_analyses_only_the_articles_its_labels_are_on(tmp_path):
    """Kiwi runs for the labelled article, not for the rest of the corpus."""
    from dsreader.corpus import load_corpus

    cache = tmp_path / "cache"
    article = load_corpus(SEEDS).articles[0]
    db = tmp_path / "db.json"
    store = AnnotationStore(db)
    store.put({**label_record("verified"), "article_id": article.id})
    store.close()
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "dsreader", "export", "-f", "jsonl", "-o", str(out)]
        + ["--db", str(db), "--corpus", str(SEEDS)],
        capture_output=True,
        text=True,
        env={**os.environ, "DSREADER_CACHE_DIR": str(cache)},
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 1 and rows[0]["title"]  # joined with its article
    analyses = [p for p in cache.glob("*.json") if not p.name.startswith("clean-")]
    assert len(analyses) == 1
