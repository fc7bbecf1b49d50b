"""The line classifier's weights (data/cleaner.json), applied with plain Python.

A logistic regression trained by benchmarks/train_cleaner.py on the development
corpus (tests/data/pages/). Nothing here imports a training library or reads the
network: the file ships with the package.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).parent / "data" / "cleaner.json"


@dataclass(frozen=True)
class LineModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float = 0.5

    @classmethod
    def from_dict(cls, d: dict) -> LineModel:
        return cls(
            features=tuple(d["features"]),
            mean=tuple(d["mean"]),
            scale=tuple(d["scale"]),
            coef=tuple(d["coef"]),
            intercept=float(d["intercept"]),
            threshold=float(d.get("threshold", 0.5)),
        )

    def as_dict(self) -> dict:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "threshold": self.threshold,
        }

    def aligned(self, names: list[str]) -> LineModel:
        """The same weights in the order of `names`; a feature the weights do not know
        counts for nothing, so weights older than the feature code still apply."""
        if list(self.features) == names:
            return self
        index = {name: i for i, name in enumerate(self.features)}

        def pick(values: tuple[float, ...], default: float) -> tuple[float, ...]:
            return tuple(values[index[n]] if n in index else default for n in names)

        return LineModel(
            features=tuple(names),
            mean=pick(self.mean, 0.0),
            scale=pick(self.scale, 1.0),
            coef=pick(self.coef, 0.0),
            intercept=self.intercept,
            threshold=self.threshold,
        )

    def junk_probability(self, row: list[float]) -> float:
        z = self.intercept
        for x, m, s, c in zip(row, self.mean, self.scale, self.coef, strict=True):
            z += c * (x - m) / s
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def shipped_model() -> LineModel | None:
    """The model in data/cleaner.json, or None when there is none (rules alone)."""
    try:
        return LineModel.from_dict(json.loads(MODEL_PATH.read_text("utf-8")))
    except (OSError, ValueError, KeyError):
        return None


@lru_cache(maxsize=1)
def model_digest() -> str:
    """Part of the clean cache key: new weights or rules never serve a stale cleaning
    (clean.py and metadata.py are in the analyzer's own fingerprint)."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in (
        MODEL_PATH,
        *(here / n for n in ("linefeatures.py", "linerules.py", "stuffing.py", "repetition.py")),
    ):
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"-")
    return h.hexdigest()[:12]
