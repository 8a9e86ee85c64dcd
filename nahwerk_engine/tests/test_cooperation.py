"""The cooperation network's metrics on small graphs checked by hand."""

from __future__ import annotations

import doctest
import math

import pytest

from nahwerk_engine import cooperation
from nahwerk_engine.cooperation import (
    Tie,
    analyse,
    build_graph,
    competence_phrases,
    suggest_introductions,
)

# Two triangles joined through 4: 1-2-3 and 5-6-7, with 3-4 and 4-5. Member 8 has no
# tie; 7 is outside the network.
BARBELL = [
    Tie(1, 2, "eu_project"),
    Tie(2, 3, "eu_project"),
    Tie(1, 3, "eu_project"),
    Tie(3, 4, "brokered"),
    Tie(4, 5, "b2b"),
    Tie(5, 6, "eu_project"),
    Tie(6, 7, "eu_project"),
    Tie(5, 7, "eu_project"),
]
MEMBERS = {1, 2, 3, 4, 5, 6, 8}


def test_doctests_pass() -> None:
    assert doctest.testmod(cooperation).failed == 0


def test_ties_become_weighted_edges_with_their_kinds() -> None:
    graph = build_graph(
        [Tie(1, 2, "eu_project"), Tie(2, 1, "b2b"), Tie(1, 2, "b2b"), Tie(3, 3, "b2b")], [9]
    )
    assert sorted(graph.nodes) == [1, 2, 9]  # the tie of 3 with itself is dropped
    assert graph.edges[1, 2]["weight"] == 3
    assert graph.edges[1, 2]["kinds"] == {"eu_project": 1, "b2b": 2}


def test_betweenness_of_the_bridge_and_its_neighbours() -> None:
    result = analyse(build_graph(BARBELL, MEMBERS), MEMBERS)
    # n = 8 nodes (8 isolated), normalised by 2 / ((n - 1)(n - 2)) = 2 / 42.
    # 4 lies on the 9 shortest paths between {1,2,3} and {5,6,7}; 3 on the 8 paths
    # from 1 and 2 to 4, 5, 6, 7; 1 on none.
    assert result.nodes[4].betweenness == pytest.approx(9 * 2 / 42)
    assert result.nodes[3].betweenness == pytest.approx(8 * 2 / 42)
    assert result.nodes[1].betweenness == 0
    assert result.betweenness_samples is None  # exact
    # 5 lies on as many paths as 3 ({6, 7} to {1, 2, 3, 4}); equal ones go by id
    assert [n.id for n in result.brokers(2)] == [4, 3]


def test_degree_and_central_actors() -> None:
    result = analyse(build_graph(BARBELL, MEMBERS), MEMBERS)
    assert result.nodes[3].degree == 3 and result.nodes[3].degree_centrality == pytest.approx(3 / 7)
    assert [n.id for n in result.central(2)] == [3, 5]  # three partners each, by id
    assert result.nodes[7].is_member is False


def test_communities_are_the_two_triangles_and_seeded() -> None:
    graph = build_graph(BARBELL, MEMBERS)
    result = analyse(graph, MEMBERS)
    groups = [set(c) for c in result.communities]
    assert len(groups) == 2
    assert any({1, 2, 3} <= g for g in groups) and any({5, 6, 7} <= g for g in groups)
    assert result.nodes[8].community is None  # no tie, no group
    assert result.modularity is not None and result.modularity > 0.3
    assert analyse(graph, MEMBERS).communities == result.communities


def test_isolated_members_and_ties_across_the_border() -> None:
    result = analyse(build_graph(BARBELL, MEMBERS), MEMBERS)
    assert result.isolated == (8,)
    assert [(e.a, e.b) for e in result.border_edges] == [(5, 7), (6, 7)]
    assert all(e.crosses_border for e in result.border_edges)


def test_an_empty_network_has_only_isolated_members() -> None:
    result = analyse(build_graph([], {1, 2}), {1, 2})
    assert result.isolated == (1, 2) and result.communities == () and result.modularity is None


def test_betweenness_is_sampled_above_the_budget_and_reproducible() -> None:
    path = [Tie(i, i + 1, "eu_project") for i in range(99)]
    graph = build_graph(path)
    first = analyse(graph, set(range(100)), betweenness_budget=1)
    assert first.betweenness_samples == cooperation.BETWEENNESS_SAMPLES
    again = analyse(graph, set(range(100)), betweenness_budget=1)
    assert [n.betweenness for n in first.nodes.values()] == [
        n.betweenness for n in again.nodes.values()
    ]
    # the middle of a path is its broker, sampled or not
    assert max(first.nodes.values(), key=lambda n: n.betweenness).id in range(35, 65)


# 1 and 2 share partners 3 (three ties) and 4 (two ties); 5 shares 3 with both.
SHARED = [Tie(1, 3, "p"), Tie(2, 3, "p"), Tie(5, 3, "p"), Tie(1, 4, "p"), Tie(2, 4, "p")]


def test_suggestions_rank_by_shared_partners() -> None:
    graph = build_graph(SHARED, {1, 2, 5})
    found = suggest_introductions(graph, {1, 2, 5})
    assert [(s.a, s.b) for s in found] == [(1, 2), (1, 5), (2, 5)]
    assert found[0].adamic_adar == pytest.approx(1 / math.log(3) + 1 / math.log(2))
    assert found[0].shared_partners == (4, 3)  # the smaller partner says more
    assert found[1].adamic_adar == pytest.approx(1 / math.log(3))


def test_suggestions_leave_out_introduced_tied_and_hub_pairs() -> None:
    graph = build_graph([*SHARED, Tie(2, 5, "b2b")], {1, 2, 5})
    found = suggest_introductions(graph, {1, 2, 5}, exclude=[frozenset((1, 2))])
    assert [(s.a, s.b) for s in found] == [(1, 5)]  # 2-5 work together already
    # with partner 3 (3 partners) counted as a hub, 1 and 5 share nobody
    assert suggest_introductions(graph, {1, 2, 5}, exclude=[frozenset((1, 2))], hub_cap=2) == []


def test_a_similar_pair_without_shared_partners_is_suggested_with_its_competences() -> None:
    graph = build_graph([Tie(1, 9, "p")], {1, 2, 3})
    competences = {
        1: competence_phrases("Technische Keramik, Sintern"),
        2: competence_phrases("technische Keramik, Lasertechnik"),
    }
    found = suggest_introductions(
        graph,
        {1, 2, 3},
        competences=competences,
        similarity=lambda a, b: 0.95 if {a, b} == {1, 2} else 0.1,
        similar_pairs=[(2, 1)],
    )
    assert [(s.a, s.b) for s in found] == [(1, 2)]
    suggestion = found[0]
    assert suggestion.shared_partners == () and suggestion.similarity == 0.95
    assert suggestion.shared_competences == ("Technische Keramik",)
    assert suggestion.only_a == ("Sintern",) and suggestion.only_b == ("Lasertechnik",)


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("", set()),
        ("Sintern;  Sintern\nSINTERN", {"Sintern"}),
        ("CNC-Drehen, Toleranzen bis 0,005 mm", {"CNC-Drehen", "Toleranzen bis 0,005 mm"}),
        (
            "FEM-Berechnung (Statik, CFD), Prototypen",
            {"FEM-Berechnung (Statik, CFD)", "Prototypen"},
        ),
        ("Wir fertigen seit 1950 hochwertige Bauteile für die Industrie", set()),
    ],
)
def test_competence_phrases(text: str, phrases: set[str]) -> None:
    assert competence_phrases(text) == phrases
