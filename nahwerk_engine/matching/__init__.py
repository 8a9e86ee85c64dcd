"""Partner matching: lexical (BM25) and semantic ranking, fused, filtered and explained."""

from __future__ import annotations

from nahwerk_engine.matching.embedders import (
    E5Embedder,
    Embedder,
    HybridEmbedder,
    UseEmbedder,
    default_embedder,
)
from nahwerk_engine.matching.index import (
    Analysis,
    MatchingConfig,
    MatchingIndex,
    analyse_profile,
    profile_text,
)
from nahwerk_engine.matching.relevance import FitLevel, RelevanceModel
from nahwerk_engine.matching.types import (
    MEMBERS,
    PUBLIC,
    Audience,
    Explanation,
    Filters,
    Match,
    PassageMatch,
    Profile,
    Query,
)

__all__ = [
    "MEMBERS",
    "PUBLIC",
    "Analysis",
    "Audience",
    "E5Embedder",
    "Embedder",
    "Explanation",
    "Filters",
    "FitLevel",
    "HybridEmbedder",
    "Match",
    "MatchingConfig",
    "MatchingIndex",
    "PassageMatch",
    "Profile",
    "Query",
    "RelevanceModel",
    "UseEmbedder",
    "analyse_profile",
    "default_embedder",
    "profile_text",
]
