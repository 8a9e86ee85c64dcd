"""Regional statistics of districts and networks: the database adapted to the engine.

The official figures (``EmploymentFigure``) go into ``nahwerk_engine.regional``, which
computes shares, location quotients, changes and stars; beside them the platform's own
counts (members by WZ division, EU projects per district) and the white spots.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import get_language

from nahwerk.accounts.permissions import visible_organisations
from nahwerk.directory.models import Organisation
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Network
from nahwerk.projects.choices import ParticipantType
from nahwerk.projects.models import Participation
from nahwerk.reference.models import District, IndustryCode
from nahwerk.regional.choices import AreaLevel, Sector
from nahwerk.regional.models import EmploymentFigure, EmploymentRelease
from nahwerk_engine.regional import (
    GERMANY,
    LEAF_SECTORS,
    SECTORS,
    Candidate,
    EmploymentTable,
    Figure,
    MemberFocus,
    Region,
    SectorStats,
    Thresholds,
    WhiteSpot,
    WhiteSpotRules,
    region_stats,
    sector_for_section,
    star_thresholds,
    white_spots,
)

# Organisations known only from CORDIS carry no WZ code; their activity type says enough
# for the table's broad sectors: universities teach (P, in O-Q), research organisations do
# research and development (M 72, in M-N), public bodies administer (O, in O-Q).
SECTOR_BY_PARTICIPANT_TYPE: dict[str, str] = {
    ParticipantType.HES: "O-Q",
    ParticipantType.REC: "M-N",
    ParticipantType.PUB: "O-Q",
}

# Cached per process and per data version: the version is the imported years with their
# files' checksums and import times, read with every request (one query of six rows), so a
# new import in any process is seen by all of them at their next request.
_cache_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], EmploymentTable] | None = None
_thresholds: dict[tuple[tuple[Any, ...], int], tuple[list[str], dict[str, Thresholds]]] = {}
_profiles: OrderedDict[tuple[Any, ...], RegionProfile] = OrderedDict()
PROFILES_KEPT = 256


def _signature() -> tuple[Any, ...]:
    return tuple(
        EmploymentRelease.objects.order_by("year").values_list("year", "sha256", "imported_at")
    )


def employment_table(signature: tuple[Any, ...] | None = None) -> EmploymentTable:
    """All years of Germany and its districts, read once per import (cached per process)."""
    global _cached
    signature = _signature() if signature is None else signature
    with _cache_lock:
        if _cached is not None and _cached[0] == signature:
            return _cached[1]
    rows = EmploymentFigure.objects.filter(
        Q(level=AreaLevel.DISTRICT) | Q(level=AreaLevel.COUNTRY)
    ).values_list("area_code", "year", "sector", "employees_total", "flag_total")
    table = EmploymentTable(Figure(a, y, s, e, f) for a, y, s, e, f in rows.iterator(2000))
    with _cache_lock:
        _cached = (signature, table)
        # what was computed from the previous data is of no use any more
        _thresholds.clear()
        _profiles.clear()
    return table


def forget_cached() -> None:
    """Drop this process's cached figures (benchmarks: the first request after an import)."""
    global _cached
    with _cache_lock:
        _cached = None
        _thresholds.clear()
        _profiles.clear()


def _year_thresholds(
    signature: tuple[Any, ...], table: EmploymentTable, year: int
) -> tuple[list[str], dict[str, Thresholds]]:
    """All districts of ``year`` and the star thresholds ranked over them (cached)."""
    key = (signature, year)
    with _cache_lock:
        found = _thresholds.get(key)
    if found is None:
        districts = sorted(table.areas(year) - {GERMANY})
        found = (districts, star_thresholds(table, year, districts))
        with _cache_lock:
            _thresholds[key] = found
    return found


def available_years() -> list[int]:
    return list(EmploymentRelease.objects.order_by("year").values_list("year", flat=True))


def data_version() -> tuple[Any, ...]:
    """What the figures are computed from: the imported years, their files and import times."""
    return _signature()


def network_region(network: Network) -> Region:
    districts = tuple(sorted(network.districts.values_list("ags", flat=True)))
    return Region(code=network.slug, name=str(network), districts=districts)


def district_region(district: District) -> Region:
    return Region(code=district.ags, name=district.name, districts=(district.ags,))


@dataclass
class SectorRow:
    """One sector of a profile, with its label, for the pages and the API."""

    sector: str
    label: str
    stats: SectorStats
    is_leaf: bool
    districts: list[tuple[District, SectorStats]] = field(default_factory=list)


@dataclass
class RegionProfile:
    """A region's official figures in one year, per sector, with each district's figures."""

    region: Region
    year: int | None
    years: list[int]
    rows: list[SectorRow]
    districts: list[District]

    @property
    def total(self) -> SectorStats | None:
        for row in self.rows:
            if row.sector == Sector.TOTAL:
                return row.stats
        return None

    def row(self, sector: str) -> SectorRow | None:
        return next((row for row in self.rows if row.sector == sector), None)

    @property
    def chart_rows(self) -> list[SectorRow]:
        return [row for row in self.rows if row.is_leaf]


def region_profile(region: Region, year: int | None = None) -> RegionProfile:
    """Every sector of ``region`` in ``year`` (default: the latest year imported).

    Computed once per data version, region, year and language, then served from this
    process's cache (the result is shared: do not change it).
    """
    signature = _signature()
    key = (signature, region, year, get_language())
    with _cache_lock:
        cached = _profiles.get(key)
        if cached is not None:
            _profiles.move_to_end(key)
            return cached
    profile = _compute_profile(signature, region, year)
    with _cache_lock:
        _profiles[key] = profile
        while len(_profiles) > PROFILES_KEPT:
            _profiles.popitem(last=False)
    return profile


def _compute_profile(signature: tuple[Any, ...], region: Region, year: int | None) -> RegionProfile:
    years = [y for y, _sha, _at in signature]
    districts = list(District.objects.filter(ags__in=region.districts).defer("boundary"))
    if not years:
        return RegionProfile(region, None, [], [], districts)
    chosen: int = year if year is not None and year in years else years[-1]
    table = employment_table(signature)
    all_districts, thresholds = _year_thresholds(signature, table, chosen)
    stats = region_stats(table, region, chosen, all_districts, thresholds=thresholds)
    per_district = {
        d.ags: region_stats(table, district_region(d), chosen, all_districts, thresholds=thresholds)
        for d in districts
    }
    labels = dict(Sector.choices)
    rows = [
        SectorRow(
            sector=sector,
            label=str(labels[sector]),
            stats=stats[sector],
            is_leaf=sector in LEAF_SECTORS,
            districts=[(d, per_district[d.ags][sector]) for d in districts]
            if len(districts) > 1
            else [],
        )
        for sector in SECTORS
    ]
    return RegionProfile(region, chosen, years, rows, districts)


# --- The platform's own counts -----------------------------------------------------------


@dataclass(frozen=True)
class DivisionCount:
    code: str
    title: str
    organisations: int
    employees: int
    without_employees: int


@dataclass(frozen=True)
class DistrictProjects:
    district: District
    participations: int
    projects: int
    organisations: int
    eu_funding: Decimal


def _active_members(network: Network) -> Any:
    return Organisation.objects.filter(
        memberships__network=network, memberships__status=MembershipStatus.ACTIVE
    )


def members_by_division(network: Network) -> list[DivisionCount]:
    """Active member organisations and their employees per WZ 2008 division (2 digits).

    An organisation with codes in two divisions counts in both; its employees too.
    """
    organisations: dict[str, set[int]] = defaultdict(set)
    employees: dict[int, int | None] = {}
    links = _active_members(network).values_list("pk", "employees", "industry_codes__code")
    for pk, count, code in links:
        employees[pk] = count
        if code and code[:2].isdigit():
            organisations[code[:2]].add(pk)
    titles = dict(
        IndustryCode.objects.filter(code__in=organisations, level=2).values_list("code", "title_de")
    )
    english = dict(
        IndustryCode.objects.filter(code__in=organisations, level=2).values_list("code", "title_en")
    )
    use_english = (get_language() or "de").startswith("en")
    result = [
        DivisionCount(
            code=code,
            title=(english.get(code) if use_english else None) or titles.get(code, code),
            organisations=len(pks),
            employees=sum(employees[pk] or 0 for pk in pks),
            without_employees=sum(1 for pk in pks if employees[pk] is None),
        )
        for code, pks in organisations.items()
    ]
    result.sort(key=lambda d: (-d.organisations, d.code))
    return result


def projects_by_district(region: Region) -> list[DistrictProjects]:
    """EU project participations (CORDIS) of organisations located in each district."""
    rows = (
        Participation.objects.filter(organisation__district_id__in=region.districts)
        .values("organisation__district_id")
        .annotate(
            participations=Count("pk"),
            projects=Count("project", distinct=True),
            organisations=Count("organisation", distinct=True),
            funding=Sum("eu_contribution"),
        )
    )
    by_ags = {row["organisation__district_id"]: row for row in rows}
    result = []
    for district in District.objects.filter(ags__in=region.districts).defer("boundary"):
        row: dict[str, Any] = dict(by_ags.get(district.ags, {}))
        result.append(
            DistrictProjects(
                district=district,
                participations=row.get("participations", 0),
                projects=row.get("projects", 0),
                organisations=row.get("organisations", 0),
                eu_funding=row.get("funding") or Decimal(0),
            )
        )
    return result


# --- White spots -------------------------------------------------------------------------


@dataclass
class WhiteSpotReport:
    network: Network
    profile: RegionProfile
    spots: list[WhiteSpot]
    focus: list[MemberFocus]
    members_by_sector: dict[str, int]
    members_with_sector: int
    members_without_sector: int
    rules: WhiteSpotRules
    organisations: dict[int, Organisation]


def _sectors_of(codes: set[str], participant_types: set[str]) -> frozenset[str]:
    sectors = {s for s in (sector_for_section(code) for code in codes) if s}
    if not sectors:
        sectors = {
            SECTOR_BY_PARTICIPANT_TYPE[t]
            for t in participant_types
            if t in SECTOR_BY_PARTICIPANT_TYPE
        }
    return frozenset(sectors)


def white_spot_report(
    network: Network, user: Any, year: int | None = None, rules: WhiteSpotRules | None = None
) -> WhiteSpotReport:
    """The network's white spots with the organisations to approach (those ``user`` may see)."""
    rules = rules or WhiteSpotRules()
    region = network_region(network)
    profile = region_profile(region, year)
    stats = {row.sector: row.stats for row in profile.rows}

    member_ids = set(_active_members(network).values_list("pk", flat=True))
    sections: dict[int, set[str]] = defaultdict(set)
    for pk, section in IndustryCode.objects.filter(organisations__in=member_ids).values_list(
        "organisations", "section"
    ):
        sections[pk].add(section)
    types: dict[int, set[str]] = defaultdict(set)
    for pk, kind in Participation.objects.filter(organisation__in=member_ids).values_list(
        "organisation", "participant_type"
    ):
        types[pk].add(kind)
    members_by_sector: Counter[str] = Counter()
    with_sector = 0
    for pk in member_ids:
        member_sectors = _sectors_of(sections.get(pk, set()), types.get(pk, set()))
        if member_sectors:
            with_sector += 1
        members_by_sector.update(member_sectors)

    candidates_qs = (
        visible_organisations(user)
        .filter(district_id__in=region.districts)
        .exclude(pk__in=member_ids)
        .distinct()
    )
    organisations = {
        o.pk: o for o in candidates_qs.select_related("district").defer("district__boundary")
    }
    candidate_sections: dict[int, set[str]] = defaultdict(set)
    for pk, section in IndustryCode.objects.filter(organisations__in=organisations).values_list(
        "organisations", "section"
    ):
        candidate_sections[pk].add(section)
    participation: dict[int, dict[str, Any]] = {
        row["organisation"]: dict(row)
        for row in Participation.objects.filter(organisation__in=organisations)
        .values("organisation")
        .annotate(n=Count("pk"), funding=Sum("eu_contribution"))
    }
    candidate_types: dict[int, set[str]] = defaultdict(set)
    for pk, kind in Participation.objects.filter(organisation__in=organisations).values_list(
        "organisation", "participant_type"
    ):
        candidate_types[pk].add(kind)
    member_projects = Participation.objects.filter(organisation__in=member_ids).values("project")
    joint = dict(
        Participation.objects.filter(organisation__in=organisations, project__in=member_projects)
        .values("organisation")
        .annotate(n=Count("project", distinct=True))
        .values_list("organisation", "n")
    )
    history_only = set(
        Organisation.objects.history_only()
        .filter(pk__in=organisations)
        .values_list("pk", flat=True)
    )
    candidates = [
        Candidate(
            key=pk,
            name=org.name,
            sectors=_sectors_of(candidate_sections.get(pk, set()), candidate_types.get(pk, set())),
            district=org.district_id or "",
            employees=org.employees,
            participations=participation.get(pk, {}).get("n", 0),
            eu_funding=float(participation.get(pk, {}).get("funding") or 0),
            joint_projects_with_members=joint.get(pk, 0),
            from_history=pk in history_only,
        )
        for pk, org in organisations.items()
    ]
    spots, focus = white_spots(stats, dict(members_by_sector), with_sector, candidates, rules=rules)
    return WhiteSpotReport(
        network=network,
        profile=profile,
        spots=spots,
        focus=focus,
        members_by_sector=dict(members_by_sector),
        members_with_sector=with_sector,
        members_without_sector=len(member_ids) - with_sector,
        rules=rules,
        organisations=organisations,
    )


def networks_with_regions() -> list[Network]:
    return list(
        Network.objects.annotate(
            district_count=Count("districts", distinct=True),
            member_count=Count(
                "memberships",
                filter=Q(memberships__status=MembershipStatus.ACTIVE),
                distinct=True,
            ),
        ).order_by("name")
    )
