"""The demo loader: seed networks, named organisations, marked fictitious members, logins."""

from __future__ import annotations

import datetime as dt
import io
import sys
import types
from typing import Any

import pytest
from django.core.management import call_command

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import is_manager, is_site_admin, member_network_ids
from nahwerk.demo.fictitious import (
    FICTITIOUS_SOURCE_NOTE,
    NAME_MARKER,
    PROFILES,
    PostcodeOption,
    generate_members,
)
from nahwerk.demo.loading import DEMO_PASSWORD, DemoDataError, DemoReport, load_demo
from nahwerk.directory.choices import DataSource, LawfulBasis, Visibility
from nahwerk.directory.models import Organisation, Person
from nahwerk.networks.choices import MembershipStatus, RoleKind, ServiceKind
from nahwerk.networks.models import FocusIndustry, Membership, Network, NetworkRole, NetworkService
from nahwerk.reference.models import Postcode

# The districts of each network by AGS, with the name the reference table must give them.
NETWORK_DISTRICTS = {
    "imkk": {
        "07132": "Altenkirchen (Westerwald)",
        "07138": "Neuwied",
        "07143": "Westerwaldkreis",
    },
    "indie-regionruhr": {
        "05911": "Bochum",
        "05913": "Dortmund",
        "05914": "Hagen",
        "05916": "Herne",
        "05954": "Ennepe-Ruhr-Kreis",
    },
    "emscher-lippe": {"05512": "Bottrop", "05513": "Gelsenkirchen", "05562": "Recklinghausen"},
    "hannoverimpuls": {"03241": "Region Hannover"},
    "smarterz": {"14521": "Erzgebirgskreis"},
}


class _FakeReport(str):
    """A stand-in importer report: a string that can summarise itself."""

    def summary(self) -> str:
        return str(self)


@pytest.fixture
def importer_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stand-ins for the CORDIS importers (the history import alone takes a while)."""
    calls: list[str] = []
    fake: Any = types.ModuleType("nahwerk.projects.importing")
    fake.import_cordis_records = lambda: calls.append("records") or _FakeReport("records imported")
    fake.import_h2020_participations = lambda: (
        calls.append("history") or _FakeReport("history imported")
    )
    monkeypatch.setitem(sys.modules, "nahwerk.projects.importing", fake)
    return calls


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    # The session fixture has loaded the reference data already; hashing stays cheap.
    monkeypatch.setattr("nahwerk.demo.loading.load_reference_data", lambda: None)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def report(db: Any, importer_calls: list[str], fast: None) -> DemoReport:
    return load_demo(with_history=False)


def roles(slug: str, kind: str) -> list[NetworkRole]:
    return list(
        NetworkRole.objects.filter(network__slug=slug, kind=kind).select_related(
            "organisation", "person"
        )
    )


def test_each_network_has_its_districts_by_official_key(report: DemoReport) -> None:
    assert set(Network.objects.values_list("slug", flat=True)) == set(NETWORK_DISTRICTS)
    for slug, expected in NETWORK_DISTRICTS.items():
        network = Network.objects.get(slug=slug)
        assert {d.ags: d.name for d in network.districts.all()} == expected, slug
    assert report.networks == 5


def test_imkk_has_its_founding_date_board_focus_and_services(report: DemoReport) -> None:
    imkk = Network.objects.get(slug="imkk")
    assert imkk.founded_on == dt.date(2014, 5, 5)
    assert imkk.website == "http://www.metall-keramik-kunststoff.de"
    (chair,) = roles("imkk", RoleKind.BOARD_CHAIR)
    assert chair.person is not None and chair.person.full_name == "Dr. Guido Stannek"
    assert chair.organisation is None and chair.person.organisation is None
    board = {(r.person.full_name, r.organisation.name) for r in roles("imkk", "board_member")}
    assert board == {
        ("Annette Dräbing", "Weberit Werke Dräbing GmbH"),
        (
            "Prof. Dr. Ralf Diedel",
            "Forschungsinstitut für anorganische Werkstoffe – Glas/Keramik – GmbH",  # noqa: RUF001
        ),
        ("Susanne Szczesny-Oßing", "EWM Hightec Welding GmbH"),
        ("Christoph Böhmer", "Maschinenbau Böhmer GmbH"),
        ("Thilo Becker", "Verbandsgemeindeverwaltung Höhr-Grenzhausen"),
    }
    members = set(imkk.memberships.current().values_list("organisation__name", flat=True))
    assert {name for _person, name in board} <= members
    focus = {
        f.label: set(f.industry_codes.values_list("code", flat=True))
        for f in FocusIndustry.objects.filter(network=imkk)
    }
    assert focus == {
        "Metall": {"24", "25"},
        "Keramik": {"23.2", "23.3", "23.4"},
        "Kunststoff": {"22.2"},
    }
    assert set(NetworkService.objects.filter(network=imkk).values_list("kind", flat=True)) == {
        ServiceKind.FUNDING_ADVICE,
        ServiceKind.TRAINING,
        ServiceKind.SKILLED_WORKERS,
        ServiceKind.STARTUPS,
        ServiceKind.EVENTS,
        ServiceKind.TRADE_FAIRS,
        ServiceKind.COOPERATION,
    }


def test_indie_regionruhr_has_nine_partners_and_only_its_founding_year(report: DemoReport) -> None:
    network = Network.objects.get(slug="indie-regionruhr")
    assert network.founded_on is None
    assert "2008" in network.founding_note
    partners = {r.organisation.name for r in roles("indie-regionruhr", "partner_institution")}
    assert len(partners) == 9
    assert {
        "Wirtschaftsförderung Dortmund",
        "WFG Herne",
        "Handwerkskammer Dortmund",
        "Industrie- und Handelskammer zu Dortmund",
        "Industrie- und Handelskammer Mittleres Ruhrgebiet",
        "Südwestfälische Industrie- und Handelskammer zu Hagen",
    } <= partners
    # Names the seeds do not give say so in their source note.
    for slug in (
        "wirtschaftsfoerderung-bochum",
        "wirtschaftsfoerderung-hagen",
        "wirtschaftsfoerderung-ennepe-ruhr-kreis",
        "ihk-zu-dortmund",
        "ihk-mittleres-ruhrgebiet",
        "sihk-zu-hagen",
    ):
        assert "nicht mit Namen" in Organisation.objects.get(slug=slug).source_note
    (coordinator,) = roles("indie-regionruhr", RoleKind.NETWORK_COORDINATOR)
    assert coordinator.person is not None and coordinator.person.last_name == "Grützenbach"
    named = dict(Person.objects.values_list("last_name", "organisation__slug"))
    assert named["Mager"] == "wirtschaftsfoerderung-dortmund"
    assert named["Grollmann"] == "wfg-herne"
    assert named["Schulz"] == "ihk-zu-dortmund"
    assert named["Wölke"] == "handwerkskammer-dortmund"


def test_emscher_lippe_and_hannoverimpuls_describe_their_comparison(report: DemoReport) -> None:
    emscher = Network.objects.get(slug="emscher-lippe")
    hannover = Network.objects.get(slug="hannoverimpuls")
    assert "hannoverimpuls" in emscher.description
    assert "Emscher-Lippe" in hannover.description
    assert "Überschneidungen" in emscher.description and "Überschneidungen" in hannover.description
    # The seed does not name Emscher-Lippe's five cluster industries, so none are recorded.
    assert not emscher.focus_industries.exists()
    assert "keine Schwerpunktbranchen" in emscher.description
    speakers = {
        (r.person.full_name, r.organisation.name) for r in roles("emscher-lippe", "spokesperson")
    }
    assert speakers == {
        ("Hans-Werner Diel", "Service Center Wirtschaft der Stadt Castrop-Rauxel"),
        ("Peter Brautmeier", "Wirtschaftsförderung Herten"),
    }
    assert list(hannover.focus_industries.values_list("label", flat=True)) == [
        "Automotive",
        "Biomedizintechnik",
        "Laser",
        "Produktionstechnik",
        "Informations- und Kommunikationstechnik",
    ]
    (director,) = roles("hannoverimpuls", RoleKind.MANAGING_DIRECTOR)
    assert director.person is not None and director.person.full_name == "Walter Petri"
    assert {r.organisation.name for r in roles("hannoverimpuls", RoleKind.SPONSOR)} == {
        "Landeshauptstadt Hannover",
        "Region Hannover",
    }
    assert hannover.services.filter(kind=ServiceKind.VENTURE_CAPITAL).exists()


def test_smarterz_has_its_project_team_and_contacts(report: DemoReport) -> None:
    team = {r.organisation.slug for r in roles("smarterz", RoleKind.PROJECT_TEAM)}
    assert team == {
        "wirtschaftsfoerderung-erzgebirge-gmbh",
        "technische-universitaet-chemnitz",
        "bemorrow-gmbh",
    }
    wfe = Organisation.objects.get(slug="wirtschaftsfoerderung-erzgebirge-gmbh")
    assert (wfe.street, wfe.postcode, wfe.city, wfe.district_id) == (
        "Adam-Ries-Straße 16",
        "09456",
        "Annaberg-Buchholz",
        "14521",
    )
    tu = Organisation.objects.get(slug="technische-universitaet-chemnitz")
    assert (tu.street, tu.postcode, tu.pic) == ("Straße der Nationen 62", "09111", "999877844")
    kammerl = Person.objects.get(last_name="Kammerl")
    assert (kammerl.email, kammerl.phone) == ("kammerl@wfe-erzgebirge.de", "+49 (0)3733 14 51 10")
    assert kammerl.visibility == Visibility.PUBLIC
    assert kammerl.email_visibility == kammerl.phone_visibility == Visibility.MEMBERS


def test_people_are_kept_on_the_legitimate_interest_of_a_press_text(report: DemoReport) -> None:
    # the people of the press texts; the demo's mentors (nahwerk.demo.startups) consented
    people = list(
        Person.objects.exclude(lawful_basis=LawfulBasis.CONSENT, mentor_offers__isnull=False)
    )
    assert len(people) == report.people == 16
    for person in people:
        assert person.lawful_basis == LawfulBasis.LEGITIMATE_INTEREST
        assert person.basis_note.startswith("Öffentlich")
        assert person.email_visibility == person.phone_visibility == Visibility.MEMBERS
    board_and_speakers = NetworkRole.objects.filter(
        kind__in=[RoleKind.BOARD_CHAIR, RoleKind.BOARD_MEMBER, RoleKind.SPOKESPERSON]
    )
    assert {r.person.visibility for r in board_and_speakers if r.person} == {Visibility.PUBLIC}


def test_real_organisations_name_their_source_and_are_never_fictitious(report: DemoReport) -> None:
    real = Organisation.objects.filter(source=DataSource.SEED)
    assert real.count() == report.seed_organisations == 22
    for organisation in real:
        assert not organisation.is_fictitious
        assert organisation.source_note
        assert NAME_MARKER not in organisation.name
    # No invented addresses: an organisation without a known seat has no place at all.
    bemorrow = Organisation.objects.get(slug="bemorrow-gmbh")
    assert (bemorrow.street, bemorrow.postcode, bemorrow.city, bemorrow.district) == (
        "",
        "",
        "",
        None,
    )


def test_fictitious_organisations_are_marked_everywhere(report: DemoReport) -> None:
    fictitious = Organisation.objects.filter(is_fictitious=True)
    # the members, the white spots' prospects, IMKK's applicant (nahwerk.demo.association)
    # and the Westerwald's business angel network (nahwerk.demo.startups)
    assert fictitious.count() == report.fictitious_organisations + report.prospects + 2
    assert report.fictitious_organisations > 80
    assert set(Organisation.objects.filter(source=DataSource.FICTITIOUS)) == set(fictitious)
    for organisation in fictitious:
        assert organisation.name.endswith(NAME_MARKER)
        assert organisation.source_note == FICTITIOUS_SOURCE_NOTE
        assert organisation.description.endswith("fiktives Beispiel für die Demo.")
        assert organisation.competences and organisation.equipment and organisation.references


def test_fictitious_members_lie_in_their_networks_districts(report: DemoReport) -> None:
    for membership in Membership.objects.filter(organisation__is_fictitious=True).select_related(
        "organisation", "network"
    ):
        organisation = membership.organisation
        assert organisation.district_id in NETWORK_DISTRICTS[membership.network.slug]
        assert (
            Postcode.objects.get(code=organisation.postcode).district_id == organisation.district_id
        )
        assert organisation.latitude is not None and organisation.longitude is not None


def test_imkk_white_spots_name_the_prospects_best_first(report: DemoReport) -> None:
    from nahwerk.regional.services import white_spot_report

    prospects = Organisation.objects.filter(external_id__startswith="demo:imkk-interessenten:")
    assert prospects.count() == report.prospects == 6
    assert not Membership.objects.filter(organisation__in=prospects).exists()
    assert set(prospects.values_list("district_id", flat=True)) <= set(NETWORK_DISTRICTS["imkk"])
    admin = User.objects.get(username="admin")
    spots = {s.sector: s for s in white_spot_report(Network.objects.get(slug="imkk"), admin).spots}
    # construction (F) is strong in the three districts (LQ 1.44 in 2020) and has no member
    named = [c.name for c in spots["F"].candidates]
    assert set(named) == set(prospects.values_list("name", flat=True))
    assert all(name.endswith(NAME_MARKER) for name in named)
    employees = [c.employees for c in spots["F"].candidates]
    assert employees == sorted(employees, reverse=True)  # no EU projects: the largest first


def test_every_profile_postcode_is_known_and_in_its_network(db: Any) -> None:
    for slug, profile in PROFILES.items():
        known = dict(
            Postcode.objects.filter(code__in=profile.postcodes).values_list("code", "district_id")
        )
        assert set(known) == set(profile.postcodes), slug
        assert set(known.values()) <= set(NETWORK_DISTRICTS[slug]), slug


def test_each_network_has_between_15_and_30_active_members(report: DemoReport) -> None:
    for slug in NETWORK_DISTRICTS:
        members = Membership.objects.filter(network__slug=slug, status=MembershipStatus.ACTIVE)
        assert 15 <= members.count() <= 30, slug
        assert report.members_by_network[slug] == members.count()
        for membership in members.filter(organisation__is_fictitious=True):
            assert membership.since is not None and membership.fee_category


def test_imkk_has_ceramics_specialists_and_unrelated_members(report: DemoReport) -> None:
    texts = {
        o.name: " ".join((o.description, o.competences, o.equipment, o.references))
        for o in Organisation.objects.filter(memberships__network__slug="imkk", is_fictitious=True)
    }
    for phrase in (
        "technischer Keramik",
        "Hochtemperaturanwendungen",
        "Heißgasfiltration",
        "Feuerfestmaterialien",
        "Sintern",
    ):
        assert any(phrase in text for text in texts.values()), phrase
    assert sum("Keramik" in text for text in texts.values()) >= 5
    codes = set(
        Organisation.objects.filter(
            memberships__network__slug="imkk", is_fictitious=True
        ).values_list("industry_codes__code", flat=True)
    )
    assert {"96.02", "25.61", "22.29", "23.20"} <= codes  # beauty studio, metal, plastics


def test_loading_twice_changes_nothing(db: Any, importer_calls: list[str], fast: None) -> None:
    models = (
        Network,
        Organisation,
        Person,
        NetworkRole,
        Membership,
        FocusIndustry,
        NetworkService,
        User,
    )
    load_demo(with_history=False)
    counts = {m.__name__: m._default_manager.count() for m in models}
    stamps = dict(Organisation.objects.values_list("pk", "updated_at"))
    again = load_demo(with_history=False)
    assert (again.created, again.updated) == (0, 0)
    assert {m.__name__: m._default_manager.count() for m in models} == counts
    assert dict(Organisation.objects.values_list("pk", "updated_at")) == stamps


def test_demo_users_have_their_roles(report: DemoReport) -> None:
    admin = User.objects.get(username="admin")
    assert is_site_admin(admin) and admin.check_password(DEMO_PASSWORD)
    for network in Network.objects.all():
        manager = User.objects.get(username=f"manager-{network.slug}")
        assert is_manager(manager) and not manager.is_superuser
        assert set(manager.managed_networks.all()) == {network}
    member = User.objects.get(username="mitglied-imkk")
    assert not member.is_staff and member.organisation is not None
    assert member.organisation.is_fictitious
    assert member_network_ids(member) == {Network.objects.get(slug="imkk").pk}
    assert {login.username for login in report.logins} == set(
        User.objects.values_list("username", flat=True)
    )


def test_a_changed_password_survives_a_reload(
    db: Any, importer_calls: list[str], fast: None
) -> None:
    load_demo(with_history=False)
    admin = User.objects.get(username="admin")
    admin.set_password("my own secret")
    admin.save()
    load_demo(with_history=False)
    assert User.objects.get(username="admin").check_password("my own secret")


def test_the_cordis_importers_are_called(db: Any, importer_calls: list[str], fast: None) -> None:
    skipped = load_demo(with_history=False)
    assert importer_calls == ["records"]
    assert (skipped.cordis, skipped.history) == ("records imported", None)
    full = load_demo(with_history=True)
    assert importer_calls == ["records", "records", "history"]
    assert full.history == "history imported"


def test_a_missing_importer_is_a_clear_error(
    db: Any, monkeypatch: pytest.MonkeyPatch, fast: None
) -> None:
    monkeypatch.setitem(sys.modules, "nahwerk.projects.importing", None)
    with pytest.raises(DemoDataError, match=r"projects\.importing\.import_cordis_records"):
        load_demo(with_history=False)


def test_the_seed_takes_over_the_cordis_record_of_tu_chemnitz(db: Any, fast: None) -> None:
    pytest.importorskip("nahwerk.projects.importing")
    load_demo(with_history=False)
    load_demo(with_history=False)
    (tu,) = Organisation.objects.filter(pic="999877844")
    assert (tu.slug, tu.name, tu.source) == (
        "technische-universitaet-chemnitz",
        "Technische Universität Chemnitz",
        DataSource.SEED,
    )
    assert NetworkRole.objects.filter(network__slug="smarterz", organisation=tu).exists()
    assert tu.participations.exists()


def test_the_command_prints_the_logins(db: Any, importer_calls: list[str], fast: None) -> None:
    out = io.StringIO()
    call_command("load_demo", "--skip-history", stdout=out)
    printed = out.getvalue()
    assert importer_calls == ["records"]
    for username in ("admin", "manager-imkk", "manager-smarterz", "mitglied-imkk"):
        assert username in printed
    assert DEMO_PASSWORD in printed


def test_the_generator_is_deterministic_and_names_are_unique(db: Any) -> None:
    names: list[str] = []
    for profile in PROFILES.values():
        places = [
            PostcodeOption(p.code, p.place, p.district_id)
            for p in Postcode.objects.filter(code__in=profile.postcodes)
        ]
        first, second = generate_members(profile, places), generate_members(profile, places[::-1])
        assert first == second
        assert {m.postcode for m in first} <= set(profile.postcodes)
        names += [member.name for member in first]
    assert len(names) == len(set(names))
