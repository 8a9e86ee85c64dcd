"""The demo events: an IMKK industry meeting and a B2B day the manager can schedule."""

from __future__ import annotations

from typing import Any

from nahwerk.accounts.models import User
from nahwerk.demo.events import B2B_SLUG, MEETING_SLUG
from nahwerk.demo.loading import DEMO_PASSWORD, load_demo
from nahwerk.demo.tests.test_load_demo import fast, importer_calls  # noqa: F401 (fixtures)
from nahwerk.events import services
from nahwerk.events.choices import RequestStatus
from nahwerk.events.models import Event, MeetingRequest, Registration


def test_the_b2b_day_is_ready_for_the_scheduler(
    db: Any,
    importer_calls: list[str],  # noqa: F811
    fast: None,  # noqa: F811
) -> None:
    report = load_demo(with_history=False)
    meeting = Event.objects.get(slug=MEETING_SLUG)
    assert meeting.published and meeting.programme.count() == 4 and meeting.has_member_discount
    day = Event.objects.get(slug=B2B_SLUG)
    assert day.matchmaking and day.slots.count() == 6 and day.tables.count() == 3
    assert day.registrations.confirmed().count() == 5
    assert MeetingRequest.objects.filter(event=day, status=RequestStatus.ACCEPTED).count() == 5
    # one request waits for the member login's answer (its start page shows it)
    waiting = MeetingRequest.objects.get(
        event=day, status=RequestStatus.PENDING, recipient__user__username="mitglied-imkk"
    )
    assert waiting.requester.user.username == "teilnehmer-kunststoff-imkk"
    participant = User.objects.get(username="teilnehmer-filter-imkk")
    assert participant.check_password(DEMO_PASSWORD) and participant.organisation is not None
    assert "teilnehmer-filter-imkk" in {login.username for login in report.logins}
    run = services.run_scheduler(User.objects.get(username="manager-imkk"), day, time_limit=5)
    assert run.meetings.count() == 5 and run.unplaced == []
    institute = Registration.objects.get(event=day, user__username="institut-imkk")
    first_slot = day.slots.get(index=0)
    assert not run.meetings.filter(slot=first_slot, request__recipient=institute).exists()


def test_every_participant_s_event_profile_is_filled_in(
    db: Any,
    importer_calls: list[str],  # noqa: F811
    fast: None,  # noqa: F811
) -> None:
    load_demo(with_history=False)
    day = Event.objects.get(slug=B2B_SLUG)
    for registration in day.registrations.confirmed().select_related("user"):
        assert registration.offers and registration.seeks, registration.user.username
    member = day.registrations.get(user__username="mitglied-imkk")
    assert "technischer Keramik" in member.offers + member.seeks
    # the wishes give nothing of the member's anonymous need away to the other participants
    assert "Hochtemperaturfilter" not in member.seeks and "Heißgas" not in member.seeks


def test_loading_the_events_twice_changes_nothing(
    db: Any,
    importer_calls: list[str],  # noqa: F811
    fast: None,  # noqa: F811
) -> None:
    load_demo(with_history=False)
    counts = (Event.objects.count(), Registration.objects.count(), MeetingRequest.objects.count())
    again = load_demo(with_history=False)
    assert (again.created, again.updated) == (0, 0)
    assert (
        Event.objects.count(),
        Registration.objects.count(),
        MeetingRequest.objects.count(),
    ) == counts


def test_the_demo_logins_land_on_what_the_readme_promises(
    db: Any,
    client: Any,
    importer_calls: list[str],  # noqa: F811
    fast: None,  # noqa: F811
) -> None:
    from django.urls import reverse

    from nahwerk.demo.needs import NEW_TITLE, ROUTED_TITLE

    load_demo(with_history=False)
    start = reverse("dashboard:start")

    def page(username: str) -> str:
        client.force_login(User.objects.get(username=username))
        return client.get(start).content.decode()

    manager = page("manager-imkk")
    assert NEW_TITLE in manager  # one need waits in the inbox
    assert "Kooperationsbörse Keramik, Metall und Kunststoff" in manager
    assert "5 von 40 Plätzen belegt" in manager and "Terminplan noch nicht berechnet" in manager
    member = page("mitglied-imkk")
    assert ROUTED_TITLE in member and "an 2 Organisationen weitergeleitet · 1 Antwort" in member
    assert "Sabine Klein" in member  # her meeting request waits for the member's answer
    institute = page("institut-imkk")
    assert ROUTED_TITLE in institute and "die anfragende Organisation (anonym)" in institute
    asker = User.objects.get(username="mitglied-imkk").organisation
    assert asker is not None and asker.name not in institute
