"""The matching index: lexical and semantic ranking, fusion, filters, nearness, explanations."""

from __future__ import annotations

import contextlib
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from scipy import sparse

from nahwerk_engine.geo import EARTH_RADIUS_KM, Point
from nahwerk_engine.matching.embedders import Embedder, normalise_rows
from nahwerk_engine.matching.lexical import LexicalIndex
from nahwerk_engine.matching.types import (
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
    decompound,
    detect_language,
    index_terms,
    sentences,
)

__all__ = ["FORMAT_VERSION", "MatchingConfig", "MatchingIndex", "profile_text"]

FORMAT_VERSION = 1
# Needs longer than this are cut before analysis and embedding: a 100 KB paste costs no
# more than a page, and the first page says what is needed.
MAX_QUERY_CHARS = 10_000
# At most this many distinct query terms (the rarest first) reach BM25.
MAX_QUERY_TERMS = 64
# Profile text cut for embedding (see profile_text).
MAX_PROFILE_TEXT_CHARS = 3000
# The order in which profile fields go into the embedded text: most telling first.
_EMBED_ORDER = ("competences", "offers", "description", "equipment", "references", "wz_titles")
_WZ_SECTIONS = "ABCDEFGHIJKLMNOPQRSTU"
# Separators of the packed field texts (ASCII record and unit separators).
_RECORD, _UNIT = "\x1e", "\x1f"


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
    fusion : {"weighted", "rrf"}
        ``weighted``: ``semantic_weight`` * normalised cosine + the rest * normalised
        BM25. ``rrf``: reciprocal rank fusion, ``w / (rrf_k + rank)`` per list.
    lexical_norm : {"coverage", "max"}
        Weighted fusion: BM25 relative to a document that contains every query word
        once (``coverage``), or to the best BM25 score of the query (``max``).
    semantic_weight : float
        Share of the semantic list, 0 to 1, in either fusion.
    semantic_floor_rank : int
        Weighted fusion: the cosine of the semantic list's profile at this rank maps to
        0 and the best cosine to 1 (profiles below the floor get 0).
    semantic_min_spread : float
        Weighted fusion: cosine differences are divided by at least this much (in
        cosine units; about 0.03 suits E5's narrow band).
    rrf_k : float
        Rank offset of reciprocal rank fusion.
    candidates : int
        How many of each list go into the fusion.
    cognate_weight : float
        Weight of cognate keys (see ``nahwerk_engine.text.cognate_key``) that a query
        looks up in profile fields of the other main language: "Keramik" meets
        "ceramic". Monolingual matches never go through them.
    embed_decompounded : bool
        Embed a German need also with its compounds split and use the mean vector.
    nearness_scale_km : float
        Distance at which nearness 1 halves a score; the factor is
        ``(1 + d / scale) ** -nearness``.
    unknown_distance_km : float
        Distance assumed for profiles without a location when nearness counts.
    explain_passages : int
        Passages per explanation.
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
    fusion: Literal["weighted", "rrf"] = "weighted"
    lexical_norm: Literal["coverage", "max"] = "coverage"
    semantic_weight: float = 0.5
    semantic_floor_rank: int = 100
    semantic_min_spread: float = 0.2
    rrf_k: float = 60.0
    candidates: int = 1000
    cognate_weight: float = 0.5
    embed_decompounded: bool = True
    nearness_scale_km: float = 50.0
    unknown_distance_km: float = 100.0
    explain_passages: int = 3


@dataclass
class _Ranked:
    """Internal result of the ranking before explanations."""

    positions: np.ndarray
    scores: np.ndarray
    lexical_rank: dict[int, int]
    semantic_rank: dict[int, int]
    distances: np.ndarray | None
    terms: dict[str, float]
    text: str


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
        network_counts: list[int] = []
        network_ids: list[int] = []
        for p in profiles:
            ids.append(p.id)
            names.append(p.name)
            texts.append(
                _RECORD.join(f"{_clean(name)}{_UNIT}{_clean(text)}" for name, text in p.fields)
            )
            kinds.append(p.kind)
            districts.append(p.district)
            sizes.append(p.size_band)
            wz_bits.append(
                sum(1 << _WZ_SECTIONS.index(s) for s in p.wz_sections if s in _WZ_SECTIONS)
            )
            lat.append(p.point.lat if p.point else math.nan)
            lon.append(p.point.lon if p.point else math.nan)
            network_counts.append(len(p.networks))
            network_ids.extend(sorted(p.networks))
        if vectors.shape != (len(ids), embedder.dim):
            raise ValueError(
                f"expected {len(ids)} vectors of dimension {embedder.dim}, got {vectors.shape}"
            )
        self.lexical = lexical
        self.vectors = vectors
        self.embedder = embedder
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
        self._network_indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(network_counts, out=self._network_indptr[1:])
        self._network_ids = np.array(network_ids, dtype=np.int64)
        self._passage_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.passage_cache_size = 20_000

    def profile(self, position: int) -> Profile:
        """The profile at ``position`` (0-based, in build order), rebuilt from the columns."""
        lat, lon = float(self._lat[position]), float(self._lon[position])
        start, end = self._network_indptr[position], self._network_indptr[position + 1]
        bits = int(self._wz_bits[position])
        return Profile(
            id=int(self.ids[position]),
            name=self._names[position],
            kind=self._kinds[self._kind_codes[position]],
            point=None if math.isnan(lat) else Point(lat, lon),
            district=self._districts[self._district_codes[position]],
            networks=frozenset(int(n) for n in self._network_ids[start:end]),
            size_band=self._sizes[self._size_codes[position]],
            wz_sections=frozenset(c for i, c in enumerate(_WZ_SECTIONS) if bits >> i & 1),
            fields=self._fields(position),
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

        Returns
        -------
        MatchingIndex
        """
        config = config or MatchingConfig()
        profiles = list(profiles)
        embeddings = embeddings or {}
        lexical = LexicalIndex.build(
            (_profile_terms(p) for p in profiles),
            k1=config.k1,
            b=config.b,
            field_weights=config.field_weights,
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
        vectors = normalise_rows(vectors) if len(profiles) else vectors
        return cls(
            profiles=profiles, lexical=lexical, vectors=vectors, embedder=embedder, config=config
        )

    def __len__(self) -> int:
        return len(self._names)

    def warm_up(self) -> None:
        """Load the models a first search would load (a few seconds, once per process).

        The language identifier, the compound-splitting n-grams and the embedder load
        lazily; a server calls this at start so that no user waits for them.
        """
        self.search(Query("Hochtemperaturfilter aus Keramik für die Heißgasreinigung"))

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
        """Rank the profiles for a need.

        Parameters
        ----------
        query : Query
            The need text, where to be near, filters, how many, earlier cooperation.

        Returns
        -------
        list of Match
            Best first, at most ``query.limit``; empty when the filters leave nothing.

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
        """Analysed query terms and cognate keys with their weights."""
        return self._query_terms(text)[0]

    def _query_terms(self, text: str) -> tuple[dict[str, float], float]:
        """Query terms with weights, and the BM25 score a document gets for all of them.

        That score (each analysed term once, at average length; cognate keys left out)
        measures how much of the query a lexical match covers. Terms the corpus never
        uses count with the highest idf: a need in German against English profiles then
        gets a small lexical share, however well one loanword matches.
        """
        language = detect_language(text)
        terms: dict[str, float] = {}
        for term in analyze(text, language):
            terms[term] = terms.get(term, 0.0) + 1.0
        if len(terms) > MAX_QUERY_TERMS:
            rarest = sorted(terms, key=lambda t: -self._idf(t))
            terms = {t: terms[t] for t in rarest[:MAX_QUERY_TERMS]}
        coverage = sum(weight * self._idf(term) for term, weight in terms.items())
        if self.config.cognate_weight > 0:
            # across languages only: a German need looks up English fields' keys
            keys = cognate_keys(text, language)[: 4 * MAX_QUERY_TERMS]
            for other in _COGNATE_LANGUAGES:
                if other != language:
                    for key in keys:
                        tagged = f"~{other}:{key}"
                        terms[tagged] = terms.get(tagged, 0.0) + self.config.cognate_weight
        return terms, coverage

    def query_vector(self, text: str) -> np.ndarray:
        """Embedding of a need: as written, plus as decompounded German if that differs.

        The mean of both (normalised) helps a little on the WZ benchmarks, because the
        embedder knows the parts of rare compounds better than the compounds.
        """
        if not self.config.embed_decompounded or detect_language(text) != "de":
            return self.embedder.embed([text])[0]
        split = decompound(text)
        if split == text:
            return self.embedder.embed([text])[0]
        both = self.embedder.embed([text, split])
        return normalise_rows(both.sum(axis=0))[0]

    def _idf(self, term: str) -> float:
        column = self.lexical.vocabulary.get(term)
        if column is None:
            return math.log1p((len(self) + 0.5) / 0.5)
        return float(self.lexical.idf[column])

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
            # memberships are stored flat (CSR); count the wanted ones per profile
            hit = np.isin(self._network_ids, list(filters.networks))
            cumulative = np.zeros(hit.shape[0] + 1, dtype=np.int64)
            np.cumsum(hit, out=cumulative[1:])
            indptr = self._network_indptr
            narrow(cumulative[indptr[1:]] > cumulative[indptr[:-1]])
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
        return mask

    def _rank(self, query: Query) -> _Ranked:
        config = self.config
        text = self._validate(query)
        terms, coverage = self._query_terms(text)
        vector = self.query_vector(text)

        mask = self._mask(query.filters, query.near)
        lexical = self.lexical.scores(terms)
        semantic = self.vectors @ vector

        k = max(config.candidates, query.limit)
        lexical_hits = np.flatnonzero(lexical > 0)
        if mask is not None:
            lexical_hits = lexical_hits[mask[lexical_hits]]
            semantic = np.where(mask, semantic, -np.inf).astype(np.float32)
            semantic_pool = _top(semantic, k, np.flatnonzero(mask))
        else:
            semantic_pool = _top(semantic, k)
        lexical_pool = _top(lexical, k, lexical_hits)

        lexical_rank = {int(p): r for r, p in enumerate(lexical_pool, start=1)}
        semantic_rank = {int(p): r for r, p in enumerate(semantic_pool, start=1)}
        union = np.union1d(lexical_pool, semantic_pool)
        if union.size == 0:
            return _Ranked(union, np.zeros(0), {}, {}, None, terms, text)
        fused = self._fuse(union, lexical, semantic, lexical_pool, semantic_pool, coverage)

        distances = None
        if query.near is not None:
            distances = _haversine(self._lat[union], self._lon[union], query.near)
            if query.nearness > 0:
                known = np.where(np.isnan(distances), config.unknown_distance_km, distances)
                fused = fused * (1.0 + known / config.nearness_scale_km) ** -query.nearness
        order = np.lexsort((union, -fused))[: query.limit]
        return _Ranked(
            positions=union[order],
            scores=fused[order],
            lexical_rank=lexical_rank,
            semantic_rank=semantic_rank,
            distances=None if distances is None else distances[order],
            terms=terms,
            text=text,
        )

    def _fuse(
        self,
        union: np.ndarray,
        lexical: np.ndarray,
        semantic: np.ndarray,
        lexical_pool: np.ndarray,
        semantic_pool: np.ndarray,
        coverage: float,
    ) -> np.ndarray:
        """Fused score of each profile in ``union`` (see MatchingConfig.fusion)."""
        config = self.config
        weight = config.semantic_weight
        if config.fusion == "rrf":
            fused = np.zeros(union.shape[0], dtype=np.float64)
            for pool, share in ((lexical_pool, 1.0 - weight), (semantic_pool, weight)):
                ranks = np.full(len(self), 0, dtype=np.int64)
                ranks[pool] = np.arange(1, pool.shape[0] + 1)
                r = ranks[union]
                fused += np.where(r > 0, share / (config.rrf_k + r), 0.0)
            return fused
        if config.fusion != "weighted":
            raise ValueError(f"unknown fusion {config.fusion!r}")
        # BM25 as a share of what matching the whole query scores (see _query_terms),
        # or of the best score; cosine rescaled so that the best candidate is 1 and the
        # last of the semantic pool is 0, which puts models with narrow score bands
        # (E5) and wide ones (USE) on one scale.
        lex = lexical[union].astype(np.float64)
        if config.lexical_norm == "coverage":
            top_lex = coverage
        else:
            top_lex = float(lex.max()) if lex.size else 0.0
        lex_n = np.minimum(lex / top_lex, 1.0) if top_lex > 0 else np.zeros_like(lex)
        sem = semantic[union].astype(np.float64)
        top_sem = float(semantic[semantic_pool[0]]) if semantic_pool.size else 0.0
        floor_rank = min(config.semantic_floor_rank, semantic_pool.size)
        floor = float(semantic[semantic_pool[floor_rank - 1]]) if semantic_pool.size else 0.0
        # a minimum spread keeps near-identical candidates (a tiny index, or many similar
        # profiles) from being pulled apart to 0 and 1 by cosine differences of 0.01
        spread = max(top_sem - floor, config.semantic_min_spread, 1e-6)
        sem_n = np.clip((sem - floor) / spread, 0.0, 1.0)
        return weight * sem_n + (1.0 - weight) * lex_n

    # ------------------------------------------------------------------ explaining

    def _embed_cached(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of passages, from an LRU cache shared by the searches of a process."""
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        cache = self._passage_cache
        found: dict[str, np.ndarray] = {}
        with self._cache_lock:  # web servers may search from several threads
            for text in texts:
                if text in cache:
                    cache.move_to_end(text)
                    found[text] = cache[text]
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found.update(zip(missing, self.embedder.embed(missing), strict=True))
            with self._cache_lock:
                for text in missing:
                    cache[text] = found[text]
                while len(cache) > self.passage_cache_size:
                    cache.popitem(last=False)
        return np.stack([found[t] for t in texts])

    def _matches(self, query: Query, ranked: _Ranked) -> list[Match]:
        if not query.explain:
            empty = Explanation((), (), None, (), None, None)
            return [
                Match(
                    profile_id=int(self.ids[p]),
                    name=self._names[p],
                    score=float(s),
                    explanation=replace(
                        empty,
                        distance_km=_distance(ranked, i),
                        cooperation=tuple(query.cooperation.get(int(self.ids[p]), ())),
                        lexical_rank=ranked.lexical_rank.get(int(p)),
                        semantic_rank=ranked.semantic_rank.get(int(p)),
                    ),
                )
                for i, (p, s) in enumerate(zip(ranked.positions, ranked.scores, strict=True))
            ]
        text = ranked.text
        need_parts = sentences(text)[:12] or [text]
        passages_of = []
        for p in ranked.positions:
            profile = self.profile(int(p))
            passages_of.append(
                [(name, s) for name, body in profile.fields for s in sentences(body)][:40]
            )
        all_passages = [s for passages in passages_of for _, s in passages]
        vectors = self._embed_cached(need_parts + all_passages)
        need_vectors, passage_vectors = vectors[: len(need_parts)], vectors[len(need_parts) :]
        matches = []
        offset = 0
        for i, (p, score) in enumerate(zip(ranked.positions, ranked.scores, strict=True)):
            profile = self.profile(int(p))
            passages = passages_of[i]
            block = passage_vectors[offset : offset + len(passages)] @ need_vectors.T
            offset += len(passages)
            best: list[PassageMatch] = []
            if len(passages):
                part_of = block.argmax(axis=1)
                similarity = block.max(axis=1)
                for j in np.argsort(-similarity, kind="stable")[: self.config.explain_passages]:
                    best.append(
                        PassageMatch(
                            field=passages[j][0],
                            passage=passages[j][1],
                            need_part=need_parts[int(part_of[j])],
                            similarity=round(float(similarity[j]), 4),
                        )
                    )
            matches.append(
                Match(
                    profile_id=profile.id,
                    name=profile.name,
                    score=float(score),
                    explanation=Explanation(
                        passages=tuple(best),
                        shared_terms=self._shared_terms(profile, ranked.terms),
                        distance_km=_distance(ranked, i),
                        cooperation=tuple(query.cooperation.get(profile.id, ())),
                        lexical_rank=ranked.lexical_rank.get(int(p)),
                        semantic_rank=ranked.semantic_rank.get(int(p)),
                    ),
                )
            )
        return matches

    def _shared_terms(self, profile: Profile, terms: Mapping[str, float]) -> tuple[str, ...]:
        """The profile's own words behind the query terms it contains, rarest first."""
        surfaces: dict[str, list[str]] = {}
        for _, body in (("name", profile.name), *profile.fields):
            for term, surface in analyze_with_surface(body):
                if term in terms:
                    surfaces.setdefault(term, []).append(surface)
        vocabulary, idf = self.lexical.vocabulary, self.lexical.idf
        ordered = sorted(
            surfaces,
            key=lambda t: -terms[t] * (float(idf[vocabulary[t]]) if t in vocabulary else 0.0),
        )
        shown: dict[str, str] = {}
        for term in ordered:
            for surface in surfaces[term]:
                shown.setdefault(surface.casefold(), surface)
        return tuple(shown.values())[:12]

    # ------------------------------------------------------------------ persistence

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` (created if needed): .npy arrays and JSON.

        No pickle: the files can be read by any numpy and JSON reader, and loading them
        runs no code.
        """
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
        )
        vocabulary = sorted(self.lexical.vocabulary, key=self.lexical.vocabulary.__getitem__)
        meta = {
            "format": FORMAT_VERSION,
            "embedder": self.embedder.name,
            "dim": self.embedder.dim,
            "profiles": len(self),
            "config": {**asdict(self.config), "field_weights": dict(self.config.field_weights)},
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
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")

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
                    )
                )
        with np.load(directory / "lexical.npz", allow_pickle=False) as arrays:
            shape = tuple(int(x) for x in arrays["shape"])
            matrix = sparse.csc_matrix(
                (arrays["data"], arrays["indices"], arrays["indptr"]), shape=shape
            )
            idf = arrays["idf"]
        vocabulary = {term: i for i, term in enumerate(meta["vocabulary"])}
        vectors = np.load(directory / "vectors.npy", allow_pickle=False)
        config = MatchingConfig(**meta["config"])
        return cls(
            profiles=profiles,
            lexical=LexicalIndex(matrix, vocabulary, idf),
            vectors=vectors,
            embedder=embedder,
            config=config,
        )


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


def _profile_terms(profile: Profile) -> list[tuple[str, list[str]]]:
    """Analysed terms per field, each field in its own language."""
    # a name has no reliable language: both stems, so "Laser GmbH" meets "lasers" and "Laser"
    german = analyze(profile.name, "de")
    english = [term for term in analyze(profile.name, "en") if term not in set(german)]
    fields = [("name", german + english)]
    fields.extend(
        (name, _field_terms(text, detect_language(text))) for name, text in profile.fields if text
    )
    return fields
