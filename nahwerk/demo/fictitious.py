# German typography: the en dash is the Gedankenstrich of the texts, not a typo.
# ruff: noqa: RUF001
"""A seeded, deterministic generator of fictitious member organisations for the demo.

Nothing here describes a real organisation: every generated name carries the marker
"(Beispiel)", and the loader stores them with ``is_fictitious=True``. The generator is
pure (no database): the loader passes in the postcodes, the generator returns data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nahwerk.directory.choices import OrganisationKind, SizeBand
from nahwerk.networks.choices import FeeCategory

__all__ = [
    "ARCHETYPES",
    "FICTITIOUS_SOURCE_NOTE",
    "NAME_MARKER",
    "PROFILES",
    "PROSPECTS",
    "Archetype",
    "FictitiousOrganisation",
    "NetworkProfile",
    "PostcodeOption",
    "generate_members",
]

FICTITIOUS_SOURCE_NOTE = "Fiktives Beispiel für die Demo"
NAME_MARKER = "(Beispiel)"
# Fixed, not today(): the same data on every run and every machine.
MEMBERS_UNTIL = dt.date(2024, 12, 31)
# An archetype of this kind becomes an SME or, from 250 employees, a company.
BUSINESS = "business"
# Key of the region words that fit anywhere in a network.
ANYWHERE = "*"


@dataclass(frozen=True)
class PostcodeOption:
    """A postcode from the reference table, with its place and main district."""

    code: str
    place: str
    district_ags: str


@dataclass(frozen=True)
class Archetype:
    """A kind of member (e.g. a technical-ceramics SME) with its phrase banks.

    ``names`` are templates with a ``{region}`` placeholder; the first entry of
    ``competences`` is the core competence and always used, the rest are sampled.
    """

    key: str
    kind: str
    names: tuple[str, ...]
    legal_forms: tuple[str, ...]
    employees: tuple[int, int]
    industry_codes: tuple[str, ...]
    profile: str
    competences: tuple[str, ...]
    equipment: tuple[str, ...]
    references: tuple[str, ...]
    customers: tuple[str, ...] = ()
    preferred_postcodes: tuple[str, ...] = ()
    offers: str = ""  # what members of this kind offer others; the same for all of them


@dataclass(frozen=True)
class NetworkProfile:
    """What the fictitious members of one network look like and where they are.

    ``regions`` maps a district (AGS) to the landscape words that may name a member located
    there, so that a "Siegtal" company sits near the Sieg; ``ANYWHERE`` words fit all.
    """

    slug: str
    regions: Mapping[str, tuple[str, ...]]
    archetypes: tuple[str, ...]
    postcodes: tuple[str, ...]
    members_from: dt.date


@dataclass(frozen=True)
class FictitiousOrganisation:
    external_id: str
    archetype: str
    name: str
    legal_form: str
    kind: str
    employees: int
    size_band: str
    postcode: str
    city: str
    district_ags: str
    industry_codes: tuple[str, ...]
    description: str
    competences: str
    equipment: str
    references: str
    member_since: dt.date
    fee_category: str
    offers: str = ""


_CERAMICS_AREA = ("56203", "56204", "56235", "56237", "56410", "56412", "56422", "56424", "56427")

_GENERIC_CUSTOMERS = (
    "Zu den Kunden zählen mittelständische Industriebetriebe in der Region und im In- und Ausland.",
    "Die Kunden kommen überwiegend aus einem Umkreis von rund 100 Kilometern.",
    "Das Unternehmen liefert an Kunden in ganz Deutschland und exportiert rund ein Drittel "
    "seiner Produktion.",
    "Das Unternehmen bildet selbst aus und bietet Praktika sowie Abschlussarbeiten an.",
)

ARCHETYPES: dict[str, Archetype] = {
    a.key: a
    for a in (
        # --- Ceramics (IMKK) ---------------------------------------------------------------
        Archetype(
            key="ceramic_technical",
            offers=(
                "Musterteile und Kleinserien aus technischer Keramik für Entwicklungsprojekte; "
                "Beratung zur keramikgerechten Konstruktion."
            ),
            kind=BUSINESS,
            names=("{region} Technische Keramik", "Hochleistungskeramik {region}"),
            legal_forms=("GmbH", "GmbH & Co. KG"),
            employees=(35, 180),
            industry_codes=("23.44", "23.43"),
            profile=(
                "Entwickelt und fertigt Bauteile aus technischer Keramik – Aluminiumoxid, "
                "Zirkonoxid und Siliciumnitrid – für Hochtemperaturanwendungen, "
                "Verschleißschutz und elektrische Isolation."
            ),
            competences=(
                "Technische Keramik für Hochtemperaturanwendungen bis 1.600 °C",
                "Oxid- und Nichtoxidkeramik (Al₂O₃, ZrO₂, Si₃N₄, SiC)",
                "Trockenpressen, isostatisches Pressen und keramischer Spritzguss (CIM)",
                "Sintern unter Luft und Schutzgas, Hartbearbeitung durch Schleifen und Läppen",
                "Keramikgerechte Konstruktion und Werkstoffauswahl",
                "Isolatoren und Verschleißschutzteile in Klein- und Mittelserie",
            ),
            equipment=(
                "Isostatische Presse",
                "Elektrisch beheizte Sinteröfen bis 1.700 °C",
                "CNC-Schleifmaschinen für Grün- und Hartbearbeitung",
                "Koordinatenmessgerät und Dichtemessung",
            ),
            references=(
                "Keramische Isolierhülsen für Thermoelemente eines Messtechnikherstellers "
                "(Serie seit 2018)",
                "Verschleißfeste Gleitringe aus Siliciumcarbid für einen Pumpenhersteller",
                "Keramikbauteil für einen Hochtemperatur-Wärmetauscher in einem "
                "ZIM-Kooperationsprojekt (2020–2022)",
            ),
            customers=(
                "Kunden sind Hersteller von Industrieöfen, Messtechnik und Pumpen sowie die "
                "Halbleiterindustrie.",
            ),
            preferred_postcodes=_CERAMICS_AREA,
        ),
        Archetype(
            key="ceramic_filter",
            offers=(
                "Messungen auf unserem Heißgas-Prüfstand für Partner; Muster poröser Keramik für "
                "Versuche."
            ),
            kind=BUSINESS,
            names=("{region} Filterkeramik", "Heißgas-Filtertechnik {region}"),
            legal_forms=("GmbH",),
            employees=(20, 90),
            industry_codes=("23.44", "28.29"),
            profile=(
                "Spezialisiert auf keramische Filter für die Heißgasfiltration: Filterkerzen "
                "und Filterelemente aus Siliciumcarbid und Aluminiumsilikat reinigen "
                "Prozessgase bei Temperaturen bis 900 °C."
            ),
            competences=(
                "Keramische Filterkerzen und Filterelemente für die Heißgasfiltration",
                "Porosität und Permeabilität poröser Keramik gezielt einstellen",
                "Heißgasentstaubung in Biomassevergasung, Glasindustrie und Müllverbrennung",
                "Katalytisch beschichtete Filterelemente zur gleichzeitigen Entstickung",
                "Auslegung und Nachrüstung von Filteranlagen",
            ),
            equipment=(
                "Prüfstand für Druckverlust und Abscheidegrad bei bis zu 900 °C",
                "Tunnelofen für poröse Keramik",
                "Quecksilberporosimeter",
            ),
            references=(
                "Heißgasfilter für eine Biomassevergasungsanlage in Süddeutschland",
                "Ersatzfilterkerzen für die Glasschmelzwannen eines Behälterglasherstellers",
                "Forschungsprojekt zur Feinstaubabscheidung bei hohen Temperaturen mit einer "
                "Hochschule (2019–2021)",
            ),
            customers=(
                "Kunden sind Anlagenbauer und Betreiber thermischer Prozesse in Energie-, "
                "Glas- und Chemieindustrie.",
            ),
            preferred_postcodes=_CERAMICS_AREA,
        ),
        Archetype(
            key="ceramic_refractory",
            kind=BUSINESS,
            names=("Feuerfestwerk {region}", "{region} Feuerfest"),
            legal_forms=("GmbH", "GmbH & Co. KG"),
            employees=(60, 240),
            industry_codes=("23.20",),
            profile=(
                "Stellt Feuerfestmaterialien her – geformte Steine, Feuerbetone und "
                "Stampfmassen – und übernimmt die Zustellung von Industrieöfen in der Stahl-, "
                "Glas- und Zementindustrie."
            ),
            competences=(
                "Feuerfestmaterialien: feuerfeste Steine, Feuerbetone, Stampf- und Spritzmassen",
                "Ofenauskleidung und Zustellung von Industrieöfen, auch im Notdienst",
                "Hochtonerde- und Schamottewerkstoffe, Isoliersteine",
                "Prüfung von Thermoschockbeständigkeit und Schlackenresistenz",
                "Verschleißanalyse und Rückbau ausgemauerter Aggregate",
            ),
            equipment=(
                "Hydraulische Steinpressen",
                "Tunnelofen bis 1.750 °C",
                "Heißbiegefestigkeitsprüfung (HMOR)",
                "Mischanlage für monolithische Feuerfestprodukte",
            ),
            references=(
                "Neuzustellung einer Gießpfanne für ein Stahlwerk",
                "Feuerfestauskleidung eines Drehrohrofens in der Zementindustrie",
                "Entwicklung eines CO₂-ärmeren Feuerbetons mit einem Forschungsinstitut "
                "(2021–2023)",
            ),
            preferred_postcodes=_CERAMICS_AREA,
        ),
        Archetype(
            key="ceramic_sinter_service",
            offers=("Lohnsintern und Wärmebehandlung für Partner, auch in kleinen Losen."),
            kind=BUSINESS,
            names=("Sinter- und Brenntechnik {region}", "{region} Lohnbrand"),
            legal_forms=("GmbH",),
            employees=(12, 45),
            industry_codes=("23.44", "23.49"),
            profile=(
                "Bietet Sintern, Entbindern und Lohnbrand als Dienstleistung an – vom "
                "Musterbrand im Labormaßstab bis zur Serienfertigung keramischer und "
                "pulvermetallurgischer Bauteile."
            ),
            competences=(
                "Lohnsintern und Lohnbrand bis 1.800 °C unter Luft, Stickstoff, Wasserstoff "
                "oder Vakuum",
                "Thermisches und katalytisches Entbindern",
                "Pulveraufbereitung: Mahlen, Sprühtrocknen, Granulieren",
                "Optimierung von Sinterkurven und Vorhersage der Schwindung",
                "Kleinserien für Entwicklungsprojekte",
            ),
            equipment=(
                "Kammeröfen und Haubenofen bis 1.800 °C",
                "Vakuum-Sinterofen",
                "Sprühtrockner",
                "Dilatometer zur Bestimmung von Sinterkurven",
            ),
            references=(
                "Sintern von Prototypen aus dem keramischen 3D-Druck für ein Start-up",
                "Serienbrand von Zirkonoxid-Bauteilen für die Dentaltechnik",
                "Entbinderungsversuche für einen Hersteller pulvermetallurgischer Teile",
            ),
            preferred_postcodes=_CERAMICS_AREA,
        ),
        Archetype(
            key="ceramic_additive_startup",
            kind=OrganisationKind.STARTUP,
            names=("{region} Keramik-3D", "KeraLayer {region}"),
            legal_forms=("UG (haftungsbeschränkt)", "GmbH"),
            employees=(3, 14),
            industry_codes=("23.44", "72.19"),
            profile=(
                "Druckt technische Keramik additiv: Im stereolithografischen 3D-Druck "
                "entstehen komplexe Keramikbauteile ohne Werkzeug, vom Prototyp bis zur "
                "Kleinserie."
            ),
            competences=(
                "Additive Fertigung technischer Keramik (Stereolithografie, Binder Jetting)",
                "Komplexe Geometrien: Gitterstrukturen, innenliegende Kanäle, Leichtbau",
                "Schnelle Prototypen für Hochtemperaturanwendungen",
                "Konstruktionsberatung für den keramischen 3D-Druck",
            ),
            equipment=(
                "Zwei Stereolithografie-Drucker für Keramiksuspensionen",
                "Entbinderungsofen",
                "3D-Scanner",
            ),
            references=(
                "Prototypen von Brennerdüsen aus Aluminiumoxid für einen Ofenbauer",
                "Keramische Wärmetauscherstrukturen in einem Machbarkeitsprojekt mit einer "
                "Hochschule",
            ),
            customers=("Das Team sucht Pilotkunden aus Ofenbau, Chemie und Medizintechnik.",),
            preferred_postcodes=_CERAMICS_AREA,
        ),
        Archetype(
            key="ceramic_stoneware",
            kind=BUSINESS,
            names=("Steinzeugmanufaktur {region}", "{region} Steinzeug"),
            legal_forms=("GmbH", "e.K."),
            employees=(8, 40),
            industry_codes=("23.41", "23.49"),
            profile=(
                "Fertigt salzglasiertes Steinzeug in Westerwälder Tradition, dazu "
                "Baukeramik und Sonderanfertigungen für Architektur und Gastronomie."
            ),
            competences=(
                "Salzglasiertes Steinzeug und Engobe-Glasuren",
                "Drehen, Gießen und Pressen von Steinzeug",
                "Fassaden- und Baukeramik als Sonderanfertigung",
                "Restaurierung historischer Keramik",
                "Kleinserien für Gastronomie und Handel",
            ),
            equipment=(
                "Gasbefeuerter Salzbrandofen",
                "Elektro-Kammerofen",
                "Gipsformenbau",
                "Vakuumstrangpresse",
            ),
            references=(
                "Fassadenkeramik für ein Bürogebäude in Koblenz",
                "Geschirrserie für ein Hotel im Westerwald",
            ),
            preferred_postcodes=_CERAMICS_AREA,
        ),
        Archetype(
            key="materials_institute",
            offers=(
                "Werkstoffprüfung und Schadensanalyse im Auftrag; gemeinsame Förderanträge (ZIM, "
                "WIR!); Abschlussarbeiten in Kooperation mit Unternehmen."
            ),
            kind=OrganisationKind.RESEARCH_INSTITUTE,
            names=(
                "Institut für Werkstoffprüfung {region}",
                "Prüf- und Forschungsinstitut Werkstoffe {region}",
            ),
            legal_forms=("e.V.",),
            employees=(15, 60),
            industry_codes=("71.20", "72.19"),
            profile=(
                "Prüft und charakterisiert keramische, metallische und polymere Werkstoffe "
                "und begleitet Unternehmen bei Werkstoffentwicklung und Schadensanalyse."
            ),
            competences=(
                "Werkstoffcharakterisierung von Keramik, Metall und Kunststoff",
                "Thermische Analyse (DSC, TGA, Dilatometrie)",
                "Schadensanalyse an Keramik-, Metall- und Kunststoffbauteilen",
                "Rasterelektronenmikroskopie mit EDX",
                "Prüfungen nach DIN EN ISO",
                "Begleitung von F&E-Förderprojekten",
            ),
            equipment=(
                "Rasterelektronenmikroskop mit EDX",
                "Universalprüfmaschine bis 100 kN",
                "Hochtemperatur-Dilatometer",
                "Röntgendiffraktometer",
            ),
            references=(
                "Schadensanalyse gebrochener Keramikisolatoren für einen Energieversorger",
                "Begleitforschung in einem Verbundprojekt zu recyclingfähigen "
                "Verbundwerkstoffen (2020–2023)",
            ),
            customers=(
                "Das Institut bietet Praktika, Abschlussarbeiten und Auftragsforschung an.",
            ),
        ),
        # --- Metal -------------------------------------------------------------------------
        Archetype(
            key="metal_sheet_welding",
            kind=BUSINESS,
            names=("{region} Blechtechnik", "Metallbau {region}", "Schweißtechnik {region}"),
            legal_forms=("GmbH", "GmbH & Co. KG"),
            employees=(20, 150),
            industry_codes=("25.11", "25.62"),
            profile=(
                "Fertigt Blechteile und geschweißte Baugruppen aus Stahl, Edelstahl und "
                "Aluminium – vom Laserzuschnitt über das Abkanten bis zum Roboterschweißen."
            ),
            competences=(
                "Blechbearbeitung und Schweißbaugruppen aus Stahl, Edelstahl und Aluminium",
                "Laserschneiden und Abkanten von Blechen bis 20 mm",
                "MIG/MAG-, WIG- und Roboterschweißen",
                "Schweißbaugruppen nach DIN EN 1090 (EXC2)",
                "Gestelle, Gehäuse und Verkleidungen für den Maschinenbau",
            ),
            equipment=(
                "Faserlaser-Schneidanlage 6 kW",
                "CNC-Abkantpressen",
                "Zwei Schweißroboterzellen",
                "Pulverbeschichtungsanlage",
            ),
            references=(
                "Maschinengestelle für einen Sondermaschinenbauer der Region (Serie)",
                "Edelstahlgehäuse für einen Hersteller von Lebensmittelmaschinen",
                "Schweißbaugruppen für die Fördertechnik",
            ),
        ),
        Archetype(
            key="metal_machining",
            kind=BUSINESS,
            names=(
                "CNC-Präzisionstechnik {region}",
                "{region} Zerspanungstechnik",
                "Präzisionsdreherei {region}",
            ),
            legal_forms=("GmbH",),
            employees=(15, 120),
            industry_codes=("25.62",),
            profile=(
                "Zerspant Präzisionsteile aus Stahl, Aluminium, Titan und Kunststoffen auf "
                "CNC-Dreh- und Fräszentren, vom Einzelteil bis zur Serie."
            ),
            competences=(
                "CNC-Zerspanung von Präzisionsteilen",
                "5-Achs-Simultanfräsen",
                "CNC-Drehen mit angetriebenen Werkzeugen",
                "Bearbeitung schwer zerspanbarer Werkstoffe wie Titan und Inconel",
                "Toleranzen bis ±0,005 mm, Erstmusterprüfberichte nach VDA",
            ),
            equipment=(
                "5-Achs-Bearbeitungszentren",
                "CNC-Drehzentren mit Stangenlader",
                "3D-Koordinatenmessmaschine",
                "Drahterodiermaschine",
            ),
            references=(
                "Hydraulikkomponenten für einen Landmaschinenhersteller",
                "Titan-Rohlinge für einen Medizintechnikhersteller",
                "Vorrichtungsbau für eine Montagelinie eines Automobilzulieferers",
            ),
        ),
        Archetype(
            key="metal_foundry",
            kind=BUSINESS,
            names=("Gießerei {region}", "{region} Eisen- und Aluminiumguss"),
            legal_forms=("GmbH", "GmbH & Co. KG"),
            employees=(40, 230),
            industry_codes=("24.51", "24.53"),
            profile=(
                "Gießt Bauteile aus Gusseisen und Aluminium im Sand- und Kokillenguss, mit "
                "Modellbau, Wärmebehandlung und mechanischer Bearbeitung aus einer Hand."
            ),
            competences=(
                "Sandguss aus Gusseisen von 1 kg bis 2 t",
                "Aluminium-Kokillenguss",
                "Gießsimulation und gießgerechte Konstruktion",
                "Eigener Modellbau",
                "Wärmebehandlung und Strahlen",
            ),
            equipment=(
                "Induktionsschmelzöfen",
                "Formanlage mit Kernschießmaschinen",
                "Software für Gießsimulation",
                "Spektrometer zur Schmelzanalyse",
            ),
            references=(
                "Pumpengehäuse aus Gusseisen für einen Armaturenhersteller",
                "Aluminiumgehäuse für Elektromotoren",
                "Gussteile für Windkraftanlagen",
            ),
        ),
        Archetype(
            key="metal_surface",
            kind=BUSINESS,
            names=("{region} Oberflächentechnik", "Galvanik {region}", "Härterei {region}"),
            legal_forms=("GmbH",),
            employees=(15, 110),
            industry_codes=("25.61",),
            profile=(
                "Veredelt Oberflächen von Metallbauteilen durch Galvanik, Anodisieren, "
                "Pulverbeschichtung und Wärmebehandlung und schützt sie so vor Korrosion und "
                "Verschleiß."
            ),
            competences=(
                "Oberflächenveredlung und Korrosionsschutz von Metallbauteilen",
                "Galvanisches Verzinken, Vernickeln und Verchromen",
                "Eloxieren und Hartanodisieren von Aluminium",
                "Härten, Einsatzhärten und Nitrieren",
                "Schichtdickenmessung und Salzsprühnebelprüfung",
            ),
            equipment=(
                "Galvanik-Gestell- und Trommelanlagen",
                "Eloxallinie",
                "Vakuum-Härteofen",
                "Salzsprühnebelkammer",
            ),
            references=(
                "Korrosionsschutz für Fahrwerksteile eines Automobilzulieferers",
                "Hartanodisierte Aluminiumteile für den Maschinenbau",
                "Nitrierte Werkzeugkomponenten für einen Kunststoffverarbeiter",
            ),
        ),
        Archetype(
            key="surface_coating",
            kind=BUSINESS,
            names=("{region} Dünnschichttechnik", "Plasma-Beschichtung {region}"),
            legal_forms=("GmbH",),
            employees=(10, 60),
            industry_codes=("25.61",),
            profile=(
                "Beschichtet Metall- und Kunststoffoberflächen im Vakuum: PVD-, Plasma- und "
                "Dünnschichttechnik für leitfähige, kratzfeste und dekorative Oberflächen."
            ),
            competences=(
                "PVD- und Plasmabeschichtung von Metall und Kunststoff",
                "Leitfähige Schichten für die Funktionalisierung von Verbundwerkstoffen",
                "Haftvermittlung durch Plasmavorbehandlung",
                "Kratzfeste und dekorative Beschichtungen",
            ),
            equipment=(
                "PVD-Durchlaufanlage",
                "Niederdruck-Plasmaanlage",
                "Schichtdicken- und Haftfestigkeitsprüfung",
            ),
            references=(
                "Leitfähige Beschichtung von Kunststoffgehäusen zur EMV-Abschirmung",
                "Plasmavorbehandlung von Faserverbundbauteilen vor dem Kleben",
            ),
        ),
        # --- Plastics ----------------------------------------------------------------------
        Archetype(
            key="plastics_injection",
            kind=BUSINESS,
            names=("{region} Kunststofftechnik", "Kunststoff-Spritzguss {region}"),
            legal_forms=("GmbH", "GmbH & Co. KG"),
            employees=(25, 260),
            industry_codes=("22.29",),
            profile=(
                "Produziert technische Kunststoffteile im Spritzguss – von Kleinteilen bis "
                "zu Mehrkomponententeilen – einschließlich Werkzeugbau und Montage."
            ),
            competences=(
                "Kunststoff-Spritzguss technischer Teile",
                "Mehrkomponenten- und Insert-Technik",
                "Eigener Werkzeug- und Formenbau",
                "Verarbeitung technischer Thermoplaste (PA, PBT, PEEK)",
                "Reinraumfertigung nach ISO 8",
            ),
            equipment=(
                "Spritzgießmaschinen von 50 bis 800 t Schließkraft",
                "Werkzeugbau mit Senkerodieren",
                "Reinraum ISO 8",
                "Ultraschallschweißanlagen",
            ),
            references=(
                "Steckergehäuse für einen Hersteller von Fahrzeugelektronik",
                "Kunststoffkomponenten für Haushaltsgeräte",
                "Leichtbau-Halterungen aus glasfaserverstärktem PA",
            ),
        ),
        Archetype(
            key="plastics_extrusion",
            kind=BUSINESS,
            names=("{region} Profilextrusion", "Extrusionstechnik {region}"),
            legal_forms=("GmbH",),
            employees=(20, 140),
            industry_codes=("22.21",),
            profile=(
                "Extrudiert Profile, Schläuche und Platten aus Kunststoff nach Kundenzeichnung, "
                "einschließlich Coextrusion und Weiterverarbeitung."
            ),
            competences=(
                "Profil- und Schlauchextrusion aus PVC, PE, PP und TPE",
                "Coextrusion mehrerer Werkstoffe",
                "Einsatz von Rezyklaten und Materialentwicklung",
                "Konfektionieren, Stanzen und Bedrucken",
            ),
            equipment=(
                "Sechs Extrusionslinien",
                "Werkzeugbau für Extrusionsdüsen",
                "Inline-Messtechnik",
            ),
            references=(
                "Dichtungsprofile für einen Fensterhersteller",
                "Schutzschläuche für Kabelbäume",
            ),
        ),
        Archetype(
            key="composites_startup",
            kind=OrganisationKind.STARTUP,
            names=("{region} Composites", "FaserWerk {region}"),
            legal_forms=("GmbH", "UG (haftungsbeschränkt)"),
            employees=(4, 18),
            industry_codes=("22.29", "72.19"),
            profile=(
                "Entwickelt Leichtbauteile aus faserverstärkten Kunststoffen und "
                "Hybridbauweisen aus Metall und Kunststoff, vom Konzept bis zum Prototyp."
            ),
            competences=(
                "Faserverbundbauteile aus Carbon- und Glasfasern",
                "Organoblech-Umspritzen und Hybridbauweise",
                "FEM-Simulation für den Leichtbau",
                "Prototypenbau im Vakuuminfusionsverfahren",
                "Recycling von Faserverbundwerkstoffen",
            ),
            equipment=(
                "Heißpresse",
                "Vakuuminfusionsstand",
                "CNC-Portalfräse für Faserverbund",
            ),
            references=(
                "Leichtbau-Querträger als Prototyp für einen Automobilzulieferer",
                "Förderprojekt zu recycelten Carbonfasern (2022–2024)",
            ),
        ),
        # --- Not manufacturing -------------------------------------------------------------
        Archetype(
            key="cosmetics_studio",
            kind=OrganisationKind.SME,
            names=("Kosmetikstudio Hautnah {region}", "Beauty-Lounge {region}"),
            legal_forms=("Einzelunternehmen",),
            employees=(2, 4),
            industry_codes=("96.02",),
            profile=(
                "Kosmetikstudio für Gesichtsbehandlungen, Maniküre, Pediküre und "
                "Wellnessanwendungen."
            ),
            competences=(
                "Klassische und apparative Gesichtsbehandlungen",
                "Maniküre, Pediküre und Nageldesign",
                "Wimpern- und Augenbrauenstyling",
                "Hot-Stone-Massagen und Wellnessanwendungen",
                "Hautanalyse und Pflegeberatung",
            ),
            equipment=("Behandlungsliegen", "Hautanalysegerät", "Arbeitsplatz für Nageldesign"),
            references=(
                "Verwöhntag für die Belegschaft eines örtlichen Unternehmens",
                "Gemeinschaftsaktion mit dem örtlichen Gewerbeverein",
            ),
            customers=("Die Kundschaft kommt aus dem Ort und der näheren Umgebung.",),
        ),
        Archetype(
            key="marketing_agency",
            kind=BUSINESS,
            names=("Werbeagentur {region}", "{region} Kommunikation"),
            legal_forms=("GmbH",),
            employees=(5, 25),
            industry_codes=("73.11",),
            profile=(
                "Agentur für Markenauftritt, Webseiten und Messekommunikation mittelständischer "
                "Unternehmen."
            ),
            competences=(
                "Corporate Design und Markenentwicklung",
                "Webseiten und Suchmaschinenoptimierung",
                "Messestände und Messekommunikation",
                "Fotografie und Imagefilm",
                "Personalmarketing und Karriereseiten",
            ),
            equipment=("Fotostudio", "Großformatdrucker"),
            references=(
                "Messeauftritt eines Maschinenbauers",
                "Karriereseite für einen Industriebetrieb der Region",
            ),
        ),
        # --- Production and production-related services ------------------------------------
        Archetype(
            key="mechanical_engineering",
            kind=BUSINESS,
            names=(
                "Sondermaschinenbau {region}",
                "{region} Anlagenbau",
                "Maschinenfabrik {region}",
            ),
            legal_forms=("GmbH", "GmbH & Co. KG"),
            employees=(30, 320),
            industry_codes=("28.29", "28.99"),
            profile=(
                "Konstruiert und baut Sondermaschinen und automatisierte Montageanlagen für "
                "die Automobil-, Elektro- und Konsumgüterindustrie."
            ),
            competences=(
                "Sondermaschinenbau und automatisierte Montage- und Prüfanlagen",
                "Robotik und Handhabungstechnik",
                "Steuerungstechnik und Inbetriebnahme",
                "Retrofit bestehender Anlagen",
                "Mechanische Fertigung und Montage",
            ),
            equipment=(
                "Montagehalle mit 15-t-Kran",
                "CAD/CAE-Arbeitsplätze",
                "Eigene mechanische Fertigung",
            ),
            references=(
                "Montagelinie für Elektromotoren eines Zulieferers",
                "Prüfanlage für Ventile eines Armaturenherstellers",
                "Retrofit einer Pressenstraße",
            ),
        ),
        Archetype(
            key="automation_electrical",
            kind=BUSINESS,
            names=("{region} Automatisierungstechnik", "Elektro- und Steuerungstechnik {region}"),
            legal_forms=("GmbH",),
            employees=(12, 90),
            industry_codes=("27.12", "33.20"),
            profile=(
                "Plant, programmiert und baut Schaltanlagen und Steuerungen für "
                "Produktionsanlagen, einschließlich der Anbindung an Industrie-4.0-Systeme."
            ),
            competences=(
                "Schaltschrankbau und SPS-Programmierung für Produktionsanlagen",
                "Antriebstechnik und Visualisierung",
                "Anbindung von Maschinen an MES und Cloud (OPC UA)",
                "Prüfung elektrischer Anlagen nach DGUV V3",
            ),
            equipment=(
                "Schaltschrankfertigung mit Drahtkonfektionierung",
                "Testfeld für Inbetriebnahmen",
            ),
            references=(
                "Steuerungsmodernisierung einer Walzanlage",
                "Schaltanlagen für eine Abfüllanlage eines Getränkeherstellers",
            ),
        ),
        Archetype(
            key="engineering_office",
            kind=BUSINESS,
            names=("Ingenieurbüro {region}", "{region} Engineering", "Konstruktionsbüro {region}"),
            legal_forms=("GmbH", "PartG"),
            employees=(5, 60),
            industry_codes=("71.12",),
            profile=(
                "Entwicklungs- und Konstruktionsdienstleister für produzierende Unternehmen: "
                "von der Idee über Berechnung und Simulation bis zur Fertigungsdokumentation."
            ),
            competences=(
                "Konstruktion und Produktentwicklung im Kundenauftrag",
                "FEM-Berechnung und Strömungssimulation (CFD)",
                "Technische Dokumentation und CE-Kennzeichnung",
                "Machbarkeitsstudien und Projektmanagement",
            ),
            equipment=("CAD- und Simulationsarbeitsplätze", "3D-Drucker für Funktionsprototypen"),
            references=(
                "Konstruktion einer Verpackungsmaschine für einen Sondermaschinenbauer",
                "Strömungssimulation eines Industriebrenners",
                "CE-Dokumentation für eine verkettete Produktionsanlage",
            ),
        ),
        Archetype(
            key="craft_metal",
            kind=BUSINESS,
            names=("Metallbau und Schlosserei {region}", "Meisterbetrieb Stahlbau {region}"),
            legal_forms=("e.K.", "GmbH"),
            employees=(4, 25),
            industry_codes=("25.11", "25.12"),
            profile=(
                "Handwerklicher Meisterbetrieb für Metallbau: Treppen, Geländer, "
                "Stahlkonstruktionen und Reparaturen – auch als Zulieferer für Industriebetriebe."
            ),
            competences=(
                "Stahl- und Edelstahlbau nach Maß",
                "Schweißarbeiten in der Werkstatt und auf Montage",
                "Reparatur und Instandhaltung von Betriebseinrichtungen",
                "Kleinserien als Zulieferer",
            ),
            equipment=("Werkstatt mit Brückenkran", "Bandsäge und Abkantbank", "Montagefahrzeuge"),
            references=(
                "Bühnen und Treppen für eine Produktionshalle",
                "Schutzgitter für einen Maschinenbauer",
            ),
            customers=("Der Betrieb bildet Metallbauerinnen und Metallbauer aus.",),
        ),
        Archetype(
            key="testing_lab",
            offers=(
                "Akkreditierte Prüfungen im Auftrag, kurzfristige Termine für Mitglieder des "
                "Netzwerks."
            ),
            kind=BUSINESS,
            names=("Prüflabor {region}", "Werkstoffprüfung {region}"),
            legal_forms=("GmbH",),
            employees=(8, 45),
            industry_codes=("71.20",),
            profile=(
                "Prüflabor für mechanisch-technologische und zerstörungsfreie "
                "Werkstoffprüfung an Metallen und Schweißverbindungen."
            ),
            competences=(
                "Zerstörungsfreie Prüfung (Ultraschall, Röntgen, Magnetpulver)",
                "Zug-, Kerbschlag- und Härteprüfung",
                "Schweißnahtprüfung und Verfahrensprüfungen",
                "Metallografie",
            ),
            equipment=("Universalprüfmaschine", "Röntgenprüfanlage", "Ultraschallprüfgeräte"),
            references=(
                "Verfahrensprüfungen für einen Stahlbaubetrieb",
                "Schadensanalyse an einer Antriebswelle",
            ),
        ),
        Archetype(
            key="production_it",
            kind=BUSINESS,
            names=("{region} Industrie-Software", "Fertigungs-IT {region}"),
            legal_forms=("GmbH",),
            employees=(8, 70),
            industry_codes=("62.01",),
            profile=(
                "Entwickelt Software für die Fertigung: Betriebsdatenerfassung, Manufacturing "
                "Execution Systems und Auswertungen für kleine und mittlere Produktionsbetriebe."
            ),
            competences=(
                "MES und Betriebsdatenerfassung",
                "Anbindung von Maschinen über OPC UA und MQTT",
                "Kennzahlen-Dashboards (OEE)",
                "Datenanalyse und vorausschauende Wartung",
                "IT-Sicherheit in der Produktion",
            ),
            equipment=("Testumgebung mit Maschinensteuerungen",),
            references=(
                "Einführung eines MES bei einem Kunststoffverarbeiter",
                "Maschinenanbindung in einer Gießerei",
            ),
        ),
        Archetype(
            key="iiot_startup",
            kind=OrganisationKind.STARTUP,
            names=("{region} Sensorik", "Smart Factory {region}"),
            legal_forms=("GmbH", "UG (haftungsbeschränkt)"),
            employees=(3, 15),
            industry_codes=("26.51", "62.01"),
            profile=(
                "Nachrüstbare Funksensoren und Auswertesoftware für die Zustandsüberwachung "
                "von Maschinen (Condition Monitoring)."
            ),
            competences=(
                "Condition Monitoring mit nachrüstbaren Funksensoren",
                "Schwingungs- und Temperatursensorik",
                "Funkübertragung (LoRaWAN, 5G)",
                "Maschinelles Lernen zur Anomalieerkennung",
            ),
            equipment=("Elektroniklabor", "Schwingungsprüfstand"),
            references=(
                "Pilotinstallation an Pumpen eines Wasserversorgers",
                "Zustandsüberwachung von Spindeln in einem Zerspanungsbetrieb",
            ),
        ),
        Archetype(
            key="production_institute",
            offers=(
                "Machbarkeitsstudien und Versuche in der Lernfabrik; Schulungen für Fachkräfte "
                "aus Unternehmen."
            ),
            kind=OrganisationKind.RESEARCH_INSTITUTE,
            names=(
                "Institut für Produktionstechnik {region}",
                "Forschungszentrum Fertigung {region}",
            ),
            legal_forms=("e.V.",),
            employees=(20, 90),
            industry_codes=("72.19",),
            profile=(
                "Anwendungsnahes Institut für Produktionstechnik: Fertigungsverfahren, "
                "Automatisierung und Digitalisierung, mit Transferangeboten für KMU."
            ),
            competences=(
                "Fertigungsverfahren und Prozessoptimierung",
                "Automatisierung und Robotik",
                "Digitalisierung und Industrie 4.0 im Mittelstand",
                "Studien- und Abschlussarbeiten mit Unternehmen",
                "Begleitung von Förderprojekten (ZIM, EFRE)",
            ),
            equipment=("Lernfabrik mit Montagelinie", "Roboterlabor", "Messlabor"),
            references=(
                "Digitalisierung der Montage eines mittelständischen Maschinenbauers",
                "Verbundprojekt zur ressourcenschonenden Fertigung (2019–2022)",
            ),
        ),
        # --- Emscher-Lippe (no focus industries recorded: a plausible regional mix) --------
        Archetype(
            key="chemicals",
            kind=BUSINESS,
            names=("{region} Spezialchemie", "Chemische Werke {region}"),
            legal_forms=("GmbH", "GmbH & Co. KG"),
            employees=(40, 400),
            industry_codes=("20.59", "20.16"),
            profile=(
                "Produziert Spezialchemikalien und Additive für die Kunststoff-, Lack- und "
                "Bauindustrie im Lohn- und Eigenauftrag."
            ),
            competences=(
                "Spezialchemikalien und Polymeradditive",
                "Lohnsynthese und Lohnabfüllung",
                "Verfahrensentwicklung vom Labor bis zur Produktion",
                "REACH-Registrierung und Gefahrstoffmanagement",
            ),
            equipment=(
                "Rührkesselreaktoren von 1 bis 25 m³",
                "Technikum",
                "Analytiklabor mit HPLC und GC-MS",
            ),
            references=(
                "Maßgeschneidertes Dispergieradditiv für einen Lackhersteller",
                "Lohnproduktion eines Flammschutzmittels",
            ),
        ),
        Archetype(
            key="energy_plant",
            kind=BUSINESS,
            names=("{region} Energietechnik", "Anlagenbau {region} Energie"),
            legal_forms=("GmbH",),
            employees=(20, 180),
            industry_codes=("33.20", "43.22"),
            profile=(
                "Plant, baut und wartet Anlagen für Wärme, Kälte und Wasserstoff in Industrie "
                "und Kommunen."
            ),
            competences=(
                "Planung und Bau von Energieanlagen für Wärme, Kälte und Wasserstoff",
                "Blockheizkraftwerke und Großwärmepumpen",
                "Rohrleitungsbau und Anlagenmontage",
                "Wartung und Störungsdienst",
            ),
            equipment=("Vorfertigungswerkstatt für Rohrleitungen", "Servicefahrzeugflotte"),
            references=(
                "Großwärmepumpe für ein Fernwärmenetz",
                "Elektrolyseur im Pilotmaßstab für einen Industriepark",
            ),
        ),
        Archetype(
            key="logistics",
            kind=BUSINESS,
            names=("{region} Logistik", "Spedition {region}"),
            legal_forms=("GmbH", "GmbH & Co. KG"),
            employees=(30, 350),
            industry_codes=("49.41", "52.10"),
            profile=(
                "Kontraktlogistik und Transporte für Industrie und Handel, mit Gefahrgutlager "
                "und eigener Fahrzeugflotte."
            ),
            competences=(
                "Kontraktlogistik und Lagerhaltung",
                "Gefahrgutlagerung nach TRGS 510",
                "Teil- und Komplettladungen",
                "Beratung zur Intralogistik",
            ),
            equipment=("Hochregallager mit 20.000 Palettenplätzen", "Eigene Lkw-Flotte"),
            references=(
                "Versorgungslager für einen Chemiepark",
                "Ersatzteillogistik für einen Anlagenbauer",
            ),
        ),
        Archetype(
            key="it_services",
            kind=BUSINESS,
            names=("{region} IT-Systemhaus", "{region} Digital"),
            legal_forms=("GmbH",),
            employees=(8, 80),
            industry_codes=("62.02", "62.01"),
            profile=(
                "IT-Systemhaus für den Mittelstand: Netzwerke, Cloud, IT-Sicherheit und "
                "individuelle Softwareentwicklung."
            ),
            competences=(
                "IT-Infrastruktur und Cloud-Lösungen für den Mittelstand",
                "IT-Sicherheit und Notfallmanagement",
                "Individuelle Softwareentwicklung",
                "Schulungen und IT-Support",
            ),
            equipment=("Eigenes Rechenzentrum", "Schulungsraum"),
            references=(
                "Migration eines Produktionsbetriebs in die Cloud",
                "Sicherheitsaudit für einen kommunalen Versorger",
            ),
        ),
        # --- Hannover clusters --------------------------------------------------------------
        Archetype(
            key="automotive_supplier",
            kind=BUSINESS,
            names=("{region} Fahrzeugtechnik", "Automotive Komponenten {region}"),
            legal_forms=("GmbH", "GmbH & Co. KG"),
            employees=(80, 600),
            industry_codes=("29.32",),
            profile=(
                "Entwickelt und fertigt Komponenten für Pkw und Nutzfahrzeuge – Fahrwerks- und "
                "Karosserieteile sowie Baugruppen für elektrische Antriebe."
            ),
            competences=(
                "Fahrwerks- und Karosseriekomponenten für Pkw und Nutzfahrzeuge",
                "Umform- und Fügetechnik",
                "Baugruppen für elektrische Antriebsstränge",
                "Qualitätsmanagement nach IATF 16949",
            ),
            equipment=("Pressenlinie", "Roboter-Schweißstraßen", "Messraum"),
            references=(
                "Serienlieferung von Achsträgern",
                "Batteriegehäuse-Prototypen für ein Elektrofahrzeug",
            ),
        ),
        Archetype(
            key="automotive_electronics",
            kind=BUSINESS,
            names=("{region} Fahrzeugelektronik", "E-Mobility Systems {region}"),
            legal_forms=("GmbH",),
            employees=(30, 200),
            industry_codes=("29.31",),
            profile=(
                "Entwickelt Elektronik für Fahrzeuge: Batteriemanagementsysteme, "
                "Ladeelektronik und Steuergeräte."
            ),
            competences=(
                "Batteriemanagementsysteme und Ladeelektronik",
                "Steuergeräte-Entwicklung nach Automotive SPICE",
                "Hardware-in-the-Loop-Tests",
                "Funktionale Sicherheit (ISO 26262)",
            ),
            equipment=("HiL-Prüfstände", "EMV-Vorprüfplatz"),
            references=(
                "BMS für elektrische Nutzfahrzeuge",
                "Ladesteuergerät für einen Hersteller von Wallboxen",
            ),
        ),
        Archetype(
            key="medtech",
            kind=BUSINESS,
            names=("{region} Medizintechnik", "MedTec {region}"),
            legal_forms=("GmbH",),
            employees=(20, 160),
            industry_codes=("32.50", "26.60"),
            profile=(
                "Entwickelt und fertigt Medizinprodukte – chirurgische Instrumente und "
                "Implantatkomponenten – nach der Medizinprodukteverordnung (MDR)."
            ),
            competences=(
                "Entwicklung und Fertigung von Medizinprodukten nach ISO 13485",
                "Feinmechanische Fertigung chirurgischer Instrumente",
                "Biokompatible Werkstoffe und Beschichtungen",
                "Zulassungsunterlagen und klinische Bewertung nach MDR",
            ),
            equipment=("Reinraum ISO 7", "Laserbeschriftung", "Validierte Reinigungsanlage"),
            references=(
                "Instrumentensatz für die Wirbelsäulenchirurgie",
                "Implantatkomponenten für einen Hersteller von Hörsystemen",
            ),
        ),
        Archetype(
            key="medtech_startup",
            kind=OrganisationKind.STARTUP,
            names=("{region} Biomedical", "OsteoSense {region}"),
            legal_forms=("GmbH",),
            employees=(3, 12),
            industry_codes=("32.50", "72.19"),
            profile=(
                "Ausgründung aus der Forschung: entwickelt ein sensorbasiertes Implantat zur "
                "Überwachung der Knochenheilung."
            ),
            competences=(
                "Sensorbasierte Implantate und Biomedizintechnik",
                "Biokompatible Elektronik",
                "Präklinische Studien",
            ),
            equipment=("Elektroniklabor", "Zellkulturlabor (Mitnutzung)"),
            references=("Präklinische Machbarkeitsstudie (2022–2023)",),
        ),
        Archetype(
            key="laser",
            kind=BUSINESS,
            names=("{region} Lasertechnik", "Laser Systems {region}"),
            legal_forms=("GmbH",),
            employees=(15, 140),
            industry_codes=("26.70", "28.41"),
            profile=(
                "Baut Lasersysteme für Schneiden, Schweißen, Markieren und "
                "Mikromaterialbearbeitung und bietet Laser-Lohnfertigung an."
            ),
            competences=(
                "Lasersysteme für die Materialbearbeitung",
                "Ultrakurzpulslaser-Mikrobearbeitung",
                "Laserstrahlschweißen und -schneiden",
                "Lasermarkieren und -strukturieren",
                "Integration von Lasern in Fertigungsanlagen",
            ),
            equipment=("Applikationslabor mit Faser- und UKP-Lasern", "Optiklabor"),
            references=(
                "Laserschweißanlage für Batteriezellen",
                "Mikrostrukturierung von Dichtflächen",
            ),
        ),
        Archetype(
            key="laser_startup",
            kind=OrganisationKind.STARTUP,
            names=("{region} Photonics", "LuxScan {region}"),
            legal_forms=("GmbH", "UG (haftungsbeschränkt)"),
            employees=(3, 12),
            industry_codes=("26.70",),
            profile="Laserbasierte Inline-Messtechnik zur Qualitätsprüfung in der Fertigung.",
            competences=(
                "Laserbasierte Inline-Messtechnik",
                "Laserscanner und optische Oberflächenprüfung",
                "Bildverarbeitung für die Qualitätssicherung",
            ),
            equipment=("Optiklabor", "Prüfstand mit Förderband"),
            references=("Pilotanlage zur Schweißnahtprüfung bei einem Automobilzulieferer",),
        ),
        Archetype(
            key="photonics_institute",
            kind=OrganisationKind.RESEARCH_INSTITUTE,
            names=("Photonik-Transferzentrum {region}",),
            legal_forms=("e.V.",),
            employees=(25, 90),
            industry_codes=("72.19",),
            profile=(
                "Anwendungsnahe Forschung zu Lasertechnik und Optik mit Transfer in kleine und "
                "mittlere Unternehmen."
            ),
            competences=(
                "Forschung zu Lasermaterialbearbeitung und Optik",
                "Machbarkeitsstudien für Laseranwendungen",
                "Weiterbildung zu Laserschutz und Lasertechnik",
            ),
            equipment=("Laserlabore", "Reinraum für Optikfertigung"),
            references=("Verbundprojekt zum Laserschweißen von Kunststoffen (2020–2023)",),
        ),
        Archetype(
            key="ict_startup",
            kind=OrganisationKind.STARTUP,
            names=("{region} Vision AI", "Datenwerk {region}"),
            legal_forms=("GmbH", "UG (haftungsbeschränkt)"),
            employees=(3, 20),
            industry_codes=("62.01", "63.11"),
            profile=(
                "Software-Start-up für KI-gestützte Bildverarbeitung und Datenplattformen in "
                "Industrie und Gesundheitswesen."
            ),
            competences=(
                "KI-gestützte Bildverarbeitung",
                "Datenplattformen und Cloud-Anwendungen",
                "Datenschutzgerechte Verarbeitung von Gesundheitsdaten",
            ),
            equipment=("GPU-Server",),
            references=("Automatische Fehlererkennung an Gussteilen (Pilotprojekt)",),
        ),
        # --- Erzgebirge: smart composites ---------------------------------------------------
        Archetype(
            key="electronics",
            kind=BUSINESS,
            names=("{region} Elektronik", "Leiterplattenbestückung {region}"),
            legal_forms=("GmbH",),
            employees=(15, 150),
            industry_codes=("26.12", "26.11"),
            profile=(
                "Entwickelt und bestückt elektronische Baugruppen – von flexiblen "
                "Leiterplatten bis zu Sensorelektronik, die in Kunststoff- und Textilbauteile "
                "integriert wird."
            ),
            competences=(
                "Entwicklung und Bestückung elektronischer Baugruppen",
                "SMD- und THT-Bestückung",
                "Flexible und starr-flexible Leiterplatten",
                "Sensorelektronik und Embedded Software",
                "Integration von Elektronik in Verbundwerkstoffe",
            ),
            equipment=("SMD-Bestückungslinie", "Reflow-Lötanlage", "AOI-Prüfsystem"),
            references=(
                "Sensorelektronik für einen beheizbaren Textilsitz",
                "Steuerplatinen für einen Maschinenbauer der Region",
            ),
        ),
        Archetype(
            key="textile_technical",
            kind=BUSINESS,
            names=(
                "{region} Technische Textilien",
                "Textilwerk {region}",
                "Bandweberei {region}",
            ),
            legal_forms=("GmbH", "GmbH & Co. KG"),
            employees=(15, 160),
            industry_codes=("13.96", "13.20"),
            profile=(
                "Webt, wirkt und beschichtet technische Textilien: Bänder, Gurte und Gewebe aus "
                "Glas-, Carbon- und leitfähigen Fasern als Verstärkung für Verbundwerkstoffe und "
                "für smarte Textilien."
            ),
            competences=(
                "Technische Textilien für Verbundwerkstoffe und Smart Textiles",
                "Bandweberei und Schmaltextilien",
                "Gewebe aus Glas-, Carbon- und Basaltfasern",
                "Einarbeiten leitfähiger Garne",
                "Preforms für Faserverbundbauteile",
            ),
            equipment=("Nadelbandwebmaschinen", "Breitwebmaschinen", "Beschichtungsanlage"),
            references=(
                "Carbon-Preforms für einen Leichtbauhersteller",
                "Heizband mit eingewebten Leitern für die Fahrzeugindustrie",
            ),
        ),
        Archetype(
            key="smart_composites_startup",
            kind=OrganisationKind.STARTUP,
            names=("{region} Smart Composites", "SensoFaser {region}"),
            legal_forms=("GmbH", "UG (haftungsbeschränkt)"),
            employees=(3, 12),
            industry_codes=("22.29", "26.11"),
            profile=(
                "Entwickelt funktionsintegrierte Verbundbauteile mit eingebetteten Sensoren, "
                "die Belastung und Schäden selbst melden."
            ),
            competences=(
                "Funktionsintegrierte Verbundbauteile mit eingebetteten Sensoren",
                "Strukturüberwachung (Structural Health Monitoring)",
                "Prototypenbau im Harzinjektionsverfahren",
            ),
            equipment=("RTM-Presse", "Messtechnik für Dehnungssensoren"),
            references=("Sensorisierter Fahrradrahmen als Demonstrator",),
        ),
        Archetype(
            key="composites_institute",
            kind=OrganisationKind.RESEARCH_INSTITUTE,
            names=("Forschungsinstitut Verbundwerkstoffe {region}",),
            legal_forms=("e.V.",),
            employees=(20, 70),
            industry_codes=("72.19",),
            profile=(
                "Anwendungsnahe Forschung zu Verbundwerkstoffen aus Kunststoff, Textil und "
                "Metall, mit Prüflabor und Transferangeboten für KMU."
            ),
            competences=(
                "Forschung zu Verbundwerkstoffen und Leichtbau",
                "Werkstoffprüfung von Faserverbunden",
                "Personalaustausch und Abschlussarbeiten mit KMU",
            ),
            equipment=("Prüflabor für Faserverbunde", "Technikum für Harzinjektion"),
            references=("Verbundprojekt zu textilbasierten Sensoren (2021–2024)",),
        ),
    )
}


# Construction firms of the IMKK region that are not members: the demo's prospects, so
# that the white spots page (construction, F, is strong in the three districts) names
# organisations to approach. Keyed by archetype, added to ARCHETYPES below.
_PROSPECT_ARCHETYPES = (
    Archetype(
        key="construction_building",
        kind=BUSINESS,
        names=("{region} Hochbau", "Bauunternehmung {region}"),
        legal_forms=("GmbH", "GmbH & Co. KG"),
        employees=(40, 320),
        industry_codes=("41.20",),
        profile=(
            "Schlüsselfertiger Wohnungs- und Gewerbebau, Rohbau in Mauerwerk und Stahlbeton, "
            "Sanierung im Bestand."
        ),
        competences=(
            "Schlüsselfertiges Bauen von Gewerbe- und Industriehallen",
            "Rohbau in Mauerwerk und Stahlbeton",
            "Sanierung und Umbau im Bestand",
            "Bauen mit Ziegeln und Klinkern aus der Region",
        ),
        equipment=("Turmdrehkrane", "Eigener Bauhof mit Schalungslager"),
        references=(
            "Neubau einer Produktionshalle für einen Keramikhersteller",
            "Sanierung eines Schulzentrums",
        ),
    ),
    Archetype(
        key="construction_civil",
        kind=BUSINESS,
        names=("{region} Tiefbau", "Straßen- und Tiefbau {region}"),
        legal_forms=("GmbH", "GmbH & Co. KG"),
        employees=(25, 180),
        industry_codes=("42.11", "42.21"),
        profile="Straßen-, Kanal- und Leitungsbau für Kommunen, Versorger und Industrie.",
        competences=(
            "Kanal- und Leitungsbau",
            "Straßenbau und Asphaltarbeiten",
            "Erdarbeiten und Baugrubensicherung",
            "Breitbandausbau (Glasfasertrassen)",
        ),
        equipment=("Bagger- und Radladerflotte", "Asphaltfertiger"),
        references=("Erschließung eines Gewerbegebiets", "Glasfaserausbau in zwölf Ortsgemeinden"),
    ),
    Archetype(
        key="construction_installation",
        kind=BUSINESS,
        names=("{region} Haustechnik", "{region} Gebäudetechnik"),
        legal_forms=("GmbH", "e. K."),
        employees=(8, 90),
        industry_codes=("43.22",),
        profile="Heizungs-, Sanitär- und Lüftungstechnik für Wohn- und Gewerbebauten.",
        competences=(
            "Wärmepumpen und Heizungsmodernisierung",
            "Sanitärinstallation",
            "Lüftungs- und Klimatechnik für Gewerbebauten",
            "Abwärmenutzung aus Brennöfen",
        ),
        equipment=("Pressfittingsysteme", "Servicefahrzeuge"),
        references=("Wärmerückgewinnung an einem Tunnelofen", "Heizungstausch in 40 Wohnungen"),
    ),
    Archetype(
        key="construction_roofing",
        kind=BUSINESS,
        names=("{region} Bedachungen", "Dach und Fassade {region}"),
        legal_forms=("GmbH", "Einzelunternehmen"),
        employees=(5, 45),
        industry_codes=("43.91",),
        profile="Dach- und Fassadenarbeiten, Photovoltaik auf dem Dach, Klempnerarbeiten.",
        competences=(
            "Steil- und Flachdächer",
            "Fassadenbekleidung mit Keramikplatten",
            "Photovoltaik-Montage",
            "Bauklempnerei",
        ),
        equipment=("Dachdeckeraufzug", "Hubarbeitsbühne"),
        references=("Neueindeckung einer Kirche mit Schiefer", "PV-Anlage auf einer Werkhalle"),
    ),
)
ARCHETYPES.update({a.key: a for a in _PROSPECT_ARCHETYPES})

PROFILES: dict[str, NetworkProfile] = {
    p.slug: p
    for p in (
        NetworkProfile(
            slug="imkk",
            regions={
                "07132": ("Siegtal", "Sieg-Westerwald", "Daadener Land", "Wisserland"),
                "07138": ("Wiedtal", "Rhein-Wied", "Mittelrhein"),
                "07143": ("Kannenbäckerland", "Hoher Westerwald", "Westerwald"),
                ANYWHERE: ("Rhein-Westerwald",),
            },
            archetypes=(
                "ceramic_technical",
                "ceramic_filter",
                "ceramic_refractory",
                "ceramic_sinter_service",
                "ceramic_additive_startup",
                "ceramic_stoneware",
                "materials_institute",
                "metal_sheet_welding",
                "metal_sheet_welding",
                "metal_machining",
                "metal_foundry",
                "metal_surface",
                "plastics_injection",
                "plastics_injection",
                "plastics_extrusion",
                "composites_startup",
                "cosmetics_studio",
                "marketing_agency",
            ),
            postcodes=(
                "56203",
                "56204",
                "56235",
                "56237",
                "56242",
                "56244",
                "56249",
                "56271",
                "56410",
                "56412",
                "56422",
                "56424",
                "56427",
                "56428",
                "56457",
                "56470",
                "56477",
                "57627",
                "57629",
                "57642",
                "57641",
                "57537",
                "57548",
                "57562",
                "57567",
                "57580",
                "57610",
                "57612",
                "53567",
                "53557",
                "53572",
                "53578",
                "56305",
                "56564",
                "56566",
                "56567",
                "56588",
                "56598",
            ),
            members_from=dt.date(2014, 5, 5),
        ),
        NetworkProfile(
            slug="indie-regionruhr",
            regions={
                "05911": ("Ruhrbogen", "Ruhrtal"),
                "05913": ("Hellweg", "Phoenix"),
                "05914": ("Volmetal", "Lennetal"),
                "05916": ("Kanalufer", "Emscherbruch"),
                "05954": ("Ardey", "Ennepe", "Ruhrtal"),
                ANYWHERE: ("Westfalen-Ruhr", "Revier"),
            },
            archetypes=(
                "mechanical_engineering",
                "mechanical_engineering",
                "mechanical_engineering",
                "metal_machining",
                "metal_machining",
                "automation_electrical",
                "automation_electrical",
                "engineering_office",
                "engineering_office",
                "engineering_office",
                "craft_metal",
                "craft_metal",
                "plastics_injection",
                "metal_surface",
                "testing_lab",
                "production_it",
                "iiot_startup",
                "production_institute",
            ),
            postcodes=(
                "44135",
                "44137",
                "44139",
                "44141",
                "44143",
                "44145",
                "44147",
                "44149",
                "44225",
                "44227",
                "44263",
                "44287",
                "44309",
                "44319",
                "44328",
                "44339",
                "44357",
                "44379",
                "44388",
                "44787",
                "44789",
                "44791",
                "44793",
                "44795",
                "44799",
                "44801",
                "44803",
                "44805",
                "44807",
                "44866",
                "44867",
                "44869",
                "44879",
                "44892",
                "44894",
                "58089",
                "58091",
                "58093",
                "58095",
                "58097",
                "58099",
                "58119",
                "58135",
                "44623",
                "44625",
                "44627",
                "44628",
                "44629",
                "44649",
                "44651",
                "44652",
                "45525",
                "45527",
                "45529",
                "45549",
                "58256",
                "58285",
                "58300",
                "58313",
                "58332",
                "58339",
                "58452",
                "58453",
                "58454",
                "58455",
                "58456",
            ),
            members_from=dt.date(2010, 1, 22),
        ),
        NetworkProfile(
            slug="emscher-lippe",
            regions={
                "05512": ("Emscher", "Vest"),
                "05513": ("Emscher", "Emschertal"),
                "05562": ("Vest", "Lippe", "Haard", "Hohe Mark"),
                ANYWHERE: ("Emscher-Lippe",),
            },
            archetypes=(
                "chemicals",
                "chemicals",
                "chemicals",
                "energy_plant",
                "energy_plant",
                "energy_plant",
                "logistics",
                "logistics",
                "metal_sheet_welding",
                "metal_machining",
                "engineering_office",
                "engineering_office",
                "it_services",
                "it_services",
                "testing_lab",
                "iiot_startup",
            ),
            postcodes=(
                "46236",
                "46238",
                "46240",
                "46242",
                "46244",
                "45879",
                "45881",
                "45883",
                "45884",
                "45886",
                "45888",
                "45889",
                "45891",
                "45892",
                "45894",
                "45896",
                "45897",
                "45899",
                "44575",
                "44577",
                "44579",
                "44581",
                "45657",
                "45659",
                "45661",
                "45663",
                "45665",
                "45699",
                "45701",
                "45711",
                "45721",
                "45731",
                "45739",
                "45768",
                "45770",
                "45772",
                "45964",
                "45966",
                "45968",
                "46282",
                "46284",
                "46286",
            ),
            members_from=dt.date(2018, 1, 1),
        ),
        NetworkProfile(
            slug="hannoverimpuls",
            regions={
                ANYWHERE: ("Leine", "Leinetal", "Ihme", "Calenberg", "Deister", "Niedersachsen")
            },
            archetypes=(
                "automotive_supplier",
                "automotive_supplier",
                "automotive_electronics",
                "medtech",
                "medtech",
                "medtech_startup",
                "laser",
                "laser",
                "laser_startup",
                "photonics_institute",
                "mechanical_engineering",
                "mechanical_engineering",
                "metal_machining",
                "production_institute",
                "it_services",
                "production_it",
                "ict_startup",
                "ict_startup",
            ),
            postcodes=(
                "30159",
                "30161",
                "30163",
                "30165",
                "30167",
                "30169",
                "30171",
                "30173",
                "30175",
                "30177",
                "30179",
                "30419",
                "30449",
                "30451",
                "30453",
                "30455",
                "30457",
                "30459",
                "30519",
                "30521",
                "30539",
                "30559",
                "30625",
                "30627",
                "30629",
                "30655",
                "30657",
                "30659",
                "30669",
                "30823",
                "30826",
                "30827",
                "30851",
                "30853",
                "30855",
                "30880",
                "30890",
                "30900",
                "30916",
                "30926",
                "30938",
                "30952",
                "30966",
                "30974",
                "30982",
                "30989",
                "31275",
                "31303",
                "31311",
                "31319",
                "31515",
                "31535",
                "31832",
            ),
            members_from=dt.date(2018, 1, 1),
        ),
        NetworkProfile(
            slug="smarterz",
            regions={
                ANYWHERE: (
                    "Erzgebirge",
                    "Pöhlberg",
                    "Fichtelberg",
                    "Zschopautal",
                    "Obererzgebirge",
                    "Greifenstein",
                    "Silberland",
                )
            },
            archetypes=(
                "electronics",
                "electronics",
                "electronics",
                "plastics_injection",
                "plastics_extrusion",
                "composites_startup",
                "textile_technical",
                "textile_technical",
                "textile_technical",
                "metal_surface",
                "surface_coating",
                "surface_coating",
                "mechanical_engineering",
                "mechanical_engineering",
                "metal_machining",
                "smart_composites_startup",
                "composites_institute",
            ),
            postcodes=(
                "09456",
                "09419",
                "09427",
                "09429",
                "09430",
                "09439",
                "09465",
                "09468",
                "09471",
                "09474",
                "09477",
                "09481",
                "09484",
                "09487",
                "09488",
                "09496",
                "09509",
                "09514",
                "09518",
                "09526",
                "08280",
                "08289",
                "08294",
                "08297",
                "08301",
                "08304",
                "08309",
                "08340",
                "08344",
                "08352",
                "08359",
                "09366",
                "09376",
                "09380",
                "09385",
                "09405",
                "09423",
                "09435",
            ),
            members_from=dt.date(2020, 1, 1),
        ),
    )
}


# Organisations of a network's region that are not its members (generated like the
# members, but the loader enrols them nowhere): "whom to approach" on the white spots page.
PROSPECTS: dict[str, NetworkProfile] = {
    "imkk": NetworkProfile(
        slug="imkk-interessenten",
        regions=PROFILES["imkk"].regions,
        archetypes=(
            "construction_building",
            "construction_building",
            "construction_civil",
            "construction_installation",
            "construction_installation",
            "construction_roofing",
        ),
        postcodes=PROFILES["imkk"].postcodes,
        members_from=PROFILES["imkk"].members_from,
    ),
}


def generate_members(
    profile: NetworkProfile, postcodes: Sequence[PostcodeOption]
) -> list[FictitiousOrganisation]:
    """The fictitious members of one network: the same list for the same input, always.

    ``postcodes`` are the places the members may be located in (all inside the network's
    districts); each member gets its own postcode while there are enough of them.
    """
    if not postcodes:
        raise ValueError(f"No postcodes to place the fictitious members of {profile.slug}.")
    rng = random.Random(f"nahwerk-demo:{profile.slug}")
    pool = sorted(postcodes, key=lambda p: p.code)
    used_names: set[str] = set()
    used_codes: set[str] = set()
    region_use: Counter[str] = Counter()
    members = []
    for number, key in enumerate(profile.archetypes, start=1):
        archetype = ARCHETYPES[key]
        legal_form = rng.choice(archetype.legal_forms)
        place = _postcode(rng, archetype, pool, used_codes)
        regions = (*profile.regions.get(place.district_ags, ()), *profile.regions.get(ANYWHERE, ()))
        # Words of the network's other districts only when the fitting ones are used up.
        spare = tuple(w for ws in profile.regions.values() for w in ws if w not in regions)
        name = _name(rng, archetype, (regions, spare), legal_form, used_names, region_use)
        employees = _employees(rng, archetype.employees)
        kind = _kind(archetype.kind, employees)
        founded = _founding_year(rng, kind)
        members.append(
            FictitiousOrganisation(
                external_id=f"demo:{profile.slug}:{number:02d}",
                archetype=key,
                name=name,
                legal_form=legal_form,
                kind=kind,
                employees=employees,
                size_band=SizeBand.for_employees(employees),
                postcode=place.code,
                city=place.place,
                district_ags=place.district_ags,
                industry_codes=archetype.industry_codes,
                description=_description(rng, archetype, kind, place.place, employees, founded),
                competences="\n".join(_pick(rng, archetype.competences, 4, keep_first=True)),
                equipment="\n".join(_pick(rng, archetype.equipment, 3)),
                references="\n".join(_pick(rng, archetype.references, 2)),
                member_since=_date_between(
                    rng, max(profile.members_from, dt.date(founded + 1, 1, 1)), MEMBERS_UNTIL
                ),
                fee_category=_fee_category(kind),
                offers=archetype.offers,
            )
        )
    return members


def _name(
    rng: random.Random,
    archetype: Archetype,
    regions: tuple[Sequence[str], Sequence[str]],
    legal_form: str,
    used: set[str],
    region_use: Counter[str],
) -> str:
    templates = list(archetype.names)
    rng.shuffle(templates)
    region_order = []
    for words in regions:
        ordered = list(words)
        rng.shuffle(ordered)
        # Least-used words first, so that one landscape does not name half the members.
        ordered.sort(key=lambda region: region_use[region])
        region_order += ordered
    # The sole trader's legal form is not part of a business name.
    suffix = "" if legal_form == "Einzelunternehmen" else f" {legal_form}"
    for region in region_order:
        for template in templates:
            # Unique without the legal form: no "X GmbH" beside an "X GmbH & Co. KG".
            base = template.format(region=region)
            if base not in used:
                used.add(base)
                region_use[region] += 1
                return f"{base}{suffix} {NAME_MARKER}"
    raise ValueError(f"Not enough distinct names for {archetype.key}; add regions or templates.")


def _postcode(
    rng: random.Random, archetype: Archetype, pool: list[PostcodeOption], used: set[str]
) -> PostcodeOption:
    free = [p for p in pool if p.code not in used]
    preferred = [p for p in free if p.code in archetype.preferred_postcodes]
    choice = rng.choice(preferred or free or pool)
    used.add(choice.code)
    return choice


def _employees(rng: random.Random, bounds: tuple[int, int]) -> int:
    value = rng.randint(*bounds)
    # Larger headcounts are given as round figures, as companies do.
    return value if value < 20 else max(20, round(value / 5) * 5)


def _kind(kind: str, employees: int) -> str:
    if kind != BUSINESS:
        return kind
    return OrganisationKind.COMPANY if employees >= 250 else OrganisationKind.SME


def _founding_year(rng: random.Random, kind: str) -> int:
    if kind == OrganisationKind.STARTUP:
        return rng.randint(2016, 2022)
    if kind == OrganisationKind.RESEARCH_INSTITUTE:
        return rng.randint(1990, 2010)
    return rng.randint(1948, 2012)


def _description(
    rng: random.Random, archetype: Archetype, kind: str, city: str, employees: int, founded: int
) -> str:
    headcount = f"rund {employees}" if employees >= 20 else str(employees)
    if kind == OrganisationKind.STARTUP:
        opening = f"Start-up aus {city}, gegründet {founded}, mit {headcount} Beschäftigten."
    elif kind == OrganisationKind.RESEARCH_INSTITUTE:
        opening = (
            f"Forschungsinstitut in {city} mit {headcount} Mitarbeitenden, gegründet {founded}."
        )
    elif kind == OrganisationKind.COMPANY:
        opening = (
            f"Industrieunternehmen aus {city} mit {headcount} Beschäftigten, gegründet {founded}."
        )
    else:
        adjective = rng.choice(("Familiengeführtes", "Inhabergeführtes", "Mittelständisches"))
        if employees < 10:
            adjective = "Kleines"
        opening = (
            f"{adjective} Unternehmen aus {city} mit {headcount} Beschäftigten, "
            f"gegründet {founded}."
        )
    customers = rng.choice(archetype.customers or _GENERIC_CUSTOMERS)
    return (
        f"{opening} {archetype.profile} {customers}\n\n"
        "Dieses Profil ist ein fiktives Beispiel für die Demo."
    )


def _pick(
    rng: random.Random, items: Sequence[str], count: int, *, keep_first: bool = False
) -> list[str]:
    if keep_first:
        rest = list(items[1:])
        return [items[0], *rng.sample(rest, min(count - 1, len(rest)))]
    return rng.sample(list(items), min(count, len(items)))


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if start >= end:
        return end
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _fee_category(kind: str) -> str:
    categories: dict[str, str] = {
        OrganisationKind.SME: FeeCategory.SME,
        OrganisationKind.COMPANY: FeeCategory.REGULAR,
        OrganisationKind.STARTUP: FeeCategory.STARTUP,
        OrganisationKind.RESEARCH_INSTITUTE: FeeCategory.SCIENCE,
    }
    return categories.get(kind, FeeCategory.REGULAR)
