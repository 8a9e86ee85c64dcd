"""Fit ranking of one idea against all EU calls: median and p95 over a set of ideas.

``python -m nahwerk.funding.benchmarks [--rounds 1]`` (``make bench-calls``) on the
database of the settings (the demo's ``var/nahwerk.sqlite3`` by default). Imports and
embeds the shipped calls first when they are missing. Each idea is ranked once per
round, as a request would do it: eligibility from the database, the text fit through the
process's call index, explanations for the results. The first round embeds each idea
(E5 and USE); later rounds find its vector in the process's cache, as a page reloaded.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

IDEAS = (
    "Wir entwickeln keramische Hochtemperaturfilter für die Heißgasreinigung von Stahlwerken.",
    "Recycling von Kunststoffabfällen aus Autos zu neuen Spritzgussbauteilen",
    "KI-gestützte Qualitätskontrolle in der Fertigung mit Kameras und Bildverarbeitung",
    "Wasserstoff-Elektrolyse für Industriebetriebe im ländlichen Raum",
    "Digitale Plattform für die Pflege älterer Menschen zu Hause",
    "Batteriespeicher für Solarstrom in Gewerbegebieten",
    "Smarte Sensorik für vorausschauende Wartung von Maschinen",
    "Klimaanpassung von Städten: Begrünung und Regenwassermanagement",
    "Weiterbildung von Fachkräften in kleinen Handwerksbetrieben zur Digitalisierung",
    "Neue Verfahren zur Herstellung von Halbleitern und Leistungselektronik",
    "Biobasierte Verpackungen aus Holz und Agrarreststoffen",
    "Cybersicherheit für kleine und mittlere Unternehmen",
    "Energieeffiziente Glasschmelze mit elektrischer Beheizung",
    "Kreislaufwirtschaft in der Bauindustrie: Beton und Ziegel wiederverwenden",
    "Quantencomputing-Anwendungen in der Logistik",
    "We develop solid-state batteries for electric vehicles.",
    "Offshore wind turbines with new materials for the blades",
    "Early detection of cancer using blood tests and machine learning",
    "Reducing methane emissions from agriculture and livestock",
    "Open-source robotics for small manufacturing companies",
    "Monitoring biodiversity in forests with drones",
    "Secure 6G networks and edge computing",
    "Protecting cultural heritage sites against floods",
    "Sustainable aviation fuels from waste",
    "Water purification with ceramic membranes",
)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="rounds over all ideas (1)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nahwerk.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser

    from nahwerk.funding.fit import (
        FitFilters,
        call_index,
        fit_calls,
        open_calls,
        refresh_call_vectors,
    )
    from nahwerk.funding.importing import import_calls
    from nahwerk.funding.models import Call

    if not Call.objects.exists():
        say(import_calls().summary())
    started = time.perf_counter()
    embedded = refresh_call_vectors()
    embed_seconds = time.perf_counter() - started
    started = time.perf_counter()
    index = call_index.get()
    assert index is not None, "no call could be embedded"
    load_seconds = time.perf_counter() - started
    user = AnonymousUser()
    open_count = len(open_calls(user, FitFilters(), django.utils.timezone.localdate()))
    fit_calls("Warm-up: Keramik", user=user)  # models and analysers loaded once per process
    rounds: list[list[float]] = []
    found: list[int] = []
    for _round in range(args.rounds):
        times = []
        for idea in IDEAS:
            t0 = time.perf_counter()
            results = fit_calls(idea, user=user)
            times.append((time.perf_counter() - t0) * 1000)
            found.append(len(results))
        rounds.append(times)
    say(f"Fit ranking against {len(index)} calls ({open_count} open), {len(IDEAS)} ideas")
    say(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    say(f"calls embedded now: {embedded} ({embed_seconds:.1f} s)")
    say(f"index built from the stored vectors in {load_seconds:.2f} s")
    say("| round | median ms | p95 ms | max ms | calls found (median) |")
    say("| --- | ---: | ---: | ---: | ---: |")
    for i, times in enumerate(rounds, start=1):
        label = "1 (ideas embedded)" if i == 1 else f"{i} (idea vectors cached)"
        say(
            f"| {label} | {statistics.median(times):.0f} | {percentile(times, 0.95):.0f} "
            f"| {max(times):.0f} | {statistics.median(found):.0f} |"
        )


if __name__ == "__main__":
    main()
