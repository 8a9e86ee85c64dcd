"""The comparison of networks and districts: the choice, the figures, who sees what."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from conftest import World, login
from nahwerk.brokering.models import Need
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.events.tests.factories import EventFactory
from nahwerk.networks.choices import ServiceKind
from nahwerk.networks.models import FocusIndustry, NetworkService
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.projects.choices import ProjectSource, ProjectStatus
from nahwerk.projects.models import Project
from nahwerk.reference.models import District, IndustryCode
from nahwerk.regional import comparison

pytestmark = pytest.mark.django_db

URL = "/regionen/vergleich/"


@pytest.fixture
def pair(world: World, employment: None) -> World:
    """North: Westerwaldkreis and Neuwied; South: Altenkirchen and Neuwied; one shared member.

    North's members: Nord Keramik (SME, 20 employees, WZ 23.44) and Nord Geheim (research
    institute, 5 employees, no WZ code). South's: Süd Metall (company, 300, WZ 25.62 and
    71.20), Süd Geheim (SME, no headcount, no code) and Nord Keramik too.
    """
    north, south = world.north, world.south
    north.districts.add("07138")
    south.districts.add("07138")
    for org, kind, employees in (
        (world.north_public, "sme", 20),
        (world.north_private, "research_institute", 5),
        (world.south_public, "company", 300),
    ):
        org.kind, org.employees = kind, employees
        org.save()
    world.south_private.employees, world.south_private.size_band = None, ""
    world.south_private.save()
    world.north_public.industry_codes.add("23.44")
    world.south_public.industry_codes.add("25.62", "71.20")
    MembershipFactory(organisation=world.north_public, network=south)
    FocusIndustry.objects.create(network=north, label="Technische Keramik").industry_codes.add(
        "23.44"
    )
    focus = FocusIndustry.objects.create(network=south, label="Keramik und Metall")
    focus.industry_codes.add("23.41", "25.62")
    NetworkService.objects.create(network=north, kind=ServiceKind.FUNDING_ADVICE)
    NetworkService.objects.create(network=south, kind=ServiceKind.FUNDING_ADVICE)
    NetworkService.objects.create(network=south, kind=ServiceKind.EVENTS)
    Need.objects.create(
        organisation=world.north_public,
        network=north,
        created_by=world.carla,
        title="Hochtemperaturfilter gesucht",
        description="Wir suchen Filter.",
    )
    EventFactory(organiser=north)
    EventFactory(organiser=north, published=False)  # a draft is no activity yet
    Project.objects.create(
        source=ProjectSource.PLATFORM, title="Filter", status=ProjectStatus.IDEA
    ).networks.add(north)
    return world


def test_the_choice_needs_two_to_four_known_networks_or_districts(pair: World) -> None:
    networks, districts = comparison.validate_choice(["sued", "nord"], ["07132"])
    assert [n.slug for n in networks] == ["sued", "nord"]  # in the order asked
    assert [d.ags for d in districts] == ["07132"]
    cases = [
        ((["nord"], []), "Wählen Sie 2 bis 4 Netzwerke oder Kreise; gewählt ist 1."),
        ((["nord", "sued"], ["07132", "07138", "07143"]), "gewählt sind 5"),
        ((["nord", "gibtsnicht"], []), "Es gibt kein Netzwerk „gibtsnicht“."),
        ((["nord"], ["99999"]), "Es gibt keinen Kreis mit dem Schlüssel „99999“"),
        ((["nord", "nord"], []), "Netzwerk „nord“ ist zweimal gewählt"),
    ]
    for (slugs, keys), message in cases:
        with pytest.raises(comparison.InvalidChoice, match=message):
            comparison.validate_choice(slugs, keys)


def test_two_networks_side_by_side_with_exact_figures(pair: World) -> None:
    north, south = pair.north, pair.south
    result = comparison.compare([north, south], [], user=pair.alice, year=2020)
    n, s = result.subjects
    # population 31.12.2018: Westerwaldkreis 201,597 + Neuwied 181,941; Altenkirchen 128,705
    assert n.population == 201597 + 181941 and s.population == 128705 + 181941
    # employees 30.6.2020: 69,747 + 62,966; 38,374 + 62,966
    assert n.employees == 132713 and s.employees == 101340
    # manufacturing: (20,867 + 17,869) / 132,713 over Germany's 6,849,696 / 33,322,952 = 1.420
    c = {sector: stats for sector, _label, stats in result.sector_rows}["C"]
    assert round(c[0].lq, 3) == 1.420 and c[0].employees == 38736
    assert round(c[1].lq, 3) == 1.485 and c[1].employees == 13057 + 17869
    assert result.chart_data()["datasets"][0]["data"][1] == c[0].lq
    # members by kind, size, WZ section
    assert n.organisations == 2 and s.organisations == 3
    assert dict(n.by_kind) == {"sme": 1, "research_institute": 1}
    assert dict(s.by_kind) == {"company": 1, "sme": 2}
    assert dict(n.by_size) == {"small": 1, "micro": 1}
    assert dict(s.by_size) == {"large": 1, "small": 1, "": 1}
    assert dict(n.by_section) == {"C": 1} and n.without_section == 1
    assert dict(s.by_section) == {"C": 2, "M": 1} and s.without_section == 1
    # overlap: Neuwied, one member, WZ division 23 in both focus industries
    (overlap,) = result.overlaps
    assert [d.ags for d in overlap.districts] == ["07138"]
    assert overlap.shared_members == 1
    assert overlap.members is None  # alice manages North only: no names
    assert result.names_hidden
    assert [code for code, _title in overlap.focus_divisions] == ["23", "25"][:1]
    # services and activity
    services = dict(result.service_rows)
    assert services["Unterstützung bei Förderanträgen"] == [True, True]
    assert services["Veranstaltungen und Branchentreffen"] == [False, True]
    activity = {row.label: row.values for row in result.activity_rows}
    assert activity["Eingestellte Bedarfe"] == [1, 0]
    assert activity["Veröffentlichte Veranstaltungen"] == [1, 0]
    assert activity["Projekte auf der Plattform"] == [1, 0]


def test_shared_members_are_named_only_to_who_manages_both(pair: World) -> None:
    for user, named in ((pair.root, True), (pair.alice, False), (pair.bob, False)):
        result = comparison.compare([pair.north, pair.south], [], user=user)
        members = result.overlaps[0].members
        assert (members is not None) == named
        if named:
            assert [m.name for m in members or []] == ["Nord Keramik GmbH"]


def test_a_network_beside_a_district(pair: World) -> None:
    OrganisationFactory(name="Sieg Bau GmbH", slug="sieg-bau", postcode="57610", employees=60)
    altenkirchen = District.objects.get(ags="07132")
    result = comparison.compare([pair.north], [altenkirchen], user=AnonymousUser())
    _north, district = result.subjects
    assert district.employees == 38374 and district.population == 128705
    # the directory's organisations located in Altenkirchen: the two of South and Sieg Bau
    assert district.organisations == 3
    (overlap,) = result.overlaps
    assert overlap.districts == [] and overlap.shared_members is None
    assert {row.label: row.values for row in result.activity_rows}["Eingestellte Bedarfe"] == [
        1,
        None,
    ]


def page_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_shows_aggregates_to_the_public(client: Client, pair: World) -> None:
    response = client.get(URL, {"netzwerk": ["nord", "sued"], "jahr": "2020"})
    assert response.status_code == 200
    html = response.content.decode()
    data = json.loads(re.search(r'id="comparison-chart-data"[^>]*>(.*?)</script>', html, re.S)[1])
    assert [d["label"] for d in data["datasets"]] == ["Netzwerk Nord", "Netzwerk Süd"]
    assert '<canvas id="comparison-chart"' in html and "chartjs/chart.umd.min.js" in html
    text = page_text(html)
    assert "132.713" in text and "101.340" in text  # employees
    row = re.search(r'<tr data-sector="C">(.*?)</tr>', html, re.S)[1]
    assert re.findall(r'class="lq">([^<]*)<', row) == ["1,42", "1,48"]  # LQ of C
    assert "Neuwied" in text
    assert "Nord Keramik GmbH" not in text  # a shared member is not named to the public
    assert "23 Herstellung von Glas und Glaswaren, Keramik" in text


def test_the_manager_of_both_sees_the_shared_member(client: Client, pair: World) -> None:
    html = login(client, pair.root).get(URL, {"netzwerk": ["nord", "sued"]}).content.decode()
    assert "Nord Keramik GmbH" in page_text(html)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"netzwerk": "nord"}, "Wählen Sie 2 bis 4 Netzwerke oder Kreise; gewählt ist 1."),
        ({"netzwerk": ["nord", "xx"]}, "Es gibt kein Netzwerk „xx“."),
        ({"netzwerk": "nord", "kreis": "123"}, "Es gibt keinen Kreis mit dem Schlüssel „123“"),
    ],
)
def test_a_bad_choice_is_refused_with_its_reason(
    client: Client, pair: World, query: dict[str, Any], message: str
) -> None:
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="comparison-chart"' not in response.content.decode()


def test_an_unknown_year_is_refused(client: Client, pair: World) -> None:
    response = client.get(URL, {"netzwerk": ["nord", "sued"], "jahr": "1999"})
    assert response.status_code == 400


def test_without_a_choice_the_page_offers_one(client: Client, pair: World) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="netzwerk" value="nord"' in html and 'value="07143"' in html


def test_division_titles_exist_for_the_shared_focus(pair: World) -> None:
    assert IndustryCode.objects.filter(code="23", level=2).exists()
