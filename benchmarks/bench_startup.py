"""Time to first paint of dsreader against a minimal Textual app showing a one-line
list, each in a fresh process, and the time to open a cached article.

Usage: python benchmarks/bench_startup.py
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from baseline import minimal_app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RUNS = 9

# Both programs print the time from process start to the end of the first refresh
# of their first screen (a callback Textual runs once the screen has been drawn).
MINIMAL = minimal_app((80, 24))

# dsreader's first paint is the library's first refresh. Opening an article is timed
# from the Enter key reaching the app (open_article) to the reader's first refresh,
# 0.3 s after the first paint, as a person would press it.
DSREADER = """
import time, asyncio, sys, tempfile
t0 = time.perf_counter()
from dsreader.corpus import load_corpus
from dsreader.pipeline import clean_cached
from dsreader.tui.app import ReaderApp
from dsreader.tui.library import LibraryScreen
marks = []
def mark():
    marks.append(time.perf_counter())
def marking(orig):
    def on_mount(self):  # Textual passes the event to a handler with a second parameter
        orig(self)
        self.call_after_refresh(mark)
    return on_mount
LibraryScreen.on_mount = marking(LibraryScreen.on_mount)
def open_article(self, article_id, _orig=ReaderApp.open_article):
    mark()
    _orig(self, article_id)
ReaderApp.open_article = open_article
async def main():
    arts = [clean_cached(a) for a in load_corpus(sys.argv[1]).articles]
    app = ReaderApp(arts, db_path=tempfile.mkdtemp() + "/db.json", annotator="bench")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause(0.3)
        from dsreader.tui.reader import ReaderScreen
        ReaderScreen.on_mount = marking(ReaderScreen.on_mount)
        await pilot.press("enter")
        await pilot.pause()
    print(marks[0] - t0, marks[2] - marks[1])
asyncio.run(main())
"""


def run(code: str, env: dict) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", code, str(SEEDS)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    return [float(x) for x in out.split()]


def main() -> None:
    # Byte-compile the package first, as `pip install` does: with an editable install
    # and PYTHONDONTWRITEBYTECODE set (as on the CI machines), every start would
    # otherwise recompile dsreader's modules while Textual's come precompiled.
    import dsreader

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(dsreader.__file__).parent)],
        check=True,
    )
    env = dict(os.environ, DSREADER_CACHE_DIR=tempfile.mkdtemp())
    run(DSREADER, env)  # warm the analysis cache, as a second start would find it
    minimal, ours = [], []
    for _ in range(RUNS):  # interleaved, so load on the shared machine hits both alike
        minimal.append(run(MINIMAL, env)[0])
        ours.append(run(DSREADER, env))
    first = statistics.median(x[0] for x in ours)
    base = statistics.median(minimal)
    print(
        json.dumps(
            {
                "minimal_first_paint_ms": round(base * 1000),
                "dsreader_first_paint_ms": round(first * 1000),
                "ratio": round(first / base, 2),
                "open_cached_article_ms": round(statistics.median(x[1] for x in ours) * 1000, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
