"""Rank organisations that would complete a consortium, with weights learned from history.

For a query (lead organisation, theme, partners already chosen) every organisation of the
history is a potential partner. A few cheap signals each nominate their best candidates
(the lead's earlier partners, the personalised PageRank from the lead, Adamic-Adar, the
most active organisations in the theme and overall, the most active ones from the lead's
country); the union is scored by a linear model over all signals. The weights of that
model are learned from the history itself: for a year ``y`` before the one asked about,
the history before ``y`` plays the part of the history and the projects that started in
``y`` play the queries (:func:`training_split`, :func:`fit_ranking_model`).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import scipy.optimize
import scipy.sparse as sp

from nahwerk_engine.consortium.graph import BipartiteWalk, adamic_adar, common_partners
from nahwerk_engine.consortium.graph import partner_graph as build_partner_graph
from nahwerk_engine.consortium.history import ConsortiumHistory, decimal_year

__all__ = [
    "FEATURES",
    "ConsortiumCase",
    "PartnerQuery",
    "PartnerRanker",
    "PartnerSuggestion",
    "RankingModel",
    "RankingParams",
    "Reason",
    "cases_starting_in",
    "fit_ranking_model",
    "suggest_partners",
    "training_split",
]

#: Signals the model weighs, in the order of its coefficients.
FEATURES: tuple[str, ...] = (
    "joint_projects",  # log(1 + projects shared with the lead / chosen partners)
    "joint_recent",  # the same, each project weighted by its recency
    "joint_in_theme",  # log(1 + shared projects in the query's theme)
    "joint_led",  # log(1 + shared projects that the lead / a chosen partner coordinated)
    "common_partners",  # log(1 + distinct partners shared with the lead / chosen)
    "adamic_adar",  # log(1 + Adamic-Adar index with the lead / chosen)
    "pagerank",  # log(1 + n x personalised PageRank from the lead / chosen)
    "theme_projects",  # log(1 + recency-weighted projects in the theme)
    "theme_share",  # share of the candidate's projects that are in the theme
    "projects",  # log(1 + projects overall)
    "recent_projects",  # log(1 + recency-weighted projects overall)
    "years_inactive",  # years since the candidate's latest project started
    "coordinator_share",  # share of the candidate's projects it coordinated
    "type_fit",  # log lift of the candidate's type given the lead's type
    "type_theme_fit",  # log lift of the candidate's type in the theme
    "country_fit",  # log lift of the candidate's country given the lead's country
    "same_country",  # 1 when candidate and lead are in the same country
    # Squares let the weight of the strongest signals bend (a GAM in miniature).
    "joint_projects_sq",
    "joint_in_theme_sq",
    "common_partners_sq",
    "pagerank_sq",
    "theme_projects_sq",
)

# Which features make up which explained signal.
_SIGNAL_OF = {
    "joint_projects": "joint",
    "joint_recent": "joint",
    "joint_in_theme": "joint",
    "joint_led": "joint",
    "joint_projects_sq": "joint",
    "joint_in_theme_sq": "joint",
    "common_partners_sq": "network",
    "pagerank_sq": "network",
    "theme_projects_sq": "theme",
    "common_partners": "network",
    "adamic_adar": "network",
    "pagerank": "network",
    "theme_projects": "theme",
    "theme_share": "theme",
    "projects": "popularity",
    "recent_projects": "popularity",
    "years_inactive": "activity",
    "coordinator_share": "popularity",
    "type_fit": "type",
    "type_theme_fit": "type",
    "country_fit": "country",
    "same_country": "country",
}

_LIFT_PRIOR = 20.0  # pseudo-observations that pull a rare pair's lift towards 1


@dataclass(frozen=True, slots=True)
class RankingParams:
    """Settings that are chosen, not fitted (tuned on earlier years, see docs/matching.md).

    ``alpha`` is the restart probability of the personalised PageRank, ``half_life`` the
    age in years at which a project counts half (for recency weights and the walk),
    ``candidates_per_signal`` how many organisations each signal nominates, ``l2`` the
    ridge penalty of the fit.
    """

    alpha: float = 0.3
    half_life: float = 2.0
    candidates_per_signal: int = 100
    l2: float = 1e-3


@dataclass(frozen=True, slots=True)
class PartnerQuery:
    """Who leads, on what theme, with whom already.

    ``themes`` are programme parts (or any theme labels the history uses). ``lead_type``
    and ``lead_country`` describe the lead when the history does not know it yet; the
    history's values win when it does.
    """

    lead: str
    themes: tuple[str, ...] = ()
    chosen: tuple[str, ...] = ()
    lead_type: str = ""
    lead_country: str = ""


@dataclass(frozen=True, slots=True)
class Reason:
    """One signal behind a suggestion: its share of the score and a sentence for people."""

    signal: str
    contribution: float
    text: str


@dataclass(frozen=True, slots=True)
class PartnerSuggestion:
    """A ranked organisation with the reasons that put it there (strongest first)."""

    organisation_id: str
    score: float
    org_type: str
    country: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class ConsortiumCase:
    """A real project used as a query: its lead and theme in, its partners expected out."""

    project_id: str
    start: date
    query: PartnerQuery
    partners: frozenset[str]


@dataclass(frozen=True)
class RankingModel:
    """Weights of the signals, with the standardisation they apply to; saved as JSON.

    ``score = sum(coef[i] * (x[i] - mean[i]) / scale[i])``. ``trained_on`` records the
    case years and number of cases the weights were fitted on.
    """

    coef: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    params: RankingParams = RankingParams()
    features: tuple[str, ...] = FEATURES
    trained_on: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.features != FEATURES:
            raise ValueError(
                f"model was fitted on features {self.features!r}, expected {FEATURES!r}"
            )
        if not len(self.coef) == len(self.mean) == len(self.scale) == len(FEATURES):
            raise ValueError("coef, mean and scale need one value per feature")

    def to_json(self) -> str:
        """The model as a JSON document (stable key order, human-readable)."""
        document = {
            "format": "nahwerk.consortium.ranking-model/1",
            "features": list(self.features),
            "coef": list(self.coef),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "params": asdict(self.params),
            "trained_on": self.trained_on,
        }
        return json.dumps(document, indent=2)

    @classmethod
    def from_json(cls, text: str) -> RankingModel:
        """Read a model written by :meth:`to_json`."""
        document = json.loads(text)
        if document.get("format") != "nahwerk.consortium.ranking-model/1":
            raise ValueError("not a nahwerk consortium ranking model")
        return cls(
            coef=tuple(float(x) for x in document["coef"]),
            mean=tuple(float(x) for x in document["mean"]),
            scale=tuple(float(x) for x in document["scale"]),
            params=RankingParams(**document["params"]),
            features=tuple(document["features"]),
            trained_on=dict(document.get("trained_on", {})),
        )

    def save(self, path: str | Path) -> None:
        """Write the model to ``path`` as JSON."""
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> RankingModel:
        """Read a model saved with :meth:`save`."""
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    @classmethod
    def default(cls) -> RankingModel:
        """Weights fitted on CORDIS H2020 cases of 2018 and 2019 (history before each year).

        A reasonable start for any history of the same kind; fit your own with
        :func:`fit_ranking_model` once the platform's history is large enough.
        """
        return cls.from_json(json.dumps(_DEFAULT_MODEL))

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Score rows of raw features (n x len(FEATURES)). O(n x features)."""
        return np.asarray(self._standardise(features) @ np.asarray(self.coef))

    def contributions(self, features: np.ndarray) -> np.ndarray:
        """Per-feature terms of the score, same shape as ``features``."""
        return np.asarray(self._standardise(features) * np.asarray(self.coef))

    def _standardise(self, features: np.ndarray) -> np.ndarray:
        return (np.asarray(features) - np.asarray(self.mean)) / np.asarray(self.scale)


# --------------------------------------------------------------------------------------
# Learned type and country affinities


def _lift_table(pairs: Counter[tuple[str, str]]) -> dict[str, dict[str, float]]:
    """log(P(b | a) / P(b)) for each observed pair, smoothed towards 0 for rare ``a``.

    >>> table = _lift_table(Counter({("PRC", "REC"): 30, ("PRC", "PRC"): 10, ("HES", "PRC"): 40}))
    >>> round(table["PRC"]["REC"], 2) > 0 > round(table["PRC"]["PRC"], 2)
    True
    """
    marginal: Counter[str] = Counter()
    given: Counter[str] = Counter()
    for (a, b), n in pairs.items():
        marginal[b] += n
        given[a] += n
    total = sum(marginal.values())
    table: dict[str, dict[str, float]] = {}
    for (a, b), n in pairs.items():
        prior = marginal[b] / total
        conditional = (n + _LIFT_PRIOR * prior) / (given[a] + _LIFT_PRIOR)
        table.setdefault(a, {})[b] = math.log(conditional / prior)
    for a in given:  # unseen pairs: only the prior's share of the smoothed conditional
        for b in marginal:
            if b not in table[a]:
                prior = marginal[b] / total
                table[a][b] = math.log((_LIFT_PRIOR * prior) / (given[a] + _LIFT_PRIOR) / prior)
    return table


# --------------------------------------------------------------------------------------
# The ranker


class PartnerRanker:
    """Everything a query needs, precomputed once per history, model and date.

    Building costs O(nnz + sum over projects of size²) (the partner graph); one query then
    costs O(PageRank) = O(iterations x nnz) plus O(n log k) for the candidates, a few
    milliseconds on the H2020 history (32,000 organisations, 116,000 participations).
    """

    def __init__(
        self,
        history: ConsortiumHistory,
        model: RankingModel | None = None,
        *,
        as_of: date | None = None,
    ) -> None:
        self.history = history
        self.model = model or RankingModel.default()
        params = self.model.params
        latest = history.latest_start
        self.as_of = as_of or ((latest + timedelta(days=1)) if latest else date.today())
        now = decimal_year(self.as_of)
        times = history.project_times()
        self.project_times = times
        self.recency = np.power(0.5, np.maximum(now - times, 0.0) / params.half_life)
        b = history.incidence
        self.n = history.n_organisations
        self.total = np.diff(b.indptr).astype(np.float64)
        self.recent_total = np.asarray(b @ self.recency).ravel()
        self.last_start = (
            np.asarray(sp.csr_matrix(b.multiply(times[None, :])).max(axis=1).todense()).ravel()
            if self.n
            else np.zeros(0)
        )
        self.years_inactive = now - self.last_start
        leads = history.project_leads[history.project_leads >= 0]
        self.coordinated = np.bincount(leads, minlength=self.n).astype(np.float64)
        self.graph = build_partner_graph(b)
        self.walk = BipartiteWalk(b, self.recency)
        self._theme_cache: dict[frozenset[str], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._learn_affinities()

    # -- learned affinities ------------------------------------------------------------

    def _learn_affinities(self) -> None:
        h = self.history
        types = np.array(h.org_types, dtype=object)
        countries = np.array(h.org_countries, dtype=object)
        type_pairs: Counter[tuple[str, str]] = Counter()
        country_pairs: Counter[tuple[str, str]] = Counter()
        theme_types: Counter[tuple[str, str]] = Counter()
        for j in range(h.n_projects):
            members = h.participants(j)
            lead = int(h.project_leads[j])
            for theme in h.project_themes[j]:
                theme_types.update((theme, t) for t in types[members])
            if lead < 0:
                continue
            others = members[members != lead]
            type_pairs.update((types[lead], t) for t in types[others])
            country_pairs.update((countries[lead], c) for c in countries[others])
        self.type_lift = _lift_table(type_pairs)
        self.country_lift = _lift_table(country_pairs)
        self.theme_type_lift = _lift_table(theme_types)
        self._type_codes, self._type_names = _codes(h.org_types)
        self._country_codes, self._country_names = _codes(h.org_countries)

    def _lift_vector(
        self, table: dict[str, dict[str, float]], key: str, codes: np.ndarray, names: list[str]
    ) -> np.ndarray:
        row = table.get(key)
        if not row:
            return np.zeros(self.n)
        return np.array([row.get(name, 0.0) for name in names])[codes]

    def _theme_vectors(self, themes: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Projects in the theme per organisation: count, recency-weighted, first start."""
        key = frozenset(themes)
        cached = self._theme_cache.get(key)
        if cached is None:
            in_theme = np.array([bool(key & t) for t in self.history.project_themes], dtype=float)
            b = self.history.incidence
            count = np.asarray(b @ in_theme).ravel()
            recent = np.asarray(b @ (in_theme * self.recency)).ravel()
            first = np.asarray(
                sp.csr_matrix(b.multiply((in_theme * (3000.0 - self.project_times))[None, :]))
                .max(axis=1)
                .todense()
            ).ravel()
            cached = (count, recent, np.where(first > 0, 3000.0 - first, np.nan))
            self._theme_cache[key] = cached
        return cached

    # -- per query -----------------------------------------------------------------------

    def seeds(self, query: PartnerQuery) -> list[int]:
        """Indices of the lead and chosen partners the history knows."""
        found = (self.history.index_of(o) for o in (query.lead, *query.chosen))
        return [i for i in found if i >= 0]

    def restart_vector(self, query: PartnerQuery) -> np.ndarray | None:
        """Uniform restart distribution over the seeds, ``None`` without a known seed."""
        seeds = self.seeds(query)
        if not seeds:
            return None
        vector = np.zeros(self.n)
        vector[seeds] = 1.0 / len(seeds)
        return vector

    def pagerank_many(self, queries: Sequence[PartnerQuery], batch: int = 128) -> list[np.ndarray]:
        """Personalised PageRank for many queries at once (batched sparse x dense products)."""
        result: list[np.ndarray] = [np.zeros(self.n)] * len(queries)
        starts = [(i, self.restart_vector(q)) for i, q in enumerate(queries)]
        known = [(i, v) for i, v in starts if v is not None]
        for offset in range(0, len(known), batch):
            chunk = known[offset : offset + batch]
            block = np.column_stack([v for _, v in chunk])
            ranks = self.walk.pagerank(block, alpha=self.model.params.alpha)
            for column, (i, _) in enumerate(chunk):
                result[i] = ranks[:, column]
        return result

    def _lead_attributes(self, query: PartnerQuery) -> tuple[int, str, str]:
        lead = self.history.index_of(query.lead)
        if lead >= 0:
            h = self.history
            return (
                lead,
                h.org_types[lead] or query.lead_type,
                h.org_countries[lead] or query.lead_country,
            )
        return lead, query.lead_type, query.lead_country

    def features(
        self, query: PartnerQuery, pagerank: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Candidate indices and their raw feature rows (len(candidates) x len(FEATURES)).

        Candidates are the union of each signal's top ``candidates_per_signal``; the lead
        and the chosen partners are never candidates.
        """
        n = self.n
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros((0, len(FEATURES)))
        seeds = self.seeds(query)
        _, lead_type, lead_country = self._lead_attributes(query)
        if pagerank is None:
            restart = self.restart_vector(query)
            pagerank = (
                self.walk.pagerank(restart, alpha=self.model.params.alpha)
                if restart is not None
                else np.zeros(n)
            )
        theme_count, theme_recent, _ = self._theme_vectors(query.themes)
        joint, joint_recent, joint_theme, joint_led = self._joint(seeds, query.themes)
        common = common_partners(self.graph, seeds) if seeds else np.zeros(n)
        aa = adamic_adar(self.graph, seeds) if seeds else np.zeros(n)
        country_fit = self._lift_vector(
            self.country_lift, lead_country, self._country_codes, self._country_names
        )
        same_country = (
            (np.array(self._country_names)[self._country_codes] == lead_country).astype(float)
            if lead_country
            else np.zeros(n)
        )

        k = self.model.params.candidates_per_signal
        nominated = [
            _top(joint_recent, 3 * k),
            _top(pagerank, k),
            _top(aa, k),
            _top(theme_recent, k),
            _top(self.recent_total, k),
            _top(theme_recent * same_country, k),
        ]
        candidates = np.unique(np.concatenate(nominated))
        if seeds:
            candidates = np.setdiff1d(candidates, np.array(seeds), assume_unique=True)

        c = candidates
        total = self.total[c]
        columns = {
            "joint_projects": np.log1p(joint[c]),
            "joint_recent": np.log1p(joint_recent[c]),
            "joint_in_theme": np.log1p(joint_theme[c]),
            "common_partners": np.log1p(common[c]),
            "adamic_adar": np.log1p(aa[c]),
            "pagerank": np.log1p(n * pagerank[c]),
            "theme_projects": np.log1p(theme_recent[c]),
            "theme_share": theme_count[c] / np.maximum(total, 1.0),
            "projects": np.log1p(total),
            "recent_projects": np.log1p(self.recent_total[c]),
            "years_inactive": self.years_inactive[c],
            "coordinator_share": self.coordinated[c] / np.maximum(total, 1.0),
            "type_fit": self._lift_vector(
                self.type_lift, lead_type, self._type_codes, self._type_names
            )[c],
            "type_theme_fit": self._type_theme_fit(query.themes)[c],
            "country_fit": country_fit[c],
            "same_country": same_country[c],
            "joint_led": np.log1p(joint_led[c]),
        }
        for name in FEATURES:
            if name.endswith("_sq"):
                columns[name] = columns[name[:-3]] ** 2
        return candidates, np.column_stack([columns[name] for name in FEATURES])

    def _type_theme_fit(self, themes: Sequence[str]) -> np.ndarray:
        vectors = [
            self._lift_vector(self.theme_type_lift, t, self._type_codes, self._type_names)
            for t in themes
        ]
        return np.mean(vectors, axis=0) if vectors else np.zeros(self.n)

    def _joint(
        self, seeds: Sequence[int], themes: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Joint projects of every organisation with the seeds.

        Four counts: all, recency-weighted, in the theme, and those a seed coordinated.
        O(sum of the seeds' project sizes).
        """
        n = self.n
        if not seeds:
            zero = np.zeros(n)
            return zero, zero, zero, zero
        h = self.history
        projects = np.concatenate([h.projects_of(s) for s in seeds])
        key = frozenset(themes)
        in_theme = np.array([bool(key & h.project_themes[j]) for j in projects], dtype=float)
        led = np.isin(h.project_leads[projects], np.array(seeds)).astype(float)
        values = np.concatenate([np.ones(len(projects)), self.recency[projects], in_theme, led])
        selector = sp.csr_matrix(
            (values, (np.repeat(np.arange(4), len(projects)), np.tile(projects, 4))),
            shape=(4, h.n_projects),
        )
        joint = np.asarray((selector @ h.incidence_t).todense())
        return joint[0], joint[1], joint[2], joint[3]

    def suggest(
        self, query: PartnerQuery, *, limit: int = 50, pagerank: np.ndarray | None = None
    ) -> list[PartnerSuggestion]:
        """The ``limit`` best partners for the query, explained. See :func:`suggest_partners`."""
        candidates, rows = self.features(query, pagerank)
        if len(candidates) == 0:
            return []
        scores = self.model.scores(rows)
        order = np.lexsort((candidates, -scores))[:limit]
        contributions = self.model.contributions(rows[order])
        return [
            self._explain(query, int(candidates[i]), float(scores[i]), contributions[r])
            for r, i in enumerate(order)
        ]

    def rank(
        self, query: PartnerQuery, *, limit: int | None = 50, pagerank: np.ndarray | None = None
    ) -> list[str]:
        """Only the organisation ids of :meth:`suggest`, best first (no explanations).

        ``limit=None`` returns every candidate the signals nominated (about 400), so that
        a benchmark can tell how many true partners the candidate set holds at all.
        """
        candidates, rows = self.features(query, pagerank)
        if len(candidates) == 0:
            return []
        scores = self.model.scores(rows)
        order = np.lexsort((candidates, -scores))[:limit]
        ids = self.history.organisation_ids
        return [ids[int(candidates[i])] for i in order]

    # -- explanations --------------------------------------------------------------------

    def _explain(
        self, query: PartnerQuery, candidate: int, score: float, contributions: np.ndarray
    ) -> PartnerSuggestion:
        by_signal: dict[str, float] = {}
        for name, value in zip(FEATURES, contributions, strict=True):
            signal = _SIGNAL_OF[name]
            by_signal[signal] = by_signal.get(signal, 0.0) + float(value)
        reasons = []
        for signal, value in sorted(by_signal.items(), key=lambda item: -item[1]):
            if value <= 0:
                break
            text = self._reason_text(signal, query, candidate)
            if text:
                reasons.append(Reason(signal=signal, contribution=round(value, 4), text=text))
        h = self.history
        return PartnerSuggestion(
            organisation_id=h.organisation_ids[candidate],
            score=score,
            org_type=h.org_types[candidate],
            country=h.org_countries[candidate],
            reasons=tuple(reasons),
        )

    def _reason_text(self, signal: str, query: PartnerQuery, candidate: int) -> str:
        h = self.history
        if signal == "joint":
            return self._joint_text(query, candidate)
        if signal == "network":
            graph = self.graph
            seeds = self.seeds(query)
            around = {
                int(z) for s in seeds for z in graph.indices[graph.indptr[s] : graph.indptr[s + 1]]
            }
            mine = graph.indices[graph.indptr[candidate] : graph.indptr[candidate + 1]]
            shared = len(around.intersection(mine.tolist()))
            if not shared:
                return ""
            whom = "the lead" if not query.chosen else "the lead and the chosen partners"
            return f"{shared} partner{'s' if shared != 1 else ''} in common with {whom}"
        if signal == "theme":
            count, _, first = self._theme_vectors(query.themes)
            if not count[candidate]:
                return ""
            theme = "/".join(sorted(query.themes))
            return f"{int(count[candidate])} projects in {theme} since {int(first[candidate])}"
        if signal == "popularity":
            return f"{int(self.total[candidate])} projects overall"
        if signal == "activity":
            return f"latest project started {int(self.last_start[candidate])}"
        if signal == "type":
            _, lead_type, _ = self._lead_attributes(query)
            mine = h.org_types[candidate]
            if not mine:
                return ""
            lift = self.type_lift.get(lead_type, {}).get(mine)
            if lead_type and lift is not None and lift > 0:
                verb = "complements" if mine != lead_type else "often joins"
                return (
                    f"type {mine} {verb} {lead_type} leads (x{math.exp(lift):.1f} the usual rate)"
                )
            theme = "/".join(sorted(query.themes))
            return f"type {mine} is frequent in {theme}" if theme else ""
        if signal == "country":
            _, _, lead_country = self._lead_attributes(query)
            mine = h.org_countries[candidate]
            if not mine or not lead_country:
                return ""
            if mine == lead_country:
                return f"same country as the lead ({mine})"
            return f"partners from {mine} are frequent for leads from {lead_country}"
        return ""

    def _joint_text(self, query: PartnerQuery, candidate: int) -> str:
        h = self.history
        mine = set(h.projects_of(candidate).tolist())
        parts = []
        lead = h.index_of(query.lead)
        groups = [("the lead", [lead] if lead >= 0 else [])]
        chosen = [i for i in (h.index_of(o) for o in query.chosen) if i >= 0]
        if chosen:
            groups.append(("the chosen partners", chosen))
        for whom, members in groups:
            shared = {int(j) for s in members for j in h.projects_of(s) if int(j) in mine}
            if shared:
                latest = max(h.project_starts[j].year for j in shared)
                word = "joint project" if len(shared) == 1 else "joint projects"
                parts.append(f"{len(shared)} {word} with {whom}, most recent {latest}")
        return "; ".join(parts)


def _codes(values: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    names = sorted(set(values))
    lookup = {name: i for i, name in enumerate(names)}
    return np.array([lookup[v] for v in values], dtype=np.int64), names


def _top(values: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest positive values (any order). O(n)."""
    positive = np.flatnonzero(values > 0)
    if len(positive) <= k:
        return positive
    return positive[np.argpartition(-values[positive], k)[:k]]


# --------------------------------------------------------------------------------------
# Public entry point


def suggest_partners(
    history: ConsortiumHistory,
    *,
    lead: str,
    theme: str | Sequence[str] = (),
    chosen: Sequence[str] = (),
    limit: int = 50,
    model: RankingModel | None = None,
    as_of: date | None = None,
    lead_type: str = "",
    lead_country: str = "",
) -> list[PartnerSuggestion]:
    """Rank organisations that would complete the consortium of ``lead`` on ``theme``.

    Parameters
    ----------
    history
        The cooperation history (only projects that started before ``as_of`` should be in it).
    lead
        Organisation id (PIC) of the lead.
    theme
        Programme part(s) of the planned project.
    chosen
        Partners already in the consortium; they join the lead as seeds of the graph signals
        and are never suggested.
    limit
        Number of suggestions.
    model
        Learned weights, :meth:`RankingModel.default` when omitted.
    as_of
        Date the recency weights are measured from; the day after the latest project start
        when omitted.
    lead_type, lead_country
        Describe a lead the history does not know yet.

    Returns
    -------
    list of PartnerSuggestion
        Best first, each with its reasons.

    Notes
    -----
    Builds a :class:`PartnerRanker` (O(sum over projects of size²)) for every call; keep a
    ranker when answering many queries on the same history.

    >>> from nahwerk_engine.consortium.history import Participation
    >>> rows = [
    ...     Participation("p1", "uni", "coordinator", "HES", "DE", date(2016, 1, 1), ("SC5",)),
    ...     Participation("p1", "lab", "participant", "REC", "DE", date(2016, 1, 1), ("SC5",)),
    ...     Participation("p2", "lab", "coordinator", "REC", "FR", date(2017, 1, 1), ("SC5",)),
    ...     Participation("p2", "firm", "participant", "PRC", "FR", date(2017, 1, 1), ("SC5",)),
    ... ]
    >>> history = ConsortiumHistory.from_participations(rows)
    >>> [s.organisation_id for s in suggest_partners(history, lead="uni", theme="SC5")]
    ['lab', 'firm']
    """
    themes = (theme,) if isinstance(theme, str) else tuple(theme)
    query = PartnerQuery(
        lead=lead,
        themes=themes,
        chosen=tuple(chosen),
        lead_type=lead_type,
        lead_country=lead_country,
    )
    return PartnerRanker(history, model, as_of=as_of).suggest(query, limit=limit)


# --------------------------------------------------------------------------------------
# Learning the weights from the history


def cases_starting_in(
    history: ConsortiumHistory, year: int, *, min_participants: int = 3
) -> list[ConsortiumCase]:
    """Projects that started in ``year`` with a coordinator and enough participants, as cases.

    The query is the coordinator (with its type and country) and the project's themes; the
    expected answer is every other participant. O(participations of that year).
    """
    h = history
    cases = []
    for j, start in enumerate(h.project_starts):
        if start.year != year or h.project_leads[j] < 0:
            continue
        members = h.participants(j)
        if len(members) < min_participants:
            continue
        lead = int(h.project_leads[j])
        query = PartnerQuery(
            lead=h.organisation_ids[lead],
            themes=tuple(sorted(h.project_themes[j])),
            lead_type=h.org_types[lead],
            lead_country=h.org_countries[lead],
        )
        partners = frozenset(h.organisation_ids[int(m)] for m in members if m != lead)
        cases.append(ConsortiumCase(h.project_ids[j], start, query, partners))
    return cases


def training_split(
    history: ConsortiumHistory, *, year: int, min_participants: int = 3
) -> tuple[ConsortiumHistory, list[ConsortiumCase]]:
    """The history before 1 January of ``year`` and the cases that start in ``year``.

    This is the one place where time is cut: features of a case are always computed on a
    history that ends before the case starts, for fitting and for evaluation alike.
    """
    return history.before(date(year, 1, 1)), cases_starting_in(
        history, year, min_participants=min_participants
    )


@dataclass(frozen=True)
class _Examples:
    rows: np.ndarray  # candidate features
    labels: np.ndarray  # 1 when the candidate was a partner
    case: np.ndarray  # case number of each row


def _examples(
    history: ConsortiumHistory,
    cases: Sequence[ConsortiumCase],
    model: RankingModel,
    as_of: date,
) -> _Examples:
    ranker = PartnerRanker(history, model, as_of=as_of)
    queries = [c.query for c in cases]
    ranks = ranker.pagerank_many(queries)
    rows, labels, numbers = [], [], []
    for number, (case, pagerank) in enumerate(zip(cases, ranks, strict=True)):
        candidates, features = ranker.features(case.query, pagerank)
        ids = history.organisation_ids
        label = np.array([ids[int(i)] in case.partners for i in candidates], dtype=float)
        if not label.any():
            continue  # nothing to learn from a case whose partners were all missed
        rows.append(features)
        labels.append(label)
        numbers.append(np.full(len(candidates), number))
    if not rows:
        return _Examples(np.zeros((0, len(FEATURES))), np.zeros(0), np.zeros(0, dtype=np.int64))
    return _Examples(np.vstack(rows), np.concatenate(labels), np.concatenate(numbers))


def _fit_conditional_logit(
    examples: _Examples, l2: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weights that maximise the softmax likelihood of the partners within each case.

    Each case is a choice among its candidates; the loss is the mean over partners of
    ``-log softmax(score)``, plus ``l2/2 |w|²``. Convex; L-BFGS, O(iterations x rows x features).
    """
    x = examples.rows
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    _, case = np.unique(examples.case, return_inverse=True)
    n_cases = int(case.max()) + 1
    positives = examples.labels
    per_case_positive = np.bincount(case, weights=positives, minlength=n_cases)
    total_positive = positives.sum()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = z @ w
        top = np.full(n_cases, -np.inf)
        np.maximum.at(top, case, s)
        e = np.exp(s - top[case])
        norm = np.bincount(case, weights=e, minlength=n_cases)
        log_norm = np.log(norm) + top
        p = e / norm[case]
        value = -(positives @ s - per_case_positive @ log_norm) / total_positive
        expected = (p * per_case_positive[case]) @ z
        grad = -(positives @ z - expected) / total_positive
        return value + 0.5 * l2 * float(w @ w), grad + l2 * w

    result = scipy.optimize.minimize(
        loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500}
    )
    return np.asarray(result.x), mean, scale


def fit_ranking_model(
    history: ConsortiumHistory,
    *,
    years: Sequence[int] | None = None,
    params: RankingParams | None = None,
    min_participants: int = 3,
) -> RankingModel:
    """Learn the weights of the signals from the history itself.

    For each year ``y`` in ``years`` the projects that started in ``y`` become cases, and
    their candidates and features are computed on the history before ``y`` (see
    :func:`training_split`); all cases are pooled into one conditional-logit fit. Nothing
    outside ``history`` is seen, so a history cut before an evaluation year can never
    learn from that year.

    Parameters
    ----------
    history
        Cooperation history; the cases are taken from it.
    years
        Case years; by default the two latest years that have a project in the history.
    params
        Settings of the candidates and signals, :class:`RankingParams` by default.

    Notes
    -----
    O(cases x (PageRank + candidates x features)) to build the examples, then a convex fit;
    about a minute for two H2020 years on two cores.
    """
    params = params or RankingParams()
    if years is None:
        present = sorted({d.year for d in history.project_starts})
        years = present[-2:]
    if not years:
        raise ValueError("the history has no projects to learn from")
    blank = RankingModel(
        coef=(0.0,) * len(FEATURES),
        mean=(0.0,) * len(FEATURES),
        scale=(1.0,) * len(FEATURES),
        params=params,
    )
    parts = []
    n_cases = 0
    for year in sorted(years):
        before, cases = training_split(history, year=year, min_participants=min_participants)
        n_cases += len(cases)
        examples = _examples(before, cases, blank, date(year, 1, 1))
        parts.append(examples)
    offset = 0
    pooled_case = []
    for part in parts:
        pooled_case.append(part.case + offset)
        offset += int(part.case.max()) + 1 if len(part.case) else 0
    pooled = _Examples(
        np.vstack([p.rows for p in parts]),
        np.concatenate([p.labels for p in parts]),
        np.concatenate(pooled_case),
    )
    if not len(pooled.labels):
        raise ValueError("no case had a partner among its candidates: history too small")
    coef, mean, scale = _fit_conditional_logit(pooled, params.l2)
    return RankingModel(
        coef=tuple(float(round(c, 6)) for c in coef),
        mean=tuple(float(round(m, 6)) for m in mean),
        scale=tuple(float(round(s, 6)) for s in scale),
        params=params,
        trained_on={
            "case_years": sorted(int(y) for y in years),
            "cases": n_cases,
            "candidate_rows": len(pooled.labels),
            "min_participants": min_participants,
        },
    )


# Fitted on the shipped CORDIS file with
#     fit_ranking_model(read_history(PARTICIPATIONS, PROGRAMME_PARTS), years=(2018, 2019))
# (nahwerk_engine.benchmarks.consortium); the benchmark never uses it, it fits its own
# weights on the years before the one it scores.
_DEFAULT_MODEL: dict[str, object] = {
    "format": "nahwerk.consortium.ranking-model/1",
    "features": list(FEATURES),
    "coef": [
        0.256361,
        -0.495201,
        0.384159,
        0.224623,
        0.354076,
        0.550081,
        0.620811,
        0.983252,
        0.212155,
        0.701403,
        -0.74823,
        -0.03167,
        -0.026532,
        0.041605,
        0.039436,
        0.245131,
        -6.9e-05,
        0.008566,
        -0.091318,
        -0.475756,
        -0.008389,
        -0.415475,
    ],
    "mean": [
        0.61921,
        0.440587,
        0.179062,
        0.098659,
        3.421335,
        2.043254,
        2.332962,
        1.0911,
        0.300885,
        3.01154,
        2.520069,
        0.472036,
        0.207378,
        0.001869,
        -0.035022,
        0.132493,
        0.253967,
        0.815579,
        0.185722,
        14.454592,
        7.041571,
        2.159172,
    ],
    "scale": [
        0.657387,
        0.495239,
        0.391993,
        0.278978,
        1.658029,
        1.25395,
        1.264461,
        0.984213,
        0.351883,
        1.563906,
        1.443379,
        0.639934,
        0.219121,
        0.300149,
        0.589304,
        0.709209,
        0.435279,
        1.395485,
        0.581142,
        10.489415,
        6.169571,
        3.142409,
    ],
    "params": asdict(RankingParams()),
    "trained_on": {
        "source": "CORDIS H2020 participations",
        "case_years": [2018, 2019],
        "cases": 2955,
    },
}
