"""WZ 2008 codes carry the official English NACE Rev. 2 titles and show them in English."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import World, login
from nahwerk.matching.profiles import organisation_profile
from nahwerk.networks.models import FocusIndustry
from nahwerk.reference.models import IndustryCode

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("C", "Manufacturing"),
        ("23", "Manufacture of other non-metallic mineral products"),
        ("23.4", "Manufacture of other porcelain and ceramic products"),
        ("23.44", "Manufacture of other technical ceramic products"),
        ("23.44.0", "Manufacture of other technical ceramic products"),  # the class itself
        (
            "72.19",
            "Other research and experimental development on natural sciences and engineering",
        ),
        ("62.01", "Computer programming activities"),  # NACE Rev. 2, not Rev. 2.1 (62.10)
    ],
)
def test_codes_have_their_nace_rev2_title(code: str, english: str) -> None:
    assert IndustryCode.objects.get(code=code).title_en == english


def test_every_section_division_group_and_class_has_an_english_title() -> None:
    assert not IndustryCode.objects.filter(level__lte=4, title_en="").exists()
    assert IndustryCode.objects.filter(level__lte=4).count() == 21 + 88 + 272 + 615


def test_every_code_has_an_english_title() -> None:
    assert not IndustryCode.objects.filter(title_en="").exists()


def test_a_subclass_that_splits_a_class_has_a_translated_title_in_english() -> None:
    vegetables = IndustryCode.objects.get(code="01.13.1")  # one of two parts of 01.13
    with translation.override("en"):
        assert vegetables.title == "Growing of vegetables and melons"
        assert str(vegetables) == "01.13.1 Growing of vegetables and melons"
    with translation.override("de"):
        assert vegetables.title == "Anbau von Gemüse und Melonen"


def test_the_title_follows_the_interface_language() -> None:
    ceramics = IndustryCode.objects.get(code="23.44")
    with translation.override("en"):
        assert ceramics.title == "Manufacture of other technical ceramic products"
        assert str(ceramics) == "23.44 Manufacture of other technical ceramic products"
    with translation.override("de"):
        assert (
            ceramics.title
            == "Herstellung von keramischen Erzeugnissen für sonstige technische Zwecke"
        )


def test_organisation_and_network_pages_show_english_titles_in_english(
    client: Client, world: World
) -> None:
    world.north_public.industry_codes.add("23.44")
    focus = FocusIndustry.objects.create(network=world.north, label="Keramik")
    focus.industry_codes.add("23.4")
    client.cookies["django_language"] = "en"
    organisation = client.get(world.north_public.get_absolute_url()).content.decode()
    assert "Manufacture of other technical ceramic products" in organisation
    assert "Herstellung von keramischen" not in organisation
    network = client.get(world.north.get_absolute_url()).content.decode()
    assert "Manufacture of other porcelain and ceramic products" in network
    client.cookies["django_language"] = "de"
    organisation = client.get(world.north_public.get_absolute_url()).content.decode()
    assert "Herstellung von keramischen Erzeugnissen für sonstige technische Zwecke" in organisation


def test_search_filter_and_need_form_offer_english_titles(client: Client, world: World) -> None:
    login(client, world.carla)
    client.cookies["django_language"] = "en"
    search = client.get(reverse("matching:search")).content.decode()
    assert "C: Manufacturing" in search
    form = client.get(reverse("brokering:create")).content.decode()
    assert "23 Manufacture of other non-metallic mineral products" in form
    assert "Herstellung von Glas" not in form


def test_the_matching_index_keeps_the_german_titles(world: World) -> None:
    world.north_public.industry_codes.add("23.44")
    with translation.override("en"):
        fields = dict(organisation_profile(world.north_public).fields)
    assert fields["wz_titles"] == (
        "Herstellung von keramischen Erzeugnissen für sonstige technische Zwecke"
    )
