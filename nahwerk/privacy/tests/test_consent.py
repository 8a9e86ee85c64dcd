"""Consent: shown with purpose and date, withdrawn by the person."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from nahwerk.directory.choices import Visibility
from nahwerk.directory.models import Person
from nahwerk.privacy.tests.conftest import Traces

pytestmark = pytest.mark.django_db


def carla_client(traces: Traces) -> Client:
    client = Client()
    client.force_login(traces.carla)
    return client


def test_the_person_sees_the_purpose_and_date_of_their_consent(traces: Traces) -> None:
    page = carla_client(traces).get(reverse("privacy:my_data")).content.decode()
    assert "Ansprechpartnerin für Kooperationsanfragen" in page
    assert "Einwilligung widerrufen" in page


def test_withdrawing_records_the_date_and_hides_the_contact_from_all_but_managers(
    traces: Traces,
) -> None:
    traces.person.visibility = Visibility.PUBLIC
    traces.person.save()
    url = reverse("privacy:withdraw_consent", args=[traces.person.pk])
    response = carla_client(traces).post(url)
    assert response.status_code == 302
    person = Person.objects.get(pk=traces.person.pk)
    assert person.consent_withdrawn_at is not None
    assert person.consent_given_at is not None and person.consent_purpose  # the record stays
    assert {person.visibility, person.email_visibility, person.phone_visibility} == {
        Visibility.MANAGERS
    }
    public = Client().get(traces.world.north_public.get_absolute_url()).content.decode()
    assert "Kernbeißer" not in public

    again = carla_client(traces).post(url)
    assert again.status_code == 400
    assert Person.objects.get(pk=person.pk).consent_withdrawn_at == person.consent_withdrawn_at


def test_nobody_withdraws_another_persons_consent(traces: Traces) -> None:
    client = Client()
    client.force_login(traces.ina)
    url = reverse("privacy:withdraw_consent", args=[traces.person.pk])
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    assert Person.objects.get(pk=traces.person.pk).consent_withdrawn_at is None


def test_a_record_without_consent_has_nothing_to_withdraw(traces: Traces) -> None:
    traces.person.lawful_basis = "contract"
    traces.person.consent_given_at = None
    traces.person.save()
    response = carla_client(traces).post(
        reverse("privacy:withdraw_consent", args=[traces.person.pk])
    )
    assert response.status_code == 400
