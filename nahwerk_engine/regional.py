"""Regional cluster statistics: shares, location quotients, changes, stars, white spots.

Pure Python, no Django: employment figures in (one per area, year and sector, with a flag
for values the statistics offices did not publish), results out. The method, with its
formulas and sources, is written down in ``docs/analytics.md``.

A value that is not a number — "." (suppressed for secrecy) or "-" (nothing / the area did
not exist) — is never read as 0. A sum over several districts with such a part is unknown
(``employees is None``); it carries the sum of its known parts as a lower bound
(``at_least``) and the districts that are missing. Every figure derived from an unknown
value (share, location quotient, change, star) is unknown too (``None``), never 0 or False.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "GERMANY",
    "LEAF_SECTORS",
    "SECTIONS_TO_SECTOR",
    "SECTORS",
    "TOTAL",
    "Amount",
    "Candidate",
    "EmploymentTable",
    "Figure",
    "MemberFocus",
    "Region",
    "SectorStats",
    "StarRules",
    "Stars",
    "WhiteSpot",
    "WhiteSpotRules",
    "change",
    "district_stats",
    "location_quotient",
    "rank_candidates",
    "region_stats",
    "sector_for_section",
    "star_thresholds",
    "white_spots",
]

GERMANY = "DG"
TOTAL = "TOTAL"
# The table's sectors in its order; B-F, B-E and G-U are sums of the ones after them.
SECTORS: tuple[str, ...] = (
    "A",
    "B-F",
    "B-E",
    "C",
    "F",
    "G-U",
    "G-I",
    "J",
    "K",
    "L",
    "M-N",
    "O-Q",
    "R-U",
    TOTAL,
)
# Sectors that do not contain another one of the table (C lies inside B-E: B-E's own
# part, mining, energy and water, is not published on its own).
LEAF_SECTORS: tuple[str, ...] = ("A", "C", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U")

# WZ 2008 / NACE Rev. 2 sections to the table's sectors. B, D and E only appear in B-E,
# together with C.
SECTIONS_TO_SECTOR: Mapping[str, str] = {
    "A": "A",
    "B": "B-E",
    "C": "C",
    "D": "B-E",
    "E": "B-E",
    "F": "F",
    "G": "G-I",
    "H": "G-I",
    "I": "G-I",
    "J": "J",
    "K": "K",
    "L": "L",
    "M": "M-N",
    "N": "M-N",
    "O": "O-Q",
    "P": "O-Q",
    "Q": "O-Q",
    "R": "R-U",
    "S": "R-U",
    "T": "R-U",
    "U": "R-U",
}


def sector_for_section(section: str) -> str | None:
    """The table's sector of a WZ 2008 section letter, or None for an unknown letter.

    >>> sector_for_section("C"), sector_for_section("H"), sector_for_section("Z")
    ('C', 'G-I', None)
    """
    return SECTIONS_TO_SECTOR.get(section.upper())


@dataclass(frozen=True)
class Figure:
    """Employees of one area, year and sector; ``employees`` is None when ``flag`` says why.

    ``flag`` is "" for a number, "." for a value suppressed for secrecy and "-" for
    nothing (no such employment, or the area did not exist that year).
    """

    area: str
    year: int
    sector: str
    employees: int | None
    flag: str = ""


@dataclass(frozen=True)
class Region:
    """A district, or a network's region: the union of its districts."""

    code: str
    name: str
    districts: tuple[str, ...]


@dataclass(frozen=True)
class Amount:
    """A sum of employees; ``employees`` is None when a part was not a number."""

    employees: int | None
    at_least: int
    missing: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.employees is not None


class EmploymentTable:
    """The figures of several years, looked up by area, year and sector."""

    def __init__(self, figures: Iterable[Figure]):
        self._figures: dict[tuple[str, int, str], Figure] = {}
        years: set[int] = set()
        for figure in figures:
            self._figures[(figure.area, figure.year, figure.sector)] = figure
            years.add(figure.year)
        self.years: tuple[int, ...] = tuple(sorted(years))

    def figure(self, area: str, year: int, sector: str) -> Figure | None:
        return self._figures.get((area, year, sector))

    def amount(self, areas: Sequence[str], year: int, sector: str) -> Amount:
        """The sum over ``areas``; unknown when one part is missing, suppressed or "-"."""
        total = 0
        missing: list[str] = []
        flags: list[str] = []
        for area in areas:
            figure = self._figures.get((area, year, sector))
            if figure is None or figure.employees is None:
                missing.append(area)
                flags.append(figure.flag if figure is not None else "")
            else:
                total += figure.employees
        if missing:
            return Amount(None, total, tuple(missing), tuple(flags))
        return Amount(total, total)

    def areas(self, year: int) -> set[str]:
        return {area for (area, y, _sector) in self._figures if y == year}


def location_quotient(
    employees: int, area_total: int, national: int, national_total: int
) -> float | None:
    """(e_rs / e_r) / (E_s / E): the sector's share in the area over its share in Germany.

    >>> round(location_quotient(20867, 69747, 6849696, 33322952), 4)
    1.4555
    """
    if area_total <= 0 or national <= 0 or national_total <= 0:
        return None
    return (employees / area_total) / (national / national_total)


@dataclass(frozen=True)
class Change:
    """Change of employees from ``from_year`` to ``to_year``; percent None from 0."""

    from_year: int
    to_year: int
    absolute: int
    percent: float | None


def change(series: Mapping[int, int | None]) -> Change | None:
    """From the first to the last year with a number; None with fewer than two.

    Years without a number are skipped, so a suppressed first year moves the base to
    the next year with a value (the result says which years it compares).

    >>> change({2015: 100, 2016: None, 2020: 110})
    Change(from_year=2015, to_year=2020, absolute=10, percent=10.0)
    """
    known = sorted((year, value) for year, value in series.items() if value is not None)
    if len(known) < 2:
        return None
    (first_year, first), (last_year, last) = known[0], known[-1]
    assert first is not None and last is not None
    percent = (last - first) / first * 100 if first else None
    return Change(first_year, last_year, last - first, percent)


@dataclass(frozen=True)
class StarRules:
    """Thresholds of the three stars (European Cluster Observatory, adapted).

    Size and focus: in the top ``top_share`` (10 %) of the districts of Germany for the
    sector and year; specialisation: location quotient at least ``min_lq`` (2.0).
    """

    top_share: float = 0.10
    min_lq: float = 2.0


@dataclass(frozen=True)
class Stars:
    """The three stars; each None when the figure it rests on is unknown."""

    size: bool | None
    specialisation: bool | None
    focus: bool | None

    @property
    def count(self) -> int:
        return sum(1 for star in (self.size, self.specialisation, self.focus) if star)


@dataclass(frozen=True)
class Thresholds:
    """The size and focus thresholds of one sector and year, from the districts."""

    national_share: float
    area_share: float
    districts: int


@dataclass(frozen=True)
class SectorStats:
    """One sector of one area (district or network region) in one year."""

    sector: str
    year: int
    employees: int | None
    at_least: int
    missing: tuple[str, ...]
    area_total: int | None
    share: float | None  # of the area's employees
    national_share: float | None  # of Germany's employees in the sector
    lq: float | None
    change: Change | None
    stars: Stars
    series: Mapping[int, int | None] = field(default_factory=dict)


def _top_value(values: list[float], top_share: float) -> float:
    """The smallest value still in the top ``top_share`` of ``values``."""
    ordered = sorted(values, reverse=True)
    return ordered[max(1, math.ceil(len(ordered) * top_share)) - 1]


def star_thresholds(
    table: EmploymentTable,
    year: int,
    districts: Iterable[str],
    sectors: Sequence[str] = SECTORS,
    rules: StarRules = StarRules(),
) -> dict[str, Thresholds]:
    """Per sector, the national share and area share a district needs to be in the top 10 %.

    Districts whose figure is not a number are left out of the ranking.
    """
    districts = list(districts)
    thresholds: dict[str, Thresholds] = {}
    national_totals = {sector: table.figure(GERMANY, year, sector) for sector in sectors}
    for sector in sectors:
        national = national_totals[sector]
        if national is None or not national.employees:
            continue
        shares: list[float] = []
        focus: list[float] = []
        for district in districts:
            figure = table.figure(district, year, sector)
            total = table.figure(district, year, TOTAL)
            if figure is None or figure.employees is None:
                continue
            shares.append(figure.employees / national.employees)
            if total is not None and total.employees:
                focus.append(figure.employees / total.employees)
        if shares and focus:
            thresholds[sector] = Thresholds(
                national_share=_top_value(shares, rules.top_share),
                area_share=_top_value(focus, rules.top_share),
                districts=len(shares),
            )
    return thresholds


def _stats_for(
    table: EmploymentTable,
    areas: Sequence[str],
    year: int,
    sector: str,
    thresholds: Mapping[str, Thresholds],
    rules: StarRules,
    full_series: Mapping[int, int | None] | None = None,
) -> SectorStats:
    amount = table.amount(areas, year, sector)
    area_total = table.amount(areas, year, TOTAL).employees
    national = table.figure(GERMANY, year, sector)
    national_total = table.figure(GERMANY, year, TOTAL)
    share = national_share = lq = None
    if amount.employees is not None:
        if area_total:
            share = amount.employees / area_total
        if national is not None and national.employees:
            national_share = amount.employees / national.employees
        if (
            area_total
            and national is not None
            and national.employees
            and national_total is not None
            and national_total.employees
        ):
            lq = location_quotient(
                amount.employees, area_total, national.employees, national_total.employees
            )
    limit = thresholds.get(sector)
    stars = Stars(
        size=None
        if national_share is None or limit is None
        else national_share >= limit.national_share,
        specialisation=None if lq is None else lq >= rules.min_lq,
        focus=None if share is None or limit is None else share >= limit.area_share,
    )
    if full_series is None:
        full_series = {y: table.amount(areas, y, sector).employees for y in table.years}
    series = {y: value for y, value in full_series.items() if y <= year}
    return SectorStats(
        sector=sector,
        year=year,
        employees=amount.employees,
        at_least=amount.at_least,
        missing=amount.missing,
        area_total=area_total,
        share=share,
        national_share=national_share,
        lq=lq,
        change=change(series),
        stars=stars,
        series=series,
    )


def region_stats(
    table: EmploymentTable,
    region: Region,
    year: int,
    districts: Iterable[str],
    sectors: Sequence[str] = SECTORS,
    rules: StarRules = StarRules(),
    thresholds: Mapping[str, Thresholds] | None = None,
) -> dict[str, SectorStats]:
    """Every sector of a region (the sum over its districts) in ``year``.

    ``districts`` are all districts of Germany, against which the size and focus stars
    are ranked; the change runs from the first year in the table to ``year``.
    """
    if thresholds is None:
        thresholds = star_thresholds(table, year, districts, sectors, rules)
    return {
        sector: _stats_for(table, region.districts, year, sector, thresholds, rules)
        for sector in sectors
    }


def district_stats(
    table: EmploymentTable,
    districts: Sequence[str],
    years: Sequence[int] | None = None,
    sectors: Sequence[str] = SECTORS,
    rules: StarRules = StarRules(),
) -> dict[tuple[str, int], dict[str, SectorStats]]:
    """Every sector of every district in every year (``(district, year)`` → sector → stats).

    The same figures as ``region_stats`` of each district alone (a test holds them equal),
    computed on each district's series read once: a single district needs no sums, and
    its change over the years moves forward with the year instead of being sorted again.
    Linear in districts, years and sectors; the thresholds are computed once per year.
    """
    table_years = table.years
    result: dict[tuple[str, int], dict[str, SectorStats]] = {}
    sector_list = list(dict.fromkeys([*sectors, TOTAL]))
    # each district's series once, as a list aligned with the table's years
    values: dict[tuple[str, str], list[int | None]] = {}
    # per series: the index of its first number, and per year the index of the last number
    # up to that year (-1: none yet); the change runs between the two
    first_known: dict[tuple[str, str], int] = {}
    last_known: dict[tuple[str, str], list[int]] = {}
    for district in districts:
        for sector in sector_list:
            cells = [table.figure(district, y, sector) for y in table_years]
            series = [cell.employees if cell is not None else None for cell in cells]
            key = (district, sector)
            values[key] = series
            known = [i for i, v in enumerate(series) if v is not None]
            first_known[key] = known[0] if known else -1
            last, running = -1, []
            for i, v in enumerate(series):
                if v is not None:
                    last = i
                running.append(last)
            last_known[key] = running
    for year in years or table_years:
        index = table_years.index(year)
        shown_years = table_years[: index + 1]
        thresholds = star_thresholds(table, year, districts, sectors, rules)
        national_total_cell = table.figure(GERMANY, year, TOTAL)
        national_total = national_total_cell.employees if national_total_cell else None
        national = {}
        for sector in sectors:
            cell = table.figure(GERMANY, year, sector)
            national[sector] = cell.employees if cell is not None else None
        for district in districts:
            area_total = values[(district, TOTAL)][index]
            by_sector: dict[str, SectorStats] = {}
            for sector in sectors:
                key = (district, sector)
                series_values = values[key]
                employees = series_values[index]
                share = national_share = lq = None
                national_employees = national[sector]
                if employees is not None:
                    if area_total:
                        share = employees / area_total
                    if national_employees:
                        national_share = employees / national_employees
                    if area_total and national_employees and national_total:
                        lq = location_quotient(
                            employees, area_total, national_employees, national_total
                        )
                limit = thresholds.get(sector)
                first, last = first_known[key], last_known[key][index]
                if 0 <= first < last:
                    base, latest = series_values[first], series_values[last]
                    assert base is not None and latest is not None
                    moved: Change | None = Change(
                        table_years[first],
                        table_years[last],
                        latest - base,
                        (latest - base) / base * 100 if base else None,
                    )
                else:
                    moved = None
                by_sector[sector] = SectorStats(
                    sector=sector,
                    year=year,
                    employees=employees,
                    at_least=employees if employees is not None else 0,
                    missing=() if employees is not None else (district,),
                    area_total=area_total,
                    share=share,
                    national_share=national_share,
                    lq=lq,
                    change=moved,
                    stars=Stars(
                        size=None
                        if national_share is None or limit is None
                        else national_share >= limit.national_share,
                        specialisation=None if lq is None else lq >= rules.min_lq,
                        focus=None if share is None or limit is None else share >= limit.area_share,
                    ),
                    series=dict(zip(shown_years, series_values, strict=False)),
                )
            result[(district, year)] = by_sector
    return result


# --- White spots ------------------------------------------------------------------------


@dataclass(frozen=True)
class WhiteSpotRules:
    """When a sector is a white spot of a network, and when members focus beside the region.

    Strong in the region: location quotient at least ``min_lq`` and at least
    ``min_share`` of the region's employees. Few members: the sector's share of the
    members (with a known sector) below ``max_coverage`` times its share of the region's
    employees. Member focus with little regional weight: coverage at least
    ``min_focus_coverage`` while the location quotient is below ``max_focus_lq``.
    """

    min_lq: float = 1.2
    min_share: float = 0.05
    max_coverage: float = 0.5
    min_focus_coverage: float = 2.0
    max_focus_lq: float = 1.0
    candidates_per_sector: int = 10


@dataclass(frozen=True)
class Candidate:
    """An organisation of the region that is not yet a member."""

    key: int
    name: str
    sectors: frozenset[str]
    district: str
    employees: int | None = None
    participations: int = 0
    eu_funding: float = 0.0
    joint_projects_with_members: int = 0
    from_history: bool = False


@dataclass(frozen=True)
class WhiteSpot:
    """A sector where the region is strong and the network has few members."""

    sector: str
    lq: float
    employees: int
    employment_share: float
    members: int
    member_share: float
    coverage: float
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class MemberFocus:
    """A sector with many members but little weight in the region's employment."""

    sector: str
    lq: float | None
    employment_share: float | None
    members: int
    member_share: float
    coverage: float | None


def rank_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Best first: joint EU projects with members, then EU projects, EU funding, employees.

    A tie with the network (a joint project with a member) makes an introduction easy;
    then experience in funded cooperation; then size. Name last, for a stable order.
    """
    return sorted(
        candidates,
        key=lambda c: (
            -c.joint_projects_with_members,
            -c.participations,
            -c.eu_funding,
            -(c.employees or 0),
            c.name.casefold(),
        ),
    )


def white_spots(
    stats: Mapping[str, SectorStats],
    members_by_sector: Mapping[str, int],
    members_with_sector: int,
    candidates: Iterable[Candidate],
    rules: WhiteSpotRules = WhiteSpotRules(),
    sectors: Sequence[str] = LEAF_SECTORS,
) -> tuple[list[WhiteSpot], list[MemberFocus]]:
    """White spots (strongest first) and member focus beside the region's weight.

    ``stats`` are the region's sector statistics of one year; ``members_by_sector`` counts
    member organisations per sector (one organisation counts in each of its sectors),
    ``members_with_sector`` the members with at least one known sector. A sector whose
    employment is unknown (suppressed) is never a white spot: it cannot be shown strong.
    """
    by_sector: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        for sector in candidate.sectors:
            by_sector[sector].append(candidate)
    spots: list[WhiteSpot] = []
    focus: list[MemberFocus] = []
    for sector in sectors:
        stat = stats.get(sector)
        members = members_by_sector.get(sector, 0)
        member_share = members / members_with_sector if members_with_sector else 0.0
        known = stat is not None and stat.share is not None and stat.lq is not None
        coverage = member_share / stat.share if known and stat and stat.share else None
        if (
            known
            and stat is not None
            and stat.lq is not None
            and stat.share is not None
            and stat.employees is not None
            and stat.lq >= rules.min_lq
            and stat.share >= rules.min_share
            and coverage is not None
            and coverage < rules.max_coverage
        ):
            spots.append(
                WhiteSpot(
                    sector=sector,
                    lq=stat.lq,
                    employees=stat.employees,
                    employment_share=stat.share,
                    members=members,
                    member_share=member_share,
                    coverage=coverage,
                    candidates=tuple(
                        rank_candidates(by_sector.get(sector, ()))[: rules.candidates_per_sector]
                    ),
                )
            )
        if (
            members
            and coverage is not None
            and coverage >= rules.min_focus_coverage
            and stat is not None
            and stat.lq is not None
            and stat.lq < rules.max_focus_lq
        ):
            focus.append(
                MemberFocus(
                    sector=sector,
                    lq=stat.lq,
                    employment_share=stat.share,
                    members=members,
                    member_share=member_share,
                    coverage=coverage,
                )
            )
    # the most pressing first: the thinnest coverage, then the strongest specialisation
    spots.sort(key=lambda s: (s.coverage, -s.lq, s.sector))
    focus.sort(key=lambda f: (-(f.coverage or 0), f.sector))
    return spots, focus
