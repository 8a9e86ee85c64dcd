"""Retrieval quality on BEIR-format sets: lexical, each embedding and the fused ranking.

``python -m nahwerk_engine.benchmarks.retrieval [--dataset DIR ...] [--embedder hybrid|use|e5]``

A dataset directory holds ``corpus.jsonl`` (``_id``, ``title``, ``text``; optionally
``fields``, a list of ``[field, text]`` pairs, and ``kind``), ``queries.jsonl``
(``_id``, ``text``; optionally ``kind``: only ``on-topic`` queries, or queries without
a kind, are ranked here) and ``qrels/test.tsv`` (query-id, corpus-id, score, with a
header line). Without ``--dataset`` the sets in ``data/benchmarks/`` are used.
``--grid`` also prints the fused ranking for other fusion weights, to tune them openly.
Embeddings are cached in ``var/benchmark-embeddings/`` (``--cache``), so a second run
takes seconds instead of minutes.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nahwerk_engine.benchmarks.embedding_cache import CachedEmbedder
from nahwerk_engine.matching import (
    E5Embedder,
    Embedder,
    HybridEmbedder,
    MatchingConfig,
    MatchingIndex,
    Profile,
    UseEmbedder,
)

REPO = Path(__file__).resolve().parents[2]
BENCHMARKS = REPO / "data" / "benchmarks"
DEFAULT_DATASETS = [
    BENCHMARKS / name
    for name in (
        "needs-de-wz",
        "needs-en-wz",
        "needs-demo",
        "wz-de-nace-en",
        "wz2008-paraphrase",
    )
]
DEFAULT_CACHE = REPO / "var" / "benchmark-embeddings"
DEPTH = 100


@dataclass(frozen=True)
class Dataset:
    """A BEIR-format retrieval set (with the optional extensions described above)."""

    name: str
    corpus: list[tuple[str, str, str]]
    queries: list[tuple[str, str]]
    qrels: dict[str, dict[str, int]]
    fields: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # corpus id -> organisation kind
    query_kinds: dict[str, str] = field(default_factory=dict)  # on-topic, off-topic, ...
    query_languages: dict[str, str] = field(default_factory=dict)

    def profiles(self) -> list[Profile]:
        """The corpus as engine profiles: its fields, or the title as name and text."""
        return [
            Profile(
                id=i,
                name=title,
                kind=self.kinds.get(doc_id, ""),
                fields=self.fields.get(doc_id, (("description", text),)),
            )
            for i, (doc_id, title, text) in enumerate(self.corpus)
        ]


def load_dataset(directory: Path, *, graded_only: bool = True) -> Dataset:
    """Read a BEIR directory.

    With ``graded_only`` (the retrieval benchmark), queries without judgements are left
    out; the relevance benchmark keeps them (off-topic and nonsense needs).
    """
    corpus = []
    fields: dict[str, tuple[tuple[str, str], ...]] = {}
    kinds: dict[str, str] = {}
    with (directory / "corpus.jsonl").open(encoding="utf-8") as rows:
        for line in rows:
            if line.strip():
                row = json.loads(line)
                doc_id = str(row["_id"])
                corpus.append((doc_id, row.get("title", "") or "", row.get("text", "")))
                if row.get("fields"):
                    fields[doc_id] = tuple((str(f), str(t)) for f, t in row["fields"])
                if row.get("kind"):
                    kinds[doc_id] = str(row["kind"])
    qrels: dict[str, dict[str, int]] = {}
    with (directory / "qrels" / "test.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        for row in reader:
            if not row or row[0] == "query-id":
                continue
            if int(row[2]) > 0:
                qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    queries = []
    query_kinds: dict[str, str] = {}
    languages: dict[str, str] = {}
    with (directory / "queries.jsonl").open(encoding="utf-8") as rows:
        for line in rows:
            if line.strip():
                row = json.loads(line)
                query_id = str(row["_id"])
                if graded_only and query_id not in qrels:
                    continue
                queries.append((query_id, row["text"]))
                query_kinds[query_id] = row.get("kind", "on-topic")
                if row.get("language"):
                    languages[query_id] = row["language"]
    return Dataset(directory.name, corpus, queries, qrels, fields, kinds, query_kinds, languages)


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


def make_embedder(name: str, cache: Path | None = DEFAULT_CACHE) -> Embedder:
    """``hybrid`` (the default embedder), ``use`` or ``e5``, cached on disk unless None."""
    embedders: dict[str, Any] = {"hybrid": HybridEmbedder, "use": UseEmbedder, "e5": E5Embedder}
    embedder: Embedder = embedders[name]()
    return embedder if cache is None else CachedEmbedder(embedder, cache)


def build_index(
    dataset: Dataset, embedder: Embedder, config: MatchingConfig | None = None
) -> tuple[MatchingIndex, list[str]]:
    """Index a corpus (see :meth:`Dataset.profiles`); returns it and the document ids."""
    index = MatchingIndex.build(dataset.profiles(), embedder=embedder, config=config)
    return index, [doc_id for doc_id, _, _ in dataset.corpus]


def _order(scores: np.ndarray) -> np.ndarray:
    positions = np.arange(scores.shape[0])
    return np.lexsort((positions, -scores))[:DEPTH]


def rankings(index: MatchingIndex, text: str) -> dict[str, np.ndarray]:
    """The profile positions, best first, of lexical, each embedding part and fused."""
    signals = index.signals(text)
    bm25 = index.lexical.scores(index.query_terms(text))
    hits = np.flatnonzero(bm25 > 0)
    out = {"lexical": hits[np.lexsort((hits, -bm25[hits]))][:DEPTH]}
    for name, _dim in index.parts:
        label = "semantic" if name == "main" else f"semantic ({name})"
        out[label] = _order(signals[f"sem_{name}"])
    out["fused"] = _order(signals["fused"])
    return out


def evaluate(
    index: MatchingIndex, dataset: Dataset, doc_ids: list[str]
) -> dict[str, dict[str, float]]:
    """Mean metrics of each ranking over the on-topic queries."""
    totals: dict[str, dict[str, float]] = {}
    queries = [(q, t) for q, t in dataset.queries if dataset.query_kinds.get(q) == "on-topic"]
    for query_id, text in queries:
        for method, order in rankings(index, text).items():
            found = metrics([doc_ids[p] for p in order], dataset.qrels[query_id])
            for metric, value in found.items():
                totals.setdefault(method, {}).setdefault(metric, 0.0)
                totals[method][metric] += value
    n = max(1, len(queries))
    return {method: {m: v / n for m, v in values.items()} for method, values in totals.items()}


def _row(name: str, method: str, values: Mapping[str, float]) -> str:
    cells = " | ".join(f"{values[m]:.3f}" for m in ("nDCG@10", "Recall@10", "Recall@100", "MRR@10"))
    return f"| {name} | {method} | {cells} |"


HEADER = (
    "| dataset | ranking | nDCG@10 | Recall@10 | Recall@100 | MRR@10 |\n"
    "|---|---|---:|---:|---:|---:|"
)

# Fusion weights tried by --grid: (use, lexical) for the same and for other languages.
GRID_SAME = [(0.0, 0.12), (0.15, 0.0), (0.15, 0.12), (0.3, 0.12), (0.15, 0.25), (0.5, 0.12)]
GRID_OTHER = [(1.5, 0.1), (0.5, 0.1), (1.0, 0.1), (2.0, 0.1), (1.5, 0.0), (1.5, 0.25)]


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, nargs="+", default=DEFAULT_DATASETS)
    parser.add_argument("--embedder", choices=("hybrid", "use", "e5"), default="hybrid")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--k1", type=float, default=None)
    parser.add_argument("--b", type=float, default=None)
    parser.add_argument("--cognate-weight", type=float, default=None)
    parser.add_argument("--compound-weight", type=float, default=None)
    parser.add_argument("--grid", action="store_true", help="also try other fusion weights")
    args = parser.parse_args(argv)

    changes: dict[str, Any] = {
        key: value
        for key, value in (
            ("k1", args.k1),
            ("b", args.b),
            ("cognate_weight", args.cognate_weight),
            ("compound_weight", args.compound_weight),
        )
        if value is not None
    }
    config = MatchingConfig(**changes)
    embedder = make_embedder(args.embedder, None if args.no_cache else args.cache)
    print(
        f"embedder: {embedder.name}; fusion: z-scores, same language "
        f"{dict(config.same_language)}, other language {dict(config.other_language)}; "
        f"BM25 k1 {config.k1}, b {config.b}; cognate weight {config.cognate_weight}; "
        f"compound weight {config.compound_weight}\n"
    )
    print(HEADER)
    grids: list[str] = []
    for directory in args.dataset:
        dataset = load_dataset(directory)
        index, doc_ids = build_index(dataset, embedder, config)
        results = evaluate(index, dataset, doc_ids)
        n = sum(1 for q, _ in dataset.queries if dataset.query_kinds.get(q) == "on-topic")
        label = f"{dataset.name} ({n} q, {len(doc_ids)} docs)"
        for method, values in results.items():
            print(_row(label, method, values))
        if args.grid and len(index.parts) > 1:
            for (same_use, same_lex), (other_use, other_lex) in zip(
                GRID_SAME, GRID_OTHER, strict=True
            ):
                variant = index.with_config(
                    same_language={**config.same_language, "use": same_use, "lexical": same_lex},
                    other_language={
                        **config.other_language,
                        "use": other_use,
                        "lexical": other_lex,
                    },
                )
                fused = evaluate(variant, dataset, doc_ids)["fused"]
                label = (
                    f"same: use {same_use}, lexical {same_lex}; "
                    f"other: use {other_use}, lexical {other_lex}"
                )
                grids.append(_row(dataset.name, label, fused))
        if isinstance(embedder, CachedEmbedder):
            embedder.save()
    if grids:
        print("\nFused ranking for other fusion weights:\n")
        print(HEADER)
        print("\n".join(grids))


if __name__ == "__main__":
    main()
