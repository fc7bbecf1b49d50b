"""The baseline every speed figure is a ratio to: a minimal Textual app's first frame.

One script for every benchmark, so their ratios compare the same thing. It prints the
time from process start to the end of the first refresh of its only screen (a
callback Textual runs once the screen has been drawn).
"""

from __future__ import annotations

import subprocess
import sys


def minimal_app(size: tuple[int, int] = (100, 30)) -> str:
    """The minimal app's source, drawn at `size` (columns, rows)."""
    return f"""
import time, asyncio
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import OptionList
class Minimal(App):
    def compose(self):
        yield OptionList("one article")
    def on_mount(self):
        self.call_after_refresh(lambda: print(time.perf_counter() - t0))
async def main():
    async with Minimal().run_test(size={size!r}) as pilot:
        await pilot.pause()
asyncio.run(main())
"""


def minimal_first_frame(size: tuple[int, int] = (100, 30), env: dict | None = None) -> float:
    """Seconds from a fresh process's start to the minimal app's first frame."""
    proc = subprocess.run(
        [sys.executable, "-c", minimal_app(size)], capture_output=True, text=True, env=env
    )
    return float(proc.stdout)
