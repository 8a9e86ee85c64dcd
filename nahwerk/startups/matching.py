"""Start-ups and investors find each other: the rules first, then the texts.

Eligibility is rule-based (stage, ticket size, region, network, industry); each rule that
decides says so in plain words. Among the funds (or start-ups) that pass, the texts (a
fund's focus, a start-up's pitch and profile) are compared through the partner search's
engine (``nahwerk_engine.matching``: BM25, the embedders and their fusion); that orders
the list and adds the words both texts share. The text never excludes: a fund's focus is
a few sentences, too short for the relevance cut-off calibrated on members' profiles.
A fund sees of a start-up only what the start-up released to it (``StartupViewer``).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import Viewer
from nahwerk.matching.explanations import fit_label
from nahwerk.matching.services import get_embedder
from nahwerk.startups.access import StartupViewer, visible_funds
from nahwerk.startups.choices import Seeking, Stage
from nahwerk.startups.models import InvestorProfile, StartupProfile
from nahwerk_engine.matching import MatchingIndex, Profile, Query

logger = logging.getLogger(__name__)

__all__ = ["FundMatch", "Reason", "StartupMatch", "funds_for", "startups_for", "text_fit"]


@dataclass(frozen=True)
class Reason:
    """One rule or text comparison and its outcome: fits (True), not (False), unknown (None)."""

    fits: bool | None
    text: str


@dataclass
class _Match:
    reasons: list[Reason] = field(default_factory=list)
    score: float = 0.0
    text_fit: str = ""

    @property
    def fits(self) -> bool:
        return all(r.fits is not False for r in self.reasons)

    @property
    def why_not(self) -> list[Reason]:
        return [r for r in self.reasons if r.fits is False]


@dataclass
class FundMatch(_Match):
    fund: InvestorProfile | None = None


@dataclass
class StartupMatch(_Match):
    startup: StartupProfile | None = None
    released: dict[str, Any] = field(default_factory=dict)


def euros(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " €"


def _stage_names(values: Iterable[str]) -> str:
    names = dict(Stage.choices)
    return ", ".join(str(names.get(v, v)) for v in values)


def _codes(profile: StartupProfile) -> list[str]:
    codes = [c.code for c in profile.industry_codes.all()]
    return codes or [c.code for c in profile.organisation.industry_codes.all()]


def _industry_overlap(startup_codes: list[str], fund_codes: list[str]) -> list[str]:
    """The fund's codes that cover a start-up code (a division covers its classes) or the
    other way round."""
    return [f for f in fund_codes if any(s.startswith(f) or f.startswith(s) for s in startup_codes)]


def rules(
    startup: StartupProfile, fund: InvestorProfile, *, capital: int | None, networks: set[int]
) -> list[Reason]:
    """The rules that decide whether a fund may invest in a start-up, in plain words.

    ``capital`` is the capital sought as far as the one who asks may know it (None: not
    known to them, then the ticket is stated, not used to exclude); ``networks`` the
    start-up's networks.
    """
    reasons: list[Reason] = []
    stage = startup.get_stage_display()
    if not fund.stages:
        reasons.append(Reason(True, _("Invests in every stage.")))
    elif startup.stage in fund.stages:
        reasons.append(Reason(True, _("Invests in the stage %(stage)s.") % {"stage": stage}))
    else:
        reasons.append(
            Reason(
                False,
                _("Invests only in: %(stages)s; the start-up is at %(stage)s.")
                % {"stages": _stage_names(fund.stages), "stage": stage},
            )
        )
    ticket = {"min": euros(fund.ticket_min), "max": euros(fund.ticket_max)}
    if capital is None:
        reasons.append(Reason(None, _("Tickets from %(min)s to %(max)s.") % ticket))
    elif fund.ticket_min <= capital <= fund.ticket_max:
        reasons.append(
            Reason(
                True,
                _("%(capital)s sought lies within its tickets of %(min)s to %(max)s.")
                % (ticket | {"capital": euros(capital)}),
            )
        )
    else:
        reasons.append(
            Reason(
                False,
                _("%(capital)s sought lies outside its tickets of %(min)s to %(max)s.")
                % (ticket | {"capital": euros(capital)}),
            )
        )
    districts = {d.pk: d.name for d in fund.districts.all()}
    if districts:
        where = startup.organisation.district
        names = ", ".join(sorted(districts.values()))
        if where is not None and where.pk in districts:
            reasons.append(Reason(True, _("Invests in %(district)s.") % {"district": where.name}))
        else:
            reasons.append(
                Reason(
                    False,
                    _("Invests only in: %(districts)s; the start-up is based in %(place)s.")
                    % {
                        "districts": names,
                        "place": where.name if where else _("an unknown district"),
                    },
                )
            )
    else:
        reasons.append(Reason(True, _("Invests anywhere in Germany.")))
    fund_networks = {n.pk: n.name for n in fund.networks.all()}
    if fund_networks:
        shared = sorted(name for pk, name in fund_networks.items() if pk in networks)
        if shared:
            reasons.append(
                Reason(True, _("For members of %(networks)s.") % {"networks": ", ".join(shared)})
            )
        else:
            reasons.append(
                Reason(
                    False,
                    _("Only for members of %(networks)s.")
                    % {"networks": ", ".join(sorted(fund_networks.values()))},
                )
            )
    fund_codes = [c.code for c in fund.industry_codes.all()]
    if fund_codes:
        startup_codes = _codes(startup)
        overlap = _industry_overlap(startup_codes, fund_codes)
        titles = {c.code: c.title_de for c in fund.industry_codes.all()}
        if overlap:
            reasons.append(
                Reason(
                    True,
                    _("Invests in the industry %(industry)s.")
                    % {"industry": "; ".join(f"{c} {titles[c]}" for c in overlap)},
                )
            )
        else:
            reasons.append(
                Reason(
                    False,
                    _("Invests only in the industries %(industries)s.")
                    % {"industries": "; ".join(f"{c} {titles[c]}" for c in fund_codes)},
                )
            )
    else:
        reasons.append(Reason(True, _("Open to every industry.")))
    if Seeking.CAPITAL not in startup.seeking:
        reasons.append(Reason(False, _("The start-up is not looking for capital at present.")))
    return reasons


# --- text fit through the engine ---------------------------------------------------------


@dataclass(frozen=True)
class TextFit:
    score: float
    label: str
    shared_terms: tuple[str, ...]


# the indexes of the last few candidate sets (funds; start-ups as one viewer sees them)
_CACHED_INDEXES = 16
_cache_lock = threading.Lock()
_index_cache: OrderedDict[Any, MatchingIndex] = OrderedDict()


def text_fit(
    text: str, candidates: dict[int, tuple[str, tuple[tuple[str, str], ...]]]
) -> dict[int, TextFit]:
    """Compare ``text`` with each candidate's texts (id -> name and fields) in the engine.

    The index of a set of candidates is kept per process while their texts stay the same;
    a repeated search embeds only the asking text.
    """
    candidates = {pk: v for pk, v in candidates.items() if any(t.strip() for _n, t in v[1])}
    if not text.strip() or not candidates:
        return {}
    key = tuple(sorted((pk, name, fields) for pk, (name, fields) in candidates.items()))
    try:
        with _cache_lock:
            index = _index_cache.get(key)
            if index is None:
                profiles = [
                    Profile(id=pk, name=name, fields=fields)
                    for pk, (name, fields) in candidates.items()
                ]
                index = MatchingIndex.build(profiles, embedder=get_embedder())
                _index_cache[key] = index
                while len(_index_cache) > _CACHED_INDEXES:
                    _index_cache.popitem(last=False)
            else:
                _index_cache.move_to_end(key)
        found = index.search(Query(text=text, nearness=0.0, limit=len(candidates), cutoff=False))
    except ValueError:  # a text without words: nothing to compare
        return {}
    return {
        m.profile_id: TextFit(
            score=m.score, label=fit_label(m.fit), shared_terms=m.explanation.shared_terms[:6]
        )
        for m in found
    }


def _text_reason(fit: TextFit | None, what: str) -> Reason | None:
    if fit is None or not (fit.shared_terms or fit.label):
        return None
    parts = []
    if fit.label:
        parts.append(_("In content: %(fit)s.") % {"fit": fit.label})
    if fit.shared_terms:
        parts.append(
            _("Both speak of %(terms)s (%(what)s).")
            % {"terms": ", ".join(fit.shared_terms), "what": what}
        )
    return Reason(True, " ".join(parts))


def _startup_text(startup: StartupProfile, released: dict[str, Any], org_visible: bool) -> str:
    parts = [str(released.get("pitch") or "")]
    if org_visible:
        org = startup.organisation
        parts += [org.description, org.competences]
    return "\n".join(p for p in parts if p)


# --- both directions -----------------------------------------------------------------------


def funds_for(startup: StartupProfile, user: Any) -> tuple[list[FundMatch], list[FundMatch]]:
    """The funds that fit the start-up (best first) and those that do not, with reasons.

    Asked by the start-up's own users or its managers: they know its capital and pitch.
    """
    networks = Viewer(user).networks_of(startup.organisation)
    funds = list(visible_funds(user).prefetch_related("districts", "networks", "industry_codes"))
    matches = [
        FundMatch(
            fund=fund,
            reasons=rules(startup, fund, capital=startup.capital_sought, networks=networks),
        )
        for fund in funds
    ]
    fitting = [m for m in matches if m.fits]
    texts = text_fit(
        _startup_text(startup, {"pitch": startup.pitch}, True),
        {m.fund.pk: (m.fund.name, (("focus", m.fund.focus),)) for m in fitting if m.fund},
    )
    for m in fitting:
        assert m.fund is not None
        fit = texts.get(m.fund.pk)
        reason = _text_reason(fit, _("pitch and investment focus"))
        if reason:
            m.reasons.append(reason)
        m.score = fit.score if fit else 0.0
        m.text_fit = fit.label if fit else ""
    fitting.sort(key=lambda m: (-m.score, m.fund.name if m.fund else ""))
    others = sorted((m for m in matches if not m.fits), key=lambda m: m.fund.name if m.fund else "")
    return fitting, others


def startups_for(fund: InvestorProfile, user: Any) -> tuple[list[StartupMatch], int]:
    """The start-ups that fit the fund, each with only what it released to this user.

    Returns the fitting start-ups (best first) and how many listed start-ups do not fit.
    The rules use the capital sought only where the start-up released it to the user; an
    unreleased amount is not used against it either.
    """
    viewer = StartupViewer(user)
    base = Viewer(user)
    visible_orgs: set[int] | None = None
    if not base.is_admin:
        from nahwerk.accounts.permissions import visible_organisations

        visible_orgs = set(visible_organisations(user).values_list("pk", flat=True))
    startups = (
        StartupProfile.objects.filter(listed_for_investors=True)
        .select_related("organisation__district")
        .prefetch_related("industry_codes", "organisation__industry_codes")
    )
    matches: list[StartupMatch] = []
    for startup in startups:
        released = viewer.released(startup)
        networks = base.networks_of(startup.organisation)
        matches.append(
            StartupMatch(
                startup=startup,
                released=released,
                reasons=rules(
                    startup, fund, capital=released.get("capital_sought"), networks=networks
                ),
            )
        )
    fitting = [m for m in matches if m.fits]

    def org_visible(m: StartupMatch) -> bool:
        return visible_orgs is None or (
            m.startup is not None and m.startup.organisation_id in visible_orgs
        )

    texts = text_fit(
        fund.focus,
        {
            m.startup.pk: (
                m.startup.organisation.name,
                (("pitch", _startup_text(m.startup, m.released, org_visible(m))),),
            )
            for m in fitting
            if m.startup
        },
    )
    for m in fitting:
        assert m.startup is not None
        fit = texts.get(m.startup.pk)
        reason = _text_reason(fit, _("investment focus and what the start-up shows"))
        if reason:
            m.reasons.append(reason)
        m.score = fit.score if fit else 0.0
        m.text_fit = fit.label if fit else ""
    fitting.sort(key=lambda m: (-m.score, m.startup.organisation.name if m.startup else ""))
    return fitting, len(matches) - len(fitting)
