"""The data that goes into and comes out of the matching engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from nahwerk_engine.geo import Point
from nahwerk_engine.matching.relevance import FitLevel

__all__ = [
    "FIELDS",
    "MEMBERS",
    "PUBLIC",
    "Audience",
    "Explanation",
    "Filters",
    "Match",
    "PassageMatch",
    "Profile",
    "Query",
]

# Profile fields the engine knows; others are indexed with weight 1.
FIELDS = ("description", "competences", "offers", "equipment", "references", "wz_titles")
# Visibility levels of a profile (``Profile.visibility``) that the engine interprets:
# everyone finds a PUBLIC profile, members of its networks a MEMBERS one; any other
# level (e.g. "managers") only the managers of its networks and its own organisation.
PUBLIC = "public"
MEMBERS = "members"


@dataclass(frozen=True, slots=True)
class Profile:
    """An organisation's competence profile, built by the Django side."""

    id: int
    name: str
    kind: str = ""
    point: Point | None = None
    district: str = ""
    networks: frozenset[int] = frozenset()
    size_band: str = ""
    wz_sections: frozenset[str] = frozenset()
    fields: tuple[tuple[str, str], ...] = ()
    # Who may find it (see Audience): its visibility level, the networks in which it is
    # a member (of any status) or holds a role, whether it is known only from project
    # history, and whether it is the public variant of another profile (the id of that
    # profile) or has such a variant.
    visibility: str = PUBLIC
    reach: frozenset[int] = frozenset()
    history_only: bool = False
    variant_of: int | None = None
    has_variant: bool = False

    @property
    def owner(self) -> int:
        """The organisation's own profile id (a public variant's is that of its profile)."""
        return self.id if self.variant_of is None else self.variant_of


@dataclass(frozen=True)
class Audience:
    """Who is searching, so that the index applies visibility itself (``Filters.audience``).

    A profile is visible when it is PUBLIC, when it reaches a network the viewer
    manages, when it is MEMBERS and reaches a network the viewer's organisation is a
    member of, or when it is the viewer's own organisation (``own``, a profile id);
    ``everything`` (a site administrator) sees all. History-only profiles are left out
    unless ``include_history``. Of an organisation with a public variant, viewers who may
    read its members-only texts (it reaches a network they manage or belong to, or it
    is their own, unless ``reads_own`` is False) find the full profile, everyone else the
    variant.
    """

    everything: bool = False
    managed: frozenset[int] = frozenset()
    member: frozenset[int] = frozenset()
    own: int | None = None
    reads_own: bool = True
    include_history: bool = False


@dataclass(frozen=True)
class Filters:
    """Hard conditions a match must meet; ``None`` means "no condition"."""

    kinds: frozenset[str] | None = None
    networks: frozenset[int] | None = None
    districts: frozenset[str] | None = None
    wz_sections: frozenset[str] | None = None
    size_bands: frozenset[str] | None = None
    max_distance_km: float | None = None
    exclude_ids: frozenset[int] = frozenset()
    allowed_ids: frozenset[int] | None = None
    audience: Audience | None = None


@dataclass(frozen=True)
class Query:
    """A need: free text, optionally a place and how much nearness matters (0 to 1)."""

    text: str
    near: Point | None = None
    nearness: float = 0.3
    filters: Filters = Filters()
    limit: int = 20
    cooperation: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    explain: bool = True
    # False: return the ranking without the relevance cut-off (benchmarks, diagnostics)
    cutoff: bool = True


@dataclass(frozen=True)
class PassageMatch:
    """A sentence of a profile field and the part of the need it answers best."""

    field: str
    passage: str
    need_part: str
    similarity: float


@dataclass(frozen=True)
class Explanation:
    """Why a profile matched: passages, shared words, distance, earlier cooperation."""

    passages: tuple[PassageMatch, ...]
    shared_terms: tuple[str, ...]
    distance_km: float | None
    cooperation: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """One ranked partner suggestion.

    ``score`` orders the list (content and, when asked, nearness). ``relevance`` is the
    calibrated probability that the profile fits the need and ``fit`` its level in
    words; both are None when no relevance model applies to the index's embedder.
    """

    profile_id: int
    name: str
    score: float
    explanation: Explanation
    relevance: float | None = None
    fit: FitLevel | None = None
