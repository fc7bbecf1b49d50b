import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets a shared-per-session analysis cache outside the user's home."""
    cache = tmp_path_factory.getbasetemp() / "analysis-cache"
    monkeypatch.setenv("DSREADER_CACHE_DIR", str(cache))
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
