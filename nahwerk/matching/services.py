"""Partner matching for the web layer: find_partners, vector upkeep and the on-disk index.

Profiles are embedded by the ``process_reindex`` worker (or ``rebuild_index``), never in a
request. The index lives in ``settings.MATCHING_INDEX_DIR``; it is written to a fresh
folder and swapped in, so a reader always sees a whole index, and every process reloads
it when its version file changes.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import (
    is_site_admin,
    members_texts_readable,
    visible_organisations,
)
from nahwerk.directory.models import Organisation
from nahwerk.matching.models import ProfileVector, ReindexRequest
from nahwerk.matching.profiles import organisation_pk, public_variant_id
from nahwerk.matching.query_vectors import QueryVectorCache
from nahwerk.projects.models import Participation
from nahwerk.reference.models import Postcode
from nahwerk_engine.geo import Point
from nahwerk_engine.matching import (
    Embedder,
    Explanation,
    Filters,
    FitLevel,
    MatchingIndex,
    Query,
    default_embedder,
    profile_text,
)

VERSION_FILE = "VERSION"


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


# --- The index on disk ----------------------------------------------------------------------


@dataclass(frozen=True)
class IndexReport:
    profiles: int
    embedded: int
    seconds: float

    def summary(self) -> str:
        return _(
            "Index rebuilt: %(profiles)d profiles, %(embedded)d newly embedded, %(seconds).1f s."
        ) % {"profiles": self.profiles, "embedded": self.embedded, "seconds": self.seconds}


def index_dir() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


def rebuild_index(*, embedder: Embedder | None = None) -> IndexReport:
    """Embed what changed, build the whole index from the database and swap it in."""
    from nahwerk.matching.profiles import iter_profiles

    started = time.perf_counter()
    # Requests up to this moment are answered by this rebuild, which reads the profiles
    # afterwards; a change made while it runs gets a later time and stays queued.
    cutoff = timezone.now()
    embedder = embedder or get_embedder()
    embedded = refresh_vectors(embedder=embedder)
    profiles = list(iter_profiles())
    # a public variant's vector outlives the members-only texts that made it: drop it
    ProfileVector.objects.filter(audience=ProfileVector.PUBLIC).exclude(
        organisation_id__in=[organisation_pk(p.id) for p in profiles if p.id < 0]
    ).delete()
    index = MatchingIndex.build(profiles, embedder=embedder, embeddings=stored_vectors(embedder))
    _write_index(index)
    ReindexRequest.objects.filter(requested_at__lte=cutoff).delete()
    return IndexReport(
        profiles=len(profiles), embedded=embedded, seconds=round(time.perf_counter() - started, 2)
    )


def _write_index(index: MatchingIndex) -> None:
    target = index_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = target.with_name(f"{target.name}.new-{uuid.uuid4().hex[:8]}")
    index.save(fresh)
    (fresh / VERSION_FILE).write_text(uuid.uuid4().hex, encoding="utf-8")
    stale = target.with_name(f"{target.name}.old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        target.rename(stale)
    fresh.rename(target)
    shutil.rmtree(stale, ignore_errors=True)


class _IndexCache:
    """One loaded index per process, reloaded when the version on disk changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: str | None = None
        self._index: MatchingIndex | None = None
        self._variants: frozenset[int] = frozenset()

    def get(self) -> MatchingIndex:
        directory = index_dir()
        try:
            version = (directory / VERSION_FILE).read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise MatchingError(
                _("The partner index has not been built yet; run manage.py rebuild_index.")
            ) from error
        with self._lock:
            if self._index is None or version != self._version:
                self._index = MatchingIndex.load(directory, embedder=get_embedder())
                self._version = version
                self._variants = frozenset(
                    organisation_pk(int(i)) for i in self._index.ids if int(i) < 0
                )
            return self._index

    def variants(self) -> frozenset[int]:
        """Organisations that have a public variant in the loaded index."""
        self.get()
        return self._variants

    def clear(self) -> None:
        with self._lock:
            self._index, self._version, self._variants = None, None, frozenset()


index_cache = _IndexCache()
_embedder_lock = threading.Lock()
_embedder: Embedder | None = None


def get_embedder() -> Embedder:
    global _embedder
    with _embedder_lock:
        if _embedder is None:
            _embedder = QueryVectorCache(default_embedder())
        return _embedder


def warm_up() -> None:
    """Load the index, the embedding model and the text analysers once per process.

    The first query would otherwise pay for it (about 2-3 s on 2 cores, mostly the model
    and the compound-splitting statistics).
    """
    index_cache.get().warm_up()


# --- The worker -----------------------------------------------------------------------------


def process_reindex_requests() -> int:
    """If profiles are queued, embed what changed and swap in a rebuilt index.

    Returns how many requests were pending. The rebuild reads every profile, so the
    requests only say *that* something changed; which vectors to recompute follows from
    the text hashes.
    """
    pending = ReindexRequest.objects.count()
    if pending:
        rebuild_index()
    return pending


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
    """Organisation id → labels of the projects it shared with the asker."""
    projects = Participation.objects.filter(organisation=asker).values("project_id")
    shared: dict[int, list[str]] = defaultdict(list)
    rows = (
        Participation.objects.filter(project__in=projects, organisation__isnull=False)
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
    allowed = audience_ids(
        viewer,
        index_cache.variants(),
        only=filters.organisation_ids,
        include_history=include_history,
    )
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
            allowed_ids=allowed,
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
    organisations = (
        Organisation.objects.with_history_flag()
        .with_district()
        .in_bulk([organisation_pk(m.profile_id) for m in matches])
    )
    return [
        PartnerMatch(
            organisation=organisations[organisation_pk(m.profile_id)],
            score=m.score,
            explanation=m.explanation,
            cooperation=cooperation.get(organisation_pk(m.profile_id), ()),
            fit=m.fit,
        )
        for m in matches
        # an organisation deleted after the last index build is simply left out
        if organisation_pk(m.profile_id) in organisations
    ]


def audience_ids(
    viewer: Any,
    variants: frozenset[int],
    *,
    only: frozenset[int] | None = None,
    include_history: bool = False,
) -> frozenset[int]:
    """The profile ids a viewer may find: one per visible organisation.

    An organisation with a public variant (``variants``, organisation pks) is found as
    itself by those who may read its members-only texts and as its public variant by
    everyone else, so those texts never rank it for a viewer who may not read them.
    ``only`` narrows the organisations (e.g. to an event's participants). Organisations
    known only from EU project history are left out unless ``include_history``.
    """
    candidates = (
        Organisation.objects.all() if is_site_admin(viewer) else visible_organisations(viewer)
    )
    if not include_history:
        candidates = candidates.listed()
    visible = frozenset(candidates.values_list("pk", flat=True))
    if only is not None:
        visible &= only
    readable = members_texts_readable(viewer)
    hidden = frozenset() if readable is None else (visible & variants) - readable
    return (visible - hidden) | frozenset(public_variant_id(pk) for pk in hidden)


def _location_of(organisation: Organisation | None) -> Point | None:
    if organisation is None or organisation.latitude is None or organisation.longitude is None:
        return None
    return Point(lat=organisation.latitude, lon=organisation.longitude)


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
