"""Every page of issue 14 part 2 (start-ups and investors) against every persona.

The personas and scene of tests/test_permission_matrix.py (alice manages North, bob South;
carla works for a North SME, ina for a North institute, otto for another North institute,
sven for a South company; ``anon`` is the public), plus stella of a North start-up and
ivo of the company that runs two funds. Which fields of the start-up each persona reads
is checked below the matrix.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nahwerk.brokering.tests.conftest import brokering  # noqa: F401
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.startups.models import MentorOffer, PipelineEntry
from nahwerk.startups.services import add_to_pipeline
from nahwerk.startups.tests.conftest import founding  # noqa: F401
from tests.test_permission_matrix import scene  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAS = ("alice", "bob", "carla", "ina", "otto", "sven", "stella", "ivo", "anon")
LOGIN = 302


@pytest.fixture
def stage(scene, founding) -> dict[str, Any]:  # noqa: F811 (the imported fixtures)
    add_to_pipeline(
        manager=founding.world.alice,
        network=founding.world.north,
        startup=founding.profile,
        note="Erstgespräch",
    )
    offer = MentorOffer.objects.create(
        organisation=founding.world.north_public,
        network=founding.world.north,
        topics="Serienfertigung und Qualitätssicherung",
    )
    return {"b": scene["b"], "f": founding, "offer": offer}


def client_for(stage: dict[str, Any], persona: str) -> Client:
    client = Client()
    if persona in ("stella", "ivo"):
        client.force_login(getattr(stage["f"], persona))
    elif persona != "anon":
        client.force_login(getattr(stage["b"], persona))
    return client


def url(stage: dict[str, Any], name: str) -> str:
    f = stage["f"]
    slug = f.startup_org.slug
    return {
        "overview": reverse("startups:overview"),
        "startup": reverse("startups:startup", args=[slug]),
        "startup_edit": reverse("startups:startup_edit", args=[slug]),
        "startup_matches": reverse("startups:startup_matches", args=[slug]),
        "fund": reverse("startups:fund", args=[f.fund.pk]),
        "fund_create": reverse("startups:fund_create"),
        "fund_edit": reverse("startups:fund_edit", args=[f.fund.pk]),
        "fund_matches": reverse("startups:fund_matches", args=[f.fund.pk]),
        "fund_delete": reverse("startups:fund_delete", args=[f.fund.pk]),
        "mentoring": reverse("startups:mentoring"),
        "mentor_edit": reverse("startups:mentor_edit", args=[stage["offer"].pk]),
        "mentor_withdraw": reverse("startups:mentor_withdraw", args=[stage["offer"].pk]),
        "pipeline_north": reverse("startups:pipeline", args=[f.world.north.slug]),
        "pipeline_south": reverse("startups:pipeline", args=[f.world.south.slug]),
    }[name]


#                   alice bob  carla ina  otto sven stella ivo  anon
MATRIX = {
    "overview": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "startup": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    # the start-up's own users and North's managers; others' edits are refused
    "startup_edit": (200, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "startup_matches": (200, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "fund": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    # managers without an organisation cannot enter a fund
    "fund_create": (403, 403, 200, 200, 200, 200, 200, 200, LOGIN),
    "fund_edit": (403, 403, 403, 403, 403, 403, 403, 200, LOGIN),
    "fund_matches": (403, 403, 403, 403, 403, 403, 403, 200, LOGIN),
    "fund_delete": (403, 403, 403, 403, 403, 403, 403, 200, LOGIN),
    "mentoring": (200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
    # the offer is carla's organisation's: only its users change or withdraw it
    "mentor_edit": (403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "mentor_withdraw": (403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "pipeline_north": (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "pipeline_south": (403, 200, 403, 403, 403, 403, 403, 403, LOGIN),
}


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_what_it_may(stage, page, persona) -> None:
    expected = MATRIX[page][PERSONAS.index(persona)]
    response = client_for(stage, persona).get(url(stage, page))
    assert response.status_code == expected, (page, persona)


# Which of the start-up's released fields each persona reads on its page: pitch public,
# team for North's members, capital for investors, figures for nobody but itself.
#            alice  bob    carla  ina    otto   sven   stella ivo    anon
FIELDS = {
    "pitch": (True, True, True, True, True, True, True, True, True),
    "team": (True, False, True, True, True, False, True, False, False),
    "capital_sought": (True, False, False, False, False, False, True, True, False),
    "figures": (False, False, False, False, False, False, True, False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reads_exactly_the_released_fields(stage, persona) -> None:
    released = client_for(stage, persona).get(url(stage, "startup")).context["released"]
    for field, sees in FIELDS.items():
        assert (field in released) == sees[PERSONAS.index(persona)], (field, persona)


def test_a_private_start_up_is_hidden_from_the_public_but_found_by_investors(stage) -> None:
    f = stage["f"]
    f.startup_org.visibility = "managers"
    f.startup_org.save()
    assert client_for(stage, "anon").get(url(stage, "startup")).status_code == 404
    assert client_for(stage, "sven").get(url(stage, "startup")).status_code == 404
    assert client_for(stage, "ivo").get(url(stage, "startup")).status_code == 200
    f.profile.listed_for_investors = False
    f.profile.save()
    assert client_for(stage, "ivo").get(url(stage, "startup")).status_code == 404


def test_a_members_only_fund_is_seen_by_its_networks_people_only(stage) -> None:
    f = stage["f"]
    f.fund.is_public = False
    f.fund.save()
    f.fund.networks.add(f.world.north)
    expected = {"alice": 200, "bob": 404, "carla": 200, "sven": 404, "ivo": 200, "anon": 404}
    for persona, status in expected.items():
        assert client_for(stage, persona).get(url(stage, "fund")).status_code == status, persona


def test_mentor_offers_stay_in_their_network(stage) -> None:
    for persona, sees in {"carla": True, "alice": True, "bob": False, "sven": False}.items():
        offers = client_for(stage, persona).get(url(stage, "mentoring")).context["offers"]
        assert bool(offers) == sees, persona


def test_only_north_managers_may_add_to_norths_pipeline(stage) -> None:
    f = stage["f"]
    other = OrganisationFactory(name="Zweit-Start-up UG", slug="zweit", kind="startup")
    MembershipFactory(organisation=other, network=f.world.north)
    from nahwerk.startups.models import StartupProfile

    second = StartupProfile.objects.create(
        organisation=other, founded_on="2024-01-01", stage="idea", team_size=2
    )
    for persona in ("bob", "carla", "stella", "ivo"):
        response = client_for(stage, persona).post(
            url(stage, "pipeline_north"), {"action": "add", "add-startup": second.pk}
        )
        assert response.status_code == 403, persona
    assert not PipelineEntry.objects.filter(startup=second).exists()


# POSTs that change or delete: everyone but the owner is refused and nothing changes.
WRITES = {
    "mentor_edit": ("carla", {"network": "", "topics": "Anders", "time_offered": ""}),
    "mentor_withdraw": ("carla", {}),
    "fund_delete": ("ivo", {}),
}


@pytest.mark.parametrize("page", WRITES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_owner_may_change_or_delete(stage, page, persona) -> None:
    from nahwerk.startups.models import InvestorProfile

    owner, data = WRITES[page]
    if page == "mentor_edit":
        data = {**data, "network": stage["f"].world.north.pk}
    offer, fund = stage["offer"], stage["f"].fund
    response = client_for(stage, persona).post(url(stage, page), data)
    exists = (
        InvestorProfile.objects.filter(pk=fund.pk).exists()
        if page == "fund_delete"
        else MentorOffer.objects.filter(pk=offer.pk).exists()
    )
    if persona == owner:
        assert response.status_code == 302, response.content
        if page == "mentor_edit":
            assert MentorOffer.objects.get(pk=offer.pk).topics == "Anders"
        else:
            assert not exists
    else:
        assert response.status_code == (LOGIN if persona == "anon" else 403), persona
        assert exists
        assert MentorOffer.objects.get(pk=offer.pk).topics == offer.topics
