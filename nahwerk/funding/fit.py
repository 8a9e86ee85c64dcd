"""Which open calls fit an organisation, a need or an idea: eligibility first, then text fit.

The hard rules (deadline not passed, who may apply, where) come from the programmes; the
text fit goes through the partner search's engine (``nahwerk_engine.matching``): the calls
are indexed as profiles (title as the name, keywords and description as fields) with
BM25, both embedders, the fusion and the relevance cut-off. Call vectors and analysed terms
are stored in ``CallVector``; each process builds its index from them once and again only
when a call changed, so no call is embedded per process or request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import is_site_admin, managed_network_ids, member_network_ids
from nahwerk.directory.choices import OrganisationKind, SizeBand
from nahwerk.directory.models import Organisation
from nahwerk.funding.models import Call, CallVector, Programme
from nahwerk.funding.rules import rule_for
from nahwerk.matching.explanations import fit_label
from nahwerk.matching.services import get_embedder
from nahwerk_engine.matching import (
    Embedder,
    Filters,
    FitLevel,
    MatchingConfig,
    MatchingIndex,
    PassageMatch,
    Profile,
    Query,
    analyse_profile,
    profile_text,
)
from nahwerk_engine.matching.embedders import passage_embedder
from nahwerk_engine.matching.passages import embed_passages, profile_passages

__all__ = [
    "Applicant",
    "CallFit",
    "FitError",
    "call_index",
    "fit_calls",
    "refresh_call_vectors",
    "visible_calls",
]

# Version of what a call's stored row holds: a change here re-embeds every call once.
_TEXT_VERSION = "call-profile/2"
# What is embedded of a call: title, keywords and the start of the description. The
# embedders read at most 2,000 characters anyway; a shorter text embeds about twice as
# fast (629 calls in about 2 minutes on 2 cores instead of 4) and the start says what the
# call is about.
EMBEDDED_DESCRIPTION = 1000
# The description is long (median 4,600 characters); BM25 reads all of it, the embedding
# the beginning (MAX_PROFILE_TEXT_CHARS) and the explanations its first sentences.
MAX_INDEXED_DESCRIPTION = 20_000
# Keywords say what a call is about as densely as a profile's competences.
CALL_CONFIG = MatchingConfig(
    field_weights={"name": 1.5, "keywords": 1.5, "description": 1.0},
)


class FitError(ValueError):
    """An idea or filter the fit cannot work with, with a message for the user."""


# --- Visibility -------------------------------------------------------------------------


def visible_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes without networks (the EU's) for everyone; a network's own for its people."""
    if is_site_admin(user):
        return Programme.objects.all()
    networks = managed_network_ids(user) | member_network_ids(user)
    return Programme.objects.filter(Q(networks__isnull=True) | Q(networks__in=networks)).distinct()


def visible_calls(user: Any) -> QuerySet[Call]:
    if is_site_admin(user):
        return Call.objects.all()
    return Call.objects.filter(programme__in=visible_programmes(user).values("pk"))


def editable_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes a user may change: those of the networks they manage."""
    if is_site_admin(user):
        return Programme.objects.all()
    return Programme.objects.filter(networks__in=managed_network_ids(user)).distinct()


# --- The index ----------------------------------------------------------------------------


def call_profile(call: Call) -> Profile:
    """A call in the engine's terms: its title as the name, keywords and description."""
    return Profile(
        id=call.pk,
        name=call.title,
        fields=(
            ("keywords", call.keywords),
            ("description", call.description[:MAX_INDEXED_DESCRIPTION]),
        ),
    )


def embedded_text(profile: Profile) -> str:
    """The text whose vector stands for the call (see ``EMBEDDED_DESCRIPTION``)."""
    fields = tuple(
        (name, text[:EMBEDDED_DESCRIPTION] if name == "description" else text)
        for name, text in profile.fields
    )
    return profile_text(Profile(id=profile.id, name=profile.name, fields=fields))


def _hash(profile: Profile) -> str:
    text = "\x1e".join([_TEXT_VERSION, profile.name, *(t for _n, t in profile.fields)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _analysis_json(profile: Profile) -> list[Any]:
    terms, language = analyse_profile(profile)
    return [language, [[name, list(words)] for name, words in terms]]


def _passages(profile: Profile) -> list[str]:
    """The sentences a search compares with an idea (as ``MatchingIndex`` picks them)."""
    return [text for _name, text in profile_passages(profile.fields)]


def refresh_call_vectors(
    ids: Iterable[int] | None = None, *, embedder: Embedder | None = None, batch_size: int = 64
) -> int:
    """Embed and analyse the calls whose text changed; returns how many."""
    embedder = embedder or get_embedder()
    calls = Call.objects.only("pk", "title", "keywords", "description").order_by("pk")
    if ids is not None:
        calls = calls.filter(pk__in=list(ids))
    stored = dict(
        CallVector.objects.filter(embedder=embedder.name).values_list("call_id", "text_hash")
    )
    # calls saved again with the same text (a repeated import): their vectors stay valid
    # and are only marked as current, or they would count as waiting for ever
    stale = set(stale_calls(embedder).values_list("pk", flat=True))
    current: list[int] = []
    pending: list[tuple[Profile, str]] = []
    done = 0

    def flush() -> None:
        nonlocal done
        if not pending:
            return
        vectors = embedder.embed([embedded_text(p) for p, _h in pending])
        sentences = [_passages(p) for p, _h in pending]
        flat = [s for group in sentences for s in group]
        passage_vectors = embed_passages(embedder, flat)
        blobs, start = [], 0
        for group in sentences:
            blobs.append(passage_vectors[start : start + len(group)].tobytes())
            start += len(group)
        CallVector.objects.bulk_create(
            [
                CallVector(
                    call_id=profile.id,
                    embedder=embedder.name,
                    text_hash=digest,
                    vector=np.ascontiguousarray(vector, dtype=np.float32).tobytes(),
                    analysis=_analysis_json(profile),
                    passages=blob,
                )
                for (profile, digest), vector, blob in zip(pending, vectors, blobs, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["call"],
            update_fields=["embedder", "text_hash", "vector", "analysis", "passages", "updated_at"],
        )
        done += len(pending)
        pending.clear()

    # The calls are read a chunk at a time with no cursor left open while a batch is
    # written: on SQLite an open read keeps its snapshot, and once another process has
    # committed meanwhile the write cannot begin ("database is locked", whatever the timeout).
    ids = list(calls.values_list("pk", flat=True))
    for start in range(0, len(ids), 200):
        for call in list(calls.filter(pk__in=ids[start : start + 200])):
            profile = call_profile(call)
            digest = _hash(profile)
            if stored.get(call.pk) != digest:
                pending.append((profile, digest))
            elif call.pk in stale:
                current.append(call.pk)
            if len(pending) >= batch_size:
                flush()
    flush()
    if current:
        CallVector.objects.filter(call_id__in=current, embedder=embedder.name).update(
            updated_at=timezone.now()
        )
    return done


# Calls whose vector a search computes itself (a manager's new call); more wait for the worker.
INLINE_EMBED_LIMIT = 20


def enqueue_refresh() -> None:
    from nahwerk.funding.tasks import refresh_vectors
    from nahwerk.jobs.queue import enqueue, queued_args

    if not queued_args("embed calls"):
        enqueue(refresh_vectors, name="embed calls")


def stale_calls(embedder: Embedder | None = None) -> Any:
    """The calls whose stored vector is missing or older than their text."""
    embedder = embedder or get_embedder()
    return Call.objects.filter(
        ~Q(vector__embedder=embedder.name)
        | Q(vector__isnull=True)
        | Q(updated_at__gt=F("vector__updated_at"))
    )


def calls_in_preparation(user: Any, today: dt.date | None = None) -> int:
    """How many of the open calls the user sees are not yet embedded (the worker is at it).

    Pages that rank calls say so: until then their lists can miss a fitting call.
    """
    today = today or timezone.localdate()
    return (
        stale_calls()
        .filter(pk__in=visible_calls(user).filter(deadline__gte=today).values("pk"))
        .count()
    )


class _CallIndex:
    """The calls' index of this process, rebuilt when a call or a stored vector changed.

    The check is one aggregate query per search; the build reads the stored vectors and
    analysed terms (no embedding, no text analysis).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._index: MatchingIndex | None = None
        self._loaded = False
        self.loads = 0

    def _state(self) -> tuple[Any, ...]:
        calls = Call.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
        vectors = CallVector.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
        return (calls["n"], calls["changed"], vectors["n"], vectors["changed"])

    def get(self) -> MatchingIndex | None:
        """The index, or None while no call has a stored vector."""
        with self._lock:
            embedder = get_embedder()
            key = (*self._state(), embedder.name)
            if self._loaded and key == self._key:
                return self._index
            # calls changed since the last build (or this process has none): a few are
            # embedded here, many (an import) by the worker; until it has run, the index
            # holds the calls with a stored vector
            stale = list(
                stale_calls(embedder).values_list("pk", flat=True)[: INLINE_EMBED_LIMIT + 1]
            )
            if len(stale) <= INLINE_EMBED_LIMIT:
                refresh_call_vectors(stale, embedder=embedder)
            else:
                enqueue_refresh()
            self._index = self._load(embedder)
            self._key = (*self._state(), embedder.name)
            self._loaded = True
            self.loads += 1
            return self._index

    def _load(self, embedder: Embedder) -> MatchingIndex | None:
        profiles: list[Profile] = []
        vectors: dict[int, np.ndarray] = {}
        analysed: dict[int, Any] = {}
        passage_texts: list[str] = []
        passage_vectors: list[np.ndarray] = []
        dim = passage_embedder(embedder).dim
        rows = (
            CallVector.objects.filter(embedder=embedder.name)
            .select_related("call")
            .only(
                "call__title",
                "call__keywords",
                "call__description",
                "vector",
                "analysis",
                "passages",
            )
            .order_by("call_id")
        )
        for row in rows.iterator(chunk_size=200):
            profile = call_profile(row.call)
            profiles.append(profile)
            vectors[profile.id] = np.frombuffer(bytes(row.vector), dtype=np.float32)
            language, terms = row.analysis
            analysed[profile.id] = ([(name, words) for name, words in terms], language)
            stored = np.frombuffer(bytes(row.passages), dtype=np.float32).reshape(-1, dim)
            texts = _passages(profile)
            if len(texts) == len(stored):  # else the text changed: embedded when searched
                passage_texts.extend(texts)
                passage_vectors.append(stored)
        if not profiles:
            return None
        index = MatchingIndex.build(
            profiles, embedder=embedder, embeddings=vectors, analysed=analysed, config=CALL_CONFIG
        )
        if passage_vectors:
            # the explanations' sentences: no search embeds a call's passages again
            index.seed_passages(passage_texts, np.vstack(passage_vectors))
        return index

    def clear(self) -> None:
        with self._lock:
            self._index, self._key, self._loaded = None, None, False


call_index = _CallIndex()


# --- Eligibility --------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    """Who would apply: kind, size and place (each may be unknown: not checked then)."""

    kind: str = ""
    size_band: str = ""
    state_code: str = ""
    district_ags: str = ""
    district_name: str = ""

    @classmethod
    def of(cls, organisation: Organisation) -> Applicant:
        district = organisation.district
        return cls(
            kind=organisation.kind,
            size_band=organisation.size_band,
            state_code=district.state_code if district else "",
            district_ags=district.ags if district else "",
            district_name=district.name if district else "",
        )


STATE_NAMES = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}


def _labels(values: Sequence[str], choices: Any) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(v, v)) for v in values)


def eligibility(programme: Programme, applicant: Applicant | None) -> tuple[bool, list[str]]:
    """Whether the applicant may apply to the programme, and the rules that decided it.

    A rule the applicant's data cannot be checked against (no organisation, no district)
    is stated, not used to exclude.
    """
    reasons: list[str] = []
    kinds, sizes = list(programme.applicant_kinds), list(programme.size_bands)
    states, districts = list(programme.state_codes), list(programme.district_ags)
    if not kinds and not sizes:
        reasons.append(_("Eligible: all kinds and sizes of organisations."))
    if kinds:
        allowed = _labels(kinds, OrganisationKind)
        if applicant and applicant.kind:
            if applicant.kind not in kinds:
                return False, [_("Eligible are only: %(kinds)s.") % {"kinds": allowed}]
            reasons.append(_("Eligible: %(kinds)s: yours is one of them.") % {"kinds": allowed})
        else:
            reasons.append(_("Eligible are only: %(kinds)s.") % {"kinds": allowed})
    if sizes:
        allowed = _labels(sizes, SizeBand)
        if applicant and applicant.size_band:
            if applicant.size_band not in sizes:
                return False, [_("Eligible sizes: %(sizes)s.") % {"sizes": allowed}]
            reasons.append(_("Eligible sizes: %(sizes)s: yours fits.") % {"sizes": allowed})
        else:
            reasons.append(_("Eligible sizes: %(sizes)s.") % {"sizes": allowed})
    if states or districts:
        where = ", ".join([STATE_NAMES.get(s, s) for s in states] + [f"AGS {a}" for a in districts])
        if applicant and applicant.district_ags:
            inside = applicant.state_code in states or applicant.district_ags in districts
            if not inside:
                return False, [_("Only for applicants in: %(where)s.") % {"where": where}]
            reasons.append(
                _("Region: %(where)s: your seat in %(district)s lies within it.")
                % {"where": where, "district": applicant.district_name}
            )
        else:
            reasons.append(_("Only for applicants in: %(where)s.") % {"where": where})
    elif programme.level == "eu":
        reasons.append(_("Open to applicants from all EU Member States and Associated Countries."))
    return True, reasons


# --- Ranking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallFit:
    """An open call that fits, and why: passages, shared words, rules, days to the deadline."""

    call: Call
    score: float
    fit: FitLevel | None
    passages: tuple[PassageMatch, ...]
    shared_terms: tuple[str, ...]
    rules: tuple[str, ...]
    days_left: int
    consortium: str = ""

    @property
    def fit_label(self) -> str:
        return str(fit_label(self.fit))


@dataclass
class FitFilters:
    """Filters of the call search, each optional."""

    level: str = ""
    programme_ids: frozenset[int] | None = None
    deadline_before: dt.date | None = None
    applicant: Applicant | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def consortium_note(call: Call) -> str:
    rule = rule_for(call.action_type_name, call.action_type)
    if call.min_partners and call.min_partners > 1:
        note = _("Consortium: at least %(partners)d partners from %(countries)d countries.") % {
            "partners": call.min_partners,
            "countries": call.min_countries or 1,
        }
    elif call.min_partners == 1:
        note = _("Consortium: a single applicant may apply.")
    else:
        return ""
    return f"{note} ({rule.source})" if rule.source else note


def open_calls(user: Any, filters: FitFilters, today: dt.date) -> dict[int, list[str]]:
    """The open calls the user may see that pass the hard rules: id → eligibility reasons."""
    calls = visible_calls(user).filter(deadline__gte=today)
    if filters.level:
        calls = calls.filter(programme__level=filters.level)
    if filters.programme_ids is not None:
        calls = calls.filter(programme_id__in=filters.programme_ids)
    if filters.deadline_before is not None:
        calls = calls.filter(deadline__lte=filters.deadline_before)
    rows = list(calls.values_list("pk", "programme_id"))
    programmes = Programme.objects.in_bulk({programme_id for _pk, programme_id in rows})
    decided = {pk: eligibility(p, filters.applicant) for pk, p in programmes.items()}
    return {pk: decided[programme_id][1] for pk, programme_id in rows if decided[programme_id][0]}


def fit_calls(
    text: str,
    *,
    user: Any,
    filters: FitFilters | None = None,
    limit: int = 20,
    today: dt.date | None = None,
    explain: bool = True,
) -> list[CallFit]:
    """The open calls that fit an idea, best first; an empty list means none fits.

    ``text`` is the idea (German or English), an organisation's profile text or a need.
    """
    text = (text or "").strip()
    if not any(ch.isalnum() for ch in text):
        raise FitError(_("Describe your project idea in a few words."))
    filters = filters or FitFilters()
    today = today or timezone.localdate()
    eligible = open_calls(user, filters, today)
    if not eligible:
        return []
    index = call_index.get()
    if index is None:  # no call embedded yet (the worker is at it)
        return []
    matches = index.search(
        Query(
            text=text,
            filters=Filters(allowed_ids=frozenset(eligible)),
            limit=limit,
            nearness=0.0,
            explain=explain,
        )
    )
    calls = Call.objects.select_related("programme").in_bulk([m.profile_id for m in matches])
    results = []
    for match in matches:
        call = calls.get(match.profile_id)
        if call is None:  # deleted since the index was built
            continue
        results.append(
            CallFit(
                call=call,
                score=match.score,
                fit=match.fit,
                passages=match.explanation.passages,
                shared_terms=match.explanation.shared_terms,
                rules=tuple(eligible[call.pk]),
                days_left=call.days_left(today),
                consortium=consortium_note(call),
            )
        )
    return results


def organisation_text(organisation: Organisation) -> str:
    """What an organisation does, as the idea its calls are ranked for."""
    parts = [
        organisation.competences,
        organisation.offers,
        organisation.description,
    ]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def calls_for_organisation(
    organisation: Organisation, *, user: Any, limit: int = 10, today: dt.date | None = None
) -> list[CallFit]:
    """The open calls an organisation may apply to that fit what it does."""
    text = organisation_text(organisation)
    if not any(ch.isalnum() for ch in text):
        return []
    return fit_calls(
        text,
        user=user,
        filters=FitFilters(applicant=Applicant.of(organisation)),
        limit=limit,
        today=today,
    )


def call_text(call: Call) -> str:
    """A call as a need for the partner search: title, keywords, the start of its text."""
    return "\n".join(p for p in (call.title, call.keywords, call.description[:1500]) if p)


def calls_section(organisation: Organisation, user: Any, limit: int = 5) -> list[CallFit] | None:
    """ "Matching funding calls" on an organisation's page: for its own people and its
    networks' managers (None for everyone else)."""
    if not may_see_calls_for(user, organisation):
        return None
    return calls_for_organisation(organisation, user=user, limit=limit)


def may_see_calls_for(user: Any, organisation: Organisation) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if is_site_admin(user) or user.organisation_id == organisation.pk:
        return True
    return organisation.memberships.filter(network__in=managed_network_ids(user)).exists()
