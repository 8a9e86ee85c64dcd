"""Retrieval quality on BEIR-format sets: lexical, semantic and fused rankings.

``python -m nahwerk_engine.benchmarks.retrieval [--dataset DIR ...] [--embedder use|e5]``

A dataset directory holds ``corpus.jsonl`` (``_id``, ``title``, ``text``),
``queries.jsonl`` (``_id``, ``text``) and ``qrels/test.tsv`` (query-id, corpus-id,
score, with a header line). Without ``--dataset`` the two WZ sets in
``data/benchmarks/`` are used. ``--grid`` also prints the fused ranking for a range of
fusion settings, to tune them openly.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nahwerk_engine.matching import (
    E5Embedder,
    Embedder,
    MatchingConfig,
    MatchingIndex,
    Profile,
    Query,
    UseEmbedder,
)
from nahwerk_engine.text import decompound

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATASETS = [
    REPO / "data" / "benchmarks" / "wz-de-nace-en",
    REPO / "data" / "benchmarks" / "wz2008-paraphrase",
]
DEPTH = 100


@dataclass(frozen=True)
class Dataset:
    """A BEIR-format retrieval set."""

    name: str
    corpus: list[tuple[str, str, str]]
    queries: list[tuple[str, str]]
    qrels: dict[str, dict[str, int]]


def load_dataset(directory: Path) -> Dataset:
    """Read a BEIR directory; queries without judgements are left out."""
    corpus = []
    with (directory / "corpus.jsonl").open(encoding="utf-8") as rows:
        for line in rows:
            if line.strip():
                row = json.loads(line)
                corpus.append((str(row["_id"]), row.get("title", "") or "", row.get("text", "")))
    qrels: dict[str, dict[str, int]] = {}
    with (directory / "qrels" / "test.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        for row in reader:
            if not row or row[0] == "query-id":
                continue
            if int(row[2]) > 0:
                qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    queries = []
    with (directory / "queries.jsonl").open(encoding="utf-8") as rows:
        for line in rows:
            if line.strip():
                row = json.loads(line)
                if str(row["_id"]) in qrels:
                    queries.append((str(row["_id"]), row["text"]))
    return Dataset(directory.name, corpus, queries, qrels)


def metrics(ranking: Sequence[str], relevant: Mapping[str, int]) -> dict[str, float]:
    """nDCG@10, Recall@10, Recall@100 and MRR@10 of one ranked list of document ids."""
    gains = [relevant.get(doc, 0) for doc in ranking[:10]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    mrr = next((1.0 / (i + 1) for i, doc in enumerate(ranking[:10]) if doc in relevant), 0.0)
    return {
        "nDCG@10": dcg / idcg if idcg else 0.0,
        "Recall@10": len(set(ranking[:10]) & relevant.keys()) / len(relevant),
        "Recall@100": len(set(ranking[:100]) & relevant.keys()) / len(relevant),
        "MRR@10": mrr,
    }


class _PrecomputedEmbedder:
    """Answers from vectors embedded in one batch; falls back to the real embedder."""

    def __init__(self, embedder: Embedder, texts: Sequence[str]) -> None:
        self.name, self.dim, self._embedder = embedder.name, embedder.dim, embedder
        unique = list(dict.fromkeys(texts))
        self._vectors = dict(zip(unique, embedder.embed(unique), strict=True))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if all(t in self._vectors for t in texts):
            return np.stack([self._vectors[t] for t in texts])
        return self._embedder.embed(texts)


def make_embedder(name: str) -> Embedder:
    """``use`` or ``e5``."""
    return E5Embedder() if name == "e5" else UseEmbedder()


def evaluate(
    index: MatchingIndex, dataset: Dataset, doc_ids: list[str]
) -> dict[str, dict[str, float]]:
    """Mean metrics of the lexical, semantic and fused rankings over the queries."""
    totals: dict[str, dict[str, float]] = {}
    for query_id, text in dataset.queries:
        relevant = dataset.qrels[query_id]
        terms = index.query_terms(text)
        lexical = index.lexical.scores(terms)
        hits = np.flatnonzero(lexical > 0)
        lexical_order = hits[np.lexsort((hits, -lexical[hits]))][:DEPTH]
        positions = np.arange(len(index))
        semantic = index.vectors @ index.embedder.embed([text])[0]
        semantic_order = np.lexsort((positions, -semantic))[:DEPTH]
        split = index.vectors @ index.with_config(embed_decompounded=True).query_vector(text)
        split_order = np.lexsort((positions, -split))[:DEPTH]
        fused = [m.profile_id for m in index.search(Query(text, limit=DEPTH, explain=False))]
        for method, order in (
            ("lexical", [doc_ids[p] for p in lexical_order]),
            ("semantic", [doc_ids[p] for p in semantic_order]),
            ("semantic+split", [doc_ids[p] for p in split_order]),
            ("fused", [doc_ids[p] for p in fused]),
        ):
            for metric, value in metrics(order, relevant).items():
                totals.setdefault(method, {}).setdefault(metric, 0.0)
                totals[method][metric] += value
    n = max(1, len(dataset.queries))
    return {method: {m: v / n for m, v in values.items()} for method, values in totals.items()}


def build_index(
    dataset: Dataset, embedder: Embedder, config: MatchingConfig
) -> tuple[MatchingIndex, list[str]]:
    """Index a BEIR corpus: title as the profile name, text as its description."""
    profiles = [
        Profile(id=i, name=title, fields=(("description", text),))
        for i, (_, title, text) in enumerate(dataset.corpus)
    ]
    texts = [text for _, text in dataset.queries]
    texts += [decompound(text) for text in texts]
    cached = _PrecomputedEmbedder(embedder, texts)
    index = MatchingIndex.build(profiles, embedder=cached, config=config)
    return index, [doc_id for doc_id, _, _ in dataset.corpus]


def _row(name: str, method: str, values: Mapping[str, float]) -> str:
    cells = " | ".join(f"{values[m]:.3f}" for m in ("nDCG@10", "Recall@10", "Recall@100", "MRR@10"))
    return f"| {name} | {method} | {cells} |"


HEADER = (
    "| dataset | ranking | nDCG@10 | Recall@10 | Recall@100 | MRR@10 |\n"
    "|---|---|---:|---:|---:|---:|"
)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, nargs="+", default=DEFAULT_DATASETS)
    parser.add_argument("--embedder", choices=("use", "e5"), default="use")
    parser.add_argument("--fusion", choices=("weighted", "rrf"), default=None)
    parser.add_argument("--semantic-weight", type=float, default=None)
    parser.add_argument("--rrf-k", type=float, default=None)
    parser.add_argument("--k1", type=float, default=None)
    parser.add_argument("--b", type=float, default=None)
    parser.add_argument("--cognate-weight", type=float, default=None)
    parser.add_argument("--semantic-floor-rank", type=int, default=None)
    parser.add_argument(
        "--semantic-min-spread", type=float, default=None, help="default 0.2, 0.03 for e5"
    )
    parser.add_argument("--lexical-norm", choices=("coverage", "max"), default=None)
    parser.add_argument("--grid", action="store_true", help="also try a grid of fusion settings")
    args = parser.parse_args(argv)

    changes: dict[str, Any] = {
        key: value
        for key, value in (
            ("fusion", args.fusion),
            ("semantic_weight", args.semantic_weight),
            ("rrf_k", args.rrf_k),
            ("k1", args.k1),
            ("b", args.b),
            ("cognate_weight", args.cognate_weight),
            ("semantic_floor_rank", args.semantic_floor_rank),
            ("lexical_norm", args.lexical_norm),
            ("semantic_min_spread", args.semantic_min_spread),
        )
        if value is not None
    }
    if args.embedder == "e5":
        # E5's cosines sit in a narrow band (about 0.75-0.9): a smaller minimum spread
        changes.setdefault("semantic_min_spread", 0.03)
    config = MatchingConfig(**changes)
    embedder = make_embedder(args.embedder)
    print(
        f"embedder: {embedder.name}; fusion: {config.fusion} (semantic weight "
        f"{config.semantic_weight}, lexical norm {config.lexical_norm}, semantic floor rank "
        f"{config.semantic_floor_rank}, min spread {config.semantic_min_spread}, rrf_k "
        f"{config.rrf_k}); BM25 k1 {config.k1}, b {config.b}; cognate weight "
        f"{config.cognate_weight}; decompounded need embedded too: {config.embed_decompounded}\n"
    )
    print(HEADER)
    grids: list[str] = []
    for directory in args.dataset:
        dataset = load_dataset(directory)
        started = time.perf_counter()
        index, doc_ids = build_index(dataset, embedder, config)
        results = evaluate(index, dataset, doc_ids)
        label = f"{dataset.name} ({len(dataset.queries)} q, {len(doc_ids)} docs)"
        for method in ("lexical", "semantic", "semantic+split", "fused"):
            print(_row(label, method, results[method]))
        if args.grid:
            for fusion, norm, weights in (
                ("weighted", "coverage", (0.4, 0.5, 0.6, 0.7, 0.8)),
                ("weighted", "max", (0.5, 0.7, 0.9)),
                ("rrf", "-", (0.5, 0.7, 0.9)),
            ):
                for weight in weights:
                    variant = index.with_config(
                        fusion=fusion,
                        semantic_weight=weight,
                        lexical_norm=norm if norm != "-" else "max",
                    )
                    fused = evaluate(variant, dataset, doc_ids)["fused"]
                    grids.append(_row(dataset.name, f"{fusion} {norm} w={weight}", fused))
        del started
    if grids:
        print("\nFused ranking for other fusion settings:\n")
        print(HEADER)
        print("\n".join(grids))


if __name__ == "__main__":
    main()
