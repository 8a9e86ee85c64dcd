"""What each role finds on its start page, and that each section says when it is empty."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nahwerk.accounts import services as account_services
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.brokering import services
from nahwerk.brokering.models import Need, Posting
from nahwerk.brokering.tests.conftest import NEED_TITLE
from nahwerk.dashboard.tests.conftest import START, card, start_page
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.events import services as event_services
from nahwerk.events.models import Registration
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ASKER = "Nord Keramik GmbH"


def routed_to_ina(b: Any, posting: str = Posting.ANONYMOUS) -> Need:
    """carla's need, accepted by alice and routed to ina's institute only."""
    need = b.post(posting)
    services.accept_need(b.alice, need)
    services.route_need(b.alice, need, [b.institute.pk])
    need.refresh_from_db()
    return need


# --- Network manager ------------------------------------------------------------------------


def test_a_new_need_waits_in_the_managers_inbox_and_nowhere_else(brokering) -> None:
    brokering.post(Posting.NETWORK)
    inbox = card(start_page(brokering.alice), "inbox-nord")
    assert NEED_TITLE in inbox and ASKER in inbox and "Zum Eingang" in inbox
    assert "Keine neuen Bedarfe im Eingang." in card(start_page(brokering.bob), "inbox-sued")
    assert NEED_TITLE not in start_page(brokering.bob)


def test_a_need_without_an_answer_for_a_week_is_listed_as_silent(brokering) -> None:
    need = routed_to_ina(brokering)
    silent = card(start_page(brokering.alice), "silent-nord")
    assert "Kein offener Bedarf wartet seit mehr als 7 Tagen auf eine Antwort." in silent
    Need.objects.filter(pk=need.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
    silent = card(start_page(brokering.alice), "silent-nord")
    assert NEED_TITLE in silent and "an 1 Organisation weitergeleitet" in silent
    # the overview page lists the same need from the same rule
    overview = Client()
    overview.force_login(brokering.alice)
    assert NEED_TITLE in overview.get(reverse("brokering:overview")).content.decode()
    services.answer_referral(brokering.ina, need, "interested")
    assert NEED_TITLE not in card(start_page(brokering.alice), "silent-nord")


def test_new_answers_show_until_the_manager_opens_the_need(brokering) -> None:
    need = routed_to_ina(brokering)
    assert "Keine neuen Antworten oder Nachrichten." in card(
        start_page(brokering.alice), "activity-nord"
    )
    services.answer_referral(brokering.ina, need, "question", "Welche Temperatur?")
    activity = card(start_page(brokering.alice), "activity-nord")
    assert NEED_TITLE in activity and "2 ungelesene Antworten und Nachrichten" in activity
    client = Client()
    client.force_login(brokering.alice)
    client.get(need.get_absolute_url())
    assert NEED_TITLE not in card(start_page(brokering.alice), "activity-nord")


def test_upcoming_events_show_registrations_and_the_next_step_of_the_schedule(
    brokering, day
) -> None:
    for user in (brokering.carla, brokering.ina):
        event_services.register(user, day)
    events = card(start_page(brokering.alice), "events-nord")
    assert "Kooperationsbörse Nord" in events and "2 von 10 Plätzen belegt" in events
    assert "Zeitfenster und Tische noch nicht eingerichtet" in events
    assert "Kooperationsbörse Nord" not in start_page(brokering.bob)


def test_open_invitations_and_membership_applications_are_counted(brokering) -> None:
    members = card(start_page(brokering.alice), "members-nord")
    assert "Keine offenen Einladungen und keine Mitgliedsanträge." in members
    account_services.invite_contact(
        organisation=brokering.world.north_public,
        email="nina@nord.example",
        invited_by=brokering.alice,
    )
    invitation, _, _ = account_services.invite_contact(
        organisation=brokering.bakery, email="bert@baeckerei.example", invited_by=brokering.alice
    )
    invitation.expires_at = timezone.now() - dt.timedelta(days=1)
    invitation.save()
    MembershipFactory(
        organisation=OrganisationFactory(name="Neue Glashütte GmbH"),
        network=brokering.world.north,
        status=MembershipStatus.APPLIED,
    )
    members = card(start_page(brokering.alice), "members-nord")
    assert "1 Einladung noch nicht angenommen" in members
    assert "1 Einladung abgelaufen: erneut senden oder zurückziehen" in members
    assert "1 Mitgliedsantrag wartet auf Entscheidung" in members
    # decided on the network's association page, not in the admin
    assert 'href="/netzwerke/nord/verein/">1 Mitgliedsantrag' in start_page(brokering.alice)
    assert "Keine offenen Einladungen und keine Mitgliedsanträge." in card(
        start_page(brokering.bob), "members-sued"
    )


def test_the_site_administrator_sees_every_network_and_the_admin(brokering) -> None:
    brokering.post(Posting.NETWORK)
    html = start_page(brokering.root)
    assert reverse("admin:index") in html
    assert "Ihre Netzwerke auf einen Blick" in html
    assert NEED_TITLE in card(html, "inbox-nord")
    # South has nothing on: one line instead of five empty cards
    assert 'id="inbox-sued"' not in html
    assert "Nichts Offenes" in html and "Netzwerk Süd" in card(html, "quiet-heading")


def test_the_managers_page_does_not_query_per_need(brokering) -> None:
    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = Client()
        client.force_login(brokering.alice)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(START).status_code == 200
        return len(captured)

    services.answer_referral(brokering.ina, routed_to_ina(brokering), "interested")
    brokering.post(Posting.NETWORK)
    few = queries()
    for n in range(4):
        need = routed_to_ina(brokering)
        services.answer_referral(brokering.ina, need, "interested", f"Gern {n}")
        brokering.post(Posting.NETWORK, title=f"Noch ein Bedarf {n}")
    assert queries() == few


# --- Member of a company --------------------------------------------------------------------


def test_the_member_follows_its_needs_and_their_answers(brokering) -> None:
    html = start_page(brokering.carla)
    assert "Ihre Organisation hat keine offenen Bedarfe." in card(html, "own-heading")
    assert reverse("brokering:create") in html
    assert reverse("directory:edit", kwargs={"slug": "nord-keramik"}) in html
    need = routed_to_ina(brokering)
    services.answer_referral(brokering.ina, need, "question", "Welche Temperatur?")
    own = card(start_page(brokering.carla), "own-heading")
    assert NEED_TITLE in own and "Im Kontakt" in own
    assert "an 1 Organisation weitergeleitet · 1 Antwort · 1 Nachricht" in own
    assert "2 ungelesen" in own
    # a company sees no empty "routed to you" cards
    assert 'id="waiting-heading"' not in start_page(brokering.carla)


def test_the_member_sees_meeting_requests_waiting_for_its_answer(brokering, day) -> None:
    html = start_page(brokering.carla)
    assert "Keine Gesprächsanfrage wartet auf Ihre Antwort." in card(html, "requests-heading")
    assert "Sie sind für keine anstehende Veranstaltung angemeldet." in card(html, "events-heading")
    assert "Kooperationsbörse Nord" in card(html, "events-heading")  # to register for
    registrations = {u: event_services.register(u, day) for u in (brokering.carla, brokering.ina)}
    event_services.send_request(
        brokering.ina, day, recipient_id=registrations[brokering.carla].pk, message="", priority=2
    )
    html = start_page(brokering.carla)
    requests = card(html, "requests-heading")
    assert "Ina (Institut für Hochtemperaturkeramik)" in requests
    assert reverse("events:requests", kwargs={"slug": day.slug}) in html
    events = card(html, "events-heading")
    assert "Kooperationsbörse Nord" in events and "13. Januar 2030, 09:00" in events
    assert "Ihre Gespräche sind noch nicht eingeplant." in events
    assert "1 wartet auf Ihre Antwort" in events
    # the one who asked waits for carla, not for itself
    assert "Keine Gesprächsanfrage wartet" in card(start_page(brokering.ina), "requests-heading")


def test_a_published_agenda_is_linked_with_its_meetings(brokering, day) -> None:
    carla = event_services.register(brokering.carla, day)
    event_services.register(brokering.ina, day)
    request = event_services.send_request(
        brokering.ina, day, recipient_id=carla.pk, message="", priority=1
    )
    event_services.respond(brokering.carla, request, accept=True)
    event_services.set_up_slots(
        brokering.alice, day, start=day.starts_at, count=3, minutes=20, pause=5, tables=1
    )
    assert "Terminplan noch nicht berechnet" in card(start_page(brokering.alice), "events-nord")
    run = event_services.run_scheduler(brokering.alice, day, time_limit=5)
    assert "Terminplan berechnet, noch nicht veröffentlicht" in card(
        start_page(brokering.alice), "events-nord"
    )
    event_services.publish(brokering.alice, run)
    assert "Terminplan veröffentlicht" in card(start_page(brokering.alice), "events-nord")
    events = card(start_page(brokering.carla), "events-heading")
    assert "Mein Terminplan: 1 Gespräch" in events
    # a request accepted after publishing asks for a new run, which the worker then does
    event_services.register(brokering.otto, day)
    later = event_services.send_request(
        brokering.otto, day, recipient_id=carla.pk, message="", priority=1
    )
    event_services.respond(brokering.carla, later, accept=True)
    assert "Anfragen haben sich seit dem letzten Terminplan geändert" in card(
        start_page(brokering.alice), "events-nord"
    )
    event_services.request_schedule(brokering.alice, day)
    assert "Der Terminplan wird gerade berechnet" in card(
        start_page(brokering.alice), "events-nord"
    )


# --- Research institute --------------------------------------------------------------------


def test_the_institute_answers_what_was_routed_to_it_without_learning_the_asker(
    brokering,
) -> None:
    html = start_page(brokering.ina)
    assert "Kein an Sie weitergeleiteter Bedarf wartet auf eine Antwort." in card(
        html, "waiting-heading"
    )
    need = routed_to_ina(brokering)
    html = start_page(brokering.ina)
    waiting = card(html, "waiting-heading")
    assert NEED_TITLE in waiting and "die anfragende Organisation (anonym)" in waiting
    assert ASKER not in html
    services.answer_referral(brokering.ina, need, "interested", "Gern, wir melden uns.")
    html = start_page(brokering.ina)
    assert NEED_TITLE not in card(html, "waiting-heading")
    conversations = card(html, "conversations-heading")
    assert NEED_TITLE in conversations and "Ihre Antwort: Interessiert" in conversations
    assert "1 Nachricht" in conversations and ASKER not in html
    # once the asker reveals itself, it is named
    services.reveal_asker(brokering.carla, need)
    assert ASKER in card(start_page(brokering.ina), "conversations-heading")


def test_an_institute_the_need_was_not_routed_to_sees_nothing_of_it(brokering) -> None:
    routed_to_ina(brokering, Posting.NETWORK)
    html = start_page(brokering.otto)
    assert NEED_TITLE not in html
    assert "Kein an Sie weitergeleiteter Bedarf" in card(html, "waiting-heading")


# --- Everyone else, and the language -------------------------------------------------------


def test_a_user_without_organisation_or_network_is_told_what_to_do(db) -> None:
    html = start_page(UserFactory(username="neu"))
    assert "Ihr Zugang gehört noch zu keiner Organisation" in html


def test_english_words_dates_and_counts(brokering, day) -> None:
    event_services.register(brokering.carla, day)
    html = start_page(brokering.alice, language="en")
    assert "My overview" in html and "New needs in the inbox" in html
    assert "No new needs in the inbox." in card(html, "inbox-nord")
    events = card(html, "events-nord")
    assert "13 January 2030" in events and "1 registration of 10 places" in events
    html = start_page(brokering.carla, language="en")
    assert "13 January 2030, 09:00" in card(html, "events-heading")


def test_a_withdrawn_registration_leaves_the_members_events(brokering, day) -> None:
    event_services.register(brokering.carla, day)
    registration = Registration.objects.get(event=day, user=brokering.carla)
    event_services.cancel(brokering.carla, registration)
    events = card(start_page(brokering.carla), "events-heading")
    assert "Sie sind für keine anstehende Veranstaltung angemeldet." in events
