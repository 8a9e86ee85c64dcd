"""Does a profile fit a need at all? A calibrated probability, a cut-off and plain levels.

The ranking orders profiles; it says nothing about whether the best of them fits. The
relevance model turns the signals the index computes for a candidate (cosines, their
z-scores against the whole index, the lexical coverage, the best matching passage, the
gap to the best candidate of the need) into the probability that a person reading both
would call the profile fitting. It is a logistic regression fitted on a labelled set of
needs (``data/benchmarks/needs-demo``: needs graded against the demo's organisations,
off-topic and nonsense needs included; ``python -m nahwerk_engine.benchmarks.relevance
--fit``) and stored as JSON beside this module.

Two thresholds make the cut-off:

- ``gate``: unless the best candidate of a need reaches it, nothing fits;
- ``keep``: every candidate shown must reach it.

A need whose best candidate is convincing may show weaker candidates below it (the gate
is stricter than the keep threshold): a group of similar organisations is shown whole,
while an off-topic need, whose best candidate is weak, shows nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "FEATURES",
    "FitLevel",
    "RelevanceModel",
    "default_relevance_model",
    "fit_relevance_model",
]

FORMAT = "nahwerk.matching.relevance-model/1"
DEFAULT_PATH = Path(__file__).with_name("relevance_model.json")

# Every feature the index can compute for a candidate (see MatchingIndex._features).
FEATURES = (
    "fused",  # the ranking's content score (sum of weighted z-scores)
    "sem_e5",  # raw cosine of the E5 part
    "sem_use",  # raw cosine of the USE part
    "z_e5",
    "z_use",
    "lex",  # share of the need's (idf-weighted) words the profile covers, 0..1
    "z_lex",
    "passage",  # best cosine (USE) of a profile sentence with a part of the need
    "cross",  # 1 when need and profile are in different languages
    "delta",  # fused score of the need's best candidate minus this one's
)


class FitLevel(StrEnum):
    """How well a match fits, in the words shown to users."""

    STRONG = "strong"  # "sehr passend"
    GOOD = "good"  # "passend"
    PARTIAL = "partial"  # "entfernt passend"


@dataclass(frozen=True)
class RelevanceModel:
    """Logistic regression over candidate features, with the cut-off thresholds.

    Attributes
    ----------
    embedder : str
        Name of the embedder whose cosines the model was fitted on. An index built with
        another embedder has other score scales, so it does not apply the model.
    features : tuple of str
        Names from :data:`FEATURES`, in the order of ``coef``.
    coef, mean, scale : tuple of float
        ``p = 1 / (1 + exp(-(intercept + sum(coef_i * (x_i - mean_i) / scale_i))))``.
    gate, keep : float
        Probabilities: the best candidate must reach ``gate``, every shown one ``keep``.
    strong, good : float
        Probabilities from which a match is "strong" or "good"; below ``good``, "partial".
    trained_on : dict
        What the model was fitted on, for the record.
    """

    embedder: str
    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    gate: float = 0.3
    keep: float = 0.1
    strong: float = 0.7
    good: float = 0.4
    trained_on: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.features) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown relevance features: {sorted(unknown)}")
        if not len(self.features) == len(self.coef) == len(self.mean) == len(self.scale):
            raise ValueError("features, coef, mean and scale must have the same length")
        if not 0.0 <= self.keep <= self.gate <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= keep <= gate <= 1")

    def probabilities(self, features: Mapping[str, np.ndarray]) -> np.ndarray:
        """Probability of fitting for each candidate, given its features as arrays."""
        logit = np.full(len(next(iter(features.values()))), self.intercept, dtype=np.float64)
        for name, coef, mean, scale in zip(
            self.features, self.coef, self.mean, self.scale, strict=True
        ):
            logit += coef * (np.asarray(features[name], dtype=np.float64) - mean) / scale
        return 1.0 / (1.0 + np.exp(-np.clip(logit, -30.0, 30.0)))

    def kept(self, probabilities: np.ndarray) -> np.ndarray:
        """Which candidates pass the cut-off (all False when the best misses the gate)."""
        probabilities = np.asarray(probabilities)
        if probabilities.size == 0 or float(probabilities.max()) < self.gate:
            return np.zeros(probabilities.shape, dtype=bool)
        return probabilities >= self.keep

    def level(self, probability: float) -> FitLevel:
        if probability >= self.strong:
            return FitLevel.STRONG
        if probability >= self.good:
            return FitLevel.GOOD
        return FitLevel.PARTIAL

    # ------------------------------------------------------------------ persistence

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "embedder": self.embedder,
            "features": list(self.features),
            "coef": [round(c, 6) for c in self.coef],
            "intercept": round(self.intercept, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
            "gate": self.gate,
            "keep": self.keep,
            "strong": self.strong,
            "good": self.good,
            "trained_on": dict(self.trained_on),
        }

    def save(self, path: Path) -> None:
        Path(path).write_text(
            json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n", "utf-8"
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RelevanceModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a relevance model of format {FORMAT}: {data.get('format')}")
        return cls(
            embedder=str(data["embedder"]),
            features=tuple(data["features"]),
            coef=tuple(float(c) for c in data["coef"]),
            intercept=float(data["intercept"]),
            mean=tuple(float(m) for m in data["mean"]),
            scale=tuple(float(s) for s in data["scale"]),
            gate=float(data["gate"]),
            keep=float(data["keep"]),
            strong=float(data["strong"]),
            good=float(data["good"]),
            trained_on=dict(data.get("trained_on", {})),
        )

    @classmethod
    def load(cls, path: Path) -> RelevanceModel:
        return cls.from_json(json.loads(Path(path).read_text("utf-8")))


@lru_cache(maxsize=1)
def default_relevance_model() -> RelevanceModel | None:
    """The shipped model (``relevance_model.json``), or None before one was fitted."""
    if not DEFAULT_PATH.exists():
        return None
    return RelevanceModel.load(DEFAULT_PATH)


def fit_relevance_model(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[bool],
    *,
    embedder: str,
    features: Sequence[str],
    l2: float = 1.0,
    gate: float = 0.3,
    keep: float = 0.1,
    strong: float = 0.7,
    good: float = 0.4,
    trained_on: Mapping[str, Any] | None = None,
) -> RelevanceModel:
    """Fit the logistic regression on candidate features and fitting / not fitting labels.

    ``l2`` is a ridge penalty on the standardised coefficients (divided by the number of
    rows), which keeps the weights of correlated features (the z-scores and raw cosines)
    small and stable. The thresholds are passed through; choose them with the benchmark.
    """
    from scipy.optimize import minimize

    if not rows or len(rows) != len(labels):
        raise ValueError("need as many label as feature rows, and at least one")
    x = np.array([[float(row[f]) for f in features] for row in rows], dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    xs = (x - mean) / scale
    n = len(y)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        logit = xs @ w[1:] + w[0]
        p = 1.0 / (1.0 + np.exp(-np.clip(logit, -30, 30)))
        eps = 1e-12
        value = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
        value += l2 * float(np.sum(w[1:] ** 2)) / n
        grad = np.empty_like(w)
        grad[0] = float(np.mean(p - y))
        grad[1:] = xs.T @ (p - y) / n + 2 * l2 * w[1:] / n
        return value, grad

    result = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B")
    w = result.x
    return RelevanceModel(
        embedder=embedder,
        features=tuple(features),
        coef=tuple(float(c) for c in w[1:]),
        intercept=float(w[0]),
        mean=tuple(float(m) for m in mean),
        scale=tuple(float(s) for s in scale),
        gate=gate,
        keep=keep,
        strong=strong,
        good=good,
        trained_on=dict(trained_on or {}),
    )
