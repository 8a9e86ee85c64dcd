"""Members first: organisations known only from EU project history are found only on purpose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from nahwerk.brokering import services as brokering_services
from nahwerk.directory.tests.factories import CordisOrganisationFactory, OrganisationFactory
from nahwerk.matching import services
from nahwerk.matching.forms import SearchForm
from nahwerk.matching.services import PartnerFilters, find_partners
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.projects.models import Participation, Project

pytestmark = pytest.mark.django_db

NEED = "Wir suchen einen Partner für keramische Hochtemperaturfilter"
SEARCH = reverse("matching:search")


@pytest.fixture
def scene(world: Any, matching_index: Path) -> dict[str, Any]:
    """A North member and a Mannheim firm from CORDIS, both strong on ceramic filters."""
    member = OrganisationFactory(
        name="Filterwerk Westerwald GmbH",
        postcode="56203",
        description="Keramische Hochtemperaturfilter und Filterkerzen für die Heißgasreinigung.",
    )
    MembershipFactory(organisation=member, network=world.north)
    cordis = CordisOrganisationFactory(
        name="HEISSGAS FILTER AG",
        kind="company",
        country="DE",
        postcode="68309",
        city="MANNHEIM",
        description="Keramische Hochtemperaturfilter für Heißgas, Filterkerzen aus Keramik.",
    )
    project = Project.objects.create(
        source="h2020_network",
        cordis_rcn=229323,
        programme="H2020",
        programme_part="SC3",
        start_date=dt.date(2016, 5, 1),
        end_date=dt.date(2019, 4, 30),
    )
    for org in (world.north_public, cordis):
        Participation.objects.create(
            project=project, pic=org.pic or "900000777", organisation=org, role="participant"
        )
    services.rebuild_index()
    return {"member": member, "cordis": cordis}


def names(matches: list[services.PartnerMatch]) -> list[str]:
    return [m.organisation.name for m in matches]


def test_the_default_search_finds_members_only(scene) -> None:
    found = names(find_partners(NEED))
    assert "Filterwerk Westerwald GmbH" in found
    assert "HEISSGAS FILTER AG" not in found


def test_a_search_includes_the_history_on_purpose_and_marks_it(scene) -> None:
    matches = {m.organisation.name: m for m in find_partners(NEED, include_history=True)}
    assert matches["HEISSGAS FILTER AG"].from_history is True
    assert matches["Filterwerk Westerwald GmbH"].from_history is False


def test_limited_searches_leave_the_history_out_too(scene) -> None:
    # as the B2B suggestions do: only the event's participants
    only = frozenset({scene["member"].pk, scene["cordis"].pk})
    found = names(find_partners(NEED, filters=PartnerFilters(organisation_ids=only)))
    assert found == ["Filterwerk Westerwald GmbH"]


def test_earlier_cooperation_names_the_project_in_words_not_by_rcn(world, scene) -> None:
    matches = find_partners(NEED, asker=world.north_public, include_history=True)
    cordis = next(m for m in matches if m.organisation == scene["cordis"])
    (label,) = cordis.cooperation
    assert "Horizont 2020" in label and "Sichere, saubere und effiziente Energie" in label
    assert "2016–2019" in label  # noqa: RUF001
    assert "RCN" not in label and "229323" not in label


def test_the_search_page_has_the_checkbox_and_marks_history_results(scene, client) -> None:
    default = client.get(SEARCH, {"q": NEED}).content.decode()
    assert "Auch frühere EU-Projektpartner" in default
    assert "HEISSGAS FILTER AG" not in default
    on = client.get(SEARCH, {"q": NEED, "include_history": "on"}).content.decode()
    assert "HEISSGAS FILTER AG" in on
    assert "aus der EU-Projekthistorie" in on
    assert "in keinem Netzwerk Mitglied" in on
    assert 'id="id_include_history" checked' in on


def test_the_member_is_not_marked_as_history(scene, client) -> None:
    html = client.get(SEARCH, {"q": "Filterwerk Westerwald Filterkerzen"}).content.decode()
    assert "Filterwerk Westerwald GmbH" in html
    assert "aus der EU-Projekthistorie" not in html


@pytest.mark.parametrize("value", ["0", "false", "off", ""])
def test_a_link_saying_no_leaves_the_history_out(scene, value) -> None:
    form = SearchForm({"q": NEED, "include_history": value})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["include_history"] is False


def test_the_district_filter_offers_no_district_of_the_history_only(scene) -> None:
    districts = dict(SearchForm().fields["district"].choices)
    assert "07143" in districts  # Westerwaldkreis, the members'
    assert "08222" not in districts  # Mannheim: only the CORDIS firm is there


def test_need_matches_and_routing_leave_the_history_out(world, scene) -> None:
    need = brokering_services.post_need(
        world.carla,
        world.north.pk,
        brokering_services.NeedInput(title="Hochtemperaturfilter", description=NEED),
    )
    found = names(brokering_services.matches_for(need, world.alice))
    assert "Filterwerk Westerwald GmbH" in found
    assert "HEISSGAS FILTER AG" not in found
