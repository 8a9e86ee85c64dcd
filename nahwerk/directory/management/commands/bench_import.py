"""Benchmark the organisation import with generated, realistic rows on the configured database."""

from __future__ import annotations

import csv
import io
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from nahwerk.directory.importing import import_organisations
from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Network
from nahwerk.reference.models import IndustryCode, Postcode

# German headers on purpose: the benchmark also exercises the header aliases.
BENCH_HEADERS: tuple[str, ...] = (
    "ID",
    "Firmenname",
    "Rechtsform",
    "Typ",
    "WZ 2008",
    "Mitarbeiter",
    "Straße",
    "PLZ",
    "Ort",
    "Webseite",
    "Beschreibung",
    "Kompetenzen",
)

_SURNAMES = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Werner",
    "Krause",
    "Lehmann",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Peters",
    "Möller",
)
_TRADES = (
    "Keramik",
    "Metallbau",
    "Kunststofftechnik",
    "Software",
    "Maschinenbau",
    "Logistik",
    "Elektrotechnik",
    "Holzbau",
    "Feinmechanik",
    "Medizintechnik",
    "Lasertechnik",
    "Oberflächentechnik",
    "Automation",
    "Druck",
    "Verpackung",
    "Umwelttechnik",
    "Glas",
    "Sensorik",
    "Präzisionsteile",
    "Energietechnik",
    "Datenanalyse",
    "Textil",
)
_COMPETENCES = (
    "CNC-Fertigung",
    "Prototypenbau",
    "Qualitätssicherung nach ISO 9001",
    "Spritzguss",
    "Laserschneiden",
    "Embedded Software",
    "Prüflabor",
    "3D-Druck",
    "Pulverbeschichtung",
    "Sondermaschinenbau",
    "Robotik",
    "Werkstoffprüfung",
    "IT-Sicherheit",
    "Schweißtechnik",
    "Energieberatung",
    "Cloud-Betrieb",
    "Technische Dokumentation",
    "Messtechnik",
)
_STREETS = (
    "Hauptstraße",
    "Industriestraße",
    "Bahnhofstraße",
    "Gewerbepark",
    "Am Kreuzweg",
    "Rheinstraße",
    "Lindenallee",
    "Schulstraße",
    "Im Gewerbegebiet",
    "Mühlenweg",
    "Gartenstraße",
    "Bergstraße",
    "Talstraße",
    "Ringstraße",
)
# (type as people write it, legal forms, weight)
_KINDS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("KMU", ("GmbH", "GmbH & Co. KG", "e.K.", "KG", "OHG", "UG (haftungsbeschränkt)"), 60),
    ("Unternehmen", ("GmbH", "AG", "SE", "GmbH & Co. KG"), 18),
    ("Start-up", ("GmbH", "UG (haftungsbeschränkt)"), 8),
    ("Forschungsinstitut", ("e.V.", "gGmbH"), 4),
    ("Verein", ("e.V.",), 4),
    ("Hochschule", ("KdöR",), 2),
    ("IHK", ("KdöR",), 1),
    ("Wirtschaftsförderung", ("GmbH",), 2),
    ("Behörde", ("",), 1),
)


def reference_choices() -> tuple[list[tuple[str, str]], list[str]]:
    """Real postcodes with their place, and WZ 2008 classes and subclasses."""
    postcodes = list(Postcode.objects.order_by("code").values_list("code", "place"))
    codes = list(
        IndustryCode.objects.filter(level__gte=4).order_by("code").values_list("code", flat=True)
    )
    if not postcodes or not codes:
        raise CommandError("Load the reference data first (manage.py load_reference_data).")
    return postcodes, codes


def generate_rows(
    count: int,
    seed: int,
    postcodes: Sequence[tuple[str, str]],
    codes: Sequence[str],
    id_prefix: str = "bench-",
) -> list[dict[str, str]]:
    """``count`` plausible organisations keyed by BENCH_HEADERS; all of them valid."""
    rng = random.Random(seed)
    kinds = [kind for kind in _KINDS for _ in range(kind[2])]
    rows = []
    for number in range(1, count + 1):
        kind, legal_forms, _weight = rng.choice(kinds)
        code, place = rng.choice(postcodes)
        trade = rng.choice(_TRADES)
        legal_form = rng.choice(legal_forms)
        if kind in {"KMU", "Unternehmen", "Start-up"}:
            base = f"{rng.choice(_SURNAMES)} {trade}"
        elif kind == "Forschungsinstitut":
            base = f"Institut für {trade} {place}"
        elif kind == "Verein":
            base = f"{trade}-Netzwerk {place}"
        elif kind == "Hochschule":
            base = f"Hochschule {place}"
        elif kind == "IHK":
            base = f"Industrie- und Handelskammer {place}"
        elif kind == "Wirtschaftsförderung":
            base = f"Wirtschaftsförderung {place}"
        else:
            base = f"Kreisverwaltung {place}"
        name = f"{base} {legal_form}".strip()
        employees = min(int(rng.lognormvariate(3.0, 1.3)), 20_000)
        rows.append(
            {
                "ID": f"{id_prefix}{number:06d}",
                "Firmenname": name,
                "Rechtsform": legal_form,
                "Typ": kind,
                "WZ 2008": "; ".join(rng.sample(list(codes), rng.randint(1, 3))),
                "Mitarbeiter": str(employees),
                "Straße": f"{rng.choice(_STREETS)} {rng.randint(1, 180)}",
                "PLZ": code,
                "Ort": place,
                "Webseite": f"https://www.{slugify(base)[:50]}-{number}.example",
                "Beschreibung": f"{name} aus {place}: {trade} für Industrie und Handwerk.",
                "Kompetenzen": ", ".join(rng.sample(_COMPETENCES, 3)),
            }
        )
    return rows


def rows_to_csv(
    rows: Sequence[dict[str, str]],
    headers: Sequence[str] = BENCH_HEADERS,
    delimiter: str = ";",
    bom: bool = True,
) -> bytes:
    """The rows as CSV bytes, by default as German Excel writes it: ``;`` and a BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(
        buffer, fieldnames=list(headers), delimiter=delimiter, extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


@dataclass
class Run:
    phase: str
    rows: int
    validation: float
    writing: float
    total: float

    @property
    def per_second(self) -> float:
        return self.rows / self.total if self.total else 0.0


class Command(BaseCommand):
    help = "Generate N organisation rows as CSV, import them, report timings, then clean up."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=10_000, help="Rows to generate.")
        parser.add_argument("--seed", type=int, default=2024, help="Random seed.")
        parser.add_argument(
            "--runs",
            type=int,
            default=1,
            help="Repeat the import this often and report the median.",
        )
        parser.add_argument(
            "--reimport",
            action="store_true",
            help="Also time a re-import of changed rows (all updates).",
        )
        parser.add_argument(
            "--network", metavar="SLUG", help="Add the organisations as members of this network."
        )
        parser.add_argument(
            "--keep", action="store_true", help="Keep the imported organisations of the last run."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rows"] < 1 or options["runs"] < 1:
            raise CommandError("--rows and --runs must be at least 1.")
        network = None
        if options["network"]:
            network = Network.objects.filter(slug=options["network"]).first()
            if network is None:
                raise CommandError(f"There is no network with the slug {options['network']!r}.")
        postcodes, codes = reference_choices()
        count = options["rows"]
        runs: list[Run] = []
        with tempfile.TemporaryDirectory(prefix="nahwerk-bench-") as folder:
            path = Path(folder) / "organisations.csv"
            path.write_bytes(rows_to_csv(generate_rows(count, options["seed"], postcodes, codes)))
            changed = Path(folder) / "organisations-changed.csv"
            if options["reimport"]:
                changed.write_bytes(
                    rows_to_csv(generate_rows(count, options["seed"] + 1, postcodes, codes))
                )
            for run in range(1, options["runs"] + 1):
                created = self._timed("create", path, network, runs)
                if options["reimport"]:
                    self._timed("update", changed, network, runs)
                if not options["keep"] or run < options["runs"]:
                    self._delete(created)
        self._report(runs)

    def _timed(self, phase: str, path: Path, network: Network | None, runs: list[Run]) -> list[int]:
        started = time.perf_counter()
        result = import_organisations(path, network=network)
        total = time.perf_counter() - started
        if result.invalid:
            raise CommandError(
                f"{result.invalid} generated rows were invalid: {result.problems[:3]}"
            )
        runs.append(Run(phase, result.rows, result.validation_seconds, result.write_seconds, total))
        self.stdout.write(
            f"{phase}: {result.rows} rows in {total:.2f} s "
            f"(created {result.created}, updated {result.updated})"
        )
        return result.created_ids

    def _delete(self, ids: list[int]) -> None:
        started = time.perf_counter()
        for start in range(0, len(ids), 900):
            Organisation.objects.filter(pk__in=ids[start : start + 900]).delete()
        self.stdout.write(
            f"deleted {len(ids)} organisations in {time.perf_counter() - started:.2f} s"
        )

    def _report(self, runs: list[Run]) -> None:
        headings = ("phase", "rows", "validation s", "writing s", "total s", "rows/s")
        lines = [headings]
        for phase in dict.fromkeys(run.phase for run in runs):
            of_phase = [run for run in runs if run.phase == phase]
            median = Run(
                phase,
                of_phase[0].rows,
                statistics.median(r.validation for r in of_phase),
                statistics.median(r.writing for r in of_phase),
                statistics.median(r.total for r in of_phase),
            )
            label = phase if len(of_phase) == 1 else f"{phase} (median of {len(of_phase)})"
            lines.append(
                (
                    label,
                    str(median.rows),
                    f"{median.validation:.2f}",
                    f"{median.writing:.2f}",
                    f"{median.total:.2f}",
                    f"{median.per_second:.0f}",
                )
            )
        widths = [max(len(line[i]) for line in lines) for i in range(len(headings))]
        self.stdout.write("")
        for index, line in enumerate(lines):
            self.stdout.write(
                "  ".join(
                    cell.ljust(w) if i == 0 else cell.rjust(w)
                    for i, (cell, w) in enumerate(zip(line, widths, strict=True))
                )
            )
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
