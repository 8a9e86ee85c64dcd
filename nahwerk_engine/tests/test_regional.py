"""Cluster statistics against values computed by hand from rows of the real table.

The rows are copied from Regionalstatistik table 13111-07-05-4 (data/employment/,
"© Statistische Ämter des Bundes und der Länder, Deutschland, 2021, dl-de/by-2-0"):
employees subject to social insurance at their place of work, 30 June, column "total".
"""

from __future__ import annotations

import pytest

from nahwerk_engine.regional import (
    GERMANY,
    TOTAL,
    Candidate,
    EmploymentTable,
    Figure,
    Region,
    StarRules,
    change,
    district_stats,
    location_quotient,
    rank_candidates,
    region_stats,
    sector_for_section,
    star_thresholds,
    white_spots,
)

# year -> area -> (C, F, total), from the file's lines
ROWS = {
    2015: {
        GERMANY: (6666275, 1711831, 30771297),  # lines 15, 16, 25
        "07132": (12387, 2861, 35396),  # Altenkirchen, lines 2381-2391
        "07138": (16651, 3660, 57051),  # Neuwied, lines 2451-2461
        "07143": (19058, 6440, 64679),  # Westerwaldkreis, lines 2493-2503
        "05911": (15066, 6465, 126140),  # Bochum, lines 1737-1747
    },
    2020: {
        GERMANY: (6849696, 1923543, 33322952),
        "07132": (13057, 3211, 38374),
        "07138": (17869, 4253, 62966),
        "07143": (20867, 6845, 69747),
        "05911": (
            13856,
            None,
            137386,
        ),  # F: the file has 7556 (male and female are "."); made unknown here to test suppression
    },
}


def table(rows: dict[int, dict[str, tuple[int | None, int | None, int]]] = ROWS) -> EmploymentTable:
    figures = []
    for year, areas in rows.items():
        for area, (c, f, total) in areas.items():
            figures.append(Figure(area, year, "C", c, "" if c is not None else "."))
            figures.append(Figure(area, year, "F", f, "" if f is not None else "."))
            figures.append(Figure(area, year, TOTAL, total))
    return EmploymentTable(figures)


DISTRICTS = ["07132", "07138", "07143", "05911"]
IMKK = Region("imkk", "IMKK", ("07132", "07138", "07143"))


def test_location_quotient_of_manufacturing_in_the_westerwaldkreis_2020() -> None:
    # (20867 / 69747) / (6849696 / 33322952) = 0.299181 / 0.205555 = 1.45548
    stats = region_stats(table(), Region("07143", "WW", ("07143",)), 2020, DISTRICTS)
    assert stats["C"].lq == pytest.approx(1.4554814, rel=1e-6)
    assert stats["C"].share == pytest.approx(20867 / 69747)
    # 20867 / 6849696 = 0.30 % of Germany's manufacturing employees
    assert stats["C"].national_share == pytest.approx(0.0030464126, rel=1e-6)


@pytest.mark.parametrize(
    ("ags", "expected"),
    [
        ("07132", 1.6553068),  # (13057 / 38374) / 0.205555 = 0.340256 / 0.205555
        ("07138", 1.3805951),  # (17869 / 62966) / 0.205555 = 0.283788 / 0.205555
        ("05911", 0.4906452),  # (13856 / 137386) / 0.205555 = 0.100855 / 0.205555
    ],
)
def test_location_quotients_of_manufacturing_in_more_districts_2020(
    ags: str, expected: float
) -> None:
    stats = region_stats(table(), Region(ags, ags, (ags,)), 2020, DISTRICTS)
    assert stats["C"].lq == pytest.approx(expected, rel=1e-6)


def test_a_network_region_sums_its_districts() -> None:
    # C: 13057 + 17869 + 20867 = 51793; total: 38374 + 62966 + 69747 = 171087
    # LQ = (51793 / 171087) / 0.205555 = 0.302729 / 0.205555 = 1.47274
    stats = region_stats(table(), IMKK, 2020, DISTRICTS)
    assert stats["C"].employees == 51793
    assert stats["C"].area_total == 171087
    assert stats["C"].lq == pytest.approx(1.4727405, rel=1e-6)
    # 2015: 12387 + 16651 + 19058 = 48096 -> 2020: +3697 = +7.687 %
    assert stats["C"].change is not None
    assert (stats["C"].change.from_year, stats["C"].change.to_year) == (2015, 2020)
    assert stats["C"].change.absolute == 3697
    assert stats["C"].change.percent == pytest.approx(7.6867, abs=1e-4)
    assert stats["C"].series == {2015: 48096, 2020: 51793}


def test_a_suppressed_part_makes_the_sum_unknown_not_zero() -> None:
    region = Region("ruhr", "Ruhr", ("05911", "07143"))
    stats = region_stats(table(), region, 2020, DISTRICTS)["F"]
    assert stats.employees is None
    assert stats.at_least == 6845  # the published part: Westerwaldkreis
    assert stats.missing == ("05911",)
    assert stats.share is None and stats.lq is None
    assert stats.stars.size is None and stats.stars.focus is None
    assert stats.stars.specialisation is None
    # 2015 is known, 2020 not: no change can be computed from one year
    assert stats.change is None


def test_location_quotient_refuses_empty_areas() -> None:
    assert location_quotient(5, 0, 10, 100) is None
    assert location_quotient(5, 10, 0, 100) is None


def test_change_skips_years_without_a_number() -> None:
    result = change({2015: None, 2016: 200, 2019: None, 2020: 150})
    assert result is not None
    assert (result.from_year, result.to_year, result.absolute) == (2016, 2020, -50)
    assert result.percent == pytest.approx(-25.0)
    assert change({2015: 0, 2020: 10}).percent is None  # type: ignore[union-attr]
    assert change({2020: 10}) is None


def test_stars_use_the_top_tenth_of_districts_and_a_quotient_of_two() -> None:
    # ten districts: d0 has 100 of 1000 employees in C, d1..d9 have 10 of 1000;
    # Germany: 190 of 10000. Top 10 % of ten districts = the first one.
    figures = [Figure(GERMANY, 2020, "C", 190), Figure(GERMANY, 2020, TOTAL, 10000)]
    for i in range(10):
        figures.append(Figure(f"d{i}", 2020, "C", 100 if i == 0 else 10))
        figures.append(Figure(f"d{i}", 2020, TOTAL, 1000))
    t = EmploymentTable(figures)
    districts = [f"d{i}" for i in range(10)]
    limits = star_thresholds(t, 2020, districts, sectors=("C",))
    assert limits["C"].national_share == pytest.approx(100 / 190)
    assert limits["C"].area_share == pytest.approx(0.1)
    top = region_stats(t, Region("d0", "d0", ("d0",)), 2020, districts, sectors=("C", TOTAL))
    # LQ = (100 / 1000) / (190 / 10000) = 0.1 / 0.019 = 5.26
    assert top["C"].lq == pytest.approx(5.263158, rel=1e-6)
    assert (top["C"].stars.size, top["C"].stars.specialisation, top["C"].stars.focus) == (
        True,
        True,
        True,
    )
    other = region_stats(t, Region("d1", "d1", ("d1",)), 2020, districts, sectors=("C", TOTAL))
    # LQ = (10 / 1000) / 0.019 = 0.526: no star at all
    assert other["C"].stars.count == 0
    strict = region_stats(
        t,
        Region("d0", "d0", ("d0",)),
        2020,
        districts,
        sectors=("C", TOTAL),
        rules=StarRules(min_lq=6.0),
    )
    assert strict["C"].stars.specialisation is False


def test_wz_sections_map_to_the_tables_sectors() -> None:
    assert [sector_for_section(s) for s in "ACDFHMQS"] == [
        "A",
        "C",
        "B-E",
        "F",
        "G-I",
        "M-N",
        "O-Q",
        "R-U",
    ]
    assert sector_for_section("?") is None


def test_white_spots_name_strong_thin_sectors_and_rank_whom_to_approach() -> None:
    stats = region_stats(table(), IMKK, 2020, DISTRICTS)
    # F in IMKK 2020: 3211 + 4253 + 6845 = 14309 of 171087 = 8.36 %;
    # LQ = 0.08364 / (1923543 / 33322952 = 0.057724) = 1.449 -> strong
    near = Candidate(1, "Bau Nord GmbH", frozenset({"F"}), "07143", employees=40)
    tied = Candidate(2, "Bau Süd GmbH", frozenset({"F"}), "07132", joint_projects_with_members=1)
    other = Candidate(3, "Metall AG", frozenset({"C"}), "07138", employees=900)
    spots, focus = white_spots(
        stats, {"C": 9, "M-N": 1}, 10, [near, tied, other], sectors=("C", "F", "M-N")
    )
    assert [s.sector for s in spots] == ["F"]
    assert spots[0].lq == pytest.approx(1.449, abs=1e-3)
    assert spots[0].members == 0
    # a joint project with a member first, then size
    assert [c.name for c in spots[0].candidates] == ["Bau Süd GmbH", "Bau Nord GmbH"]
    # C is strong but well covered (90 % of members vs 30 % of employees): no white spot
    assert focus == []  # M-N has no figures here: never claimed as member focus


def test_rank_candidates_is_stable_by_name_at_equal_merit() -> None:
    a = Candidate(1, "b GmbH", frozenset(), "07143")
    b = Candidate(2, "A GmbH", frozenset(), "07143")
    assert [c.key for c in rank_candidates([a, b])] == [2, 1]


@pytest.mark.parametrize("year", [2015, 2020])
def test_district_stats_equal_each_districts_region_stats(year: int) -> None:
    # district_stats takes a faster path (no sums, the change carried forward); the figures
    # must stay those of region_stats, suppressed values and changes included
    figures = table()
    districts = ["07132", "07138", "07143", "05911"]
    fast = district_stats(figures, districts, years=[year], sectors=("C", "F"))
    for district in districts:
        alone = Region(district, district, (district,))
        expected = region_stats(figures, alone, year, districts, sectors=("C", "F"))
        assert fast[(district, year)] == expected, district
    if year == 2020:
        assert fast[("05911", 2020)]["F"].employees is None
        assert fast[("05911", 2020)]["F"].missing == ("05911",)
        change_c = fast[("07143", 2020)]["C"].change
        assert change_c is not None and change_c.absolute == 20867 - 19058
