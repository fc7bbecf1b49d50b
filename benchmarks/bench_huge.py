"""One huge article (2 MB of text by default): does the reader stay responsive?

Builds the article from the seeds' paragraphs, each copy with a unique edit (its
number appended), so no cache or dedup sees two equal paragraphs. Times the cold
cleaning and analysis in a fresh process (which also fills the cache), then drives
`dsreader read` (built as the CLI builds it) with Textual's pilot on the warm cache:
Enter to the reader, label keys (near the top and after jumping to the end), cursor
moves, a page down, a search and its next hit, the entity panel and a jump from it.
Each action is timed inside the app, from the action's start to the end of the next
refresh (the pilot's own round trip is not the app's). Baselines in the same run: a
minimal Textual app's first frame, and a plain Static showing one screen of the same
text (its first frame, and one key that replaces it with the next screen).

Prints one JSON object.
Usage: python benchmarks/bench_huge.py [--mb 2] [--labels 50] [--existing 0] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from baseline import minimal_first_frame

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


# One screen of the article's text in a Static, and a key that shows the next screen.
STATIC = r"""
import asyncio, json, statistics, sys, time
t0 = time.perf_counter()
from pathlib import Path
from rich.text import Text
from textual.app import App
from textual.widgets import Static
text = Path(sys.argv[1]).read_text("utf-8")
screens = [text[i : i + 1500] for i in range(0, 60 * 1500, 1500)]
out, keys = {}, []
class Plain(App):
    BINDINGS = [("j", "next", "next")]
    page = 0
    def compose(self):
        yield Static(Text(screens[0]))
    def on_mount(self):
        self.call_after_refresh(lambda: out.setdefault("first_frame_s", time.perf_counter() - t0))
    def action_next(self):
        t = time.perf_counter()
        self.page += 1
        self.query_one(Static).update(Text(screens[self.page % len(screens)]))
        self.call_after_refresh(lambda: keys.append((time.perf_counter() - t) * 1000))
async def main():
    async with Plain().run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(30):
            await pilot.press("j")
            await pilot.pause()
        await pilot.pause(0.1)
asyncio.run(main())
out["key_p50_ms"] = statistics.median(keys)
out["key_max_ms"] = max(keys)
print(json.dumps(out))
"""

# Cleaning and analysis with an empty cache, each timed; fills the cache.
COLD = r"""
import json, sys, time
from dsreader.corpus import load_corpus
from dsreader.bulk import clean_article
from dsreader.analysis import analyze
t = time.perf_counter()
result = load_corpus(sys.argv[1])
article = result.articles[0]
out = {"read_s": time.perf_counter() - t}
t = time.perf_counter()
clean = clean_article(article, result.context(article))
out["clean_s"] = time.perf_counter() - t
t = time.perf_counter()
doc = analyze(clean)
out["analyse_s"] = time.perf_counter() - t
out.update(chars=len(doc.text), sentences=len(doc.sentences), entities=len(doc.entities))
# Labels already there: every k-th sentence, as TinyDB JSON (the app's annotator's).
db, count = sys.argv[2], int(sys.argv[3])
step = max(1, len(doc.sentences) // count) if count else 0
table = {}
stamp = "2026-01-01T00:00:00+00:00"
for n, s in enumerate(doc.sentences[::step][:count] if count else []):
    table[str(n + 1)] = {
        "article_id": doc.id, "text_sha256": doc.text_sha256, "start": s.start, "end": s.end,
        "text": s.text, "sentence_ids": [s.id], "label": ("verified", "disputed")[n % 2],
        "comment": None, "evidence": None, "annotator": "bench",
        "created_at": stamp, "updated_at": stamp, "tool_version": "bench",
    }
with open(db, "w", encoding="utf-8") as fh:
    json.dump({"_default": table}, fh, ensure_ascii=False)
out["labels_before"] = len(table)
print(json.dumps(out))
"""

# The app as `dsreader read CORPUS` builds it, driven by Textual's pilot.
APP = r"""
import asyncio, inspect, json, resource, statistics, sys, time
t0 = time.perf_counter()
corpus, db, labels, near_end = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
from dsreader.cli import build_parser, make_read_app
from dsreader.tui.library import LibraryScreen
from textual.widgets import Input, OptionList
marks, times = {}, {}
def marking(cls, name):
    orig = cls.on_mount
    def on_mount(self):
        orig(self)
        self.call_after_refresh(lambda: marks.setdefault(name, time.perf_counter()))
    cls.on_mount = on_mount
def timing(cls, name, key):
    # From the action's start to the end of the refresh after every message it caused.
    orig = getattr(cls, name)
    def done(self, t):
        self.call_after_refresh(
            lambda: times.setdefault(key, []).append((time.perf_counter() - t) * 1000)
        )
    def action(self, *a, **k):
        t = time.perf_counter()
        orig(self, *a, **k)
        done(self, t)
    async def async_action(self, *a, **k):
        t = time.perf_counter()
        await orig(self, *a, **k)
        done(self, t)
    setattr(cls, name, async_action if inspect.iscoroutinefunction(orig) else action)
pending = {}
def chain(start_cls, start_name, end_cls, end_name, key):
    # An action whose work runs in a message handler further up (a search box's Enter,
    # an entity chosen in the panel): from the action's start to the refresh after the
    # method that ends the work.
    orig_start, orig_end = getattr(start_cls, start_name), getattr(end_cls, end_name)
    async def start(self, *a, **k):
        pending[key] = time.perf_counter()
        result = orig_start(self, *a, **k)
        if inspect.isawaitable(result):
            await result
    def end(self, *a, **k):
        result = orig_end(self, *a, **k)
        t = pending.pop(key, None)
        if t is not None:
            self.call_after_refresh(
                lambda: times.setdefault(key, []).append((time.perf_counter() - t) * 1000)
            )
        return result
    setattr(start_cls, start_name, start)
    setattr(end_cls, end_name, end)
marking(LibraryScreen, "first_frame")
out = {}
async def until(pilot, condition, timeout):
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            return False
        await pilot.pause(0.02)
    return True
def summary(key):
    xs = sorted(times.get(key, []))
    if not xs:
        return None
    return {
        "n": len(xs),
        "p50_ms": round(statistics.median(xs), 1),
        "p99_ms": round(xs[min(len(xs) - 1, int(len(xs) * 0.99))], 1),
        "max_ms": round(xs[-1], 1),
    }
async def main():
    args = build_parser().parse_args(["read", corpus, "--db", db, "--annotator", "bench"])
    app = make_read_app(args)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "first_frame" in marks, 600)
        out["first_frame_s"] = marks["first_frame"] - t0
        await until(pilot, lambda: app.entries and all(e.doc.analyzed for e in app.entries), 600)
        out["analysed_from_cache_s"] = time.perf_counter() - t0
        from dsreader.tui.article_view import ArticleView
        from dsreader.tui.reader import ReaderScreen
        marking(ReaderScreen, "reader")
        for name, key in (
            ("action_label", "label"),
            ("action_move", "move"),
            ("action_edge", "edge"),
            ("action_entities", "entity_panel"),
            ("action_hit", "next_hit"),
            ("action_search", "search_box"),
        ):
            timing(ReaderScreen, name, key)
        # A page is one jump (no animation), so its time is the new page's drawing.
        app.animation_level = "none"
        chain(ArticleView, "action_page_down", ArticleView, "watch_scroll_y", "page_down")
        chain(Input, "action_submit", ArticleView, "set_hits", "search")
        chain(OptionList, "action_select", ArticleView, "scroll_to_offset", "entity_jump")
        await pilot.pause(0.3)
        t = time.perf_counter()
        await pilot.press("enter")
        await until(pilot, lambda: "reader" in marks, 600)
        out["open_ms"] = (marks["reader"] - t) * 1000
        screen = app.screen
        await pilot.pause()
        for i in range(labels // 2):  # near the top, auto-advancing
            await pilot.press("vdo"[i % 3])
            await pilot.pause()
        for i in range(20):
            await pilot.press("jk"[i % 2])
            await pilot.pause()
        for _ in range(10):
            await pilot.press("pagedown")
            await pilot.pause()
        await pilot.press("G")  # the last sentence, 2 MB further down
        await pilot.pause()
        for _ in range(labels - labels // 2):
            await pilot.press("k")
            await pilot.pause()
        for i in range(labels - labels // 2):  # near the end
            await pilot.press("vdo"[i % 3])
            await pilot.pause()
        out["labels_saved"] = screen.progress[0]
        # Search a word found everywhere, then one found only near the end.
        for word in ("엔비디아", near_end):
            await pilot.press("slash")
            await pilot.pause()
            for ch in word:
                await pilot.press(ch)
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            for _ in range(5):
                await pilot.press("greater_than_sign")
                await pilot.pause()
        out["search_status"] = str(screen.query_one("#status").render())
        await pilot.press("e")  # open the entity panel
        await pilot.pause()
        for _ in range(3):
            await pilot.press("down")
        await pilot.press("enter")  # jump to that entity
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")  # close it
        await pilot.pause()
        await pilot.pause(0.2)
        for key in list(times):
            out[key] = summary(key)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out))
asyncio.run(main())
"""


def make_huge(folder: Path, size: int) -> tuple[Path, str]:
    """An article of about `size` bytes: the seeds' paragraphs over and over, each copy
    with its own number; returns its path and a phrase found only near its end."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [p.read_text("utf-8").split("\n") for p in sorted(SEEDS.glob("*.txt"))]
    paragraphs = [line for lines in seeds for line in lines[1:] if len(line) > 80]
    lines = ["거대한 기사: 딥시크와 엔비디아, 1년의 기록", *seeds[0][1:4]]
    total, k = len("\n".join(lines).encode()), 0
    while total < size:
        line = f"{paragraphs[k % len(paragraphs)]} 이 내용은 {k + 1}번째 문단에서 확인됐다."
        lines.append(line)
        total += len(line.encode()) + 1
        k += 1
    path = folder / "huge.txt"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path, f"{k - 2}번째 문단"


def python(code: str, *args: str, env: dict | None = None) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env
    )
    if proc.returncode:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=2.0, help="article size in MB (UTF-8)")
    parser.add_argument("--labels", type=int, default=50, help="label keys to time")
    parser.add_argument("--keep", help="build the article and cache here and keep them")
    parser.add_argument(
        "--existing",
        type=int,
        default=0,
        help="labels already on the article (every k-th sentence)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-huge-") as folder:
        work = Path(args.keep or folder)
        path, near_end = make_huge(work / "corpus", int(args.mb * 1_000_000))
        env = dict(os.environ, DSREADER_CACHE_DIR=str(work / "cache"), DSREADER_ANNOTATOR="bench")
        figures: dict = {"bytes": path.stat().st_size}
        minimal = statistics.median(minimal_first_frame() for _ in range(3))
        figures["minimal_first_frame_ms"] = round(minimal * 1000, 1)
        figures["static_screen"] = python(STATIC, str(path))
        db = work / "labels.json"
        db.unlink(missing_ok=True)
        for journal in work.glob("labels.json*"):
            journal.unlink()
        figures["cold"] = python(COLD, str(work / "corpus"), str(db), str(args.existing), env=env)
        figures["app"] = python(
            APP, str(work / "corpus"), str(db), str(args.labels), near_end, env=env
        )
        print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
