# German typography: the en dash is the Gedankenstrich of the texts, not a typo.
# ruff: noqa: RUF001
"""The facts of the five seed texts (and a few marked public facts) as plain data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nahwerk.directory.choices import OrganisationKind
from nahwerk.networks.choices import FeeCategory, NetworkKind, RoleKind, ServiceKind

# Where each fact comes from. The five seed texts are in shared/seeds of the project brief
# (000 to 004). The source notes below are shown on public pages, so they cite each text as
# a reader would cite it (who published what, when) and say in the reader's words what the
# text leaves open; how a record was derived is said in comments here, not on the page.
# Seed 000: press release of the IMKK e.V. on its founding (undated, 2014).
SEED_000 = "Pressemitteilung des IMKK e.V. zur Vereinsgründung, 2014"
# Seed 001: press release of the WFG Herne, dated Herne, 22 January 2010.
SEED_001 = "Presse-Info der WFG Herne vom 22. Januar 2010 („Neue Netzwerk-Initiative startet“)"
# Seed 002: undated press release from Dortmund, after seed 001 (it reports the later grant).
SEED_002 = (
    "Pressemitteilung „Zusage eingetroffen: Land fördert Netzwerk In|Die RegionRuhr“ "
    "(Dortmund, ohne Datum)"
)
SEED_001_002 = (
    "Presse-Info der WFG Herne vom 22. Januar 2010 und Pressemitteilung „Zusage eingetroffen: "
    "Land fördert Netzwerk In|Die RegionRuhr“"
)
# Seed 003: an undated news item from an archive of municipal news; its publisher is not named.
SEED_003 = (
    "Meldung über den Besuch des Wirtschaftsförderer-Netzwerks Emscher-Lippe bei "
    "hannoverimpuls in Hannover (ohne Datum)"
)
# Seed 004: the project page of the WIR! alliance (undated).
SEED_004 = "Projektseite des WIR!-Bündnisses SmartERZ (www.smarterz.de)"

_ONE_OF_FIVE_AGENCIES = (
    SEED_001_002 + ": dort als eine der fünf Wirtschaftsförderungen erwähnt, nicht mit Namen."
)
_ONE_OF_THREE_CHAMBERS = (
    SEED_001_002 + ": dort als eine der drei Industrie- und Handelskammern erwähnt, nicht "
    "mit Namen; Name und Sitz öffentlich bekannt."
)
_NOT_NAMED = "in den Pressetexten nicht mit Namen genannt"

# The services of chambers and development agencies are not in the press texts; what every
# IHK, HWK or municipal development agency does is public knowledge (for the chambers it is
# laid down in the IHK-Gesetz, the Handwerksordnung and the Berufsbildungsgesetz). The
# profiles list these usual tasks in general terms, and their source notes say so.
_IHK_OFFERS = (
    "Beratung zu Existenzgründung und Unternehmensnachfolge\n"
    "Beratung zu Fördermitteln und Finanzierung\n"
    "Ausbildungsberatung, Eintragung von Ausbildungsverträgen und Prüfungen\n"
    "Außenwirtschaft: Ursprungszeugnisse, Carnets ATA und Exportberatung\n"
    "Weiterbildung und Sachverständigenwesen"
)
_HWK_OFFERS = (
    "Beratung von Handwerksbetrieben zu Gründung, Betriebsnachfolge, Technik und "
    "Finanzierung\n"
    "Meisterkurse und Weiterbildung\n"
    "Ausbildungsberatung, Lehrlingsrolle und Gesellenprüfungen\n"
    "Handwerksrolle: Eintragung von Betrieben"
)
_AGENCY_OFFERS = (
    "Beratung zu Fördermitteln und Finanzierung\n"
    "Gründungsberatung\n"
    "Vermittlung von Gewerbeflächen und Gewerbeimmobilien\n"
    "Gemeinschaftsstände auf Messen\n"
    "Kontakte zu Hochschulen, Verwaltung und Unternehmen der Region"
)
_CHAMBER_TASKS = " Angebote: übliche Aufgaben einer Kammer."
_AGENCY_TASKS = " Angebote: übliche Leistungen einer Wirtschaftsförderung."

FICTITIOUS_NOTE = (
    "Hinweis: Mitglieder mit dem Zusatz „(Beispiel)“ im Namen sind fiktive Demo-Daten."
)


@dataclass(frozen=True)
class SeedOrganisation:
    """A real organisation named in a seed text (or, marked as such, public knowledge).

    Only facts from the seed or certain public knowledge are filled in: a street and
    postcode only where known for sure, otherwise the city alone, or nothing at all.
    ``district_ags`` is set by hand only where there is no postcode and the city (or the
    name) determines the district.
    """

    slug: str
    name: str
    kind: str
    source_note: str
    legal_form: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    district_ags: str = ""
    website: str = ""
    description: str = ""
    competences: str = ""
    # What it offers others; for chambers and development agencies their usual tasks,
    # described in general terms (see _CHAMBER_TASKS and _AGENCY_TASKS)
    offers: str = ""
    industry_codes: tuple[str, ...] = ()
    # The EU PIC, where the CORDIS data names the organisation: the seed record then is the
    # one the CORDIS import fills and links its participations to (it matches by PIC).
    pic: str = ""


@dataclass(frozen=True)
class SeedPerson:
    """A person named publicly in a seed text, with the function given there."""

    key: str
    first_name: str
    last_name: str
    function: str
    basis_note: str
    title: str = ""
    organisation: str = ""  # slug of a SeedOrganisation; empty when the seed names none
    email: str = ""
    phone: str = ""
    public: bool = False  # name and function public (board, spokespersons, contacts)


@dataclass(frozen=True)
class SeedRole:
    kind: str
    organisation: str = ""  # slug of a SeedOrganisation
    person: str = ""  # key of a SeedPerson
    note: str = ""


@dataclass(frozen=True)
class SeedFocusIndustry:
    """A focus industry in the network's words; the WZ 2008 mapping is ours, not the seed's."""

    label: str
    industry_codes: tuple[str, ...]


@dataclass(frozen=True)
class SeedService:
    kind: str
    description: str


@dataclass(frozen=True)
class SeedMember:
    """A real organisation whose membership follows from the seed (since: unknown)."""

    organisation: str
    fee_category: str


@dataclass(frozen=True)
class SeedNetwork:
    slug: str
    name: str
    short_name: str
    kind: str
    region_name: str
    description: str
    source_note: str
    district_ags: tuple[str, ...]
    website: str = ""
    founded_on: dt.date | None = None
    founding_note: str = ""
    focus_industries: tuple[SeedFocusIndustry, ...] = ()
    services: tuple[SeedService, ...] = ()
    roles: tuple[SeedRole, ...] = ()
    members: tuple[SeedMember, ...] = ()


# --- Organisations -------------------------------------------------------------------------

ORGANISATIONS: tuple[SeedOrganisation, ...] = (
    # IMKK e.V. (Seed 000): the organisations of the board members.
    SeedOrganisation(
        slug="weberit-werke-draebing-gmbh",
        name="Weberit Werke Dräbing GmbH",
        kind=OrganisationKind.COMPANY,
        legal_form="GmbH",
        postcode="57641",
        city="Oberlahr",
        description=(
            "Annette Dräbing von der Weberit Werke Dräbing GmbH gehört laut Pressemitteilung "
            "zur Gründung 2014 dem Vorstand des IMKK e.V. an."
        ),
        # Board membership from seed 000; the seat is not in it.
        source_note=(
            SEED_000 + "; Sitz laut weberit.de. 2020 insolvent, der Geschäftsbetrieb ging an "
            "die Weberit Plastics Technologies GmbH (laut kunststoffweb.de)."
        ),
    ),
    SeedOrganisation(
        slug="fgk-forschungsinstitut-glas-keramik",
        name="Forschungsinstitut für anorganische Werkstoffe – Glas/Keramik – GmbH",
        kind=OrganisationKind.RESEARCH_INSTITUTE,
        legal_form="GmbH",
        postcode="56203",
        city="Höhr-Grenzhausen",
        description=(
            "Forschungsinstitut für anorganische Werkstoffe, insbesondere Glas und Keramik. "
            "Prof. Dr. Ralf Diedel gehört laut Pressemitteilung zur Gründung 2014 dem "
            "Vorstand des IMKK e.V. an."
        ),
        competences="Forschung zu anorganischen Werkstoffen: Glas und Keramik.",
        industry_codes=("72.19",),
        # The seat is public knowledge, not in seed 000; the description follows the name.
        source_note=SEED_000
        + "; Anschrift öffentlich bekannt, in der Pressemitteilung nicht genannt.",
    ),
    SeedOrganisation(
        slug="ewm-hightec-welding-gmbh",
        name="EWM Hightec Welding GmbH",
        kind=OrganisationKind.COMPANY,
        legal_form="GmbH",
        postcode="56271",
        city="Mündersbach",
        description=(
            "Susanne Szczesny-Oßing von der EWM Hightec Welding GmbH gehört laut "
            "Pressemitteilung zur Gründung 2014 dem Vorstand des IMKK e.V. an."
        ),
        source_note=(
            SEED_000 + " (dort „EMW Hightec Welding GmbH“ geschrieben); Firmenname und Sitz "
            "laut ingenieur.de und ww-kurier.de."
        ),
    ),
    SeedOrganisation(
        slug="maschinenbau-boehmer-gmbh",
        name="Maschinenbau Böhmer GmbH",
        kind=OrganisationKind.COMPANY,
        legal_form="GmbH",
        description=(
            "Christoph Böhmer von der Maschinenbau Böhmer GmbH gehört laut Pressemitteilung "
            "zur Gründung 2014 dem Vorstand des IMKK e.V. an."
        ),
        industry_codes=("28",),
        # No address: the seat is not in seed 000 and was not checked. WZ 28 from the name.
        source_note=SEED_000 + "; der Sitz ist dort nicht genannt.",
    ),
    SeedOrganisation(
        slug="verbandsgemeindeverwaltung-hoehr-grenzhausen",
        name="Verbandsgemeindeverwaltung Höhr-Grenzhausen",
        kind=OrganisationKind.PUBLIC_BODY,
        postcode="56203",
        city="Höhr-Grenzhausen",
        description=(
            "Verwaltung der Verbandsgemeinde Höhr-Grenzhausen. Thilo Becker gehört laut "
            "Pressemitteilung zur Gründung 2014 dem Vorstand des IMKK e.V. an."
        ),
        industry_codes=("84.11",),
        # The postcode of the town is public knowledge, not in seed 000.
        source_note=SEED_000 + "; Postleitzahl öffentlich bekannt.",
    ),
    # In|Die RegionRuhr (Seeds 001, 002): the five development agencies, the HWK, three IHKs.
    SeedOrganisation(
        slug="wirtschaftsfoerderung-dortmund",
        name="Wirtschaftsförderung Dortmund",
        kind=OrganisationKind.DEVELOPMENT_AGENCY,
        city="Dortmund",
        district_ags="05913",
        description=(
            "Wirtschaftsförderung der Stadt Dortmund. Betreut laut Pressemitteilung die "
            "Netzwerkinitiative In|Die RegionRuhr (Frank Grützenbach); Geschäftsführer: "
            "Udo Mager (Stand um 2010)."
        ),
        offers=_AGENCY_OFFERS,
        source_note=SEED_002 + _AGENCY_TASKS,
    ),
    SeedOrganisation(
        slug="wfg-herne",
        name="WFG Herne",
        kind=OrganisationKind.DEVELOPMENT_AGENCY,
        city="Herne",
        district_ags="05916",
        description=(
            "Wirtschaftsförderungsgesellschaft Herne; Partner von In|Die RegionRuhr. "
            "Geschäftsführer laut Presse-Info vom 22.01.2010: Dr. Joachim Grollmann."
        ),
        # WFG = Wirtschaftsförderungsgesellschaft: public knowledge, not in seed 001.
        offers=_AGENCY_OFFERS,
        source_note=SEED_001 + _AGENCY_TASKS,
    ),
    SeedOrganisation(
        slug="wirtschaftsfoerderung-bochum",
        name="Wirtschaftsförderung Bochum",
        kind=OrganisationKind.DEVELOPMENT_AGENCY,
        city="Bochum",
        district_ags="05911",
        description="Wirtschaftsförderung für Bochum; Partner von In|Die RegionRuhr.",
        # Seeds 001/002 speak of "die fünf Wirtschaftsförderungen"; the name is generic.
        offers=_AGENCY_OFFERS,
        source_note=_ONE_OF_FIVE_AGENCIES + _AGENCY_TASKS,
    ),
    SeedOrganisation(
        slug="wirtschaftsfoerderung-hagen",
        name="Wirtschaftsförderung Hagen",
        kind=OrganisationKind.DEVELOPMENT_AGENCY,
        city="Hagen",
        district_ags="05914",
        description="Wirtschaftsförderung für Hagen; Partner von In|Die RegionRuhr.",
        offers=_AGENCY_OFFERS,
        source_note=_ONE_OF_FIVE_AGENCIES + _AGENCY_TASKS,
    ),
    SeedOrganisation(
        slug="wirtschaftsfoerderung-ennepe-ruhr-kreis",
        name="Wirtschaftsförderung Ennepe-Ruhr-Kreis",
        kind=OrganisationKind.DEVELOPMENT_AGENCY,
        district_ags="05954",
        description=(
            "Wirtschaftsförderung für den Ennepe-Ruhr-Kreis; Partner von In|Die RegionRuhr."
        ),
        offers=_AGENCY_OFFERS,
        source_note=_ONE_OF_FIVE_AGENCIES + " Sitz nicht bekannt." + _AGENCY_TASKS,
    ),
    SeedOrganisation(
        slug="handwerkskammer-dortmund",
        name="Handwerkskammer Dortmund",
        kind=OrganisationKind.CHAMBER,
        legal_form="KdöR",
        city="Dortmund",
        district_ags="05913",
        description=(
            "Handwerkskammer (HWK) Dortmund; Partner von In|Die RegionRuhr. "
            "Hauptgeschäftsführer laut Pressemitteilung: Ernst Wölke (Stand um 2010)."
        ),
        offers=_HWK_OFFERS,
        source_note=SEED_002 + _CHAMBER_TASKS,
    ),
    SeedOrganisation(
        slug="ihk-zu-dortmund",
        name="Industrie- und Handelskammer zu Dortmund",
        kind=OrganisationKind.CHAMBER,
        legal_form="KdöR",
        city="Dortmund",
        district_ags="05913",
        description=(
            "Industrie- und Handelskammer mit Sitz in Dortmund; Partner von In|Die RegionRuhr."
        ),
        offers=_IHK_OFFERS,
        source_note=_ONE_OF_THREE_CHAMBERS + _CHAMBER_TASKS,
    ),
    SeedOrganisation(
        slug="ihk-mittleres-ruhrgebiet",
        name="Industrie- und Handelskammer Mittleres Ruhrgebiet",
        kind=OrganisationKind.CHAMBER,
        legal_form="KdöR",
        city="Bochum",
        district_ags="05911",
        description=(
            "Industrie- und Handelskammer mit Sitz in Bochum; Partner von In|Die RegionRuhr."
        ),
        offers=_IHK_OFFERS,
        source_note=_ONE_OF_THREE_CHAMBERS + _CHAMBER_TASKS,
    ),
    SeedOrganisation(
        slug="sihk-zu-hagen",
        name="Südwestfälische Industrie- und Handelskammer zu Hagen",
        kind=OrganisationKind.CHAMBER,
        legal_form="KdöR",
        city="Hagen",
        district_ags="05914",
        description=(
            "Industrie- und Handelskammer mit Sitz in Hagen; Partner von In|Die RegionRuhr."
        ),
        offers=_IHK_OFFERS,
        source_note=_ONE_OF_THREE_CHAMBERS + _CHAMBER_TASKS,
    ),
    # Wirtschaftsförderer-Netzwerk Emscher-Lippe (Seed 003): the spokespersons' agencies.
    SeedOrganisation(
        slug="service-center-wirtschaft-castrop-rauxel",
        name="Service Center Wirtschaft der Stadt Castrop-Rauxel",
        kind=OrganisationKind.DEVELOPMENT_AGENCY,
        city="Castrop-Rauxel",
        district_ags="05562",
        description=(
            "Wirtschaftsförderung der Stadt Castrop-Rauxel. Hans-Werner Diel ist einer der "
            "beiden Sprecher des Wirtschaftsförderer-Netzwerks Emscher-Lippe."
        ),
        # The district (Kreis Recklinghausen) follows from the town.
        offers=_AGENCY_OFFERS,
        source_note=SEED_003 + _AGENCY_TASKS,
    ),
    SeedOrganisation(
        slug="wirtschaftsfoerderung-herten",
        name="Wirtschaftsförderung Herten",
        kind=OrganisationKind.DEVELOPMENT_AGENCY,
        city="Herten",
        district_ags="05562",
        description=(
            "Wirtschaftsförderung in Herten. Ihr Leiter Peter Brautmeier ist einer der "
            "beiden Sprecher des Wirtschaftsförderer-Netzwerks Emscher-Lippe."
        ),
        # The district (Kreis Recklinghausen) follows from the town.
        offers=_AGENCY_OFFERS,
        source_note=SEED_003 + _AGENCY_TASKS,
    ),
    # hannoverimpuls (Seed 003).
    SeedOrganisation(
        slug="hannover-impuls-gmbh",
        name="Hannover Impuls GmbH",
        kind=OrganisationKind.DEVELOPMENT_AGENCY,
        legal_form="GmbH",
        city="Hannover",
        district_ags="03241",
        description=(
            "Setzt das Projekt hannoverimpuls um; Träger sind die Stadt und die Region "
            "Hannover. Geschäftsführer laut der Meldung über den Besuch des Netzwerks "
            "Emscher-Lippe: Walter Petri."
        ),
        # The seat follows from the name.
        offers=_AGENCY_OFFERS,
        source_note=SEED_003 + _AGENCY_TASKS,
    ),
    SeedOrganisation(
        slug="landeshauptstadt-hannover",
        name="Landeshauptstadt Hannover",
        kind=OrganisationKind.PUBLIC_BODY,
        city="Hannover",
        district_ags="03241",
        description="Stadt Hannover; Trägerin der Hannover Impuls GmbH.",
        # The official name is public knowledge; seed 003 says "die Stadt".
        source_note=SEED_003 + "; dort „die Stadt“ genannt.",
    ),
    SeedOrganisation(
        slug="region-hannover",
        name="Region Hannover",
        kind=OrganisationKind.PUBLIC_BODY,
        city="Hannover",
        district_ags="03241",
        description="Region Hannover; Trägerin der Hannover Impuls GmbH.",
        source_note=SEED_003 + "; dort „die Region“ genannt.",
    ),
    # SmartERZ (Seed 004): the project team.
    SeedOrganisation(
        slug="wirtschaftsfoerderung-erzgebirge-gmbh",
        name="Wirtschaftsförderung Erzgebirge GmbH",
        kind=OrganisationKind.DEVELOPMENT_AGENCY,
        legal_form="GmbH",
        street="Adam-Ries-Straße 16",
        postcode="09456",
        city="Annaberg-Buchholz",
        website="http://www.wfe-erzgebirge.de",
        description=(
            "Teil des Projektteams des WIR!-Bündnisses SmartERZ; Kontaktstelle des Bündnisses."
        ),
        offers=_AGENCY_OFFERS,
        source_note=SEED_004 + _AGENCY_TASKS,
    ),
    SeedOrganisation(
        slug="technische-universitaet-chemnitz",
        name="Technische Universität Chemnitz",
        kind=OrganisationKind.UNIVERSITY,
        street="Straße der Nationen 62",
        postcode="09111",
        city="Chemnitz",
        website="http://www.tu-chemnitz.de",
        description="Technische Universität; Teil des Projektteams des WIR!-Bündnisses SmartERZ.",
        industry_codes=("85.42",),
        pic="999877844",
        # Address, website and PIC from the CORDIS records in data/cordis, not from seed 004.
        source_note=SEED_004 + "; Anschrift und Website laut CORDIS (© Europäische Union).",
    ),
    SeedOrganisation(
        slug="bemorrow-gmbh",
        name="bemorrow GmbH",
        kind=OrganisationKind.COMPANY,
        legal_form="GmbH",
        description="Teil des Projektteams des WIR!-Bündnisses SmartERZ.",
        source_note=SEED_004 + "; der Sitz ist dort nicht genannt.",
    ),
)


# --- People --------------------------------------------------------------------------------

_IMKK_BASIS = f"Öffentlich genannt in der {SEED_000}."
_SEED_001_BASIS = f"Öffentlich genannt in der {SEED_001}."
_SEED_002_BASIS = f"Öffentlich genannt in der {SEED_002}."
_SEED_003_BASIS = f"Öffentlich genannt in der {SEED_003}."
_SEED_004_BASIS = f"Öffentlich als Kontakt genannt auf der {SEED_004}."

PEOPLE: tuple[SeedPerson, ...] = (
    SeedPerson(
        key="stannek",
        title="Dr.",
        first_name="Guido",
        last_name="Stannek",
        function="Vorstandsvorsitzender des IMKK e.V. (Stand 2014)",
        basis_note=_IMKK_BASIS + " Seine Organisation ist dort nicht genannt.",
        public=True,
    ),
    SeedPerson(
        key="draebing",
        first_name="Annette",
        last_name="Dräbing",
        organisation="weberit-werke-draebing-gmbh",
        function="Vorstandsmitglied des IMKK e.V. (Stand 2014)",
        basis_note=_IMKK_BASIS,
        public=True,
    ),
    SeedPerson(
        key="diedel",
        title="Prof. Dr.",
        first_name="Ralf",
        last_name="Diedel",
        organisation="fgk-forschungsinstitut-glas-keramik",
        function="Vorstandsmitglied des IMKK e.V. (Stand 2014)",
        basis_note=_IMKK_BASIS,
        public=True,
    ),
    SeedPerson(
        key="szczesny-ossing",
        first_name="Susanne",
        last_name="Szczesny-Oßing",
        organisation="ewm-hightec-welding-gmbh",
        function="Vorstandsmitglied des IMKK e.V. (Stand 2014)",
        basis_note=_IMKK_BASIS,
        public=True,
    ),
    SeedPerson(
        key="boehmer",
        first_name="Christoph",
        last_name="Böhmer",
        organisation="maschinenbau-boehmer-gmbh",
        function="Vorstandsmitglied des IMKK e.V. (Stand 2014)",
        basis_note=_IMKK_BASIS,
        public=True,
    ),
    SeedPerson(
        key="becker",
        first_name="Thilo",
        last_name="Becker",
        organisation="verbandsgemeindeverwaltung-hoehr-grenzhausen",
        function="Vorstandsmitglied des IMKK e.V. (Stand 2014)",
        basis_note=_IMKK_BASIS,
        public=True,
    ),
    SeedPerson(
        key="gruetzenbach",
        first_name="Frank",
        last_name="Grützenbach",
        organisation="wirtschaftsfoerderung-dortmund",
        function="Betreut die Initiative In|Die RegionRuhr (Stand um 2010)",
        basis_note=_SEED_002_BASIS,
        public=True,
    ),
    SeedPerson(
        key="mager",
        first_name="Udo",
        last_name="Mager",
        organisation="wirtschaftsfoerderung-dortmund",
        function="Geschäftsführer der Wirtschaftsförderung Dortmund (Stand um 2010)",
        basis_note=_SEED_002_BASIS,
    ),
    SeedPerson(
        key="grollmann",
        title="Dr.",
        first_name="Joachim",
        last_name="Grollmann",
        organisation="wfg-herne",
        function="Geschäftsführer der WFG Herne (Stand Januar 2010)",
        basis_note=_SEED_001_BASIS,
    ),
    SeedPerson(
        key="schulz",
        first_name="Reinhard",
        last_name="Schulz",
        organisation="ihk-zu-dortmund",
        function="IHK-Hauptgeschäftsführer (Stand um 2010)",
        basis_note=(
            _SEED_002_BASIS + " Die Kammer ist dort nicht genannt; dass er für die IHK zu "
            "Dortmund spricht, ist öffentlich bekannt."
        ),
    ),
    SeedPerson(
        key="woelke",
        first_name="Ernst",
        last_name="Wölke",
        organisation="handwerkskammer-dortmund",
        function="Hauptgeschäftsführer der Handwerkskammer Dortmund (Stand um 2010)",
        basis_note=_SEED_002_BASIS,
    ),
    SeedPerson(
        key="diel",
        first_name="Hans-Werner",
        last_name="Diel",
        organisation="service-center-wirtschaft-castrop-rauxel",
        function="Sprecher des Wirtschaftsförderer-Netzwerks Emscher-Lippe",
        basis_note=_SEED_003_BASIS,
        public=True,
    ),
    SeedPerson(
        key="brautmeier",
        first_name="Peter",
        last_name="Brautmeier",
        organisation="wirtschaftsfoerderung-herten",
        function="Leiter der Wirtschaftsförderung Herten; Sprecher des Netzwerks Emscher-Lippe",
        basis_note=_SEED_003_BASIS,
        public=True,
    ),
    SeedPerson(
        key="petri",
        first_name="Walter",
        last_name="Petri",
        organisation="hannover-impuls-gmbh",
        function="Geschäftsführer der Hannover Impuls GmbH (laut undatierter Meldung)",
        basis_note=_SEED_003_BASIS,
        public=True,
    ),
    SeedPerson(
        key="kammerl",
        first_name="Jan",
        last_name="Kammerl",
        organisation="wirtschaftsfoerderung-erzgebirge-gmbh",
        function="Kontakt SmartERZ",
        email="kammerl@wfe-erzgebirge.de",
        phone="+49 (0)3733 14 51 10",
        basis_note=_SEED_004_BASIS,
        public=True,
    ),
    SeedPerson(
        key="schneider",
        first_name="Aron",
        last_name="Schneider",
        organisation="wirtschaftsfoerderung-erzgebirge-gmbh",
        function="Kontakt SmartERZ",
        email="schneider@wfe-erzgebirge.de",
        phone="+49 (0)3733 145 138",
        basis_note=_SEED_004_BASIS,
        public=True,
    ),
)


# --- Networks ------------------------------------------------------------------------------

_HANNOVER_COMPARISON = (
    "Beim Besuch des Wirtschaftsförderer-Netzwerks Emscher-Lippe bei hannoverimpuls wurden "
    "die regionalen Initiativen verglichen: Es gibt viele Überschneidungen, aber auch "
    "unterschiedliche Ansätze, bedingt durch unterschiedliche Strukturen, Entwicklungen und "
    "Voraussetzungen."
)

NETWORKS: tuple[SeedNetwork, ...] = (
    SeedNetwork(
        slug="imkk",
        name="IMKK e.V. – Innovationscluster Metall-Keramik-Kunststoff",
        short_name="IMKK e.V.",
        kind=NetworkKind.REGISTERED_ASSOCIATION,
        region_name="Kreise Altenkirchen, Neuwied und Westerwaldkreis (Rheinland-Pfalz)",
        description=(
            "Der IMKK basiert auf einer Initiative der rheinland-pfälzischen Landesregierung "
            "und vernetzt Unternehmen aus den Kreisen Altenkirchen, Neuwied und dem "
            "Westerwaldkreis. Ziel ist, Einrichtungen und Unternehmen der Schwerpunktbranchen "
            "Metall, Keramik und Kunststoff räumlich zu konzentrieren, Kooperationen zu "
            "initiieren und Innovationen zu fördern. Um die Zusammenarbeit des Clusters "
            "langfristig fortzuführen, wurde am 5. Mai 2014 der IMKK e.V. gegründet; die "
            "Mitglieder profitieren von Synergieeffekten durch die Kooperation von Wirtschaft, "
            "Wissenschaft und öffentlichen Einrichtungen. Laut Gründungsmeldung zählte der "
            "Verein bereits mehr als zwanzig Mitglieder.\n\n" + FICTITIOUS_NOTE
        ),
        source_note=SEED_000,
        district_ags=("07132", "07138", "07143"),
        website="http://www.metall-keramik-kunststoff.de",
        founded_on=dt.date(2014, 5, 5),
        founding_note="Vereinsgründung am 5. Mai 2014",
        focus_industries=(
            SeedFocusIndustry("Metall", ("24", "25")),
            SeedFocusIndustry("Keramik", ("23.2", "23.3", "23.4")),
            SeedFocusIndustry("Kunststoff", ("22.2",)),
        ),
        services=(
            SeedService(
                ServiceKind.FUNDING_ADVICE,
                "für Projekt- und Wirtschaftsförderungen.",
            ),
            # The services' labels say what the text says; a description only adds to them.
            SeedService(ServiceKind.TRAINING, ""),
            SeedService(ServiceKind.SKILLED_WORKERS, ""),
            SeedService(ServiceKind.STARTUPS, ""),
            SeedService(ServiceKind.EVENTS, "Mitglieder nehmen vergünstigt teil."),
            SeedService(ServiceKind.TRADE_FAIRS, "Mitglieder nehmen vergünstigt teil."),
            SeedService(
                ServiceKind.COOPERATION,
                "Kooperationen initiieren; Synergieeffekte durch die Kooperation von "
                "Wirtschaft, Wissenschaft und öffentlichen Einrichtungen.",
            ),
        ),
        # The roles' notes are shown beside them: only what the network's source line does
        # not already say.
        roles=(
            SeedRole(RoleKind.BOARD_CHAIR, person="stannek"),
            SeedRole(
                RoleKind.BOARD_MEMBER,
                organisation="weberit-werke-draebing-gmbh",
                person="draebing",
            ),
            SeedRole(
                RoleKind.BOARD_MEMBER,
                organisation="fgk-forschungsinstitut-glas-keramik",
                person="diedel",
            ),
            SeedRole(
                RoleKind.BOARD_MEMBER,
                organisation="ewm-hightec-welding-gmbh",
                person="szczesny-ossing",
                note="in der Pressemitteilung „EMW Hightec Welding GmbH“ geschrieben",
            ),
            SeedRole(
                RoleKind.BOARD_MEMBER,
                organisation="maschinenbau-boehmer-gmbh",
                person="boehmer",
            ),
            SeedRole(
                RoleKind.BOARD_MEMBER,
                organisation="verbandsgemeindeverwaltung-hoehr-grenzhausen",
                person="becker",
            ),
        ),
        members=(
            SeedMember("weberit-werke-draebing-gmbh", FeeCategory.REGULAR),
            SeedMember("fgk-forschungsinstitut-glas-keramik", FeeCategory.SCIENCE),
            SeedMember("ewm-hightec-welding-gmbh", FeeCategory.REGULAR),
            SeedMember("maschinenbau-boehmer-gmbh", FeeCategory.REGULAR),
            SeedMember("verbandsgemeindeverwaltung-hoehr-grenzhausen", FeeCategory.PUBLIC),
        ),
    ),
    SeedNetwork(
        slug="indie-regionruhr",
        name="In|Die RegionRuhr",
        short_name="In|Die RegionRuhr",
        kind=NetworkKind.AGENCY_NETWORK,
        region_name=(
            "Bochum, Dortmund, Hagen, Herne und Ennepe-Ruhr-Kreis (westfälisches Ruhrgebiet)"
        ),
        description=(
            "Netzwerkinitiative der fünf Wirtschaftsförderungen, der Handwerkskammer sowie der "
            "drei Industrie- und Handelskammern für Bochum, Dortmund, Hagen, Herne und den "
            "Ennepe-Ruhr-Kreis. Sie verbindet die Potenziale von Unternehmen, Hochschulen und "
            "Forschungseinrichtungen im Produktions- und Dienstleistungsverbund, um "
            "Innovationen anzustoßen, neue Märkte zu erschließen, Ressourcen zu schonen, "
            "Fördermittel zu akquirieren und Kooperationsprojekte zu fördern. Die Region zählt "
            "laut Pressemitteilung mehr als 3.000 Unternehmen mit 160.000 Beschäftigten im "
            "Produktions- und Dienstleistungsverbund (die Presse-Info vom Januar 2010 nennt "
            "rund 2.000 Unternehmen und 130.000 Beschäftigte). Das Wirtschaftsministerium NRW "
            "bewilligte im Januar 2010 knapp 30.000 € für ein regionales Entwicklungskonzept "
            "(REK); später folgte ein bewilligtes Projektvolumen von rund 600.000 €. "
            "Leitgedanke ist die Nachfrageorientierung: „Wir erkunden den Bedarf der "
            "Unternehmen und tragen diesen direkt in die Hochschulen der Region.“\n\n"
            + FICTITIOUS_NOTE
        ),
        source_note=SEED_001_002 + " (Dortmund, ohne Datum)",
        district_ags=("05911", "05913", "05914", "05916", "05954"),
        # Seed 002: "Das 2008 gegründete Netzwerk" (only the year); seed 001 reports the start
        # of the funded initiative in January 2010.
        founding_note=(
            "gegründet 2008; Start der vom Land NRW geförderten Initiative im Januar 2010"
        ),
        focus_industries=(
            SeedFocusIndustry(
                "Produktion und produktionsnahe Dienstleistungen", ("C", "71.1", "71.2", "72.1")
            ),
        ),
        services=(
            SeedService(
                ServiceKind.DEMAND_BROKERING,
                "„Wir erkunden den Bedarf der Unternehmen und tragen diesen direkt in die "
                "Hochschulen der Region.“",
            ),
            SeedService(ServiceKind.EVENTS, "themenspezifische Branchentreffen, seit 2008."),
            SeedService(ServiceKind.TRADE_FAIRS, "gemeinsame Messeauftritte, seit 2008."),
            SeedService(ServiceKind.ENTREPRENEUR_TRIPS, "seit 2008."),
            SeedService(
                ServiceKind.FUNDING_ADVICE, "Fördermittel für Kooperationsprojekte akquirieren."
            ),
            SeedService(
                ServiceKind.COOPERATION,
                "Kooperationsprojekte fördern; Projekte, die Wirtschaft und Wissenschaft "
                "verbinden, Innovationen anstoßen und neue Märkte erschließen.",
            ),
            SeedService(
                ServiceKind.REGIONAL_STRATEGY,
                "Regionales Entwicklungskonzept (REK), gefördert vom Wirtschaftsministerium "
                "NRW; Umsetzung der im REK definierten Handlungsfelder und Projekte.",
            ),
        ),
        roles=(
            SeedRole(
                RoleKind.NETWORK_COORDINATOR,
                organisation="wirtschaftsfoerderung-dortmund",
                person="gruetzenbach",
            ),
            SeedRole(
                RoleKind.PARTNER_INSTITUTION,
                organisation="wirtschaftsfoerderung-bochum",
                note=_NOT_NAMED,
            ),
            SeedRole(
                RoleKind.PARTNER_INSTITUTION,
                organisation="wirtschaftsfoerderung-dortmund",
            ),
            SeedRole(
                RoleKind.PARTNER_INSTITUTION,
                organisation="wirtschaftsfoerderung-hagen",
                note=_NOT_NAMED,
            ),
            SeedRole(
                RoleKind.PARTNER_INSTITUTION,
                organisation="wfg-herne",
            ),
            SeedRole(
                RoleKind.PARTNER_INSTITUTION,
                organisation="wirtschaftsfoerderung-ennepe-ruhr-kreis",
                note=_NOT_NAMED,
            ),
            SeedRole(
                RoleKind.PARTNER_INSTITUTION,
                organisation="handwerkskammer-dortmund",
            ),
            SeedRole(
                RoleKind.PARTNER_INSTITUTION,
                organisation="ihk-zu-dortmund",
                note=_NOT_NAMED,
            ),
            SeedRole(
                RoleKind.PARTNER_INSTITUTION,
                organisation="ihk-mittleres-ruhrgebiet",
                note=_NOT_NAMED,
            ),
            SeedRole(
                RoleKind.PARTNER_INSTITUTION,
                organisation="sihk-zu-hagen",
                note=_NOT_NAMED,
            ),
        ),
    ),
    SeedNetwork(
        slug="emscher-lippe",
        name="Wirtschaftsförderer-Netzwerk Emscher-Lippe",
        short_name="Netzwerk Emscher-Lippe",
        kind=NetworkKind.AGENCY_NETWORK,
        region_name="Emscher-Lippe-Region",
        description=(
            "Neu gegründetes Netzwerk der Wirtschaftsförderer in der Emscher-Lippe-Region. "
            "Seine beiden Sprecher, Hans-Werner Diel (Service Center Wirtschaft der Stadt "
            "Castrop-Rauxel) und Peter Brautmeier (Leiter der Wirtschaftsförderung in "
            "Herten), bereiteten mit Bürgermeister Nils Kruse das Konzept für eine "
            "regionalisierte Wirtschaftsförderung vor und informierten sich dazu bei "
            "hannoverimpuls in Hannover. " + _HANNOVER_COMPARISON + " Wie hannoverimpuls "
            "konzentriert sich auch die Emscher-Lippe-Region auf fünf Clusterbranchen; welche "
            "das sind, nennt die Meldung nicht, deshalb sind hier noch keine "
            "Schwerpunktbranchen eingetragen.\n\n" + FICTITIOUS_NOTE
        ),
        # The districts are the usual extent of the Emscher-Lippe region, not from seed 003.
        source_note=(
            SEED_003 + ". Die Kreise nennt die Meldung nicht; eingetragen ist die übliche "
            "Abgrenzung der Emscher-Lippe-Region (Bottrop, Gelsenkirchen, Kreis Recklinghausen)."
        ),
        district_ags=("05512", "05513", "05562"),
        # Seed 003 calls the network "neu gegründet" and gives no date.
        founding_note="kurz vor dem Besuch bei hannoverimpuls gegründet; Datum nicht bekannt",
        services=(
            SeedService(
                ServiceKind.REGIONAL_STRATEGY,
                "Konzept für eine regionalisierte Wirtschaftsförderung in der "
                "Emscher-Lippe-Region (laut der Meldung in Vorbereitung), u. a. im Vergleich mit "
                "anderen Standorten wie hannoverimpuls.",
            ),
        ),
        roles=(
            SeedRole(
                RoleKind.SPOKESPERSON,
                organisation="service-center-wirtschaft-castrop-rauxel",
                person="diel",
            ),
            SeedRole(
                RoleKind.SPOKESPERSON,
                organisation="wirtschaftsfoerderung-herten",
                person="brautmeier",
            ),
        ),
    ),
    SeedNetwork(
        slug="hannoverimpuls",
        name="hannoverimpuls",
        short_name="hannoverimpuls",
        kind=NetworkKind.DEVELOPMENT_COMPANY,
        region_name="Region Hannover",
        description=(
            "hannoverimpuls will neue Wege in der Förderung der Wirtschaft gehen. Umgesetzt "
            "wird das Projekt von der Hannover Impuls GmbH, deren Träger die Stadt und die "
            "Region Hannover sind. Es konzentriert sich auf fünf Clusterbranchen: Automotive, "
            "Biomedizintechnik, Laser, Produktionstechnik sowie Informations- und "
            "Kommunikationstechnik. Große Bedeutung hat die Einrichtung eines "
            "Venture-Capital- bzw. Beteiligungsfonds, der zusammen mit Privaten aufgelegt "
            "werden und Neugründungen in den Clusterbranchen finanzieren soll. "
            "Geschäftsführer Walter Petri stellte das Projekt dem Wirtschaftsförderer-Netzwerk "
            "Emscher-Lippe bei dessen Besuch in Hannover vor. "
            + _HANNOVER_COMPARISON
            + "\n\n"
            + FICTITIOUS_NOTE
        ),
        source_note=SEED_003,
        district_ags=("03241",),
        focus_industries=(
            SeedFocusIndustry("Automotive", ("29",)),
            SeedFocusIndustry("Biomedizintechnik", ("26.6", "32.5")),
            SeedFocusIndustry("Laser", ("26.7", "28.41")),
            SeedFocusIndustry("Produktionstechnik", ("28.4", "28.29", "28.99")),
            SeedFocusIndustry(
                "Informations- und Kommunikationstechnik",
                ("26.1", "26.2", "26.3", "61", "62", "63.1"),
            ),
        ),
        services=(
            SeedService(
                ServiceKind.VENTURE_CAPITAL,
                "Venture-Capital- bzw. Beteiligungsfonds für Neugründungen in den "
                "Clusterbranchen, zusammen mit Privaten aufzulegen (Stand der Planung zur Zeit "
                "des Besuchs des Netzwerks Emscher-Lippe).",
            ),
        ),
        roles=(
            SeedRole(
                RoleKind.NETWORK_COORDINATOR,
                organisation="hannover-impuls-gmbh",
                note="setzt das Projekt um",
            ),
            SeedRole(
                RoleKind.MANAGING_DIRECTOR,
                organisation="hannover-impuls-gmbh",
                person="petri",
            ),
            SeedRole(
                RoleKind.SPONSOR,
                organisation="landeshauptstadt-hannover",
                note="Trägerin der Hannover Impuls GmbH",
            ),
            SeedRole(
                RoleKind.SPONSOR,
                organisation="region-hannover",
                note="Trägerin der Hannover Impuls GmbH",
            ),
        ),
    ),
    SeedNetwork(
        slug="smarterz",
        name="SmartERZ – Smart Composites Erzgebirge",
        short_name="SmartERZ",
        kind=NetworkKind.WIR_ALLIANCE,
        region_name="Erzgebirge (Annaberg-Buchholz)",
        description=(
            "WIR!-Bündnis „Smart Composites Erzgebirge“: neue Technologien, Produkte und "
            "Geschäftsmodelle für einen innovationsbasierten Strukturwandel in der Region "
            "Erzgebirge – Annaberg-Buchholz. Der Fokus liegt auf der Funktionalisierung "
            "innovativer Verbundwerkstoffe. Ziel ist ein interdisziplinäres Partnernetzwerk "
            "mit Partnern aus der Elektronik-, Kunststoff- und Textilindustrie, der "
            "Oberflächentechnik, dem Maschinenbau und weiteren Wirtschaftszweigen für "
            "Erfahrungsaustausch, Ideengenerierung und gemeinsame Forschung und Entwicklung. "
            "Es soll die Innovationsfähigkeit der regionalen KMU stärken und einen Beitrag zur "
            "Fachkräftesicherung leisten. Das Projektteam – Wirtschaftsförderung Erzgebirge "
            "GmbH, Technische Universität Chemnitz und bemorrow GmbH – erarbeitet ein "
            "Innovations- und Ausbildungskonzept.\n\n" + FICTITIOUS_NOTE
        ),
        source_note=SEED_004,
        district_ags=("14521",),
        website="http://www.smarterz.de",
        focus_industries=(
            SeedFocusIndustry("Elektronik", ("26.1", "26.5", "27.1", "27.3")),
            SeedFocusIndustry("Kunststoff", ("22.2",)),
            SeedFocusIndustry("Textil", ("13",)),
            SeedFocusIndustry("Oberflächentechnik", ("25.61",)),
            SeedFocusIndustry("Maschinenbau", ("28",)),
        ),
        services=(
            SeedService(
                ServiceKind.COOPERATION,
                "Interdisziplinäres Partnernetzwerk für Erfahrungsaustausch, Ideengenerierung "
                "und gemeinsame Forschung und Entwicklung; F&E-Kooperationsprojekte.",
            ),
            SeedService(
                ServiceKind.PERSONNEL_EXCHANGE,
                "Den Personalaustausch zwischen Hochschulen und KMU intensivieren.",
            ),
            SeedService(
                ServiceKind.COMPETENCE_MARKETING,
                "Begleitendes Kompetenzmarketing, auch um die Industrieunternehmen für junge "
                "Arbeitnehmer noch attraktiver zu machen.",
            ),
            SeedService(
                ServiceKind.SKILLED_WORKERS,
                "Beitrag zur Fachkräftesicherung; Innovations- und Ausbildungskonzept.",
            ),
        ),
        roles=(
            SeedRole(
                RoleKind.PROJECT_TEAM,
                organisation="wirtschaftsfoerderung-erzgebirge-gmbh",
            ),
            SeedRole(
                RoleKind.PROJECT_TEAM,
                organisation="technische-universitaet-chemnitz",
            ),
            SeedRole(RoleKind.PROJECT_TEAM, organisation="bemorrow-gmbh"),
            SeedRole(
                RoleKind.CONTACT,
                organisation="wirtschaftsfoerderung-erzgebirge-gmbh",
                person="kammerl",
            ),
            SeedRole(
                RoleKind.CONTACT,
                organisation="wirtschaftsfoerderung-erzgebirge-gmbh",
                person="schneider",
            ),
        ),
    ),
)
