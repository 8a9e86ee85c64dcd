"""The retrieval benchmark's metrics and the committed WZ sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from nahwerk_engine.benchmarks.build_wz_sets import DEFAULT_OUT, DEFAULT_SOURCE, main
from nahwerk_engine.benchmarks.retrieval import load_dataset, metrics

SETS = ["wz-de-nace-en", "wz2008-paraphrase"]


def test_metrics_of_a_ranking() -> None:
    values = metrics(["a", "b", "c"], {"b": 1})
    assert values["MRR@10"] == pytest.approx(0.5)
    assert values["Recall@10"] == 1.0
    assert values["nDCG@10"] == pytest.approx(1 / 1.585, abs=1e-3)
    assert metrics(["x"] * 3, {"b": 1})["Recall@100"] == 0.0


@pytest.mark.parametrize("name", SETS)
def test_the_committed_sets_are_consistent(name: str) -> None:
    dataset = load_dataset(DEFAULT_OUT / name)
    doc_ids = {doc_id for doc_id, _, _ in dataset.corpus}
    assert len(dataset.queries) > 300
    assert all(set(relevant) <= doc_ids for relevant in dataset.qrels.values())
    assert {query_id for query_id, _ in dataset.queries} == set(dataset.qrels)


@pytest.mark.skipif(
    not DEFAULT_SOURCE.exists(), reason="shared classification data not beside the repo"
)
def test_the_builder_reproduces_the_committed_sets(tmp_path: Path) -> None:
    main(["--out", str(tmp_path)])
    for name in SETS:
        for part in ("corpus.jsonl", "queries.jsonl", "qrels/test.tsv"):
            assert (tmp_path / name / part).read_bytes() == (DEFAULT_OUT / name / part).read_bytes()


def test_paraphrase_queries_differ_from_their_class_title() -> None:
    dataset = load_dataset(DEFAULT_OUT / "wz2008-paraphrase")
    titles = {doc_id: text for doc_id, _, text in dataset.corpus}
    for query_id, text in dataset.queries:
        (parent,) = dataset.qrels[query_id]
        assert text.casefold() != titles[parent].casefold()
