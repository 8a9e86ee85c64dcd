"""The directory of organisations at /organisationen/: list, filters, pages, who sees what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nahwerk.directory.choices import Visibility
from nahwerk.directory.tests.factories import CordisOrganisationFactory, OrganisationFactory
from nahwerk.networks.choices import MembershipStatus, RoleKind
from nahwerk.networks.models import NetworkRole
from nahwerk.networks.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

URL = reverse("directory:list")


def listed(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [entry.organisation.name for entry in response.context["entries"]]


@pytest.fixture
def region(world):
    """North and South plus a history-only university in Mannheim and an ended member."""
    world.north_public.industry_codes.add("23.44")
    world.south_public.industry_codes.add("25.62")
    institute = OrganisationFactory(
        name="Keramikinstitut Höhr", kind="research_institute", postcode="56203"
    )
    NetworkRole.objects.create(
        network=world.north, organisation=institute, kind=RoleKind.PARTNER_INSTITUTION
    )
    former = OrganisationFactory(name="Ehemals Nord GmbH", postcode="56410")
    MembershipFactory(organisation=former, network=world.north, status=MembershipStatus.ENDED)
    cordis = CordisOrganisationFactory(
        name="ABB AG", country="DE", postcode="68309", city="MANNHEIM", kind="company"
    )
    return {"institute": institute, "former": former, "cordis": cordis}


def test_the_header_links_to_the_directory(world, client) -> None:
    html = client.get(reverse("networks:home")).content.decode()
    assert f'href="{URL}"' in html
    assert ">Organisationen</a>" in html


def test_the_public_directory_lists_public_organisations_by_name(world, region, client):
    names = listed(client)
    assert names == sorted(names, key=str.casefold)
    assert "Nord Keramik GmbH" in names and "Süd Metall GmbH" in names
    assert "Keramikinstitut Höhr" in names  # a role holder without membership
    assert "Nord Geheim GmbH" not in names and "Süd Geheim GmbH" not in names  # not public


def test_organisations_known_only_from_eu_project_history_are_not_listed(
    world, region, client, as_user
) -> None:
    assert "ABB AG" not in listed(client)
    assert "ABB AG" not in listed(as_user(world.root))  # not even for the site administrator
    assert "ABB AG" not in listed(client, q="ABB")


def test_a_line_shows_type_place_networks_and_wz_codes(world, region, client) -> None:
    html = client.get(URL, {"q": "Nord Keramik"}).content.decode()
    assert world.north_public.get_absolute_url() in html
    assert "KMU" in html
    assert "Höhr-Grenzhausen, Westerwaldkreis" in html
    assert world.north.get_absolute_url() in html
    assert "23.44" in html and "technische Zwecke" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "keramik"}, {"Nord Keramik GmbH", "Keramikinstitut Höhr"}),
        ({"kind": "research_institute"}, {"Keramikinstitut Höhr"}),
        ({"network": "nord"}, {"Nord Keramik GmbH", "Keramikinstitut Höhr"}),
        ({"network": "sued"}, {"Süd Metall GmbH"}),
        ({"district": "07132"}, {"Süd Metall GmbH"}),
        ({"wz_section": "C"}, {"Nord Keramik GmbH", "Süd Metall GmbH"}),
        ({"network": "nord", "kind": "sme"}, {"Nord Keramik GmbH"}),
    ],
)
def test_filters(world, region, client, params, expected) -> None:
    assert set(listed(client, **params)) == expected


def test_the_district_filter_offers_only_districts_of_listed_organisations(
    world, region, client
) -> None:
    form = client.get(URL).context["form"]
    districts = dict(form.fields["district"].choices)
    assert "07143" in districts  # Westerwaldkreis: North's public members
    assert "08222" not in districts  # Mannheim: only the history-only ABB AG is there
    assert "07132" in districts  # Altenkirchen: South's public member


def test_the_district_filter_offers_hidden_districts_only_to_those_who_may_see_them(
    world, client, as_user
) -> None:
    world.south_private.postcode = "68309"  # Mannheim; managers only
    world.south_private.save()
    assert "08222" not in dict(client.get(URL).context["form"].fields["district"].choices)
    bob = as_user(world.bob)
    assert "08222" in dict(bob.get(URL).context["form"].fields["district"].choices)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"kind": "bakery"}, "kind", "„bakery“ ist keine der Auswahlmöglichkeiten"),
        ({"district": "08222"}, "district", "„08222“ ist keine der Auswahlmöglichkeiten"),
        ({"network": "nowhere"}, "network", "„nowhere“ ist keine der Auswahlmöglichkeiten"),
    ],
)
def test_a_bad_filter_is_named_and_nothing_listed(world, region, client, params, field, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'href="#id_{field}"' in html
    assert "entries" not in response.context


def test_pages_of_twenty_five(world, client) -> None:
    for n in range(30):
        OrganisationFactory(name=f"Firma {n:02d} GmbH")
    first = client.get(URL, {"q": "Firma"})
    assert first.context["entries"][0].organisation.name == "Firma 00 GmbH"
    assert len(first.context["entries"]) == 25
    html = first.content.decode()
    assert "page=2" in html and "q=Firma" in html  # the next page keeps the filter
    second = listed(client, q="Firma", page=2)
    assert second == [f"Firma {n} GmbH" for n in range(25, 30)]
    assert listed(client, q="Firma", page="999") == second  # past the end: the last page


def test_user_text_is_escaped(world, client) -> None:
    OrganisationFactory(name="<script>alert(1)</script> GmbH")
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; GmbH" in html


def test_restricted_entries_say_who_sees_them(world, as_user) -> None:
    html = as_user(world.alice).get(URL).content.decode()
    assert "Nord Geheim GmbH" in html
    assert "nur für Netzwerkmitglieder sichtbar" in html


def test_english(world, region, client, settings) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(URL, {"network": "nord"})
    html = response.content.decode()
    assert "2 organisations match the filters" in html
    assert "C: Manufacturing" in html  # the sections in the filter in English
    assert "Verarbeitendes Gewerbe" not in html


def test_an_organisation_becomes_visible_in_the_directory_when_it_goes_public(world, client):
    assert "Nord Geheim GmbH" not in listed(client)
    world.north_private.visibility = Visibility.PUBLIC
    world.north_private.save()
    assert "Nord Geheim GmbH" in listed(client)


def test_a_kept_line_follows_every_change_of_what_it_shows(world, region, client, settings):
    # the lines' HTML is kept per process (the "fragments" cache); any change is a new key
    def line() -> str:
        html = client.get(URL, {"kind": "sme", "network": "sued"}).content.decode()
        return html[html.index("<tbody>") : html.index("</tbody>")]

    assert "Süd Metall GmbH" in line() and "25.62" in line()
    world.south_public.name = "Süd Metallbau GmbH"
    world.south_public.save()
    assert "Süd Metallbau GmbH" in line()
    world.south_public.industry_codes.add("28.41")
    assert "28.41" in line()
    MembershipFactory(organisation=world.south_public, network=world.north)
    assert world.north.get_absolute_url() in line()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "SME" in line() and "KMU" not in line()
