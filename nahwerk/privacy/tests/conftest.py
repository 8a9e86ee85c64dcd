"""A person with traces all over the platform: Clara Kernbeißer of Nord Keramik (carla).

She is a contact person with consent (her e-mail changed once), posted a need that was
routed to an institute, wrote in its thread beside the institute's Ina, registered for an
event and asked Ina for a meeting there, and was invited by e-mail. Her values are
unusual enough that finding one anywhere means it was not erased.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nahwerk.accounts.models import Invitation, User
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.brokering.models import Message, Need, NeedStatus, Referral
from nahwerk.directory.choices import LawfulBasis
from nahwerk.directory.models import Organisation, Person
from nahwerk.directory.tests.factories import OrganisationFactory, PersonFactory
from nahwerk.events.models import MeetingRequest, Registration, RegistrationStatus
from nahwerk.events.tests.factories import EventFactory
from nahwerk.networks.tests.factories import MembershipFactory

NAME = "Clara Kernbeißer"
EMAIL = "clara.kernbeisser@nord-keramik.example"
OLD_EMAIL = "c.kernbeisser@alt.example"
PHONE = "+49 2624 918273"
OLD_PHONE = "+49 2624 554433"
INA_MESSAGE = "Wir können die Filter im März im Labor testen."


@dataclass
class Traces:
    world: Any
    carla: User
    ina: User
    institute: Organisation
    person: Person
    need: Need
    referral: Referral
    ina_message: Message
    registration: Registration
    request: MeetingRequest


@pytest.fixture
def traces(world: Any) -> Traces:
    carla = world.carla
    carla.first_name, carla.last_name, carla.email = "Clara", "Kernbeißer", EMAIL
    carla.save()
    institute = OrganisationFactory(name="Institut für Hochtemperaturkeramik", slug="ihk")
    MembershipFactory(organisation=institute, network=world.north)
    ina = UserFactory(username="ina", organisation=institute, first_name="Ina", last_name="Lab")
    person = PersonFactory(
        organisation=world.north_public,
        first_name="Clara",
        last_name="Kernbeißer",
        email=OLD_EMAIL,
        phone=OLD_PHONE,
        lawful_basis=LawfulBasis.CONSENT,
        consent_given_at=timezone.now() - dt.timedelta(days=30),
        consent_purpose="Ansprechpartnerin für Kooperationsanfragen",
    )
    person.email = EMAIL  # a change the audit log keeps, with the old address
    person.save()
    need = Need.objects.create(
        organisation=world.north_public,
        network=world.north,
        created_by=carla,
        title="Hochtemperaturfilter gesucht",
        description=f"Wir suchen Filter. Rückfragen an {NAME}, Tel. {PHONE}.",
        status=NeedStatus.IN_CONTACT,
    )
    referral = Referral.objects.create(need=need, organisation=institute, routed_by=world.alice)
    Message.objects.create(
        referral=referral, author=carla, from_asker=True, body=f"Gruß, {NAME} ({EMAIL})"
    )
    ina_message = Message.objects.create(
        referral=referral, author=ina, from_asker=False, body=INA_MESSAGE
    )
    event = EventFactory(organiser=world.north, matchmaking=True)
    registration = Registration.objects.create(
        event=event,
        user=carla,
        organisation=world.north_public,
        status=RegistrationStatus.CONFIRMED,
        price_charged=0,
        offers=f"Keramik. Kontakt: {PHONE}",
    )
    other = Registration.objects.create(
        event=event,
        user=ina,
        organisation=institute,
        status=RegistrationStatus.CONFIRMED,
        price_charged=0,
    )
    request = MeetingRequest.objects.create(
        event=event, requester=registration, recipient=other, message=f"Gern! {NAME}"
    )
    Invitation.objects.create(
        email=EMAIL,
        organisation=world.north_public,
        first_name="Clara",
        last_name="Kernbeißer",
        token_hash="x" * 64,
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
    return Traces(
        world, carla, ina, institute, person, need, referral, ina_message, registration, request
    )


def change_person_in_admin(client: Client, person: Person, **changes: Any) -> None:
    """A manager changes a contact person in the admin, as on the change form."""
    url = reverse("admin:directory_person_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({"organisation": person.organisation_id, **changes})
    for name in ("consent_given_at", "consent_withdrawn_at"):
        value = getattr(person, name)
        data.pop(name, None)
        if value is not None:
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = (
                local.strftime("%d.%m.%Y"),
                local.strftime("%H:%M:%S"),
            )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
