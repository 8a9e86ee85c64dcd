"""Erasure through the pages: nothing of the person remains, the figures stay the same."""

from __future__ import annotations

import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from nahwerk.accounts.models import Invitation, User
from nahwerk.accounts.tests.factories import PASSWORD
from nahwerk.brokering.models import Message, Need, Referral
from nahwerk.brokering.overview import build_overview
from nahwerk.dashboard.services import network_desks
from nahwerk.directory.models import Person
from nahwerk.events.models import MeetingRequest, Registration
from nahwerk.privacy.erasure import ERASED
from nahwerk.privacy.models import Erasure
from nahwerk.privacy.tests.conftest import (
    EMAIL,
    INA_MESSAGE,
    NAME,
    OLD_EMAIL,
    OLD_PHONE,
    PHONE,
    Traces,
    change_person_in_admin,
)

pytestmark = pytest.mark.django_db

VALUES = (NAME, EMAIL, OLD_EMAIL, PHONE, OLD_PHONE)


def places_holding(values: tuple[str, ...]) -> list[str]:
    """Every table and text column (JSON included) in which one of the values appears."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            where = f"{model._meta.db_table}.{field.column}"
            if isinstance(field, models.CharField | models.TextField):
                for value in values:
                    if model._base_manager.filter(**{f"{field.name}__icontains": value}).exists():
                        found.append(f"{where}: {value}")
            elif isinstance(field, models.JSONField):
                for data in model._base_manager.values_list(field.name, flat=True).iterator():
                    text = json.dumps(data, ensure_ascii=False).lower()
                    found += [f"{where}: {v}" for v in values if v.lower() in text]
    return found


def figures(traces: Traces) -> dict[str, Any]:
    north = traces.world.north
    overview = build_overview(Need.objects.filter(network=north))
    return {
        "overview": (
            overview.total,
            overview.by_status,
            overview.answered,
            overview.median_hours_to_first_answer,
            overview.top_fields,
        ),
        "rows": [
            m.objects.count()
            for m in (Need, Referral, Message, Registration, MeetingRequest, Person, User)
        ],
        "desks": [
            (
                d.network.pk,
                d.inbox_count,
                len(d.silent),
                len(d.activity),
                d.open_invitations,
                [_numbers(e) for e in d.events],
            )
            for d in network_desks(user=traces.world.alice)
        ],
    }


def _numbers(status: Any) -> list[int]:
    return [v for v in vars(status).values() if isinstance(v, int)]


def test_a_person_erases_their_data_and_nothing_of_them_remains(traces: Traces) -> None:
    manager = Client()
    manager.force_login(traces.world.alice)
    change_person_in_admin(manager, traces.person, phone=PHONE)
    assert places_holding(VALUES), "the scene must leave traces to erase"
    before = figures(traces)

    client = Client()
    client.force_login(traces.carla)
    response = client.post(
        reverse("privacy:erase_my_data"), {"password": PASSWORD, "confirm": "on"}
    )

    assert response.status_code == 302
    assert places_holding(VALUES) == []
    assert figures(traces) == before
    traces.ina_message.refresh_from_db()
    assert traces.ina_message.body == INA_MESSAGE
    carla = User.objects.get(pk=traces.carla.pk)
    assert not carla.is_active and not carla.has_usable_password()
    assert Message.objects.filter(author=carla).get().body != ""
    # the audit log still says who changed the record and when, without the values
    entry = LogEntry.objects.get_for_object(traces.person).filter(actor=traces.world.alice).get()
    assert entry.changes["phone"] == [ERASED, ERASED]
    assert Erasure.objects.get().user_id_erased == carla.pk
    assert client.get(reverse("privacy:my_data")).status_code == 302  # logged out


def test_a_wrong_password_erases_nothing(traces: Traces) -> None:
    client = Client()
    client.force_login(traces.carla)
    response = client.post(
        reverse("privacy:erase_my_data"), {"password": "falsch", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "Das Passwort ist nicht korrekt." in response.content.decode()
    traces.carla.refresh_from_db()
    assert traces.carla.is_active and traces.carla.email == EMAIL
    assert not Erasure.objects.exists()


def test_without_confirmation_nothing_is_erased(traces: Traces) -> None:
    client = Client()
    client.force_login(traces.carla)
    response = client.post(reverse("privacy:erase_my_data"), {"password": PASSWORD})
    assert response.status_code == 400
    assert Person.objects.get(pk=traces.person.pk).phone == OLD_PHONE


def test_a_manager_erases_a_contact_person_on_request(traces: Traces) -> None:
    nora = traces.world.north_contact
    client = Client()
    client.force_login(traces.world.alice)
    url = reverse("privacy:person_request", args=[nora.pk])
    assert client.post(url, {}).status_code == 400  # not confirmed
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert places_holding(("nora@nord.example",)) == []
    assert Person.objects.filter(pk=nora.pk).exists()  # the record (and its roles) stay
    erasure = Erasure.objects.get()
    assert erasure.by_manager and erasure.erased_by == traces.world.alice


def test_a_manager_cannot_erase_people_of_other_networks(traces: Traces) -> None:
    client = Client()
    client.force_login(traces.world.bob)
    url = reverse("privacy:person_request", args=[traces.world.north_contact.pk])
    assert client.post(url, {"confirm": "on"}).status_code == 404
    assert Person.objects.get(pk=traces.world.north_contact.pk).email == "nora@nord.example"


def test_erasing_an_account_also_empties_the_invitation(traces: Traces) -> None:
    client = Client()
    client.force_login(traces.world.alice)
    response = client.post(
        reverse("privacy:account_request", args=[traces.carla.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    assert not Invitation.objects.filter(email__iexact=EMAIL).exists()
    assert Invitation.objects.count() == 1


def test_a_profile_naming_the_person_is_redacted_and_reindexed(
    traces: Traces, django_capture_on_commit_callbacks: Any
) -> None:
    from nahwerk.directory.signals import organisations_changed

    org = traces.world.north_public
    org.description = f"Ihre Ansprechpartnerin ist {NAME}."
    org.save()
    sent: list[Any] = []

    def receiver(sender: Any, ids: Any = None, **kwargs: Any) -> None:
        sent.append(ids)

    organisations_changed.connect(receiver, dispatch_uid="test_privacy_reindex")
    client = Client()
    client.force_login(traces.world.alice)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            url = reverse("privacy:account_request", args=[traces.carla.pk])
            assert client.post(url, {"confirm": "on"}).status_code == 302
    finally:
        organisations_changed.disconnect(dispatch_uid="test_privacy_reindex")
    org.refresh_from_db()
    assert org.description == f"Ihre Ansprechpartnerin ist {ERASED}."
    assert [org.pk] in sent
