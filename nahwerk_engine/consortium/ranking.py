"""Rank organisations that would complete a consortium, with weights learned from history.

For a query (lead organisation, theme, partners already chosen) every organisation of the
history is a potential partner. Nine cheap signals each nominate their best candidates
(the lead's earlier partners, the personalised PageRank from the lead, Adamic-Adar, also
through the lead's partners' recent projects in the theme, a two-step recency-weighted
walk, the most active organisations in the theme, recently, from the lead's country and
overall); the union (about 1,000 on H2020) is scored by a linear model over 43 features.
The weights of that model are learned from the history itself: for a year ``y`` before the
one asked about, the history before ``y`` plays the part of the history and the projects
that started in ``y`` play the queries (:func:`training_split`, :func:`fit_ranking_model`);
a conditional logit gives the start, coordinate ascent on R@50 + MRR the final weights.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

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
    # The lead's own past, project by project (seeds = lead and chosen partners).
    "jt_rec",  # log(1 + joint projects in the theme, each weighted by its recency)
    "j_norm",  # log(1 + 10 x joint projects weighted by recency / (size - 1))
    "jt_norm",  # the same, only projects in the theme
    "jl_norm",  # the same, only projects a seed coordinated
    # Each nominating signal's rank among the candidates: log(1 + rank), 0 = best.
    "rank_joint_recent",
    "rank_aa",
    "rank_theme_recent",
    "rank_aa_theme",  # Adamic-Adar through the seeds' partners' recent projects in the theme
    "rank_two_rec",  # recency-weighted walk of two steps from the seeds
    "rank_j_norm",
    "rank_jt_norm",
    "pagerank_raw_rank",
    "in_last1",  # 1 when in the seeds' latest project
    "in_last3",  # 1 when in one of their 3 latest projects
    "in_last_theme",  # 1 when in one of their 2 latest projects in the theme
    "since_joint",  # years since the latest joint project (8 when none)
    "joint_share_lead",  # joint projects / the seeds' projects
    "joint_share_cand",  # joint projects / the candidate's projects
    "theme_short",  # log(1 + projects in the theme started in the last 12 months)
    "theme_country_fit",  # log lift of the candidate's country in the theme
    "theme_leadtype_type_fit",  # log lift of the candidate's type for the lead's type in the theme
)

#: Features of the first model format (22 signals); a model saved with them still loads.
_FEATURES_V1: tuple[str, ...] = FEATURES[:22]

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
    "jt_rec": "joint",
    "j_norm": "joint",
    "jt_norm": "joint",
    "jl_norm": "joint",
    "rank_joint_recent": "joint",
    "rank_j_norm": "joint",
    "rank_jt_norm": "joint",
    "in_last1": "joint",
    "in_last3": "joint",
    "in_last_theme": "joint",
    "since_joint": "joint",
    "joint_share_lead": "joint",
    "joint_share_cand": "joint",
    "rank_aa": "network",
    "rank_aa_theme": "network",
    "rank_two_rec": "network",
    "pagerank_raw_rank": "network",
    "rank_theme_recent": "theme",
    "theme_short": "theme",
    "theme_country_fit": "country",
    "theme_leadtype_type_fit": "type",
}
_NO_JOINT_YEARS = 8.0  # ``since_joint`` of a candidate that never worked with the seeds
_SHORT_WINDOW = 1.0  # years that count as "the last 12 months" for ``theme_short``

_FORMAT = "nahwerk.consortium.ranking-model/2"
_FORMAT_V1 = "nahwerk.consortium.ranking-model/1"
_LIFT_PRIOR = 20.0  # pseudo-observations that pull a rare pair's lift towards 1
_METRIC_DEPTH = 50  # the metric fit maximises R@50 + MRR (first partner within the top 50)
_ASCENT_STEPS = (0.5, -0.5, 0.2, -0.2, 0.08, -0.08)  # on standardised features
_LOGIT_START_ITERATIONS = 300  # the metric fit starts from a logit of this many L-BFGS steps


@dataclass(frozen=True, slots=True)
class RankingParams:
    """Settings that are chosen, not fitted (tuned on earlier years, see docs/matching.md).

    ``alpha`` is the restart probability of the personalised PageRank, ``half_life`` the
    age in years at which a project counts half (for recency weights and the walk),
    ``candidates_per_signal`` how many organisations each signal nominates (three times
    as many for the joint projects, a third for overall activity), ``l2`` the ridge
    penalty of the conditional logit.
    """

    alpha: float = 0.3
    half_life: float = 2.0
    candidates_per_signal: int = 300
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
            "format": _FORMAT,
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
        """Read a model written by :meth:`to_json`.

        A model of the first format (``ranking-model/1``, the 22 original signals) is
        read with weight 0 on the signals added since, so it scores as it did.
        """
        document = json.loads(text)
        version = document.get("format")
        if version not in (_FORMAT, _FORMAT_V1):
            raise ValueError("not a nahwerk consortium ranking model")
        coef = [float(x) for x in document["coef"]]
        mean = [float(x) for x in document["mean"]]
        scale = [float(x) for x in document["scale"]]
        features = tuple(document["features"])
        if version == _FORMAT_V1 and features == _FEATURES_V1:
            added = len(FEATURES) - len(features)
            coef += [0.0] * added
            mean += [0.0] * added
            scale += [1.0] * added
            features = FEATURES
        return cls(
            coef=tuple(coef),
            mean=tuple(mean),
            scale=tuple(scale),
            params=RankingParams(**document["params"]),
            features=features,
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
        self.now = now
        times = history.project_times()
        self.project_times = times
        self.recency = np.power(0.5, np.maximum(now - times, 0.0) / params.half_life)
        self.short_window = (now - times <= _SHORT_WINDOW).astype(np.float64)
        self.project_sizes = np.diff(history.incidence_t.indptr).astype(np.float64)
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
        degree = np.diff(self.graph.indptr).astype(np.float64)
        self.inv_log_degree = 1.0 / np.log(np.maximum(degree, 2.0))
        self.walk = BipartiteWalk(b, self.recency)
        self._theme_cache: dict[frozenset[str], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._theme_masks: dict[frozenset[str], np.ndarray] = {}
        self._learn_affinities()

    # -- learned affinities ------------------------------------------------------------

    def _learn_affinities(self) -> None:
        h = self.history
        types = np.array(h.org_types, dtype=object)
        countries = np.array(h.org_countries, dtype=object)
        type_pairs: Counter[tuple[str, str]] = Counter()
        country_pairs: Counter[tuple[str, str]] = Counter()
        theme_types: Counter[tuple[str, str]] = Counter()
        theme_countries: Counter[tuple[str, str]] = Counter()
        theme_lead_types: Counter[tuple[str, str]] = Counter()
        for j in range(h.n_projects):
            members = h.participants(j)
            lead = int(h.project_leads[j])
            others = members[members != lead]
            for theme in h.project_themes[j]:
                theme_types.update((theme, t) for t in types[members])
                theme_countries.update((theme, c) for c in countries[members])
                if lead >= 0:
                    key = _theme_lead_key(theme, types[lead])
                    theme_lead_types.update((key, t) for t in types[others])
            if lead < 0:
                continue
            type_pairs.update((types[lead], t) for t in types[others])
            country_pairs.update((countries[lead], c) for c in countries[others])
        self.type_lift = _lift_table(type_pairs)
        self.country_lift = _lift_table(country_pairs)
        self.theme_type_lift = _lift_table(theme_types)
        self.theme_country_lift = _lift_table(theme_countries)
        self.theme_lead_type_lift = _lift_table(theme_lead_types)
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
            in_theme = self._theme_mask(key)
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

    def _theme_mask(self, key: frozenset[str]) -> np.ndarray:
        """1.0 for the projects in one of the themes, else 0.0 (cached per theme set)."""
        mask = self._theme_masks.get(key)
        if mask is None:
            mask = np.array([bool(key & t) for t in self.history.project_themes], dtype=float)
            self._theme_masks[key] = mask
        return mask

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

        in_theme = self._theme_mask(frozenset(query.themes))
        theme_short = np.asarray(self.history.incidence @ (in_theme * self.short_window)).ravel()
        past = self._seed_past(seeds, in_theme, joint, joint_recent)

        k = self.model.params.candidates_per_signal
        nominated = [
            _top(joint_recent + 1e-3 * joint, 3 * k),
            _top(pagerank, k),
            _top(aa, k),
            _top(past.aa_theme, k),
            _top(past.two_hop, k),
            _top(theme_recent, k),
            _top(self.recent_total, k // 3),
            _top(theme_recent * same_country, k),
            _top(theme_short, k),
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
            "jt_rec": np.log1p(past.weighted[0][c]),
            "j_norm": np.log1p(10 * past.weighted[1][c]),
            "jt_norm": np.log1p(10 * past.weighted[2][c]),
            "jl_norm": np.log1p(10 * past.weighted[3][c]),
            "in_last1": past.in_last1[c],
            "in_last3": past.in_last3[c],
            "in_last_theme": past.in_last_theme[c],
            "since_joint": past.since_joint[c],
            "joint_share_lead": joint[c] / max(past.n_projects, 1.0),
            "joint_share_cand": joint[c] / np.maximum(total, 1.0),
            "theme_short": np.log1p(theme_short[c]),
            "theme_country_fit": self._theme_mean(
                self.theme_country_lift,
                list(query.themes),
                self._country_codes,
                self._country_names,
            )[c],
            "theme_leadtype_type_fit": self._theme_mean(
                self.theme_lead_type_lift,
                [_theme_lead_key(t, lead_type) for t in query.themes],
                self._type_codes,
                self._type_names,
            )[c],
            "pagerank_raw_rank": np.log1p(_rank_among(pagerank[c])),
        }
        for name, values in (
            ("joint_recent", joint_recent),
            ("aa", aa),
            ("theme_recent", theme_recent),
            ("aa_theme", past.aa_theme),
            ("two_rec", past.two_hop),
            ("j_norm", past.weighted[1]),
            ("jt_norm", past.weighted[2]),
        ):
            mine = values[c]
            columns["rank_" + name] = np.where(
                mine > 0, np.log1p(_rank_among(mine)), math.log1p(len(c))
            )
        for name in FEATURES:
            if name.endswith("_sq"):
                columns[name] = columns[name[:-3]] ** 2
        return candidates, np.column_stack([columns[name] for name in FEATURES])

    def _theme_mean(
        self,
        table: dict[str, dict[str, float]],
        keys: Sequence[str],
        codes: np.ndarray,
        names: list[str],
    ) -> np.ndarray:
        vectors = [self._lift_vector(table, key, codes, names) for key in keys]
        return np.mean(vectors, axis=0) if vectors else np.zeros(self.n)

    def _seed_past(
        self,
        seeds: Sequence[int],
        in_theme: np.ndarray,
        joint: np.ndarray,
        joint_recent: np.ndarray,
    ) -> _SeedPast:
        """The seeds' own projects, one by one: what the wider candidate pool is ranked by.

        O(sum of the seeds' project sizes + nnz) (two sparse products for the 2-hop signals).
        """
        n = self.n
        h = self.history
        if not seeds:
            zero = np.zeros(n)
            return _SeedPast(
                zero, zero, np.zeros((4, n)), zero, zero, zero, np.full(n, _NO_JOINT_YEARS), 0.0
            )
        projects = np.unique(np.concatenate([h.projects_of(s) for s in seeds]))
        # Adamic-Adar through the seeds' partners' recent projects in the theme.
        partners = (joint > 0).astype(np.float64) * self.inv_log_degree
        partners[seeds] = 0.0
        through = np.asarray(h.incidence_t @ partners).ravel()
        aa_theme = np.asarray(h.incidence @ (through * in_theme * self.recency)).ravel()
        # A recency-weighted walk of two steps from the seeds.
        start = np.asarray(h.incidence_t @ (joint_recent * self.inv_log_degree)).ravel()
        two_hop = np.asarray(h.incidence @ (start * self.recency)).ravel()
        # Joint projects weighted by recency x theme, and by recency / (size - 1).
        recency = self.recency[projects]
        themed = in_theme[projects]
        led = np.isin(h.project_leads[projects], np.array(seeds)).astype(float)
        inverse = 1.0 / np.maximum(self.project_sizes[projects] - 1.0, 1.0)
        values = np.concatenate(
            [
                recency * themed,
                recency * inverse,
                recency * themed * inverse,
                recency * led * inverse,
            ]
        )
        selector = sp.csr_matrix(
            (values, (np.repeat(np.arange(4), len(projects)), np.tile(projects, 4))),
            shape=(4, h.n_projects),
        )
        weighted = np.asarray((selector @ h.incidence_t).todense())
        # Membership in the latest projects, and the latest joint project per organisation.
        order = projects[np.argsort(self.project_times[projects], kind="stable")]
        in_theme_order = order[in_theme[order] > 0]
        latest = np.full(n, -np.inf)
        rows = h.incidence_t[order]
        np.maximum.at(
            latest, rows.indices, np.repeat(self.project_times[order], np.diff(rows.indptr))
        )
        since = np.where(np.isfinite(latest), self.now - latest, _NO_JOINT_YEARS)
        return _SeedPast(
            aa_theme=aa_theme,
            two_hop=two_hop,
            weighted=weighted,
            in_last1=self._members(order[-1:]),
            in_last3=self._members(order[-3:]),
            in_last_theme=self._members(in_theme_order[-2:]),
            since_joint=since,
            n_projects=float(len(projects)),
        )

    def _members(self, projects: np.ndarray) -> np.ndarray:
        out = np.zeros(self.n)
        for j in projects:
            out[self.history.participants(int(j))] = 1.0
        return out

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


@dataclass(frozen=True, slots=True)
class _SeedPast:
    """Per-organisation vectors about the seeds' own projects (see ``_seed_past``)."""

    aa_theme: np.ndarray
    two_hop: np.ndarray
    weighted: np.ndarray  # 4 x n: recency x theme, recency / (size-1), x theme, x seed-led
    in_last1: np.ndarray
    in_last3: np.ndarray
    in_last_theme: np.ndarray
    since_joint: np.ndarray
    n_projects: float


def _theme_lead_key(theme: str, lead_type: str) -> str:
    return f"{theme}\x1f{lead_type}"


def _rank_among(values: np.ndarray) -> np.ndarray:
    """0-based rank of each value, largest first, ties in index order. O(n log n)."""
    rank = np.empty(len(values))
    rank[np.argsort(-values, kind="stable")] = np.arange(len(values))
    return rank


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
    # number of partners of each case kept (by case number), and how many cases there were
    # in all (a case none of whose partners is a candidate scores 0 for any weights)
    partners: dict[int, int] = field(default_factory=dict)
    n_cases: int = 0


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
    partners: dict[int, int] = {}
    for number, (case, pagerank) in enumerate(zip(cases, ranks, strict=True)):
        candidates, features = ranker.features(case.query, pagerank)
        ids = history.organisation_ids
        label = np.array([ids[int(i)] in case.partners for i in candidates], dtype=float)
        if not label.any():
            continue  # nothing to learn from a case whose partners were all missed
        rows.append(features)
        labels.append(label)
        numbers.append(np.full(len(candidates), number))
        partners[number] = len(case.partners)
    if not rows:
        return _Examples(
            np.zeros((0, len(FEATURES))), np.zeros(0), np.zeros(0, dtype=np.int64), {}, len(cases)
        )
    return _Examples(
        np.vstack(rows), np.concatenate(labels), np.concatenate(numbers), partners, len(cases)
    )


def _fit_conditional_logit(
    examples: _Examples, l2: float, maxiter: int = 500
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
        loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": maxiter}
    )
    return np.asarray(result.x), mean, scale


class _MetricObjective:
    """Mean over the training years of R@50 + MRR (as in the benchmark) for given weights.

    Rows are standardised once and kept as float32; one evaluation is a matrix-vector
    product and a partial sort per case, O(rows x features + cases x candidates).
    """

    def __init__(self, parts: Sequence[_Examples], mean: np.ndarray, scale: np.ndarray) -> None:
        self.years = []
        for part in parts:
            z = ((part.rows - mean) / scale).astype(np.float32)
            bounds = np.flatnonzero(np.r_[True, part.case[1:] != part.case[:-1], True])
            cases = (
                [
                    (
                        int(bounds[i]),
                        int(bounds[i + 1]),
                        part.partners[int(part.case[bounds[i]])],
                    )
                    for i in range(len(bounds) - 1)
                ]
                if len(part.case)
                else []
            )
            self.years.append((z, part.labels > 0, cases, max(part.n_cases, 1)))

    def __call__(self, w: np.ndarray) -> float:
        w32 = w.astype(np.float32)
        per_year = []
        for z, labels, cases, n_cases in self.years:
            scores = z @ w32
            recall = mrr = 0.0
            for begin, end, partners in cases:
                s = scores[begin:end]
                k = min(_METRIC_DEPTH, len(s))
                top = np.argpartition(-s, k - 1)[:k]
                top = top[np.argsort(-s[top], kind="stable")]
                hits = np.flatnonzero(labels[begin:end][top])
                if len(hits):
                    recall += len(hits) / partners
                    mrr += 1.0 / (hits[0] + 1)
            per_year.append((recall + mrr) / n_cases)
        return float(np.mean(per_year)) if per_year else 0.0


def _coordinate_ascent(
    objective: _MetricObjective, start: np.ndarray, sweeps: int
) -> tuple[np.ndarray, float]:
    """Greedy steps on one weight at a time, kept when they raise the objective.

    The metric is a step function of the weights, so no gradient: each sweep tries
    ``_ASCENT_STEPS`` on every weight in turn. O(sweeps x features x steps x objective).
    """
    w = start.copy()
    best = objective(w)
    for _ in range(sweeps):
        for i in range(len(w)):
            for step in _ASCENT_STEPS:
                trial = w.copy()
                trial[i] += step
                value = objective(trial)
                if value > best + 1e-5:
                    best, w = value, trial
    return w, best


def fit_ranking_model(
    history: ConsortiumHistory,
    *,
    years: Sequence[int] | None = None,
    params: RankingParams | None = None,
    min_participants: int = 3,
    method: Literal["metric", "logit"] = "metric",
    sweeps: int = 2,
) -> RankingModel:
    """Learn the weights of the signals from the history itself.

    For each year ``y`` in ``years`` the projects that started in ``y`` become cases, and
    their candidates and features are computed on the history before ``y`` (see
    :func:`training_split`). All cases are pooled into one conditional-logit fit; with
    ``method="metric"`` (the default) that fit is only the start of a coordinate ascent
    on what the benchmark measures, R@50 + MRR of the training cases (mean over the case
    years). Nothing outside ``history`` is seen, so a history cut before an evaluation
    year can never learn from that year.

    Parameters
    ----------
    history
        Cooperation history; the cases are taken from it.
    years
        Case years; by default the two latest years that have a project in the history.
    params
        Settings of the candidates and signals, :class:`RankingParams` by default.
    method
        ``"metric"``: conditional logit, then coordinate ascent on R@50 + MRR;
        ``"logit"``: the conditional logit alone (faster, slightly lower MRR).
    sweeps
        Passes of the coordinate ascent over all weights (``method="metric"`` only).

    Notes
    -----
    O(cases x (PageRank + candidates x features)) to build the examples, then a convex fit
    and, for the metric, sweeps x features x 6 evaluations of the metric.
    """
    if method not in ("metric", "logit"):
        raise ValueError(f"unknown fit method {method!r}: use 'metric' or 'logit'")
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
    fit: dict[str, object] = {"method": method}
    if method == "logit":
        coef, mean, scale = _fit_conditional_logit(pooled, params.l2)
    else:
        start, mean, scale = _fit_conditional_logit(pooled, params.l2, _LOGIT_START_ITERATIONS)
        # standardise with the rounded values the model will keep
        mean, scale = np.round(mean, 6), np.round(scale, 6)
        objective = _MetricObjective(parts, mean, scale)
        fit["start_objective"] = round(objective(start), 6)
        coef, best = _coordinate_ascent(objective, start, sweeps)
        fit["objective"] = round(best, 6)
        fit["sweeps"] = sweeps
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
            "fit": fit,
        },
    )


# Fitted on the shipped CORDIS file with
#     fit_ranking_model(read_history(PARTICIPATIONS, PROGRAMME_PARTS), years=(2018, 2019))
# (nahwerk_engine.benchmarks.consortium); the benchmark never uses it, it fits its own
# weights on the years before the one it scores.
_DEFAULT_MODEL: dict[str, object] = {
    "format": _FORMAT,
    "features": list(FEATURES),
    "coef": [
        0.599018,
        0.164048,
        0.410805,
        0.330928,
        0.618581,
        0.370386,
        0.757087,
        1.018681,
        0.018833,
        0.750447,
        -0.806288,
        -0.172155,
        -0.0313,
        0.017291,
        -0.030332,
        0.226257,
        0.106187,
        -0.193218,
        0.217747,
        -0.480363,
        0.120022,
        -0.290627,
        -0.211353,
        -0.039862,
        0.11888,
        -0.002502,
        0.099533,
        0.018716,
        -0.145203,
        -0.061789,
        0.061471,
        0.104805,
        -0.129392,
        0.107304,
        0.014258,
        -0.003535,
        -0.009684,
        0.34742,
        -0.026218,
        0.002193,
        -0.073975,
        -0.118095,
        0.020994,
    ],
    "mean": [
        0.39735,
        0.271514,
        0.101912,
        0.055514,
        2.846652,
        1.592424,
        1.572252,
        0.837753,
        0.383768,
        2.34872,
        1.906935,
        0.652218,
        0.180543,
        -0.011973,
        -0.013967,
        0.051807,
        0.216399,
        0.441984,
        0.096187,
        10.857651,
        3.827428,
        1.341577,
        0.067184,
        0.178555,
        0.043896,
        0.032869,
        6.29272,
        6.016644,
        6.016663,
        6.118841,
        6.016629,
        6.29272,
        6.648514,
        5.964016,
        0.012552,
        0.033881,
        0.022594,
        5.189437,
        0.012296,
        0.163406,
        0.556124,
        -0.008354,
        -0.018561,
    ],
    "scale": [
        0.533008,
        0.388329,
        0.292919,
        0.207722,
        1.659585,
        1.183863,
        1.164239,
        0.799842,
        0.396082,
        1.412799,
        1.27987,
        0.76234,
        0.247548,
        0.287916,
        0.57784,
        0.676068,
        0.411789,
        0.952131,
        0.385947,
        9.362857,
        4.814693,
        2.258535,
        0.202852,
        0.312845,
        0.15625,
        0.153176,
        1.031875,
        1.006395,
        1.060525,
        1.060982,
        1.006409,
        1.031875,
        0.943308,
        1.014626,
        0.11133,
        0.180923,
        0.148605,
        3.297247,
        0.044015,
        0.309982,
        0.669778,
        0.535658,
        0.524038,
    ],
    "params": asdict(RankingParams()),
    "trained_on": {
        "source": "CORDIS H2020 participations",
        "case_years": [2018, 2019],
        "cases": 2955,
        "fit": {
            "method": "metric",
            "start_objective": 0.543603,
            "objective": 0.570715,
            "sweeps": 2,
        },
    },
}
