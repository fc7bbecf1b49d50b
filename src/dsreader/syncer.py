"""The journal's fsync in a thread, so that a label key never waits for the disk.

The app writes a label's journal line on the interface thread: once `write` returns,
the kernel holds it, and a crash of the app loses nothing. Confirming it on the disk
(`fsync`) can take a second while another process writes a large file; that happens
here. Writes are numbered as they are handed over, `synced` is how far the disk has
confirmed them, and the app shows a label as "saving" until then, "saved" after:
nothing is called saved before it is on the disk.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path


class Syncer:
    """Confirms written journal lines on the disk, oldest first, in one thread."""

    def __init__(self, on_synced: Callable[[], None] | None = None) -> None:
        """`on_synced` is called (in the syncer's thread) after each confirmation or
        failure; it must not wait for the thread that writes."""
        self.on_synced = on_synced
        self.written = 0  # writes handed over so far
        self.synced = 0  # of which the disk confirmed the first `synced`
        self.error: str | None = None  # why the disk could not confirm (then it stops)
        self._told = False
        self._queue: list[tuple[int, int, Path | None]] = []
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closing = False

    def add(self, fd: int, folder: Path | None = None) -> int:
        """Hand over a file descriptor whose writes are to be made durable (the syncer
        closes it), with the folder to sync too when the file was just created.
        Returns the write's number."""
        with self._cond:
            self.written += 1
            self._queue.append((self.written, fd, folder))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="fsync", daemon=True)
                self._thread.start()
            self._cond.notify_all()
            return self.written

    def take_error(self) -> str | None:
        """The failure, said once (later writes are fsync'd where they are made)."""
        with self._cond:
            if self.error is None or self._told:
                return None
            self._told = True
            return self.error

    @property
    def pending(self) -> bool:
        """Writes the disk has not confirmed yet (none after a failure: see `error`)."""
        return self.error is None and self.synced < self.written

    def wait(self, timeout: float | None = None) -> bool:
        """Until every write so far is confirmed (or failed); False on timeout."""
        with self._cond:
            target = self.written
            return self._cond.wait_for(
                lambda: self.synced >= target or self.error is not None, timeout
            )

    def close(self) -> None:
        """Confirm what is left, then stop the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._queue or self._closing)
                if not self._queue:
                    return
                batch, self._queue = self._queue, []
            error = None
            seen: set[tuple[int, int]] = set()
            try:
                for _, fd, _ in reversed(batch):  # one fsync per file, not per write
                    st = os.fstat(fd)
                    if (st.st_ino, st.st_dev) not in seen:
                        seen.add((st.st_ino, st.st_dev))
                        os.fsync(fd)
                for folder in {f for _, _, f in batch if f is not None}:
                    fsync_folder(folder)
            except OSError as exc:
                error = f"{exc.strerror or exc}"
            finally:
                for _, fd, _ in batch:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            with self._cond:
                if error is None:
                    self.synced = batch[-1][0]
                else:
                    self.error = error
                self._cond.notify_all()
            if self.on_synced is not None:
                with contextlib.suppress(Exception):
                    self.on_synced()


def fsync_folder(path: Path) -> None:
    """A new or renamed file's name made durable (best effort: not every file system
    lets a folder be synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
