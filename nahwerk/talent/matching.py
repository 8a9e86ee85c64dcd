"""Matching in the talent exchange, through the partner search's engine.

A thesis topic finds the chairs whose competences fit it: ``find_partners`` restricted to
universities and research institutes, with its explanations. A student's interest text
finds postings: the postings are indexed as profiles of the same engine (BM25, the
embedders, the fusion and its relevance cut-off), their vectors stored in
``PostingVector`` once per change, so no request embeds more than the few postings that
changed since the worker last ran.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import Viewer
from nahwerk.matching.explanations import ResultView, present
from nahwerk.matching.services import (
    MatchingError,
    PartnerFilters,
    find_partners,
    get_embedder,
)
from nahwerk.talent.models import Posting, PostingVector
from nahwerk.talent.services import CHAIR_KINDS
from nahwerk_engine.geo import Point
from nahwerk_engine.matching import (
    Embedder,
    FitLevel,
    MatchingIndex,
    Profile,
    Query,
    profile_text,
)

__all__ = ["PostingFit", "fitting_chairs", "postings_for_interest", "refresh_posting_vectors"]

_TEXT_VERSION = "posting-profile/1"
# Postings embedded by a search itself (one just saved); more wait for the worker.
INLINE_EMBED_LIMIT = 20


def thesis_text(posting: Posting) -> str:
    return "\n".join(t for t in (posting.title, posting.description, posting.requirements) if t)


def fitting_chairs(posting: Posting, *, user: Any, limit: int = 5) -> list[ResultView]:
    """Universities and institutes whose profiles fit the topic, best first, explained.

    Empty when none fits (the engine's relevance cut-off).
    """
    matches = find_partners(
        thesis_text(posting),
        filters=PartnerFilters(kinds=frozenset(CHAIR_KINDS)),
        user=user,
        asker=posting.organisation,
        limit=limit,
    )
    return present(
        matches,
        need_text=thesis_text(posting),
        viewer=Viewer(user),
        origin=posting.organisation.name,
    )


# --- Postings as profiles -------------------------------------------------------------------


def posting_profile(posting: Posting) -> Profile:
    point = (
        Point(lat=posting.latitude, lon=posting.longitude)
        if posting.latitude is not None and posting.longitude is not None
        else None
    )
    return Profile(
        id=posting.pk,
        name=posting.title,
        point=point,
        fields=(
            ("description", posting.description),
            ("competences", posting.requirements),
        ),
    )


def _hash(profile: Profile) -> str:
    text = "\x1e".join([_TEXT_VERSION, profile.name, *(t for _n, t in profile.fields)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def refresh_posting_vectors(
    ids: Iterable[int] | None = None, *, embedder: Embedder | None = None
) -> int:
    """Embed the postings on the board whose text changed; returns how many."""
    embedder = embedder or get_embedder()
    # a posting off the board is never searched: it is embedded if it comes back
    postings = Posting.objects.on_board().order_by("pk")
    if ids is not None:
        postings = postings.filter(pk__in=list(ids))
    stored = {
        row.posting_id: row.text_hash
        for row in PostingVector.objects.filter(embedder=embedder.name).only(
            "posting_id", "text_hash"
        )
    }
    pending = []
    for posting in list(postings):
        profile = posting_profile(posting)
        digest = _hash(profile)
        if stored.get(posting.pk) != digest:
            pending.append((profile, digest))
    if not pending:
        return 0
    vectors = embedder.embed([profile_text(p) for p, _d in pending])
    PostingVector.objects.bulk_create(
        [
            PostingVector(
                posting_id=profile.id,
                embedder=embedder.name,
                text_hash=digest,
                vector=np.ascontiguousarray(vector, dtype=np.float32).tobytes(),
            )
            for (profile, digest), vector in zip(pending, vectors, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["posting"],
        update_fields=["embedder", "text_hash", "vector", "updated_at"],
    )
    return len(pending)


class _PostingIndex:
    """The board's postings as an index of this process, rebuilt when one changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._index: MatchingIndex | None = None

    def _state(self, embedder: Embedder) -> tuple[Any, ...]:
        postings = Posting.objects.on_board().aggregate(n=Count("pk"), changed=Max("updated_at"))
        vectors = PostingVector.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
        return (postings["n"], postings["changed"], vectors["n"], vectors["changed"], embedder.name)

    def get(self) -> MatchingIndex | None:
        with self._lock:
            embedder = get_embedder()
            key = self._state(embedder)
            if key == self._key:
                return self._index
            board = list(Posting.objects.on_board())
            stored = dict(
                PostingVector.objects.filter(embedder=embedder.name).values_list(
                    "posting_id", "text_hash"
                )
            )
            stale = [p.pk for p in board if stored.get(p.pk) != _hash(posting_profile(p))]
            if stale and len(stale) <= INLINE_EMBED_LIMIT:
                refresh_posting_vectors(stale, embedder=embedder)
            vectors = {
                row.posting_id: np.frombuffer(bytes(row.vector), dtype=np.float32)
                for row in PostingVector.objects.filter(
                    embedder=embedder.name, posting__in=[p.pk for p in board]
                )
            }
            profiles = [posting_profile(p) for p in board if p.pk in vectors]
            self._index = (
                MatchingIndex.build(profiles, embedder=embedder, embeddings=vectors)
                if profiles
                else None
            )
            self._key = self._state(embedder)
            return self._index

    def clear(self) -> None:
        with self._lock:
            self._index, self._key = None, None


posting_index = _PostingIndex()


@dataclass(frozen=True)
class PostingFit:
    """A posting that fits an interest: how well and why (passages, shared words)."""

    posting: Posting
    fit: FitLevel | None
    passages: tuple[str, ...]
    shared_terms: tuple[str, ...]

    @property
    def fit_label(self) -> str:
        from nahwerk.matching.explanations import fit_label

        return fit_label(self.fit)


def postings_for_interest(text: str, *, limit: int = 10) -> list[PostingFit]:
    """The open postings that fit what a student is interested in, best first.

    Empty when none fits; the postings on the board are public, so no viewer is needed.
    """
    text = (text or "").strip()
    if not text:
        raise MatchingError(_("Describe what you are interested in."))
    index = posting_index.get()
    if index is None:
        return []
    try:
        matches = index.search(Query(text=text, limit=limit))
    except ValueError as error:
        raise MatchingError(_("Describe what you are interested in, in words.")) from error
    postings = Posting.objects.select_related("organisation").in_bulk(
        [m.profile_id for m in matches]
    )
    return [
        PostingFit(
            posting=postings[m.profile_id],
            fit=m.fit,
            passages=tuple(p.passage for p in m.explanation.passages),
            shared_terms=m.explanation.shared_terms,
        )
        for m in matches
        if m.profile_id in postings
    ]
