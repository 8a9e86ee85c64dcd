"""Import GENESIS exports of table 13111-07-05-4 into the database: all files or nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from nahwerk.dbstats import refresh_planner_statistics
from nahwerk.reference.models import District
from nahwerk.regional.genesis import GenesisFormatError, Problem, Table, parse
from nahwerk.regional.models import EmploymentFigure, EmploymentRelease

SHIPPED_PATTERN = "13111-07-05-4_*.latin1.csv.gz"


class EmploymentImportError(Exception):
    """At least one file could not be read; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class YearReport:
    year: int
    source: str
    rows: int
    unchanged: bool
    obsolete_districts: list[str]
    merged_districts: list[str]
    districts: int


@dataclass
class ImportReport:
    years: list[YearReport] = field(default_factory=list)
    missing_years: list[int] = field(default_factory=list)


def shipped_files() -> list[Path]:
    """The six shipped years (2015-2020) in data/employment."""
    return sorted((Path(settings.DATA_DIR) / "employment").glob(SHIPPED_PATTERN))


def import_employment(
    files: list[tuple[str, bytes]], *, force: bool = False, dry_run: bool = False
) -> ImportReport:
    """Read every file; if one has a problem, raise with all problems and write nothing.

    ``files`` are (name, content) pairs. A year already imported from a file with the
    same checksum is left as it is, unless ``force``; a new file for an imported year
    updates its figures (rows are keyed by year, area and sector, never duplicated).
    """
    districts = dict(District.objects.values_list("ags", "name"))
    if not districts:
        raise EmploymentImportError(
            [Problem("", 0, _("There are no districts yet: load the reference data first."))]
        )
    problems: list[Problem] = []
    tables: list[tuple[Table, str]] = []
    years: dict[int, str] = {}
    stored = {r.sha256: r for r in EmploymentRelease.objects.all()}
    report = ImportReport()
    for name, content in files:
        digest = hashlib.sha256(content).hexdigest()
        if digest in stored and not force:
            # read and checked when it was imported; the same bytes give the same rows
            release = stored[digest]
            years[release.year] = name
            report.years.append(YearReport(release.year, name, release.rows, True, [], [], 0))
            continue
        try:
            table = parse(content, source=name, districts=districts, district_names=districts)
        except GenesisFormatError as exc:
            problems.extend(exc.problems)
            continue
        if table.year in years:
            problems.append(
                Problem(
                    name,
                    0,
                    _("the year %(year)d is also in %(other)s; import one file per year.")
                    % {"year": table.year, "other": years[table.year]},
                )
            )
            continue
        years[table.year] = name
        tables.append((table, digest))
    if problems:
        raise EmploymentImportError(problems)
    with transaction.atomic():
        for table, digest in sorted(tables, key=lambda item: item[0].year):
            if not dry_run:
                _write(table, digest)
            report.years.append(
                YearReport(
                    year=table.year,
                    source=table.source,
                    rows=len(table.rows),
                    unchanged=False,
                    obsolete_districts=table.obsolete_districts,
                    merged_districts=table.merged_districts,
                    districts=len(table.districts()),
                )
            )
        if dry_run:
            transaction.set_rollback(True)
    report.years.sort(key=lambda y: y.year)
    all_years = sorted({r.year for r in stored.values()} | set(years))
    if all_years:
        report.missing_years = [
            y for y in range(all_years[0], all_years[-1] + 1) if y not in all_years
        ]
    if any(not y.unchanged for y in report.years) and not dry_run:
        refresh_planner_statistics(EmploymentFigure)
    return report


def _write(table: Table, digest: str) -> None:
    figures = [
        EmploymentFigure(
            year=table.year,
            level=row.level,
            area_code=row.area_code,
            area_name=row.area_name,
            sector=row.sector,
            employees_total=row.values[0],
            employees_male=row.values[1],
            employees_female=row.values[2],
            employees_foreign=row.values[3],
            flag_total=row.flags[0],
            flag_male=row.flags[1],
            flag_female=row.flags[2],
            flag_foreign=row.flags[3],
        )
        for row in table.rows
    ]
    EmploymentFigure.objects.bulk_create(
        figures,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["year", "area_code", "sector"],
        update_fields=[
            "level",
            "area_name",
            "employees_total",
            "employees_male",
            "employees_female",
            "employees_foreign",
            "flag_total",
            "flag_male",
            "flag_female",
            "flag_foreign",
        ],
    )
    EmploymentRelease.objects.update_or_create(
        year=table.year,
        defaults={
            "reference_date": table.reference_date,
            "source_name": Path(table.source).name,
            "sha256": digest,
            "published": table.published,
            "rows": len(table.rows),
        },
    )


def import_employment_paths(
    paths: list[Path], *, force: bool = False, dry_run: bool = False
) -> ImportReport:
    return import_employment(
        [(str(path), path.read_bytes()) for path in paths], force=force, dry_run=dry_run
    )


def load_shipped_employment() -> ImportReport:
    """The shipped years, with the reference data and the demo; unchanged files are skipped."""
    return import_employment_paths(shipped_files())
