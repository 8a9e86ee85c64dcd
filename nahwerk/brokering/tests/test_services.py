"""The brokering loop through its services: rules, anonymity, timeline, notifications."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nahwerk.brokering import services
from nahwerk.brokering.access import NeedAccess, visible_needs
from nahwerk.brokering.models import (
    EventKind,
    Message,
    Need,
    NeedStatus,
    Notification,
    Posting,
    Referral,
    ReferralResponse,
)
from nahwerk.brokering.services import BrokeringError

pytestmark = pytest.mark.django_db


def test_posting_tells_the_network_managers_only(
    brokering, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        need = brokering.post()
    assert need.status == NeedStatus.NEW
    assert [e.kind for e in need.events.all()] == [EventKind.POSTED]
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"alice"}
    assert [m.to for m in mailoutbox] == [[brokering.alice.email]]
    assert need.get_absolute_url() in mailoutbox[0].body


def test_only_members_of_the_network_may_post(brokering) -> None:
    data = services.NeedInput(title="x", description="y")
    with pytest.raises(BrokeringError):
        services.post_need(brokering.carla, brokering.world.south.pk, data)
    with pytest.raises(PermissionDenied):
        services.post_need(brokering.alice, brokering.world.north.pk, data)
    assert not Need.objects.exists()


def test_an_anonymous_need_is_seen_by_the_manager_and_the_asker_only(brokering) -> None:
    need = brokering.post()
    for user in (brokering.alice, brokering.carla, brokering.root):
        assert visible_needs(user).filter(pk=need.pk).exists(), user
    for user in (brokering.bob, brokering.ina, brokering.sven):
        assert not visible_needs(user).filter(pk=need.pk).exists(), user
    services.accept_need(brokering.alice, need)
    # accepted, but anonymous: still not published to the network
    assert not visible_needs(brokering.ina).filter(pk=need.pk).exists()


def test_routing_shows_the_need_to_the_routed_without_naming_the_asker(brokering) -> None:
    need = brokering.routed()
    assert need.status == NeedStatus.ROUTED
    access = NeedAccess.of(need, brokering.ina)
    assert visible_needs(brokering.ina).filter(pk=need.pk).exists()
    assert not access.sees_asker and not access.sees_matches
    assert "Nord Keramik" not in services.asker_label(need, access)
    # ina sees her own thread only, and only her own routing step
    assert list(access.threads()) == [
        Referral.objects.get(need=need, organisation=brokering.institute)
    ]
    routed = [e for e in services.visible_events(need, access) if e.kind == EventKind.ROUTED]
    assert [e.organisation for e in routed] == [brokering.institute]
    for event in services.visible_events(need, access):
        assert "Nord Keramik" not in services.describe_event(event, access)
    # the bakery of the same network is not routed to and does not see it
    assert not visible_needs(brokering.bob).filter(pk=need.pk).exists()


def test_routing_to_an_organisation_of_another_network_changes_nothing(brokering) -> None:
    need = brokering.post()
    with pytest.raises(BrokeringError) as error:
        services.route_need(
            brokering.alice, need, [brokering.institute.pk, brokering.south_institute.pk]
        )
    assert "Süd Institut für Filtertechnik" in str(error.value)
    assert not Referral.objects.exists()
    need.refresh_from_db()
    assert need.status == NeedStatus.NEW
    assert need.events.count() == 1


def test_only_the_network_manager_routes(brokering) -> None:
    need = brokering.post()
    for user in (brokering.bob, brokering.carla, brokering.ina):
        with pytest.raises(PermissionDenied):
            services.route_need(user, need, [brokering.institute.pk])
    assert not Referral.objects.exists()


def test_the_whole_loop_keeps_a_timeline(brokering) -> None:
    need = brokering.routed()
    services.answer_referral(brokering.ina, need, ReferralResponse.INTERESTED, "Welche Temperatur?")
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_CONTACT and need.first_answer_at is not None
    referral = Referral.objects.get(need=need, organisation=brokering.institute)
    services.reveal_asker(brokering.carla, need)
    services.write_message(brokering.carla, need, referral, "Bis 900 °C.")
    services.set_outcome(brokering.alice, need, NeedStatus.COOPERATION)
    need.refresh_from_db()
    assert need.status == NeedStatus.COOPERATION
    kinds = list(need.events.values_list("kind", "actor__username"))
    assert kinds == [
        (EventKind.POSTED, "carla"),
        (EventKind.ACCEPTED, "alice"),
        (EventKind.ROUTED, "alice"),
        (EventKind.ROUTED, "alice"),
        (EventKind.ANSWERED, "ina"),
        (EventKind.MESSAGE, "ina"),
        (EventKind.REVEALED, "carla"),
        (EventKind.MESSAGE, "carla"),
        (EventKind.STATUS, "alice"),
    ]
    access = NeedAccess.of(need, brokering.ina)
    assert access.sees_asker
    assert [m.from_asker for m in Message.objects.order_by("pk")] == [False, True]


def test_a_question_needs_its_text_and_answers_need_a_referral(brokering) -> None:
    need = brokering.routed()
    with pytest.raises(BrokeringError):
        services.answer_referral(brokering.ina, need, ReferralResponse.QUESTION, "")
    with pytest.raises(PermissionDenied):
        services.answer_referral(brokering.carla, need, ReferralResponse.INTERESTED)
    assert not Referral.objects.exclude(response=ReferralResponse.PENDING).exists()


def test_markup_and_huge_texts_are_refused(brokering) -> None:
    with pytest.raises(ValidationError) as error:
        brokering.post(title="<script>alert(1)</script>")
    assert "HTML" in str(error.value)
    with pytest.raises(ValidationError) as error:
        brokering.post(description="x" * 1_000_000)
    assert (
        "10000" in str(error.value) or "10.000" in str(error.value) or "10,000" in str(error.value)
    )
    assert not Need.objects.exists()
    need = brokering.routed()
    referral = need.referrals.first()
    with pytest.raises(ValidationError):
        services.write_message(brokering.ina, need, referral, "<img src=x onerror=alert(1)>")
    assert not Message.objects.exists()


def test_rejecting_needs_a_reason_and_is_final(brokering) -> None:
    need = brokering.post(Posting.OPEN)
    with pytest.raises(BrokeringError):
        services.reject_need(brokering.alice, need, "  ")
    services.reject_need(brokering.alice, need, "Kein Bezug zur Region")
    need.refresh_from_db()
    assert need.status == NeedStatus.REJECTED and need.status_reason == "Kein Bezug zur Region"
    assert not NeedAccess.of(need, brokering.alice).can_route
    assert not visible_needs(brokering.ina).filter(pk=need.pk).exists()


def test_suggested_routing_proposes_the_ceramics_institutes_of_the_network(brokering) -> None:
    need = brokering.post()
    suggested = [m.organisation for m in services.suggested_routing(need, brokering.alice)]
    assert set(suggested[:2]) == {brokering.institute, brokering.second_institute}
    assert brokering.south_institute not in suggested
    assert brokering.world.north_public not in suggested  # the asker itself


def test_only_the_asker_gives_up_its_anonymity(brokering) -> None:
    need = brokering.routed()
    with pytest.raises(BrokeringError):
        services.edit_need(brokering.alice, need, {"posting": Posting.NETWORK})
    need.refresh_from_db()
    assert need.is_anonymous


def test_a_refused_routing_names_only_organisations_the_manager_may_see(brokering) -> None:
    need = brokering.post()
    hidden = brokering.world.south_private  # managers-only, in South: alice may not see it
    with pytest.raises(BrokeringError) as error:
        services.route_need(brokering.alice, need, [hidden.pk])
    assert hidden.name not in str(error.value)
    assert f"#{hidden.pk}" in str(error.value)


def test_a_step_on_a_need_that_changed_meanwhile_is_refused(brokering) -> None:
    """Two managers triage the same new need at once: the page of the second one still
    shows it as new. Its step must be checked against the stored need, not its copy."""
    need = brokering.post(Posting.OPEN)
    stale = Need.objects.get(pk=need.pk)
    services.reject_need(brokering.alice, need, "Kein Bezug zur Region")
    with pytest.raises(PermissionDenied):
        services.accept_need(brokering.alice, stale)
    with pytest.raises(PermissionDenied):
        services.reject_need(brokering.alice, stale, "Doppelt")
    need.refresh_from_db()
    assert need.status == NeedStatus.REJECTED and need.status_reason == "Kein Bezug zur Region"
    assert [e.kind for e in need.events.all()] == [EventKind.POSTED, EventKind.REJECTED]


def test_closing_a_need_that_was_closed_meanwhile_is_refused(brokering) -> None:
    need = brokering.routed()
    stale = Need.objects.get(pk=need.pk)
    services.set_outcome(brokering.carla, need, NeedStatus.CLOSED, "Partner gefunden")
    with pytest.raises(PermissionDenied):
        services.set_outcome(brokering.alice, stale, NeedStatus.COOPERATION)
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED


def test_answering_a_need_that_was_closed_meanwhile_is_refused(brokering) -> None:
    need = brokering.routed()
    stale = Need.objects.get(pk=need.pk)
    services.set_outcome(brokering.carla, need, NeedStatus.CLOSED, "Partner gefunden")
    with pytest.raises(PermissionDenied):
        services.answer_referral(brokering.ina, stale, ReferralResponse.INTERESTED)
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED and need.first_answer_at is None


def test_former_members_and_applicants_are_not_routed_to(brokering) -> None:
    from nahwerk.networks.choices import MembershipStatus

    need = brokering.post()
    brokering.second_institute.memberships.update(status=MembershipStatus.ENDED)
    routable = set(services.routable_organisations(need))
    assert brokering.institute in routable
    assert brokering.second_institute not in routable
    with pytest.raises(BrokeringError):
        services.route_need(brokering.alice, need, [brokering.second_institute.pk])


def test_routing_twice_to_the_same_organisation_is_refused(brokering) -> None:
    need = brokering.routed()
    with pytest.raises(BrokeringError) as error:
        services.route_need(brokering.alice, need, [brokering.institute.pk])
    assert "Institut für Hochtemperaturkeramik" in str(error.value)
    assert need.referrals.count() == 2


def test_a_failing_mail_server_keeps_the_step_and_its_notification(
    brokering, settings, django_capture_on_commit_callbacks, caplog
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        need = brokering.post()
    assert need.events.count() == 1
    assert Notification.objects.filter(user=brokering.alice).exists()
    assert "Could not send 1 mails" in caplog.text
