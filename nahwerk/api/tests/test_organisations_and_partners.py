"""Organisations with per-field visibility, their filters, and the partner search."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.directory.choices import Visibility
from nahwerk.matching.services import MatchingError

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(world: Any) -> Any:
    org = world.north_public
    org.description = "Wir fertigen technische Keramik."
    org.competences = "Sintern unter Schutzgas."
    org.competences_visibility = Visibility.MANAGERS
    org.equipment = "Zwei Kammeröfen."
    org.equipment_visibility = Visibility.MEMBERS
    org.save()
    return org


def texts(api: Any, who: str, org: Any) -> dict[str, str]:
    response = api(who).get(f"/api/organisations/{org.pk}/")
    assert response.status_code == 200
    data = response.json()
    return {k: data[k] for k in ("description", "competences", "equipment") if k in data}


def test_each_profile_text_only_for_whom_it_is_meant(api: Any, profile: Any) -> None:
    assert texts(api, "anonymous", profile) == {"description": "Wir fertigen technische Keramik."}
    assert texts(api, "bob", profile) == {"description": "Wir fertigen technische Keramik."}
    assert texts(api, "dora", profile) == {
        "description": "Wir fertigen technische Keramik.",
        "equipment": "Zwei Kammeröfen.",
    }
    full = {
        "description": "Wir fertigen technische Keramik.",
        "competences": "Sintern unter Schutzgas.",
        "equipment": "Zwei Kammeröfen.",
    }
    assert texts(api, "carla", profile) == full  # its own organisation
    assert texts(api, "alice", profile) == full
    listed = api("anonymous").get("/api/organisations/", {"q": "nord"}).json()["results"]
    assert "Sintern" not in str(listed)


def test_contacts_show_each_field_by_its_visibility(api: Any, world: Any) -> None:
    def contacts(who: str) -> Any:
        return api(who).get(f"/api/organisations/{world.north_private.pk}/").json()["contacts"]

    assert contacts("carla") == [{"name": "Nora Nord", "function": "", "email": "", "phone": ""}]
    assert contacts("alice")[0]["email"] == "nora@nord.example"


def test_filters_by_network_kind_and_name(api: Any, world: Any) -> None:
    def names(**params: Any) -> set[str]:
        response = api("root").get("/api/organisations/", params)
        assert response.status_code == 200
        return {o["name"] for o in response.json()["results"]}

    assert names(network="nord") == {"Nord Keramik GmbH", "Nord Geheim GmbH"}
    assert names(network=world.south.pk) == {"Süd Metall GmbH", "Süd Geheim GmbH"}
    assert names(q="geheim") == {"Nord Geheim GmbH", "Süd Geheim GmbH"}
    assert names(kind="university") == set()
    assert names(kind="sme", q="metall") == {"Süd Metall GmbH"}


def test_the_network_filter_knows_only_current_memberships(api: Any, world: Any) -> None:
    """The network's page lists its active members only; the API filter must not name an
    organisation that has left, applied or is suspended."""
    from nahwerk.networks.choices import MembershipStatus
    from nahwerk.networks.tests.factories import MembershipFactory

    MembershipFactory(
        organisation=world.south_public, network=world.north, status=MembershipStatus.ENDED
    )
    listed = api("anonymous").get("/api/organisations/", {"network": "nord"}).json()["results"]
    assert {o["name"] for o in listed} == {"Nord Keramik GmbH"}


def test_partner_search_follows_the_page(api: Any, world: Any, profiles: None) -> None:
    def found(who: str, **params: Any) -> list[str]:
        response = api(who).get(
            "/api/partners/", {"q": "keramische Hochtemperaturfilter", **params}
        )
        assert response.status_code == 200, response.content
        return [m["organisation"]["name"] for m in response.json()]

    assert set(found("anonymous")) == {"Nord Keramik GmbH", "Süd Metall GmbH"}
    # a member sees the members-only organisation of its network, but not itself
    assert set(found("carla")) == {"Nord Geheim GmbH", "Süd Metall GmbH"}
    assert set(found("root")) == {
        "Nord Keramik GmbH",
        "Nord Geheim GmbH",
        "Süd Metall GmbH",
        "Süd Geheim GmbH",
    }
    assert found("anonymous", kind="university") == []
    first = (
        api("anonymous")
        .get("/api/partners/", {"q": "keramische Filter", "near": "56203"})
        .json()[0]
    )
    assert first["distance_km"] is not None
    assert any("56203" in r for r in first["reasons"])


def test_partner_search_names_bad_input(api: Any, world: Any, profiles: None) -> None:
    client = api("anonymous")
    assert client.get("/api/partners/").json() == {"q": ["Describe what you are looking for."]}
    response = client.get("/api/partners/", {"q": "Filter", "max_distance_km": 50})
    assert response.status_code == 400
    assert list(response.json()) == ["max_distance_km"]
    response = client.get("/api/partners/", {"q": "Filter", "near": "00000"})
    assert response.json() == {"near": ["“00000” is not a known German postcode."]}


def test_partner_search_answers_400_when_the_engine_refuses(
    api: Any, world: Any, profiles: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> list[Any]:
        raise MatchingError("Nord Keramik GmbH has no location.")

    monkeypatch.setattr("nahwerk.matching.forms.find_partners", refuse)
    response = api("anonymous").get("/api/partners/", {"q": "Filter"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Nord Keramik GmbH has no location."}


def test_partner_search_says_when_there_is_no_index(api: Any, world: Any) -> None:
    response = api("anonymous").get("/api/partners/", {"q": "Filter"})
    assert response.status_code == 503
    assert response.json() == {"detail": "The partner index has not been built yet."}


def test_matches_of_a_need_hide_texts_the_viewer_may_not_read(
    api: Any, world: Any, needs: Any, profiles: None
) -> None:
    world.south_public.description_visibility = Visibility.MANAGERS
    world.south_public.save()
    matches = api("carla").get(f"/api/needs/{needs.anonymous.pk}/matches/").json()
    by_name = {m["organisation"]["name"]: m for m in matches}
    assert "Nord Keramik GmbH" not in by_name  # the asker itself
    assert "Nord Geheim GmbH" in by_name
    assert by_name["Nord Geheim GmbH"]["passages"]
    if "Süd Metall GmbH" in by_name:
        assert by_name["Süd Metall GmbH"]["passages"] == []
