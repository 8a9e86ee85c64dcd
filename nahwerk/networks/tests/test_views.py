"""The start page and network pages, in German and English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nahwerk.networks.models import FocusIndustry, NetworkService

pytestmark = pytest.mark.django_db


def test_start_page_lists_networks_with_districts_and_counts(world, client) -> None:
    html = client.get(reverse("networks:home")).content.decode()
    assert "Netzwerk Nord" in html and "Netzwerk Süd" in html
    assert "Westerwaldkreis" in html
    assert "2 Mitglieder" in html


def test_network_page_shows_focus_industries_services_and_districts(world, client) -> None:
    focus = FocusIndustry.objects.create(network=world.north, label="Keramik")
    focus.industry_codes.add("23.44")
    NetworkService.objects.create(network=world.north, kind="training")
    html = client.get(reverse("networks:detail", args=["nord"])).content.decode()
    assert "Keramik" in html and "23.44" in html
    assert "Weiterbildung" in html
    assert "07143" in html and "Westerwaldkreis" in html


def test_english_is_switchable(world, client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Find partners nearby" in html
    assert "2 members" in html


def test_overview_geojson_colours_each_network(world, client) -> None:
    data = client.get(reverse("networks:overview_geojson")).json()
    networks = {f["properties"]["network"]: f["properties"]["color"] for f in data["features"]}
    assert set(networks) == {"Netzwerk Nord", "Netzwerk Süd"}
    assert len(set(networks.values())) == 2


def test_unknown_network_is_404(client) -> None:
    assert client.get(reverse("networks:detail", args=["gibt-es-nicht"])).status_code == 404


def test_user_text_is_escaped(world, client) -> None:
    world.north_public.name = "<script>alert(1)</script> GmbH"
    world.north_public.save()
    html = client.get(reverse("networks:detail", args=["nord"])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; GmbH" in html


def test_district_geojson(client) -> None:
    data = client.get(reverse("networks:district_geojson", args=["14521"])).json()
    assert data["features"][0]["properties"]["name"] == "Erzgebirgskreis"
    assert client.get(reverse("networks:district_geojson", args=["99999"])).status_code == 404


def test_german_by_default_even_for_english_browsers(client) -> None:
    html = client.get(reverse("networks:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert '<html lang="de">' in html.decode()
    assert "Partner in der Nähe finden" in html.decode()
