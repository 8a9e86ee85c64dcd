"""Partner matching for the web layer: find_partners, vector upkeep and the shared index.

Profiles are embedded by the worker (``reindex_organisations``) or ``rebuild_index``,
never in a request. The index lives in the database (``IndexedProfile``, one row per
profile with its vector and analysed terms, and ``IndexState``, the change sequence):
every web process, on whatever machine, builds its in-memory index from it and applies
the changed profiles at its next search (``_IndexCache``); see docs/matching.md.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import (
    is_site_admin,
    managed_network_ids,
    member_network_ids,
    visible_organisations,
)
from nahwerk.directory.models import Organisation
from nahwerk.matching.index_store import STATE_PK, next_revision
from nahwerk.matching.models import IndexedProfile, IndexState, ProfileVector
from nahwerk.matching.profiles import organisation_pk, public_variant_id
from nahwerk.matching.query_vectors import QueryVectorCache
from nahwerk.projects.models import Participation
from nahwerk.reference.models import Postcode
from nahwerk_engine.geo import Point
from nahwerk_engine.matching import (
    Analysis,
    Audience,
    Embedder,
    Explanation,
    Filters,
    FitLevel,
    MatchingIndex,
    Profile,
    Query,
    analyse_profile,
    default_embedder,
    profile_text,
)
from nahwerk_engine.matching.embedders import passage_embedder
from nahwerk_engine.matching.passages import (
    embed_passages,
    pack_passages,
    profile_passages,
    unpack_passages,
)

logger = logging.getLogger(__name__)


class MatchingError(ValueError):
    """A request the matching cannot answer, with a message for the user."""


# --- Vectors ------------------------------------------------------------------------------


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def refresh_vectors(
    ids: Iterable[int] | None = None, *, embedder: Embedder | None = None, batch_size: int = 256
) -> int:
    """Embed the profiles whose text changed since their vector was stored; returns how many."""
    from nahwerk.matching.profiles import iter_profiles

    embedder = embedder or get_embedder()
    ids = None if ids is None else list(ids)  # read twice below; a generator would run dry
    stored = {
        _profile_id(row["organisation_id"], row["audience"]): row["text_hash"]
        for row in ProfileVector.objects.filter(embedder=embedder.name)
        .filter(Q(organisation_id__in=ids) if ids is not None else Q())
        .values("organisation_id", "audience", "text_hash")
    }
    pending: list[tuple[int, str, str]] = []
    done = 0

    def flush() -> None:
        nonlocal done
        if not pending:
            return
        vectors = embedder.embed([text for _id, text, _hash in pending])
        objects = [
            ProfileVector(
                organisation_id=organisation_pk(profile_id),
                audience=ProfileVector.PUBLIC if profile_id < 0 else ProfileVector.ALL,
                embedder=embedder.name,
                text_hash=digest,
                vector=np.ascontiguousarray(vector, dtype=np.float32).tobytes(),
            )
            for (profile_id, _text, digest), vector in zip(pending, vectors, strict=True)
        ]
        ProfileVector.objects.bulk_create(
            objects,
            update_conflicts=True,
            unique_fields=["organisation", "audience"],
            update_fields=["embedder", "text_hash", "vector", "updated_at"],
        )
        done += len(pending)
        pending.clear()

    for profile in iter_profiles(ids):
        text = profile_text(profile)
        digest = text_hash(text)
        if stored.get(profile.id) != digest:
            pending.append((profile.id, text, digest))
        if len(pending) >= batch_size:
            flush()
    flush()
    return done


def _profile_id(organisation_id: int, audience: str) -> int:
    return (
        public_variant_id(organisation_id) if audience == ProfileVector.PUBLIC else organisation_id
    )


def stored_vectors(embedder: Embedder) -> dict[int, np.ndarray]:
    return {
        _profile_id(pk, audience): np.frombuffer(bytes(blob), dtype=np.float32)
        for pk, audience, blob in ProfileVector.objects.filter(embedder=embedder.name).values_list(
            "organisation_id", "audience", "vector"
        )
    }


# --- The index in the database ---------------------------------------------------------------


@dataclass(frozen=True)
class IndexReport:
    profiles: int
    embedded: int
    seconds: float

    def summary(self) -> str:
        return _(
            "Index rebuilt: %(profiles)d profiles, %(embedded)d newly embedded, %(seconds).1f s."
        ) % {"profiles": self.profiles, "embedded": self.embedded, "seconds": self.seconds}


def _profile_json(profile: Profile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "kind": profile.kind,
        "point": [profile.point.lat, profile.point.lon] if profile.point else None,
        "district": profile.district,
        "networks": sorted(profile.networks),
        "size_band": profile.size_band,
        "wz_sections": sorted(profile.wz_sections),
        "fields": [list(f) for f in profile.fields],
        "visibility": profile.visibility,
        "reach": sorted(profile.reach),
        "history_only": profile.history_only,
        "variant_of": profile.variant_of,
        "has_variant": profile.has_variant,
    }


def _profile_from_json(profile_id: int, data: dict[str, Any]) -> Profile:
    return Profile(
        id=profile_id,
        name=data["name"],
        kind=data["kind"],
        point=Point(*data["point"]) if data["point"] else None,
        district=data["district"],
        networks=frozenset(data["networks"]),
        size_band=data["size_band"],
        wz_sections=frozenset(data["wz_sections"]),
        fields=tuple((name, text) for name, text in data["fields"]),
        visibility=data["visibility"],
        reach=frozenset(data["reach"]),
        history_only=data["history_only"],
        variant_of=data["variant_of"],
        has_variant=data["has_variant"],
    )


def _analysis_json(analysis: Analysis) -> list[Any]:
    terms, language = analysis
    return [language, [[name, list(words)] for name, words in terms]]


def _analysis_from_json(data: list[Any]) -> Analysis:
    language, terms = data
    return [(name, words) for name, words in terms], language


def _entry(profile: Profile, vector: np.ndarray, passages: bytes) -> IndexedProfile:
    """An index row; its revision is set when it is written (``next_revision``)."""
    return IndexedProfile(
        profile_id=profile.id,
        organisation_id=organisation_pk(profile.id),
        revision=0,
        removed=False,
        profile=_profile_json(profile),
        analysis=_analysis_json(analyse_profile(profile)),
        vector=np.ascontiguousarray(vector, dtype=np.float32).tobytes(),
        passages=passages,
    )


def _entries(
    profiles: list[Profile],
    vectors: dict[int, np.ndarray],
    embedder: Embedder,
    *,
    batch_size: int = 500,
) -> Iterable[IndexedProfile]:
    """Index rows of these profiles, with their sentence vectors.

    A profile's sentences are embedded once: a block the index already holds for the same
    sentences is kept (the digest in the block tells), only changed profiles are embedded.
    """
    dim = passage_embedder(embedder).dim
    for start in range(0, len(profiles), batch_size):
        chunk = profiles[start : start + batch_size]
        held = dict(
            IndexedProfile.objects.filter(profile_id__in=[p.id for p in chunk]).values_list(
                "profile_id", "passages"
            )
        )
        texts = {p.id: [text for _field, text in profile_passages(p.fields)] for p in chunk}
        blocks: dict[int, bytes] = {}
        pending: list[Profile] = []
        for p in chunk:
            old = held.get(p.id)
            if old and unpack_passages(old, texts[p.id], dim) is not None:
                blocks[p.id] = bytes(old)
            else:
                pending.append(p)
        flat = [text for p in pending for text in texts[p.id]]
        embedded = embed_passages(embedder, flat)
        offset = 0
        for p in pending:
            count = len(texts[p.id])
            blocks[p.id] = pack_passages(texts[p.id], embedded[offset : offset + count])
            offset += count
        for p in chunk:
            yield _entry(p, vectors[p.id], blocks[p.id])


def stored_passages(profile_ids: Iterable[int]) -> dict[int, bytes]:
    """The sentence vectors stored with these profiles (the index's passage store)."""
    rows = IndexedProfile.objects.filter(profile_id__in=list(profile_ids), removed=False)
    return {pid: bytes(blob) for pid, blob in rows.values_list("profile_id", "passages") if blob}


def rebuild_index(*, embedder: Embedder | None = None) -> IndexReport:
    """Embed what changed and write every profile to the database as a new generation.

    The full path: every process loads the whole index again at its next search.
    """
    from nahwerk.matching.profiles import iter_profiles

    started = time.perf_counter()
    embedder = embedder or get_embedder()
    embedded = refresh_vectors(embedder=embedder)
    profiles = list(iter_profiles())
    # a public variant's vector outlives the members-only texts that made it: drop it
    ProfileVector.objects.filter(audience=ProfileVector.PUBLIC).exclude(
        organisation_id__in=[organisation_pk(p.id) for p in profiles if p.id < 0]
    ).delete()
    vectors = stored_vectors(embedder)
    missing = [p for p in profiles if p.id not in vectors]
    if missing:  # written by a change that came after refresh_vectors: embed it here
        vectors.update(
            zip(
                (p.id for p in missing),
                embedder.embed([profile_text(p) for p in missing]),
                strict=True,
            )
        )
    # rows made before the delete below, so that unchanged sentences keep their vectors
    entries = list(_entries(profiles, vectors, embedder))
    with transaction.atomic():
        revision = next_revision()
        for entry in entries:
            entry.revision = revision
        IndexedProfile.objects.all().delete()
        IndexedProfile.objects.bulk_create(entries, batch_size=1000)
        IndexState.objects.filter(pk=STATE_PK).update(
            generation=uuid.uuid4().hex, embedder=embedder.name
        )
    return IndexReport(
        profiles=len(profiles), embedded=embedded, seconds=round(time.perf_counter() - started, 2)
    )


def reindex_organisations(ids: Iterable[int] | None, *, embedder: Embedder | None = None) -> int:
    """Bring these organisations' profiles in the index up to date (None: all of them).

    Incremental: embeds the texts that changed, writes only the profiles that differ
    from what the index holds (a new revision), and marks the profiles of deleted
    organisations and of dropped public variants removed. Every web process applies
    those rows at its next search, without a rebuild. Without an index yet, it builds
    one. Returns how many profiles were written or removed.
    """
    from nahwerk.matching.profiles import iter_profiles

    embedder = embedder or get_embedder()
    state = IndexState.objects.filter(pk=STATE_PK).first()
    if state is None or not state.generation or state.embedder != embedder.name:
        report = rebuild_index(embedder=embedder)
        return report.profiles
    wanted = None if ids is None else sorted({int(pk) for pk in ids})
    refresh_vectors(wanted, embedder=embedder)
    profiles = list(iter_profiles(wanted))
    current = {p.id: p for p in profiles}
    held = IndexedProfile.objects.filter(removed=False)
    if wanted is not None:
        held = held.filter(organisation_id__in=wanted)
    stored = {pid: data for pid, data in held.values_list("profile_id", "profile")}
    changed = [p for p in profiles if stored.get(p.id) != _profile_json(p)]
    gone = [pid for pid in stored if pid not in current]
    variants = [organisation_pk(p.id) for p in profiles if p.id < 0]
    stale_variants = ProfileVector.objects.filter(audience=ProfileVector.PUBLIC).exclude(
        organisation_id__in=variants
    )
    if wanted is not None:
        stale_variants = stale_variants.filter(organisation_id__in=wanted)
    stale_variants.delete()
    if not changed and not gone:
        return 0
    vectors = _vectors_of([p.id for p in changed], embedder)
    missing = [p for p in changed if p.id not in vectors]
    if missing:  # its stored vector went away meanwhile (a concurrent rebuild): embed it
        vectors.update(
            zip(
                (p.id for p in missing),
                embedder.embed([profile_text(p) for p in missing]),
                strict=True,
            )
        )
    entries = list(_entries(changed, vectors, embedder))  # embedding outside the lock
    with transaction.atomic():
        revision = next_revision()
        for entry in entries:
            entry.revision = revision
        IndexedProfile.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["profile_id"],
            update_fields=[
                "organisation_id",
                "revision",
                "removed",
                "profile",
                "analysis",
                "vector",
                "passages",
            ],
            batch_size=1000,
        )
        IndexedProfile.objects.filter(profile_id__in=gone).update(
            removed=True, revision=revision, profile={}, analysis=[], vector=b"", passages=b""
        )
    return len(changed) + len(gone)


def _vectors_of(profile_ids: list[int], embedder: Embedder) -> dict[int, np.ndarray]:
    """Stored vectors of these profiles (refresh_vectors has just written them)."""
    organisations = sorted({organisation_pk(pid) for pid in profile_ids})
    vectors: dict[int, np.ndarray] = {}
    for start in range(0, len(organisations), 5000):
        chunk = organisations[start : start + 5000]
        rows = ProfileVector.objects.filter(embedder=embedder.name, organisation_id__in=chunk)
        for pk, audience, blob in rows.values_list("organisation_id", "audience", "vector"):
            vectors[_profile_id(pk, audience)] = np.frombuffer(bytes(blob), dtype=np.float32)
    return vectors


def index_ready() -> bool:
    """Whether a partner index has been built (one query)."""
    return IndexState.objects.filter(pk=STATE_PK).exclude(generation="").exists()


class _IndexCache:
    """One in-memory index per process, loaded from the database and following its changes.

    Every ``poll_seconds`` (setting ``MATCHING_INDEX_POLL_SECONDS``, default 0: on every
    search) it reads the index state, one row by primary key. A new generation (a full
    rebuild) loads the whole index again; a higher revision applies only the profiles
    written since (``MatchingIndex.upsert`` / ``remove``), in place.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._revision = 0
        self._index: MatchingIndex | None = None
        self._checked = -math.inf
        self.loads = 0  # full loads, for tests and diagnostics
        self.applied = 0  # profiles applied incrementally

    def get(self) -> MatchingIndex:
        with self._lock:
            poll = float(getattr(settings, "MATCHING_INDEX_POLL_SECONDS", 0))
            now = time.monotonic()
            if self._index is not None and now - self._checked < poll:
                return self._index
            state = (
                IndexState.objects.filter(pk=STATE_PK)
                .values_list("generation", "revision", "embedder")
                .first()
            )
            if state is None or not state[0]:
                raise MatchingError(
                    _("The partner index has not been built yet; run manage.py rebuild_index.")
                )
            generation, revision, embedder_name = state
            embedder = get_embedder()
            if embedder_name != embedder.name:
                raise MatchingError(
                    _(
                        "The partner index was built with another embedder; "
                        "run manage.py rebuild_index."
                    )
                )
            if self._index is None or generation != self._generation:
                self._load(embedder)
                self._generation, self._revision = generation, revision
                logger.info(
                    "Partner index loaded: %d profiles, generation %s, revision %d",
                    self._index.live if self._index is not None else 0,
                    generation,
                    revision,
                )
            elif revision != self._revision:
                applied = self.applied
                if not self._follow(revision):
                    self._load(embedder)
                    logger.info(
                        "Partner index loaded again (too many changes): revision %d", revision
                    )
                else:
                    logger.info(
                        "Partner index followed from revision %d to %d (%d profiles applied)",
                        self._revision,
                        revision,
                        self.applied - applied,
                    )
                self._revision = revision
            self._checked = now
            assert self._index is not None
            return self._index

    def _load(self, embedder: Embedder) -> None:
        profiles, vectors, analysed = [], {}, {}
        rows = IndexedProfile.objects.filter(removed=False).order_by("profile_id")
        for pid, data, analysis, blob in rows.values_list(
            "profile_id", "profile", "analysis", "vector"
        ).iterator(chunk_size=2000):
            profiles.append(_profile_from_json(pid, data))
            vectors[pid] = np.frombuffer(bytes(blob), dtype=np.float32)
            analysed[pid] = _analysis_from_json(analysis)
        self._index = MatchingIndex.build(
            profiles, embedder=embedder, embeddings=vectors, analysed=analysed
        )
        self._index.passage_store = stored_passages
        self.loads += 1

    def _follow(self, revision: int) -> bool:
        """Apply the rows written after our revision; False when a full load is cheaper."""
        index = self._index
        assert index is not None
        rows = IndexedProfile.objects.filter(revision__gt=self._revision)
        if rows.count() > max(1000, index.live // 5):
            return False
        removed, profiles, vectors, analysed = [], [], {}, {}
        for pid, gone, data, analysis, blob in rows.order_by("revision").values_list(
            "profile_id", "removed", "profile", "analysis", "vector"
        ):
            if gone:
                removed.append(pid)
                continue
            profiles.append(_profile_from_json(pid, data))
            vectors[pid] = np.frombuffer(bytes(blob), dtype=np.float32)
            analysed[pid] = _analysis_from_json(analysis)
        index.remove(removed)
        index.upsert(profiles, embeddings=vectors, analysed=analysed)
        self.applied += len(removed) + len(profiles)
        return True

    def variants(self) -> frozenset[int]:
        """Organisations that have a public variant in the loaded index."""
        return self.get().variants()

    def clear(self) -> None:
        with self._lock:
            self._index, self._generation, self._revision = None, None, 0
            self._checked = -math.inf

    def state(self) -> str:
        """``"loaded"`` in this process, ``"built"`` (in the database, not loaded here yet)
        or ``"missing"``.

        For the health check: one read of the index state; it neither loads the index nor
        waits for a load under way.
        """
        if self._index is not None:
            return "loaded"
        state = IndexState.objects.filter(pk=STATE_PK).values_list("generation", flat=True)
        return "built" if state.first() else "missing"


index_cache = _IndexCache()
_embedder_lock = threading.Lock()
_embedder: Embedder | None = None


def get_embedder() -> Embedder:
    global _embedder
    with _embedder_lock:
        if _embedder is None:
            _embedder = QueryVectorCache(default_embedder(), shared=caches["shared"])
        return _embedder


def warm_up(*, passages: int = 0) -> None:
    """Load the index, the embedding model and the text analysers once per process.

    The first query would otherwise pay for it (about 2-3 s on 2 cores, mostly the model
    and the compound-splitting statistics). ``passages`` > 0 also embeds up to that many
    sentences of the members' profiles for the explanations (gunicorn's master does, for
    all its workers: MATCHING_WARM_PASSAGES).
    """
    index = index_cache.get()
    index.warm_up()
    if passages > 0:
        index.warm_passages(max_sentences=passages)


# --- Finding partners -----------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerFilters:
    """Filters in the platform's terms; every one is optional."""

    kinds: frozenset[str] | None = None
    network_ids: frozenset[int] | None = None
    district_ags: frozenset[str] | None = None
    wz_sections: frozenset[str] | None = None
    size_bands: frozenset[str] | None = None
    max_distance_km: float | None = None
    # only these organisations (e.g. the other participants of an event); None: no limit
    organisation_ids: frozenset[int] | None = None


@dataclass(frozen=True)
class PartnerMatch:
    """An organisation that fits a need: how well (``fit``), why, and earlier cooperation.

    ``fit`` is None only when the index's embedder has no relevance model (then nothing
    is cut off either).
    """

    organisation: Organisation
    score: float
    explanation: Explanation
    cooperation: tuple[str, ...] = field(default=())
    fit: FitLevel | None = None
    # the calibrated probability behind ``fit`` (0..1); None like ``fit``
    relevance: float | None = None

    @property
    def from_history(self) -> bool:
        """Found in the EU project history only: not a member of any network."""
        return self.organisation.is_history_only


def resolve_near(near: str | Point | Organisation | None) -> Point | None:
    """A point from a postcode, an organisation with coordinates, or a point."""
    if near is None or isinstance(near, Point):
        return near
    if isinstance(near, Organisation):
        if near.latitude is None or near.longitude is None:
            raise MatchingError(_("%(name)s has no location.") % {"name": near.name})
        return Point(lat=near.latitude, lon=near.longitude)
    entry = Postcode.objects.filter(code=str(near).strip()).first()
    if entry is None:
        raise MatchingError(_("Unknown German postcode: %(value)s") % {"value": near})
    return Point(lat=entry.latitude, lon=entry.longitude)


def earlier_cooperation(asker: Organisation) -> dict[int, tuple[str, ...]]:
    """Organisation id → labels of the projects it shared with the asker.

    EU projects and the platform projects that were granted or run, with the partners
    that accepted their invitation (``Participation.objects.cooperation()``).
    """
    history = Participation.objects.cooperation()
    projects = history.filter(organisation=asker).values("project_id")
    shared: dict[int, list[str]] = defaultdict(list)
    rows = (
        history.filter(project__in=projects, organisation__isnull=False)
        .exclude(organisation=asker)
        .select_related("project")
        .order_by("-project__start_date")
    )
    for row in rows:
        assert row.organisation_id is not None
        shared[row.organisation_id].append(str(row.project))
    return {pk: tuple(labels) for pk, labels in shared.items()}


def find_partners(
    need_text: str,
    *,
    near: str | Point | Organisation | None = None,
    filters: PartnerFilters | None = None,
    user: Any = None,
    asker: Organisation | None = None,
    nearness: float = 0.3,
    limit: int = 20,
    explain: bool = True,
    include_history: bool = False,
) -> list[PartnerMatch]:
    """The organisations the user may see that fit the need, best first.

    Only organisations that really fit are returned (the engine's relevance cut-off):
    an empty list means nothing fits. ``user`` None means the anonymous public; a site
    administrator sees all.
    ``asker`` is the organisation asking: it is left out of the results, and its
    earlier joint projects are shown in the explanations. Organisations known only from
    EU project history are found only with ``include_history`` (then marked
    ``from_history``).
    """
    text = (need_text or "").strip()
    if not text:
        raise MatchingError(_("Describe what you are looking for."))
    if not 0.0 <= nearness <= 1.0:
        raise MatchingError(_("Nearness must lie between 0 and 1."))
    filters = filters or PartnerFilters()
    # the asker's location is only a default: an asker without one searches without
    point = resolve_near(near) if near is not None else _location_of(asker)
    if filters.max_distance_km is not None and point is None:
        raise MatchingError(_("A maximum distance needs a location to measure from."))
    viewer = _anonymous() if user is None else user
    index = index_cache.get()
    only = filters.organisation_ids
    cooperation = earlier_cooperation(asker) if asker is not None else {}
    excluded = (
        frozenset({asker.pk, public_variant_id(asker.pk)}) if asker is not None else frozenset()
    )
    query = Query(
        text=text,
        near=point,
        nearness=nearness,
        filters=Filters(
            kinds=filters.kinds,
            networks=filters.network_ids,
            districts=filters.district_ags,
            wz_sections=filters.wz_sections,
            size_bands=filters.size_bands,
            max_distance_km=filters.max_distance_km,
            exclude_ids=excluded,
            # an organisation as itself or as its public variant: the audience picks one
            allowed_ids=None
            if only is None
            else only | frozenset(public_variant_id(pk) for pk in only),
            audience=viewer_audience(viewer, include_history=include_history),
        ),
        limit=limit,
        # keyed by profile id: an organisation and its public variant
        cooperation={
            **cooperation,
            **{public_variant_id(pk): labels for pk, labels in cooperation.items()},
        },
        explain=explain,
    )
    matches = index.search(query)
    found = [organisation_pk(m.profile_id) for m in matches]
    # The index decides visibility from what it held at the last re-index; the database
    # confirms it for the few results, so a change of visibility that the worker has
    # not applied yet hides an organisation at once (it never shows one early).
    candidates = (
        Organisation.objects.all() if is_site_admin(viewer) else visible_organisations(viewer)
    )
    if not include_history:
        candidates = candidates.listed()
    organisations = (
        Organisation.objects.with_history_flag()
        .with_district()
        .filter(pk__in=candidates.filter(pk__in=found).values("pk"))
        .in_bulk()
    )
    return [
        PartnerMatch(
            organisation=organisations[organisation_pk(m.profile_id)],
            score=m.score,
            explanation=m.explanation,
            cooperation=cooperation.get(organisation_pk(m.profile_id), ()),
            fit=m.fit,
            relevance=m.relevance,
        )
        for m in matches
        # an organisation deleted after the last index build is simply left out
        if organisation_pk(m.profile_id) in organisations
    ]


def viewer_audience(viewer: Any, *, include_history: bool = False) -> Audience:
    """Who the viewer is, in the terms the index applies visibility with.

    The same rule as ``visible_organisations`` and ``members_texts_readable``, from the
    viewer's networks (two small queries) instead of a list of every organisation they
    may see. Organisations known only from EU project history are left out unless
    ``include_history``.
    """
    if is_site_admin(viewer):
        return Audience(everything=True, include_history=include_history)
    own = viewer.organisation_id if viewer.is_authenticated else None
    return Audience(
        managed=frozenset(managed_network_ids(viewer)),
        member=frozenset(member_network_ids(viewer)),
        own=own or None,
        # an inactive account sees its own organisation but reads none of its texts
        reads_own=bool(viewer.is_authenticated and viewer.is_active),
        include_history=include_history,
    )


def _location_of(organisation: Organisation | None) -> Point | None:
    if organisation is None or organisation.latitude is None or organisation.longitude is None:
        return None
    return Point(lat=organisation.latitude, lon=organisation.longitude)


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
