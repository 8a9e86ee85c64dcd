"""The admin shows needs, routings, messages and the timeline, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from nahwerk.brokering.models import Need, NeedEvent, Referral
from nahwerk.brokering.tests.conftest import Brokering

pytestmark = pytest.mark.django_db


def test_the_site_admin_reads_a_case_but_cannot_change_it(
    brokering: Brokering, as_user: Any
) -> None:
    need = brokering.routed()
    client = as_user(brokering.root)
    listing = client.get(reverse("admin:brokering_need_changelist"))
    assert listing.status_code == 200 and need.title in listing.content.decode()
    page = client.get(reverse("admin:brokering_need_change", args=[need.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert brokering.institute.name in html  # the routing
    assert "Weitergeleitet" in html or "weitergeleitet" in html  # the timeline
    assert "Netzwerkmanagement" in html and ">manager<" not in html  # roles in words
    assert client.get(reverse("admin:brokering_need_add")).status_code == 403
    before = (need.title, Referral.objects.count(), NeedEvent.objects.count())
    response = client.post(
        reverse("admin:brokering_need_change", args=[need.pk]), {"title": "Geändert"}
    )
    assert response.status_code == 403
    delete = client.post(reverse("admin:brokering_need_delete", args=[need.pk]), {"post": "yes"})
    assert delete.status_code == 403
    need.refresh_from_db()
    assert (need.title, Referral.objects.count(), NeedEvent.objects.count()) == before
    assert Need.objects.filter(pk=need.pk).exists()
    messages = client.get(reverse("admin:brokering_message_changelist"))
    assert messages.status_code == 200


def test_a_manager_without_admin_rights_sees_no_needs_there(
    brokering: Brokering, as_user: Any
) -> None:
    brokering.routed()
    response = as_user(brokering.alice).get(reverse("admin:brokering_need_changelist"))
    assert response.status_code in (302, 403)
