"""The consortium builder on the platform: a call or an idea and a lead become a proposed team.

The pages and the API call :func:`build_consortium`. It proposes the competences from the
call text when the user names none, asks the partner search (with its relevance cut-off)
for the organisations that fit each competence, near the lead, among what the user may
see, EU project partners included (they bring the other countries an EU call asks for),
adds the cooperation history (the lead's earlier joint projects and the history ranker's
suggestions) and lets the engine (``nahwerk_engine.consortium.builder``) choose the team
and check the call's rules.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import is_site_admin, managed_network_ids
from nahwerk.directory.models import Organisation, OrganisationQuerySet
from nahwerk.funding.models import Call
from nahwerk.matching.services import (
    MatchingError,
    PartnerFilters,
    earlier_cooperation,
    find_partners,
    get_embedder,
    index_cache,
)
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership, Network
from nahwerk.projects.consortium import ranker_cache
from nahwerk.reference.models import District
from nahwerk_engine.consortium import (
    Candidate,
    Competence,
    PartnerQuery,
    Rules,
    Team,
    build_team,
    propose_competences,
)
from nahwerk_engine.consortium.builder import (
    MIN_COUNTRIES,
    MIN_PARTNERS,
    requirement_sentences,
    sentence_key,
)
from nahwerk_engine.matching.embedders import passage_embedder

MAX_COMPETENCES = 6
MAX_IDEA_CHARS = 10_000
# candidates asked from the partner search per competence (the role and its alternatives)
PER_COMPETENCE = 8
# suggestions of the cooperation-history ranker that count as "earlier partners' circle"
HISTORY_SUGGESTIONS = 200

# Horizon Europe parts → the Horizon 2020 programme parts of the stored history that
# cover the same ground (the history ranker knows only these), e.g. cluster 4 "Digital,
# Industry and Space" → LEIT (industrial leadership).
HORIZON_EUROPE_THEMES: dict[str, tuple[str, ...]] = {
    "CL1": ("SC1",),
    "CL2": ("SC6",),
    "CL3": ("SC7",),
    "CL4": ("LEIT",),
    "CL5": ("SC3", "SC4"),
    "CL6": ("SC2", "SC5"),
    "ERC": ("ERC",),
    "MSCA": ("MSCA",),
    "EIC": ("Innovation in SMEs",),
    "INFRA": ("RI",),
    "WIDERA": ("SEWP",),
}
_HE_PART = re.compile(r"^(?:HORIZON-)?(CL\d|ERC|MSCA|EIC|INFRA|WIDERA)\b")


class ConsortiumError(ValueError):
    """Input the builder cannot use; ``field`` names the form or API field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Proposal:
    """A built team with the platform objects a page or the API shows."""

    team: Team
    lead: Organisation
    network: Network | None
    call: Call | None
    idea: str
    competences: tuple[Competence, ...]
    rules: Rules
    organisations: dict[int, Organisation] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def title(self) -> str:
        if self.call is not None:
            return self.call.title
        first = self.idea.strip().splitlines()[0] if self.idea.strip() else ""
        return first[:120]

    def organisation(self, candidate: Candidate | None) -> Organisation | None:
        return None if candidate is None else self.organisations.get(candidate.organisation_id)


def lead_choices(user: Any) -> OrganisationQuerySet:
    """Organisations the user may build a consortium for as its lead.

    A network manager: any member of the networks they manage (a site administrator: of
    any network); a member user: their own organisation; everyone else: none.
    """
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    if is_site_admin(user):
        return Organisation.objects.in_networks(Network.objects.values("pk"))
    managed = managed_network_ids(user)
    if managed:
        return Organisation.objects.in_networks(managed)
    if user.organisation_id:
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()


def lead_network(user: Any, lead: Organisation) -> Network | None:
    """The network the consortium is built in: one the user manages, else the lead's own."""
    networks = Network.objects.filter(
        memberships__organisation=lead, memberships__status=MembershipStatus.ACTIVE
    ).order_by("name")
    if not is_site_admin(user):
        managed = managed_network_ids(user)
        if managed:
            networks = networks.filter(pk__in=managed)
    return networks.first()


def call_text(call: Call) -> str:
    return "\n".join(part for part in (call.title, call.description, call.keywords) if part)


def requirement_opening(call: Call, sentences: int = 3) -> str:
    """The call's title and its first requirement sentences: what a lead must fit."""
    found = requirement_sentences(call.description, common=common_sentences.get()[0])[:sentences]
    return ". ".join([call.title, *found]) if found else call_text(call)[:1000]


def call_rules(call: Call | None) -> Rules:
    if call is None:
        return Rules()
    return Rules(min_partners=call.min_partners, min_countries=call.min_countries)


def history_themes(call: Call | None) -> tuple[str, ...]:
    """The programme parts of the cooperation history that match the call's part."""
    if call is None:
        return ()
    for value in (call.cluster, call.topic_id):
        found = _HE_PART.match((value or "").upper())
        if found:
            return HORIZON_EUROPE_THEMES[found.group(1)]
    return ()


def eligibility_filters(call: Call | None) -> PartnerFilters:
    """Who may be a partner at all: the programme's kinds, sizes, states and districts."""
    if call is None:
        return PartnerFilters()
    programme = call.programme
    districts: set[str] = set(programme.district_ags or ())
    for code in programme.state_codes or ():
        districts.update(
            District.objects.filter(ags__startswith=str(code)).values_list("ags", flat=True)
        )
    return PartnerFilters(
        kinds=frozenset(programme.applicant_kinds) if programme.applicant_kinds else None,
        size_bands=frozenset(programme.size_bands) if programme.size_bands else None,
        district_ags=frozenset(districts) if districts else None,
    )


def parse_competences(text: str) -> tuple[Competence, ...]:
    """One competence per non-empty line (or per semicolon), at most ``MAX_COMPETENCES``."""
    items: list[str] = []
    for line in re.split(r"[\n;]", text or ""):
        label = " ".join(line.split()).strip(" -•*")
        if label and label.casefold() not in {i.casefold() for i in items}:
            items.append(label)
    if len(items) > MAX_COMPETENCES:
        raise ConsortiumError(
            "competences",
            _("Name at most %(count)d competences, one per line.") % {"count": MAX_COMPETENCES},
        )
    for label in items:
        if not any(ch.isalnum() for ch in label) or len(label) > 300:
            raise ConsortiumError(
                "competences",
                _("“%(value)s” is not a competence the search can look for.") % {"value": label},
            )
    return tuple(Competence(label=label) for label in items)


def build_consortium(
    *,
    user: Any,
    lead: Organisation,
    call: Call | None = None,
    idea: str = "",
    competences: tuple[Competence, ...] = (),
    chosen: dict[str, int] | None = None,
    rules: Rules | None = None,
    alternatives: int = 3,
) -> Proposal:
    """Propose a team for ``call`` (or the free ``idea``) led by ``lead``.

    ``PermissionDenied`` when the user may not build with this lead; ``ConsortiumError``
    (naming the field) for input the builder cannot use. ``rules`` default to the call's.
    """
    started = time.perf_counter()
    if not lead_choices(user).filter(pk=lead.pk).exists():
        raise PermissionDenied(_("You cannot build a consortium with this lead organisation."))
    idea = (idea or "").strip()
    if call is None and not idea:
        raise ConsortiumError("idea", _("Choose a call or describe the project idea."))
    if len(idea) > MAX_IDEA_CHARS:
        raise ConsortiumError(
            "idea",
            _("Describe the idea in at most %(count)d characters.") % {"count": MAX_IDEA_CHARS},
        )
    text = call_text(call) if call is not None else idea
    if call is not None and idea:
        text = f"{idea}\n{text}"
    if not competences:
        keywords = call_keywords(call) if call is not None and not idea else ()
        competences = proposed_competences(text, keywords=keywords)
    if not competences:
        raise ConsortiumError("competences", _("Name the competences the consortium needs."))
    network = lead_network(user, lead)
    rules = rules if rules is not None else call_rules(call)

    cooperation = earlier_cooperation(lead)
    history_ranks = _history_ranks(lead, call)
    filters = eligibility_filters(call)
    near = lead if lead.latitude is not None and lead.longitude is not None else None
    found: dict[str, list[Any]] = {}
    for competence in competences:
        try:
            found[competence.label] = find_partners(
                competence.search_text,
                near=near,
                filters=filters,
                user=user,
                limit=PER_COMPETENCE,
                include_history=True,
            )
        except MatchingError as error:
            raise ConsortiumError("competences", str(error)) from error
    organisations = {m.organisation.pk: m.organisation for ms in found.values() for m in ms}
    organisations[lead.pk] = lead
    in_network = (
        set(
            Membership.objects.filter(
                network=network,
                status=MembershipStatus.ACTIVE,
                organisation_id__in=list(organisations),
            ).values_list("organisation_id", flat=True)
        )
        if network is not None
        else set()
    )
    candidates = {
        label: tuple(_candidate(m, in_network, cooperation, history_ranks) for m in matches)
        for label, matches in found.items()
    }
    lead_candidate = Candidate(
        organisation_id=lead.pk,
        name=lead.name,
        country=lead.country,
        in_network=lead.pk in in_network,
    )
    try:
        team = build_team(
            lead=lead_candidate,
            competences=competences,
            candidates=candidates,
            rules=rules,
            chosen=chosen,
            alternatives=alternatives,
        )
    except ValueError as error:
        raise ConsortiumError(
            "swap", _("This organisation is not among the candidates for that role.")
        ) from error
    return Proposal(
        team=team,
        lead=lead,
        network=network,
        call=call,
        idea=idea,
        competences=competences,
        rules=rules,
        organisations=organisations,
        seconds=time.perf_counter() - started,
    )


def _candidate(
    match: Any,
    in_network: set[int],
    cooperation: dict[int, tuple[str, ...]],
    history_ranks: dict[str, int],
) -> Candidate:
    org = match.organisation
    passages = match.explanation.passages
    return Candidate(
        organisation_id=org.pk,
        name=org.name,
        country=org.country,
        relevance=match.relevance or 0.0,
        fit=str(match.fit or ""),
        passage=passages[0].passage if passages else "",
        distance_km=match.explanation.distance_km,
        in_network=org.pk in in_network,
        joint_projects=cooperation.get(org.pk, ()),
        history_rank=history_ranks.get(org.pic) if org.pic else None,
    )


def _history_ranks(lead: Organisation, call: Call | None) -> dict[str, int]:
    """PIC → rank among the cooperation-history ranker's suggestions for the lead."""
    if not lead.pic:
        return {}
    ranker = ranker_cache.get()
    if ranker.history.index_of(lead.pic) < 0:
        return {}
    ranked = ranker.rank(
        PartnerQuery(lead=lead.pic, themes=history_themes(call)), limit=HISTORY_SUGGESTIONS
    )
    return {pic: rank for rank, pic in enumerate(ranked)}


def _passage_vectors(texts: list[str]) -> Any:
    return passage_embedder(get_embedder()).embed(texts)


# --- Prepared ahead: what a build for a call computes from the call text alone ------------

# The proposal of a text is kept as long as the query vectors beside it (30 days).
PROPOSAL_TIMEOUT = 30 * 24 * 3600


def call_keywords(call: Call) -> tuple[str, ...]:
    """The funder's keywords of a call ("Circular economy, Ecodesign, ..."), one by one."""
    return tuple(dict.fromkeys(k.strip() for k in (call.keywords or "").split(",") if k.strip()))


class _CommonSentences:
    """The sentences that recur in at least ``MIN_CALLS`` calls of the catalogue.

    A programme repeats its standard wording (open data, durations, "please consult the
    call document") in every topic; such sentences say nothing about one call and must
    not become a competence. Computed from the calls in the database, once per process
    and catalogue state (the number of calls and their last change).
    """

    MIN_CALLS = 3

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._common: frozenset[str] = frozenset()
        self._version = ""

    def get(self) -> tuple[frozenset[str], str]:
        state = Call.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
        key = (state["n"], state["changed"])
        if key != self._key:
            counts: Counter[str] = Counter()
            for description in Call.objects.values_list("description", flat=True).iterator():
                counts.update({sentence_key(s) for s in requirement_sentences(description)})
            self._common = frozenset(k for k, n in counts.items() if n >= self.MIN_CALLS)
            self._version = hashlib.sha256(
                "\n".join(sorted(self._common)).encode("utf-8")
            ).hexdigest()[:12]
            self._key = key
        return self._common, self._version

    def clear(self) -> None:
        self._key = None


common_sentences = _CommonSentences()


def _proposal_key(text: str, keywords: tuple[str, ...], version: str) -> str:
    material = "\x1f".join([text, *keywords])
    digest = hashlib.sha256(material.encode("utf-8")).hexdigest()[:40]
    return f"consortium-competences:{get_embedder().name}:{MAX_COMPETENCES}:{version}:{digest}"


def proposed_competences(text: str, keywords: tuple[str, ...] = ()) -> tuple[Competence, ...]:
    """The competences proposed from ``text`` (a call's or an idea's), computed once.

    The call's ``keywords`` are the competences where the funder lists them; sentences
    that recur across the catalogue's calls are never proposed. The proposal depends
    only on the text, the keywords, the catalogue's common sentences and the model, so
    it is kept in the cache that all processes share; the worker prepares it for every
    open call (:func:`prepare_call_consortia`), and a page or API request finds it there.
    """
    common, version = common_sentences.get()
    shared = caches["shared"]
    key = _proposal_key(text, keywords, version)
    try:
        stored = shared.get(key)
    except Exception:  # the cache is an aid: without it the proposal is computed
        stored = None
    if isinstance(stored, list):
        return tuple(Competence(label=label, query=query, proposed=True) for label, query in stored)
    competences = propose_competences(
        text,
        embed=_passage_vectors,
        max_count=MAX_COMPETENCES,
        keywords=keywords,
        common=common,
    )
    # a full or busy cache costs only the next proposal
    with contextlib.suppress(Exception):
        shared.set(key, [[c.label, c.query] for c in competences], timeout=PROPOSAL_TIMEOUT)
    return competences


def prepare_call_consortia(calls: Iterable[Call]) -> int:
    """Propose each call's competences and embed them as the partner search will ask.

    Run by the worker after the calls are embedded (``funding.tasks.refresh_vectors``):
    a build for a call then only ranks partners, with no text to embed. What is already
    prepared is read from the shared cache, not computed again. Returns how many
    competences were prepared.
    """
    index = index_cache.get()
    count = 0
    for call in calls:
        for competence in proposed_competences(call_text(call), call_keywords(call)):
            index.query_vector(competence.search_text)
            count += 1
    return count


def rule_text(rule: str) -> str:
    return {
        MIN_PARTNERS: _("independent partners"),
        MIN_COUNTRIES: _("countries"),
    }[rule]
