"""Partner suggestions from cooperation history: who would complete a consortium.

Build a :class:`ConsortiumHistory` from participations, then ask :func:`suggest_partners`
(or keep a :class:`PartnerRanker` for many queries). The weights of the signals are learned
from the history itself with :func:`fit_ranking_model` and saved as JSON.
"""

from __future__ import annotations

from nahwerk_engine.consortium.graph import (
    adamic_adar,
    common_partners,
    partner_graph,
    personalized_pagerank,
)
from nahwerk_engine.consortium.history import ConsortiumHistory, Participation
from nahwerk_engine.consortium.ranking import (
    FEATURES,
    ConsortiumCase,
    PartnerQuery,
    PartnerRanker,
    PartnerSuggestion,
    RankingModel,
    RankingParams,
    Reason,
    cases_starting_in,
    fit_ranking_model,
    suggest_partners,
    training_split,
)

__all__ = [
    "FEATURES",
    "ConsortiumCase",
    "ConsortiumHistory",
    "Participation",
    "PartnerQuery",
    "PartnerRanker",
    "PartnerSuggestion",
    "RankingModel",
    "RankingParams",
    "Reason",
    "adamic_adar",
    "cases_starting_in",
    "common_partners",
    "fit_ranking_model",
    "partner_graph",
    "personalized_pagerank",
    "suggest_partners",
    "training_split",
]
