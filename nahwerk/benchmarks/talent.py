"""Talent exchange benchmark: the board, the interest search, applying, the erasure job.

    python -m nahwerk.benchmarks.talent [--postings 2000] [--embedded 200]
                                        [--applications 1000] [--runs 7]

1. Prepares a throwaway SQLite database in ``var/bench-talent/`` (``migrate``, the
   reference data) and seeds ``--postings`` open postings of 400 companies spread over the
   IMKK districts (a fixed random seed: the same data on every run).
2. (a) The public board without filters, (b) with kind, field and 50 km around 56203, as
   the anonymous public (Django's test client, the whole request: view, queries, template).
3. (c) The interest search over ``--embedded`` postings with the real embedder: embedding
   them (the worker's job, once per change) is timed apart; each run asks another interest,
   so no query vector comes from the cache.
4. (d) One application with a two-page PDF (content check, private storage, mail queued).
5. (e) The erasure job over ``--applications`` applications past their period, with files.

Prints a table of medians over ``--runs`` (wall clock and the process's CPU time) with the
targets (board < 300 ms, interest search < 1 s, applying < 300 ms, erasure < 10 s), the
machine and its load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WORK = Path("var/bench-talent")
TARGETS = {"board": 0.3, "board_filtered": 0.3, "interest": 1.0, "apply": 0.3, "erase": 10.0}
POSTCODES = ("56203", "56410", "57610", "56235", "57627", "56244", "57537", "56579")
INTERESTS = (
    "Glasuren und Brennfehler bei Fliesen untersuchen",
    "Simulation des Sinterns keramischer Bauteile",
    "Sensorik und Datenauswertung in der Fertigung",
    "Kunststoffspritzguss und Werkzeugbau",
    "Marketing und Vertrieb für Industriekunden",
    "Schweißtechnik und Robotik im Maschinenbau",
    "Qualitätsprüfung mit Kameras und maschinellem Lernen",
    "Werkstoffprüfung an Metallen",
)
TOPICS = (
    ("Glasurentwicklung", "Glasuren mischen, brennen und im Labor auf Haarrisse prüfen."),
    ("Sintertechnik", "Schwindung und Verzug beim Sintern von Aluminiumoxid messen."),
    ("Spritzguss", "Werkzeuge für den Kunststoffspritzguss einrichten und optimieren."),
    ("Schweißtechnik", "Schweißroboter programmieren und Nähte prüfen."),
    ("Produktionsdaten", "Sensoren anbinden und Produktionsdaten auswerten."),
    ("Vertrieb", "Messeauftritte vorbereiten und Kunden in der Industrie betreuen."),
    ("Bildverarbeitung", "Sichtprüfung von Bauteilen mit Kameras automatisieren."),
    ("Metallografie", "Schliffbilder von Stahlproben anfertigen und auswerten."),
)
CPU: dict[int, list[float]] = {}


def _setup() -> None:
    os.environ.setdefault("NAHWERK_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nahwerk.settings")
    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / "db.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db.resolve()}"
    os.environ["TALENT_PRIVATE_ROOT"] = str((WORK / "private").resolve())
    import django

    django.setup()


def _timed(function: Callable[[int], Any], runs: int) -> list[float]:
    times: list[float] = []
    cpu: list[float] = []
    for run in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function(run)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[id(times)] = cpu
    return times


def sample_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for n in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(text=f"Lebenslauf, Seite {n + 1}")
    return bytes(pdf.output())


def seed(postings: int, rng: random.Random) -> Any:
    from django.utils import timezone

    from nahwerk.directory.models import Organisation
    from nahwerk.reference.models import Postcode
    from nahwerk.talent.choices import FieldOfWork, Language, PostingKind
    from nahwerk.talent.models import Posting

    places = {p.code: p for p in Postcode.objects.filter(code__in=POSTCODES)}
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Westerwald Betrieb {i:03d} GmbH",
                slug=f"betrieb-{i:03d}",
                kind="sme",
                postcode=(code := POSTCODES[i % len(POSTCODES)]),
                city=places[code].place,
                district_id=places[code].district_id,
                latitude=places[code].latitude,
                longitude=places[code].longitude,
            )
            for i in range(400)
        ]
    )
    today = timezone.localdate()
    kinds, fields = PostingKind.values, FieldOfWork.values
    rows = []
    for i in range(postings):
        org = organisations[i % len(organisations)]
        topic, text = TOPICS[rng.randrange(len(TOPICS))]
        rows.append(
            Posting(
                organisation=org,
                kind=kinds[rng.randrange(len(kinds))],
                title=f"{topic} {i}",
                slug=f"angebot-{i}",
                description=text,
                field_of_work=fields[rng.randrange(len(fields))],
                language=rng.choice(Language.values),
                place=org.city,
                district_id=org.district_id,
                latitude=org.latitude,
                longitude=org.longitude,
                expires_on=today + dt.timedelta(days=rng.randrange(1, 120)),
            )
        )
    return Posting.objects.bulk_create(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postings", type=int, default=2000)
    parser.add_argument("--embedded", type=int, default=200)
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    _setup()

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    postings = seed(args.postings, random.Random(14))
    seeded = time.perf_counter() - started

    client = Client(HTTP_HOST="localhost")

    def get(url: str) -> Callable[[int], None]:
        def run(_n: int) -> None:
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]

        return run

    get("/talente/")(0)  # the first request warms templates and the district list
    board = _timed(get("/talente/"), args.runs)
    filtered = _timed(
        get("/talente/?kind=internship&field_of_work=materials&near=56203&max_distance_km=50"),
        args.runs,
    )

    from nahwerk.talent.matching import posting_index, postings_for_interest
    from nahwerk.talent.models import Application, Posting

    # only the first --embedded postings stay on the board for the interest search
    Posting.objects.filter(pk__in=[p.pk for p in postings[args.embedded :]]).update(status="closed")
    started = time.perf_counter()
    from nahwerk.talent.matching import refresh_posting_vectors

    embedded = refresh_posting_vectors()
    embedding = time.perf_counter() - started
    posting_index.get()
    found: list[int] = []

    def interest(run: int) -> None:
        found.append(len(postings_for_interest(INTERESTS[run % len(INTERESTS)])))

    interests = _timed(interest, args.runs)

    from nahwerk.talent import services

    target = Posting.objects.on_board().first()
    assert target is not None
    pdf = sample_pdf(pages=2)

    def apply(run: int) -> None:
        services.apply(
            posting=target,
            data=services.ApplicationInput(
                name=f"Bewerberin {run}",
                email=f"bewerberin{run}@example.org",
                message="Ich bewerbe mich.",
                consent=True,
                attachment=SimpleUploadedFile("cv.pdf", pdf, content_type="application/pdf"),
            ),
        )

    applying = _timed(apply, args.runs)
    for n in range(args.applications):
        apply(1000 + n)
    total = Application.objects.count()
    later = timezone.now() + dt.timedelta(days=services.retention_days() + 1)

    def erase(_run: int) -> None:
        services.erase_applications(now=later)

    erasing = _timed(erase, 1)
    assert Application.objects.count() == 0

    def row(name: str, times: list[float], target: float, note: str) -> str:
        median = statistics.median(times)
        verdict = "ok" if median < target else "MISSED"
        cpu = statistics.median(CPU[id(times)])
        return (
            f"| {name} | {median * 1000:,.0f} ms | {cpu * 1000:,.0f} ms | "
            f"{max(times) * 1000:,.0f} ms | < {target * 1000:,.0f} ms | {verdict} | {note} |"
        )

    load = os.getloadavg()
    print(f"Talent exchange benchmark on {connection.vendor}, {platform.node()}")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f}"
    )
    print(
        f"prepared in {prepared:.0f} s; seeded {args.postings:,} postings of 400 companies in "
        f"{seeded:.1f} s; embedded {embedded} postings in {embedding:.0f} s (the worker's job)"
    )
    print()
    print("| what | median | median CPU | max | target | | note |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    print(row("board", board, TARGETS["board"], f"{args.postings:,} open, first 100 shown"))
    print(
        row(
            "board, filtered",
            filtered,
            TARGETS["board_filtered"],
            "kind, field, 50 km around 56203",
        )
    )
    print(
        row(
            "interest search",
            interests,
            TARGETS["interest"],
            f"{args.embedded} postings, {statistics.median(found):.0f} fit (median)",
        )
    )
    print(row("applying", applying, TARGETS["apply"], "two-page PDF, checked and stored"))
    print(
        row(
            "erasure job",
            erasing,
            TARGETS["erase"],
            f"{total:,} applications with files, one run",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
