"""Where a label key's time goes: the reader driven by Textual's pilot, every phase timed.

A profiling aid for `bench_scale.py --parts warm,fold` (same app, same keys), over a
corpus, a warm cache and a label database that script generated with `--work DIR`:

    python benchmarks/key_phases.py DIR/corpus-10000 DIR/db-10000-1000000.json \
        --cache DIR/cache-10000-j2 [--fold --labels 1000000] [--keys 60]

Each key is timed from when the pilot meant to press it (the end of its pause: a key
that waits for a busy interface thread, or in the queue, counts its wait) to the end of
the next refresh, with the interface thread's CPU time. Around it:
the garbage collections (`gc.callbacks`, any thread), and the app's own phases (the
session's label, the journal write and its fsync, redrawing the labels, the background
batches, the store's poll and fold, the screen's refresh) as intervals on the interface
thread. Prints one JSON object: the keys' percentiles, each phase's share of the keys'
time, and the slowest keys with every phase and collection that overlapped them. A
20 ms heartbeat on the interface thread gives its stalls (the longest gap beyond 20 ms:
what a key typed at that moment would wait, whatever the pilot happened to press).
With --fold a second process labels until its journal is due, then folds (as in
bench_scale's `fold` part); with --own-fold the app's own journal is due and the keys
go on until its fold ended (with --gap 0.7, a key comes after each pause in which
the fold's worker goes on).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

APP = r"""
import asyncio, gc, json, os, statistics, subprocess, sys, threading, time
corpus, db, nkeys, fold, OTHER = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", sys.argv[5]
GAP, OWN = float(sys.argv[6]), sys.argv[7] == "1"
t0 = time.perf_counter()
MAIN = threading.get_ident()
events = []  # (name, start, end, thread is main)
collections = []  # (generation, start, end, thread is main)
_gc_start = {}
def on_gc(phase, info):
    if phase == "start":
        _gc_start[threading.get_ident()] = (time.perf_counter(), time.thread_time(), gc.get_count())
    else:
        s = _gc_start.pop(threading.get_ident(), None)
        if s is not None:
            collections.append((info["generation"], s[0], time.perf_counter(), threading.get_ident() == MAIN, time.thread_time() - s[1]))
            if time.perf_counter() - s[0] > 0.02:
                big_collections.append((info["generation"], s[0], time.perf_counter(), threading.get_ident() == MAIN, time.thread_time() - s[1], s[2]))
big_collections = []
gc.callbacks.append(on_gc)
def timed(owner, name, label=None):
    orig = getattr(owner, name, None)
    if orig is None:  # an older version of the code (a "before" run)
        return
    label = label or f"{getattr(owner, '__name__', owner)}.{name}"
    def wrapper(*a, **k):
        s, c = time.perf_counter(), time.thread_time()
        try:
            return orig(*a, **k)
        finally:
            events.append((label, s, time.perf_counter(), threading.get_ident() == MAIN, time.thread_time() - c))
    setattr(owner, name, wrapper)
from dsreader.cli import build_parser, make_read_app
from dsreader import store as store_mod, session as session_mod
from dsreader.tui import app as app_mod, article_view
from dsreader.tui.reader import ReaderScreen
import textual.screen, textual.app
timed(os, "fsync", "os.fsync")
timed(store_mod.JournalStorage, "append")
timed(store_mod.JournalStorage, "sync")
timed(store_mod.JournalStorage, "begin_fold")
timed(store_mod.JournalStorage, "finish_fold")
timed(store_mod.JournalStorage, "_reload")
timed(store_mod.JournalStorage, "_caught_up_with_fold")
timed(store_mod.JournalStorage, "_read_journal")
timed(store_mod.JournalStorage, "_shift_journal")
timed(store_mod.JournalStorage, "_index")
timed(store_mod.FoldPlan, "write")
timed(store_mod.JournalStorage, "commit_fold")
timed(store_mod.JournalStorage, "read_fresh")
timed(store_mod.JournalStorage, "adopt")
timed(session_mod.LabellingSession, "label")
timed(session_mod.LabellingSession, "_place")
timed(session_mod.LabellingSession, "next_unlabelled")
timed(session_mod.LabellingSession, "uncounted")
timed(session_mod.LabellingSession, "progress")
timed(session_mod.LabellingSession, "adopt_progress")
timed(session_mod.LabellingSession, "_sync")
timed(ReaderScreen, "refresh_labels")
timed(ReaderScreen, "refresh_head")
timed(article_view.ArticleView, "set_claims")
timed(article_view.ArticleView, "render_line")
timed(article_view.ArticleView, "_draw")
timed(article_view.ArticleView, "_refresh_styles")
timed(article_view.ArticleView, "_refresh_spans")
for name in ("_drain", "_poll_store", "_maybe_fold", "_finish_fold", "_adopt", "_uncounted_batch",
             "_tell_screen", "_count_progress", "_write_fold", "_count_worker"):
    if hasattr(app_mod.ReaderApp, name):
        timed(app_mod.ReaderApp, name)
timed(textual.screen.Screen, "_refresh_layout")
timed(textual.screen.Screen, "_compositor_refresh")
timed(textual.app.App, "_display")
out = {}
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
        await until(pilot, lambda: getattr(app, "store_open", True), 900)
        out["store_open_s"] = round(time.perf_counter() - t0, 2)
        app.screen.table.focus()
        await pilot.press("g", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), 60)
        await until(pilot, lambda: app.screen.entry.doc.analyzed, 60)
        await pilot.pause()
        from textual import events as tev
        pressed, keys, due = {}, [], {}
        orig_key = tev.Key.__init__
        def key_init(self, *a, **k):
            # A key is pressed when the pilot meant to press it: the end of its pause,
            # even if the interface thread was busy then (a terminal's key would wait).
            orig_key(self, *a, **k)
            now, wall = time.perf_counter(), time.time()
            late = max(0.0, now - due.pop("t", now))
            pressed["t"], pressed["wall"] = now - late, wall - late
        ticks = []  # the interface thread's heartbeat: its gaps are what any key would wait
        def tick():
            ticks.append(time.perf_counter())
        tev.Key.__init__ = key_init
        orig = ReaderScreen.action_label
        def action(self, *a, **k):
            p, wall, c, s = pressed["t"], pressed["wall"], time.thread_time(), time.perf_counter()
            orig(self, *a, **k)
            e = time.perf_counter()
            def done():
                keys.append({"pressed": p, "wall": wall, "action": s, "action_end": e,
                             "done": time.perf_counter(), "cpu": time.thread_time() - c})
            self.call_after_refresh(done)
        ReaderScreen.action_label = action
        other = None
        if fold:
            other = subprocess.Popen([sys.executable, "-c", OTHER, db], stdout=subprocess.PIPE, text=True)
        del events[:], collections[:]
        heartbeat = app.set_interval(0.02, tick)
        prof = None
        if os.environ.get("KP_PROFILE"):
            import cProfile
            prof = cProfile.Profile()
            prof.enable()
        start = time.perf_counter()
        i = 0
        own = {"seen": False}
        def own_fold_pending():  # --own-fold: until the app's own fold has run and ended
            own["seen"] = own["seen"] or app._folding
            return OWN and not (own["seen"] and not app._folding) and time.perf_counter() - start < 300
        while i < nkeys or (other is not None and other.poll() is None and time.perf_counter() - start < 300) or own_fold_pending():
            await pilot.press("vdo"[i % 3])
            due["t"] = time.perf_counter() + GAP
            await pilot.pause(GAP)
            if i % 8 == 7:
                await pilot.press("g")
            i += 1
        out["own_fold_seen"] = own["seen"]
        if other is not None:
            for _ in range(40):
                await pilot.press("vdo"[i % 3]); due["t"] = time.perf_counter() + GAP
                await pilot.pause(GAP); i += 1
            if other.poll() is None:
                other.kill()
            out.update(json.loads(other.communicate()[0] or "{}"))
        heartbeat.stop()
        await pilot.pause(0.2)
        if prof is not None:
            prof.disable()
            import pstats
            pstats.Stats(prof, stream=sys.stderr).sort_stats(os.environ["KP_PROFILE"]).print_stats(45)
    span = lambda k: (k["done"] - k["pressed"]) * 1000
    ms = sorted(span(k) for k in keys)
    cpu = sorted(k["cpu"] * 1000 for k in keys)
    pick = lambda xs, q: xs[min(len(xs) - 1, int(len(xs) * q))]
    out.update(keys=len(ms), p50=round(statistics.median(ms), 1), p99=round(pick(ms, 0.99), 1),
               max=round(ms[-1], 1), over_100=sum(t > 100 for t in ms), over_50=sum(t > 50 for t in ms),
               cpu_p50=round(statistics.median(cpu), 1), cpu_p99=round(pick(cpu, 0.99), 1),
               queue_p50=round(statistics.median((k["action"] - k["pressed"]) * 1000 for k in keys), 1),
               action_p50=round(statistics.median((k["action_end"] - k["action"]) * 1000 for k in keys), 1),
               paint_p50=round(statistics.median((k["done"] - k["action_end"]) * 1000 for k in keys), 1))
    # Each phase's time inside the keys (main thread), and the collections.
    def overlap(a0, a1, b0, b1):
        return max(0.0, min(a1, b1) - max(a0, b0))
    share, cpu_share = {}, {}
    for name, s, e, main, c in events + [(f"gc{g}", s, e, m, c) for g, s, e, m, c in collections]:
        if not main:
            name += " (other thread)"
        for k in keys:
            o = overlap(s, e, k["pressed"], k["done"])
            if o:
                share[name] = share.get(name, 0) + o * 1000
                cpu_share[name] = cpu_share.get(name, 0) + c * 1000 * o / max(e - s, 1e-9)
    out["phase_wall_ms_in_keys"] = {n: round(v, 1) for n, v in sorted(share.items(), key=lambda x: -x[1])}
    out["calls"] = {n: sum(1 for e in events if e[0] == n) for n in ("ArticleView.render_line", "ArticleView._draw", "ArticleView._refresh_styles", "ArticleView._refresh_spans")}
    out["phase_cpu_ms_in_keys"] = {n: round(v, 1) for n, v in sorted(cpu_share.items(), key=lambda x: -x[1])}
    out["collections_count_maxwall_maxcpu"] = {f"gc{g}": [sum(1 for c in collections if c[0] == g),
                                      round(max([(c[2] - c[1]) * 1000 for c in collections if c[0] == g], default=0), 1),
                                      round(max([c[4] * 1000 for c in collections if c[0] == g], default=0), 1)]
                          for g in (0, 1, 2)}
    out["slow_collections"] = [  # with the counts (young allocations first) they began with
        f"gc{g} {(e - s) * 1000:.0f} ms ({c * 1000:.0f} CPU) {'interface' if m else 'worker'} counts {n}"
        for g, s, e, m, c, n in big_collections if s >= start
    ][:12]
    out["full_collections"] = [
        f"{(e - s) * 1000:.0f} ms ({c * 1000:.0f} CPU) {'interface' if m else 'worker'} thread"
        for g, s, e, m, c in collections if g == 2
    ]
    slow = sorted(keys, key=span, reverse=True)[:6]
    details = []
    for k in slow:
        d = {"ms": round(span(k), 1), "cpu": round(k["cpu"] * 1000, 1),
             "queue": round((k["action"] - k["pressed"]) * 1000, 1),
             "action": round((k["action_end"] - k["action"]) * 1000, 1),
             "paint": round((k["done"] - k["action_end"]) * 1000, 1), "phases": []}
        for name, s, e, main, c in events + [(f"gc{g}", s, e, m, c) for g, s, e, m, c in collections]:
            o = overlap(s, e, k["pressed"], k["done"])
            if o * 1000 >= 2 or (not main and o):
                d["phases"].append(f"{name}{'' if main else '[thread]'} {o*1000:.1f}/{c*1000:.1f}cpu")
        details.append(d)
    out["slowest"] = details
    # Stalls: gaps in the 20 ms heartbeat beyond its period, with what overlapped the longest.
    gaps = sorted(((b - a - 0.02, a, b) for a, b in zip(ticks, ticks[1:])), reverse=True)
    out["stall_max_ms"] = round(gaps[0][0] * 1000, 1) if gaps else None
    out["stalls_over_100ms"] = sum(g > 0.1 for g, _, _ in gaps)
    out["stalls_over_50ms"] = sum(g > 0.05 for g, _, _ in gaps)
    longest = []
    for g, a, b in gaps[:3]:
        d = {"ms": round(g * 1000, 1), "phases": []}
        for name, s, e, main, c in events + [(f"gc{g}", s, e, m, c) for g, s, e, m, c in collections]:
            o = overlap(s, e, a, b)
            if o * 1000 >= 5:
                d["phases"].append(f"{name}{'' if main else '[thread]'} {o*1000:.1f}/{c*1000:.1f}cpu")
        longest.append(d)
    out["longest_stalls"] = longest
    print(json.dumps(out, ensure_ascii=False))
asyncio.run(main())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("db", help="the generated database (copied: the app writes the copy)")
    parser.add_argument("--cache", required=True, help="a warm DSREADER_CACHE_DIR")
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--fold", action="store_true", help="another process folds meanwhile")
    parser.add_argument("--labels", type=int, help="with --fold: the database's labels (else read)")
    parser.add_argument(
        "--own-fold",
        action="store_true",
        help="the app's own fold is due (no other process): keys go on until it ended",
    )
    parser.add_argument("--gap", type=float, default=0.05, help="seconds between keys")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import bench_scale

    with tempfile.TemporaryDirectory(prefix="key-phases-", dir=Path(args.db).parent) as tmp:
        db = Path(tmp) / "db.json"
        shutil.copyfile(args.db, db)
        if args.fold or args.own_fold:
            texts = [p.read_text("utf-8") for p in sorted(Path(args.corpus).glob("0*.txt"))]
            labels = args.labels or len(json.loads(Path(args.db).read_text("utf-8"))["_default"])
            bench_scale.make_journal(db, texts, bench_scale.fold_threshold(labels) - 30)
        env = dict(os.environ, DSREADER_CACHE_DIR=args.cache, DSREADER_ANNOTATOR="bench")
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                APP,
                args.corpus,
                str(db),
                str(args.keys),
                "1" if args.fold else "0",
                bench_scale.OTHER,
                str(args.gap),
                "1" if args.own_fold else "0",
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if proc.returncode:
            sys.exit(proc.stderr[-3000:])
        if os.environ.get("KP_PROFILE"):
            sys.stderr.write(proc.stderr)
        print(proc.stdout.strip())


if __name__ == "__main__":
    main()
