"""A network's cooperation network: the ties gathered from the database, for the engine.

Ties come from four places, each one occasion of working together:

- EU projects (CORDIS, the H2020 network) and platform projects once granted, running or
  finished, with the partners that accepted (``Participation.objects.cooperation()``);
- needs that led to cooperation: the asking organisation and the organisations it was
  routed to that answered "interested" (all routed ones that did not decline, when none
  answered so);
- B2B meetings held: published, both participants still confirmed, the slot begun.

Only ties that touch a current member count: members among each other, and members with
partners outside the network (the border). ``nahwerk_engine.cooperation`` computes the
metrics; this module adds names, the period, who may see what, and the introductions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import threading
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import visible_organisations
from nahwerk.brokering.models import (
    EventKind,
    Need,
    NeedEvent,
    NeedStatus,
    Referral,
    ReferralResponse,
)
from nahwerk.directory.choices import OrganisationKind, Visibility
from nahwerk.directory.models import Organisation, Person
from nahwerk.events.choices import RegistrationStatus, RequestStatus
from nahwerk.events.models import Meeting
from nahwerk.jobs.queue import enqueue
from nahwerk.mail import Mail, send_logged
from nahwerk.matching.models import ProfileVector
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership, Network
from nahwerk.projects.choices import ProjectSource
from nahwerk.projects.models import Participation
from nahwerk.queryparams import InvalidParameter, parse_whole_number
from nahwerk.regional.models import Introduction
from nahwerk_engine.cooperation import (
    CooperationAnalysis,
    Suggestion,
    Tie,
    analyse,
    build_graph,
    competence_phrases,
    suggest_introductions,
)


class TieKind:
    EU_PROJECT = "eu_project"
    PLATFORM_PROJECT = "platform_project"
    BROKERED = "brokered"
    B2B = "b2b"


TIE_KIND_LABELS = {
    TieKind.EU_PROJECT: gettext_lazy("EU project"),
    TieKind.PLATFORM_PROJECT: gettext_lazy("platform project"),
    TieKind.BROKERED: gettext_lazy("brokered need"),
    TieKind.B2B: gettext_lazy("B2B meeting"),
}
FIRST_YEAR, LAST_YEAR = 1984, 2100  # CORDIS begins with FP1 (1984)
# Profile similarity for suggestions needs all pairs of members' vectors: n² / 2 dot
# products, cheap up to a few thousand members.
MAX_MEMBERS_FOR_SIMILARITY = 3_000
SIMILAR_PER_MEMBER = 2
# a pair among the 10 % most similar pairs of members is "closely related"
MIN_SIMILARITY = 0.9
# Cytoscape draws a few thousand nodes smoothly; beyond, the drawing keeps the members
# and the partners with most ties (the tables and the API keep everything).
MAX_DRAWN_NODES = 1_500


class IntroductionError(ValueError):
    """An introduction that cannot be sent; the message says why."""


@dataclass(frozen=True)
class Period:
    """From the first day of ``first`` to the last day of ``last`` (either may be open)."""

    first: int | None = None
    last: int | None = None

    @property
    def start(self) -> dt.date | None:
        return dt.date(self.first, 1, 1) if self.first else None

    @property
    def end(self) -> dt.date | None:
        return dt.date(self.last, 12, 31) if self.last else None

    def covers(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether something from ``start`` to ``end`` (None: unknown/open) overlaps."""
        if self.end and start and start > self.end:
            return False
        return not (self.start and end and end < self.start)

    def key(self) -> tuple[int | None, int | None]:
        return (self.first, self.last)


def parse_period(query: Any, first_name: str, last_name: str) -> Period:
    """The period of ``?first_name=2015&last_name=2020``; InvalidParameter names what is wrong."""
    values: dict[str, int | None] = {}
    for name in (first_name, last_name):
        raw = (query.get(name) or "").strip()
        values[name] = (
            parse_whole_number(name, raw, minimum=FIRST_YEAR, maximum=LAST_YEAR) if raw else None
        )
    first, last = values[first_name], values[last_name]
    if first is not None and last is not None and first > last:
        raise InvalidParameter(
            last_name,
            str(last),
            _("the last year must not lie before the first (%(first)s).") % {"first": first},
        )
    return Period(first, last)


def member_query(network: Network) -> QuerySet[Any]:
    """The current members' ids as a sub-query (a list of 10,000 ids costs seconds to send)."""
    return Membership.objects.filter(network=network, status=MembershipStatus.ACTIVE).values(
        "organisation_id"
    )


def member_ids(network: Network) -> frozenset[int]:
    return frozenset(member_query(network).values_list("organisation_id", flat=True))


# what an SQL filter on the members takes: their ids, or member_query() for a large network
MemberFilter = QuerySet[Any] | Collection[int]


def _in_db(members: frozenset[int], in_db: MemberFilter | None) -> MemberFilter:
    return members if in_db is None else in_db


def _day(value: dt.datetime | dt.date | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _pairs(organisations: Iterable[int], members: frozenset[int]) -> Iterable[tuple[int, int]]:
    """Pairs of one occasion that touch a member."""
    ordered = sorted(set(organisations))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if a in members or b in members:
                yield a, b


def project_ties(
    members: frozenset[int], period: Period, in_db: MemberFilter | None = None
) -> list[Tie]:
    cooperation = Participation.objects.cooperation().filter(organisation__isnull=False)
    project_ids = cooperation.filter(organisation_id__in=_in_db(members, in_db)).values(
        "project_id"
    )
    rows = cooperation.filter(project_id__in=project_ids).values_list(
        "project_id",
        "organisation_id",
        "project__source",
        "project__start_date",
        "project__end_date",
        "project__decided_on",
        "project__created_at",
    )
    partners: dict[int, list[int]] = defaultdict(list)
    kind_of: dict[int, str] = {}
    for project, organisation, source, start, end, decided, created in rows.iterator(5000):
        if project not in kind_of:
            # a platform project without dates counts from its decision, else its entry
            begins = start or decided or _day(created)
            if not period.covers(begins, end):
                kind_of[project] = ""
                continue
            kind_of[project] = (
                TieKind.PLATFORM_PROJECT if source == ProjectSource.PLATFORM else TieKind.EU_PROJECT
            )
        if kind_of[project]:
            partners[project].append(organisation)
    return [
        Tie(a, b, kind_of[project])
        for project, organisations in partners.items()
        for a, b in _pairs(organisations, members)
    ]


def brokered_ties(
    members: frozenset[int], period: Period, in_db: MemberFilter | None = None
) -> list[Tie]:
    member_filter = _in_db(members, in_db)
    needs = Need.objects.filter(status=NeedStatus.COOPERATION).filter(
        Q(organisation_id__in=member_filter) | Q(referrals__organisation_id__in=member_filter)
    )
    started: dict[int, dt.datetime] = {}
    for need_id, at in (
        NeedEvent.objects.filter(
            need__in=needs, kind=EventKind.STATUS, status=NeedStatus.COOPERATION
        )
        .order_by("created_at")
        .values_list("need_id", "created_at")
    ):
        started[need_id] = at
    referrals: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for need_id, organisation, response in Referral.objects.filter(
        need__in=needs.values("pk")
    ).values_list("need_id", "organisation_id", "response"):
        referrals[need_id].append((organisation, response))
    ties = []
    for need_id, asker, updated in needs.distinct().values_list(
        "pk", "organisation_id", "updated_at"
    ):
        day = _day(started.get(need_id, updated))
        if not period.covers(day, day):
            continue
        routed = referrals.get(need_id, [])
        partners = [o for o, r in routed if r == ReferralResponse.INTERESTED] or [
            o for o, r in routed if r != ReferralResponse.NOT_OUR_FIELD
        ]
        ties += [
            Tie(a, b, TieKind.BROKERED)
            for a, b in _pairs([asker, *partners], members)
            if asker in (a, b)
        ]
    return ties


def b2b_ties(
    members: frozenset[int], period: Period, in_db: MemberFilter | None = None
) -> list[Tie]:
    member_filter = _in_db(members, in_db)
    held = (
        Meeting.objects.filter(
            published=True,
            slot__starts_at__lte=timezone.now(),
            request__status=RequestStatus.ACCEPTED,
            request__requester__status=RegistrationStatus.CONFIRMED,
            request__recipient__status=RegistrationStatus.CONFIRMED,
        )
        .filter(
            Q(request__requester__organisation_id__in=member_filter)
            | Q(request__recipient__organisation_id__in=member_filter)
        )
        .values_list(
            "request_id",
            "request__requester__organisation_id",
            "request__recipient__organisation_id",
            "slot__starts_at",
        )
    )
    ties, seen = [], set()
    for request, a, b, starts in held:
        day = _day(starts)
        if request in seen or a == b or not period.covers(day, day):
            continue
        seen.add(request)
        ties.append(Tie(a, b, TieKind.B2B))
    return ties


def gather_ties(network: Network, period: Period) -> tuple[list[Tie], frozenset[int]]:
    """All ties of the network's current members in the period, and the members."""
    members = member_ids(network)
    in_db = member_query(network)
    ties = project_ties(members, period, in_db) + brokered_ties(members, period, in_db)
    ties += b2b_ties(members, period, in_db)
    return ties, members


# --- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """An organisation in the graph as the viewer may see it."""

    id: int
    name: str
    kind: str
    district: str
    url: str
    is_member: bool
    visible: bool


@dataclass(frozen=True)
class SuggestionRow:
    a: Actor
    b: Actor
    suggestion: Suggestion
    reasons: tuple[str, ...]
    sendable: bool  # both have someone an introduction may be mailed to


@dataclass
class CooperationReport:
    network: Network
    period: Period
    analysis: CooperationAnalysis
    actors: dict[int, Actor]
    ties_by_kind: dict[str, int]
    suggestions: list[SuggestionRow] = field(default_factory=list)

    def actor(self, node: int) -> Actor:
        return self.actors[node]

    @property
    def members(self) -> int:
        return sum(1 for n in self.analysis.nodes.values() if n.is_member)

    @property
    def partners_outside(self) -> int:
        return sum(1 for n in self.analysis.nodes.values() if not n.is_member)

    def central_rows(self, limit: int = 10) -> list[tuple[Actor, Any]]:
        return [(self.actors[n.id], n) for n in self.analysis.central(limit)]

    def broker_rows(self, limit: int = 10) -> list[tuple[Actor, Any]]:
        return [(self.actors[n.id], n) for n in self.analysis.brokers(limit)]

    def isolated_rows(self) -> list[Actor]:
        return sorted((self.actors[v] for v in self.analysis.isolated), key=lambda a: a.name)

    def border_rows(self, limit: int = 25) -> list[tuple[Actor, Actor, Any]]:
        rows = []
        for edge in self.analysis.border_edges[:limit]:
            inside, outside = (
                (edge.a, edge.b)
                if edge.a in self.actors and self.actors[edge.a].is_member
                else (edge.b, edge.a)
            )
            rows.append((self.actors[inside], self.actors[outside], edge))
        return rows

    def kind_labels(self, kinds: Iterable[tuple[str, int]]) -> str:
        return ", ".join(f"{TIE_KIND_LABELS.get(k, k)} ({n})" for k, n in kinds)

    def graph_data(self, limit: int | None = MAX_DRAWN_NODES) -> dict[str, Any]:
        """Nodes and edges for Cytoscape.js and the API (what the viewer may see only)."""
        analysis = self.analysis
        nodes = list(analysis.nodes.values())
        if limit is not None and len(nodes) > limit:
            # members first, each group the most connected first: thousands of nodes make
            # neither a readable drawing nor a page a browser loads quickly
            nodes = sorted(nodes, key=lambda n: (not n.is_member, -n.weighted_degree, n.id))
            nodes = nodes[:limit]
        drawn = {n.id for n in nodes}
        return {
            "nodes": [
                {
                    "id": str(n.id),
                    "label": self.actors[n.id].name,
                    "kind": self.actors[n.id].kind,
                    "district": self.actors[n.id].district,
                    "url": self.actors[n.id].url,
                    "member": n.is_member,
                    "degree": n.degree,
                    "weighted_degree": n.weighted_degree,
                    "degree_centrality": round(n.degree_centrality, 6),
                    "betweenness": round(n.betweenness, 6),
                    "community": n.community,
                }
                for n in nodes
            ],
            "edges": [
                {
                    "source": str(e.a),
                    "target": str(e.b),
                    "weight": e.weight,
                    "kinds": dict(e.kinds),
                    "crosses_border": e.crosses_border,
                }
                for e in analysis.edges
                if e.a in drawn and e.b in drawn
            ],
            "complete": len(drawn) == len(analysis.nodes),
            "kind_labels": {kind: str(label) for kind, label in TIE_KIND_LABELS.items()},
        }


# A network with more ties than this has its analysis computed by the worker: betweenness
# and communities of 100,000 ties take 20 s (make bench-graph), too long for a request.
INLINE_TIES = 5_000
# the suggestions prepared with an analysis, before the introductions made since are left out
SUGGESTION_POOL = 40
# how long a queued analysis counts as on its way (a dead worker's job is retried sooner)
PENDING_SECONDS = 900
SHARED_TIMEOUT = 7 * 24 * 3600


class AnalysisPending(Exception):
    """The worker is computing this cooperation network; the page asks to come back."""

    def __init__(self, ties: int) -> None:
        super().__init__(ties)
        self.ties = ties


@dataclass(frozen=True)
class Prepared:
    """A network's analysis and its best introductions, as the worker or a request made them."""

    analysis: CooperationAnalysis
    suggestions: tuple[Suggestion, ...]


_cache_lock = threading.Lock()
_cache: dict[str, Prepared] = {}
_CACHE_SIZE = 16


def _signature(network: Network, period: Period, ties: list[Tie], members: frozenset[int]) -> str:
    """What the analysis and the suggestions are computed from: ties, members, profiles."""
    current = Organisation.objects.filter(
        memberships__network=network, memberships__status=MembershipStatus.ACTIVE
    )
    profiles = (
        current.aggregate(latest=Max("updated_at"))["latest"],
        ProfileVector.objects.filter(organisation__in=current).aggregate(latest=Max("updated_at"))[
            "latest"
        ],
    )
    digest = hashlib.sha256()
    digest.update(repr((network.pk, period.key(), sorted(members), profiles)).encode())
    digest.update(repr(sorted((t.a, t.b, t.kind) for t in ties)).encode())
    return f"cooperation:{digest.hexdigest()}"


def _prepare(network: Network, ties: list[Tie], members: frozenset[int]) -> Prepared:
    graph = build_graph(ties, members)
    analysis = analyse(graph, members)
    similarity, similar_pairs = _similarity(members)
    competences = {
        pk: competence_phrases(text)
        for pk, text in Organisation.objects.filter(
            memberships__network=network, memberships__status=MembershipStatus.ACTIVE
        ).values_list("pk", "competences")
    }
    found = suggest_introductions(
        graph,
        members,
        competences=competences,
        similarity=similarity,
        similar_pairs=similar_pairs,
        exclude=introduced_pairs(network),
        limit=SUGGESTION_POOL,
    )
    return Prepared(analysis, tuple(found))


def _prepared(
    network: Network,
    period: Period,
    ties: list[Tie],
    members: frozenset[int],
    *,
    in_worker: bool = False,
) -> Prepared:
    """The analysis: from this process, from the shared cache, computed here, or queued.

    A request computes small networks itself; for one with more than ``INLINE_TIES`` ties
    it queues the worker (once) and raises AnalysisPending.
    """
    signature = _signature(network, period, ties, members)
    with _cache_lock:
        found = _cache.get(signature)
    if found is None:
        found = caches["shared"].get(signature)
    if found is None:
        if len(ties) > INLINE_TIES and not in_worker:
            if caches["shared"].add(f"{signature}:queued", True, timeout=PENDING_SECONDS):
                enqueue(
                    analyse_in_background,
                    network.pk,
                    period.first,
                    period.last,
                    name=f"cooperation network {network.slug}",
                )
            raise AnalysisPending(len(ties))
        found = _prepare(network, ties, members)
        caches["shared"].set(signature, found, timeout=SHARED_TIMEOUT)
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[signature] = found
    return found


def analyse_in_background(network_id: int, first: int | None, last: int | None) -> None:
    """The worker's job: compute and store a large network's analysis (idempotent)."""
    network = Network.objects.filter(pk=network_id).first()
    if network is None:
        return
    period = Period(first, last)
    ties, members = gather_ties(network, period)
    _prepared(network, period, ties, members, in_worker=True)


def _actors(network: Network, user: Any, nodes: Iterable[int]) -> dict[int, Actor]:
    """The graph's organisations as ``user`` may see them; members are always shown."""
    ids = set(nodes)
    in_network = Organisation.objects.filter(pk__in=member_query(network))
    members = set(in_network.values_list("pk", flat=True)) & ids
    outside = ids - members
    visible = members | set(
        visible_organisations(user).filter(pk__in=outside).values_list("pk", flat=True)
    )
    kinds = dict(OrganisationKind.choices)
    actors = {}
    page = reverse("directory:organisation", kwargs={"slug": "-"})  # one reverse() for all
    fields = ("pk", "name", "kind", "slug", "district__name")
    rows = list(in_network.values_list(*fields))
    rows += Organisation.objects.filter(pk__in=outside).values_list(*fields)
    for pk, name, kind, slug, district in rows:
        if pk not in ids:
            continue
        shown = pk in visible
        actors[pk] = Actor(
            id=pk,
            name=name if shown else _("Organisation outside the network (not visible to you)"),
            kind=str(kinds.get(kind, kind or "")) if shown else "",
            district=(district or "") if shown else "",
            url=page.replace("/-/", f"/{slug}/") if shown else "",
            is_member=pk in members,
            visible=shown,
        )
    return actors


def _similarity(members: frozenset[int]) -> tuple[Any, list[tuple[int, int]]]:
    """Profile similarity of members from the matching engine's stored vectors.

    The vectors of one embedder (the one most members have); a pair's similarity is the
    rank of its cosine among all pairs of members (0..1, 0.9: more similar than 90 % of
    the pairs): raw cosines of text embeddings crowd into a narrow band, and only the
    rank among the members says something. Returns the similarity function and each
    member's most similar others (at least ``MIN_SIMILARITY``).
    """
    if len(members) < 3 or len(members) > MAX_MEMBERS_FOR_SIMILARITY:
        return None, []
    rows = list(
        ProfileVector.objects.filter(
            organisation_id__in=members, audience=ProfileVector.ALL
        ).values_list("organisation_id", "embedder", "vector")
    )
    if not rows:
        return None, []
    embedder = Counter(e for _, e, _ in rows).most_common(1)[0][0]
    ids = [pk for pk, e, _ in rows if e == embedder]
    if len(ids) < 3:
        return None, []
    vectors = np.stack(
        [np.frombuffer(bytes(v), dtype=np.float32) for _, e, v in rows if e == embedder]
    )
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    cosine = vectors @ vectors.T
    ranked = np.sort(cosine[np.triu_indices(len(ids), k=1)])
    rank = np.searchsorted(ranked, cosine, side="right") / len(ranked)
    index = {pk: i for i, pk in enumerate(ids)}

    def similarity(a: int, b: int) -> float | None:
        if a not in index or b not in index:
            return None
        return float(rank[index[a], index[b]])

    pairs = []
    for i, pk in enumerate(ids):
        order = [j for j in np.argsort(-cosine[i]) if j != i][:SIMILAR_PER_MEMBER]
        pairs += [(pk, ids[j]) for j in order if rank[i, j] >= MIN_SIMILARITY]
    return similarity, pairs


def _names(actors: list[Actor]) -> str:
    return ", ".join(a.name for a in actors)


def _reasons(s: Suggestion, actors: dict[int, Actor], a: Actor, b: Actor) -> tuple[str, ...]:
    reasons = []
    if s.shared_partners:
        shown = [actors[w] for w in s.shared_partners if w in actors and actors[w].visible][:3]
        count = len(s.shared_partners)
        text = ngettext("%(count)d shared partner", "%(count)d shared partners", count) % {
            "count": count
        }
        if shown:
            text += ": " + _names(shown)
            if count > len(shown):
                text += " " + _("and others")
        reasons.append(text)
    if s.shared_competences:
        reasons.append(
            _("related competences: %(list)s") % {"list": ", ".join(s.shared_competences[:4])}
        )
    if s.only_a and s.only_b:
        reasons.append(
            _("complementary competences: %(a)s brings %(x)s; %(b)s brings %(y)s")
            % {
                "a": a.name,
                "x": ", ".join(s.only_a[:2]),
                "b": b.name,
                "y": ", ".join(s.only_b[:2]),
            }
        )
    if s.similarity is not None and s.similarity >= MIN_SIMILARITY:
        share = max(1, math.ceil((1 - s.similarity) * 100))
        reasons.append(
            _("closely related profiles (among the %(share)s %% most similar pairs of members)")
            % {"share": share}
        )
    return tuple(reasons)


def introduced_pairs(network: Network) -> set[frozenset[int]]:
    return {
        frozenset(p)
        for p in Introduction.objects.filter(network=network).values_list(
            "organisation_a_id", "organisation_b_id"
        )
    }


def cooperation_report(
    network: Network, user: Any, period: Period, *, suggestions: int = 10
) -> CooperationReport:
    """The network's cooperation network in the period, as ``user`` (a manager) sees it."""
    ties, members = gather_ties(network, period)
    prepared = _prepared(network, period, ties, members)
    analysis = prepared.analysis
    actors = _actors(network, user, analysis.nodes)
    report = CooperationReport(
        network=network,
        period=period,
        analysis=analysis,
        actors=actors,
        ties_by_kind=dict(Counter(t.kind for t in ties)),
    )
    if suggestions:
        # introductions made since the analysis are left out here, not by computing anew
        introduced = introduced_pairs(network)
        found = [s for s in prepared.suggestions if frozenset((s.a, s.b)) not in introduced][
            :suggestions
        ]
        can_write = reachable({v for s in found for v in (s.a, s.b)})
        report.suggestions = [
            SuggestionRow(
                actors[s.a],
                actors[s.b],
                s,
                _reasons(s, actors, actors[s.a], actors[s.b]),
                s.a in can_write and s.b in can_write,
            )
            for s in found
        ]
    return report


# --- introductions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


def mailable_contacts(organisation: Organisation) -> list[Person]:
    """Contact people who may be written to: an address, and no consent withdrawn.

    A person kept on the basis of consent is written to only while the consent stands;
    membership (contract) and legitimate interest cover a manager's introduction between
    members of the network.
    """
    return [
        p
        for p in organisation.people.exclude(email="").order_by("last_name", "first_name")
        if p.consent_withdrawn_at is None
    ]


def recipients(organisation: Organisation) -> list[Recipient]:
    """Whom an introduction goes to: the contact people, else the organisation's users.

    The users are the people who act for the organisation on the platform (they agreed
    to its terms when they registered); they are written to only when no contact person
    may be.
    """
    people = [Recipient(p.full_name, p.email) for p in mailable_contacts(organisation)]
    if people:
        return people
    return [
        Recipient(u.get_full_name() or u.get_username(), u.email)
        for u in User.objects.filter(organisation=organisation, is_active=True)
        .exclude(email="")
        .order_by("pk")
    ]


def reachable(organisation_ids: Iterable[int]) -> set[int]:
    """Which of these organisations an introduction can be sent to (one query each kind)."""
    ids = list(organisation_ids)
    people = Person.objects.filter(organisation_id__in=ids, consent_withdrawn_at__isnull=True)
    users = User.objects.filter(organisation_id__in=ids, is_active=True)
    return set(people.exclude(email="").values_list("organisation_id", flat=True)) | set(
        users.exclude(email="").values_list("organisation_id", flat=True)
    )


def _contact_line(person: Person) -> str:
    """How the other side sees a contact: the name if members may see it, the address too."""
    if person.visibility == Visibility.MANAGERS:
        return ""
    line = person.full_name
    if person.function:
        line += f", {person.function}"
    if person.email_visibility != Visibility.MANAGERS and person.email:
        line += f" <{person.email}>"
    return line


def send_introduction(
    *, network: Network, user: Any, first: int, second: int, reason: str = ""
) -> Introduction:
    """Introduce two members to each other by mail to their contact people, and record it.

    Refused with IntroductionError (nothing written, nothing sent) when the two are the
    same, not both current members, already introduced, or one has no contact person
    who may be written to.
    """
    if first == second:
        raise IntroductionError(_("Choose two different organisations."))
    members = member_ids(network)
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=[first, second])}
    for pk in (first, second):
        if pk not in members or pk not in organisations:
            raise IntroductionError(
                _("Organisation %(id)s is not a member of %(network)s.")
                % {"id": pk, "network": network.name}
            )
    a, b = sorted((organisations[first], organisations[second]), key=lambda o: o.pk)
    if Introduction.objects.filter(network=network, organisation_a=a, organisation_b=b).exists():
        raise IntroductionError(
            _("%(a)s and %(b)s have already been introduced.") % {"a": a.name, "b": b.name}
        )
    contacts = {o.pk: mailable_contacts(o) for o in (a, b)}
    addressed = {o.pk: recipients(o) for o in (a, b)}
    for o in (a, b):
        if not addressed[o.pk]:
            raise IntroductionError(
                _(
                    "%(name)s has no contact person and no user with an e-mail address who "
                    "may be written to."
                )
                % {"name": o.name}
            )
    reason = " ".join(reason.split())[:500]
    mails: list[Mail] = []
    with translation.override(settings.LANGUAGE_CODE):
        for this, other in ((a, b), (b, a)):
            context = {
                "network": network,
                "organisation": this,
                "other": other,
                "other_url": settings.SITE_URL + other.get_absolute_url(),
                "other_contacts": [c for c in map(_contact_line, contacts[other.pk]) if c],
                "reason": reason,
                "manager": user.get_full_name() or user.get_username(),
                "manager_email": user.email,
            }
            subject = _("%(network)s: may we introduce %(other)s?") % {
                "network": network.name,
                "other": other.name,
            }
            body = render_to_string("regional/mail/introduction.txt", context)
            for person in addressed[this.pk]:
                mails.append(
                    (
                        subject[:200],
                        render_to_string("regional/mail/greeting.txt", {"person": person}) + body,
                        settings.DEFAULT_FROM_EMAIL,
                        [person.email],
                    )
                )
    try:
        with transaction.atomic():
            introduction = Introduction.objects.create(
                network=network,
                organisation_a=a,
                organisation_b=b,
                reason=reason,
                recipients=len(mails),
                sent_by=user,
            )
    except IntegrityError as error:  # introduced by someone else a moment ago
        raise IntroductionError(
            _("%(a)s and %(b)s have already been introduced.") % {"a": a.name, "b": b.name}
        ) from error
    transaction.on_commit(lambda: send_logged(mails, f"introduction {introduction.pk}"))
    return introduction
