import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


# One analysis cache for the whole run, never the user's own (set before any fixture).
os.environ["DSREADER_CACHE_DIR"] = tempfile.mkdtemp(prefix="dsreader-test-cache-")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch):
    monkeypatch.setenv("DSREADER_ANNOTATOR", "tester")
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@contextlib.contextmanager
def held_lock(db: Path):
    """Another process holding the database's lock (flock(2), as dsreader takes it)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'w'); "
            "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
            str(db) + ".lock",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()
