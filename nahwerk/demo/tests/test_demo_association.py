"""IMKK e.V.'s demo association: categories, dues of two years, an application, a notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from nahwerk.accounts.models import User
from nahwerk.demo.association import EXAMPLE, load_demo_association
from nahwerk.demo.loading import load_demo
from nahwerk.demo.tests.test_load_demo import fast, importer_calls  # noqa: F401
from nahwerk.networks.choices import DuesStatus, MembershipStatus
from nahwerk.networks.models import Dues, Network


@pytest.mark.django_db
def test_imkk_has_dues_an_application_and_a_notice_and_a_second_load_adds_nothing(
    importer_calls: Any,  # noqa: F811
    fast: Any,  # noqa: F811
) -> None:
    load_demo(with_history=False)
    imkk = Network.objects.get(slug="imkk")
    year = dt.date.today().year
    members = imkk.memberships.filter(
        status=MembershipStatus.ACTIVE, organisation__is_fictitious=True
    )
    assert members.exists() and not members.filter(dues_category=None).exists()
    dues = Dues.objects.filter(membership__network=imkk)
    statuses = set(dues.filter(year=year).values_list("status", flat=True))
    assert {DuesStatus.PAID, DuesStatus.OPEN} <= statuses
    assert not dues.filter(year=year - 1, status=DuesStatus.OPEN).exists()
    assert all(EXAMPLE in note for note in dues.values_list("note", flat=True))
    # every fee matches the member's category (none of another network)
    assert all(d.amount == d.membership.dues_category.yearly_amount for d in dues)
    leaving = imkk.memberships.get(notice_given_on__isnull=False)
    assert leaving.until == dt.date(year, 12, 31)
    application = imkk.memberships.get(status=MembershipStatus.APPLIED)
    assert application.organisation.district in imkk.districts.all()

    count = dues.count()
    assert load_demo_association() == 0
    assert dues.count() == count

    manager = User.objects.get(username="manager-imkk")
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("networks:association", args=[imkk.slug]))
    assert escape(application.organisation.name) in page.content.decode()
    dues_page = client.get(reverse("networks:dues", args=[imkk.slug]) + f"?jahr={year}")
    assert dues_page.status_code == 200
    assert escape(leaving.organisation.name) in dues_page.content.decode()
