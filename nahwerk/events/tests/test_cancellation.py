"""Cancelling a registration withdraws the participant's meeting requests and tells the others."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from nahwerk.events import services
from nahwerk.events.choices import RegistrationStatus, RequestStatus
from nahwerk.events.models import MeetingRequest, Registration
from nahwerk.events.services import EventError
from nahwerk.events.tests.conftest import EventWorld


@pytest.fixture(autouse=True)
def _english() -> Any:
    # the messages are asserted in their English source form
    with translation.override("en"):
        yield


def url(name: str, events: EventWorld) -> str:
    return reverse(f"events:{name}", kwargs={"slug": events.day.slug})


def _pending(requester: Any, recipient: Registration, events: EventWorld) -> MeetingRequest:
    return services.send_request(requester, events.day, recipient_id=recipient.pk)


def _status(request: MeetingRequest) -> str:
    request.refresh_from_db()
    return request.status


@pytest.mark.parametrize("who_cancels", ["carla", "alice"])
def test_cancelling_withdraws_open_requests_in_both_directions_and_tells_the_others(
    events: EventWorld,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    who_cancels: str,
) -> None:
    regs = events.register_all()
    sent = _pending(events.carla, regs["dana"], events)
    received = events.accepted(events.emil, events.carla)
    declined = _pending(events.carla, regs["ina"], events)
    services.respond(events.ina, declined, accept=False)
    unrelated = _pending(events.dana, regs["emil"], events)
    mailoutbox.clear()

    # the one who cancels uses the English interface; the mails are German all the same
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.cancel(getattr(events, who_cancels), regs["carla"])

    assert _status(sent) == _status(received) == RequestStatus.WITHDRAWN
    assert _status(declined) == RequestStatus.DECLINED
    assert _status(unrelated) == RequestStatus.PENDING
    # the other side of each withdrawn request is told, and Carla when an organiser
    # cancelled for her; nobody else
    by_user = {m.to[0]: m for m in mailoutbox}
    told = [events.dana.email, events.emil.email]
    if who_cancels == "alice":
        told.append(events.carla.email)
        to_carla = by_user[events.carla.email]
        assert "Kooperationsbörse Keramik" in to_carla.subject
        assert "Veranstalter haben Ihre Anmeldung" in to_carla.body
        assert "Ihre 2 offenen Gesprächsanfragen wurden zurückgezogen" in to_carla.body
    assert sorted(m.to[0] for m in mailoutbox) == sorted(told)
    for email in (events.dana.email, events.emil.email):
        # subjects, like bodies, are in the platform language, whatever the actor's
        assert by_user[email].subject == "carla nimmt nicht mehr an Kooperationsbörse Keramik teil"
    # bodies are written in the platform language (German)
    assert "Die Gesprächsanfrage an Sie ist zurückgezogen" in by_user[events.dana.email].body
    assert "Ihr vereinbartes Gespräch entfällt" in by_user[events.emil.email].body
    # and the withdrawn requests leave the scheduler's input
    assert not services.schedulable_requests(events.day).exists()


def test_a_withdrawn_request_cannot_be_answered_any_more(events: EventWorld) -> None:
    regs = events.register_all()
    pending = _pending(events.carla, regs["dana"], events)
    accepted = events.accepted(events.carla, events.emil)
    services.cancel(events.carla, regs["carla"])
    for recipient, request in ((events.dana, pending), (events.emil, accepted)):
        for accept in (True, False):
            with pytest.raises(EventError, match="withdrawn"):
                services.respond(recipient, request, accept=accept)
        assert _status(request) == RequestStatus.WITHDRAWN


def test_a_request_answered_from_a_stale_page_after_the_cancellation_stays_withdrawn(
    events: EventWorld,
) -> None:
    regs = events.register_all()
    request = _pending(events.carla, regs["dana"], events)
    stale = MeetingRequest.objects.select_related("requester", "recipient").get(pk=request.pk)
    services.cancel(events.carla, regs["carla"])
    assert stale.status == RequestStatus.PENDING  # the copy a page read before
    with pytest.raises(EventError, match="withdrawn"):
        services.respond(events.dana, stale, accept=True)
    assert _status(request) == RequestStatus.WITHDRAWN


def test_old_requests_stay_withdrawn_after_registering_again(events: EventWorld) -> None:
    regs = events.register_all()
    old = events.accepted(events.carla, events.dana)
    services.cancel(events.carla, regs["carla"])
    services.register(events.carla, events.day)
    assert _status(old) == RequestStatus.WITHDRAWN
    assert not services.schedulable_requests(events.day).exists()
    # the pair may start afresh
    again = _pending(events.carla, regs["dana"], events)
    assert again.status == RequestStatus.PENDING and _status(old) == RequestStatus.WITHDRAWN


def test_cancelling_twice_is_refused_and_only_the_participant_or_an_organiser_cancels(
    events: EventWorld,
) -> None:
    regs = events.register_all()
    request = _pending(events.carla, regs["dana"], events)
    with pytest.raises(PermissionDenied):
        services.cancel(events.dana, regs["carla"])
    assert _status(request) == RequestStatus.PENDING
    services.cancel(events.carla, regs["carla"])
    with pytest.raises(EventError, match="already cancelled"):
        services.cancel(events.alice, regs["carla"])


def test_a_published_meeting_of_a_cancelled_participant_is_cancelled_for_the_other(
    events: EventWorld,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    as_user: Any,
) -> None:
    regs = events.published_day()
    meeting = services.published_meetings(events.day).get(request__recipient=regs["emil"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(events.emil, regs["emil"])

    [mail] = mailoutbox
    assert mail.to == [events.carla.email]
    start = timezone.localtime(meeting.slot.starts_at).strftime("%H:%M")
    assert f"Ihr Gespräch von {start} bis" in mail.body and meeting.table.name in mail.body
    assert "/agenda/" in mail.body
    # carla's agenda no longer lists it as a meeting, but shows it as cancelled
    assert [i.other.user.username for i in services.agenda(regs["carla"])] == ["dana"]
    assert [i.other.user.username for i in services.cancelled_meetings(regs["carla"])] == ["emil"]
    page = as_user(events.carla).get(url("agenda", events)).content.decode()
    table, cancelled = page.split('data-testid="cancelled-meetings"')
    assert "Dana Dreher" in table and "Emil Egger" not in table.split('data-testid="agenda"')[1]
    assert "Emil Egger" in cancelled
    # her calendar file keeps the meeting's UID and marks it cancelled, so calendar
    # programs that imported it drop it
    ics = as_user(events.carla).get(url("agenda_ics", events)).content
    status = {
        str(e["uid"]).split("-")[1]: (str(e["status"]), str(e["summary"]))
        for e in Calendar.from_ical(ics).walk("VEVENT")
    }
    assert status[str(meeting.request_id)][0] == "CANCELLED"
    assert "Emil Egger" in status[str(meeting.request_id)][1]
    assert sorted(s for s, _ in status.values()) == ["CANCELLED", "CONFIRMED"]
    # the organiser sees the freed place marked in the published grid
    grid = as_user(events.alice).get(url("schedule", events), follow=True).content.decode()
    assert "status-withdrawn" in grid

    # a re-run frees the place; publishing it mails nobody, since no live agenda changed
    mailoutbox.clear()
    run = services.run_scheduler(events.alice, events.day)
    assert meeting.request_id not in set(run.meetings.values_list("request", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        told = services.publish(events.alice, run)
    assert told == [] and mailoutbox == []
    assert services.cancelled_meetings(regs["carla"]) == []


def test_a_schedule_after_every_published_meeting_was_withdrawn_is_a_change(
    events: EventWorld, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    regs = events.published_day()
    services.cancel(events.dana, regs["dana"])
    services.cancel(events.emil, regs["emil"])
    assert services.agenda(regs["carla"]) == []
    events.accepted(events.carla, events.ina)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = services.publish(events.alice, services.run_scheduler(events.alice, events.day))
    assert {r.user.username for r in told} == {"carla", "ina"}
    # a schedule was published before: the agenda mail says it changed
    assert all("haben sich geändert" in m.subject for m in mailoutbox) and len(mailoutbox) == 2


def test_cancelling_on_the_page_shows_the_withdrawn_request_to_the_other_side(
    events: EventWorld, as_user: Any
) -> None:
    regs = events.register_all()
    request = _pending(events.carla, regs["dana"], events)
    as_user(events.carla).post(url("cancel", events))
    assert Registration.objects.get(pk=regs["carla"].pk).status == RegistrationStatus.CANCELLED
    dana = as_user(events.dana)
    page = dana.get(url("requests", events)).content.decode()
    item = page.split(f'data-request="{request.pk}"')[1].split("</li>")[0]
    assert "withdrawn" in item and 'value="accept"' not in item and 'value="decline"' not in item
    response = dana.post(url("requests", events), {"request": request.pk, "action": "decline"})
    assert response.status_code == 302 and _status(request) == RequestStatus.WITHDRAWN


def test_the_migration_withdraws_requests_of_earlier_cancellations(events: EventWorld) -> None:
    regs = events.register_all()
    stale = events.accepted(events.carla, events.dana)
    standing = events.accepted(events.emil, events.ina)
    # a registration cancelled before cancelling withdrew the requests
    Registration.objects.filter(pk=regs["carla"].pk).update(status=RegistrationStatus.CANCELLED)
    migration = importlib.import_module("nahwerk.events.migrations.0002_meeting_request_withdrawn")
    migration.withdraw_requests_of_cancelled_registrations(apps, None)
    assert _status(stale) == RequestStatus.WITHDRAWN
    assert _status(standing) == RequestStatus.ACCEPTED
