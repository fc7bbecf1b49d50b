"""dsreader at scale: generated corpora and label databases, cold and warm cache.

Corpora are the seed articles with unique edits (a numbered title, a numbered sentence
appended to every paragraph, so no two articles share a paragraph), plus three files
the loader must skip (empty, binary, duplicate). Label databases are written directly
as TinyDB JSON. Every figure comes from a fresh process, next to its baseline measured
in the same run: a minimal Textual app's first frame, raw Kiwi `split_into_sents`
over the same texts, and a plain `json.load` plus one `json.dumps` per record.

Prints one JSON line per corpus size (and one per label database).
Usage: python benchmarks/bench_scale.py [--sizes 5,1000] [--labels 100000] [--big]
       (--big adds 10,000 articles and 1,000,000 labels: an hour on two cores)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import baseline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
WORD = "엔비디아"  # typed into the library filter, one key at a time


# The app as `dsreader read CORPUS` builds it, driven by Textual's pilot. Prints one
# JSON object. Times are from process start (first frame) or from the key's arrival.
APP = r"""
import asyncio, json, os, resource, sys, time
t0 = time.perf_counter()
corpus, db, mode, fill_timeout, word, OTHER = sys.argv[1:7]
fill_timeout = float(fill_timeout)
if os.environ.get("BENCH_TRACEMALLOC"):
    import tracemalloc
    tracemalloc.start(1)
if os.environ.get("BENCH_KIWI"):  # the app's process with Kiwi loaded, at every size
    from dsreader.morph import kiwi
    kiwi().split_into_sents("준비.")
from dsreader.cli import build_parser, make_read_app
from dsreader.tui.library import LibraryScreen
marks = {}
def marking(cls, name):
    orig = cls.on_mount
    def on_mount(self):
        orig(self)
        self.call_after_refresh(lambda: marks.setdefault(name, time.perf_counter()))
    cls.on_mount = on_mount
marking(LibraryScreen, "first_frame")
out = {}
def analysed(app):  # an article put away keeps the flag on its entry
    return sum(1 for e in app.entries if getattr(e, "analyzed", False) or e.doc.analyzed)
async def until(pilot, condition, timeout):
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            return False
        await pilot.pause(0.02)
    return True
async def main():
    args = build_parser().parse_args(["read", corpus, "--db", db, "--annotator", "bench"])
    app = make_read_app(args)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "first_frame" in marks, 600)
        out["first_frame_s"] = marks["first_frame"] - t0
        from dsreader.tui.reader import ReaderScreen
        if mode == "frame":
            pass  # the first frame only
        elif mode == "open":
            # A second start: the first frame, then the database open, then every
            # article's progress counted (in workers: the interface never waits).
            # The interface thread's longest pause (what a key pressed then would wait):
            # the largest gap between the ticks of a 20 ms timer, less the 20 ms.
            ticks = [time.perf_counter(), 0.0]
            def tick():
                now = time.perf_counter()
                ticks[1] = max(ticks[1], now - ticks[0] - 0.02)
                ticks[0] = now
            app.set_interval(0.02, tick)
            await until(pilot, lambda: getattr(app, "store_open", True), 600)
            out["store_open_s"] = time.perf_counter() - t0
            filled = lambda: analysed(app) >= len(app.entries) and not app.working
            await until(pilot, lambda: filled() and not getattr(app, "counting", False), 600)
            await pilot.pause(0.5)  # the last rows' progress: counted, or counting again
            await until(pilot, lambda: not getattr(app, "counting", False), 600)
            out["progress_counted_s"] = time.perf_counter() - t0
            out["longest_stall_ms"] = ticks[1] * 1000
        elif mode == "memory":
            # Every row analysed (a warm cache), one article opened and closed, the
            # library filtered by a word of the texts: then the process's peak RSS.
            await until(pilot, lambda: analysed(app) >= len(app.entries) > 0, fill_timeout)
            await until(pilot, lambda: not app.working, fill_timeout)
            out["rows_analysed"] = analysed(app)
            await pilot.press("G", "enter")
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen), 600)
            await pilot.pause(0.2)
            out["opened_shows_text"] = bool(app.screen.view.text)
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, ReaderScreen), 600)
            await pilot.press("slash", *word, "enter")
            await until(pilot, lambda: app.screen.query_text == word, 60)
            await pilot.pause(0.2)
            out["filter_rows"] = app.screen.table.row_count
            out["held"] = sum(1 for e in app.entries if getattr(e, "held", True))
            with open("/proc/self/status") as fh:
                rss = [l for l in fh if l.startswith("VmRSS")][0].split()[1]
            out["rss_now_mb"] = int(rss) / 1024
            if os.environ.get("BENCH_TRACEMALLOC"):
                snap = tracemalloc.take_snapshot()
                out["traced_mb"] = sum(s.size for s in snap.statistics("filename")) / 2**20
                out["top"] = [
                    f"{s.traceback[0].filename.split('site-packages/')[-1]}:"
                    f"{s.traceback[0].lineno} {s.size / 2**20:.1f} MB"
                    for s in snap.statistics("lineno")[:15]
                ]
        elif mode == "cold":
            # Open the last row while the background work runs: Enter to the reader's
            # first frame, and whether the article's text is in it.
            await pilot.pause(0.3)
            # (the rows come as the files are read: a first run has none at first)
            await until(pilot, lambda: app.screen.table.row_count >= 2, 600)
            out["rows_shown_s"] = time.perf_counter() - t0
            await pilot.press("G")
            marking(ReaderScreen, "reader")
            t = time.perf_counter()
            await pilot.press("enter")
            await until(pilot, lambda: "reader" in marks, 600)
            out["open_during_work_ms"] = (marks["reader"] - t) * 1000
            screen = app.screen
            out["opened_shows_text"] = bool(getattr(screen, "entry", None) and screen.entry.doc.text)
            # Until its cleaned text is drawn (an article not yet cleaned first says so).
            await until(pilot, lambda: bool(screen.view.text), 600)
            await pilot.pause()
            out["open_to_text_ms"] = (time.perf_counter() - t) * 1000
            await pilot.press("escape")
            total = len(app.entries)
            done = await until(pilot, lambda: analysed(app) >= len(app.entries), fill_timeout)
            out["rows_analysed"] = analysed(app)
            out["rows"] = len(app.entries)
            out["last_row_filled_s"] = (time.perf_counter() - t0) if done else None
        elif mode == "fold":
            # Label while another process labels until its journal is due, then folds:
            # every key from its press to the end of the next refresh, with the times
            # the other process's fold began and ended.
            import subprocess
            app.screen.table.focus()
            await pilot.press("g", "enter")
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen), 600)
            await until(pilot, lambda: app.screen.entry.doc.analyzed, 600)
            await pilot.pause()
            other = subprocess.Popen(
                [sys.executable, "-c", OTHER, db], stdout=subprocess.PIPE, text=True
            )
            # From the key event's creation (the pilot posts it): a key that waits in
            # the queue behind other work counts its wait.
            from textual import events
            pressed, keys = {}, []
            orig_key = events.Key.__init__
            def key_init(self, *a, **k):
                orig_key(self, *a, **k)
                pressed["t"], pressed["wall"] = time.perf_counter(), time.time()
            events.Key.__init__ = key_init
            orig = ReaderScreen.action_label
            cpus = []
            def action(self, *a, **k):
                p, wall, c = pressed["t"], pressed["wall"], time.thread_time()
                orig(self, *a, **k)
                def done():
                    keys.append((wall, (time.perf_counter() - p) * 1000))
                    cpus.append((time.thread_time() - c) * 1000)
                self.call_after_refresh(done)
            ReaderScreen.action_label = action
            i, end = 0, time.perf_counter() + float(fill_timeout)
            while other.poll() is None and time.perf_counter() < end:
                await pilot.press("vdo"[i % 3])
                await pilot.pause(0.05)
                if i % 8 == 7:
                    await pilot.press("g")
                i += 1
            for _ in range(40):  # the poll that sees the fold comes within 2 s
                await pilot.press("vdo"[i % 3])
                await pilot.pause(0.05)
                i += 1
            if other.poll() is None:
                other.kill()
            info = json.loads(other.communicate()[0] or "{}")
            out.update(info)
            ms = sorted(t for _, t in keys)
            out["fold_keys"] = len(ms)
            out["fold_key_p50_ms"] = statistics.median(ms)
            out["fold_key_p99_ms"] = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
            out["fold_key_max_ms"] = ms[-1]
            out["fold_keys_over_100ms"] = sum(t > 100 for t in ms)
            cpus.sort()
            out["fold_key_cpu_p99_ms"] = cpus[min(len(cpus) - 1, int(len(cpus) * 0.99))]
            out["fold_key_cpu_max_ms"] = cpus[-1]
            if "fold_begin" in info:
                during = [t for w, t in keys if info["fold_begin"] <= w <= info["fold_end"] + 2]
                out["keys_during_fold"] = len(during)
                out["key_max_during_fold_ms"] = max(during, default=None)
        else:
            # Filter as you type: each key's handling, and the time until the table
            # shows the whole word's matches.
            keys, first = [], []
            orig_changed, orig_refresh = LibraryScreen.on_input_changed, LibraryScreen.refresh_table
            def on_input_changed(self, event):
                t = time.perf_counter()
                first.append(t)
                orig_changed(self, event)
                self.call_after_refresh(lambda: keys.append((time.perf_counter() - t) * 1000))
            def refresh_table(self, *a, **k):
                orig_refresh(self, *a, **k)
                if self.query_text == word:
                    self.call_after_refresh(lambda: marks.setdefault("settled", time.perf_counter()))
            LibraryScreen.on_input_changed = on_input_changed
            LibraryScreen.refresh_table = refresh_table
            await pilot.press("slash")
            await pilot.pause()
            for ch in word:
                await pilot.press(ch)
            await until(pilot, lambda: "settled" in marks, 60)
            await pilot.pause(0.1)
            out["filter_key_max_ms"] = max(keys)
            out["filter_settle_ms"] = (marks["settled"] - first[0]) * 1000
            out["filter_rows"] = app.screen.table.row_count
            await pilot.press("escape")
            await pilot.pause()
            # One label, key to screen, on the first article of the library.
            app.screen.table.focus()
            await pilot.press("g", "enter")
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen), 600)
            await until(pilot, lambda: app.screen.entry.doc.analyzed, 600)
            await pilot.pause()
            # Timed inside the app, from the action's start to the end of the next
            # refresh: the pilot's own round trip (about 100 ms) is not the app's.
            # Also the interface thread's CPU time over the same stretch: on a loaded
            # machine the wall time is mostly waiting for a core.
            times, moves, cpus = [], [], []
            def timing(name, into):
                orig = getattr(ReaderScreen, name)
                def action(self, *a, **k):
                    t, c = time.perf_counter(), time.thread_time()
                    orig(self, *a, **k)
                    def done():
                        into.append((time.perf_counter() - t) * 1000)
                        if into is times:
                            cpus.append((time.thread_time() - c) * 1000)
                    self.call_after_refresh(done)
                setattr(ReaderScreen, name, action)
            timing("action_label", times)
            timing("action_move", moves)
            for i in range(40):
                await pilot.press("vdo"[i % 3])
                await pilot.pause()
                if i % 8 == 7:
                    await pilot.press("g")
            for i in range(40):
                await pilot.press("jk"[i % 2])
                await pilot.pause()
            await pilot.pause(0.1)
            out["move_p50_ms"] = statistics.median(moves)
            times.sort()
            out["label_p50_ms"] = statistics.median(times)
            out["label_max_ms"] = times[-1]
            out["label_p99_ms"] = times[min(len(times) - 1, int(len(times) * 0.99))]
            cpus.sort()
            out["label_cpu_p50_ms"] = statistics.median(cpus)
            out["label_cpu_p99_ms"] = cpus[min(len(cpus) - 1, int(len(cpus) * 0.99))]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
import statistics
asyncio.run(main())
"""

# The other annotator: labels until the journal is due, then folds (as a second app,
# or `import`, would), in its own process. Prints when its fold began and ended.
OTHER = r"""
import json, sys, time
from dsreader.store import AnnotationStore
store = AnnotationStore(sys.argv[1], auto_fold=False)
records = [r for r in store.all() if r["annotator"] != "bench"][:5000]
out = {"other_labels": 0}
for k, record in enumerate(records):
    record = dict(record, annotator="other", label="opinion")
    for key in ("created_at", "updated_at", "tool_version"):
        record.pop(key, None)
    store.put(record)
    out["other_labels"] += 1
    if store.fold_due():
        out["fold_begin"] = time.time()
        out["folded"] = store.fold()
        out["fold_end"] = time.time()
        out["fold_s"] = out["fold_end"] - out["fold_begin"]
        break
    time.sleep(0.05)
print(json.dumps(out))
"""

KIWI = """
import sys, time
from pathlib import Path
texts = [p.read_text("utf-8") for p in sorted(Path(sys.argv[1]).glob("0*.txt"))]
from kiwipiepy import Kiwi
kiwi = Kiwi()
kiwi.split_into_sents("준비.")
t = time.perf_counter()
for text in texts:
    paras = [line for line in text.split("\\n") if line.strip()]
    kiwi.split_into_sents(paras, return_tokens=True)
print(time.perf_counter() - t)
"""

PLAIN_JSON = """
import json, sys, time
t = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as fh:
    data = json.load(fh)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for record in data["_default"].values():
        out.write(json.dumps(record, ensure_ascii=False) + "\\n")
print(time.perf_counter() - t, time.process_time())
"""

# Runs a command, then prints its wall time and the peak RSS of its process tree.
TIMED = """
import resource, subprocess, sys, time
t = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
if proc.returncode:
    sys.stderr.write(proc.stderr.decode()[-2000:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime)
"""


# --- generated data -------------------------------------------------------------------


def make_corpus(folder: Path, n: int) -> list[str]:
    """n articles from the seeds, each unique in its title and every paragraph."""
    folder.mkdir(parents=True)
    seeds = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts = []
    for i in range(n):
        lines = seeds[i % len(seeds)].split("\n")
        lines[0] = f"{lines[0]} ({i + 1}호)"
        for j, line in enumerate(lines[1:], 1):
            if len(line) > 80:  # a paragraph, not a byline or a menu
                lines[j] = f"{line} 이 내용은 {i + 1}번 기사의 {j}번째 문단에서 확인됐다."
        text = "\n".join(lines)
        texts.append(text)
        (folder / f"{i:05d}.txt").write_text(text, "utf-8")
    (folder / "zz_empty.txt").write_text("", "utf-8")
    (folder / "zz_binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "zz_duplicate.txt").write_text(texts[0], "utf-8")
    return texts


def paragraph_spans(texts: list[str]) -> list[tuple[str, int, int, str]]:
    """(article id, start, end, text) of every paragraph of the generated articles:
    the spans the label databases and journals are made of."""
    from dsreader.corpus import article_id
    from dsreader.textnorm import normalize_text

    spans = []
    for text in texts:
        normal = normalize_text(text)
        aid, pos = article_id(normal), 0
        for line in normal.split("\n"):
            if len(line) > 80:
                spans.append((aid, pos, pos + len(line), line))
            pos += len(line) + 1
    return spans


def make_database(path: Path, texts: list[str], n: int) -> None:
    """n labels over the corpus's articles, as TinyDB JSON: each a paragraph's span
    (re-anchored into the cleaned text when the app places it), many annotators."""
    rng = random.Random(13)
    spans = paragraph_spans(texts)
    table = {}
    stamp = "2026-01-01T00:00:00+00:00"
    for k in range(n):  # a span gets its second annotator once all have their first
        aid, start, end, text = spans[k % len(spans)]
        table[str(k + 1)] = {
            "article_id": aid,
            "start": start,
            "end": end,
            "text": text,
            "label": rng.choice(("verified", "disputed", "opinion")),
            "annotator": f"annotator{k // len(spans)}",
            "comment": None,
            "evidence": None,
            "created_at": stamp,
            "updated_at": stamp,
            "tool_version": "bench",
        }
    path.write_text(json.dumps({"_default": table}, ensure_ascii=False), "utf-8")


# --- running --------------------------------------------------------------------------


def python(code: str, *args: str, env: dict | None = None, timeout: float = 7200) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    if proc.returncode:
        raise RuntimeError(proc.stderr[-3000:])
    return proc.stdout


def timed(env: dict, *command: str) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (all processes) of a dsreader
    command; its error on failure. CPU time is the steadier figure on a shared machine."""
    proc = subprocess.run(
        [sys.executable, "-c", TIMED, sys.executable, "-m", "dsreader", *command],
        capture_output=True,
        text=True,
        env=env,
    )
    wall, rss, code, cpu = proc.stdout.split()
    if int(code):
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        raise RuntimeError(f"dsreader {command[0]} exited with {code}: {last}")
    return float(wall), float(rss), float(cpu)


def environment(cache: Path) -> dict:
    return dict(os.environ, DSREADER_CACHE_DIR=str(cache), DSREADER_ANNOTATOR="bench")


def minimal_first_frame(runs: int = 3) -> float:
    return statistics.median(baseline.minimal_first_frame() for _ in range(runs))


def app_run(env: dict, corpus: Path, db: Path, mode: str, fill_timeout: float) -> dict:
    return json.loads(
        python(APP, str(corpus), str(db), mode, str(fill_timeout), WORD, OTHER, env=env)
    )


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def fold_threshold(labels: int) -> int:
    """Journal lines at which a store of `labels` labels folds (store.fold_due)."""
    from dsreader.store import FOLD_EVERY

    return max(FOLD_EVERY, labels // 4)


def make_journal(db: Path, texts: list[str], lines: int) -> None:
    """A journal of `lines` changed labels (the database's first ones), not folded yet."""
    spans = paragraph_spans(texts)
    stamp = "2026-01-02T00:00:00+00:00"
    with open(str(db) + ".journal", "w", encoding="utf-8") as fh:
        for k in range(lines):
            aid, start, end, text = spans[k % len(spans)]
            record = {
                "article_id": aid,
                "start": start,
                "end": end,
                "text": text,
                "label": "verified",
                "annotator": f"annotator{k // len(spans)}",  # updates: as many labels
                "comment": None,
                "evidence": None,
                "created_at": stamp,
                "updated_at": stamp,
                "tool_version": "bench",
            }
            entry = {"op": "put", "table": "_default", "record": record}
            fh.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")


def fresh(path: Path) -> Path:
    """An empty folder at path (a cache to fill from nothing)."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)
    return path


def fresh_db(source: Path, db: Path) -> Path:
    """A copy of the generated database, without journal: the app journals into it."""
    import shutil

    for extra in (".journal", ".fold", ".lock"):
        Path(str(db) + extra).unlink(missing_ok=True)
    shutil.copyfile(source, db)
    return db


def bench_memory(work: Path, n: int, args: argparse.Namespace) -> None:
    """Peak RSS of the app's own process once every row is analysed (warm cache),
    with and without Kiwi loaded in it; the ratios to the smallest size are printed
    by main. With --tracemalloc, the top allocators of the run without Kiwi."""
    corpus = work / f"corpus-{n}"
    if not corpus.exists():
        make_corpus(corpus, n)
    cache = work / f"cache-{n}-warm"
    env = environment(cache)
    if not cache.exists():
        timed(env, "analyze", str(corpus), "--jobs", str(args.jobs[-1]))
    figures: dict = {"articles": n, "part": "memory"}
    for kiwi in (False, True):
        run_env = dict(env, BENCH_KIWI="1") if kiwi else env
        out = app_run(run_env, corpus, work / "none.json", "memory", args.fill_timeout)
        name = "kiwi" if kiwi else "plain"
        figures[f"{name}_peak_rss_mb"] = round(out["peak_rss_mb"])
        figures[f"{name}_rss_now_mb"] = round(out["rss_now_mb"])
        figures["rows_analysed"] = out["rows_analysed"]
        figures["held"] = out["held"]
        figures["filter_rows"] = out["filter_rows"]
    if args.tracemalloc:
        out = app_run(
            dict(env, BENCH_TRACEMALLOC="1"),
            corpus,
            work / "none.json",
            "memory",
            args.fill_timeout * 3,
        )
        figures["traced_mb"] = round(out["traced_mb"], 1)
        figures["top_allocators"] = out["top"]
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    return figures


def bench_second_start(work: Path, n: int, count: int, args: argparse.Namespace) -> None:
    """A second start over a label database: first frame (× the minimal app), the
    database open, every article's progress counted."""
    corpus = work / f"corpus-{n}"
    texts = make_corpus(corpus, n) if not corpus.exists() else None
    if texts is None:
        texts = [p.read_text("utf-8") for p in sorted(corpus.glob("0*.txt"))]
    cache = work / f"cache-{n}-warm"
    env = environment(cache)
    if not cache.exists():
        timed(env, "analyze", str(corpus), "--jobs", str(args.jobs[-1]))
    db = work / f"db-{n}-{count}.json"
    make_database(db, texts, count)
    app_run(env, corpus, db, "frame", 0)  # the corpus index, as a second start has it
    base = minimal_first_frame()
    runs = [app_run(env, corpus, db, "open", 0) for _ in range(3)]
    first = statistics.median(r["first_frame_s"] for r in runs)
    row = {
        "articles": n,
        "labels": count,
        "part": "second-start",
        "minimal_first_frame_ms": ms(base),
        "warm_first_frame_ms": ms(first),
        "warm_first_frame_ratio": round(first / base, 2),
        "store_open_s": round(statistics.median(r["store_open_s"] for r in runs), 2),
        "progress_counted_s": round(statistics.median(r["progress_counted_s"] for r in runs), 2),
        "longest_stall_ms": round(statistics.median(r["longest_stall_ms"] for r in runs)),
    }
    print(json.dumps(row), flush=True)


def bench_size(work: Path, n: int, labels: list[int], args: argparse.Namespace) -> None:
    parts = args.parts
    corpus = work / f"corpus-{n}"
    texts = (
        make_corpus(corpus, n)
        if not corpus.exists()
        else [p.read_text("utf-8") for p in sorted(corpus.glob("0*.txt"))]
    )
    figures: dict = {"articles": n}
    base = minimal_first_frame() if parts & {"frame", "cold", "warm"} else None
    if base is not None:
        figures["minimal_first_frame_ms"] = ms(base)
    if parts & {"analyze", "frame", "cold"}:
        figures["kiwi_split_s"] = round(float(python(KIWI, str(corpus))), 2)

    if "frame" in parts:
        frames = [
            app_run(
                environment(fresh(work / f"cache-frame-{n}-{k}")),
                corpus,
                work / "none.json",
                "frame",
                0,
            )
            for k in range(3)
        ]
        first = statistics.median(f["first_frame_s"] for f in frames)
        figures["cold_first_frame_ms"] = ms(first)  # median of 3, each on an empty cache
        figures["cold_first_frame_ratio"] = round(first / base, 2)
    if "cold" in parts:
        cold = app_run(
            environment(fresh(work / f"cache-cold-{n}")),
            corpus,
            work / "none.json",
            "cold",
            args.fill_timeout,
        )
        figures["cold_rows_shown_s"] = round(cold["rows_shown_s"], 2)
        figures["cold_open_during_work_ms"] = round(cold["open_during_work_ms"], 1)
        figures["cold_opened_shows_text"] = cold["opened_shows_text"]
        figures["cold_open_to_text_ms"] = round(cold["open_to_text_ms"], 1)
        figures["cold_rows_analysed_by_timeout"] = f"{cold['rows_analysed']}/{cold['rows']}"
        figures["cold_last_row_filled_s"] = cold["last_row_filled_s"] and round(
            cold["last_row_filled_s"], 1
        )
        figures["cold_app_peak_rss_mb"] = round(cold["peak_rss_mb"])

    warm_cache = work / f"cache-{n}-j{args.jobs[-1]}"
    if "analyze" in parts:
        for jobs in args.jobs:
            wall, rss, cpu = timed(
                environment(fresh(work / f"cache-{n}-j{jobs}")),
                "analyze",
                str(corpus),
                "--jobs",
                str(jobs),
            )
            figures[f"analyze_j{jobs}_s"] = round(wall, 1)
            figures[f"analyze_j{jobs}_cpu_s"] = round(cpu, 1)
            figures[f"analyze_j{jobs}_peak_rss_mb"] = round(rss)
        if len(args.jobs) > 1:
            one, many = (
                figures[f"analyze_j{args.jobs[0]}_s"],
                figures[f"analyze_j{args.jobs[-1]}_s"],
            )
            figures["analyze_speedup"] = round(one / many, 2)
    elif not warm_cache.exists():  # the later parts need the analyses, untimed
        timed(environment(warm_cache), "analyze", str(corpus), "--jobs", str(args.jobs[-1]))
    warm_env = environment(warm_cache)
    if "list" in parts:
        wall, rss, _ = timed(warm_env, "list", str(corpus), "--json")
        figures["list_warm_s"], figures["list_warm_peak_rss_mb"] = round(wall, 2), round(rss)
    print(json.dumps(figures), flush=True)

    for count in labels:
        source = work / f"db-{n}-{count}.json"
        if not source.exists():
            make_database(source, texts, count)
        db = work / "db.json"  # a copy: the app journals labels into it

        row: dict = {"articles": n, "labels": count}
        if "warm" in parts:
            warm = app_run(warm_env, corpus, fresh_db(source, db), "warm", args.fill_timeout)
            # A second start: the caches and the corpus index are there (median of 3).
            first = statistics.median(
                app_run(warm_env, corpus, db, "frame", 0)["first_frame_s"] for _ in range(3)
            )
            row["minimal_first_frame_ms"] = ms(base)
            row["warm_first_frame_ms"] = ms(first)
            row["warm_first_frame_ratio"] = round(first / base, 2)
            for key in (
                "filter_key_max_ms",
                "filter_settle_ms",
                "label_p50_ms",
                "label_p99_ms",
                "label_cpu_p50_ms",
                "label_cpu_p99_ms",
                "move_p50_ms",
            ):
                row[key] = round(warm[key], 1)
            row["filter_rows"] = warm["filter_rows"]
            row["warm_app_peak_rss_mb"] = round(warm["peak_rss_mb"])
        if "fold" in parts:
            # The journal a few labels short of a fold: the other process's labels
            # bring it there, and it folds while the app labels.
            fresh_db(source, db)
            make_journal(db, texts, fold_threshold(count) - 30)
            fold = app_run(warm_env, corpus, db, "fold", max(args.fill_timeout, 300))
            for key, value in fold.items():
                if key.startswith(("fold", "keys_", "key_", "other")) and key not in (
                    "fold_begin",
                    "fold_end",
                ):
                    row[key] = round(value, 1) if isinstance(value, float) else value
        if parts & {"stats", "export"}:
            plain, plain_cpu = map(
                float, python(PLAIN_JSON, str(source), str(work / "plain.jsonl")).split()
            )
            row["plain_json_s"], row["plain_json_cpu_s"] = round(plain, 2), round(plain_cpu, 2)
        if "stats" in parts:
            # Twice: first without the corpus memo (as after any change to the corpus:
            # every file read and cleaned from the cache), then with it, as `export` after.
            shutil.rmtree(warm_cache / "loads", ignore_errors=True)
            for name in ("stats_first", "stats"):
                wall, rss, cpu = timed(
                    warm_env,
                    "stats",
                    "--json",
                    "--db",
                    str(fresh_db(source, db)),
                    "--corpus",
                    str(corpus),
                )
                row[f"{name}_s"], row[f"{name}_ratio"] = round(wall, 2), round(wall / plain, 2)
                row[f"{name}_cpu_ratio"] = round(cpu / plain_cpu, 2)
        if "export" in parts:
            out = work / f"export-{count}.jsonl"
            try:
                wall, rss, cpu = timed(
                    warm_env,
                    "export",
                    "-f",
                    "jsonl",
                    "-o",
                    str(out),
                    "--force",
                    "--db",
                    str(fresh_db(source, db)),
                    "--corpus",
                    str(corpus),
                )
                row["export_jsonl_s"], row["export_ratio"] = round(wall, 2), round(wall / plain, 2)
                row["export_cpu_ratio"] = round(cpu / plain_cpu, 2)
                row["export_peak_rss_mb"] = round(rss)
            except RuntimeError as exc:
                row["export_error"] = str(exc)
        print(json.dumps(row), flush=True)


PARTS = ("frame", "cold", "analyze", "list", "warm", "fold", "stats", "export")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="5,1000", help="corpus sizes, comma-separated")
    parser.add_argument("--labels", default="100000", help="label database sizes")
    parser.add_argument("--jobs", default="1,2", help="analyze --jobs values to time")
    parser.add_argument("--big", action="store_true", help="add 10,000 articles, 1,000,000 labels")
    parser.add_argument(
        "--fill-timeout", type=float, default=120, help="seconds to wait for the last row"
    )
    parser.add_argument(
        "--parts", default=",".join(PARTS), help=f"what to run, of {','.join(PARTS)}"
    )
    parser.add_argument(
        "--work", help="keep the generated corpora, databases and caches here (reused)"
    )
    parser.add_argument(
        "--only",
        choices=("memory", "second-start"),
        help="memory: the app's peak RSS per size with every row analysed (warm cache);"
        " second-start: first frame, database open and progress counted per label size",
    )
    parser.add_argument(
        "--tracemalloc", action="store_true", help="with --only memory: the top allocators"
    )
    args = parser.parse_args()
    args.parts = {x for x in args.parts.split(",") if x}
    if args.parts - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(args.parts - set(PARTS)))}")
    sizes = [int(x) for x in args.sizes.split(",") if x]
    labels = [int(x) for x in args.labels.split(",") if x]
    args.jobs = [int(x) for x in args.jobs.split(",") if x]
    if args.big:
        sizes.append(10_000)
        labels.append(1_000_000)
    import dsreader

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(dsreader.__file__).parent)], check=True
    )
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        work = Path(args.work or folder)
        work.mkdir(parents=True, exist_ok=True)
        if args.only == "memory":
            rows = [bench_memory(work, n, args) for n in sizes]
            for name in ("plain", "kiwi"):
                top = rows[-1][f"{name}_peak_rss_mb"] / rows[0][f"{name}_peak_rss_mb"]
                print(json.dumps({f"{name}_peak_ratio_{sizes[-1]}_to_{sizes[0]}": round(top, 2)}))
            return
        if args.only == "second-start":
            for n in sizes:
                for count in labels:
                    bench_second_start(work, n, count, args)
            return
        for n in sizes:
            # A small corpus gets a small database: labels per article as at scale.
            per = [c for c in labels if n >= 1000 or c == labels[0]]
            per = [min(c, n * 100) for c in per]
            bench_size(work, n, sorted(set(per)), args)


if __name__ == "__main__":
    main()
