"""The region pages and API: who sees what, and the figures they show."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from conftest import World, login
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.networks.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

LOGIN = 302


@pytest.fixture
def region(world: World, employment: None) -> World:
    """North (Westerwaldkreis) with two ceramics members; a builder nearby is not a member."""
    world.north.districts.add("07132", "07138")
    world.north_public.industry_codes.add("23.44")
    world.north_private.industry_codes.add("23.41")
    OrganisationFactory(
        name="Westerwälder Hochbau GmbH", slug="ww-hochbau", postcode="56410", employees=120
    ).industry_codes.add("41.20")
    OrganisationFactory(
        name="Verborgene Bau GmbH",
        slug="verborgen-bau",
        postcode="56410",
        visibility="managers",
    ).industry_codes.add("41.20")
    return world


def test_the_public_sees_the_official_figures_of_a_network_region(
    client: Client, region: World
) -> None:
    response = client.get("/regionen/netzwerke/nord/")
    assert response.status_code == 200
    html = response.content.decode()
    # IMKK districts, 2020: C = 51793 of 171087, LQ 1.47 (engine test has the arithmetic)
    assert 'data-sector="C"' in html and "1,47" in html
    assert "51.793" in html
    assert "© Statistische Ämter des Bundes und der Länder, Deutschland, 2021, dl-de/by-2-0" in html
    # the chart: a canvas for Chart.js, its data beside it as JSON (no inline script)
    assert '<canvas id="lq-chart" data-chart="lq-chart-data"' in html
    data = json.loads(re.search(r'id="lq-chart-data"[^>]*>(.*?)</script>', html, re.S)[1])
    lq = dict(zip(data["labels"], data["datasets"][0]["data"], strict=True))
    assert round(lq["Verarbeitendes Gewerbe (C)"], 2) == 1.47
    assert "chartjs/chart.umd.min.js" in html and "regional/lq-chart.js" in html
    # member-level figures are the managers'
    assert "Mitgliedsorganisationen nach WZ-2008-Abteilung" not in html
    assert "/weisse-flecken/" not in html and "/kooperationen/" not in html


def test_the_manager_sees_members_by_division(client: Client, region: World) -> None:
    html = login(client, region.alice).get("/regionen/netzwerke/nord/").content.decode()
    assert "Mitgliedsorganisationen nach WZ-2008-Abteilung" in html
    assert "Herstellung von Glas und Glaswaren, Keramik" in html  # division 23
    assert "/regionen/netzwerke/nord/weisse-flecken/" in html
    assert "/regionen/netzwerke/nord/kooperationen/" in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("root", 200), ("bob", 403), ("carla", 403), ("anon", LOGIN)],
)
def test_only_the_networks_managers_see_its_white_spots(
    client: Client, region: World, persona: str, status: int
) -> None:
    if persona != "anon":
        login(client, getattr(region, persona))
    response = client.get("/regionen/netzwerke/nord/weisse-flecken/")
    assert response.status_code == status
    if status == LOGIN:
        assert response["Location"].startswith("/konto/anmelden/")


def test_white_spots_name_the_builder_not_yet_a_member(client: Client, region: World) -> None:
    html = login(client, region.alice).get("/regionen/netzwerke/nord/weisse-flecken/")
    text = html.content.decode()
    # construction (F) in the three districts, 2020: 14309 of 171087 employees, LQ 1.45,
    # and no member in F
    assert 'id="spot-F"' in text
    assert "Westerwälder Hochbau GmbH" in text
    # an organisation visible to its own managers only is not offered to alice
    assert "Verborgene Bau GmbH" not in text


def test_a_year_without_figures_is_a_400_naming_the_years(client: Client, region: World) -> None:
    response = client.get("/regionen/netzwerke/nord/?jahr=2014")
    assert response.status_code == 400
    assert "2015, 2016, 2017, 2018, 2019, 2020" in response.content.decode()


def test_a_district_page_and_an_unknown_one(client: Client, region: World) -> None:
    html = client.get("/regionen/kreise/07143/?jahr=2015").content.decode()
    # Westerwaldkreis 2015: (19058 / 64679) / (6666275 / 30771297) = 1.36
    assert "1,36" in html
    assert client.get("/regionen/kreise/99999/").status_code == 404
    assert client.get("/regionen/?kreis=07143").status_code == 302


def test_the_api_gives_the_figures_of_a_region(client: Client, region: World) -> None:
    data = client.get("/api/regional/networks/nord/?year=2020").json()
    c = next(s for s in data["sectors"] if s["sector"] == "C")
    assert c["employees"] == 51793
    assert c["location_quotient"] == pytest.approx(1.47274, abs=1e-5)
    assert data["districts"] == ["07132", "07138", "07143"]
    assert "dl-de/by-2-0" in data["attribution"]


def test_the_api_refuses_what_it_cannot_answer(client: Client, region: World) -> None:
    assert client.get("/api/regional/networks/nord/?year=1990").status_code == 400
    assert client.get("/api/regional/networks/nord/?year=abc").json()["year"]
    assert client.get("/api/regional/networks/gibtsnicht/").status_code == 404
    assert client.get("/api/regional/districts/0714x/").status_code == 404
    district = client.get("/api/regional/districts/05911/").json()
    f = next(s for s in district["sectors"] if s["sector"] == "F")
    assert f["employees"] == 7556


def test_member_of_another_network_is_not_counted(client: Client, region: World) -> Any:
    MembershipFactory(organisation=region.south_public, network=region.north, status="left")
    html = login(client, region.alice).get("/regionen/netzwerke/nord/").content.decode()
    assert "Süd Metall" not in html
