"""How far the shipped embedders go on the need sets: methods tried beyond the fusion.

``python -m nahwerk_engine.benchmarks.ceiling [--dataset DIR ...] [--folds 5]``

The fused ranking stays far below nDCG@10 0.75 on the needs graded against WZ class titles
(``docs/benchmarks.md``). This benchmark measures, on the same sets and with the same cached
vectors, the general methods that could close part of that gap without another model:

- *hubness reduction* (CSLS): a document's cosine minus 0.3 times its mean cosine with its
  10 nearest documents, so that titles near everything stop leading every list;
- *centring*: half the corpus's mean vector taken from need and documents (E5 part);
- *pseudo-relevance feedback*: the need's vector plus 0.3 times the mean of the three best
  documents, searched again;
- *learned need adapter*: per embedding part a linear map of the need's vector, trained
  by softmax over the corpus on the other folds' graded needs of the same set and applied
  to the held-out fold (cross-validated). Trained on the test set's own kind of needs,
  this is an upper bound of what a learned adapter can give, not a shippable model;
- *better part, per need*: the better of the E5 and the USE ranking for every need,
  chosen knowing the grades, an upper bound of any weighting of the two.

Each method is fused exactly like the engine (z-scores, the weights of ``MatchingConfig``
by language pair, BM25 unchanged), against the plain re-fusion of the unchanged cosines.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nahwerk_engine.benchmarks.retrieval import (
    BENCHMARKS,
    DEFAULT_CACHE,
    Dataset,
    build_index,
    load_dataset,
    make_embedder,
    metrics,
)
from nahwerk_engine.matching import MatchingConfig, MatchingIndex
from nahwerk_engine.matching.embedders import normalise_rows

DEFAULT_DATASETS = [
    BENCHMARKS / name
    for name in ("needs-de-wz", "needs-en-wz", "needs-demo", "wz-de-nace-en", "wz2008-paraphrase")
]


@dataclass
class Run:
    """One set's needs with everything the methods recombine."""

    dataset: Dataset
    doc_ids: list[str]
    query_ids: list[str]
    parts: list[str]  # embedding part names, in column order
    documents: list[np.ndarray]  # per part: (documents, dim), unit rows
    needs: list[np.ndarray]  # per part: (needs, dim), unit rows
    z_lex: np.ndarray  # (needs, documents)
    cross: np.ndarray  # (needs, documents): 1 where the languages differ
    fused: np.ndarray  # (needs, documents): the engine's own ranking scores


def collect(index: MatchingIndex, dataset: Dataset, doc_ids: list[str]) -> Run:
    """Signals and vectors of every on-topic need of ``dataset`` in ``index``."""
    queries = [(q, t) for q, t in dataset.queries if dataset.query_kinds.get(q) == "on-topic"]
    signals = [index.signals(text) for _, text in queries]
    vectors = np.stack([index.query_vector(text) for _, text in queries])
    stored = np.asarray(index.vectors, dtype=np.float32)
    needs, documents, start = [], [], 0
    for _name, dim in index.parts:
        needs.append(vectors[:, start : start + dim])
        documents.append(stored[:, start : start + dim])
        start += dim
    return Run(
        dataset=dataset,
        doc_ids=doc_ids,
        query_ids=[q for q, _ in queries],
        parts=[name for name, _ in index.parts],
        documents=documents,
        needs=needs,
        z_lex=np.stack([s["z_lex"] for s in signals]),
        cross=np.stack([s["cross"] for s in signals]),
        fused=np.stack([s["fused"] for s in signals]),
    )


def zscores(values: np.ndarray) -> np.ndarray:
    """Each row as z-scores against its own mean and spread."""
    spread = values.std(axis=1, keepdims=True)
    return (values - values.mean(axis=1, keepdims=True)) / np.where(spread > 0, spread, 1.0)


def fuse(run: Run, cosines: list[np.ndarray], config: MatchingConfig) -> np.ndarray:
    """The engine's fusion of the given per-part cosines with the run's BM25 scores."""

    def weight(signal: str) -> np.ndarray:
        return np.where(run.cross > 0, config.other_language[signal], config.same_language[signal])

    total = weight("lexical") * run.z_lex
    for name, cosine in zip(run.parts, cosines, strict=True):
        total = total + weight(name) * zscores(cosine)
    return total


def ndcg(run: Run, scores: np.ndarray) -> np.ndarray:
    """nDCG@10 of every need's ranking by ``scores`` (stable for ties)."""
    out = np.empty(len(run.query_ids))
    for row, query_id in enumerate(run.query_ids):
        order = np.lexsort((np.arange(scores.shape[1]), -scores[row]))[:10]
        ranking = [run.doc_ids[p] for p in order]
        out[row] = metrics(ranking, run.dataset.qrels[query_id])["nDCG@10"]
    return out


def cosines(run: Run) -> list[np.ndarray]:
    """Per part, the unchanged cosines of every need with every document."""
    return [needs @ documents.T for documents, needs in zip(run.documents, run.needs, strict=True)]


def hubness_reduced(run: Run, *, neighbours: int = 10, strength: float = 0.3) -> list[np.ndarray]:
    """CSLS: cosines minus ``strength`` times each document's mean cosine with its neighbours."""
    out = []
    for documents, needs in zip(run.documents, run.needs, strict=True):
        similar = documents @ documents.T
        np.fill_diagonal(similar, -np.inf)
        k = min(neighbours, len(documents) - 1)
        crowding = np.sort(similar, axis=1)[:, -k:].mean(axis=1) if k > 0 else 0.0
        out.append(needs @ documents.T - strength * crowding)
    return out


def centred(run: Run, *, strength: float = 0.5) -> list[np.ndarray]:
    """The first part (E5) with ``strength`` times the corpus mean taken from both sides."""
    out = cosines(run)
    documents, needs = run.documents[0], run.needs[0]
    mean = documents.mean(axis=0)
    out[0] = normalise_rows(needs - strength * mean) @ normalise_rows(documents - strength * mean).T
    return out


def feedback(
    run: Run, config: MatchingConfig, *, documents: int = 3, strength: float = 0.3
) -> list[np.ndarray]:
    """Pseudo-relevance feedback: each part's need vector moved towards the best documents."""
    best = np.argsort(-fuse(run, cosines(run), config), axis=1)[:, :documents]
    return [
        normalise_rows(needs + strength * docs[best].mean(axis=1)) @ docs.T
        for docs, needs in zip(run.documents, run.needs, strict=True)
    ]


def fit_need_adapter(
    needs: np.ndarray,
    targets: np.ndarray,
    documents: np.ndarray,
    *,
    regularisation: float = 0.1,
    temperature: float = 30.0,
    steps: int = 300,
    rate: float = 0.01,
) -> np.ndarray:
    """A matrix ``A`` so that ``unit(q + A q)`` ranks the graded documents first.

    Softmax cross-entropy of ``temperature`` times the cosine over all documents, against
    ``targets`` (rows summing to 1); Adam; ``A`` is pulled towards zero (the identity map)
    by ``regularisation``.
    """
    n, dim = needs.shape
    adapter = np.zeros((dim, dim))
    first, second = np.zeros_like(adapter), np.zeros_like(adapter)
    for step in range(1, steps + 1):
        moved = needs + needs @ adapter.T
        norms = np.linalg.norm(moved, axis=1, keepdims=True)
        moved_unit = moved / norms
        logits = temperature * moved_unit @ documents.T
        logits -= logits.max(axis=1, keepdims=True)
        chances = np.exp(logits)
        chances /= chances.sum(axis=1, keepdims=True)
        grad_unit = temperature * (chances - targets) @ documents / n
        grad_moved = (
            grad_unit - (grad_unit * moved_unit).sum(1, keepdims=True) * moved_unit
        ) / norms
        gradient = grad_moved.T @ needs + regularisation * adapter
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        adapter -= rate * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return adapter


def adapted(run: Run, *, folds: int = 5, seed: int = 0) -> list[np.ndarray]:
    """Per part, every need's cosines after an adapter fitted on the other folds' needs."""
    position = {doc_id: i for i, doc_id in enumerate(run.doc_ids)}
    targets = np.zeros((len(run.query_ids), len(run.doc_ids)))
    for row, query_id in enumerate(run.query_ids):
        for doc_id, grade in run.dataset.qrels[query_id].items():
            targets[row, position[doc_id]] = grade
    targets /= targets.sum(axis=1, keepdims=True)
    fold_of = np.random.default_rng(seed).permutation(len(run.query_ids)) % folds
    out = []
    for documents, needs in zip(run.documents, run.needs, strict=True):
        cosines = np.empty((len(needs), len(documents)))
        for fold in range(folds):
            test, train = fold_of == fold, fold_of != fold
            adapter = fit_need_adapter(needs[train], targets[train], documents)
            cosines[test] = normalise_rows(needs[test] + needs[test] @ adapter.T) @ documents.T
        out.append(cosines)
    return out


def better_part(run: Run) -> np.ndarray:
    """nDCG@10 of the better single-part ranking for each need (knowing the grades)."""
    return np.max(np.stack([ndcg(run, part) for part in cosines(run)]), axis=0)


def main(argv: list[str] | None = None) -> None:
    """Print one row per method and one column per set (nDCG@10)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, nargs="+", default=DEFAULT_DATASETS)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)

    config = MatchingConfig()
    embedder = make_embedder("hybrid", args.cache)
    methods: dict[str, Callable[[Run], np.ndarray]] = {
        "the engine's fused ranking": lambda run: ndcg(run, run.fused),
        "re-fused here, unchanged": lambda run: ndcg(run, fuse(run, cosines(run), config)),
        "hubness reduction (CSLS)": lambda run: ndcg(run, fuse(run, hubness_reduced(run), config)),
        "centring (E5)": lambda run: ndcg(run, fuse(run, centred(run), config)),
        "pseudo-relevance feedback": lambda run: ndcg(
            run, fuse(run, feedback(run, config), config)
        ),
        f"learned need adapter, {args.folds}-fold": lambda run: ndcg(
            run, fuse(run, adapted(run, folds=args.folds), config)
        ),
        "better part per need (bound)": better_part,
    }
    columns: list[str] = []
    table: dict[str, list[float]] = {method: [] for method in methods}
    for directory in args.dataset:
        dataset = load_dataset(directory)
        index, doc_ids = build_index(dataset, embedder, config)
        run = collect(index, dataset, doc_ids)
        columns.append(f"{dataset.name} ({len(run.query_ids)} q)")
        for method, measure in methods.items():
            table[method].append(float(measure(run).mean()))
    embedder.save()  # type: ignore[attr-defined]
    print("| method | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for method, values in table.items():
        print(f"| {method} | " + " | ".join(f"{v:.3f}" for v in values) + " |")


if __name__ == "__main__":
    main()
