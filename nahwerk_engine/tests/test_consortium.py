"""Tests for partner suggestions from cooperation history (no database)."""

from __future__ import annotations

import doctest
import json
import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from nahwerk_engine.consortium import (
    FEATURES,
    ConsortiumHistory,
    Participation,
    PartnerQuery,
    PartnerRanker,
    RankingModel,
    RankingParams,
    adamic_adar,
    cases_starting_in,
    common_partners,
    fit_ranking_model,
    partner_graph,
    personalized_pagerank,
    suggest_partners,
    training_split,
)
from nahwerk_engine.consortium import graph as graph_module
from nahwerk_engine.consortium import history as history_module
from nahwerk_engine.consortium import ranking as ranking_module

ORGS = {
    # id: (type, country)
    "lead": ("PRC", "DE"),
    "alpha": ("REC", "DE"),
    "beta": ("HES", "FR"),
    "gamma": ("PRC", "FR"),
    "delta": ("REC", "IT"),
    "epsilon": ("HES", "ES"),
    "zeta": ("PUB", "ES"),
}


def project(
    project_id: str, start: date, members: list[str], themes: tuple[str, ...] = ("SC5",)
) -> list[Participation]:
    """A project whose first member coordinates."""
    return [
        Participation(
            project_id=project_id,
            organisation_id=org,
            role="coordinator" if i == 0 else "participant",
            org_type=ORGS[org][0],
            country=ORGS[org][1],
            start=start,
            themes=themes,
        )
        for i, org in enumerate(members)
    ]


@pytest.fixture
def history() -> ConsortiumHistory:
    """The lead worked three times with alpha (latest 2018), once with beta (2016)."""
    rows = [
        *project("p1", date(2016, 3, 1), ["lead", "alpha", "beta"]),
        *project("p2", date(2017, 5, 1), ["lead", "alpha"]),
        *project("p3", date(2018, 2, 1), ["lead", "alpha"], ("LEIT",)),
        *project("p4", date(2017, 9, 1), ["beta", "gamma", "delta"]),
        *project("p5", date(2018, 6, 1), ["epsilon", "zeta", "delta"]),
        *project("p6", date(2016, 1, 1), ["epsilon", "zeta"], ("SC1",)),
    ]
    return ConsortiumHistory.from_participations(rows)


def weights_on(*names: str) -> RankingModel:
    """A model that only listens to the named features."""
    return RankingModel(
        coef=tuple(1.0 if name in names else 0.0 for name in FEATURES),
        mean=(0.0,) * len(FEATURES),
        scale=(1.0,) * len(FEATURES),
    )


def test_doctests_pass() -> None:
    for module in (graph_module, history_module, ranking_module):
        assert doctest.testmod(module).failed == 0


# --- the graph signals, checked by hand --------------------------------------------------

# a - L - b, a - c, b - c, a - d  (as projects of two)
EDGES = [("L", "a"), ("L", "b"), ("a", "c"), ("b", "c"), ("a", "d")]
NODES = ["L", "a", "b", "c", "d"]


def edge_graph() -> sp.csr_matrix:
    incidence = np.zeros((len(NODES), len(EDGES)))
    for j, (x, y) in enumerate(EDGES):
        incidence[NODES.index(x), j] = incidence[NODES.index(y), j] = 1
    return sp.csr_matrix(incidence)


def test_common_partners_counts_shared_neighbours() -> None:
    shared = common_partners(partner_graph(edge_graph()), [NODES.index("L")])
    # c shares a and b with L, d shares a; a and b share nobody with L.
    assert dict(zip(NODES, shared.astype(int).tolist(), strict=True)) == {
        "L": 2,
        "a": 0,
        "b": 0,
        "c": 2,
        "d": 1,
    }


def test_adamic_adar_matches_hand_computation() -> None:
    scores = adamic_adar(partner_graph(edge_graph()), [NODES.index("L")])
    # degree(a) = 3 (L, c, d), degree(b) = 2 (L, c)
    assert scores[NODES.index("c")] == pytest.approx(1 / math.log(3) + 1 / math.log(2))
    assert scores[NODES.index("d")] == pytest.approx(1 / math.log(3))
    assert scores[NODES.index("a")] == 0


def test_seeds_outside_the_graph_are_ignored() -> None:
    graph = partner_graph(edge_graph())
    assert common_partners(graph, [-1]).sum() == 0
    assert adamic_adar(graph, []).sum() == 0


@pytest.mark.parametrize("alpha", [0.1, 0.3, 0.9])
def test_pagerank_is_a_distribution_peaked_at_the_seed(alpha: float) -> None:
    restart = np.zeros(len(NODES))
    restart[0] = 1.0
    rank = personalized_pagerank(edge_graph(), restart, alpha=alpha)
    assert rank.sum() == pytest.approx(1.0)
    assert (rank >= 0).all()
    assert rank.argmax() == 0
    # d is only reachable through a, so it gets less than a
    assert rank[NODES.index("d")] < rank[NODES.index("a")]


def test_pagerank_batches_columns_and_handles_isolated_organisations() -> None:
    incidence = sp.csr_matrix(np.vstack([edge_graph().toarray(), np.zeros(len(EDGES))]))
    restart = np.zeros((len(NODES) + 1, 2))
    restart[0, 0] = 1.0
    restart[-1, 1] = 1.0  # an organisation without projects
    ranks = personalized_pagerank(incidence, restart)
    assert ranks.sum(axis=0) == pytest.approx([1.0, 1.0])
    single = personalized_pagerank(incidence, restart[:, 0])
    assert ranks[:, 0] == pytest.approx(single)
    assert ranks[-1, 1] == pytest.approx(1.0)  # nowhere to go: the mass stays home


def test_pagerank_ignores_projects_of_zero_weight() -> None:
    restart = np.zeros(len(NODES))
    restart[0] = 1.0
    weights = np.array([1.0, 1.0, 1.0, 1.0, 0.0])  # drop the a-d project
    rank = personalized_pagerank(edge_graph(), restart, project_weights=weights)
    assert rank[NODES.index("d")] == pytest.approx(0.0)
    assert rank.sum() == pytest.approx(1.0)


# --- the history ----------------------------------------------------------------------


def test_history_indexes_projects_by_start_and_knows_the_coordinator(
    history: ConsortiumHistory,
) -> None:
    assert history.project_ids[0] == "p6"
    p1 = history.project_ids.index("p1")
    assert history.organisation_ids[history.project_leads[p1]] == "lead"
    members = {history.organisation_ids[i] for i in history.participants(p1)}
    assert members == {"lead", "alpha", "beta"}
    assert history.org_types[history.index_of("beta")] == "HES"
    assert history.index_of("nobody") == -1


def test_history_before_a_day_drops_later_projects_and_renumbers(
    history: ConsortiumHistory,
) -> None:
    earlier = history.before(date(2017, 6, 1))
    assert set(earlier.project_ids) == {"p1", "p2", "p6"}
    assert "gamma" not in earlier.organisation_ids  # only in p4 (September 2017)
    p1 = earlier.project_ids.index("p1")
    assert earlier.organisation_ids[earlier.project_leads[p1]] == "lead"
    assert {earlier.organisation_ids[i] for i in earlier.participants(p1)} == {
        "lead",
        "alpha",
        "beta",
    }


def test_rows_without_start_are_skipped() -> None:
    rows = [Participation("p", "x"), Participation("q", "y", start=date(2018, 1, 1))]
    history = ConsortiumHistory.from_participations(rows, themes={"q": ["SC1"], "p": ["SC2"]})
    assert history.project_ids == ("q",)
    assert history.project_themes == (frozenset({"SC1"}),)


# --- ranking and explanations ---------------------------------------------------------


def test_frequent_recent_partner_ranks_first(history: ConsortiumHistory) -> None:
    ranked = suggest_partners(history, lead="lead", theme="SC5", model=weights_on("joint_projects"))
    assert [s.organisation_id for s in ranked[:2]] == ["alpha", "beta"]


def test_default_model_ranks_the_obvious_partner_first(history: ConsortiumHistory) -> None:
    ranked = suggest_partners(history, lead="lead", theme="SC5")
    assert ranked[0].organisation_id == "alpha"
    assert "lead" not in {s.organisation_id for s in ranked}


def test_rank_without_limit_returns_every_candidate(history: ConsortiumHistory) -> None:
    ranker = PartnerRanker(history, weights_on("joint_projects"))
    query = PartnerQuery(lead="lead", themes=("SC5",))
    everything = ranker.rank(query, limit=None)
    assert everything[:2] == ranker.rank(query, limit=2) == ["alpha", "beta"]
    assert set(everything) == set(history.organisation_ids) - {"lead"}


def test_partner_of_partners_beats_a_stranger(history: ConsortiumHistory) -> None:
    ranked = suggest_partners(
        history, lead="lead", theme="SC5", model=weights_on("pagerank", "common_partners")
    )
    order = [s.organisation_id for s in ranked]
    # gamma and delta are two steps away through beta; epsilon and zeta not connected
    assert order.index("gamma") < order.index("epsilon")
    assert order.index("delta") < order.index("zeta")


def test_chosen_partners_are_seeds_and_never_suggested(history: ConsortiumHistory) -> None:
    ranked = suggest_partners(
        history, lead="lead", theme="SC5", chosen=["beta"], model=weights_on("joint_projects")
    )
    ids = [s.organisation_id for s in ranked]
    assert "beta" not in ids
    # gamma and delta worked with beta, epsilon only through delta
    assert set(ids[:3]) == {"alpha", "gamma", "delta"}


def test_type_complementarity_is_learned_from_the_history() -> None:
    rows = []
    for k in range(6):  # companies lead, research organisations follow
        rows += project(f"r{k}", date(2017, 1, 1 + k), ["gamma", "alpha", "delta"])
    rows += project("h", date(2017, 2, 1), ["beta", "epsilon"])
    history = ConsortiumHistory.from_participations(rows)
    ranker = PartnerRanker(history, weights_on("type_fit"))
    lift = ranker.type_lift["PRC"]
    assert lift["REC"] > 0 > lift["HES"]
    ranked = ranker.suggest(PartnerQuery(lead="newcomer", lead_type="PRC"), limit=10)
    assert ranked[0].org_type == "REC"
    texts = [r.text for r in ranked[0].reasons]
    assert any(text.startswith("type REC complements PRC leads (x") for text in texts)


def test_explanations_name_the_signals(history: ConsortiumHistory) -> None:
    ranker = PartnerRanker(history, weights_on("joint_projects", "theme_projects", "same_country"))
    first = ranker.suggest(PartnerQuery(lead="lead", themes=("SC5",)), limit=1)[0]
    texts = {r.signal: r.text for r in first.reasons}
    assert texts["joint"] == "3 joint projects with the lead, most recent 2018"
    assert texts["theme"] == "2 projects in SC5 since 2016"
    assert texts["country"] == "same country as the lead (DE)"
    contributions = [r.contribution for r in first.reasons]
    assert contributions == sorted(contributions, reverse=True)


def test_unknown_lead_still_gets_popular_partners_in_the_theme(
    history: ConsortiumHistory,
) -> None:
    ranked = suggest_partners(history, lead="newcomer", theme="SC5", lead_country="FR")
    assert ranked
    assert all(s.organisation_id != "newcomer" for s in ranked)


def test_empty_history_gives_no_suggestions() -> None:
    empty = ConsortiumHistory.from_participations([])
    assert suggest_partners(empty, lead="lead", theme="SC5") == []


# --- learning the weights -------------------------------------------------------------


def synthetic_history(seed: int = 7) -> ConsortiumHistory:
    """Four communities; leads pick most partners from their own community, recurring ones."""
    rng = np.random.default_rng(seed)
    communities = [[f"c{c}o{i}" for i in range(12)] for c in range(4)]
    rows = []
    for year in range(2015, 2020):
        for k in range(30):
            c = int(rng.integers(4))
            members = list(rng.choice(communities[c], size=int(rng.integers(3, 6)), replace=False))
            if rng.random() < 0.3:
                members.append(str(rng.choice(communities[(c + 1) % 4])))
            for i, org in enumerate(members):
                rows.append(
                    Participation(
                        project_id=f"{year}-{k}",
                        organisation_id=org,
                        role="coordinator" if i == 0 else "participant",
                        org_type=("PRC", "HES", "REC")[int(org[-1]) % 3],
                        country=("DE", "FR")[c % 2],
                        start=date(year, 1 + k % 12, 1),
                        themes=(f"T{c}",),
                    )
                )
    return ConsortiumHistory.from_participations(rows)


def test_training_split_cuts_time_at_the_first_of_january() -> None:
    full = synthetic_history()
    before, cases = training_split(full, year=2018)
    assert max(before.project_starts) < date(2018, 1, 1)
    assert cases and all(case.start.year == 2018 for case in cases)
    assert all(len(case.partners) >= 2 for case in cases)
    assert all(case.query.lead not in case.partners for case in cases)


def test_fit_uses_only_cases_of_the_history_it_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    full = synthetic_history()
    seen_years: list[int] = []
    history_ends: list[date] = []
    real = ranking_module._examples

    def spy(history, cases, model, as_of):  # type: ignore[no-untyped-def]
        seen_years.extend(case.start.year for case in cases)
        history_ends.append(max(history.project_starts))
        assert max(history.project_starts) < min(case.start for case in cases)
        return real(history, cases, model, as_of)

    monkeypatch.setattr(ranking_module, "_examples", spy)
    model = fit_ranking_model(full.before(date(2019, 1, 1)))
    assert set(seen_years) == {2017, 2018}
    assert model.trained_on["case_years"] == [2017, 2018]
    assert all(end < date(2019, 1, 1) for end in history_ends)


def test_learned_weights_beat_popularity_on_a_later_year() -> None:
    full = synthetic_history()
    history, cases = training_split(full, year=2019)
    model = fit_ranking_model(history, years=(2017, 2018), params=RankingParams(half_life=2.0))
    ranker = PartnerRanker(history, model, as_of=date(2019, 1, 1))
    popular = np.argsort(-np.diff(history.incidence.indptr), kind="stable")

    def recall_at_10(ranking: list[str], case_partners: frozenset[str]) -> float:
        return len(set(ranking[:10]) & case_partners) / len(case_partners)

    ours = np.mean([recall_at_10(ranker.rank(c.query, limit=10), c.partners) for c in cases])
    baseline = np.mean(
        [
            recall_at_10(
                [
                    history.organisation_ids[i]
                    for i in popular
                    if history.organisation_ids[i] != c.query.lead
                ],
                c.partners,
            )
            for c in cases
        ]
    )
    assert ours > baseline + 0.2


def test_cases_need_enough_participants() -> None:
    full = synthetic_history()
    assert all(len(c.partners) + 1 >= 5 for c in cases_starting_in(full, 2018, min_participants=5))


def test_weights_round_trip_through_json(tmp_path: Path) -> None:
    model = fit_ranking_model(synthetic_history(), years=(2018,))
    path = tmp_path / "weights.json"
    model.save(path)
    loaded = RankingModel.load(path)
    assert loaded == model
    rows = np.random.default_rng(0).normal(size=(5, len(FEATURES)))
    assert loaded.scores(rows) == pytest.approx(model.scores(rows))


def test_default_model_loads_and_matches_the_features() -> None:
    model = RankingModel.default()
    assert model.features == FEATURES
    assert model.trained_on["case_years"] == [2018, 2019]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"format": "something else"}', "not a nahwerk consortium ranking model"),
        (
            '{"format": "nahwerk.consortium.ranking-model/1", "features": ["x"], "coef": [1],'
            ' "mean": [0], "scale": [1], "params": {}}',
            "model was fitted on features",
        ),
    ],
)
def test_foreign_json_is_rejected(document: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RankingModel.from_json(document)


def test_every_feature_belongs_to_an_explained_signal() -> None:
    assert set(FEATURES) == set(ranking_module._SIGNAL_OF)
    assert len(set(FEATURES)) == len(FEATURES)


def test_the_lead_own_past_is_measured_project_by_project(history: ConsortiumHistory) -> None:
    ranker = PartnerRanker(history, weights_on(), as_of=date(2019, 1, 1))
    candidates, rows = ranker.features(PartnerQuery(lead="lead", themes=("SC5",)))
    column = {name: i for i, name in enumerate(FEATURES)}
    row = {history.organisation_ids[int(c)]: rows[k] for k, c in enumerate(candidates)}
    # the lead's latest project (p3, 2018, LEIT) had alpha only; beta last joined in 2016
    assert row["alpha"][column["in_last1"]] == 1.0
    assert row["beta"][column["in_last1"]] == 0.0
    assert row["beta"][column["in_last3"]] == 1.0
    assert row["alpha"][column["since_joint"]] == pytest.approx(2019 - (2018 + 31 / 365), 0.01)
    assert row["gamma"][column["since_joint"]] == ranking_module._NO_JOINT_YEARS
    assert row["alpha"][column["joint_share_lead"]] == pytest.approx(1.0)
    assert row["beta"][column["joint_share_lead"]] == pytest.approx(1 / 3)
    assert row["alpha"][column["rank_joint_recent"]] == 0.0  # log(1 + rank 0)
    # gamma is reached through beta (p4): the 2-hop signal sees it, the joint ones do not
    assert row["gamma"][column["rank_two_rec"]] < math.log1p(len(candidates))
    assert row["gamma"][column["jt_rec"]] == 0.0


def test_a_first_format_model_still_loads_and_scores_as_before(
    history: ConsortiumHistory,
) -> None:
    old = ranking_module._FEATURES_V1
    document = json.dumps(
        {
            "format": "nahwerk.consortium.ranking-model/1",
            "features": list(old),
            "coef": [1.0 if name == "joint_projects" else 0.0 for name in old],
            "mean": [0.0] * len(old),
            "scale": [1.0] * len(old),
            "params": {"alpha": 0.3, "half_life": 2.0, "candidates_per_signal": 100, "l2": 0.001},
        }
    )
    model = RankingModel.from_json(document)
    assert model.features == FEATURES
    assert model.params.candidates_per_signal == 100
    expected = weights_on("joint_projects")  # weight 0 on every signal added since
    assert (model.coef, model.mean, model.scale) == (expected.coef, expected.mean, expected.scale)
    assert RankingModel.from_json(model.to_json()) == model  # written in the new format
    assert '"nahwerk.consortium.ranking-model/2"' in model.to_json()
    ranker = PartnerRanker(history, model, as_of=date(2019, 1, 1))
    assert ranker.rank(PartnerQuery(lead="lead", themes=("SC5",)), limit=1) == ["alpha"]


def test_metric_fit_starts_from_the_logit_and_never_scores_lower() -> None:
    full = synthetic_history()
    logit = fit_ranking_model(full, years=(2018,), method="logit")
    metric = fit_ranking_model(full, years=(2018,), sweeps=1)
    assert logit.trained_on["fit"] == {"method": "logit"}
    fit = metric.trained_on["fit"]
    assert isinstance(fit, dict) and fit["method"] == "metric" and fit["sweeps"] == 1
    assert fit["objective"] >= fit["start_objective"] > 0


def test_unknown_fit_method_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown fit method"):
        fit_ranking_model(synthetic_history(), years=(2018,), method="boosting")  # type: ignore[arg-type]
