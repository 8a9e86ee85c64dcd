"""Link signals on the cooperation graph: common partners, Adamic-Adar, personalised PageRank.

The graph is bipartite, organisations x projects, given as a sparse 0/1 incidence matrix
``B`` (organisations in rows). Its projection ``B Bᵀ`` links two organisations that share
a project; the signals below score how close a candidate is to a set of seeds (the lead
organisation and the partners already chosen).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

__all__ = [
    "BipartiteWalk",
    "adamic_adar",
    "common_partners",
    "partner_graph",
    "personalized_pagerank",
]


def partner_graph(incidence: sp.spmatrix) -> sp.csr_matrix:
    """Organisation x organisation 0/1 matrix: 1 where two organisations shared a project.

    Symmetric, zero diagonal. O(sum over projects of size²); about 1.8 million entries for
    all of H2020 2014-2019.

    >>> b = sp.csr_matrix(np.array([[1, 1], [1, 0], [0, 1]]))
    >>> partner_graph(b).toarray().astype(int).tolist()
    [[0, 1, 1], [1, 0, 0], [1, 0, 0]]
    """
    b = sp.csr_matrix(incidence, dtype=np.float64)
    joint = sp.csr_matrix(b @ b.T)
    joint.setdiag(0)
    joint.eliminate_zeros()
    joint.data[:] = 1.0
    return joint


def _through_neighbours(
    graph: sp.csr_matrix, seeds: Sequence[int], weight: np.ndarray
) -> np.ndarray:
    """Sum over the seeds' partners z of ``weight[z]`` times z's row of the graph."""
    n = graph.shape[0]
    neighbours = np.zeros(n)
    for seed in seeds:
        if 0 <= seed < n:
            neighbours[graph.indices[graph.indptr[seed] : graph.indptr[seed + 1]]] += 1.0
    idx = np.flatnonzero(neighbours)
    row = sp.csr_matrix(
        ((neighbours * weight)[idx], (np.zeros(len(idx), dtype=np.int64), idx)), shape=(1, n)
    )
    # Touches only the partners' rows: O(sum of their degrees), not O(nnz).
    return np.asarray((row @ graph).todense()).ravel()


def common_partners(graph: sp.csr_matrix, seeds: Sequence[int]) -> np.ndarray:
    """Number of distinct partners each organisation shares with the seeds.

    ``graph`` is the 0/1 matrix of :func:`partner_graph`. With several seeds the counts
    are added; seeds outside the graph (index -1) are ignored. O(sum of the degrees of the
    seeds' partners).

    >>> g = partner_graph(sp.csr_matrix(np.array([[1, 0], [1, 1], [0, 1]])))
    >>> common_partners(g, [0]).astype(int).tolist()  # 0 and 2 share partner 1
    [1, 0, 1]
    """
    return _through_neighbours(graph, seeds, np.ones(graph.shape[0]))


def adamic_adar(graph: sp.csr_matrix, seeds: Sequence[int]) -> np.ndarray:
    """Adamic-Adar index of every organisation with the seeds.

    ``AA(x, y) = sum over common partners z of 1 / log(degree(z))``, degree = number of
    distinct partners, so that a shared partner who works with everybody counts little.
    Added over seeds. O(sum of the degrees of the seeds' partners).

    >>> g = partner_graph(sp.csr_matrix(np.array([[1, 0], [1, 1], [0, 1]])))
    >>> [round(float(x), 3) for x in adamic_adar(g, [0])]  # 1 / log 2 via partner 1
    [1.443, 0.0, 1.443]
    """
    degree = np.diff(graph.indptr).astype(np.float64)
    return _through_neighbours(graph, seeds, 1.0 / np.log(np.maximum(degree, 2.0)))


class BipartiteWalk:
    """Random walk organisation -> project -> organisation, prepared for many PageRanks.

    Building costs O(nnz); each :meth:`pagerank` then costs O(iterations x nnz x k).
    """

    def __init__(self, incidence: sp.spmatrix, project_weights: np.ndarray | None = None):
        b = sp.csr_matrix(incidence, dtype=np.float64)
        if project_weights is not None:
            b = sp.csr_matrix(b @ sp.diags(np.asarray(project_weights, dtype=np.float64)))
            b.eliminate_zeros()
        sums = np.asarray(b.sum(axis=1)).ravel()
        self.dangling = sums == 0
        inverse = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums > 0)
        to_project = sp.csr_matrix(sp.diags(inverse) @ b)
        members = sp.csr_matrix(b.T, dtype=np.float64)
        members.data[:] = 1.0
        size = np.asarray(members.sum(axis=1)).ravel()
        to_organisation = sp.csr_matrix(
            sp.diags(np.divide(1.0, size, out=np.zeros_like(size), where=size > 0)) @ members
        )
        self._to_project_t = to_project.T.tocsr()
        self._to_organisation_t = to_organisation.T.tocsr()

    def pagerank(
        self, restart: np.ndarray, *, alpha: float = 0.3, tol: float = 1e-6, max_iter: int = 50
    ) -> np.ndarray:
        """Stationary distribution per restart column; see :func:`personalized_pagerank`."""
        start = np.asarray(restart, dtype=np.float64)
        rank = start.copy()
        for _ in range(max_iter):
            walked = self._to_organisation_t @ (self._to_project_t @ rank)
            lost = rank[self.dangling].sum(axis=0)
            new = alpha * start + (1 - alpha) * (walked + lost * start)
            delta = float(np.abs(new - rank).sum(axis=0).max()) if new.size else 0.0
            rank = new
            if delta < tol:
                break
        return rank


def personalized_pagerank(
    incidence: sp.spmatrix,
    restart: np.ndarray,
    *,
    alpha: float = 0.3,
    project_weights: np.ndarray | None = None,
    tol: float = 1e-6,
    max_iter: int = 50,
) -> np.ndarray:
    """Personalised PageRank of organisations on the bipartite organisation-project graph.

    A walker at an organisation jumps back to the restart distribution with probability
    ``alpha``; otherwise it picks one of the organisation's projects (proportional to
    ``project_weights``, e.g. a recency decay) and then one of that project's participants.
    The result is the stationary distribution over organisations.

    Parameters
    ----------
    incidence
        Organisation x project 0/1 matrix.
    restart
        Restart distribution over organisations, shape ``(n,)`` or ``(n, k)`` to compute
        ``k`` personalisations at once (one per column, each summing to 1).
    alpha
        Restart probability per organisation step; higher keeps the walk closer to the seeds.
    project_weights
        Non-negative weight per project; projects of weight 0 are never walked.
    tol, max_iter
        Stop when the L1 change of every column falls below ``tol``.

    Returns
    -------
    numpy.ndarray
        Same shape as ``restart``; every column sums to 1.

    Notes
    -----
    Power iteration, O(iterations x nnz(incidence) x k); it converges geometrically with
    rate ``1 - alpha``, so 20-40 iterations suffice. Organisations without a (weighted)
    project hand their mass back to the restart distribution.

    >>> b = sp.csr_matrix(np.array([[1, 0], [1, 1], [0, 1]]))
    >>> r = personalized_pagerank(b, np.array([1.0, 0, 0]))
    >>> round(float(r.sum()), 6), bool(r[0] > r[1] > r[2])
    (1.0, True)
    """
    walk = BipartiteWalk(incidence, project_weights)
    return walk.pagerank(restart, alpha=alpha, tol=tol, max_iter=max_iter)
