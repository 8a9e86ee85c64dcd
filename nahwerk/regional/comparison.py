"""Networks and districts side by side: regions, sector profiles, members, overlap, activity.

The comparison the Emscher-Lippe network needed for its visit to hannoverimpuls. Every
figure here is an aggregate (counts, sums, quotients), fit for the public; which members
two networks share is named only to someone who manages both (``Overlap.members``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import managed_network_ids
from nahwerk.brokering.models import Need
from nahwerk.directory.choices import OrganisationKind, SizeBand
from nahwerk.directory.models import Organisation
from nahwerk.events.models import Event, Meeting
from nahwerk.networks.choices import MembershipStatus, ServiceKind
from nahwerk.networks.models import Network
from nahwerk.projects.models import Project
from nahwerk.reference.models import District, IndustryCode
from nahwerk.regional import services
from nahwerk.regional.choices import SECTOR_SHORT_LABELS, Sector
from nahwerk_engine.regional import LEAF_SECTORS

__all__ = [
    "MAX_SUBJECTS",
    "MIN_SUBJECTS",
    "Comparison",
    "InvalidChoice",
    "Overlap",
    "Subject",
    "compare",
    "validate_choice",
]

MIN_SUBJECTS = 2
MAX_SUBJECTS = 4


class InvalidChoice(ValueError):
    """A choice of networks and districts that cannot be compared; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def validate_choice(
    network_slugs: list[str], district_keys: list[str]
) -> tuple[list[Network], list[District]]:
    """The networks and districts asked for, in the order given; 2 to 4 of them together.

    Raises ``InvalidChoice`` naming the value that is unknown, repeated, or the count.
    """
    slugs = [s.strip() for s in network_slugs if s.strip()]
    keys = [k.strip() for k in district_keys if k.strip()]
    twice = {
        "network": _("The network “%(value)s” is chosen twice."),
        "district": _("The district “%(value)s” is chosen twice."),
    }
    for kind, values in (("network", slugs), ("district", keys)):
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise InvalidChoice(twice[kind] % {"value": value})
            seen.add(value)
    networks_by_slug = {n.slug: n for n in Network.objects.filter(slug__in=slugs)}
    for slug in slugs:
        if slug not in networks_by_slug:
            raise InvalidChoice(_("There is no network “%(value)s”.") % {"value": slug})
    districts_by_key = {d.ags: d for d in District.objects.filter(ags__in=keys).defer("boundary")}
    for key in keys:
        if key not in districts_by_key:
            raise InvalidChoice(
                _("There is no district with the key “%(value)s” (5 digits, e.g. 07143).")
                % {"value": key}
            )
    count = len(slugs) + len(keys)
    if not MIN_SUBJECTS <= count <= MAX_SUBJECTS:
        raise InvalidChoice(
            ngettext(
                "Choose from %(min)d to %(max)d networks or districts; %(count)d is chosen.",
                "Choose from %(min)d to %(max)d networks or districts; %(count)d are chosen.",
                count,
            )
            % {"min": MIN_SUBJECTS, "max": MAX_SUBJECTS, "count": count}
        )
    return [networks_by_slug[s] for s in slugs], [districts_by_key[k] for k in keys]


@dataclass
class Counted:
    """A count per category, with the categories' labels, in a fixed order."""

    label: str
    values: list[int | None]


@dataclass
class Subject:
    """One column of the comparison: a network's region, or a single district."""

    key: str
    name: str
    network: Network | None
    profile: services.RegionProfile
    population: int | None
    population_missing: list[str]
    # counts of the network's active members (a district: the directory's organisations there)
    organisations: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_size: Counter[str] = field(default_factory=Counter)
    by_section: Counter[str] = field(default_factory=Counter)
    without_section: int = 0
    services: list[str] = field(default_factory=list)
    focus_industries: list[str] = field(default_factory=list)
    focus_divisions: set[str] = field(default_factory=set)
    activity: dict[str, int] = field(default_factory=dict)
    member_ids: set[int] = field(default_factory=set)

    @property
    def is_network(self) -> bool:
        return self.network is not None

    @property
    def employees(self) -> int | None:
        total = self.profile.total
        return None if total is None else total.employees

    @property
    def employees_per_1000(self) -> float | None:
        if self.employees is None or not self.population:
            return None
        return self.employees / self.population * 1000


@dataclass
class Overlap:
    """What two subjects share. ``members`` is None unless the viewer manages both networks."""

    first: Subject
    second: Subject
    districts: list[District]
    shared_members: int | None  # None: not both networks
    members: list[Organisation] | None
    focus_divisions: list[tuple[str, str]]  # (code, title)


@dataclass
class Comparison:
    subjects: list[Subject]
    year: int | None
    years: list[int]
    sector_rows: list[tuple[str, str, list[Any]]]  # (sector, label, [SectorStats per subject])
    kind_rows: list[Counted]
    size_rows: list[Counted]
    section_rows: list[Counted]
    service_rows: list[tuple[str, list[bool | None]]]
    activity_rows: list[Counted]
    overlaps: list[Overlap]

    @property
    def names_hidden(self) -> bool:
        """Two networks share members that the viewer may not see by name."""
        return any(o.shared_members and o.members is None for o in self.overlaps)

    def chart_data(self) -> dict[str, Any]:
        """The location quotients for Chart.js: one dataset per subject, sectors as labels."""
        return {
            "labels": [label for _sector, label, _stats in self.sector_rows],
            "datasets": [
                {
                    "label": subject.name,
                    "data": [stats[i].lq for _s, _l, stats in self.sector_rows],
                }
                for i, subject in enumerate(self.subjects)
            ],
            "reference": 1.0,
        }


ACTIVITY_LABELS = {
    "needs": gettext_lazy("Needs posted"),
    "projects": gettext_lazy("Projects on the platform"),
    "events": gettext_lazy("Events published"),
    "meetings": gettext_lazy("B2B meetings scheduled"),
}


def _active_memberships(network_ids: list[int]) -> dict[int, set[int]]:
    members: dict[int, set[int]] = defaultdict(set)
    for network_id, organisation_id in Organisation.objects.filter(
        memberships__network__in=network_ids, memberships__status=MembershipStatus.ACTIVE
    ).values_list("memberships__network", "pk"):
        members[network_id].add(organisation_id)
    return members


def _describe_organisations(subject: Subject, organisation_ids: set[int]) -> None:
    subject.organisations = len(organisation_ids)
    rows = Organisation.objects.filter(pk__in=organisation_ids).values_list("kind", "size_band")
    for kind, size in rows:
        subject.by_kind[kind] += 1
        subject.by_size[size or ""] += 1
    sections: dict[int, set[str]] = defaultdict(set)
    for pk, section in IndustryCode.objects.filter(organisations__in=organisation_ids).values_list(
        "organisations", "section"
    ):
        sections[pk].add(section)
    for found in sections.values():
        subject.by_section.update(found)
    subject.without_section = len(organisation_ids) - len(sections)


def _population(districts: list[District]) -> tuple[int | None, list[str]]:
    missing = [d.name for d in districts if d.population is None]
    if missing or not districts:
        return None, missing
    return sum(d.population or 0 for d in districts), []


def _network_activity(network: Network) -> dict[str, int]:
    return {
        "needs": Need.objects.filter(network=network).count(),
        "projects": Project.objects.filter(networks=network).count(),
        "events": Event.objects.filter(organiser=network, published=True).count(),
        "meetings": Meeting.objects.filter(event__organiser=network).count(),
    }


def _focus(network: Network) -> tuple[list[str], set[str]]:
    labels = []
    divisions: set[str] = set()
    for focus in network.focus_industries.prefetch_related("industry_codes"):
        labels.append(focus.label)
        divisions.update(c.code[:2] for c in focus.industry_codes.all() if c.code[:2].isdigit())
    return labels, divisions


def compare(
    networks: list[Network],
    districts: list[District],
    *,
    user: Any,
    year: int | None = None,
) -> Comparison:
    """The comparison of ``networks`` and ``districts`` (validated by ``validate_choice``)."""
    subjects: list[Subject] = []
    members = _active_memberships([n.pk for n in networks])
    for network in networks:
        profile = services.region_profile(services.network_region(network), year)
        population, missing = _population(profile.districts)
        subject = Subject(
            key=network.slug,
            name=network.short_name or network.name,
            network=network,
            profile=profile,
            population=population,
            population_missing=missing,
        )
        subject.member_ids = members.get(network.pk, set())
        _describe_organisations(subject, subject.member_ids)
        subject.services = list(network.services.values_list("kind", flat=True))
        subject.focus_industries, subject.focus_divisions = _focus(network)
        subject.activity = _network_activity(network)
        subjects.append(subject)
    for district in districts:
        profile = services.region_profile(services.district_region(district), year)
        population, missing = _population([district])
        subject = Subject(
            key=district.ags,
            name=district.name,
            network=None,
            profile=profile,
            population=population,
            population_missing=missing,
        )
        # the directory's organisations located there (not those known only from CORDIS)
        located = set(
            Organisation.objects.listed().filter(district=district).values_list("pk", flat=True)
        )
        _describe_organisations(subject, located)
        subjects.append(subject)

    first = subjects[0].profile
    labels = dict(Sector.choices)
    sector_rows = []
    for sector in LEAF_SECTORS:
        stats = [s.profile.row(sector) for s in subjects]
        if any(row is None for row in stats):
            continue
        short = SECTOR_SHORT_LABELS.get(Sector(sector), labels[sector])
        sector_rows.append((sector, str(short), [row.stats for row in stats if row is not None]))

    def counted(choices: list[tuple[str, Any]], attribute: str) -> list[Counted]:
        rows = []
        for value, label in choices:
            values = [getattr(s, attribute)[value] for s in subjects]
            if any(values):
                rows.append(Counted(str(label), values))
        return rows

    sections = list(
        IndustryCode.objects.filter(level=1)
        .order_by("code")
        .values_list("code", "title_de", "title_en")
    )
    english = (get_language() or "de").startswith("en")
    section_choices = [(c, f"{c} {(en if english and en else de)}") for c, de, en in sections]
    size_choices = [*SizeBand.choices, ("", _("Size not known"))]
    networks_chosen = any(s.is_network for s in subjects)
    activity_rows = (
        [
            Counted(str(label), [s.activity.get(key) if s.is_network else None for s in subjects])
            for key, label in ACTIVITY_LABELS.items()
        ]
        if networks_chosen
        else []
    )
    service_rows = [
        (str(label), [value in s.services if s.is_network else None for s in subjects])
        for value, label in ServiceKind.choices
        if any(value in s.services for s in subjects)
    ]
    return Comparison(
        subjects=subjects,
        year=first.year,
        years=first.years,
        sector_rows=sector_rows,
        kind_rows=counted(list(OrganisationKind.choices), "by_kind"),
        size_rows=counted(size_choices, "by_size"),
        section_rows=counted(section_choices, "by_section"),
        service_rows=service_rows,
        activity_rows=activity_rows,
        overlaps=_overlaps(subjects, user),
    )


def _overlaps(subjects: list[Subject], user: Any) -> list[Overlap]:
    managed = managed_network_ids(user)
    titles = dict(IndustryCode.objects.filter(level=2).values_list("code", "title_de"))
    if (get_language() or "de").startswith("en"):
        titles |= {
            code: title
            for code, title in IndustryCode.objects.filter(level=2).values_list("code", "title_en")
            if title
        }
    result = []
    for first, second in combinations(subjects, 2):
        shared_districts = [
            d for d in first.profile.districts if d.ags in set(second.profile.region.districts)
        ]
        both_networks = first.network is not None and second.network is not None
        shared_ids = first.member_ids & second.member_ids if both_networks else set()
        may_name = (
            both_networks
            and first.network is not None
            and second.network is not None
            and {first.network.pk, second.network.pk} <= managed
        )
        result.append(
            Overlap(
                first=first,
                second=second,
                districts=shared_districts,
                shared_members=len(shared_ids) if both_networks else None,
                members=list(Organisation.objects.filter(pk__in=shared_ids).order_by("name"))
                if may_name
                else None,
                focus_divisions=[
                    (code, titles.get(code, code))
                    for code in sorted(first.focus_divisions & second.focus_divisions)
                ],
            )
        )
    return result


def networks_for_choice() -> list[Network]:
    return list(
        Network.objects.annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE), distinct=True
            )
        ).order_by("name")
    )
