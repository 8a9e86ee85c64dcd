"""The matching index: lexical and semantic ranking, fusion, filters, nearness, explanations."""

from __future__ import annotations

import bisect
import contextlib
import json
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from nahwerk_engine.geo import EARTH_RADIUS_KM, Point
from nahwerk_engine.matching.embedders import (
    Embedder,
    embedding_parts,
    normalise_parts,
    passage_embedder,
)
from nahwerk_engine.matching.lexical import LexicalIndex
from nahwerk_engine.matching.passages import (
    PassageStore,
    profile_passages,
    unpack_passages,
)
from nahwerk_engine.matching.relevance import RelevanceModel, default_relevance_model
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
from nahwerk_engine.text import (
    analyze,
    analyze_with_surface,
    cognate_keys,
    content_terms,
    decompound,
    detect_language,
    index_terms,
    sentences,
    weak_part,
)

__all__ = [
    "FORMAT_VERSION",
    "Analysis",
    "MatchingConfig",
    "MatchingIndex",
    "analyse_profile",
    "profile_text",
]

FORMAT_VERSION = 2
# Needs longer than this are cut before analysis and embedding: a 100 KB paste costs no
# more than a page, and the first page says what is needed.
MAX_QUERY_CHARS = 10_000
# At most this many distinct query terms (the rarest first) reach BM25.
MAX_QUERY_TERMS = 64
# A sentence found word for word in this share of the profiles, and in at least this
# many, is boilerplate ("Wir freuen uns auf Ihre Anfrage."): it says nothing about one
# organisation and is never quoted as the reason for a match.
BOILERPLATE_SHARE = 0.02
BOILERPLATE_MIN_PROFILES = 10
# Profile text cut for embedding (see profile_text).
MAX_PROFILE_TEXT_CHARS = 3000
# The order in which profile fields go into the embedded text: most telling first.
_EMBED_ORDER = ("competences", "offers", "description", "equipment", "references", "wz_titles")
_WZ_SECTIONS = "ABCDEFGHIJKLMNOPQRSTU"
# Separators of the packed field texts (ASCII record and unit separators).
_RECORD, _UNIT = "\x1e", "\x1f"
# Bits of a profile's flags column.
_HISTORY_ONLY, _VARIANT, _HAS_VARIANT = 1, 2, 4
# The per-profile arrays keep spare rows, so that adding a profile does not copy them all
# (the vectors alone are 3.6 GB at a million profiles). A build leaves room for
# ``_SPARE_MAX`` new profiles (fewer in a small index); when it is used up, the arrays grow
# by a quarter, so an append costs O(1) amortised. A quarter rather than double, as a list
# does: the spare rows of the vectors are memory the process holds (up to 0.9 GB at a
# million instead of 3.6 GB), and the copy is rare either way.
_SPARE_MAX = 4096
_GROWTH = 1.25
# The per-profile numpy columns, all of one length (the index's positions).
_COLUMNS = (
    "ids",
    "_kind_codes",
    "_district_codes",
    "_size_codes",
    "_wz_bits",
    "_lat",
    "_lon",
    "_visibility_codes",
    "_flags",
    "_owner",
    "_live",
    "_language_codes",
)
# A profile's analysed terms per field, and its language (see analyse_profile).
Analysis = tuple[Sequence[tuple[str, Sequence[str]]], str]


@lru_cache(maxsize=8192)
def _surface_terms(body: str) -> tuple[tuple[str, str], ...]:
    """``analyze_with_surface`` of a profile field, remembered per process.

    Explanations read the same fields of the same few organisations again and again; a
    changed field is a new text, so nothing stale is returned.
    """
    return tuple(analyze_with_surface(body))


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # optional: without it BLAS uses its default threads
        return None
    return ThreadpoolController()


@contextlib.contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """One BLAS thread for the duration of a query.

    A query's matrix-vector products are memory-bound, so a second thread gains little,
    and OpenBLAS threads that wait for a core busy with other work (web workers, the
    re-index job) turned 1 ms calls into 100-250 ms ones on the 2-core machine.
    """
    controller = _blas_controller()
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield


def profile_text(profile: Profile) -> str:
    """The text that is embedded for a profile.

    The Django side hashes it to know when a stored vector is stale. Name first, then
    the fields in the order competences, offers, description, equipment, references, WZ titles
    (others after them), each once, cut to ``MAX_PROFILE_TEXT_CHARS``.

    >>> profile_text(Profile(1, "Keramik GmbH", fields=(("description", "Filter."),
    ...                                                 ("competences", "Sintern"))))
    'Keramik GmbH. Sintern. Filter.'
    """
    rank = {name: i for i, name in enumerate(_EMBED_ORDER)}
    ordered = sorted(profile.fields, key=lambda item: rank.get(item[0], len(rank)))
    parts = [profile.name.strip()] + [text.strip() for _, text in ordered]
    text = ". ".join(part.rstrip(".") for part in parts if part)
    if text and not text.endswith((".", "!", "?")):
        text += "."
    return text[:MAX_PROFILE_TEXT_CHARS]


@dataclass(frozen=True)
class MatchingConfig:
    """Tuning knobs of the ranking; the defaults are what the benchmarks chose.

    Attributes
    ----------
    k1, b : float
        BM25 saturation and length normalisation (need a rebuild to change).
    field_weights : mapping
        BM25F weight of each field; ``name`` is the organisation's name (need a rebuild).
    same_language, other_language : mapping
        Weights of the fused content score when need and profile share a language, and
        when they do not: one per embedding part (``e5``, ``use``; ``main`` for a plain
        embedder) and ``lexical`` for BM25. Each signal enters as a z-score against the
        whole index, so the weights compare like with like (see ``prior``).
    prior : mapping
        Mean and standard deviation of each signal for an unrelated need and profile
        (measured on the benchmark sets). The index's own mean and spread are shrunk
        towards them with the weight of ``prior_profiles`` profiles, so that a small
        index (an event's participants, a test) still scores on a sensible scale.
    prior_profiles : int
        See ``prior``.
    full_scan_limit, candidates : int
        Above ``full_scan_limit`` profiles, the embedding parts after the first are
        computed only for the ``candidates`` best by the first part and BM25 (see
        :meth:`MatchingIndex.signals`).
    pool : int
        How many of the best candidates get passages and the relevance check; the
        result holds at most ``max(pool, limit)``.
    cognate_weight : float
        Weight of cognate keys (see ``nahwerk_engine.text.cognate_key``) that a query
        looks up in profile fields of the other main language: "Keramik" meets
        "ceramic". Monolingual matches never go through them.
    compound_weight : float
        Weight of index terms that begin with a term of a German need, so that
        "Drahterodieren" meets "Drahterodiermaschine" where the compound splitter left
        the word whole; 0 switches this off.
    embed_decompounded : bool
        Embed a German need also with its compounds split and use the mean vector.
    nearness_strength : float
        How much nearness counts: with nearness 1 a profile ``nearness_scale_km`` away
        loses this much of its content score (in z units), twice as far a bit more
        (``strength * nearness * log2(1 + d / scale)``).
    nearness_scale_km : float
        See ``nearness_strength``.
    unknown_distance_km : float
        Distance assumed for profiles without a location when nearness counts.
    explain_passages : int
        Passages per explanation.
    relevance : bool
        Apply the relevance cut-off (:mod:`nahwerk_engine.matching.relevance`) when a
        model fitted for the index's embedder is available.
    """

    k1: float = 1.2
    b: float = 0.75
    field_weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "name": 1.5,
            "description": 1.0,
            "competences": 1.5,
            # what the organisation offers others: as telling as its competences
            "offers": 1.5,
            "equipment": 1.0,
            "references": 0.7,
            "wz_titles": 0.7,
        }
    )
    same_language: Mapping[str, float] = field(
        default_factory=lambda: {"e5": 1.0, "use": 0.15, "main": 1.0, "lexical": 0.12}
    )
    other_language: Mapping[str, float] = field(
        default_factory=lambda: {"e5": 1.0, "use": 1.5, "main": 1.0, "lexical": 0.1}
    )
    prior: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: {
            "e5": (0.80, 0.025),
            "use": (0.12, 0.08),
            "main": (0.2, 0.1),
            "lexical": (0.02, 0.07),
        }
    )
    prior_profiles: int = 50
    pool: int = 20
    full_scan_limit: int = 200_000
    candidates: int = 5_000
    cognate_weight: float = 0.5
    compound_weight: float = 0.25
    embed_decompounded: bool = False
    nearness_strength: float = 2.0
    nearness_scale_km: float = 50.0
    unknown_distance_km: float = 100.0
    explain_passages: int = 3
    relevance: bool = True


@dataclass
class _Ranked:
    """Internal result of the ranking before explanations."""

    positions: np.ndarray  # of the profiles shown, in order
    scores: np.ndarray
    relevance: np.ndarray | None
    distances: np.ndarray | None
    terms: dict[str, float]
    passages: dict[int, list[tuple[str, str]]]  # position -> (field, sentence)
    passage_best: dict[int, tuple[np.ndarray, np.ndarray]]  # position -> (sims, need part)
    need_parts: list[str]


def _top(scores: np.ndarray, k: int, candidates: np.ndarray | None = None) -> np.ndarray:
    """Positions of the ``k`` highest scores, best first (ties by position).

    On large arrays a threshold taken from a sample selects a few thousand
    candidates first, which is several times faster than partitioning everything.
    """
    if candidates is None:
        n = scores.shape[0]
        if n > 200_000 and k * 20 < n:
            sample = scores[:: max(1, n // 50_000)]
            keep = min(sample.shape[0] - 1, math.ceil(3 * k * sample.shape[0] / n) + 10)
            threshold = np.partition(sample, -keep)[-keep]
            candidates = np.flatnonzero(scores >= threshold)
            if candidates.shape[0] < k:
                candidates = np.arange(n)
        else:
            candidates = np.arange(n)
    values = scores[candidates]
    if candidates.shape[0] > k:
        part = np.argpartition(-values, k - 1)[:k]
        candidates, values = candidates[part], values[part]
    order = np.lexsort((candidates, -values))
    return candidates[order]


def _haversine(lat: np.ndarray, lon: np.ndarray, point: Point) -> np.ndarray:
    """Great-circle distances in km from ``point`` to arrays of positions (NaN stays NaN)."""
    phi1 = np.radians(lat.astype(np.float64))
    phi2 = math.radians(point.lat)
    dphi = phi1 - phi2
    dlmb = np.radians(lon.astype(np.float64)) - math.radians(point.lon)
    h = np.sin(dphi / 2) ** 2 + np.cos(phi1) * math.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def _codes(values: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    vocabulary = sorted(set(values))
    lookup = {value: i for i, value in enumerate(vocabulary)}
    return np.array([lookup[v] for v in values], dtype=np.int32), vocabulary


class MatchingIndex:
    """Profiles, their BM25 index and their embeddings, ready to answer needs.

    Build it with :meth:`build` or :meth:`load`; ask it with :meth:`search`. Searching
    reads shared state only, apart from a cache of passage embeddings, so one index can
    serve the requests of a process.
    """

    def __init__(
        self,
        *,
        profiles: Iterable[Profile],
        lexical: LexicalIndex,
        vectors: np.ndarray,
        embedder: Embedder,
        config: MatchingConfig,
        languages: Sequence[str] | None = None,
        relevance_model: RelevanceModel | None = None,
    ) -> None:
        # Profiles are kept in columns (arrays, and lists of strings) rather than as
        # objects: a million Profile objects with their tuples and sets would make
        # every full garbage collection of the process walk millions of containers,
        # which showed up as 100-250 ms pauses inside unrelated calls.
        ids: list[int] = []
        names: list[str] = []
        texts: list[str] = []
        kinds: list[str] = []
        districts: list[str] = []
        sizes: list[str] = []
        wz_bits: list[int] = []
        lat: list[float] = []
        lon: list[float] = []
        networks: list[frozenset[int]] = []
        reach: list[frozenset[int]] = []
        visibility: list[str] = []
        flags: list[int] = []
        owners: list[int] = []
        for p in profiles:
            ids.append(p.id)
            names.append(p.name)
            texts.append(_packed(p))
            kinds.append(p.kind)
            districts.append(p.district)
            sizes.append(p.size_band)
            wz_bits.append(_wz_bits(p))
            lat.append(p.point.lat if p.point else math.nan)
            lon.append(p.point.lon if p.point else math.nan)
            networks.append(p.networks)
            reach.append(p.reach)
            visibility.append(p.visibility)
            flags.append(_flags(p))
            owners.append(p.owner)
        if vectors.shape != (len(ids), embedder.dim):
            raise ValueError(
                f"expected {len(ids)} vectors of dimension {embedder.dim}, got {vectors.shape}"
            )
        self.lexical = lexical
        self.embedder = embedder
        # one contiguous matrix per embedding part: a query reads each part at memory
        # speed (a column slice of one wide matrix was 1.6 times slower). Each is the
        # first rows of a larger buffer with spare rows for new profiles (see _SPARE_MAX).
        self._capacity = len(ids) + _spare_rows(len(ids))
        self._part_buffers: list[np.ndarray] = []
        self._part_vectors: list[np.ndarray] = []
        start = 0
        for _name, dim in embedding_parts(embedder):
            buffer = np.empty((self._capacity, dim), dtype=np.float32)
            buffer[: len(ids)] = vectors[:, start : start + dim]
            self._part_buffers.append(buffer)
            self._part_vectors.append(buffer[: len(ids)])
            start += dim
        del vectors
        self.config = config
        self.ids = np.array(ids, dtype=np.int64)
        self._position = {pid: i for i, pid in enumerate(ids)}
        if len(self._position) != len(ids):
            raise ValueError("profile ids must be unique")
        self._names = names
        self._texts = texts
        self._kind_codes, self._kinds = _codes(kinds)
        self._district_codes, self._districts = _codes(districts)
        self._size_codes, self._sizes = _codes(sizes)
        self._wz_bits = np.array(wz_bits, dtype=np.int32)
        self._lat = np.array(lat, dtype=np.float32)
        self._lon = np.array(lon, dtype=np.float32)
        self._networks = _SetColumn(networks, capacity=self._capacity)
        self._reach = _SetColumn(reach, capacity=self._capacity)
        self._visibility_codes, self._visibilities = _codes(visibility)
        self._flags = np.array(flags, dtype=np.int8)
        self._owner = np.array(owners, dtype=np.int64)
        # False for a removed profile (its position stays, empty, until the next build)
        self._live = np.ones(len(ids), dtype=bool)
        self._removed = 0
        languages = list(languages) if languages is not None else ["de"] * len(ids)
        if len(languages) != len(ids):
            raise ValueError(f"expected {len(ids)} profile languages, got {len(languages)}")
        self._language_codes, self._languages = _codes(languages)
        # each column becomes the first rows of a buffer of the same capacity
        self._buffers: dict[str, np.ndarray] = {}
        for name in _COLUMNS:
            column = getattr(self, name)
            buffer = np.empty(self._capacity, dtype=column.dtype)
            buffer[: len(column)] = column
            self._buffers[name] = buffer
            setattr(self, name, buffer[: len(column)])
        self.parts = embedding_parts(embedder)
        self.relevance_model = (
            relevance_model if relevance_model is not None else default_relevance_model()
        )
        self._vocabulary_sorted: list[str] | None = None
        # a fixed sample of profiles: the spread of a signal computed only for candidates
        self._sample = np.sort(
            np.random.default_rng(0).choice(len(ids), size=min(len(ids), 20_000), replace=False)
        )
        self._passage_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.passage_cache_size = 20_000
        # where the sentence vectors stored with the profiles are read (see passages.py)
        self.passage_store: PassageStore | None = None
        self._boilerplate_sentences: frozenset[str] | None = None

    @property
    def vectors(self) -> np.ndarray:
        """All profile vectors, the parts side by side (a copy: for saving and tests)."""
        return (
            np.hstack(self._part_vectors)
            if len(self._part_vectors) > 1
            else (self._part_vectors[0])
        )

    def profile(self, position: int) -> Profile:
        """The profile at ``position`` (0-based, in build order), rebuilt from the columns."""
        lat, lon = float(self._lat[position]), float(self._lon[position])
        bits = int(self._wz_bits[position])
        flags = int(self._flags[position])
        owner = int(self._owner[position])
        return Profile(
            id=int(self.ids[position]),
            name=self._names[position],
            kind=self._kinds[self._kind_codes[position]],
            point=None if math.isnan(lat) else Point(lat, lon),
            district=self._districts[self._district_codes[position]],
            networks=self._networks.get(position),
            size_band=self._sizes[self._size_codes[position]],
            wz_sections=frozenset(c for i, c in enumerate(_WZ_SECTIONS) if bits >> i & 1),
            fields=self._fields(position),
            visibility=self._visibilities[self._visibility_codes[position]],
            reach=self._reach.get(position),
            history_only=bool(flags & _HISTORY_ONLY),
            variant_of=owner if flags & _VARIANT else None,
            has_variant=bool(flags & _HAS_VARIANT),
        )

    def _fields(self, position: int) -> tuple[tuple[str, str], ...]:
        packed = self._texts[position]
        if not packed:
            return ()
        return tuple(
            (name, text)
            for name, text in (record.split(_UNIT, 1) for record in packed.split(_RECORD))
        )

    # ------------------------------------------------------------------ building

    @classmethod
    def build(
        cls,
        profiles: Iterable[Profile],
        *,
        embedder: Embedder,
        embeddings: Mapping[int, np.ndarray] | None = None,
        config: MatchingConfig | None = None,
        analysed: Mapping[int, Analysis] | None = None,
    ) -> MatchingIndex:
        """Index profiles.

        Parameters
        ----------
        profiles : iterable of Profile
            Ids must be unique.
        embedder : Embedder
            Embeds the missing profile vectors now and every query later.
        embeddings : mapping, optional
            Profile id -> vector of :func:`profile_text`, computed earlier with the same
            embedder (e.g. stored in the database); used as they are. Profiles without
            one are embedded here.
        config : MatchingConfig, optional
            Ranking parameters; the defaults otherwise.
        analysed : mapping, optional
            Profile id -> :func:`analyse_profile` of it, stored earlier; text analysis
            is most of the build time, so a process that loads an index from stored
            profiles skips it.

        Returns
        -------
        MatchingIndex
        """
        config = config or MatchingConfig()
        profiles = list(profiles)
        embeddings = embeddings or {}
        analysed = analysed or {}
        languages: list[str] = []

        def documents() -> Iterator[Sequence[tuple[str, Sequence[str]]]]:
            for profile in profiles:
                given = analysed.get(profile.id)
                terms, language = given if given is not None else analyse_profile(profile)
                languages.append(language)
                yield terms

        lexical = LexicalIndex.build(
            documents(), k1=config.k1, b=config.b, field_weights=config.field_weights
        )
        vectors = np.empty((len(profiles), embedder.dim), dtype=np.float32)
        missing: list[int] = []
        for i, profile in enumerate(profiles):
            given = embeddings.get(profile.id)
            if given is None:
                missing.append(i)
                continue
            given = np.asarray(given, dtype=np.float32).ravel()
            if given.shape != (embedder.dim,):
                raise ValueError(
                    f"embedding of profile {profile.id} has shape {given.shape}, "
                    f"{embedder.name} gives ({embedder.dim},)"
                )
            vectors[i] = given
        for start in range(0, len(missing), 2048):
            chunk = missing[start : start + 2048]
            vectors[chunk] = embedder.embed([profile_text(profiles[i]) for i in chunk])
        if len(profiles):
            vectors = normalise_parts(vectors, embedding_parts(embedder))
        return cls(
            profiles=profiles,
            lexical=lexical,
            vectors=vectors,
            embedder=embedder,
            config=config,
            languages=languages,
        )

    def __len__(self) -> int:
        """Positions in the index, removed profiles included (see :attr:`live`)."""
        return len(self._names)

    @property
    def live(self) -> int:
        """Profiles that can be found."""
        return len(self._names) - self._removed

    @property
    def changed(self) -> int:
        """Profiles added, changed or removed since the build (see :meth:`upsert`)."""
        return self.lexical.changed

    def __contains__(self, profile_id: object) -> bool:
        return profile_id in self._position

    def get(self, profile_id: int) -> Profile | None:
        """The profile with this id, or None."""
        position = self._position.get(profile_id)
        return None if position is None else self.profile(position)

    def variants(self) -> frozenset[int]:
        """Profile ids of the profiles that have a live public variant."""
        live_variants = self._live & ((self._flags & _VARIANT) != 0)
        return frozenset(int(o) for o in self._owner[live_variants])

    # ------------------------------------------------------------------ changing

    def upsert(
        self,
        profiles: Iterable[Profile],
        *,
        embeddings: Mapping[int, np.ndarray] | None = None,
        analysed: Mapping[int, Analysis] | None = None,
    ) -> int:
        """Add profiles, or replace those with the same id, without rebuilding the index.

        A changed profile keeps its position and is overwritten in place (cost: its
        own terms and vector); new profiles are appended into spare rows of the
        per-profile arrays (cost: their own columns; O(1) amortised, the arrays grow by a
        quarter when the spare rows are used up). ``embeddings`` and
        ``analysed`` are as in :meth:`build`; a profile without an embedding is
        embedded here. Returns how many profiles were given.

        Global statistics are refreshed lazily: BM25's idf of the terms the build saw and
        its average document length, the sample that estimates the spread of the second
        embedding part above ``full_scan_limit`` profiles, and the index's mean and spread
        of every signal (computed per query over all positions) stay as they were, so a
        few changes among many profiles move nothing noticeably. After changing a large
        share of the profiles (an import, a new embedder) build the index again.

        Not thread-safe: a process applies changes between searches (``services``
        holds a lock).
        """
        profiles = list(profiles)
        if not profiles:
            return 0
        embeddings = embeddings or {}
        analysed = analysed or {}
        if len({p.id for p in profiles}) != len(profiles):
            raise ValueError("profile ids must be unique")
        vectors = np.empty((len(profiles), self.embedder.dim), dtype=np.float32)
        missing: list[int] = []
        for i, profile in enumerate(profiles):
            given = embeddings.get(profile.id)
            if given is None:
                missing.append(i)
                continue
            given = np.asarray(given, dtype=np.float32).ravel()
            if given.shape != (self.embedder.dim,):
                raise ValueError(
                    f"embedding of profile {profile.id} has shape {given.shape}, "
                    f"{self.embedder.name} gives ({self.embedder.dim},)"
                )
            vectors[i] = given
        if missing:
            vectors[missing] = self.embedder.embed([profile_text(profiles[i]) for i in missing])
        vectors = normalise_parts(vectors, self.parts)
        added = [i for i, p in enumerate(profiles) if p.id not in self._position]
        if added:
            self._append(
                [profiles[i] for i in added], vectors[added]
            )  # placeholders, written below like every other profile
        new_terms: list[str] = []
        for i, profile in enumerate(profiles):
            position = self._position[profile.id]
            self._write(position, profile, vectors[i])
            given_terms = analysed.get(profile.id)
            terms, language = given_terms if given_terms is not None else analyse_profile(profile)
            self._language_codes[position] = _code_of(self._languages, language)
            new_terms.extend(self.lexical.set_document(position, terms))
        if new_terms and self._vocabulary_sorted is not None:
            for term in new_terms:
                if not term.startswith("~"):
                    bisect.insort(self._vocabulary_sorted, term)
        return len(profiles)

    def remove(self, ids: Iterable[int]) -> int:
        """Remove profiles by id (unknown ids are ignored); returns how many were removed.

        The position stays, empty and masked out of every search, until the next build.
        """
        removed = 0
        for profile_id in ids:
            position = self._position.pop(int(profile_id), None)
            if position is None:
                continue
            self._live[position] = False
            self.lexical.remove_document(position)
            removed += 1
        self._removed += removed
        return removed

    def _append(self, profiles: list[Profile], vectors: np.ndarray) -> None:
        """New positions at the end for ``profiles`` (their columns are written by _write).

        The columns are views of buffers with spare rows: appending writes into them and
        widens the views, and only when the spare rows are used up are the buffers copied
        into larger ones (by ``_GROWTH``), so appends cost O(1) amortised.
        """
        count = len(profiles)
        start = len(self._names)
        end = start + count
        if end > self._capacity:
            self._grow(max(end, math.ceil(self._capacity * _GROWTH)))
        for offset, profile in enumerate(profiles):
            self._position[profile.id] = start + offset
        self._names.extend(p.name for p in profiles)
        self._texts.extend("" for _ in profiles)
        for name in _COLUMNS:
            column = self._buffers[name][:end]
            column[start:] = 0
            setattr(self, name, column)
        self.ids[start:] = [p.id for p in profiles]
        self._lat[start:] = np.nan
        self._lon[start:] = np.nan
        self._live[start:] = True
        self._networks.grow(count)
        self._reach.grow(count)
        offset = 0
        for part, (_name, dim) in enumerate(self.parts):
            self._part_vectors[part] = self._part_buffers[part][:end]
            self._part_vectors[part][start:] = vectors[:, offset : offset + dim]
            offset += dim

    def _grow(self, capacity: int) -> None:
        """Copy every per-profile buffer into one of ``capacity`` rows (the rare, slow step)."""
        size = len(self._names)
        buffers = {}
        for name in _COLUMNS:
            buffer = np.empty(capacity, dtype=self._buffers[name].dtype)
            buffer[:size] = self._buffers[name][:size]
            buffers[name] = buffer
            setattr(self, name, buffer[:size])
        # new containers, so that a view made by with_config keeps the old ones intact
        self._buffers = buffers
        part_buffers = []
        for part, old in enumerate(self._part_buffers):
            buffer = np.empty((capacity, old.shape[1]), dtype=old.dtype)
            buffer[:size] = old[:size]
            part_buffers.append(buffer)
            self._part_vectors[part] = buffer[:size]
        self._part_buffers = part_buffers
        self._networks.reserve(capacity)
        self._reach.reserve(capacity)
        self._capacity = capacity

    def _write(self, position: int, profile: Profile, vector: np.ndarray) -> None:
        """Overwrite the columns at ``position`` with ``profile`` (its terms aside)."""
        self.ids[position] = profile.id
        self._names[position] = profile.name
        self._texts[position] = _packed(profile)
        self._kind_codes[position] = _code_of(self._kinds, profile.kind)
        self._district_codes[position] = _code_of(self._districts, profile.district)
        self._size_codes[position] = _code_of(self._sizes, profile.size_band)
        self._visibility_codes[position] = _code_of(self._visibilities, profile.visibility)
        self._wz_bits[position] = _wz_bits(profile)
        self._flags[position] = _flags(profile)
        self._owner[position] = profile.owner
        self._lat[position] = profile.point.lat if profile.point else math.nan
        self._lon[position] = profile.point.lon if profile.point else math.nan
        self._networks.set(position, profile.networks)
        self._reach.set(position, profile.reach)
        offset = 0
        for part, (_name, dim) in enumerate(self.parts):
            self._part_vectors[part][position] = vector[offset : offset + dim]
            offset += dim

    def warm_up(self) -> None:
        """Load the models a first search would load (a few seconds, once per process).

        The language identifier, the compound-splitting n-grams and the embedder load
        lazily; a server calls this at start so that no user waits for them.
        """
        self.search(Query("Hochtemperaturfilter aus Keramik für die Heißgasreinigung"))

    def warm_passages(self, *, max_sentences: int | None = None) -> int:
        """Cache the sentences that explanations compare, before any search asks for them.

        Only the profiles a search shows by default (not those known only from EU project
        history), in index order, up to ``max_sentences`` and the passage cache's size. A
        server does this once, before it forks its workers, so that no worker embeds a
        member's sentences for its first explanations (a need page's first view took
        200 ms more for them). Sentences the passage store holds are read from it, the
        others embedded. Returns the number of sentences now in the cache.
        """
        # the boilerplate sentences are counted here too, once for all forked workers
        self._boilerplate_sentences = self.boilerplate
        limit = min(max_sentences or self.passage_cache_size, self.passage_cache_size)
        positions = np.flatnonzero(self._live & ((self._flags & _HISTORY_ONLY) == 0))
        sentences_of: dict[int, list[tuple[str, str]]] = {}
        count = 0
        for position in positions:
            sentences_of[int(position)] = profile_passages(self._fields(int(position)))
            count += len(sentences_of[int(position)])
            if count >= limit:
                break
        if self.passage_store is not None:  # what is stored is read, not embedded
            items = list(sentences_of.items())
            for start in range(0, len(items), 500):
                self._read_stored_passages(dict(items[start : start + 500]))
        texts = list(
            dict.fromkeys(text for passages in sentences_of.values() for _, text in passages)
        )[:limit]
        for start in range(0, len(texts), 256):
            self._embed_cached(texts[start : start + 256])
        return len(texts)

    def seed_passages(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Put passage vectors computed earlier (e.g. stored with the profiles) into the
        passage cache, so that the first searches do not embed them; they must come from
        ``passage_embedder(embedder)``, each part of unit length. The cache grows to hold
        them."""
        if len(texts) != len(vectors):
            raise ValueError(f"{len(texts)} passages but {len(vectors)} vectors")
        with self._cache_lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._passage_cache[text] = vector
            self.passage_cache_size = max(self.passage_cache_size, 2 * len(self._passage_cache))

    def clear_passage_cache(self) -> None:
        """Forget the embedded sentences (a benchmark measures the cold case with it)."""
        with self._cache_lock:
            self._passage_cache.clear()

    def with_config(self, **changes: Any) -> MatchingIndex:
        """A view of this index with other fusion, nearness or explanation settings.

        Changing ``k1``, ``b`` or ``field_weights`` needs :meth:`build`.
        """
        clone = object.__new__(MatchingIndex)
        clone.__dict__.update(self.__dict__)
        clone.config = replace(self.config, **changes)
        return clone

    # ------------------------------------------------------------------ searching

    def search(self, query: Query) -> list[Match]:
        """Rank the profiles for a need and keep those that fit it.

        Parameters
        ----------
        query : Query
            The need text, where to be near, filters, how many, earlier cooperation.

        Returns
        -------
        list of Match
            Best first, at most ``query.limit``. Empty when the filters leave nothing or,
            with a relevance model for this embedder, when nothing fits the need.

        Raises
        ------
        TypeError
            If the need is not a string.
        ValueError
            If the need has no words, ``limit`` is not positive, ``nearness`` is outside
            0..1, or ``max_distance_km`` is given without ``near``.
        """
        with _single_threaded_blas():
            ranked = self._rank(query)
            return self._matches(query, ranked)

    def _validate(self, query: Query) -> str:
        if not isinstance(query.text, str):
            raise TypeError(f"the need must be text, not {type(query.text).__name__}")
        text = query.text.replace("\x00", " ").strip()[:MAX_QUERY_CHARS]
        if not any(ch.isalnum() for ch in text):
            raise ValueError("the need has no words to search for")
        if query.limit < 1:
            raise ValueError("limit must be at least 1")
        if not 0.0 <= query.nearness <= 1.0:
            raise ValueError("nearness must be between 0 and 1")
        if query.filters.max_distance_km is not None and query.near is None:
            raise ValueError("max_distance_km needs a point to measure from (Query.near)")
        return text

    def query_terms(self, text: str) -> dict[str, float]:
        """Analysed query terms, compound neighbours and cognate keys with their weights."""
        return self._query_terms(text)[0]

    def _query_terms(self, text: str) -> tuple[dict[str, float], float]:
        """Query terms with weights, and the BM25 score a document gets for all of them.

        That score (each analysed term once, at average length; cognate keys and
        compound neighbours left out) measures how much of the query a lexical match
        covers. Terms the corpus never uses count with the highest idf: a need in German
        against English profiles then gets a small lexical share, however well one
        loanword matches.
        """
        language = detect_language(text)
        terms: dict[str, float] = {}
        for term in content_terms(analyze(text, language), language):
            terms[term] = terms.get(term, 0.0) + 1.0
        if len(terms) > MAX_QUERY_TERMS:
            rarest = sorted(terms, key=lambda t: -self._idf(t))
            terms = {t: terms[t] for t in rarest[:MAX_QUERY_TERMS]}
        coverage = sum(weight * self._idf(term) for term, weight in terms.items())
        if self.config.compound_weight > 0 and language == "de":
            for term, weight in list(terms.items()):
                for neighbour in self._compound_neighbours(term):
                    if neighbour not in terms:
                        terms[neighbour] = self.config.compound_weight * weight
        if self.config.cognate_weight > 0:
            # across languages only: a German need looks up English fields' keys
            keys = cognate_keys(text, language)[: 4 * MAX_QUERY_TERMS]
            for other in _COGNATE_LANGUAGES:
                if other != language:
                    for key in keys:
                        tagged = f"~{other}:{key}"
                        terms[tagged] = terms.get(tagged, 0.0) + self.config.cognate_weight
        return terms, coverage

    def _compound_neighbours(self, term: str) -> list[str]:
        """Index terms that begin with ``term``: the compounds it is the first part of.

        Only for terms of at least 6 letters, and only compounds at least 4 letters
        longer; at most 12, the most frequent first. (Terms that end a compound were
        tried as well and cost nDCG on the WZ sets: "anlage", "technik" end too many.)
        """
        if term.startswith("~") or len(term) < 6:
            return []
        if self._vocabulary_sorted is None:
            self._vocabulary_sorted = sorted(
                t for t in self.lexical.terms() if not t.startswith("~")
            )
        found = _with_prefix(self._vocabulary_sorted, term, len(term) + 4)
        if len(found) > 12:
            found.sort(key=lambda w: -self.lexical.document_frequency(w))
        return found[:12]

    def query_vector(self, text: str) -> np.ndarray:
        """Embedding of a need, each part of unit length.

        With ``embed_decompounded`` a German need is also embedded with its compounds
        split, and the mean of both vectors is used.
        """
        if not self.config.embed_decompounded or detect_language(text) != "de":
            return normalise_parts(self.embedder.embed([text]), self.parts)[0]
        split = decompound(text)
        if split == text:
            return normalise_parts(self.embedder.embed([text]), self.parts)[0]
        both = normalise_parts(self.embedder.embed([text, split]), self.parts)
        return normalise_parts(both.sum(axis=0), self.parts)[0]

    def _idf(self, term: str) -> float:
        idf = self.lexical.idf_of(term)
        if idf is None:
            return math.log1p((len(self) + 0.5) / 0.5)
        return idf

    def _mask(self, filters: Filters, near: Point | None) -> np.ndarray | None:
        """Which profiles pass the hard filters, or None when there are none."""
        n = len(self)
        mask: np.ndarray | None = None

        def narrow(condition: np.ndarray) -> None:
            nonlocal mask
            mask = condition if mask is None else mask & condition

        def coded(wanted: frozenset[str], codes: np.ndarray, vocabulary: list[str]) -> None:
            lookup = {value: i for i, value in enumerate(vocabulary)}
            narrow(np.isin(codes, [lookup[w] for w in wanted if w in lookup]))

        if filters.kinds is not None:
            coded(filters.kinds, self._kind_codes, self._kinds)
        if filters.districts is not None:
            coded(filters.districts, self._district_codes, self._districts)
        if filters.size_bands is not None:
            coded(filters.size_bands, self._size_codes, self._sizes)
        if filters.wz_sections is not None:
            bits = sum(1 << _WZ_SECTIONS.index(s) for s in filters.wz_sections if s in _WZ_SECTIONS)
            narrow((self._wz_bits & bits) != 0)
        if filters.networks is not None:
            narrow(self._networks.any_of(filters.networks))
        if filters.audience is not None:
            narrow(self._audience_mask(filters.audience))
        if filters.allowed_ids is not None:
            allowed = np.zeros(n, dtype=bool)
            positions = [self._position[i] for i in filters.allowed_ids if i in self._position]
            allowed[positions] = True
            narrow(allowed)
        if filters.exclude_ids:
            keep = np.ones(n, dtype=bool)
            keep[[self._position[i] for i in filters.exclude_ids if i in self._position]] = False
            narrow(keep)
        if filters.max_distance_km is not None and near is not None:
            # a bounding box first, so that only nearby profiles need the trigonometry
            radius = filters.max_distance_km
            dlat = radius / 111.0 + 0.01
            dlon = radius / (111.0 * max(0.01, math.cos(math.radians(near.lat)))) + 0.01
            box = np.flatnonzero(
                (np.abs(self._lat - near.lat) <= dlat) & (np.abs(self._lon - near.lon) <= dlon)
            )
            within = np.zeros(n, dtype=bool)
            within[box[_haversine(self._lat[box], self._lon[box], near) <= radius]] = True
            narrow(within)
        if self._removed:
            narrow(self._live)
        return mask

    def _audience_mask(self, audience: Audience) -> np.ndarray:
        """The profiles this audience may find (see :class:`Audience`)."""
        n = len(self)
        own = self._owner == audience.own if audience.own is not None else np.zeros(n, dtype=bool)
        if audience.everything:
            visible = np.ones(n, dtype=bool)
            readable = visible
        else:
            public = _code_of(self._visibilities, PUBLIC, add=False)
            members = _code_of(self._visibilities, MEMBERS, add=False)
            visible = (
                (self._visibility_codes == public)
                | self._reach.any_of(audience.managed)
                | ((self._visibility_codes == members) & self._reach.any_of(audience.member))
                | own
            )
            readable = self._reach.any_of(audience.managed | audience.member)
            if audience.reads_own:
                readable = readable | own
        if not audience.include_history:
            visible = visible & ((self._flags & _HISTORY_ONLY) == 0)
        variant = (self._flags & _VARIANT) != 0
        has_variant = (self._flags & _HAS_VARIANT) != 0
        # exactly one of an organisation's two profiles: the full one for its readers
        return visible & np.where(variant, ~readable, ~has_variant | readable)

    def signals(self, text: str, mask: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """The profiles' content signals for a need: raw and as z-scores.

        ``sem_<part>`` is the cosine of each embedding part, ``lex`` the BM25 score as a
        share of what covering the whole need scores (0..1), ``z_*`` each of them against
        the index (see ``MatchingConfig.prior``), ``fused`` the weighted sum that ranks,
        and ``cross`` 1 where the profile's language differs from the need's. Profiles
        outside ``mask`` (the filters) get ``fused`` = -inf.

        Up to ``full_scan_limit`` profiles every signal is computed for every profile.
        Above it the first embedding part (E5) and BM25 are computed for all, the other
        parts only for the ``candidates`` best by those two (and the best by BM25 alone);
        the rest get NaN and ``fused`` -inf: at a million profiles this halves the
        vectors a query reads (benchmarks.md, "latency").
        """
        return self._signals(text, mask)[0]

    def _signals(
        self, text: str, mask: np.ndarray | None = None
    ) -> tuple[dict[str, np.ndarray], dict[str, float]]:
        """:meth:`signals`, and the need's lexical terms with their weights."""
        config = self.config
        n = len(self)
        terms, coverage = self._query_terms(text)
        vector = self.query_vector(text)
        language = detect_language(text)
        lexical = self.lexical.scores(terms)
        lex = (
            np.minimum(lexical / np.float32(coverage), 1.0, dtype=np.float32)
            if coverage > 0
            else np.zeros(n, dtype=np.float32)
        )
        code = self._languages.index(language) if language in self._languages else -1
        same = self._language_codes == code

        def weight(signal: str) -> np.ndarray:
            return np.where(
                same, config.same_language[signal], config.other_language[signal]
            ).astype(np.float32)

        out: dict[str, np.ndarray] = {"lex": lex, "z_lex": self._z(lex, "lexical")}
        out["cross"] = (~same).astype(np.float32)
        fused = weight("lexical") * out["z_lex"]
        (first, first_dim), *others = self.parts
        cosine = self._part_vectors[0] @ vector[:first_dim]
        out[f"sem_{first}"], out[f"z_{first}"] = cosine, self._z(cosine, first)
        fused += weight(first) * out[f"z_{first}"]
        if mask is not None:
            fused[~mask] = -np.inf
        rows: np.ndarray | None = None  # None: all profiles
        narrow = mask is not None and int(mask.sum()) <= config.candidates
        if others and n > config.full_scan_limit and not narrow:
            # the filtered-out profiles have -inf and BM25 0: never among the best
            lexical = np.where(np.isfinite(fused), lex, np.float32(0))
            rows = np.union1d(_top(fused, config.candidates), _top(lexical, config.candidates))
        start = first_dim
        for part, (name, dim) in enumerate(others, start=1):
            part_vector = vector[start : start + dim]
            start += dim
            if rows is None:
                cosine = self._part_vectors[part] @ part_vector
                z = self._z(cosine, name)
            else:
                cosine = np.full(n, np.nan, dtype=np.float32)
                cosine[rows] = self._part_vectors[part][rows] @ part_vector
                # the index's mean and spread from a fixed sample of its profiles
                z = self._z(
                    cosine, name, sample=self._part_vectors[part][self._sample] @ part_vector
                )
            out[f"sem_{name}"], out[f"z_{name}"] = cosine, z
            fused = fused + weight(name) * np.nan_to_num(z, nan=0.0)
        if rows is not None:
            keep = np.zeros(n, dtype=bool)
            keep[rows] = True
            fused[~keep] = -np.inf
        out["fused"] = fused
        return out, terms

    def _z(self, values: np.ndarray, signal: str, sample: np.ndarray | None = None) -> np.ndarray:
        """``values`` as z-scores against the index (or ``sample``), shrunk to the prior."""
        prior_mean, prior_sd = self.config.prior.get(signal, (0.0, 1.0))
        population = values if sample is None else sample
        n, k = population.shape[0], self.config.prior_profiles
        mean = (n * float(population.mean()) + k * prior_mean) / (n + k) if n else prior_mean
        var = (n * float(population.var()) + k * prior_sd**2) / (n + k) if n else prior_sd**2
        return ((values - np.float32(mean)) / np.float32(max(math.sqrt(var), 1e-6))).astype(
            np.float32
        )

    def _rank(self, query: Query) -> _Ranked:
        config = self.config
        text = self._validate(query)
        need_parts = sentences(text)[:12] or [text]
        mask = self._mask(query.filters, query.near) if len(self) else None
        if len(self) == 0 or (mask is not None and not mask.any()):
            return _Ranked(np.zeros(0, np.int64), np.zeros(0), None, None, {}, {}, {}, [])
        signals, terms = self._signals(text, mask)
        fused = signals["fused"]
        pool = _top(fused, max(config.pool, query.limit))
        pool = pool[np.isfinite(fused[pool])]

        passages, best = self._passages(pool, need_parts)
        relevance = None
        model = self._applicable_model()
        if model is not None:
            relevance = model.probabilities(self._candidate_features(signals, pool, best))
            if query.cutoff:
                keep = model.kept(relevance)
                pool, relevance = pool[keep], relevance[keep]

        scores = fused[pool]
        distances = None
        if query.near is not None and pool.size:
            distances = _haversine(self._lat[pool], self._lon[pool], query.near)
            if query.nearness > 0:
                known = np.where(np.isnan(distances), config.unknown_distance_km, distances)
                scores = scores - config.nearness_strength * query.nearness * np.log2(
                    1.0 + known / config.nearness_scale_km
                )
        order = np.lexsort((pool, -scores))[: query.limit]
        return _Ranked(
            positions=pool[order],
            scores=scores[order],
            relevance=None if relevance is None else relevance[order],
            distances=None if distances is None else distances[order],
            terms=terms,
            passages=passages,
            passage_best=best,
            need_parts=need_parts,
        )

    def _applicable_model(self) -> RelevanceModel | None:
        """The relevance model, if switched on and fitted for this index's embedder."""
        model = self.relevance_model
        if self.config.relevance and model is not None and model.embedder == self.embedder.name:
            return model
        return None

    @staticmethod
    def _candidate_features(
        signals: Mapping[str, np.ndarray],
        pool: np.ndarray,
        best: Mapping[int, tuple[np.ndarray, np.ndarray]],
    ) -> dict[str, np.ndarray]:
        """The relevance features of the candidates in ``pool`` (best first)."""
        features = {name: values[pool] for name, values in signals.items()}
        features["passage"] = np.array(
            [float(best[int(p)][0].max(initial=0.0)) for p in pool], dtype=np.float64
        )
        features["delta"] = signals["fused"][pool[0]] - signals["fused"][pool]
        return features

    def candidate_features(
        self, text: str, *, limit: int = 20
    ) -> tuple[list[int], dict[str, np.ndarray]]:
        """Profile ids and relevance features of the best ``limit`` candidates for a need.

        What the relevance model sees, without filters or nearness: for fitting and
        measuring the cut-off (``nahwerk_engine.benchmarks.relevance``).
        """
        text = self._validate(Query(text))
        need_parts = sentences(text)[:12] or [text]
        signals = self.signals(text)
        pool = _top(signals["fused"], min(limit, len(self)))
        _passages, best = self._passages(pool, need_parts)
        return [int(self.ids[p]) for p in pool], self._candidate_features(signals, pool, best)

    def _passages(
        self, positions: np.ndarray, need_parts: list[str]
    ) -> tuple[dict[int, list[tuple[str, str]]], dict[int, tuple[np.ndarray, np.ndarray]]]:
        """Each profile's sentences, and for each the best cosine with a part of the need."""
        sentences_of = {int(p): profile_passages(self._fields(int(p))) for p in positions}
        if self.passage_store is not None:
            self._read_stored_passages(sentences_of)
        texts = [s for passages in sentences_of.values() for _, s in passages]
        vectors = self._embed_cached(need_parts + texts)
        need_vectors, passage_vectors = vectors[: len(need_parts)], vectors[len(need_parts) :]
        best: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        offset = 0
        for position, passages in sentences_of.items():
            block = passage_vectors[offset : offset + len(passages)] @ need_vectors.T
            offset += len(passages)
            if len(passages):
                best[position] = (block.max(axis=1), block.argmax(axis=1))
            else:
                best[position] = (np.zeros(0), np.zeros(0, dtype=np.int64))
        return sentences_of, best

    def _read_stored_passages(self, sentences_of: Mapping[int, list[tuple[str, str]]]) -> None:
        """Put the stored vectors of the profiles whose sentences are not all cached into
        the passage cache; a block made from other sentences than the index holds (a
        profile changed since) is ignored, and those sentences are embedded as before."""
        assert self.passage_store is not None
        with self._cache_lock:
            cache = self._passage_cache
            wanted = [
                position
                for position, passages in sentences_of.items()
                if any(text not in cache for _, text in passages)
            ]
        if not wanted:
            return
        blocks = self.passage_store([int(self.ids[p]) for p in wanted])
        dim = passage_embedder(self.embedder).dim
        found: list[tuple[str, np.ndarray]] = []
        for position in wanted:
            blob = blocks.get(int(self.ids[position]))
            texts = [text for _, text in sentences_of[position]]
            vectors = None if blob is None else unpack_passages(blob, texts, dim)
            if vectors is not None:
                found.extend(zip(texts, vectors, strict=True))
        with self._cache_lock:
            for text, vector in found:
                self._passage_cache[text] = vector
                self._passage_cache.move_to_end(text)
            while len(self._passage_cache) > self.passage_cache_size:
                self._passage_cache.popitem(last=False)

    @property
    def boilerplate(self) -> frozenset[str]:
        """The sentences that many profiles share word for word (see BOILERPLATE_SHARE).

        Counted once per index, on the fixed sample of profiles, as each profile's
        distinct sentences; later profile changes do not change it until the index is
        built or loaded anew.
        """
        if self._boilerplate_sentences is None:
            counts = Counter(
                text
                for position in self._sample
                for text in {s for _, body in self._fields(int(position)) for s in sentences(body)}
            )
            floor = max(BOILERPLATE_MIN_PROFILES, BOILERPLATE_SHARE * len(self._sample))
            self._boilerplate_sentences = frozenset(t for t, n in counts.items() if n >= floor)
        return self._boilerplate_sentences

    def _embed_cached(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of passages, from an LRU cache shared by the searches of a process."""
        embedder = passage_embedder(self.embedder)
        if not texts:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        cache = self._passage_cache
        found: dict[str, np.ndarray] = {}
        with self._cache_lock:  # web servers may search from several threads
            for text in texts:
                if text in cache:
                    cache.move_to_end(text)
                    found[text] = cache[text]
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            vectors = normalise_parts(embedder.embed(missing), embedding_parts(embedder))
            found.update(zip(missing, vectors, strict=True))
            with self._cache_lock:
                for text in missing:
                    cache[text] = found[text]
                while len(cache) > self.passage_cache_size:
                    cache.popitem(last=False)
        return np.stack([found[t] for t in texts])

    def _matches(self, query: Query, ranked: _Ranked) -> list[Match]:
        model = self.relevance_model
        matches = []
        for i, (p, score) in enumerate(zip(ranked.positions, ranked.scores, strict=True)):
            position = int(p)
            profile_id = int(self.ids[position])
            best: list[PassageMatch] = []
            shared: tuple[str, ...] = ()
            if query.explain:
                passages = ranked.passages.get(position, [])
                similarity, part_of = ranked.passage_best.get(
                    position, (np.zeros(0), np.zeros(0, dtype=np.int64))
                )
                quoted = [
                    j
                    for j in np.argsort(-similarity, kind="stable")
                    if passages[j][1] not in self.boilerplate
                ]
                for j in quoted[: self.config.explain_passages]:
                    best.append(
                        PassageMatch(
                            field=passages[j][0],
                            passage=passages[j][1],
                            need_part=ranked.need_parts[int(part_of[j])],
                            similarity=round(float(similarity[j]), 4),
                        )
                    )
                shared = self._shared_terms(self.profile(position), ranked.terms)
            relevance = None if ranked.relevance is None else float(ranked.relevance[i])
            matches.append(
                Match(
                    profile_id=profile_id,
                    name=self._names[position],
                    score=float(score),
                    explanation=Explanation(
                        passages=tuple(best),
                        shared_terms=shared,
                        distance_km=_distance(ranked, i),
                        cooperation=tuple(query.cooperation.get(profile_id, ())),
                    ),
                    relevance=relevance,
                    fit=None if relevance is None or model is None else model.level(relevance),
                )
            )
        return matches

    def _shared_terms(self, profile: Profile, terms: Mapping[str, float]) -> tuple[str, ...]:
        """The profile's own words behind the query terms it contains, rarest first.

        A word that shares only a short first part with the need ("Hochschule" for
        "Hochtemperaturfilter": "hoch") is not shown; the ranking still counts it.
        """
        surfaces: dict[str, list[str]] = {}
        for _, body in (("name", profile.name), *profile.fields):
            for term, surface in _surface_terms(body):
                if term in terms and not weak_part(term, surface):
                    surfaces.setdefault(term, []).append(surface)
        ordered = sorted(surfaces, key=lambda t: -terms[t] * (self.lexical.idf_of(t) or 0.0))
        shown: dict[str, str] = {}
        for term in ordered:
            for surface in surfaces[term]:
                shown.setdefault(surface.casefold(), surface)
        return tuple(shown.values())[:12]

    # ------------------------------------------------------------------ persistence

    def compacted(self) -> MatchingIndex:
        """A fresh build of the live profiles (statistics recomputed, vectors reused)."""
        positions = np.flatnonzero(self._live)
        vectors = self.vectors
        return MatchingIndex.build(
            [self.profile(int(p)) for p in positions],
            embedder=self.embedder,
            embeddings={int(self.ids[p]): vectors[p] for p in positions},
            config=self.config,
        )

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` (created if needed): .npy arrays and JSON.

        No pickle: the files can be read by any numpy and JSON reader, and loading them
        runs no code.
        """
        if self.changed or self._removed:
            self.compacted().save(directory)
            return
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        matrix = self.lexical.matrix
        np.save(directory / "vectors.npy", self.vectors, allow_pickle=False)
        np.savez(
            directory / "lexical.npz",
            data=matrix.data,
            indices=matrix.indices,
            indptr=matrix.indptr,
            shape=np.array(matrix.shape, dtype=np.int64),
            idf=self.lexical.idf,
            avg_len=np.array([self.lexical.avg_len]),
        )
        vocabulary = sorted(self.lexical.vocabulary, key=self.lexical.vocabulary.__getitem__)
        meta = {
            "format": FORMAT_VERSION,
            "embedder": self.embedder.name,
            "dim": self.embedder.dim,
            "profiles": len(self),
            "config": _config_json(self.config),
            "vocabulary": vocabulary,
        }
        (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        with (directory / "profiles.jsonl").open("w", encoding="utf-8") as out:
            for p in map(self.profile, range(len(self))):
                row = {
                    "id": p.id,
                    "name": p.name,
                    "kind": p.kind,
                    "point": [p.point.lat, p.point.lon] if p.point else None,
                    "district": p.district,
                    "networks": sorted(p.networks),
                    "size_band": p.size_band,
                    "wz_sections": sorted(p.wz_sections),
                    "fields": [list(f) for f in p.fields],
                    "visibility": p.visibility,
                    "reach": sorted(p.reach),
                    "history_only": p.history_only,
                    "variant_of": p.variant_of,
                    "has_variant": p.has_variant,
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        (directory / "languages.json").write_text(
            json.dumps([self._languages[c] for c in self._language_codes]), "utf-8"
        )

    @classmethod
    def load(cls, directory: Path, *, embedder: Embedder) -> MatchingIndex:
        """Read an index written by :meth:`save`.

        Raises
        ------
        ValueError
            If the index was built with another embedder or format version: its vectors
            would not be comparable with the queries.
        """
        directory = Path(directory)
        meta = json.loads((directory / "meta.json").read_text("utf-8"))
        if meta["format"] != FORMAT_VERSION:
            raise ValueError(f"index format {meta['format']}, this engine reads {FORMAT_VERSION}")
        if meta["embedder"] != embedder.name or meta["dim"] != embedder.dim:
            raise ValueError(
                f"index was built with {meta['embedder']}, not {embedder.name}: rebuild it"
            )
        profiles = []
        with (directory / "profiles.jsonl").open(encoding="utf-8") as rows:
            for line in rows:
                row = json.loads(line)
                profiles.append(
                    Profile(
                        id=row["id"],
                        name=row["name"],
                        kind=row["kind"],
                        point=Point(*row["point"]) if row["point"] else None,
                        district=row["district"],
                        networks=frozenset(row["networks"]),
                        size_band=row["size_band"],
                        wz_sections=frozenset(row["wz_sections"]),
                        fields=tuple((f, t) for f, t in row["fields"]),
                        visibility=row.get("visibility", PUBLIC),
                        reach=frozenset(row.get("reach", ())),
                        history_only=row.get("history_only", False),
                        variant_of=row.get("variant_of"),
                        has_variant=row.get("has_variant", False),
                    )
                )
        with np.load(directory / "lexical.npz", allow_pickle=False) as arrays:
            shape = tuple(int(x) for x in arrays["shape"])
            matrix = sparse.csc_matrix(
                (arrays["data"], arrays["indices"], arrays["indptr"]), shape=shape
            )
            idf = arrays["idf"]
            avg_len = float(arrays["avg_len"][0]) if "avg_len" in arrays else 1.0
        vocabulary = {term: i for i, term in enumerate(meta["vocabulary"])}
        vectors = np.load(directory / "vectors.npy", allow_pickle=False)
        config = MatchingConfig(
            **{
                **meta["config"],
                "prior": {k: tuple(v) for k, v in meta["config"]["prior"].items()},
            }
        )
        languages = json.loads((directory / "languages.json").read_text("utf-8"))
        return cls(
            profiles=profiles,
            lexical=LexicalIndex(
                matrix,
                vocabulary,
                idf,
                k1=config.k1,
                b=config.b,
                field_weights=config.field_weights,
                avg_len=avg_len,
            ),
            vectors=vectors,
            embedder=embedder,
            config=config,
            languages=languages,
        )


def _config_json(config: MatchingConfig) -> dict[str, Any]:
    data = asdict(config)
    for key in ("field_weights", "same_language", "other_language"):
        data[key] = dict(getattr(config, key))
    data["prior"] = {k: list(v) for k, v in config.prior.items()}
    return data


def _with_prefix(words: list[str], prefix: str, min_length: int) -> list[str]:
    """Words of the sorted list that start with ``prefix`` and have ``min_length`` letters."""
    start = bisect.bisect_left(words, prefix)
    found = []
    for word in words[start:]:
        if not word.startswith(prefix):
            break
        if len(word) >= min_length:
            found.append(word)
            if len(found) >= 200:
                break
    return found


def _packed(profile: Profile) -> str:
    return _RECORD.join(f"{_clean(name)}{_UNIT}{_clean(text)}" for name, text in profile.fields)


def _wz_bits(profile: Profile) -> int:
    return sum(1 << _WZ_SECTIONS.index(s) for s in profile.wz_sections if s in _WZ_SECTIONS)


def _flags(profile: Profile) -> int:
    return (
        (_HISTORY_ONLY if profile.history_only else 0)
        | (_VARIANT if profile.variant_of is not None else 0)
        | (_HAS_VARIANT if profile.has_variant else 0)
    )


def _code_of(vocabulary: list[str], value: str, *, add: bool = True) -> int:
    """The code of ``value`` in a column's vocabulary, appended when new (-1: absent)."""
    try:
        return vocabulary.index(value)
    except ValueError:
        if not add:
            return -1
        vocabulary.append(value)
        return len(vocabulary) - 1


class _SetColumn:
    """A small set of ints per profile (networks), as a boolean matrix over their codes.

    Networks are few (tens), so a row of booleans is cheaper to filter and to change in
    place than a flat list with offsets. ``matrix`` is the first rows of a buffer with
    spare rows for new profiles, as the index's other columns.
    """

    def __init__(self, values: Sequence[frozenset[int]], *, capacity: int | None = None) -> None:
        vocabulary = sorted(set().union(*values)) if values else []
        self.codes = {value: i for i, value in enumerate(vocabulary)}
        rows = len(values)
        self._buffer = np.zeros((max(rows, capacity or 0), len(vocabulary)), dtype=bool)
        self.matrix = self._buffer[:rows]
        for row, members in enumerate(values):
            self.matrix[row, [self.codes[v] for v in members]] = True

    def any_of(self, wanted: Iterable[int]) -> np.ndarray:
        columns = [self.codes[v] for v in wanted if v in self.codes]
        if not columns:
            return np.zeros(self.matrix.shape[0], dtype=bool)
        return np.asarray(self.matrix[:, columns].any(axis=1), dtype=bool)

    def get(self, row: int) -> frozenset[int]:
        values = list(self.codes)
        return frozenset(values[c] for c in np.flatnonzero(self.matrix[row]))

    def reserve(self, capacity: int) -> None:
        """Room for ``capacity`` rows in all (the rows in use are copied)."""
        if capacity <= self._buffer.shape[0]:
            return
        rows = self.matrix.shape[0]
        buffer = np.zeros((capacity, self._buffer.shape[1]), dtype=bool)
        buffer[:rows] = self.matrix
        self._buffer, self.matrix = buffer, buffer[:rows]

    def grow(self, count: int) -> None:
        rows = self.matrix.shape[0] + count
        self.reserve(rows)
        self.matrix = self._buffer[:rows]
        self.matrix[rows - count :] = False

    def set(self, row: int, members: frozenset[int]) -> None:
        new = [v for v in sorted(members) if v not in self.codes]
        if new:
            # a network the column has not seen: one more column (rare; networks are few)
            for value in new:
                self.codes[value] = len(self.codes)
            extra = np.zeros((self._buffer.shape[0], len(new)), dtype=bool)
            rows = self.matrix.shape[0]
            self._buffer = np.concatenate([self._buffer, extra], axis=1)
            self.matrix = self._buffer[:rows]
        self.matrix[row] = False
        self.matrix[row, [self.codes[v] for v in members]] = True


def _spare_rows(size: int) -> int:
    """Spare rows a build leaves for new profiles: an eighth of the index, 16 to _SPARE_MAX."""
    return min(_SPARE_MAX, max(16, size // 8))


def _clean(text: str) -> str:
    return text.replace(_RECORD, " ").replace(_UNIT, " ")


def _distance(ranked: _Ranked, i: int) -> float | None:
    if ranked.distances is None or np.isnan(ranked.distances[i]):
        return None
    return round(float(ranked.distances[i]), 1)


# Languages whose cognate keys a query looks up when it is in another language.
_COGNATE_LANGUAGES = ("de", "en")


def _field_terms(text: str, language: str) -> list[str]:
    """Analysed terms of a field and, in German or English, its tagged cognate keys."""
    if language in _COGNATE_LANGUAGES:
        return index_terms(text, language)
    return analyze(text, language)


def analyse_profile(profile: Profile) -> tuple[list[tuple[str, list[str]]], str]:
    """Analysed terms per field, each field in its own language, and the profile's language.

    The profile's language is that of most of its text (by characters), German when it
    has no text besides its name.
    """
    # a name has no reliable language: both stems, so "Laser GmbH" meets "lasers" and "Laser"
    german = analyze(profile.name, "de")
    english = [term for term in analyze(profile.name, "en") if term not in set(german)]
    fields = [("name", german + english)]
    weight: dict[str, int] = {}
    for name, text in profile.fields:
        if not text:
            continue
        language = detect_language(text)
        weight[language] = weight.get(language, 0) + len(text)
        fields.append((name, _field_terms(text, language)))
    language = max(weight, key=weight.__getitem__) if weight else "de"
    return fields, language
