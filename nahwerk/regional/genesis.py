"""Read table 13111-07-05-4 as GENESIS exports it: latin-1, ";", header and footer lines.

The Regionalstatistik (regionalstatistik.de) and GENESIS-Online write the table as a
"flat" CSV: ten header lines (table number, title, reference date, the column headings in
four lines), one row per area and sector (``code;name;sector;total;male;female;foreign
total;foreign male;foreign female``), then a line of underscores and the notes with the
licence. "." marks a value suppressed for secrecy, "-" nothing; neither is a number.

Berlin and Hamburg are districts of their own (AGS 11000 and 02000) but have no district
rows: their figures stand on the state rows ("11", "02") or, in some exports, on the
8-digit municipality rows 11000000 / 02000000; both become the district rows. Districts
merged away before 2021 still have rows, all "-"; they are left out and listed. Every
other problem refuses the whole file, naming the line and the value.
"""

from __future__ import annotations

import datetime
import gzip
import re
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from nahwerk.regional.choices import SECTOR_BY_GENESIS_LABEL, SOURCE_TABLE, AreaLevel, Sector

FIELDS = 9
MAX_PROBLEMS = 25
CITY_STATES = {"02": "02000", "11": "11000"}  # state key -> its district AGS
CITY_STATE_MUNICIPALITIES = {"02000000": "02000", "11000000": "11000"}
# Districts merged since 2015 into one of today's (the 2021 district list): the figures of
# the years before the merger are summed into today's district. Landkreis Göttingen and
# Landkreis Osterode am Harz became Landkreis Göttingen (03159) on 1 November 2016.
MERGED_DISTRICTS = {"03152": "03159", "03156": "03159"}
HEADER_COLUMNS = ("Insgesamt", "männlich", "weiblich", "Insgesamt", "männlich", "weiblich")
CODE = re.compile(r"^(DG|\d{2}|\d{3}|\d{5}|\d{8})$")
REFERENCE_DATE = re.compile(r"Stichtag:\s*(\d{2})\.(\d{2})\.(\d{4})")
FOOTER = re.compile(r"^_{5,}")
NUMBER = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Problem:
    """One reason to refuse a file: where (line 0: the file as a whole) and what."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("%(source)s, line %(line)d: %(message)s") % {
                "source": self.source,
                "line": self.line,
                "message": self.message,
            }
        return f"{self.source}: {self.message}"


class GenesisFormatError(Exception):
    """The file is not a readable export of table 13111-07-05-4; nothing was imported."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    """One area and sector: total, male, female, foreign employees (None: not a number)."""

    line: int
    level: str
    area_code: str
    area_name: str
    sector: str
    values: tuple[int | None, int | None, int | None, int | None]
    flags: tuple[str, str, str, str]


@dataclass
class Table:
    """One year of the table as read from one file."""

    source: str
    year: int
    reference_date: datetime.date
    published: str
    rows: list[Row] = field(default_factory=list)
    obsolete_districts: list[str] = field(default_factory=list)
    merged_districts: list[str] = field(default_factory=list)

    def districts(self) -> set[str]:
        return {row.area_code for row in self.rows if row.level == AreaLevel.DISTRICT}


def decode(data: bytes, source: str) -> list[str]:
    """The lines of the file; gzip is unpacked; anything but ISO-8859-1 text is refused."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            raise GenesisFormatError(
                [Problem(source, 0, _("the gzip archive is damaged or cut off (%s).") % exc)]
            ) from exc
    if b"\x00" in data[:4096]:
        raise GenesisFormatError(
            [Problem(source, 0, _("this is not a text file (an Excel file? Export as CSV)."))]
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # valid UTF-8 with letters beyond ASCII: saved again in another encoding
        for number, raw in enumerate(data.splitlines(), start=1):
            if any(byte >= 0x80 for byte in raw):
                text = raw.decode("utf-8")
                return _refuse_encoding(source, number, text)
    return data.decode("latin-1").splitlines()


def _refuse_encoding(source: str, line: int, text: str) -> list[str]:
    raise GenesisFormatError(
        [
            Problem(
                source,
                line,
                _(
                    "the file is UTF-8 encoded (“%(text)s”), but GENESIS exports ISO-8859-1 "
                    "(latin-1): use the file as downloaded, or save it as ISO-8859-1."
                )
                % {"text": text.strip()[:60]},
            )
        ]
    )


def _fields(line: str) -> list[str]:
    return [part.strip() for part in line.split(";")]


def _level(code: str) -> str | None:
    if code == "DG":
        return AreaLevel.COUNTRY
    return {2: AreaLevel.STATE, 3: AreaLevel.REGION, 5: AreaLevel.DISTRICT}.get(len(code))


def parse(
    data: bytes,
    *,
    source: str,
    districts: Collection[str],
    district_names: dict[str, str] | None = None,
) -> Table:
    """Read one export; ``districts`` are the AGS of today's districts.

    Raises GenesisFormatError with every problem found (at most 25), each naming its line
    and value.
    """
    lines = decode(data, source)
    problems: list[Problem] = []

    faulty: set[str] = set()  # areas with a refused row: not reported incomplete as well

    def problem(line: int, message: str) -> None:
        problems.append(Problem(source, line, message))
        if len(problems) >= MAX_PROBLEMS:
            raise GenesisFormatError(problems)

    if not lines:
        raise GenesisFormatError([Problem(source, 0, _("the file is empty."))])
    first = _fields(lines[0])[0]
    if first != f"GENESIS-Tabelle: {SOURCE_TABLE}":
        raise GenesisFormatError(
            [
                Problem(
                    source,
                    1,
                    _("this is not table %(table)s: the first line says “%(text)s”.")
                    % {"table": SOURCE_TABLE, "text": first[:80]},
                )
            ]
        )
    reference: datetime.date | None = None
    header_end = 0
    for number, line in enumerate(lines[:20], start=1):
        match = REFERENCE_DATE.search(line)
        if match and reference is None:
            day, month, year = (int(g) for g in match.groups())
            try:
                reference = datetime.date(year, month, day)
            except ValueError:
                problem(number, _("“%s” is not a date.") % match.group(0))
        if tuple(_fields(line)[3:]) == HEADER_COLUMNS:
            header_end = number
    if reference is None:
        raise GenesisFormatError(
            [
                Problem(
                    source,
                    0,
                    _(
                        "the header has no reference date (“Stichtag: 30.06.YYYY”): the year "
                        "is missing."
                    ),
                )
            ]
        )
    if not header_end:
        raise GenesisFormatError(
            [
                Problem(
                    source,
                    0,
                    _(
                        "the column headings “%(columns)s” are missing from the header: the "
                        "columns are not those of table %(table)s."
                    )
                    % {"columns": ";".join(HEADER_COLUMNS), "table": SOURCE_TABLE},
                )
            ]
        )
    published = ""
    for line in lines[-5:]:
        if line.startswith("Stand:"):
            published = line.removeprefix("Stand:").strip()
    table = Table(source, reference.year, reference, published)
    names = district_names or {}
    seen: dict[tuple[str, str], int] = {}
    city_state_rows: dict[str, list[Row]] = {}
    merged: dict[str, list[Row]] = {}
    unknown: set[str] = set()
    footer = 0
    column_names = (_("total"), _("male"), _("female"), _("foreign"))
    for number, line in enumerate(lines[header_end:], start=header_end + 1):
        if FOOTER.match(line):
            footer = number
            break
        if not line.strip():
            problem(number, _("an empty line among the data rows."))
            continue
        parts = _fields(line)
        if len(parts) != FIELDS:
            faulty.add(parts[0])
            problem(
                number,
                _("%(expected)d fields separated by “;” expected, found %(found)d: “%(text)s”.")
                % {"expected": FIELDS, "found": len(parts), "text": line[:80]},
            )
            continue
        code, name, label = parts[0], parts[1], parts[2]
        if not CODE.match(code):
            problem(number, _("“%s” is not an area key (DG, or 2, 3, 5 or 8 digits).") % code)
            continue
        sector = SECTOR_BY_GENESIS_LABEL.get(label)
        if sector is None:
            problem(number, _("“%s” is not a sector of the table.") % label)
            continue
        values: list[int | None] = []
        flags: list[str] = []
        bad = False
        # the six columns: total, male, female, foreign total, foreign male, foreign female;
        # the importer keeps the first four
        for index, raw in enumerate(parts[3:]):
            if raw in (".", "-"):
                values.append(None)
                flags.append(raw)
            elif NUMBER.match(raw):
                values.append(int(raw))
                flags.append("")
            else:
                column = column_names[min(index, 3)]
                problem(
                    number,
                    _("column “%(column)s”: “%(value)s” is not a number, “.” or “-”.")
                    % {"column": column, "value": raw[:40]},
                )
                bad = True
                break
        if bad:
            faulty.add(code)
            continue
        total, male, female, foreign = values[0], values[1], values[2], values[3]
        if total is not None and male is not None and female is not None and total != male + female:
            problem(
                number,
                _("total %(total)d is not male %(male)d + female %(female)d: is a column shifted?")
                % {"total": total, "male": male, "female": female},
            )
            faulty.add(code)
            continue
        if total is not None and foreign is not None and foreign > total:
            problem(
                number,
                _("foreign employees %(foreign)d exceed the total %(total)d: is a column shifted?")
                % {"foreign": foreign, "total": total},
            )
            faulty.add(code)
            continue
        key = (code, sector)
        if key in seen:
            problem(
                number,
                _("area %(code)s, sector “%(label)s” already stands in line %(line)d.")
                % {"code": code, "label": label, "line": seen[key]},
            )
            continue
        seen[key] = number
        row_values = (total, male, female, foreign)
        row_flags = (flags[0], flags[1], flags[2], flags[3])
        if len(code) == 8:
            if code in CITY_STATE_MUNICIPALITIES:
                ags = CITY_STATE_MUNICIPALITIES[code]
                city_state_rows.setdefault(ags, []).append(
                    Row(
                        number,
                        AreaLevel.DISTRICT,
                        ags,
                        names.get(ags, name),
                        sector,
                        row_values,
                        row_flags,
                    )
                )
            continue  # other municipalities: not needed
        level = _level(code)
        assert level is not None
        if level == AreaLevel.DISTRICT and code not in districts:
            if all(flag == "-" for flag in flags):
                if code not in table.obsolete_districts:
                    table.obsolete_districts.append(code)
                continue
            if code in MERGED_DISTRICTS:
                merged.setdefault(MERGED_DISTRICTS[code], []).append(
                    Row(number, level, code, name, sector, row_values, row_flags)
                )
                continue
            if code in unknown:
                continue
            unknown.add(code)
            problem(
                number,
                _(
                    "“%(code)s” (%(name)s) is not a German district (districts as of 2021) "
                    "but has figures."
                )
                % {"code": code, "name": name},
            )
            continue
        table.rows.append(Row(number, level, code, name, sector, row_values, row_flags))
        if level == AreaLevel.STATE and code in CITY_STATES:
            ags = CITY_STATES[code]
            city_state_rows.setdefault(f"state:{ags}", []).append(
                Row(
                    number,
                    AreaLevel.DISTRICT,
                    ags,
                    names.get(ags, name),
                    sector,
                    row_values,
                    row_flags,
                )
            )
    if not footer:
        problem(
            len(lines),
            _(
                "the file ends without the table's closing line of underscores and notes: it "
                "is cut off (last line: “%s”)."
            )
            % lines[-1][:80],
        )
    for ags in sorted(set(CITY_STATES.values())):
        # the municipality rows where an export has them, the state rows otherwise
        chosen = city_state_rows.get(ags) or city_state_rows.get(f"state:{ags}") or []
        if ags in districts:
            table.rows.extend(chosen)
    _merge(table, merged, names)
    _check_complete(table, seen, faulty, problem)
    if problems:
        raise GenesisFormatError(problems)
    return table


def _sum(values: list[int | None], flags: list[str]) -> tuple[int | None, str]:
    if all(value is not None for value in values):
        return sum(value or 0 for value in values), ""
    # one part not a number: the sum is unknown, suppressed if any part was
    return None, "." if "." in flags else "-"


def _merge(table: Table, merged: dict[str, list[Row]], names: dict[str, str]) -> None:
    """Sum the rows of merged-away districts into today's district, where it has no figures."""
    for ags, parts in merged.items():
        by_sector: dict[str, list[Row]] = {}
        for row in parts:
            by_sector.setdefault(row.sector, []).append(row)
        own = {row.sector: row for row in table.rows if row.area_code == ags}
        if any(row.values[0] is not None for row in own.values()):
            continue  # today's district has its own figures: the old rows are history
        table.rows = [row for row in table.rows if row.area_code != ags]
        for sector, rows in by_sector.items():
            sums = [
                _sum([row.values[i] for row in rows], [row.flags[i] for row in rows])
                for i in range(4)
            ]
            table.rows.append(
                Row(
                    rows[0].line,
                    AreaLevel.DISTRICT,
                    ags,
                    names.get(ags, ags),
                    sector,
                    (sums[0][0], sums[1][0], sums[2][0], sums[3][0]),
                    (sums[0][1], sums[1][1], sums[2][1], sums[3][1]),
                )
            )
        table.merged_districts.extend(sorted({row.area_code for row in parts}))


def _check_complete(
    table: Table,
    seen: dict[tuple[str, str], int],
    faulty: set[str],
    report: Callable[[int, str], None],
) -> None:
    sectors = [choice.value for choice in Sector]
    if ("DG", Sector.TOTAL) not in seen:
        report(
            0, _("the rows for Germany (DG) are missing; they are the reference of every quotient.")
        )
    areas: dict[str, int] = {}
    for (code, _sector), line in seen.items():
        areas[code] = min(line, areas.get(code, line))
    for code, line in sorted(areas.items(), key=lambda item: item[1]):
        missing = [s for s in sectors if (code, s) not in seen]
        if missing and code not in faulty:
            report(
                line,
                _("area %(code)s lacks the rows of the sectors %(sectors)s.")
                % {"code": code, "sectors": ", ".join(missing)},
            )
