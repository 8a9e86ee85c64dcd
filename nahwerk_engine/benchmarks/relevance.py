"""The relevance cut-off on labelled needs: what it keeps, what it drops, when it says "none".

``python -m nahwerk_engine.benchmarks.relevance [--dataset DIR ...] [--fit]``

A dataset is a BEIR directory whose queries carry a ``kind`` (``on-topic``,
``off-topic``, ``nonsense``) and whose qrels grade organisations 1-3 (3 very fitting,
2 fitting, 1 distantly fitting; see ``data/benchmarks/needs-demo/README.md``). For each
need the engine's best 20 candidates are taken without the cut-off; the table says how
many of the fitting ones (grade 2 or 3) among them the cut-off keeps, how precise the
kept list is, and how often a need gets no result at all.

Without ``--fit`` the shipped model (``nahwerk_engine/matching/relevance_model.json``)
is measured. With ``--fit`` the model is fitted anew: the figures printed are
cross-validated (5 folds of needs: every need is scored by a model that never saw it),
the thresholds are chosen on those out-of-fold probabilities (the lowest gate that
answers at least ``--off-topic-target`` of off-topic and nonsense needs with nothing,
then the highest keep threshold that keeps at least ``--recall-target`` of the fitting
candidates), and the model fitted on all needs with those thresholds is written to
``--save`` (by default the shipped file).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nahwerk_engine.benchmarks.embedding_cache import CachedEmbedder
from nahwerk_engine.benchmarks.retrieval import (
    BENCHMARKS,
    DEFAULT_CACHE,
    build_index,
    load_dataset,
    make_embedder,
)
from nahwerk_engine.matching import MatchingConfig
from nahwerk_engine.matching.relevance import (
    DEFAULT_PATH,
    default_relevance_model,
    fit_relevance_model,
)

DEFAULT_DATASETS = [BENCHMARKS / "needs-demo"]
TOP = 20
# The features of the shipped model: the ranking's score, both cosines, the lexical
# coverage, the best passage, whether the languages differ, and the gap to the best.
MODEL_FEATURES = ("fused", "sem_e5", "sem_use", "lex", "passage", "cross", "delta")
FOLDS = 5


@dataclass
class Candidates:
    """The best candidates of every need with their features, grades and need kinds."""

    features: dict[str, np.ndarray]
    grades: np.ndarray
    needs: np.ndarray  # need index per row
    kinds: list[str]  # per need
    languages: list[str]  # per need
    names: list[str]  # dataset/need id, per need

    @property
    def fitting(self) -> np.ndarray:
        return self.grades >= 2


def collect(
    datasets: Sequence[Path], *, embedder_name: str, cache: Path | None
) -> tuple[Candidates, str]:
    """Rank every need of the datasets (no cut-off) and gather the best candidates."""
    embedder = make_embedder(embedder_name, cache)
    columns: dict[str, list[np.ndarray]] = {}
    grades: list[np.ndarray] = []
    needs: list[np.ndarray] = []
    kinds: list[str] = []
    languages: list[str] = []
    names: list[str] = []
    for directory in datasets:
        dataset = load_dataset(directory, graded_only=False)
        index, doc_ids = build_index(dataset, embedder, MatchingConfig(relevance=False))
        for query_id, text in dataset.queries:
            try:
                ids, features = index.candidate_features(text, limit=TOP)
            except ValueError:  # no words at all (e.g. only emoji): refused, nothing shown
                ids, features = [], {name: np.zeros(0) for name in columns or MODEL_FEATURES}
            judged = dataset.qrels.get(query_id, {})
            for name, values in features.items():
                columns.setdefault(name, []).append(values)
            grades.append(np.array([judged.get(doc_ids[i], 0) for i in ids]))
            needs.append(np.full(len(ids), len(kinds)))
            kinds.append(dataset.query_kinds.get(query_id, "on-topic"))
            languages.append(dataset.query_languages.get(query_id, ""))
            names.append(f"{dataset.name}/{query_id}")
        if isinstance(embedder, CachedEmbedder):
            embedder.save()
    return (
        Candidates(
            features={name: np.concatenate(parts) for name, parts in columns.items()},
            grades=np.concatenate(grades),
            needs=np.concatenate(needs),
            kinds=kinds,
            languages=languages,
            names=names,
        ),
        embedder.name,
    )


def measure(
    candidates: Candidates, probabilities: np.ndarray, gate: float, keep: float
) -> dict[str, float]:
    """What the cut-off with these thresholds does to the candidates."""
    kept = np.zeros(probabilities.shape, dtype=bool)
    for need in range(len(candidates.kinds)):
        rows = candidates.needs == need
        if rows.any() and probabilities[rows].max() >= gate:
            kept[rows] = probabilities[rows] >= keep
    kinds = np.array(candidates.kinds)
    on_topic = kinds[candidates.needs] == "on-topic"
    answered = np.array([kept[candidates.needs == n].any() for n in range(len(kinds))])

    def share(mask: np.ndarray) -> float:
        return float(mask.mean()) if mask.size else float("nan")

    fitting = candidates.grades >= 2
    return {
        "kept of fitting (grade >= 2)": share(kept[on_topic & fitting]),
        "kept of grade >= 1": share(kept[on_topic & (candidates.grades >= 1)]),
        "precision (grade >= 2)": share(fitting[kept]),
        "precision (grade >= 1)": share(candidates.grades[kept] >= 1),
        "off-topic needs with no result": share(~answered[kinds == "off-topic"]),
        "nonsense needs with no result": share(~answered[kinds == "nonsense"]),
        "off-topic and nonsense with no result": share(~answered[kinds != "on-topic"]),
        "on-topic needs with no result": share(~answered[kinds == "on-topic"]),
        "results per on-topic need": float(
            kept[on_topic].sum() / max(1, (kinds == "on-topic").sum())
        ),
    }


def out_of_fold(candidates: Candidates, *, embedder: str, features: Sequence[str]) -> np.ndarray:
    """Every candidate's probability from a model fitted on the other folds of needs."""
    rng = np.random.default_rng(0)
    order = rng.permutation(len(candidates.kinds))
    probabilities = np.zeros(candidates.grades.shape[0])
    rows = [
        dict(zip(candidates.features, values, strict=True))
        for values in zip(*candidates.features.values(), strict=True)
    ]
    for fold in range(FOLDS):
        held = np.isin(candidates.needs, order[fold::FOLDS])
        model = fit_relevance_model(
            [r for r, h in zip(rows, held, strict=True) if not h],
            candidates.fitting[~held].tolist(),
            embedder=embedder,
            features=features,
        )
        probabilities[held] = model.probabilities(
            {name: values[held] for name, values in candidates.features.items()}
        )
    return probabilities


def choose_thresholds(
    candidates: Candidates, probabilities: np.ndarray, *, off_target: float, recall_target: float
) -> tuple[float, float]:
    """The lowest gate meeting the off-topic target, then the highest keep meeting recall."""
    grid = [round(x, 3) for x in np.arange(0.02, 0.8, 0.01)]
    gate = next(
        (
            g
            for g in grid
            if measure(candidates, probabilities, g, 0.0)["off-topic and nonsense with no result"]
            >= off_target
        ),
        grid[-1],
    )
    keeps = [k for k in grid if k <= gate]
    keep = keeps[0]
    for k in keeps:
        if (
            measure(candidates, probabilities, gate, k)["kept of fitting (grade >= 2)"]
            >= recall_target
        ):
            keep = k
    return gate, keep


def table(title: str, results: dict[str, dict[str, float]]) -> str:
    columns = list(results)
    lines = [f"{title}\n", "| | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for metric in next(iter(results.values())):
        cells = " | ".join(f"{results[c][metric]:.3f}" for c in columns)
        lines.append(f"| {metric} | {cells} |")
    return "\n".join(lines)


def by_language(
    candidates: Candidates, probabilities: np.ndarray, gate: float, keep: float
) -> dict[str, dict[str, float]]:
    results = {"all": measure(candidates, probabilities, gate, keep)}
    for language in sorted(set(candidates.languages) - {""}):
        keep_needs = np.array([lang == language for lang in candidates.languages])
        rows = keep_needs[candidates.needs]
        renumber = np.cumsum(keep_needs) - 1
        subset = Candidates(
            features={k: v[rows] for k, v in candidates.features.items()},
            grades=candidates.grades[rows],
            needs=renumber[candidates.needs[rows]],
            kinds=[k for k, m in zip(candidates.kinds, keep_needs, strict=True) if m],
            languages=[language] * int(keep_needs.sum()),
            names=[n for n, m in zip(candidates.names, keep_needs, strict=True) if m],
        )
        results[language] = measure(subset, probabilities[rows], gate, keep)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, nargs="+", default=DEFAULT_DATASETS)
    parser.add_argument("--embedder", choices=("hybrid", "use", "e5"), default="hybrid")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--fit", action="store_true", help="fit the model anew (see above)")
    parser.add_argument("--features", nargs="+", default=list(MODEL_FEATURES))
    parser.add_argument("--off-topic-target", type=float, default=0.92)
    parser.add_argument("--recall-target", type=float, default=0.90)
    parser.add_argument("--save", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)

    candidates, embedder = collect(
        args.dataset, embedder_name=args.embedder, cache=None if args.no_cache else args.cache
    )
    n = len(candidates.kinds)
    kinds = {k: candidates.kinds.count(k) for k in sorted(set(candidates.kinds))}
    print(f"embedder: {embedder}; {n} needs {kinds}; best {TOP} candidates of each\n")
    if not args.fit:
        model = default_relevance_model()
        if model is None or model.embedder != embedder:
            raise SystemExit("no shipped relevance model for this embedder: run with --fit")
        probabilities = model.probabilities(candidates.features)
        print(
            table(
                f"Shipped model, gate {model.gate}, keep {model.keep} (fitted on these "
                "needs, so these figures are optimistic; --fit prints cross-validated ones)",
                by_language(candidates, probabilities, model.gate, model.keep),
            )
        )
        return
    oof = out_of_fold(candidates, embedder=embedder, features=args.features)
    gate, keep = choose_thresholds(
        candidates, oof, off_target=args.off_topic_target, recall_target=args.recall_target
    )
    print(
        table(
            f"Cross-validated ({FOLDS} folds of needs), gate {gate}, keep {keep}",
            by_language(candidates, oof, gate, keep),
        )
    )
    print()
    rows = [
        dict(zip(candidates.features, values, strict=True))
        for values in zip(*candidates.features.values(), strict=True)
    ]
    model = fit_relevance_model(
        rows,
        candidates.fitting.tolist(),
        embedder=embedder,
        features=args.features,
        gate=gate,
        keep=keep,
        trained_on={
            "datasets": [d.name for d in args.dataset],
            "needs": n,
            "candidates": int(candidates.grades.shape[0]),
            "fitting": "grade >= 2",
            "thresholds": f"gate: off-topic target {args.off_topic_target}, keep: recall "
            f"target {args.recall_target}, on {FOLDS}-fold out-of-fold probabilities",
        },
    )
    model.save(args.save)
    print(f"model written to {args.save}")
    print(
        table(
            "The fitted model on the same needs (in-sample)",
            by_language(candidates, model.probabilities(candidates.features), gate, keep),
        )
    )


if __name__ == "__main__":
    main()
