"""Consortium benchmark: predict a real project's partners from its coordinator and theme.

History = projects that started before year Y; cases = projects that started in Y with at
least ``--min-participants`` participants; the input is the coordinator and the programme
part(s); the expected output is every other participant. Run::

    python -m nahwerk_engine.benchmarks.consortium --year 2019

The learned model is fitted on cases of the years before Y only (features on the history
before each of those years); no case of year Y is seen before it is scored.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np

from nahwerk_engine.consortium import (
    ConsortiumCase,
    ConsortiumHistory,
    Participation,
    PartnerRanker,
    RankingParams,
    fit_ranking_model,
    training_split,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "cordis"
PARTICIPATIONS = DATA / "h2020_participations_2014_2019.csv.gz"
PROGRAMME_PARTS = DATA / "h2020_programme_parts_2014_2019.csv.gz"
CUTOFFS = (10, 50)
DEFAULTS = RankingParams()


def _open(path: Path) -> Iterator[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _value(text: str | None) -> str:
    return "" if text in (None, "", "NA") else str(text)


def read_history(participations: Path, programme_parts: Path | None) -> ConsortiumHistory:
    """The whole file as a history (CORDIS participation CSV, "NA" = missing)."""
    themes: dict[str, list[str]] = defaultdict(list)
    if programme_parts is not None:
        for row in _open(programme_parts):
            part = _value(row.get("programme_part"))
            if part:
                themes[row["rcn"]].append(part)
    rows = []
    for row in _open(participations):
        start = _value(row.get("start_date"))
        rows.append(
            Participation(
                project_id=row["rcn"],
                organisation_id=row["pic"],
                role=_value(row.get("role")) or "participant",
                org_type=_value(row.get("type")),
                country=_value(row.get("country")),
                start=date.fromisoformat(start) if start else None,
            )
        )
    return ConsortiumHistory.from_participations(rows, themes=themes)


@dataclass(frozen=True, slots=True)
class Scores:
    """Mean metrics over cases, for one ranking and one recall convention."""

    recall_10: float
    recall_50: float
    mrr: float
    ndcg_10: float


def evaluate(
    rankings: Sequence[Sequence[str]], cases: Sequence[ConsortiumCase], known: set[str]
) -> tuple[Scores, Scores]:
    """Metrics with all other participants as relevant, and with only those seen in history.

    MRR is the reciprocal rank of the first partner within the top 50 (0 when none);
    nDCG@10 uses binary gains and the ideal ranking of all relevant partners.
    """
    results: dict[bool, list[tuple[float, float, float, float]]] = {False: [], True: []}
    for ranking, case in zip(rankings, cases, strict=True):
        for seen_only in (False, True):
            relevant = {p for p in case.partners if p in known} if seen_only else case.partners
            if not relevant:
                results[seen_only].append((0.0, 0.0, 0.0, 0.0))
                continue
            hits = [i for i, org in enumerate(ranking[: max(CUTOFFS)]) if org in relevant]
            dcg = sum(1 / math.log2(i + 2) for i in hits if i < 10)
            ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
            results[seen_only].append(
                (
                    sum(i < 10 for i in hits) / len(relevant),
                    sum(i < 50 for i in hits) / len(relevant),
                    1 / (hits[0] + 1) if hits else 0.0,
                    dcg / ideal,
                )
            )
    means = {k: np.mean(np.array(v), axis=0) if v else np.zeros(4) for k, v in results.items()}
    return Scores(*map(float, means[False])), Scores(*map(float, means[True]))


def candidate_coverage(
    candidates: Sequence[Sequence[str]], cases: Sequence[ConsortiumCase], known: set[str]
) -> float:
    """Share of the seen partners (pooled over cases) that are among a case's candidates.

    No ranking of the candidates can recall a partner outside them, so this bounds the
    recall of the learned ranking at any cutoff.
    """
    hit = total = 0
    for pool, case in zip(candidates, cases, strict=True):
        relevant = case.partners & known
        total += len(relevant)
        hit += len(relevant.intersection(pool))
    return hit / total if total else 0.0


def _ordered(values: dict[str, float], exclude: str, limit: int) -> list[str]:
    ranked = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    return [org for org, _ in ranked if org != exclude][:limit]


def baselines(
    history: ConsortiumHistory, cases: Sequence[ConsortiumCase], limit: int = 50
) -> dict[str, list[list[str]]]:
    """Global popularity, popularity in the programme part, earlier partners of the lead."""
    ids = history.organisation_ids
    popularity = dict(zip(ids, np.diff(history.incidence.indptr).tolist(), strict=True))
    by_theme: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for j, themes in enumerate(history.project_themes):
        for theme in themes:
            for m in history.participants(j):
                by_theme[theme][ids[int(m)]] += 1
    global_top = _ordered(popularity, "", limit + 1)
    out: dict[str, list[list[str]]] = {"global popularity": [], "programme popularity": []}
    out["earlier partners, then programme"] = []
    for case in cases:
        lead = case.query.lead
        in_theme: dict[str, float] = defaultdict(float)
        for theme in case.query.themes:
            for org, n in by_theme.get(theme, {}).items():
                in_theme[org] += n
        programme = _ordered(in_theme, lead, 2 * limit)
        out["global popularity"].append([o for o in global_top if o != lead][:limit])
        out["programme popularity"].append(_fill(programme, global_top, lead, limit))
        partners = _earlier_partners(history, lead)
        earlier = sorted(
            partners, key=lambda o: (-partners[o], -in_theme.get(o, 0), -popularity[o], o)
        )
        out["earlier partners, then programme"].append(
            _fill(earlier[:limit] + programme, global_top, lead, limit)
        )
    return out


def _earlier_partners(history: ConsortiumHistory, lead: str) -> dict[str, int]:
    index = history.index_of(lead)
    counts: dict[str, int] = defaultdict(int)
    if index < 0:
        return counts
    for j in history.projects_of(index):
        for m in history.participants(int(j)):
            if m != index:
                counts[history.organisation_ids[int(m)]] += 1
    return counts


def _fill(first: list[str], then: list[str], lead: str, limit: int) -> list[str]:
    seen: set[str] = {lead}
    out = []
    for org in (*first, *then):
        if org not in seen:
            seen.add(org)
            out.append(org)
            if len(out) == limit:
                break
    return out


def run(
    full: ConsortiumHistory,
    *,
    year: int,
    min_participants: int,
    params: RankingParams,
    train_years: Sequence[int],
    fit: Literal["metric", "logit"] = "metric",
    save_model: Path | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, tuple[Scores, Scores]]:
    """Score the baselines and the learned ranker on the cases of ``year``."""
    if any(y >= year for y in train_years):
        raise ValueError(f"training years must come before the evaluation year {year}")
    history, cases = training_split(full, year=year, min_participants=min_participants)
    known = set(history.organisation_ids)
    total = sum(len(c.partners) for c in cases)
    seen = sum(len(c.partners & known) for c in cases)
    log(
        f"Y = {year}: {len(cases)} cases, history {history.n_projects} projects / "
        f"{history.n_organisations} organisations; {total} partners to predict, "
        f"{seen} ({seen / max(total, 1):.1%}) seen in the history"
    )
    started = time.perf_counter()
    rankings = baselines(history, cases)
    log(f"baselines: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    model = fit_ranking_model(
        history,
        years=train_years,
        params=params,
        min_participants=min_participants,
        method=fit,
    )
    log(
        f"fitted ({fit}) on cases of {', '.join(map(str, sorted(train_years)))} "
        f"({model.trained_on['cases']} cases): {time.perf_counter() - started:.1f} s"
    )
    if save_model is not None:
        model.save(save_model)
        log(f"weights saved to {save_model}")
    started = time.perf_counter()
    ranker = PartnerRanker(history, model, as_of=date(year, 1, 1))
    queries = [c.query for c in cases]
    ranks = ranker.pagerank_many(queries)
    ranked = [ranker.rank(q, limit=None, pagerank=r) for q, r in zip(queries, ranks, strict=True)]
    rankings["ours (learned)"] = [r[: max(CUTOFFS)] for r in ranked]
    elapsed = time.perf_counter() - started
    log(
        f"ours: {elapsed:.1f} s for {len(cases)} queries "
        f"({1000 * elapsed / max(len(cases), 1):.1f} ms each)"
    )
    covered = candidate_coverage(ranked, cases, known)
    log(
        f"candidates: {np.mean([len(r) for r in ranked]):.0f} per case on average; they hold "
        f"{covered:.1%} of the partners seen in the history (the ceiling of 'R@k seen')"
    )
    log(
        "weights: "
        + ", ".join(f"{n} {c:+.2f}" for n, c in zip(model.features, model.coef, strict=True))
    )
    return {name: evaluate(r, cases, known) for name, r in rankings.items()}


def table(results: dict[str, tuple[Scores, Scores]]) -> str:
    """Markdown table: recall over all other participants, then over those seen in history."""
    lines = [
        "| ranking | R@10 | R@50 | MRR | nDCG@10 | R@10 seen | R@50 seen | MRR seen |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, (every, seen) in results.items():
        lines.append(
            f"| {name} | {every.recall_10:.3f} | {every.recall_50:.3f} | {every.mrr:.3f} | "
            f"{every.ndcg_10:.3f} | {seen.recall_10:.3f} | {seen.recall_50:.3f} | {seen.mrr:.3f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participations", type=Path, default=PARTICIPATIONS)
    parser.add_argument("--programme-parts", type=Path, default=PROGRAMME_PARTS)
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--min-participants", type=int, default=3)
    parser.add_argument(
        "--train-years",
        type=int,
        default=2,
        help="fit on the cases of this many years before --year (default 2)",
    )
    parser.add_argument("--alpha", type=float, default=DEFAULTS.alpha)
    parser.add_argument("--half-life", type=float, default=DEFAULTS.half_life)
    parser.add_argument("--candidates", type=int, default=DEFAULTS.candidates_per_signal)
    parser.add_argument("--l2", type=float, default=DEFAULTS.l2)
    parser.add_argument(
        "--fit",
        choices=("metric", "logit"),
        default="metric",
        help="coordinate ascent on R@50 + MRR from the logit (default), or the logit alone",
    )
    parser.add_argument(
        "--save-model", type=Path, help="write the weights fitted for this run as JSON"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    full = read_history(args.participations, args.programme_parts)
    print(f"read {full.n_projects} projects in {time.perf_counter() - started:.1f} s")
    params = RankingParams(
        alpha=args.alpha,
        half_life=args.half_life,
        candidates_per_signal=args.candidates,
        l2=args.l2,
    )
    train_years = [args.year - k for k in range(1, args.train_years + 1)]
    results = run(
        full,
        year=args.year,
        min_participants=args.min_participants,
        params=params,
        train_years=train_years,
        fit=args.fit,
        save_model=args.save_model,
    )
    print()
    print(
        "Recall counts every other participant of a case (also those never seen in the "
        "history, which no ranking can find); the 'seen' columns count only those the "
        "history knows. MRR: first partner within the top 50."
    )
    print(table(results))
    print(f"\ntotal time {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
