"""The cooperation network: who works with whom, its central actors, brokers and groups.

Pure Python on networkx, no Django: ties in (one per occasion of working together: a
project, a need that led to cooperation, a B2B meeting held), the graph and its metrics
out, and suggested introductions between members who do not work together yet. The
method is written down in ``docs/analytics.md`` ("Kooperationsnetz").

Nodes are organisation ids (ints); ``members`` are the network's members, every other
node is a partner outside the network. The graph is undirected; an edge's ``weight`` is
the number of occasions, ``kinds`` counts them by kind.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx
import numpy as np
from scipy import sparse

__all__ = [
    "BETWEENNESS_BUDGET",
    "BETWEENNESS_SAMPLES",
    "DEFAULT_SEED",
    "HUB_CAP",
    "CooperationAnalysis",
    "EdgeMetrics",
    "NodeMetrics",
    "Suggestion",
    "Tie",
    "analyse",
    "build_graph",
    "competence_phrases",
    "suggest_introductions",
]

DEFAULT_SEED = 13
# Brandes' exact betweenness walks all m edges once from each of the n nodes: fine for a
# network of a few hundred members and their partners, minutes for 10,000 organisations
# in pure Python. When n·m exceeds this budget of edge visits (a few seconds), it is
# estimated from a seeded sample of k = budget / m source nodes (networkx's ``k``), at
# least ``BETWEENNESS_SAMPLES``.
BETWEENNESS_BUDGET = 1_000_000
BETWEENNESS_SAMPLES = 32
# A partner with more ties than this (a large university in hundreds of EU projects) adds
# almost nothing to the Adamic-Adar score of a pair (1/log(300) = 0.18) but would make
# the pairs among its neighbours quadratic in number: such hubs are not counted as shared
# partners for suggestions.
HUB_CAP = 300


class Tie(NamedTuple):
    """One occasion on which two organisations worked together.

    A named tuple, not a frozen dataclass: a large network has 100,000 of them, and a
    tuple is made several times faster.
    """

    a: int
    b: int
    kind: str


@dataclass(frozen=True)
class NodeMetrics:
    id: int
    is_member: bool
    degree: int  # partners
    weighted_degree: int  # occasions with all partners
    degree_centrality: float  # partners / (nodes - 1)
    betweenness: float  # normalised, 0..1
    community: int | None  # 0 = the largest group; None for a node without any tie


@dataclass(frozen=True)
class EdgeMetrics:
    a: int
    b: int
    weight: int
    kinds: tuple[tuple[str, int], ...]
    crosses_border: bool  # exactly one end is a member


@dataclass(frozen=True)
class CooperationAnalysis:
    nodes: dict[int, NodeMetrics]
    edges: tuple[EdgeMetrics, ...]
    communities: tuple[frozenset[int], ...]  # groups of two or more, largest first
    isolated: tuple[int, ...]  # members without a tie
    border_edges: tuple[EdgeMetrics, ...]  # member <-> non-member, heaviest first
    modularity: float | None
    betweenness_samples: int | None  # None: exact

    def central(self, limit: int = 10, *, members_only: bool = True) -> list[NodeMetrics]:
        """The most central actors: most partners, then most occasions, then id."""
        rows = [n for n in self.nodes.values() if n.degree and (n.is_member or not members_only)]
        rows.sort(key=lambda n: (-n.degree, -n.weighted_degree, n.id))
        return rows[:limit]

    def brokers(self, limit: int = 10, *, members_only: bool = True) -> list[NodeMetrics]:
        """The bridge builders: highest betweenness (none with zero)."""
        rows = [
            n
            for n in self.nodes.values()
            if n.betweenness > 0 and (n.is_member or not members_only)
        ]
        rows.sort(key=lambda n: (-n.betweenness, -n.degree, n.id))
        return rows[:limit]


@dataclass(frozen=True)
class Suggestion:
    """Two members without a tie who should meet, and why."""

    a: int
    b: int
    score: float
    shared_partners: tuple[int, ...]  # strongest first
    adamic_adar: float
    similarity: float | None
    shared_competences: tuple[str, ...] = ()
    only_a: tuple[str, ...] = ()  # what a brings that b does not name
    only_b: tuple[str, ...] = ()


def build_graph(ties: Iterable[Tie], members: Collection[int] = ()) -> nx.Graph:
    """The undirected graph of the ties; every member is a node, with a tie or without.

    A tie of an organisation with itself (two departments in one project) is dropped.

    >>> g = build_graph([Tie(1, 2, "project"), Tie(2, 1, "b2b"), Tie(2, 3, "project")], [4])
    >>> sorted(g.nodes), g.edges[1, 2]["weight"], g.edges[1, 2]["kinds"]
    ([1, 2, 3, 4], 2, {'project': 1, 'b2b': 1})
    """
    graph = nx.Graph()
    graph.add_nodes_from(members)
    counts: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    for tie in ties:
        if tie.a == tie.b:
            continue
        key = (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
        counts[key][tie.kind] += 1
    graph.add_edges_from(
        (a, b, {"weight": sum(kinds.values()), "kinds": dict(kinds)})
        for (a, b), kinds in counts.items()
    )
    return graph


def analyse(
    graph: nx.Graph,
    members: Collection[int],
    *,
    seed: int = DEFAULT_SEED,
    betweenness_budget: int = BETWEENNESS_BUDGET,
    timings: dict[str, float] | None = None,
) -> CooperationAnalysis:
    """Centrality, betweenness, communities, isolated members and border ties.

    Betweenness counts shortest paths by hops (a tie is a tie, however often it was
    used); when nodes times ties exceed ``betweenness_budget`` it is estimated from a
    seeded sample of source nodes (``betweenness_samples`` in the result). Communities
    are networkx's Louvain method on the weighted graph, seeded, so the same data gives
    the same groups. Complexity: Louvain about
    O(m) per pass; betweenness O(n·m) exact, O(k·m) sampled. ``timings``, when given,
    gets the seconds of the betweenness and of the communities (for the benchmark).

    >>> g = build_graph([Tie(1, 2, "p"), Tie(2, 3, "p"), Tie(3, 9, "p")], members=[1, 2, 3, 4])
    >>> result = analyse(g, {1, 2, 3, 4})
    >>> result.isolated, [(e.a, e.b) for e in result.border_edges]
    ((4,), [(3, 9)])
    >>> round(result.nodes[2].betweenness, 3), round(result.nodes[3].betweenness, 3)
    (0.333, 0.333)
    """
    member_set = frozenset(members)
    clock = time.perf_counter()
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    samples = max(BETWEENNESS_SAMPLES, betweenness_budget // max(m, 1))
    if n * m > betweenness_budget and samples < n:
        betweenness = nx.betweenness_centrality(graph, k=samples, seed=seed)
        sampled: int | None = samples
    else:
        betweenness = nx.betweenness_centrality(graph)
        sampled = None
    if timings is not None:
        timings["betweenness"] = time.perf_counter() - clock
        clock = time.perf_counter()

    connected = graph.subgraph([v for v in graph if graph.degree(v) > 0])
    if connected.number_of_edges():
        found = nx.community.louvain_communities(connected, weight="weight", seed=seed)
        modularity: float | None = nx.community.modularity(connected, found, weight="weight")
    else:
        found, modularity = [], None
    if timings is not None:
        timings["communities"] = time.perf_counter() - clock
    groups = sorted((frozenset(c) for c in found if len(c) > 1), key=lambda c: (-len(c), min(c)))
    community_of = {v: i for i, group in enumerate(groups) for v in group}

    scale = 1 / (n - 1) if n > 1 else 0.0
    nodes = {
        v: NodeMetrics(
            id=v,
            is_member=v in member_set,
            degree=graph.degree(v),
            weighted_degree=graph.degree(v, weight="weight"),
            degree_centrality=graph.degree(v) * scale,
            betweenness=betweenness.get(v, 0.0),
            community=community_of.get(v),
        )
        for v in graph
    }
    edges = tuple(
        EdgeMetrics(
            a=min(a, b),
            b=max(a, b),
            weight=data["weight"],
            kinds=tuple(sorted(data["kinds"].items())),
            crosses_border=(a in member_set) != (b in member_set),
        )
        for a, b, data in graph.edges(data=True)
    )
    border = sorted((e for e in edges if e.crosses_border), key=lambda e: (-e.weight, e.a, e.b))
    isolated = tuple(sorted(v for v in member_set if v not in graph or graph.degree(v) == 0))
    return CooperationAnalysis(
        nodes=nodes,
        edges=edges,
        communities=tuple(groups),
        isolated=isolated,
        border_edges=tuple(border),
        modularity=modularity,
        betweenness_samples=sampled,
    )


def competence_phrases(text: str) -> frozenset[str]:
    """The competences an organisation names, as short phrases.

    Profiles list competences separated by commas, semicolons, bullets or lines; a comma
    inside parentheses or between digits ("0,005 mm") separates nothing. A phrase of more
    than six words is a sentence, not a competence, and is left out; the same phrase in
    other case is kept once.

    >>> sorted(competence_phrases("Technische Keramik, Sintern; Lasertechnik\\nsintern"))
    ['Lasertechnik', 'Sintern', 'Technische Keramik']
    >>> sorted(competence_phrases("FEM (Statik, CFD), Toleranzen bis 0,005 mm"))
    ['FEM (Statik, CFD)', 'Toleranzen bis 0,005 mm']
    """
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    text = text or ""
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        between_digits = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        if depth <= 0 and char in ",;\n\u2022" and not between_digits:
            parts.append("".join(current))
            current, depth = [], 0
        else:
            current.append(char)
    parts.append("".join(current))
    phrases: dict[str, str] = {}
    for part in parts:
        phrase = " ".join(part.split()).strip(" .:-\u2013")
        if len(phrase) > 2 and len(phrase.split()) <= 6:
            phrases.setdefault(phrase.casefold(), phrase)
    return frozenset(phrases.values())


def suggest_introductions(
    graph: nx.Graph,
    members: Collection[int],
    *,
    competences: Mapping[int, frozenset[str]] | None = None,
    similarity: Callable[[int, int], float | None] | None = None,
    similar_pairs: Iterable[tuple[int, int]] = (),
    exclude: Collection[frozenset[int]] = (),
    limit: int = 10,
    hub_cap: int = HUB_CAP,
) -> list[Suggestion]:
    """Pairs of members without a tie that should work together, best first.

    Candidates are pairs with shared partners (any organisation, member or not, that
    both worked with) and the ``similar_pairs``; ``similarity(a, b)`` gives a pair's
    profile similarity (0..1, e.g. from the matching engine's vectors) or None. The score
    adds the Adamic-Adar index (each shared partner counts 1/log(its number of partners):
    a small partner in common says more than a big one) and the similarity. Pairs in
    ``exclude`` (already introduced) are left out. ``competences`` gives each member's
    competence phrases, for the explanation: what both name and what only one brings.

    >>> g = build_graph([Tie(1, 3, "p"), Tie(2, 3, "p"), Tie(1, 4, "p"), Tie(2, 4, "p")])
    >>> [(s.a, s.b, s.shared_partners) for s in suggest_introductions(g, {1, 2})]
    [(1, 2, (3, 4))]
    """
    member_list = sorted(v for v in members if v in graph)
    excluded = {frozenset(p) for p in exclude}
    competences = competences or {}
    member_set = frozenset(member_list)
    wanted = {
        ((u, v) if u < v else (v, u))
        for u, v in similar_pairs
        if u != v and u in member_set and v in member_set
    }
    # the best untied pairs by shared partners (twice as many as asked for: the
    # similarity may reorder them) and the similar ones; the full score only for these
    candidates = _adamic_adar(
        graph, member_list, hub_cap, top=(limit + len(excluded)) * 2, also=wanted
    )
    for key in wanted:
        candidates.setdefault(key, 0.0)

    suggestions = []
    for (u, v), adamic_adar in candidates.items():
        if graph.has_edge(u, v) or frozenset((u, v)) in excluded:
            continue
        sim = similarity(u, v) if similarity is not None else None
        score = adamic_adar + (sim or 0.0)
        if score <= 0:
            continue
        cu = {c.casefold(): c for c in competences.get(u, ())}
        cv = {c.casefold(): c for c in competences.get(v, ())}
        suggestions.append(
            Suggestion(
                a=u,
                b=v,
                score=score,
                shared_partners=_shared_partners(graph, u, v, hub_cap),
                adamic_adar=adamic_adar,
                similarity=sim,
                shared_competences=tuple(sorted(cu[k] for k in cu.keys() & cv.keys())),
                only_a=tuple(sorted(cu[k] for k in cu.keys() - cv.keys())),
                only_b=tuple(sorted(cv[k] for k in cv.keys() - cu.keys())),
            )
        )
    suggestions.sort(key=lambda s: (-s.score, s.a, s.b))
    return suggestions[:limit]


def _adamic_adar(
    graph: nx.Graph,
    members: list[int],
    hub_cap: int,
    *,
    top: int,
    also: Collection[tuple[int, int]] = (),
) -> dict[tuple[int, int], float]:
    """The ``top`` pairs of members by Adamic-Adar index, and the pairs in ``also``.

    ``A_m · diag(1/log deg) · A_mᵀ`` over the members' rows of the adjacency matrix, a
    sparse product in C; a partner with fewer than two or more than ``hub_cap`` ties
    contributes nothing.
    """
    if len(members) < 2 or graph.number_of_edges() == 0:
        return {}
    order = list(graph)
    position = {v: i for i, v in enumerate(order)}
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=order, weight=None, format="csr")
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        gain = np.where((degree >= 2) & (degree <= hub_cap), 1 / np.log(degree), 0.0)
    rows = adjacency[[position[v] for v in members]]
    product = (rows @ sparse.diags_array(gain) @ rows.T).tocsr()
    # pairs that work together already are no candidates
    tied = rows[:, [position[v] for v in members]]
    product = (product - product.multiply(tied)).tocsr()
    upper = sparse.triu(product, k=1).tocoo()
    data = upper.data
    chosen = np.argpartition(-data, top)[:top] if len(data) > top else np.arange(len(data))
    chosen = chosen[data[chosen] > 0]
    found = {
        (members[i], members[j]): float(value)
        for i, j, value in zip(upper.row[chosen], upper.col[chosen], data[chosen], strict=True)
    }
    index = {v: i for i, v in enumerate(members)}
    for u, v in also:
        value = float(product[index[u], index[v]])
        if value > 0:
            found[u, v] = value
    return found


def _shared_partners(graph: nx.Graph, u: int, v: int, hub_cap: int) -> tuple[int, ...]:
    """The partners both worked with, the most telling (fewest ties) first."""
    shared = [
        w for w in set(graph.neighbors(u)) & set(graph.neighbors(v)) if graph.degree(w) <= hub_cap
    ]
    return tuple(sorted(shared, key=lambda w: (graph.degree(w), w)))
