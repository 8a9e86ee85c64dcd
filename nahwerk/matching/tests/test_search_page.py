"""The partner search page: who sees which results, filters, messages, escaping, the map."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from nahwerk.directory.choices import Visibility
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.matching import services
from nahwerk.matching.explanations import highlight
from nahwerk.reference.models import IndustryCode

pytestmark = pytest.mark.django_db

NEED = "Wir suchen einen Partner für keramische Hochtemperaturfilter"
URL = "/partner-finden/"


@pytest.fixture(autouse=True)
def _english_and_index_in_tmp(settings: Any, matching_index: Path) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def profiles(world: Any) -> dict[str, Organisation]:
    """The personas' organisations with ceramics profiles, an institute far away and a prank."""
    texts = {
        world.north_public: "Keramische Filter für Hochtemperaturanwendungen und Heißgas.",
        world.north_private: "Wir entwickeln keramische Hochtemperaturfilter für Kraftwerke.",
        world.south_public: "Metallische Filter und keramische Beschichtungen bis 900 °C.",
        world.south_private: "Keramische Heißgasfilter und Filterkerzen für hohe Temperaturen.",
    }
    for organisation, text in texts.items():
        organisation.description = text
        organisation.save()
    institute = OrganisationFactory(
        name="Fraunhofer Keramik Chemnitz",
        slug="fraunhofer-keramik",
        kind="research_institute",
        postcode="09111",
        description="We develop ceramic high-temperature filters and porous ceramics.",
    )
    prank = OrganisationFactory(
        name="Keramik <script>alert('name')</script> GmbH",
        slug="prank",
        postcode="57610",
        description="<script>alert('x')</script> Wir fertigen keramische Hochtemperaturfilter.",
    )
    services.rebuild_index()
    return {"institute": institute, "prank": prank}


def search(client: Any, **params: Any) -> Any:
    response = client.get(URL, {"q": NEED, **params})
    assert response.status_code == 200
    return response


def shown(response: Any) -> list[str]:
    return [r.organisation.name for r in response.context["results"]]


def map_data(response: Any) -> dict[str, Any]:
    found = re.search(
        r'<script id="partner-map-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def errors(response: Any) -> str:
    return " ".join(
        str(e) for messages in response.context["form"].errors.values() for e in messages
    )


def test_the_page_is_named_and_offers_an_empty_form(client: Any, profiles: Any) -> None:
    assert reverse("matching:search") == URL
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="get"' in html
    assert 'type="range"' in html and 'aria-valuetext="30 %"' in html
    assert "partner-map-data" not in html  # no search, no map
    linked = search(client).content.decode()  # a link without the slider's value
    assert 'value="30"' in linked and 'aria-valuetext="30 %"' in linked


def test_the_public_sees_only_public_organisations(client: Any, world: Any, profiles: Any) -> None:
    names = shown(search(client))
    assert {"Nord Keramik GmbH", "Süd Metall GmbH", "Fraunhofer Keramik Chemnitz"} <= set(names)
    assert "Nord Geheim GmbH" not in names
    assert "Süd Geheim GmbH" not in names


@pytest.mark.parametrize(
    ("persona", "sees", "does_not_see"),
    [
        ("bob", "Süd Geheim GmbH", "Nord Geheim GmbH"),  # managers-only in his network
        ("carla", "Nord Geheim GmbH", "Süd Geheim GmbH"),  # members-only in her network
        ("alice", "Nord Geheim GmbH", "Süd Geheim GmbH"),
        ("root", "Süd Geheim GmbH", None),
    ],
)
def test_each_persona_sees_what_they_may(
    as_user: Any, world: Any, profiles: Any, persona: str, sees: str, does_not_see: str | None
) -> None:
    response = search(as_user(getattr(world, persona)))
    names = shown(response)
    markers = [m["name"] for m in map_data(response)["markers"]]
    assert sees in names and sees in markers
    if does_not_see:
        assert does_not_see not in names
        assert does_not_see not in markers
        assert does_not_see not in response.content.decode()


def test_the_askers_own_organisation_is_left_out_and_measures_the_distance(
    as_user: Any, world: Any, profiles: Any
) -> None:
    response = search(as_user(world.carla), max_distance_km="5")
    names = shown(response)
    assert "Nord Keramik GmbH" not in names  # carla's own organisation
    assert names == ["Nord Geheim GmbH"]  # same postcode as hers; the rest is farther
    assert map_data(response)["origin"]["label"] == "Nord Keramik GmbH"
    assert response.context["results"][0].distance_km == 0.0
    assert "0 km away" in response.content.decode()


def test_filter_by_kind(client: Any, profiles: Any) -> None:
    assert shown(search(client, kind="research_institute")) == ["Fraunhofer Keramik Chemnitz"]


def test_filter_by_network(client: Any, world: Any, profiles: Any) -> None:
    assert shown(search(client, network="sued")) == ["Süd Metall GmbH"]


def test_filter_by_district_name_or_ags(client: Any, profiles: Any) -> None:
    by_ags = shown(search(client, district="14511"))  # Chemnitz
    by_name = shown(search(client, district="chemnitz"))
    assert by_ags == by_name == ["Fraunhofer Keramik Chemnitz"]


def test_maximum_distance_from_a_postcode(client: Any, profiles: Any) -> None:
    near = shown(search(client, near="56203", max_distance_km="5"))
    assert near == ["Nord Keramik GmbH"]
    everywhere = search(client, near="56203")
    assert "Fraunhofer Keramik Chemnitz" in shown(everywhere)
    assert "km away" in everywhere.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Describe what you are looking for."),
        ({"q": "x" * 1_048_576}, "has 1048576 characters; shorten it to at most 2000"),
        ({"near": "00000"}, "“00000” is not a known German postcode."),
        ({"max_distance_km": "50"}, "50 km from where?"),
        ({"near": "56203", "max_distance_km": "5000"}, "5000 km is too far"),
        ({"near": "56203", "max_distance_km": "viel"}, "“viel” is not a whole number."),
        ({"nearness": "150"}, "150 lies outside 0 to 100."),
        ({"network": "atlantis"}, "“atlantis” is not one of the choices."),
        ({"district": "Atlantis"}, "No district is called “Atlantis”."),
        ({"district": "99999"}, "No district has the AGS “99999”."),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_field_and_value(
    client: Any, profiles: Any, params: dict[str, str], message: str
) -> None:
    response = search(client, **params)
    assert message in errors(response)
    html = response.content.decode()
    assert "Please check your search" in html
    assert "results" not in response.context  # nothing was searched
    label = {
        "q": "What are you looking for?",
        "near": "Near postcode",
        "max_distance_km": "Maximum distance (km)",
        "nearness": "How much nearness counts",
        "network": "Network",
        "district": "District",
    }[list(params)[-1]]
    assert f">{label}</a>:" in html  # the summary names the field and links to it


def test_profile_text_is_escaped_and_matched_words_are_marked(client: Any, profiles: Any) -> None:
    response = search(client)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<mark>keramische</mark>" in html
    data = map_data(response)
    prank = next(m for m in data["markers"] if m["name"].startswith("Keramik <script>"))
    assert prank["url"] == "/organisationen/prank/"


def test_the_map_holds_exactly_the_results_with_a_location(client: Any, profiles: Any) -> None:
    profiles["institute"].postcode = ""
    profiles["institute"].latitude = profiles["institute"].longitude = None
    profiles["institute"].save()
    services.rebuild_index()
    response = search(client)
    data = map_data(response)
    results = response.context["results"]
    located = [r for r in results if r.organisation.latitude is not None]
    assert "Fraunhofer Keramik Chemnitz" in shown(response)
    assert [m["name"] for m in data["markers"]] == [r.organisation.name for r in located]
    assert [m["rank"] for m in data["markers"]] == [r.rank for r in located]
    assert data["origin"] is None


def test_a_missing_index_gives_a_message_not_an_error(client: Any, world: Any) -> None:
    response = search(client)
    assert "has not been built" in response.content.decode()
    assert "results" not in response.context


@pytest.mark.skipif(
    not hasattr(Organisation, "description_visibility"), reason="no per-field visibility yet"
)
def test_passages_of_fields_the_viewer_may_not_see_are_left_out(
    client: Any, as_user: Any, world: Any, profiles: Any
) -> None:
    org = world.north_public
    org.description = "Öffentliche Beschreibung ohne Bezug."
    org.competences = "Geheime Kompetenz: keramische Hochtemperaturfilter aus Zirkonoxid."
    org.competences_visibility = Visibility.MEMBERS
    org.save()
    services.rebuild_index()
    # for the public its readable profile has nothing to do with the need: not found
    public = search(client)
    assert "Nord Keramik GmbH" not in shown(public)
    assert "Zirkonoxid" not in public.content.decode()
    alice = search(as_user(world.alice))  # she manages North and reads the competences
    assert "Nord Keramik GmbH" in shown(alice)
    assert "Zirkonoxid" in alice.content.decode()


def test_highlight_escapes_before_marking() -> None:
    html = highlight("<b>Filter</b> & Keramik", {"filter", "keramik"})
    assert html == "&lt;b&gt;<mark>Filter</mark>&lt;/b&gt; &amp; <mark>Keramik</mark>"


def test_english_pages_quote_wz_titles_in_english_and_mark_no_request_words(
    client: Any, world: Any, profiles: Any
) -> None:
    code = IndustryCode.objects.get(code="23.20")  # shipped with the reference data
    assert code.title_de == "Herstellung von feuerfesten keramischen Werkstoffen und Waren"
    assert code.title_en == "Manufacture of refractory products"
    works = OrganisationFactory(
        name="Feuerfestwerk Westerwald",
        slug="feuerfestwerk",
        postcode="56203",
        description="Ihr Partner für Hochtemperaturfilter aus Keramik.",
    )
    works.industry_codes.add(code)
    services.rebuild_index()
    html = search(client).content.decode()
    assert "Feuerfestwerk Westerwald" in html
    assert "Manufacture of refractory products" in html
    assert "Herstellung von feuerfesten" not in html
    # "Partner" only frames the request: it is not what the two have in common
    assert "<mark>Partner</mark>" not in html
    assert "<mark>Hochtemperaturfilter</mark>" in html
