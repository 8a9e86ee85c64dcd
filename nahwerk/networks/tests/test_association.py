"""The association: applying, deciding, fee categories, dues, offices, member lists, leaving.

Personas from the shared world: alice manages North, bob manages South, carla works for
the North member Nord Keramik; sven here works for the South company Süd Metall, which
applies to North.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nahwerk.accounts.permissions import member_network_ids, visible_organisations
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.directory.choices import Visibility
from nahwerk.directory.tests.factories import PersonFactory
from nahwerk.events.services.registration import price_for
from nahwerk.events.tests.factories import EventFactory
from nahwerk.networks import association
from nahwerk.networks.choices import DuesStatus, MembershipStatus, RoleKind
from nahwerk.networks.models import Dues, DuesCategory, Membership, NetworkRole

pytestmark = pytest.mark.django_db

TZ = timezone.get_fixed_timezone(60)


def local(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


@pytest.fixture
def sven(world: Any) -> Any:
    return UserFactory(username="sven", organisation=world.south_public, email="sven@sued.example")


@pytest.fixture
def sme_rate(world: Any) -> DuesCategory:
    return association.save_fee_category(
        manager=world.alice,
        network=world.north,
        name="KMU bis 50 Beschäftigte",
        yearly_amount="250",
    )


def applied(world: Any, sven: Any) -> Membership:
    return association.apply_for_membership(
        user=sven, network=world.north, note="Wir gießen Metall."
    )


# --- Applying and deciding -----------------------------------------------------------------


def test_an_organisation_applies_and_the_managers_are_told(
    world, sven, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    world.alice.email = "alice@nord.example"
    world.alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        membership = applied(world, sven)
    assert membership.status == MembershipStatus.APPLIED
    assert membership.applied_by == sven
    assert [m.to for m in mailoutbox] == [["alice@nord.example"]]
    assert "Süd Metall GmbH" in mailoutbox[0].subject
    # an application is no membership yet
    assert world.north.pk not in member_network_ids(sven)


def test_applying_twice_is_refused_and_changes_nothing(world, sven) -> None:
    first = applied(world, sven)
    with pytest.raises(ValidationError) as error:
        association.apply_for_membership(user=sven, network=world.north, note="Nochmal")
    assert "status" in error.value.message_dict
    first.refresh_from_db()
    assert first.application_note == "Wir gießen Metall."
    with pytest.raises(ValidationError):  # carla's company is a member already
        association.apply_for_membership(user=world.carla, network=world.north)


def test_a_user_without_organisation_cannot_apply(world) -> None:
    with pytest.raises(PermissionDenied):
        association.apply_for_membership(user=world.alice, network=world.north)


def test_approval_gives_the_organisations_users_member_access_and_creates_the_dues(
    world, sven, sme_rate, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    colleague = UserFactory(organisation=world.south_public, email="kim@sued.example")
    membership = applied(world, sven)
    assert world.north_private not in visible_organisations(sven)  # members-only in North
    with time_machine.travel(local(2026, 3, 15), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            association.approve_application(
                manager=world.alice, membership=membership, category=sme_rate
            )
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.ACTIVE
        assert membership.since == dt.date(2026, 3, 15)
    dues = Dues.objects.get(membership=membership)
    assert (dues.year, dues.amount, dues.status) == (2026, Decimal("250.00"), DuesStatus.OPEN)
    assert sorted(m.to[0] for m in mailoutbox) == ["kim@sued.example", "sven@sued.example"]
    fresh = type(sven).objects.get(pk=sven.pk)
    assert world.north.pk in member_network_ids(fresh)
    assert world.north_private in visible_organisations(fresh)
    assert world.north_private in visible_organisations(
        type(colleague).objects.get(pk=colleague.pk)
    )


def test_only_the_networks_managers_decide(world, sven, sme_rate) -> None:
    membership = applied(world, sven)
    for outsider in (world.bob, world.carla, sven):
        with pytest.raises(PermissionDenied):
            association.approve_application(manager=outsider, membership=membership, category=None)
        with pytest.raises(PermissionDenied):
            association.decline_application(manager=outsider, membership=membership, reason="Nein")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_without_a_reason_is_refused_and_changes_nothing(world, sven, reason) -> None:
    membership = applied(world, sven)
    with pytest.raises(ValidationError) as error:
        association.decline_application(manager=world.alice, membership=membership, reason=reason)
    assert list(error.value.message_dict) == ["reason"]
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED and membership.decided_at is None


def test_the_declined_applicant_reads_the_reason_by_mail_and_on_the_platform(
    world, sven, client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    membership = applied(world, sven)
    reason = "Unsere Satzung nimmt nur Unternehmen aus dem Westerwald auf."
    with django_capture_on_commit_callbacks(execute=True):
        association.decline_application(manager=world.alice, membership=membership, reason=reason)
    assert reason in mailoutbox[-1].body and mailoutbox[-1].to == ["sven@sued.example"]
    client.force_login(sven)
    page = client.get(reverse("networks:membership", args=["nord"]))
    assert reason in page.content.decode()
    assert page.context["may_apply"]  # and may apply again later


def test_the_manager_declines_through_the_page_only_with_a_reason(world, sven, client) -> None:
    membership = applied(world, sven)
    client.force_login(world.alice)
    page = reverse("networks:association", args=["nord"])
    response = client.post(page, {"action": "decline", "membership": membership.pk, "reason": ""})
    assert response.status_code == 400
    assert "Begründung" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED
    response = client.post(
        page, {"action": "decline", "membership": membership.pk, "reason": "Nicht im Gebiet."}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.status, membership.decision_reason) == ("declined", "Nicht im Gebiet.")


# --- Fee categories and dues ---------------------------------------------------------------


@pytest.mark.parametrize("amount", ["-50", "-0.01", "viel", "nan"])
def test_a_negative_or_unreadable_fee_is_refused_and_changes_nothing(world, amount) -> None:
    with pytest.raises(ValidationError) as error:
        association.save_fee_category(
            manager=world.alice, network=world.north, name="Hochschule", yearly_amount=amount
        )
    assert list(error.value.message_dict) == ["yearly_amount"]
    assert amount in error.value.message_dict["yearly_amount"][0]
    assert not DuesCategory.objects.exists()


def test_the_fee_form_names_the_field_of_a_negative_fee(world, client) -> None:
    client.force_login(world.alice)
    response = client.post(
        reverse("networks:association", args=["nord"]),
        {"action": "category", "category-name": "Hochschule", "category-yearly_amount": "-100"},
    )
    assert response.status_code == 400
    form = response.context["category_form"]
    assert "yearly_amount" in form.errors and "-100" in form.errors["yearly_amount"][0]
    assert not DuesCategory.objects.exists()


def test_a_fee_category_name_is_unique_in_its_network(world, sme_rate) -> None:
    with pytest.raises(ValidationError) as error:
        association.save_fee_category(
            manager=world.alice,
            network=world.north,
            name="kmu bis 50 beschäftigte",
            yearly_amount=1,
        )
    assert "name" in error.value.message_dict
    # another network may use the same name
    association.save_fee_category(
        manager=world.bob, network=world.south, name="KMU bis 50 Beschäftigte", yearly_amount=100
    )


def test_dues_for_a_year_are_created_once(world, sme_rate) -> None:
    university = association.save_fee_category(
        manager=world.alice, network=world.north, name="Hochschule", yearly_amount="0"
    )
    public, private = (
        Membership.objects.get(network=world.north, organisation=org)
        for org in (world.north_public, world.north_private)
    )
    association.assign_category(manager=world.alice, membership=public, category=sme_rate)
    assert association.create_dues_for_year(
        manager=world.alice, network=world.north, year=2026
    ) == (
        1,
        1,
    )
    association.assign_category(manager=world.alice, membership=private, category=university)
    assert association.create_dues_for_year(
        manager=world.alice, network=world.north, year=2026
    ) == (
        1,
        0,
    )
    assert association.create_dues_for_year(
        manager=world.alice, network=world.north, year=2026
    ) == (
        0,
        0,
    )
    amounts = dict(
        Dues.objects.filter(year=2026).values_list("membership__organisation__name", "amount")
    )
    assert amounts == {"Nord Keramik GmbH": Decimal("250.00"), "Nord Geheim GmbH": Decimal("0.00")}
    with pytest.raises(PermissionDenied):
        association.create_dues_for_year(manager=world.bob, network=world.north, year=2026)


def _dues(world: Any, category: DuesCategory, year: int = 2026) -> Dues:
    membership = Membership.objects.get(network=world.north, organisation=world.north_public)
    association.assign_category(manager=world.alice, membership=membership, category=category)
    association.create_dues_for_year(manager=world.alice, network=world.north, year=year)
    return Dues.objects.get(membership=membership, year=year)


def test_marking_dues_paid_twice_is_refused_and_keeps_the_first_date(world, sme_rate) -> None:
    dues = _dues(world, sme_rate)
    association.mark_paid(manager=world.alice, dues=dues, paid_on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError) as error:
        association.mark_paid(manager=world.alice, dues=dues, paid_on=dt.date(2026, 3, 1))
    assert "status" in error.value.message_dict and "01.02.2026" in str(error.value)
    dues.refresh_from_db()
    assert (dues.status, dues.paid_on) == (DuesStatus.PAID, dt.date(2026, 2, 1))


def test_the_dues_page_refuses_a_second_payment_with_a_message(world, sme_rate, client) -> None:
    dues = _dues(world, sme_rate)
    client.force_login(world.alice)
    page = reverse("networks:dues", args=["nord"]) + "?jahr=2026"
    first = client.post(page, {"action": "paid", "dues": dues.pk, "paid_on": "2026-02-01"})
    assert first.status_code == 302
    second = client.post(page, {"action": "paid", "dues": dues.pk, "paid_on": "2026-03-01"})
    assert second.status_code == 400
    assert "bereits als bezahlt" in second.content.decode()
    dues.refresh_from_db()
    assert dues.paid_on == dt.date(2026, 2, 1)


def test_waiving_needs_a_reason(world, sme_rate) -> None:
    dues = _dues(world, sme_rate)
    with pytest.raises(ValidationError) as error:
        association.waive(manager=world.alice, dues=dues, note=" ")
    assert "note" in error.value.message_dict
    association.waive(manager=world.alice, dues=dues, note="Gründungsjahr")
    dues.refresh_from_db()
    assert (dues.status, dues.note) == (DuesStatus.WAIVED, "Gründungsjahr")


def test_a_reminder_goes_out_once_a_day(
    world, sme_rate, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    dues = _dues(world, sme_rate)

    def remind(day: dt.datetime, *, periodic: bool = False) -> int:
        with (
            time_machine.travel(day, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            if periodic:
                return association.remind_open_dues()
            return association.send_reminders(manager=world.alice, network=world.north, year=2026)

    assert remind(local(2026, 5, 4)) == 1
    assert remind(local(2026, 5, 4, 16)) == 0  # the same day: nothing twice
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [world.carla.email]
    assert "250" in mailoutbox[0].body
    dues.refresh_from_db()
    assert dues.reminded_on == dt.date(2026, 5, 4)
    assert remind(local(2026, 5, 5)) == 1  # the manager may remind the next day
    assert remind(local(2026, 5, 6), periodic=True) == 0  # the job waits a month
    assert remind(local(2026, 6, 5), periodic=True) == 1
    association.mark_paid(manager=world.alice, dues=dues, paid_on=dt.date(2026, 6, 5))
    assert remind(local(2026, 8, 1), periodic=True) == 0  # paid dues are not reminded
    assert len(mailoutbox) == 3


# --- Leaving at the end of the year --------------------------------------------------------


def test_notice_ends_the_membership_after_the_31st_of_december_and_the_discount_with_it(
    world,
) -> None:
    membership = Membership.objects.get(network=world.north, organisation=world.north_public)
    with time_machine.travel(local(2026, 6, 10), tick=False):
        event = EventFactory(
            organiser=world.north, starts_at=local(2027, 3, 1), ends_at=local(2027, 3, 1, 18)
        )
        association.give_notice(user=world.carla, membership=membership)
        membership.refresh_from_db()
        assert (membership.notice_given_on, membership.until) == (
            dt.date(2026, 6, 10),
            dt.date(2026, 12, 31),
        )
        with pytest.raises(ValidationError):  # no second notice
            association.give_notice(user=world.carla, membership=membership)
    with time_machine.travel(local(2026, 12, 31, 23), tick=False):
        assert association.end_memberships() == 0
        assert price_for(event, world.north_public) == (Decimal("40.00"), True)
    with time_machine.travel(local(2027, 1, 1, 0), tick=False):
        assert association.end_memberships() == 1
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.ENDED
        assert price_for(event, world.north_public) == (Decimal("80.00"), False)
        fresh = type(world.carla).objects.get(pk=world.carla.pk)
        assert world.north.pk not in member_network_ids(fresh)


def test_only_the_member_or_the_manager_gives_notice(world) -> None:
    membership = Membership.objects.get(network=world.north, organisation=world.north_public)
    for outsider in (world.bob, UserFactory(organisation=world.south_public)):
        with pytest.raises(PermissionDenied):
            association.give_notice(user=outsider, membership=membership)
    association.give_notice(user=world.alice, membership=membership)
    membership.refresh_from_db()
    assert membership.until is not None


# --- Offices -------------------------------------------------------------------------------


def test_a_term_of_office_ending_before_it_starts_is_refused(world, client) -> None:
    client.force_login(world.alice)
    response = client.post(
        reverse("networks:association", args=["nord"]),
        {
            "action": "office",
            "office-kind": RoleKind.TREASURER,
            "office-organisation": world.north_public.pk,
            "office-term_from": "2026-06-01",
            "office-term_to": "2025-06-01",
            "office-is_public": "on",
        },
    )
    assert response.status_code == 400
    assert "term_to" in response.context["office_form"].errors
    assert not NetworkRole.objects.exists()
    office = NetworkRole(
        network=world.north,
        kind=RoleKind.TREASURER,
        organisation=world.north_public,
        term_from=dt.date(2026, 6, 1),
        term_to=dt.date(2025, 6, 1),
    )
    with pytest.raises(ValidationError) as error:
        association.save_office(manager=world.alice, office=office)
    assert "term_to" in error.value.message_dict
    assert not NetworkRole.objects.exists()


def test_the_network_page_shows_current_public_offices_and_respects_people_visibility(
    world, client
) -> None:
    chair = PersonFactory(
        organisation=world.north_public,
        first_name="Hanna",
        last_name="Vorsitz",
        visibility=Visibility.PUBLIC,
    )
    treasurer = PersonFactory(
        organisation=world.north_private,
        first_name="Theo",
        last_name="Kasse",
        visibility=Visibility.MEMBERS,
    )
    today = timezone.localdate()
    year = dt.timedelta(days=365)
    offices = [
        (RoleKind.BOARD_CHAIR, chair, today - year, today + year, True),
        (RoleKind.TREASURER, treasurer, today - year, None, True),
        (RoleKind.ADVISORY_BOARD, world.north_contact, today - year, None, False),
        (
            RoleKind.VICE_CHAIR,
            PersonFactory(
                organisation=world.north_public,
                first_name="Alt",
                last_name="Ehemals",
                visibility=Visibility.PUBLIC,
            ),
            today - 3 * year,
            today - year,
            True,
        ),
    ]
    for kind, person, start, end, public in offices:
        association.save_office(
            manager=world.alice,
            office=NetworkRole(
                network=world.north,
                kind=kind,
                person=person,
                term_from=start,
                term_to=end,
                is_public=public,
            ),
        )
    page = reverse("networks:detail", args=["nord"])
    public_body = client.get(page).content.decode()
    assert "Hanna Vorsitz" in public_body
    assert "Theo Kasse" not in public_body  # members only
    assert "Nora Nord" not in public_body  # not made public by the network
    assert "Alt Ehemals" not in public_body  # term over
    client.force_login(world.carla)
    member_body = client.get(page).content.decode()
    assert "Theo Kasse" in member_body and "Alt Ehemals" not in member_body
    client.force_login(world.alice)
    manager_page = client.get(reverse("networks:association", args=["nord"])).content.decode()
    assert "Alt Ehemals" in manager_page and "Nora Nord" in manager_page


# --- Member lists for the general assembly -------------------------------------------------


def _pdf_text(content: bytes) -> bytes:
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
    text = b""
    for stream in streams:
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            text += stream
    return text


def test_the_member_list_pdf_lists_the_active_members_with_umlauts(world, sven, client) -> None:
    applied(world, sven)  # an applicant is not on the list
    client.force_login(world.alice)
    response = client.get(reverse("networks:member_list_pdf", args=["nord"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert b"Nord Keramik GmbH" in text and b"Nord Geheim GmbH" in text
    assert b"S\xfcd Metall" not in text
    assert "Mitgliederliste".encode("latin-1") in text


def test_the_member_list_xlsx_has_real_cells(world, sme_rate, client) -> None:
    membership = Membership.objects.get(network=world.north, organisation=world.north_public)
    membership.since = dt.date(2019, 4, 1)
    membership.save()
    association.assign_category(manager=world.alice, membership=membership, category=sme_rate)
    client.force_login(world.alice)
    response = client.get(reverse("networks:member_list_xlsx", args=["nord"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nr.", "Organisation", "Ort")
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"Nord Keramik GmbH", "Nord Geheim GmbH"}
    row = by_name["Nord Keramik GmbH"]
    assert row[3] == "KMU bis 50 Beschäftigte"
    assert row[4] == dt.datetime(2019, 4, 1)
    assert row[6] == 250.0


def test_applying_opens_nothing_of_the_applicants_data_to_the_network(world, sven) -> None:
    from nahwerk.accounts.permissions import Viewer, manageable_organisations

    world.south_public.visibility = Visibility.MEMBERS
    world.south_public.save()
    membership = applied(world, sven)
    for user in (world.alice, world.carla):
        assert world.south_public not in visible_organisations(user)
    assert world.south_public not in manageable_organisations(world.alice)
    assert not Viewer(world.carla).sees(Visibility.MEMBERS, world.south_public)
    association.decline_application(manager=world.alice, membership=membership, reason="Nein.")
    assert world.south_public not in visible_organisations(world.carla)
    assert world.south_public not in manageable_organisations(world.alice)
    # the manager still reads the application itself on the association page
    membership.status = MembershipStatus.APPLIED
    membership.save()
    from django.test import Client

    client = Client()
    client.force_login(world.alice)
    body = client.get(reverse("networks:association", args=["nord"])).content.decode()
    assert "Süd Metall GmbH" in body and "Wir gießen Metall." in body


def test_a_second_notice_on_the_membership_page_is_refused_with_a_message(world, client) -> None:
    client.force_login(world.carla)
    page = reverse("networks:membership", args=["nord"])
    assert client.post(page, {"action": "notice"}).status_code == 302
    membership = Membership.objects.get(network=world.north, organisation=world.north_public)
    assert membership.until == dt.date(timezone.localdate().year, 12, 31)
    second = client.post(page, {"action": "notice"})
    assert second.status_code == 400
    assert "Die Kündigung liegt bereits vor" in second.content.decode()
