"""The methods the ceiling benchmark measures do what they claim, on small made-up spaces."""

from __future__ import annotations

import numpy as np
import pytest

from nahwerk_engine.benchmarks.ceiling import Run, fit_need_adapter, hubness_reduced
from nahwerk_engine.benchmarks.retrieval import Dataset
from nahwerk_engine.matching.embedders import normalise_rows


def _space(seed: int = 0, documents: int = 40, dim: int = 16) -> np.ndarray:
    return normalise_rows(np.random.default_rng(seed).normal(size=(documents, dim)))


def test_the_adapter_learns_how_needs_are_worded_differently_from_documents() -> None:
    documents = _space()
    rng = np.random.default_rng(1)
    # needs "say" their document in another basis: a fixed rotation of it, plus noise
    rotation, _ = np.linalg.qr(rng.normal(size=(16, 16)))
    wanted = rng.integers(0, len(documents), size=200)
    needs = normalise_rows(documents[wanted] @ rotation.T + 0.05 * rng.normal(size=(200, 16)))
    targets = np.eye(len(documents))[wanted]
    train, test = slice(0, 150), slice(150, 200)

    def hits(vectors: np.ndarray) -> float:
        return float(np.mean(np.argmax(vectors @ documents.T, axis=1) == wanted[test]))

    adapter = fit_need_adapter(
        needs[train], targets[train], documents, regularisation=0.01, steps=800, rate=0.05
    )
    before = hits(needs[test])
    after = hits(normalise_rows(needs[test] + needs[test] @ adapter.T))
    assert before < 0.3
    assert after >= 0.85


def test_hubness_reduction_takes_off_each_documents_closeness_to_its_neighbours() -> None:
    documents = _space(2, documents=12, dim=6)
    needs = _space(3, documents=5, dim=6)
    run = Run(
        dataset=Dataset("made-up", [], [], {}),
        doc_ids=[str(i) for i in range(12)],
        query_ids=[str(i) for i in range(5)],
        parts=["main"],
        documents=[documents],
        needs=[needs],
        z_lex=np.zeros((5, 12)),
        cross=np.zeros((5, 12)),
        fused=np.zeros((5, 12)),
    )
    (reduced,) = hubness_reduced(run, neighbours=3, strength=0.3)
    for d in range(12):
        others = sorted(float(documents[d] @ documents[o]) for o in range(12) if o != d)
        crowding = sum(others[-3:]) / 3
        for q in range(5):
            assert reduced[q, d] == pytest.approx(float(needs[q] @ documents[d]) - 0.3 * crowding)
