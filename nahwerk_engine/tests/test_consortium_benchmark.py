"""Tests for the consortium benchmark: file reading, metrics and the command (no database)."""

from __future__ import annotations

import csv
import gzip
import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from nahwerk_engine.benchmarks import consortium as bench
from nahwerk_engine.consortium import ConsortiumCase, PartnerQuery, RankingParams

HEADER = [
    "rcn",
    "role",
    "pic",
    "type",
    "contribution",
    "country",
    "start_date",
    "end_date",
    "max_contribution",
    "total_cost",
    "start_year",
    "end_year",
    "duration",
    "group",
    "nunique",
]


def write_cordis_files(folder: Path, seed: int = 3) -> tuple[Path, Path]:
    """Files in the CORDIS layout: three communities that keep working together."""
    rng = np.random.default_rng(seed)
    communities = [[f"9{c}{i:02d}" for i in range(10)] for c in range(3)]
    participations = folder / "participations.csv.gz"
    parts = folder / "parts.csv"
    with gzip.open(participations, "wt", newline="") as handle, parts.open("w") as parts_handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        parts_writer = csv.writer(parts_handle)
        parts_writer.writerow(["rcn", "programme_part"])
        for year in range(2015, 2020):
            for k in range(25):
                c = int(rng.integers(3))
                rcn = f"{year}{k:03d}"
                members = rng.choice(communities[c], size=int(rng.integers(3, 6)), replace=False)
                for i, pic in enumerate(members):
                    role = "coordinator" if i == 0 else "participant"
                    start = f"{year}-{1 + k % 12:02d}-01"
                    # rcn, role, pic, type, contribution, country, start_date, end_date,
                    # max_contribution, total_cost, start_year, end_year, duration, group, nunique
                    row = [rcn, role, pic, "REC", "NA", "DE", start, "NA", "NA", "NA", year]
                    writer.writerow([*row, "NA", "NA", "eu15", len(members)])
                parts_writer.writerow([rcn, f"SC{c + 1}"])
    return participations, parts


def case(partners: set[str]) -> ConsortiumCase:
    return ConsortiumCase("p", date(2019, 1, 1), PartnerQuery(lead="L"), frozenset(partners))


def test_metrics_by_hand() -> None:
    every, seen = bench.evaluate(
        [["x", "a", "y", "b"]], [case({"a", "b", "never-seen"})], known={"a", "b", "x", "y"}
    )
    assert every.recall_10 == pytest.approx(2 / 3)
    assert seen.recall_10 == pytest.approx(1.0)
    assert every.mrr == pytest.approx(0.5)
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert every.ndcg_10 == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / ideal)


def test_a_case_without_any_hit_scores_zero() -> None:
    every, _ = bench.evaluate([["x"]], [case({"a"})], known={"a", "x"})
    assert (every.recall_50, every.mrr, every.ndcg_10) == (0.0, 0.0, 0.0)


def test_candidate_coverage_counts_only_seen_partners() -> None:
    cases = [case({"a", "b", "never-seen"}), case({"c"})]
    pools = [["a", "x", "y"], ["c"]]
    # seen partners a, b, c; a and c are among their case's candidates
    assert bench.candidate_coverage(pools, cases, known={"a", "b", "c", "x", "y"}) == 2 / 3
    assert bench.candidate_coverage([[]], [case({"z"})], known=set()) == 0.0


def test_reads_cordis_files_with_missing_values(tmp_path: Path) -> None:
    participations, parts = write_cordis_files(tmp_path)
    history = bench.read_history(participations, parts)
    assert history.n_projects == 125
    assert all(len(themes) == 1 for themes in history.project_themes)


def test_training_years_must_precede_the_evaluation_year(tmp_path: Path) -> None:
    history = bench.read_history(*write_cordis_files(tmp_path))
    with pytest.raises(ValueError, match="must come before the evaluation year 2019"):
        bench.run(
            history,
            year=2019,
            min_participants=3,
            params=RankingParams(),
            train_years=[2018, 2019],
            log=lambda _: None,
        )


def test_command_prints_the_table_and_ours_beats_the_baselines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    participations, parts = write_cordis_files(tmp_path)
    model_path = tmp_path / "weights.json"
    bench.main(
        [
            "--participations",
            str(participations),
            "--programme-parts",
            str(parts),
            "--year",
            "2019",
            "--save-model",
            str(model_path),
        ]
    )
    out = capsys.readouterr().out
    assert "| ranking | R@10 | R@50 | MRR | nDCG@10 |" in out
    assert "Y = 2019: 25 cases" in out
    assert "of the partners seen in the history" in out
    assert model_path.exists()
    rows = {
        line.split("|")[1].strip(): [float(x) for x in line.split("|")[2:-1]]
        for line in out.splitlines()
        if line.startswith("| ") and not line.startswith("| ranking")
    }
    assert rows["ours (learned)"][0] > rows["global popularity"][0]
