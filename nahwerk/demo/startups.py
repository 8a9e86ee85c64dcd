"""The demo's start-ups, investors, mentors and the managers' start-up pipelines.

Start-up profiles go to fictitious start-ups the demo already has (members of IMKK,
SmartERZ, Emscher-Lippe and hannoverimpuls, and IMKK's applicant "Keramik Additiv
Westerwald UG"). hannoverimpuls planned a venture-capital fund together with private
investors for its cluster industries (seed text); the demo shows such a fund run by
Hannover Impuls GmbH as an example: its name says "(Beispiel)" and its tickets are example
amounts, not the real fund's terms. A fictitious business angel network of the Westerwald
invests in the region's early start-ups. Mentors are fictitious contacts of fictitious
members who consented to being named. Every network with start-ups has a pipeline with a
few moves, so the manager's pipeline and the key figures show something. Loaded
idempotently: a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from nahwerk.accounts.models import User
from nahwerk.demo.fictitious import FICTITIOUS_SOURCE_NOTE, NAME_MARKER
from nahwerk.directory.choices import (
    DataSource,
    LawfulBasis,
    OrganisationKind,
    SizeBand,
    Visibility,
)
from nahwerk.directory.models import Organisation, Person, unique_slug
from nahwerk.networks.models import Network
from nahwerk.reference.models import District, IndustryCode
from nahwerk.startups.choices import InvestorKind, PipelineStage, Release, Seeking, Stage
from nahwerk.startups.models import (
    InvestorProfile,
    MentorOffer,
    PipelineEntry,
    PipelineMove,
    StartupProfile,
)

EXAMPLE = "Beispiel"
HANNOVER_IMPULS = "hannover-impuls-gmbh"
FUND_NAME = f"Beteiligungsfonds für die Clusterbranchen der Region Hannover {NAME_MARKER}"
ANGELS_NAME = f"Business Angels Westerwald {NAME_MARKER}"
# the demo logins of this part: a start-up of hannoverimpuls and the fund's user
STARTUP_USERNAME = "startup-hannoverimpuls"
STARTUP_ORGANISATION = "demo:hannoverimpuls:06"  # Ihme Biomedical GmbH (Beispiel)
FUND_USERNAME = "fonds-hannoverimpuls"
ANGELS_ORGANISATION: dict[str, object] = {
    "external_id": "demo:business-angels:01",
    "name": f"Business-Angels-Netzwerk Westerwald e.V. {NAME_MARKER}",
    "legal_form": "e.V.",
    "kind": OrganisationKind.ASSOCIATION,
    "employees": 2,
    "size_band": SizeBand.MICRO,
    "postcode": "56410",
    "country": "DE",
    "description": (
        "Unternehmerinnen und Unternehmer aus dem Westerwald, die sich mit eigenem Kapital und "
        "Erfahrung an jungen Unternehmen der Region beteiligen. Dieses Profil ist ein fiktives "
        "Beispiel für die Demo."
    ),
    "competences": "Frühphasenfinanzierung, Mentoring durch erfahrene Unternehmer, Pitch-Abende",
    "equipment": "Raum für Pitch-Abende mit Präsentationstechnik",
    "references": "Pitch-Abende für Gründungen aus Keramik, Kunststoff und Metall",
    "visibility": Visibility.PUBLIC,
}


@dataclass(frozen=True)
class DemoStartup:
    """A start-up profile for an existing fictitious organisation, and its pipeline."""

    organisation: str  # external id
    network: str  # the network whose pipeline holds it
    stage: str
    seeking: tuple[str, ...]
    pitch: str
    figures: str
    team: str
    capital_sought: int | None
    # (days before today, stage, note, amount) from the first contact on
    moves: tuple[tuple[int, str, str, int | None], ...]


STARTUPS = (
    DemoStartup(
        organisation="demo:imkk-antrag:01",
        network="imkk",
        stage=Stage.PRE_SEED,
        seeking=(Seeking.CAPITAL, Seeking.PILOT_PARTNERS, Seeking.MENTORS),
        pitch=(
            "Wir drucken Bauteile aus technischer Keramik im 3D-Druck, ohne Werkzeug und in "
            "wenigen Tagen: Prototypen und Kleinserien für Medizintechnik, Dentallabore und "
            "Hochtemperaturanwendungen."
        ),
        figures="Erste zahlende Kunden aus der Dentaltechnik; Umsatz im ersten Jahr (Beispiel).",
        team="Zwei Werkstoffingenieure und ein Kaufmann, Ausgründung aus einem Forschungsinstitut.",
        capital_sought=150_000,
        moves=(
            (120, PipelineStage.FIRST_CONTACT, "Kennengelernt beim Branchentreffen Keramik.", None),
            (75, PipelineStage.ADVICE, "Beratung zu Finanzierung und Förderprogrammen.", None),
        ),
    ),
    DemoStartup(
        organisation="demo:imkk:05",
        network="imkk",
        stage=Stage.SEED,
        seeking=(Seeking.CAPITAL, Seeking.CUSTOMERS),
        pitch=(
            "Komplexe Keramikbauteile aus dem stereolithografischen 3D-Druck: Gitterstrukturen "
            "und innenliegende Kanäle für Hochtemperatur- und Filteranwendungen."
        ),
        figures="Zehn Industriekunden, Umsatz verdoppelt gegenüber dem Vorjahr (Beispiel).",
        team="Sieben Beschäftigte, Gründer mit Erfahrung in der Keramikindustrie.",
        capital_sought=200_000,
        moves=(
            (300, PipelineStage.FIRST_CONTACT, "", None),
            (240, PipelineStage.ADVICE, "Businessplan durchgesehen.", None),
            (150, PipelineStage.PITCH_READY, "Pitch für den Angel-Abend vorbereitet.", None),
            (60, PipelineStage.INVESTOR_TALKS, "Gespräche mit den Business Angels.", None),
        ),
    ),
    DemoStartup(
        organisation="demo:smarterz:16",
        network="smarterz",
        stage=Stage.SEED,
        seeking=(Seeking.PILOT_PARTNERS, Seeking.CAPITAL, Seeking.SPACE),
        pitch=(
            "Faserverbundbauteile mit eingebetteten Sensoren, die Belastung und Schäden selbst "
            "melden: Strukturüberwachung für Maschinenbau und Fahrzeugbau im Erzgebirge."
        ),
        figures="Zwei Pilotprojekte mit Maschinenbauern der Region (Beispiel).",
        team="Sechs Beschäftigte aus Textiltechnik, Sensorik und Softwareentwicklung.",
        capital_sought=400_000,
        moves=(
            (200, PipelineStage.FIRST_CONTACT, "Anfrage nach Werkstattfläche.", None),
            (140, PipelineStage.ADVICE, "Kontakt zur TU Chemnitz für einen Pilotversuch.", None),
        ),
    ),
    DemoStartup(
        organisation="demo:emscher-lippe:16",
        network="emscher-lippe",
        stage=Stage.PRE_SEED,
        seeking=(Seeking.CUSTOMERS, Seeking.PILOT_PARTNERS, Seeking.MENTORS),
        pitch=(
            "Nachrüstbare Funksensoren für die Zustandsüberwachung von Maschinen: Schwingung "
            "und Temperatur messen, Ausfälle früh erkennen."
        ),
        figures="Drei Pilotkunden im Ruhrgebiet (Beispiel).",
        team="Fünf Beschäftigte, Elektrotechnik und Datenanalyse.",
        capital_sought=None,
        moves=(
            (90, PipelineStage.FIRST_CONTACT, "", None),
            (30, PipelineStage.ADVICE, "Vermittlung an zwei Maschinenbauer als Pilotkunden.", None),
        ),
    ),
    DemoStartup(
        organisation=STARTUP_ORGANISATION,
        network="hannoverimpuls",
        stage=Stage.SEED,
        seeking=(Seeking.CAPITAL, Seeking.PILOT_PARTNERS, Seeking.MENTORS),
        pitch=(
            "Ein sensorbasiertes Implantat, das die Knochenheilung misst und an die Ärztin "
            "meldet: Biomedizintechnik aus der Forschung in der Region Hannover."
        ),
        figures="Präklinische Studie abgeschlossen, Zulassung nach MDR in Vorbereitung (Beispiel).",
        team="Zwölf Beschäftigte aus Medizintechnik, Elektronik und Biologie.",
        capital_sought=750_000,
        moves=(
            (260, PipelineStage.FIRST_CONTACT, "", None),
            (200, PipelineStage.ADVICE, "Beratung zur MDR-Zulassung.", None),
            (120, PipelineStage.PITCH_READY, "", None),
            (45, PipelineStage.INVESTOR_TALKS, "Gespräch mit dem Beteiligungsfonds.", None),
        ),
    ),
    DemoStartup(
        organisation="demo:hannoverimpuls:09",
        network="hannoverimpuls",
        stage=Stage.SERIES_A,
        seeking=(Seeking.CAPITAL, Seeking.CUSTOMERS),
        pitch=(
            "Laserbasierte Inline-Messtechnik prüft Schweißnähte und Oberflächen in der "
            "Fertigung, ohne die Linie anzuhalten."
        ),
        figures="Pilotanlage bei einem Automobilzulieferer im Einsatz (Beispiel).",
        team="Acht Beschäftigte aus Lasertechnik und Bildverarbeitung.",
        capital_sought=1_500_000,
        moves=(
            (330, PipelineStage.FIRST_CONTACT, "", None),
            (280, PipelineStage.PITCH_READY, "", None),
            (180, PipelineStage.INVESTOR_TALKS, "", None),
            (
                20,
                PipelineStage.FINANCED,
                "Finanzierungsrunde mit dem Beteiligungsfonds (Beispiel).",
                1_200_000,
            ),
        ),
    ),
    DemoStartup(
        organisation="demo:hannoverimpuls:18",
        network="hannoverimpuls",
        stage=Stage.PRE_SEED,
        seeking=(Seeking.CUSTOMERS, Seeking.SPACE),
        pitch=(
            "KI-gestützte Bildverarbeitung für Industrie und Gesundheitswesen, "
            "datenschutzgerecht in der eigenen Cloud."
        ),
        figures="",
        team="",
        capital_sought=None,
        moves=(
            (60, PipelineStage.FIRST_CONTACT, "", None),
            (
                15,
                PipelineStage.DECLINED,
                "Sucht derzeit Kunden, keine Finanzierung; später wieder ansprechen.",
                None,
            ),
        ),
    ),
)


@dataclass(frozen=True)
class DemoMentor:
    organisation: str  # external id
    network: str
    person: tuple[str, str, str] | None  # first name, last name, function
    topics: str
    time_offered: str


MENTORS = (
    DemoMentor(
        "demo:imkk:01",
        "imkk",
        ("Miriam", "Keller", "Geschäftsführerin"),
        "Vom Prototyp zur Serie in der technischen Keramik; Einkauf und Qualitätssicherung "
        "bei Industriekunden.",
        "zwei Stunden im Monat",
    ),
    DemoMentor(
        "demo:imkk:07",
        "imkk",
        ("Jonas", "Brandt", "Abteilungsleiter Werkstoffprüfung"),
        "Werkstoffprüfung, Sintern und Förderanträge für Forschungsprojekte mit Instituten.",
        "nach Absprache",
    ),
    DemoMentor(
        "demo:hannoverimpuls:11",
        "hannoverimpuls",
        ("Thomas", "Ahrens", "Leiter Produktion"),
        "Produktionstechnik und Pilotprojekte im Maschinenbau: wie ein Start-up zum "
        "Lieferanten eines Mittelständlers wird.",
        "einmal im Quartal ein halber Tag",
    ),
    DemoMentor(
        "demo:hannoverimpuls:05",
        "hannoverimpuls",
        None,
        "Zulassung von Medizinprodukten nach MDR, klinische Bewertung.",
        "zwei Termine im Halbjahr",
    ),
)


def load_demo_startups(today: dt.date | None = None) -> int:
    """Create the demo's start-ups, funds, mentors and pipelines if missing; how many rows."""
    today = today or timezone.localdate()
    networks = {n.slug: n for n in Network.objects.all()}
    if "hannoverimpuls" not in networks:
        return 0
    created = 0
    with transaction.atomic(), disable_auditlog():
        for startup in STARTUPS:
            organisation = Organisation.objects.filter(
                source=DataSource.FICTITIOUS, external_id=startup.organisation
            ).first()
            network = networks.get(startup.network)
            if organisation is None or network is None:
                continue
            profile, new = _profile(organisation, startup)
            created += int(new)
            created += _pipeline(profile, network, startup, today)
        created += _fund(networks["hannoverimpuls"])
        created += _angels()
        for mentor in MENTORS:
            created += _mentor(mentor, networks, today)
    return created


def _founded(organisation: Organisation) -> dt.date:
    """The founding year the fictitious description names ("gegründet 2021")."""
    found = re.search(r"gegründet (\d{4})", organisation.description)
    return dt.date(int(found.group(1)) if found else 2021, 4, 1)


def _profile(organisation: Organisation, startup: DemoStartup) -> tuple[StartupProfile, bool]:
    profile = StartupProfile.objects.filter(organisation=organisation).first()
    if profile is not None:
        return profile, False
    profile = StartupProfile(
        organisation=organisation,
        founded_on=_founded(organisation),
        stage=startup.stage,
        team_size=organisation.employees or 3,
        seeking=list(startup.seeking),
        pitch=startup.pitch,
        pitch_release=Release.PUBLIC,
        figures=startup.figures,
        figures_release=Release.INVESTORS,
        team=startup.team,
        team_release=Release.MEMBERS,
        capital_sought=startup.capital_sought,
        capital_sought_release=Release.INVESTORS,
        listed_for_investors=True,
    )
    profile.full_clean()
    profile.save()
    if not organisation.industry_codes.exists():
        # IMKK's applicant has no codes of its own yet: technical ceramics and R&D
        profile.industry_codes.set(IndustryCode.objects.filter(code__in=("23.44", "72.19")))
    return profile, True


def _pipeline(
    profile: StartupProfile, network: Network, startup: DemoStartup, today: dt.date
) -> int:
    if PipelineEntry.objects.filter(network=network, startup=profile).exists():
        return 0
    manager = User.objects.filter(username=f"manager-{network.slug}").first()
    first_day = today - dt.timedelta(days=startup.moves[0][0])
    entry = PipelineEntry.objects.create(
        network=network, startup=profile, stage=startup.moves[0][1], stage_since=first_day
    )
    previous = ""
    for days, stage, note, amount in startup.moves:
        day = today - dt.timedelta(days=days)
        PipelineMove.objects.create(
            entry=entry,
            from_stage=previous,
            to_stage=stage,
            moved_on=day,
            note=note,
            amount=amount,
            moved_by=manager,
        )
        previous = stage
        entry.stage, entry.stage_since = stage, day
        if stage == PipelineStage.FINANCED:
            entry.amount_raised = amount
    entry.save(update_fields=["stage", "stage_since", "amount_raised"])
    return 1 + len(startup.moves)


def _fund(network: Network) -> int:
    organisation = Organisation.objects.filter(slug=HANNOVER_IMPULS).first()
    if organisation is None or InvestorProfile.objects.filter(name=FUND_NAME).exists():
        return 0
    fund = InvestorProfile(
        organisation=organisation,
        name=FUND_NAME,
        kind=InvestorKind.FUND,
        focus=(
            "Ein Venture-Capital-Fonds, gemeinsam mit privaten Investoren aufgelegt, finanziert "
            "Neugründungen in den fünf Clusterbranchen der Region Hannover: Automotive, "
            "Biomedizintechnik, Laser, Produktionstechnik sowie Informations- und "
            "Kommunikationstechnik. Beispielprofil für die Demo: Tickets und Bedingungen sind "
            "Beispielwerte, nicht die des echten Fonds."
        ),
        stages=[Stage.SEED, Stage.SERIES_A],
        ticket_min=250_000,
        ticket_max=2_000_000,
        is_public=True,
    )
    fund.full_clean()
    fund.save()
    codes = {c for f in network.focus_industries.all() for c in f.industry_codes.all()}
    fund.industry_codes.set(codes)
    fund.districts.set(network.districts.all())
    fund.networks.set([network])
    return 1


def _angels() -> int:
    if InvestorProfile.objects.filter(name=ANGELS_NAME).exists():
        return 0
    created = 0
    organisation = Organisation.objects.filter(
        source=DataSource.FICTITIOUS, external_id=ANGELS_ORGANISATION["external_id"]
    ).first()
    if organisation is None:
        organisation = Organisation(
            **ANGELS_ORGANISATION,
            source=DataSource.FICTITIOUS,
            slug=unique_slug(str(ANGELS_ORGANISATION["name"])),
            source_note=FICTITIOUS_SOURCE_NOTE,
            is_fictitious=True,
        )
        organisation.derive_location()
        organisation.full_clean()
        organisation.save()
        created += 1
    angels = InvestorProfile(
        organisation=organisation,
        name=ANGELS_NAME,
        kind=InvestorKind.ANGELS,
        focus=(
            "Business Angels aus dem Westerwald beteiligen sich früh an Gründungen der Region, "
            "besonders aus Keramik, Kunststoff und Metall, und begleiten sie mit ihrer "
            "Erfahrung als Unternehmer. Ein fiktives Beispiel für die Demo."
        ),
        stages=[Stage.IDEA, Stage.PRE_SEED, Stage.SEED],
        ticket_min=25_000,
        ticket_max=250_000,
        is_public=True,
    )
    angels.full_clean()
    angels.save()
    angels.districts.set(District.objects.filter(ags__in=("07132", "07138", "07143")))
    return created + 1


def _mentor(mentor: DemoMentor, networks: dict[str, Network], today: dt.date) -> int:
    organisation = Organisation.objects.filter(
        source=DataSource.FICTITIOUS, external_id=mentor.organisation
    ).first()
    network = networks.get(mentor.network)
    if organisation is None or network is None:
        return 0
    if MentorOffer.objects.filter(organisation=organisation, network=network).exists():
        return 0
    created = 0
    person = None
    if mentor.person is not None:
        first_name, last_name, function = mentor.person
        person = Person.objects.filter(
            organisation=organisation, first_name=first_name, last_name=last_name
        ).first()
        if person is None:
            person = Person(
                organisation=organisation,
                first_name=first_name,
                last_name=last_name,
                function=function,
                lawful_basis=LawfulBasis.CONSENT,
                consent_given_at=timezone.make_aware(
                    dt.datetime.combine(today - dt.timedelta(days=90), dt.time(10))
                ),
                consent_purpose=(
                    "Nennung als Mentor bzw. Mentorin im Mentoring-Angebot des Netzwerks "
                    f"({EXAMPLE})"
                ),
                basis_note=f"Einwilligung zum Mentoring-Angebot ({EXAMPLE})",
                visibility=Visibility.MEMBERS,
                email_visibility=Visibility.MEMBERS,
                phone_visibility=Visibility.MEMBERS,
            )
            person.full_clean()
            person.save()
            created += 1
    MentorOffer.objects.create(
        organisation=organisation,
        network=network,
        person=person,
        topics=mentor.topics,
        time_offered=mentor.time_offered,
    )
    return created + 1
