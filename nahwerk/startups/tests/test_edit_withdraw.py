"""Mentor offers changed and withdrawn by their organisation; a fund deleted by its users."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from nahwerk.directory.models import Organisation, Person
from nahwerk.startups.models import InvestorProfile, MentorOffer

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def offer(founding) -> MentorOffer:
    world = founding.world
    mentor = Person.objects.create(
        organisation=world.north_public,
        first_name="Karla",
        last_name="Mentorin",
        lawful_basis="legitimate_interest",
    )
    return MentorOffer.objects.create(
        organisation=world.north_public,
        network=world.north,
        person=mentor,
        topics="Serienfertigung",
        time_offered="zwei Stunden im Monat",
        created_by=world.carla,
    )


def test_the_offering_organisation_changes_its_offer_from_the_list(founding, offer) -> None:
    carla = client_of(founding.world.carla)
    page = carla.get(reverse("startups:mentoring")).content.decode()
    assert reverse("startups:mentor_edit", args=[offer.pk]) in page
    assert reverse("startups:mentor_withdraw", args=[offer.pk]) in page
    response = carla.post(
        reverse("startups:mentor_edit", args=[offer.pk]),
        {
            "network": founding.world.north.pk,
            "person": "",
            "topics": "Qualitätssicherung und Einkauf",
            "time_offered": "nach Absprache",
        },
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.topics, offer.time_offered, offer.person) == (
        "Qualitätssicherung und Einkauf",
        "nach Absprache",
        None,
    )
    assert offer.organisation == founding.world.north_public
    assert offer.created_by == founding.world.carla


def test_others_see_no_edit_links(founding, offer) -> None:
    page = client_of(founding.world.alice).get(reverse("startups:mentoring")).content.decode()
    assert "Serienfertigung" in page
    assert reverse("startups:mentor_edit", args=[offer.pk]) not in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("topics", "<script>alert(1)</script>"),
        ("topics", ""),
        ("time_offered", "x" * 201),
        ("network", "999999"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(founding, offer, field, value) -> None:
    data = {
        "network": founding.world.north.pk,
        "person": offer.person_id,
        "topics": "Neu",
        "time_offered": "",
    }
    data[field] = value
    response = client_of(founding.world.carla).post(
        reverse("startups:mentor_edit", args=[offer.pk]), data
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    offer.refresh_from_db()
    assert offer.topics == "Serienfertigung" and offer.time_offered == "zwei Stunden im Monat"


def test_another_organisations_contact_cannot_be_named_as_mentor(founding, offer) -> None:
    stranger = Person.objects.create(
        organisation=founding.startup_org,
        first_name="Fremd",
        last_name="Person",
        lawful_basis="legitimate_interest",
    )
    response = client_of(founding.world.carla).post(
        reverse("startups:mentor_edit", args=[offer.pk]),
        {"network": founding.world.north.pk, "person": stranger.pk, "topics": "Neu"},
    )
    assert response.status_code == 400 and "person" in response.context["form"].errors
    offer.refresh_from_db()
    assert offer.person is not None and offer.person.last_name == "Mentorin"


def test_withdrawing_asks_once_then_deletes_the_offer_but_not_the_mentor(founding, offer) -> None:
    carla = client_of(founding.world.carla)
    url = reverse("startups:mentor_withdraw", args=[offer.pk])
    question = carla.get(url)
    assert question.status_code == 200 and "Serienfertigung" in question.content.decode()
    assert MentorOffer.objects.filter(pk=offer.pk).exists()
    assert carla.post(url).status_code == 302
    assert not MentorOffer.objects.filter(pk=offer.pk).exists()
    assert Person.objects.filter(pk=offer.person_id).exists()


def test_the_funds_users_delete_it_and_only_it(founding) -> None:
    ivo = client_of(founding.ivo)
    page = ivo.get(reverse("startups:fund", args=[founding.fund.pk])).content.decode()
    url = reverse("startups:fund_delete", args=[founding.fund.pk])
    assert url in page
    assert ivo.get(url).status_code == 200
    assert ivo.post(url).status_code == 302
    assert not InvestorProfile.objects.filter(pk=founding.fund.pk).exists()
    assert InvestorProfile.objects.filter(pk=founding.growth_fund.pk).exists()
    assert Organisation.objects.filter(pk=founding.fund.organisation_id).exists()
    # the start-up no longer finds it
    from nahwerk.startups.matching import funds_for

    fitting, others = funds_for(founding.profile, founding.stella)
    assert founding.fund.pk not in {m.fund.pk for m in fitting + others}


def test_the_fund_page_offers_no_delete_to_others(founding) -> None:
    page = client_of(founding.stella).get(reverse("startups:fund", args=[founding.fund.pk]))
    assert reverse("startups:fund_delete", args=[founding.fund.pk]) not in page.content.decode()
