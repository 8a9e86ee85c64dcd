"""Two identical meeting requests at the same instant: one is stored, the other gets a message."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from nahwerk.events import services
from nahwerk.events.models import MeetingRequest, Registration
from nahwerk.events.services import EventError, meeting_requests
from nahwerk.events.tests.conftest import EventWorld


@pytest.fixture(autouse=True)
def _english() -> Any:
    # the messages are asserted in their English source form
    with translation.override("en"):
        yield


def race(
    monkeypatch: pytest.MonkeyPatch, requester: Registration, recipient: Registration
) -> list[MeetingRequest]:
    """The same request from a second tab is stored right after this one's duplicate check.

    That is the moment two transactions without a common lock would meet at the unique
    constraint: both checks found nothing, the other insert committed first.
    """
    exists = QuerySet.exists
    raced: list[MeetingRequest] = []

    def checked_then_raced(queryset: QuerySet[Any]) -> bool:
        found = exists(queryset)
        if queryset.model is MeetingRequest and not raced:
            raced.append(
                MeetingRequest.objects.create(
                    event=requester.event, requester=requester, recipient=recipient
                )
            )
        return found

    monkeypatch.setattr(QuerySet, "exists", checked_then_raced)
    return raced


def test_a_racing_duplicate_is_refused_with_the_duplicate_message(
    events: EventWorld,
    monkeypatch: pytest.MonkeyPatch,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    regs = events.register_all()
    raced = race(monkeypatch, regs["carla"], regs["dana"])
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(EventError, match="already a meeting request between you and Dana Dreher"),
    ):
        services.send_request(
            events.carla, events.day, recipient_id=regs["dana"].pk, message="Treffen?"
        )
    assert raced, "the race was not simulated"
    # the refused request stores nothing and tells nobody (the other one mails for itself);
    # here the raced row shares the test's transaction, so it is rolled back with it
    assert not MeetingRequest.objects.filter(message="Treffen?").exists()
    assert mailoutbox == []


def test_a_racing_duplicate_on_the_page_is_a_message_not_an_error_page(
    events: EventWorld, monkeypatch: pytest.MonkeyPatch, as_user: Any
) -> None:
    regs = events.register_all()
    carla = as_user(events.carla)
    raced = race(monkeypatch, regs["carla"], regs["dana"])
    response = carla.post(
        reverse("events:matchmaking", kwargs={"slug": events.day.slug}),
        {"recipient": regs["dana"].pk, "message": "Treffen?", "priority": "2"},
    )
    assert raced and response.status_code == 400
    page = response.content.decode()
    assert (
        "There is already a meeting request between you and Dana Dreher." in page
        or "Es gibt bereits eine Gesprächsanfrage zwischen Ihnen und Dana Dreher." in page
    )
    assert not MeetingRequest.objects.filter(message="Treffen?").exists()


def test_the_recipient_cancelling_meanwhile_is_seen_under_the_lock(
    events: EventWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recipient was confirmed when the request was read and cancels before it is stored."""
    regs = events.register_all()
    check_message = meeting_requests.reject_markup  # runs after the recipient was read

    def cancelled_meanwhile(message: str) -> None:
        check_message(message)
        services.cancel(events.dana, regs["dana"])

    monkeypatch.setattr(meeting_requests, "reject_markup", cancelled_meanwhile)
    with pytest.raises(EventError, match="not a confirmed participant"):
        services.send_request(events.carla, events.day, recipient_id=regs["dana"].pk)
    assert not MeetingRequest.objects.exists()


def test_one_participant_cannot_flood_the_event_with_requests(
    events: EventWorld, settings: Any
) -> None:
    settings.EVENT_MAX_OPEN_REQUESTS = 2
    regs = events.register_all()
    services.send_request(events.carla, events.day, recipient_id=regs["dana"].pk)
    services.send_request(events.carla, events.day, recipient_id=regs["emil"].pk)
    with pytest.raises(EventError, match="You have 2 open meeting requests at this event"):
        services.send_request(events.carla, events.day, recipient_id=regs["ina"].pk)
    assert MeetingRequest.objects.filter(requester=regs["carla"]).count() == 2
    # a declined request no longer counts; others may still ask
    declined = MeetingRequest.objects.get(recipient=regs["dana"])
    services.respond(events.dana, declined, accept=False)
    services.send_request(events.carla, events.day, recipient_id=regs["ina"].pk)
    services.send_request(events.dana, events.day, recipient_id=regs["ina"].pk)
