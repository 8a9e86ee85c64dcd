"""Build a consortium for a call or an idea: one partner per needed competence, with rules.

The builder does not search itself. For each needed competence the caller passes the
organisations that *fit* it (the partner search with its relevance cut-off, so nothing
that does not fit ever reaches a team) as :class:`Candidate` rows; the builder chooses
among them, preferring members of the lead's network, nearby organisations and earlier
partners (the cooperation history), and then satisfies the call's formal rules
(``min_partners`` independent partners, ``min_countries`` countries) by adding the
best-fitting candidates that bring what is missing. A rule that the candidates cannot
satisfy is reported as unmet, never papered over with organisations that do not fit.

:func:`propose_competences` turns a call text into 3-6 competences when the user names
none: the text's requirement sentences are embedded and clustered (average linkage on
cosine distance), and each cluster's most central sentence becomes one competence.

>>> lead = Candidate(organisation_id=1, name="Lead", country="DE", in_network=True)
>>> a = Candidate(organisation_id=2, name="A", country="DE", relevance=0.8, in_network=True)
>>> b = Candidate(organisation_id=3, name="B", country="FR", relevance=0.9)
>>> team = build_team(
...     lead=lead,
...     competences=(Competence("Sensors"),),
...     candidates={"Sensors": (a, b)},
...     rules=Rules(min_countries=2),
... )
>>> [(role.member.name, role.added_for_rule) for role in team.roles], team.rules_met
([('A', ''), ('B', 'min_countries')], True)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from nahwerk_engine.text import sentences

# how many of a call's requirement sentences describe it when keywords are weighed
MAX_CONTEXT_SENTENCES = 12

__all__ = [
    "Candidate",
    "Competence",
    "Preferences",
    "Role",
    "RuleCheck",
    "Rules",
    "Team",
    "build_team",
    "propose_competences",
]

MIN_PARTNERS = "min_partners"
MIN_COUNTRIES = "min_countries"


@dataclass(frozen=True)
class Competence:
    """A competence (role) the consortium needs; ``query`` is what the partner search gets."""

    label: str
    query: str = ""
    # proposed from the call text rather than named by the user
    proposed: bool = False

    @property
    def search_text(self) -> str:
        return self.query or self.label


@dataclass(frozen=True)
class Candidate:
    """An organisation that fits a competence, with what the builder weighs and explains."""

    organisation_id: int
    name: str
    country: str = ""
    # calibrated probability that it fits (the partner search's relevance, 0..1)
    relevance: float = 0.0
    fit: str = ""  # "strong", "good", "partial" (the search's fit level)
    passage: str = ""  # the profile passage that matches the competence
    distance_km: float | None = None
    in_network: bool = False  # member of the lead's network
    joint_projects: tuple[str, ...] = ()  # earlier projects with the lead
    history_rank: int | None = None  # rank among the cooperation-history suggestions (0 = best)
    # organisations with the same key are not independent of each other (one group)
    group: str = ""

    @property
    def independence_key(self) -> str:
        return self.group or str(self.organisation_id)


@dataclass(frozen=True)
class Rules:
    """The call's formal rules where it states them (None: not stated)."""

    min_partners: int | None = None
    min_countries: int | None = None


@dataclass(frozen=True)
class Preferences:
    """How much being in the network, near, or an earlier partner adds to the fit (0..1).

    The fit dominates: a member of the network that fits "partially" (0.1) does not beat
    an outsider that fits well (0.6); between similar fits the preferences decide.
    """

    network: float = 0.15
    nearness: float = 0.10  # times 1 / (1 + distance / nearness_scale_km)
    nearness_scale_km: float = 50.0
    history: float = 0.10  # times 1 / (1 + log2(1 + rank)) in the history's suggestions
    joint_projects: float = 0.05  # at least one earlier joint project with the lead


def preference(candidate: Candidate, prefs: Preferences = Preferences()) -> float:
    """The value that orders a competence's candidates: fit plus the preferences."""
    value = candidate.relevance
    if candidate.in_network:
        value += prefs.network
    if candidate.distance_km is not None:
        value += prefs.nearness / (1.0 + candidate.distance_km / prefs.nearness_scale_km)
    if candidate.history_rank is not None:
        value += prefs.history / (1.0 + math.log2(1.0 + candidate.history_rank))
    if candidate.joint_projects:
        value += prefs.joint_projects
    return value


@dataclass(frozen=True)
class Role:
    """One place in the team: the competence, who fills it and who else could."""

    key: str  # "1", "2", … for the competences in order; "1+1" for a partner a rule added
    competence: Competence
    member: Candidate | None
    is_lead: bool = False
    chosen_by_user: bool = False
    alternatives: tuple[Candidate, ...] = ()
    # the rules this member helps to satisfy (MIN_PARTNERS, MIN_COUNTRIES)
    helps: tuple[str, ...] = ()
    added_for_rule: str = ""  # set on a partner added only because a rule needed it

    @property
    def covered(self) -> bool:
        return self.member is not None


@dataclass(frozen=True)
class RuleCheck:
    rule: str  # MIN_PARTNERS or MIN_COUNTRIES
    required: int
    achieved: int

    @property
    def met(self) -> bool:
        return self.achieved >= self.required


@dataclass(frozen=True)
class Team:
    """The proposed consortium: the lead, one role per competence (plus rule additions)."""

    lead: Candidate
    roles: tuple[Role, ...]
    checks: tuple[RuleCheck, ...] = field(default=())

    @property
    def members(self) -> tuple[Candidate, ...]:
        """The lead and every distinct partner, in the order of the roles."""
        seen = {self.lead.organisation_id}
        out = [self.lead]
        for role in self.roles:
            if role.member is not None and role.member.organisation_id not in seen:
                seen.add(role.member.organisation_id)
                out.append(role.member)
        return tuple(out)

    @property
    def partners(self) -> tuple[Candidate, ...]:
        return self.members[1:]

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({m.country for m in self.members if m.country}))

    @property
    def rules_met(self) -> bool:
        return all(check.met for check in self.checks)

    @property
    def competence_roles(self) -> tuple[Role, ...]:
        """The roles of the needed competences (without the partners a rule added)."""
        return tuple(role for role in self.roles if not role.added_for_rule)

    @property
    def uncovered(self) -> tuple[Competence, ...]:
        return tuple(role.competence for role in self.competence_roles if not role.covered)

    def covered_inside(self) -> int:
        """Competences covered by the lead or a member of the lead's network."""
        return sum(
            1
            for role in self.competence_roles
            if role.member is not None and (role.is_lead or role.member.in_network)
        )

    def covered_outside(self) -> int:
        return sum(
            1
            for role in self.competence_roles
            if role.member is not None and not (role.is_lead or role.member.in_network)
        )


# The lead fills a competence itself when it fits it at least this well.
LEAD_COVERS_FROM = 0.4


def build_team(
    *,
    lead: Candidate,
    competences: Sequence[Competence],
    candidates: Mapping[str, Sequence[Candidate]],
    rules: Rules = Rules(),
    chosen: Mapping[str, int] | None = None,
    alternatives: int = 3,
    prefs: Preferences = Preferences(),
) -> Team:
    """Propose a team covering ``competences`` with ``candidates`` (by competence label).

    ``chosen`` maps a role key ("1", "2", …) to the organisation id the user swapped in;
    it must be one of that competence's candidates (``ValueError`` otherwise). The lead
    fills a competence itself when it is among its candidates with a relevance of at
    least ``LEAD_COVERS_FROM``. Afterwards the rules: while the team has fewer countries
    than ``min_countries``, the best remaining candidate (of any competence) from a new
    country joins; while it has fewer independent partners than ``min_partners``, the
    best remaining candidate joins. Only candidates join, so a rule the candidates cannot
    satisfy stays unmet.

    Cost: O(C log C) for C candidates in all.
    """
    chosen = dict(chosen or {})
    labels = [c.label for c in competences]
    if len(set(labels)) != len(labels):
        raise ValueError("competences must have distinct labels")
    known_keys = {str(i) for i in range(1, len(competences) + 1)}
    unknown = sorted(set(chosen) - known_keys)
    if unknown:
        raise ValueError(f"no role {unknown[0]!r}: roles are 1 to {len(competences)}")

    ranked = {
        c.label: sorted(
            (x for x in candidates.get(c.label, ()) if x.organisation_id != lead.organisation_id),
            key=lambda x: (-preference(x, prefs), x.organisation_id),
        )
        for c in competences
    }
    picks: list[tuple[str, Competence, Candidate | None, bool, bool]] = []
    for position, competence in enumerate(competences, start=1):
        key = str(position)
        pool = ranked[competence.label]
        if key in chosen:
            wanted = chosen[key]
            match = [x for x in pool if x.organisation_id == wanted]
            if not match:
                raise ValueError(
                    f"organisation {wanted} does not fit {competence.label!r} (role {key})"
                )
            picks.append((key, competence, match[0], False, True))
            continue
        own = [
            x
            for x in candidates.get(competence.label, ())
            if x.organisation_id == lead.organisation_id and x.relevance >= LEAD_COVERS_FROM
        ]
        if own:
            picks.append((key, competence, lead, True, False))
        else:
            picks.append((key, competence, pool[0] if pool else None, False, False))

    in_team = {lead.organisation_id} | {p[2].organisation_id for p in picks if p[2] is not None}
    groups = {lead.independence_key} | {p[2].independence_key for p in picks if p[2] is not None}
    countries = {lead.country} | {p[2].country for p in picks if p[2] is not None}
    countries.discard("")

    # Every remaining candidate once, at the competence it fits best.
    best_for: dict[int, tuple[float, Competence, Candidate]] = {}
    for competence in competences:
        for x in ranked[competence.label]:
            value = preference(x, prefs)
            if x.organisation_id not in best_for or value > best_for[x.organisation_id][0]:
                best_for[x.organisation_id] = (value, competence, x)
    reserve = sorted(best_for.values(), key=lambda t: (-t[0], t[2].organisation_id))
    added: list[tuple[str, Competence, Candidate]] = []

    def add(rule: str, condition: Callable[[Candidate], bool]) -> bool:
        for _value, competence, x in reserve:
            if x.organisation_id in in_team or x.independence_key in groups:
                continue
            if not condition(x):
                continue
            in_team.add(x.organisation_id)
            groups.add(x.independence_key)
            if x.country:
                countries.add(x.country)
            added.append((rule, competence, x))
            return True
        return False

    if rules.min_countries:
        while len(countries) < rules.min_countries:
            if not add(MIN_COUNTRIES, lambda x: bool(x.country) and x.country not in countries):
                break
    if rules.min_partners:
        while len(groups) < rules.min_partners:
            # a new country first: it never hurts a rule
            new_country = add(
                MIN_PARTNERS, lambda x: bool(x.country) and x.country not in countries
            )
            if not new_country and not add(MIN_PARTNERS, lambda x: True):
                break

    members_in_order = [lead] + [p[2] for p in picks if p[2] is not None] + [a[2] for a in added]
    helps = _helps(members_in_order, rules)
    roles: list[Role] = []
    extra_count: dict[str, int] = {}
    team_ids = {m.organisation_id for m in members_in_order}
    for key, competence, member, is_lead, by_user in picks:
        roles.append(
            Role(
                key=key,
                competence=competence,
                member=member,
                is_lead=is_lead,
                chosen_by_user=by_user,
                alternatives=_alternatives(ranked[competence.label], team_ids, alternatives),
                helps=helps.get(member.organisation_id, ()) if member is not None else (),
            )
        )
    for rule, competence, member in added:
        parent = str(labels.index(competence.label) + 1)
        extra_count[parent] = extra_count.get(parent, 0) + 1
        roles.append(
            Role(
                key=f"{parent}+{extra_count[parent]}",
                competence=competence,
                member=member,
                helps=helps.get(member.organisation_id, ()),
                added_for_rule=rule,
            )
        )
    checks = []
    if rules.min_partners:
        checks.append(RuleCheck(MIN_PARTNERS, rules.min_partners, len(groups)))
    if rules.min_countries:
        checks.append(RuleCheck(MIN_COUNTRIES, rules.min_countries, len(countries)))
    return Team(lead=lead, roles=tuple(roles), checks=tuple(checks))


def _alternatives(
    pool: Sequence[Candidate], team_ids: set[int], limit: int
) -> tuple[Candidate, ...]:
    return tuple(x for x in pool if x.organisation_id not in team_ids)[:limit]


def _helps(members: Sequence[Candidate], rules: Rules) -> dict[int, tuple[str, ...]]:
    """Which rule each member helps to satisfy: every independent member counts towards
    ``min_partners``, the first member of each country towards ``min_countries``."""
    out: dict[int, list[str]] = {}
    seen_groups: set[str] = set()
    seen_countries: set[str] = set()
    for m in members:
        these = out.setdefault(m.organisation_id, [])
        if rules.min_partners and m.independence_key not in seen_groups:
            seen_groups.add(m.independence_key)
            these.append(MIN_PARTNERS)
        if rules.min_countries and m.country and m.country not in seen_countries:
            seen_countries.add(m.country)
            these.append(MIN_COUNTRIES)
    return {k: tuple(v) for k, v in out.items()}


# --- Competences from a call text -------------------------------------------------------------

# Sentences about the procedure, not about what the project must be able to do.
_PROCEDURAL = re.compile(
    r"\b(proposals?|applicants?|eligib\w*|admissib\w*|budget|eur\b|€|deadline|work programme|"
    r"annex\w*|grant agreement|submission|call for|expected to|lump sum|award criteria|"
    r"beneficiar\w*|trl\b|in order to ensure a balanced portfolio|antrag\w*|einreich\w*|"
    r"förderquote|frist|encouraged|not (?:be )?considered|out of scope|publications?|"
    r"international cooperation|expected outcomes?|contribute to|in line with|synerg\w*|"
    r"open science|dissemination|gender|should (?:also )?(?:address|consider|take)|"
    r"projects? (?:are|is|should|will|must)\b)",
    re.IGNORECASE,
)
# Section headings of the EU portal's texts glued to the sentence before ("…research.Scope:")
_GLUED = re.compile(r"([.:;!?])(?=[A-ZÄÖÜ])")
_HEADING = re.compile(
    r"^(expected outcomes?|scope|objective|specific conditions|ziel|gegenstand)\s*:\s*",
    re.IGNORECASE,
)
MIN_WORDS, MAX_WORDS = 5, 60


def sentence_key(sentence: str) -> str:
    """A sentence folded for comparison across texts (case and spacing ignored)."""
    return " ".join(sentence.casefold().split())


def requirement_sentences(text: str, *, common: frozenset[str] = frozenset()) -> list[str]:
    """The sentences of a call text that say what the project must do or deliver.

    ``common`` holds the :func:`sentence_key` of sentences that recur across many calls
    (a programme's standard wording on open data, gender or durations): they say
    nothing about this call and are left out.
    """
    out: list[str] = []
    seen: set[str] = set()
    for raw in sentences(_GLUED.sub(r"\1 ", text or "")):
        sentence = _HEADING.sub("", raw.strip()).strip(" -•*")
        words = len(sentence.split())
        if words < MIN_WORDS or words > MAX_WORDS or _PROCEDURAL.search(sentence):
            continue
        folded = sentence_key(sentence)
        if folded in common:
            continue
        if folded not in seen:
            seen.add(folded)
            out.append(sentence)
    return out


def propose_competences(
    text: str,
    *,
    embed: Callable[[list[str]], np.ndarray],
    min_count: int = 3,
    max_count: int = 6,
    max_sentences: int = 40,
    keywords: Sequence[str] = (),
    common: frozenset[str] = frozenset(),
) -> tuple[Competence, ...]:
    """Cluster a call's requirement sentences into ``min_count``..``max_count`` competences.

    Where the funder lists ``keywords`` for the call (the EU portal's topic keywords, such
    as "Disaster resilience and crisis management"), at least ``min_count`` of them, they
    are the competences: short, in the funder's words and what a partner's profile
    says. Beyond ``max_count`` the keywords closest to the call's requirement sentences
    are taken, each new one also unlike those already taken (maximal marginal
    relevance). Sentences whose key is in ``common`` (wording that recurs across calls)
    are never proposed.

    ``embed`` returns unit-length row vectors (e.g. the matching engine's passage
    embedder). The number of clusters is ``round(sqrt(n))`` of the n requirement sentences
    (the first ``max_sentences``), kept between the bounds and at most n; clusters are
    formed by average linkage on cosine distance, ordered by size (then by where they
    start in the text), and each gives its most central sentence as the competence. A
    text with no requirement sentence gives one competence, the text itself (cut at 60
    words); an empty text gives none.
    """
    found = requirement_sentences(text, common=common)[:max_sentences]
    listed = list(dict.fromkeys(k.strip() for k in keywords if k and k.strip()))
    if len(listed) >= min_count:
        return _keyword_competences(listed, found or [text], embed=embed, max_count=max_count)
    if not found:
        words = (text or "").split()
        if not words:
            return ()
        whole = " ".join(words[:MAX_WORDS])
        return (Competence(label=_short(whole), query=whole, proposed=True),)
    if len(found) <= min_count:
        return tuple(Competence(label=_short(s), query=s, proposed=True) for s in found)
    k = max(min_count, min(max_count, round(math.sqrt(len(found)))))
    vectors = np.asarray(embed(found), dtype=np.float64)
    labels = _cluster(vectors, k)
    clusters: dict[int, list[int]] = {}
    for i, cluster in enumerate(labels):
        clusters.setdefault(int(cluster), []).append(i)
    ordered = sorted(clusters.values(), key=lambda members: (-len(members), members[0]))
    out = []
    for members in ordered[:max_count]:
        block = vectors[members]
        centre = int(np.argmax((block @ block.T).mean(axis=1)))
        sentence = found[members[centre]]
        out.append(Competence(label=_short(sentence), query=sentence, proposed=True))
    return tuple(out)


def _keyword_competences(
    keywords: list[str],
    context: list[str],
    *,
    embed: Callable[[list[str]], np.ndarray],
    max_count: int,
    diversity: float = 0.3,
) -> tuple[Competence, ...]:
    if len(keywords) > max_count:
        vectors = np.asarray(embed(keywords + context[:MAX_CONTEXT_SENTENCES]), dtype=np.float64)
        words, sentences_ = vectors[: len(keywords)], vectors[len(keywords) :]
        centre = sentences_.mean(axis=0)
        centre /= np.linalg.norm(centre) or 1.0
        relevance = words @ centre
        chosen: list[int] = []
        while len(chosen) < max_count:
            best, best_value = -1, -math.inf
            for i in range(len(keywords)):
                if i in chosen:
                    continue
                overlap = max((float(words[i] @ words[j]) for j in chosen), default=0.0)
                value = (1 - diversity) * float(relevance[i]) - diversity * overlap
                if value > best_value:
                    best, best_value = i, value
            chosen.append(best)
        keywords = [keywords[i] for i in chosen]
    return tuple(Competence(label=k, query=k, proposed=True) for k in keywords)


def _cluster(vectors: np.ndarray, k: int) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster, linkage

    distances = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
    condensed = distances[np.triu_indices(len(vectors), k=1)]
    tree = linkage(condensed, method="average")
    return np.asarray(fcluster(tree, t=k, criterion="maxclust"))


def _short(sentence: str, words: int = 12) -> str:
    parts = sentence.split()
    text = " ".join(parts[:words])
    return text if len(parts) <= words else text.rstrip(",;:") + " …"
