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

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RUNS = 5

MINIMAL = """
import time, asyncio
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import OptionList
class Minimal(App):
    def compose(self):
        yield OptionList("one article")
async def main():
    app = Minimal()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(time.perf_counter() - t0)
asyncio.run(main())
"""

DSREADER = """
import time, asyncio, sys, tempfile
t0 = time.perf_counter()
from dsreader.corpus import load_corpus
from dsreader.pipeline import clean_cached
from dsreader.tui.app import ReaderApp
async def main():
    arts = [clean_cached(a) for a in load_corpus(sys.argv[1]).articles]
    app = ReaderApp(arts, db_path=tempfile.mkdtemp() + "/db.json", annotator="bench")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(time.perf_counter() - t0)
        t = time.perf_counter()
        await pilot.press("enter")
        await pilot.pause()
        print(time.perf_counter() - t)
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
    env = dict(os.environ, DSREADER_CACHE_DIR=tempfile.mkdtemp())
    run(DSREADER, env)  # warm the analysis cache, as a second start would find it
    minimal = [run(MINIMAL, env)[0] for _ in range(RUNS)]
    ours = [run(DSREADER, env) for _ in range(RUNS)]
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
