"""Realistic generated organisation profiles and needs, German and English, for benchmarks."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

from nahwerk_engine.geo import Point
from nahwerk_engine.matching import Profile

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "data" / "reference"

KINDS = ("sme", "large_company", "research_institute", "university", "public_body", "association")
SIZE_BANDS = ("1-9", "10-49", "50-249", "250+")

# (German, English) pairs, so that a profile can be written in either language.
COMPETENCES = [
    ("keramische Filter für die Heißgasreinigung", "ceramic filters for hot-gas cleaning"),
    ("Laserstrahlschweißen von Aluminiumbauteilen", "laser beam welding of aluminium parts"),
    ("additive Fertigung von Metallbauteilen", "additive manufacturing of metal parts"),
    ("Spritzguss technischer Kunststoffteile", "injection moulding of technical plastic parts"),
    ("Oberflächenbeschichtung und Korrosionsschutz", "surface coating and corrosion protection"),
    ("Leistungselektronik für Elektrofahrzeuge", "power electronics for electric vehicles"),
    ("Batteriemanagementsysteme", "battery management systems"),
    ("Sensorik für die Prozessüberwachung", "sensors for process monitoring"),
    ("industrielle Bildverarbeitung", "industrial image processing"),
    ("Softwareentwicklung für eingebettete Systeme", "embedded software development"),
    ("maschinelles Lernen für die Qualitätssicherung", "machine learning for quality assurance"),
    ("Wasserstoffspeicher und Brennstoffzellen", "hydrogen storage and fuel cells"),
    ("Abwasserreinigung mit Membranverfahren", "wastewater treatment with membrane processes"),
    ("Recycling von Verbundwerkstoffen", "recycling of composite materials"),
    ("Holzbau und Fertighäuser", "timber construction and prefabricated houses"),
    ("Lebensmitteltechnologie und Haltbarkeit", "food technology and shelf life"),
    ("Medizintechnik und Implantate", "medical technology and implants"),
    ("Textilveredelung und technische Textilien", "textile finishing and technical textiles"),
    ("Glasbearbeitung und Optik", "glass processing and optics"),
    ("Werkstoffprüfung und Schadensanalyse", "materials testing and failure analysis"),
    ("Automatisierung von Montageanlagen", "automation of assembly lines"),
    ("Robotik in der Logistik", "robotics in logistics"),
    ("Energieeffizienz in Gebäuden", "energy efficiency in buildings"),
    ("Photovoltaik und Solarthermie", "photovoltaics and solar thermal energy"),
    ("Windenergieanlagen und Rotorblätter", "wind turbines and rotor blades"),
    ("Kältetechnik und Wärmepumpen", "refrigeration and heat pumps"),
    ("Präzisionszerspanung", "precision machining"),
    ("Galvanotechnik", "electroplating"),
    ("Pulvermetallurgie und Sintern", "powder metallurgy and sintering"),
    ("Leichtbau mit Faserverbundwerkstoffen", "lightweight construction with fibre composites"),
    ("Kunststoffrecycling", "plastics recycling"),
    ("IT-Sicherheit für Produktionsanlagen", "IT security for production plants"),
    ("digitale Zwillinge von Fabriken", "digital twins of factories"),
    (
        "Halbleiterfertigung und Reinraumtechnik",
        "semiconductor manufacturing and clean room technology",
    ),
    ("Mikrosystemtechnik", "microsystems engineering"),
    ("Akustik und Schwingungsmessung", "acoustics and vibration measurement"),
    ("Tribologie und Schmierstoffe", "tribology and lubricants"),
    ("Bioverfahrenstechnik", "bioprocess engineering"),
    ("Agrartechnik und Präzisionslandwirtschaft", "agricultural engineering and precision farming"),
    ("Laser-Haarentfernung und Kosmetik", "laser hair removal and cosmetics"),
]
EQUIPMENT = [
    ("Rasterelektronenmikroskop", "scanning electron microscope"),
    ("Hochtemperaturofen bis 1700 °C", "high-temperature furnace up to 1700 °C"),
    ("5-Achs-Fräszentrum", "5-axis milling centre"),
    ("Klimakammer", "climate chamber"),
    ("Pulverbettanlage für Metalldruck", "powder bed fusion machine for metal printing"),
    ("Röntgen-Computertomograph", "X-ray computed tomography scanner"),
    ("Prüfstand für Elektromotoren", "test bench for electric motors"),
    ("Reinraum ISO 7", "ISO 7 clean room"),
    ("Spritzgießmaschine 250 t", "250 t injection moulding machine"),
    ("Faserlaser 6 kW", "6 kW fibre laser"),
    ("Technikum für Membranversuche", "pilot plant for membrane trials"),
    ("Zugprüfmaschine", "tensile testing machine"),
]
REFERENCES = [
    ("Verbundprojekt mit einem Automobilzulieferer", "joint project with an automotive supplier"),
    (
        "ZIM-Kooperationsprojekt zur Ressourceneffizienz",
        "ZIM cooperation project on resource efficiency",
    ),
    (
        "Horizon-2020-Projekt zur Kreislaufwirtschaft",
        "Horizon 2020 project on the circular economy",
    ),
    (
        "Entwicklungsauftrag für einen Energieversorger",
        "development contract for an energy utility",
    ),
    ("Pilotanlage für ein Chemieunternehmen", "pilot plant for a chemical company"),
]
TEMPLATES_DE = [
    "{name} ist spezialisiert auf {c1}.",
    "Wir entwickeln und fertigen Lösungen im Bereich {c1} und {c2}.",
    "Unser Team bietet Beratung, Entwicklung und Prüfung rund um {c1}.",
    "Seit vielen Jahren arbeiten wir an {c1} für Kunden aus der Region.",
]
TEMPLATES_EN = [
    "{name} specialises in {c1}.",
    "We develop and manufacture solutions for {c1} and {c2}.",
    "Our team offers consulting, development and testing in {c1}.",
    "For many years we have worked on {c1} for customers in the region.",
]
NEEDS_DE = [
    "Wir suchen einen Partner für {c1}.",
    "Gesucht: Unterstützung bei {c1} und {c2} für ein Förderprojekt.",
    "Wer kann uns bei {c1} helfen? Wir planen ein gemeinsames Entwicklungsprojekt.",
]
NEEDS_EN = [
    "We are looking for a partner in {c1}.",
    "Seeking expertise in {c1} and {c2} for a funded project.",
]
NAME_PARTS = [
    "Nord",
    "Rhein",
    "Westerwald",
    "Ruhr",
    "Erz",
    "Technik",
    "Innovations",
    "Präzisions",
    "Werkstoff",
    "Energie",
    "Digital",
    "Systems",
    "Solutions",
    "Labor",
    "Institut",
]
LEGAL_FORMS = ["GmbH", "GmbH & Co. KG", "AG", "e. V.", "UG", "KG"]


def _wz_classes() -> list[tuple[str, str]]:
    with (REFERENCE / "wz2008_de.csv").open(encoding="utf-8") as handle:
        return [(r["code"], r["title_de"]) for r in csv.DictReader(handle) if r["level"] == "4"]


def _section_of_division() -> dict[str, str]:
    with (REFERENCE / "wz2008_de.csv").open(encoding="utf-8") as handle:
        return {r["code"]: r["parent"] for r in csv.DictReader(handle) if r["level"] == "2"}


def _places() -> list[tuple[str, Point]]:
    with (REFERENCE / "postcodes_geonames_de.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (r["community_code"], Point(float(r["latitude"]), float(r["longitude"])))
        for r in rows
        if r["community_code"] and r["latitude"]
    ]


def generate_profiles(n: int, *, seed: int = 7, english_share: float = 0.3) -> Iterator[Profile]:
    """``n`` organisation profiles with German or English texts, WZ titles and places."""
    rng = random.Random(seed)
    classes = _wz_classes()
    section = _section_of_division()
    places = _places()
    for i in range(n):
        english = rng.random() < english_share
        lang = 1 if english else 0
        name = f"{rng.choice(NAME_PARTS)}{rng.choice(NAME_PARTS).lower()} {rng.choice(LEGAL_FORMS)}"
        comps = [c[lang] for c in rng.sample(COMPETENCES, rng.randint(2, 5))]
        templates = TEMPLATES_EN if english else TEMPLATES_DE
        description = " ".join(
            t.format(name=name, c1=rng.choice(comps), c2=rng.choice(comps))
            for t in rng.sample(templates, rng.randint(1, 3))
        )
        fields = [("description", description), ("competences", ", ".join(comps))]
        if rng.random() < 0.5:
            fields.append(
                ("equipment", ", ".join(e[lang] for e in rng.sample(EQUIPMENT, rng.randint(1, 3))))
            )
        if rng.random() < 0.3:
            fields.append(("references", rng.choice(REFERENCES)[lang] + "."))
        wz = rng.sample(classes, rng.randint(1, 2))
        fields.append(("wz_titles", "; ".join(title for _, title in wz)))
        district, point = rng.choice(places)
        yield Profile(
            id=i + 1,
            name=name,
            kind=rng.choice(KINDS),
            point=point,
            district=district,
            networks=frozenset(rng.sample(range(1, 13), rng.randint(0, 2))),
            size_band=rng.choice(SIZE_BANDS),
            wz_sections=frozenset(section.get(code[:2], "") for code, _ in wz) - {""},
            fields=tuple(fields),
        )


def generate_needs(n: int, *, seed: int = 11) -> list[tuple[str, Point]]:
    """``n`` needs (German and English) with the asker's position."""
    rng = random.Random(seed)
    places = _places()
    needs = []
    for _ in range(n):
        english = rng.random() < 0.25
        c1, c2 = (c[1 if english else 0] for c in rng.sample(COMPETENCES, 2))
        template = rng.choice(NEEDS_EN if english else NEEDS_DE)
        needs.append((template.format(c1=c1, c2=c2), rng.choice(places)[1]))
    return needs
