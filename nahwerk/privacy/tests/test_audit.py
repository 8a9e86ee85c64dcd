"""The audit log: who changed what, through pages, admin and API; who may read it."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from nahwerk.brokering.models import Need
from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Membership
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.privacy.audit import readable_entries
from nahwerk.privacy.tests.conftest import Traces, change_person_in_admin

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_change_on_a_page_names_who_made_it(world, matching_index) -> None:
    client = client_for(world.carla)
    response = client.post(
        reverse("brokering:create"),
        {
            "title": "Prüfstand für Keramikfilter gesucht",
            "description": "Wir suchen einen Prüfstand für keramische Filter.",
            "partner_kind": "any",
            "posting": "network",
            "network": world.north.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    need = Need.objects.get(title="Prüfstand für Keramikfilter gesucht")
    entry = LogEntry.objects.get_for_object(need).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == world.carla
    assert entry.actor_email is None  # no copy of the address to erase later


def test_a_change_through_the_api_with_a_token_names_who_made_it(world, matching_index) -> None:
    token = Token.objects.create(user=world.carla)
    response = Client().post(
        "/api/needs/",
        {
            "title": "Laserschneiden gesucht",
            "description": "Wir suchen Kapazität für Laserschneiden von Keramik.",
            "network": world.north.pk,
        },
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 201, response.content
    need = Need.objects.get(title="Laserschneiden gesucht")
    assert LogEntry.objects.get_for_object(need).get().actor == world.carla


def test_a_change_in_the_admin_names_who_made_it_and_what_changed(world) -> None:
    nora = world.north_contact
    change_person_in_admin(client_for(world.alice), nora, function="Geschäftsführerin")
    entry = LogEntry.objects.get_for_object(nora).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == world.alice
    assert entry.changes["function"] == ["", "Geschäftsführerin"]


def test_managers_read_the_entries_of_their_networks_only(world) -> None:
    north_org = Organisation.objects.get(pk=world.north_public.pk)
    north_org.competences = "Brennöfen"
    north_org.save()
    south_org = world.south_public
    south_org.competences = "Blechbearbeitung"
    south_org.save()

    alice_sees = {e.object_repr for e in readable_entries(world.alice)}
    bob_sees = {e.object_repr for e in readable_entries(world.bob)}
    assert "Nord Keramik GmbH" in alice_sees and "Nord Keramik GmbH" not in bob_sees
    assert "Süd Metall GmbH" in bob_sees and "Süd Metall GmbH" not in alice_sees
    assert not readable_entries(world.carla).exists()

    page = client_for(world.alice).get(reverse("privacy:audit_log"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nord Keramik GmbH" in text and "Süd Metall GmbH" not in text
    assert "Brennöfen" in text  # the new value, in the manager's own words


def test_the_entries_of_a_deleted_record_stay_readable_for_its_network(world) -> None:
    membership = MembershipFactory(organisation=world.south_public, network=world.north)
    pk = membership.pk
    membership.delete()
    entries = readable_entries(world.alice).filter(
        content_type__model="membership", object_pk=str(pk)
    )
    assert {e.action for e in entries} == {LogEntry.Action.CREATE, LogEntry.Action.DELETE}
    assert (
        not readable_entries(world.bob)
        .filter(content_type__model="membership", object_pk=str(pk))
        .exists()
    )


def test_an_event_created_before_its_networks_is_read_by_their_managers(world) -> None:
    from nahwerk.events.tests.factories import EventFactory

    event = EventFactory(organiser=world.south)  # the factory adds the networks after saving
    entries = readable_entries(world.bob).filter(
        content_type__model="event", object_pk=str(event.pk)
    )
    assert entries.filter(action=LogEntry.Action.CREATE).exists()
    assert (
        not readable_entries(world.alice)
        .filter(content_type__model="event", object_pk=str(event.pk))
        .exists()
    )


@pytest.mark.parametrize("who", ["root", "alice"])
def test_nobody_edits_or_deletes_entries_in_the_admin(world, who: str) -> None:
    world.north_public.competences = "Brennöfen"
    world.north_public.save()
    entry = LogEntry.objects.get_for_object(world.north_public).first()
    client = client_for(getattr(world, who))
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    assert client.get(change).status_code == 200  # read only
    assert client.post(change, {"object_repr": "gefälscht"}).status_code == 403
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    entry.refresh_from_db()
    assert entry.object_repr == "Nord Keramik GmbH"


def test_a_manager_cannot_open_an_entry_of_another_network_in_the_admin(world) -> None:
    world.south_public.competences = "Blech"
    world.south_public.save()
    entry = LogEntry.objects.get_for_object(world.south_public).first()
    response = client_for(world.alice).get(
        reverse("admin:auditlog_logentry_change", args=[entry.pk])
    )
    assert response.status_code in (302, 403, 404)
    assert "Süd Metall" not in response.content.decode()


def test_an_unknown_kind_of_record_is_refused(traces: Traces) -> None:
    response = client_for(traces.world.alice).get(reverse("privacy:audit_log") + "?art=user")
    assert response.status_code == 400


def test_the_page_says_which_networks_were_added_to_an_event(world) -> None:
    from nahwerk.events.tests.factories import EventFactory

    EventFactory(organiser=world.north, title="Branchentreffen Keramik")
    page = client_for(world.alice).get(reverse("privacy:audit_log") + "?art=event")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Branchentreffen Keramik" in text
    assert "hinzugefügt → Netzwerk Nord" in text


def test_a_network_with_members_can_still_be_deleted(world) -> None:
    from nahwerk.networks.models import Network
    from nahwerk.networks.tests.factories import NetworkFactory

    network = NetworkFactory(name="Netzwerk Ost", slug="ost")
    Membership.objects.create(organisation=world.north_private, network=network)
    network.delete()  # its memberships' entries are linked to it while it goes
    assert not Network.objects.filter(slug="ost").exists()
    deleted = LogEntry.objects.filter(
        content_type__model="membership", action=LogEntry.Action.DELETE
    )
    assert deleted.exists()
    assert set(readable_entries(world.root)) >= set(deleted)


def test_the_admin_shows_the_audit_log_in_german(world) -> None:
    # django-auditlog ships no German: its field names and actions come from our catalogue
    world.north_public.competences = "Brennöfen"
    world.north_public.save()
    entry = (
        LogEntry.objects.get_for_object(world.north_public)
        .filter(action=LogEntry.Action.UPDATE)
        .first()
    )
    client = client_for(world.root)
    listing = client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    for german in ("Protokolleinträge", "Zeitpunkt", "Datensatz", "Vorgang", "geändert"):
        assert german in listing
    for english in ("log entries", "Timestamp", "Object representation", ">update<"):
        assert english not in listing
    page = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert "Nord Keramik GmbH geändert" in page.content.decode()


def test_our_catalogue_has_every_text_of_the_package_it_names() -> None:
    import inspect

    import auditlog.models
    from django.utils import translation
    from django.utils.translation import gettext

    from nahwerk.privacy.auditlog_messages import MESSAGES

    source = inspect.getsource(auditlog.models)
    with translation.override("de"):
        for message in MESSAGES:
            assert f'_("{message}")' in source, f"django-auditlog no longer says {message!r}"
            assert gettext(message) != message, f"no German for {message!r}"
