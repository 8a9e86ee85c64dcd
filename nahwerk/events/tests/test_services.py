"""Registration, waiting list, meeting requests, the scheduler and publishing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from nahwerk.events import services
from nahwerk.events.choices import RegistrationStatus, RequestStatus
from nahwerk.events.models import Meeting, MeetingRequest, Registration, ScheduleRun
from nahwerk.events.services import EventError, scheduling
from nahwerk.events.tests.conftest import EventWorld
from nahwerk.events.tests.factories import EventFactory
from nahwerk_engine.scheduling import Assignment, Schedule, check


@pytest.fixture(autouse=True)
def _english() -> Any:
    # the messages are asserted in their English source form
    with translation.override("en"):
        yield


# --- Registration ---------------------------------------------------------------------------


def test_members_pay_the_member_price_others_the_full_price(events: EventWorld) -> None:
    carla = services.register(events.carla, events.day)
    emil = services.register(events.emil, events.day)
    assert (carla.price_charged, carla.member_price_applied) == (Decimal("40.00"), True)
    assert (emil.price_charged, emil.member_price_applied) == (Decimal("80.00"), False)
    assert carla.status == emil.status == RegistrationStatus.CONFIRMED


def test_a_member_of_another_of_the_events_networks_pays_the_member_price(
    events: EventWorld,
) -> None:
    events.day.networks.add(events.world.south)
    assert services.register(events.sven, events.day).member_price_applied


def test_the_event_profile_is_prefilled_from_the_organisation(events: EventWorld) -> None:
    events.institute.offers = "Prüfstände für Hochtemperaturkeramik"
    events.institute.save()
    assert "Prüfstände" in services.register(events.ina, events.day).offers


def test_over_capacity_goes_to_the_waiting_list_and_moves_up(
    events: EventWorld, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    events.day.capacity = 2
    events.day.save()
    with django_capture_on_commit_callbacks(execute=True):
        carla = services.register(events.carla, events.day)
        services.register(events.dana, events.day)
        emil = services.register(events.emil, events.day)
        ina = services.register(events.ina, events.day)
    assert (emil.status, ina.status) == (RegistrationStatus.WAITLISTED,) * 2
    assert "Waiting list" in mailoutbox[-1].subject or "Warteliste" in mailoutbox[-1].subject
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(events.carla, carla)
    emil.refresh_from_db()
    ina.refresh_from_db()
    # the first on the list moves up and is told; the second keeps waiting
    assert emil.status == RegistrationStatus.CONFIRMED
    assert ina.status == RegistrationStatus.WAITLISTED
    assert [m.to for m in mailoutbox] == [[events.emil.email]]
    assert services.seats_left(events.day) == 0


def test_registration_closes_at_the_deadline(events: EventWorld) -> None:
    events.day.registration_deadline = timezone.now() - dt.timedelta(minutes=1)
    events.day.save()
    with pytest.raises(EventError, match="deadline"):
        services.register(events.carla, events.day)
    assert not Registration.objects.exists()


def test_one_needs_an_organisation_and_a_published_event(events: EventWorld) -> None:
    with pytest.raises(PermissionDenied):
        services.register(events.alice, events.day)
    hidden = EventFactory(organiser=events.world.north, published=False)
    with pytest.raises(EventError):
        services.register(events.carla, hidden)
    assert not Registration.objects.exists()


def test_registering_twice_is_refused_but_after_cancelling_allowed(events: EventWorld) -> None:
    first = services.register(events.carla, events.day)
    with pytest.raises(EventError, match="already registered"):
        services.register(events.carla, events.day)
    services.cancel(events.carla, first)
    assert services.register(events.carla, events.day).is_confirmed


def test_only_the_participant_or_an_organiser_cancels(events: EventWorld) -> None:
    registration = services.register(events.carla, events.day)
    with pytest.raises(PermissionDenied):
        services.cancel(events.dana, registration)
    with pytest.raises(PermissionDenied):
        services.cancel(events.bob, registration)
    services.cancel(events.alice, registration)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_check_in_is_for_organisers(events: EventWorld) -> None:
    registration = services.register(events.carla, events.day)
    with pytest.raises(PermissionDenied):
        services.check_in(events.carla, registration)
    services.check_in(events.alice, registration)
    assert registration.checked_in_at is not None


# --- Meeting requests -----------------------------------------------------------------------


def test_a_request_to_someone_not_registered_is_refused(events: EventWorld) -> None:
    services.register(events.carla, events.day)
    other_event = EventFactory(organiser=events.world.north, matchmaking=True)
    elsewhere = services.register(events.dana, other_event)
    with pytest.raises(EventError, match="not a confirmed participant"):
        services.send_request(events.carla, events.day, recipient_id=elsewhere.pk)
    with pytest.raises(EventError, match="not a confirmed participant"):
        services.send_request(events.carla, events.day, recipient_id=999999)
    assert not MeetingRequest.objects.exists()


def test_a_request_to_a_waitlisted_or_cancelled_participant_is_refused(
    events: EventWorld,
) -> None:
    events.day.capacity = 2
    events.day.save()
    services.register(events.carla, events.day)
    dana = services.register(events.dana, events.day)
    waiting = services.register(events.emil, events.day)
    assert waiting.status == RegistrationStatus.WAITLISTED
    with pytest.raises(EventError, match="not a confirmed participant"):
        services.send_request(events.carla, events.day, recipient_id=waiting.pk)
    services.cancel(events.dana, dana)
    with pytest.raises(EventError, match="not a confirmed participant"):
        services.send_request(events.carla, events.day, recipient_id=dana.pk)
    assert not MeetingRequest.objects.exists()


def test_a_request_to_oneself_or_a_second_one_is_refused(events: EventWorld) -> None:
    regs = events.register_all()
    with pytest.raises(EventError, match="yourself"):
        services.send_request(events.carla, events.day, recipient_id=regs["carla"].pk)
    services.send_request(events.carla, events.day, recipient_id=regs["dana"].pk)
    with pytest.raises(EventError, match="already"):
        services.send_request(events.carla, events.day, recipient_id=regs["dana"].pk)
    with pytest.raises(EventError, match="already"):
        services.send_request(events.dana, events.day, recipient_id=regs["carla"].pk)
    assert MeetingRequest.objects.count() == 1


def test_waitlisted_people_and_outsiders_cannot_request(events: EventWorld) -> None:
    regs = events.register_all()
    with pytest.raises(PermissionDenied):
        services.send_request(events.sven, events.day, recipient_id=regs["carla"].pk)
    with pytest.raises(PermissionDenied):
        services.send_request(events.alice, events.day, recipient_id=regs["carla"].pk)


def test_only_the_recipient_answers(
    events: EventWorld, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    regs = events.register_all()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.send_request(
            events.carla, events.day, recipient_id=regs["dana"].pk, message="Filter?", priority=3
        )
    assert mailoutbox[-1].to == [events.dana.email] and "Filter?" in mailoutbox[-1].body
    for stranger in (events.carla, events.emil, events.alice):
        with pytest.raises(PermissionDenied):
            services.respond(stranger, request, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.respond(events.dana, request, accept=False)
    assert request.status == RequestStatus.DECLINED and request.responded_at
    assert mailoutbox[-1].to == [events.carla.email]
    with pytest.raises(EventError):
        services.respond(events.dana, request, accept=True)
    # declined: the pair may try again
    again = services.send_request(events.carla, events.day, recipient_id=regs["dana"].pk)
    assert again.status == RequestStatus.PENDING


def test_requests_need_matchmaking(events: EventWorld) -> None:
    meeting = EventFactory(organiser=events.world.north)
    services.register(events.carla, meeting)
    dana = services.register(events.dana, meeting)
    with pytest.raises(EventError, match="matchmaking"):
        services.send_request(events.carla, meeting, recipient_id=dana.pk)


# --- Slots, tables, scheduler ---------------------------------------------------------------


def _assert_schedule_holds(run: ScheduleRun) -> list[Meeting]:
    """The rules, checked on the stored meetings."""
    meetings = list(run.meetings.select_related("request", "slot", "table"))
    per_person_slot = set()
    per_table_slot = set()
    for m in meetings:
        assert m.request.status == RequestStatus.ACCEPTED
        for person in (m.request.requester, m.request.recipient):
            assert (person.pk, m.slot_id) not in per_person_slot, "two meetings in one slot"
            per_person_slot.add((person.pk, m.slot_id))
            assert not person.unavailable_slots.filter(pk=m.slot_id).exists(), "unavailable"
        assert (m.table_id, m.slot_id) not in per_table_slot, "two meetings at one table"
        per_table_slot.add((m.table_id, m.slot_id))
    return meetings


def test_slots_and_tables_are_generated(events: EventWorld) -> None:
    events.set_up(slots=6, tables=3)
    slots = list(events.day.slots.order_by("index"))
    assert [s.index for s in slots] == list(range(6))
    assert slots[1].starts_at - slots[0].starts_at == dt.timedelta(minutes=25)
    assert slots[0].ends_at - slots[0].starts_at == dt.timedelta(minutes=20)
    assert events.day.tables.get(index=0).name.endswith(" 1")
    with pytest.raises(PermissionDenied):
        services.set_up_slots(
            events.bob, events.day, start=timezone.now(), count=2, minutes=20, tables=1
        )


def test_the_scheduler_places_all_accepted_meetings_within_the_rules(
    events: EventWorld,
) -> None:
    regs = events.register_all()
    events.set_up(slots=6, tables=3)
    first_slots = list(events.day.slots.order_by("index")[:3])
    services.set_availability(events.carla, regs["carla"], [s.pk for s in first_slots])
    pairs = [
        (events.carla, events.dana, 3),
        (events.carla, events.emil, 2),
        (events.carla, events.ina, 1),
        (events.dana, events.emil, 1),
        (events.dana, events.ina, 2),
        (events.emil, events.ina, 1),
    ]
    for a, b, priority in pairs:
        events.accepted(a, b, priority)
    run = services.run_scheduler(events.alice, events.day)
    data = services.build_instance(events.day)
    schedule = Schedule(
        assignments=tuple(
            Assignment(m.request_id, m.slot.index, m.table.index) for m in run.meetings.all()
        ),
        unplaced=tuple(),
        value=run.value,
        upper_bound=run.upper_bound,
        gap=run.gap,
        idle_gaps=run.idle_gaps,
        method=run.method,
        optimal=run.optimal,
        seconds=run.seconds,
    )
    assert check(data.instance, schedule) == []
    meetings = _assert_schedule_holds(run)
    assert len(meetings) == 6 and run.unplaced == []
    assert run.value == 10 == run.upper_bound and run.gap == 0
    carla_slots = {m.slot.index for m in meetings if regs["carla"].pk in _people(m)}
    assert carla_slots <= {3, 4, 5}


def _people(meeting: Meeting) -> set[int]:
    return {meeting.request.requester_id, meeting.request.recipient_id}


def test_more_meetings_than_places_are_explained(events: EventWorld) -> None:
    events.register_all()
    events.set_up(slots=1, tables=1)
    events.accepted(events.carla, events.dana, 3)
    events.accepted(events.emil, events.ina, 1)
    assert "2 meetings are accepted but there are only 1 places" in services.capacity_warning(
        events.day
    )
    run = services.run_scheduler(events.alice, events.day)
    assert run.meetings.count() == 1
    assert run.meetings.get().request.priority == 3  # the more valuable one is placed
    [entry] = run.unplaced
    assert entry["reason"] == "capacity"
    [explanation] = services.explain_unplaced(run)
    assert "Emil Egger (Emils Werkzeugbau GmbH)" in explanation.message
    assert "Ina Igel (Institut für Glas und Keramik)" in explanation.message
    assert "1 slots \u00d7 1 tables" in explanation.message


def test_an_unavailable_participant_is_named(events: EventWorld) -> None:
    regs = events.register_all()
    events.set_up(slots=2, tables=1)
    services.set_availability(
        events.emil, regs["emil"], list(events.day.slots.values_list("pk", flat=True))
    )
    events.accepted(events.carla, events.emil)
    run = services.run_scheduler(events.alice, events.day)
    [explanation] = services.explain_unplaced(run)
    assert explanation.reason == "participant_unavailable"
    assert "Emil Egger (Emils Werkzeugbau GmbH) cannot attend any of the slots" in (
        explanation.message
    )


def test_the_scheduler_is_for_organisers_and_needs_slots(events: EventWorld) -> None:
    with pytest.raises(PermissionDenied):
        services.run_scheduler(events.carla, events.day)
    with pytest.raises(EventError, match="slots and tables"):
        services.run_scheduler(events.alice, events.day)


def test_a_failing_solver_falls_back_to_greedy(
    events: EventWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    events.register_all()
    events.set_up(slots=2, tables=1)
    events.accepted(events.carla, events.dana)

    def broken(*args: Any, **kwargs: Any) -> Schedule:
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(scheduling, "solve", broken)
    run = services.run_scheduler(events.alice, events.day)
    assert "greedy" in run.method and run.meetings.count() == 1


def test_rerunning_keeps_published_meetings_and_mails_only_the_affected(
    events: EventWorld, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    events.register_all()
    events.set_up(slots=6, tables=3)
    events.accepted(events.carla, events.dana)
    events.accepted(events.emil, events.ina)
    first = services.run_scheduler(events.alice, events.day)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = services.publish(events.alice, first)
    assert {r.user.username for r in told} == {"carla", "dana", "emil", "ina"}
    assert len(mailoutbox) == 4 and "/agenda/" in mailoutbox[0].body
    placed = {m.request_id: (m.slot_id, m.table_id) for m in first.meetings.all()}

    # a late change: carla and emil want to meet as well; the published two stay put
    late = events.accepted(events.carla, events.emil, 3)
    second = services.run_scheduler(events.alice, events.day)
    again = {m.request_id: (m.slot_id, m.table_id) for m in second.meetings.all()}
    assert {k: again[k] for k in placed} == placed
    assert late.pk in again
    _assert_schedule_holds(second)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = services.publish(events.alice, second)
    assert {r.user.username for r in told} == {"carla", "emil"}
    assert sorted(m.to[0] for m in mailoutbox) == [events.carla.email, events.emil.email]
    assert "changed" in mailoutbox[0].subject or "geändert" in mailoutbox[0].subject
    # only the latest published run's meetings count as published
    assert set(Meeting.objects.filter(published=True).values_list("run", flat=True)) == {second.pk}


def test_an_older_run_cannot_be_published(events: EventWorld) -> None:
    events.register_all()
    events.set_up(slots=2, tables=1)
    events.accepted(events.carla, events.dana)
    old = services.run_scheduler(events.alice, events.day)
    services.run_scheduler(events.alice, events.day)
    with pytest.raises(EventError, match="newer"):
        services.publish(events.alice, old)
    with pytest.raises(PermissionDenied):
        services.publish(events.carla, old)


def test_slots_stay_once_published(events: EventWorld) -> None:
    events.register_all()
    events.set_up(slots=2, tables=1)
    events.accepted(events.carla, events.dana)
    services.publish(events.alice, services.run_scheduler(events.alice, events.day))
    with pytest.raises(EventError, match="published"):
        events.set_up(slots=3, tables=1)
    events.set_up(slots=2, tables=2)  # adding a table is fine
    assert events.day.tables.count() == 2


def test_the_agenda_lists_published_meetings_in_time_order(events: EventWorld) -> None:
    regs = events.register_all()
    events.set_up(slots=6, tables=3)
    events.accepted(events.carla, events.dana)
    events.accepted(events.carla, events.emil)
    run = services.run_scheduler(events.alice, events.day)
    assert services.agenda(regs["carla"]) == []  # not published yet
    services.publish(events.alice, run)
    items = services.agenda(regs["carla"])
    assert {i.other.user.username for i in items} == {"dana", "emil"}
    assert items[0].starts_at < items[1].starts_at
    assert services.agenda(regs["ina"]) == []
    # a cancelled partner's meeting disappears from the agenda
    services.cancel(events.emil, regs["emil"])
    assert [i.other.user.username for i in services.agenda(regs["carla"])] == ["dana"]


def test_unplaced_reasons_are_all_explained(events: EventWorld) -> None:
    events.register_all()
    events.set_up(slots=1, tables=1)
    request = events.accepted(events.carla, events.dana)
    run = ScheduleRun.objects.create(
        event=events.day,
        method="test",
        value=0,
        upper_bound=1,
        gap=1.0,
        seconds=0,
        requests=1,
        slot_count=1,
        table_count=1,
        unplaced=[
            {"request": request.pk, "reason": reason, "detail": ""}
            for reason in (
                "participant_unavailable",
                "no_common_slot",
                "participant_full",
                "capacity",
                "published_conflict",
            )
        ],
    )
    messages = [e.message for e in services.explain_unplaced(run)]
    assert len(set(messages)) == 5
    assert all("carla (Nord Keramik GmbH)" in m for m in messages)


def test_the_prefilled_event_profile_never_names_an_anonymous_need(events: EventWorld) -> None:
    """Other participants read the event profile: it must not tie an anonymous, unpublished
    or network-only need to the organisation."""
    from nahwerk.brokering import services as brokering_services
    from nahwerk.brokering.models import Posting

    def post(title: str, posting: str) -> Any:
        need = brokering_services.post_need(
            events.carla,
            events.world.north.pk,
            brokering_services.NeedInput(title=title, description="Beschreibung", posting=posting),
        )
        return need

    brokering_services.accept_need(events.alice, post("Geheimer Ofenbedarf", Posting.ANONYMOUS))
    brokering_services.accept_need(events.alice, post("Nur für Mitglieder", Posting.NETWORK))
    post("Noch nicht angenommen", Posting.OPEN)
    brokering_services.accept_need(events.alice, post("Offener Bedarf", Posting.OPEN))
    seeks = services.register(events.carla, events.day).seeks
    assert "Geheimer Ofenbedarf" not in seeks
    assert "Nur für Mitglieder" not in seeks
    assert "Noch nicht angenommen" not in seeks
    assert "Offener Bedarf" in seeks


def test_the_prefilled_event_profile_takes_only_public_profile_texts(
    events: EventWorld,
) -> None:
    from nahwerk.directory.choices import Visibility

    events.institute.offers = "Geheime Prüfstände"
    events.institute.offers_visibility = Visibility.MEMBERS
    events.institute.competences = "Öffentliche Kompetenz"
    events.institute.save()
    assert services.register(events.ina, events.day).offers == "Öffentliche Kompetenz"
    # a record visible to members only has no public profile text at all
    events.world.north_private.offers = "Nur für Mitglieder"
    events.world.north_private.save()
    assert services.register(events.dana, events.day).offers == ""
