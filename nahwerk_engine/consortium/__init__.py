"""Partner suggestions from cooperation history: who would complete a consortium.

Build a :class:`ConsortiumHistory` from participations, then ask :func:`suggest_partners`
(or keep a :class:`PartnerRanker` for many queries). The weights of the signals are learned
from the history itself with :func:`fit_ranking_model` and saved as JSON. For a call or
an idea, :func:`build_team` proposes a whole team (one partner per needed competence, the
call's rules satisfied where the candidates allow it).
"""

from __future__ import annotations

from nahwerk_engine.consortium.builder import (
    Candidate,
    Competence,
    Role,
    RuleCheck,
    Rules,
    Team,
    build_team,
    propose_competences,
)
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
    "Candidate",
    "Competence",
    "ConsortiumCase",
    "ConsortiumHistory",
    "Participation",
    "PartnerQuery",
    "PartnerRanker",
    "PartnerSuggestion",
    "RankingModel",
    "RankingParams",
    "Reason",
    "Role",
    "RuleCheck",
    "Rules",
    "Team",
    "adamic_adar",
    "build_team",
    "cases_starting_in",
    "common_partners",
    "fit_ranking_model",
    "partner_graph",
    "personalized_pagerank",
    "propose_competences",
    "suggest_partners",
    "training_split",
]
