"""The brokering pages: posting, the need page's steps, inbox, overview and export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nahwerk.brokering import services
from nahwerk.brokering.models import Need, NeedStatus, Posting, Referral, ReferralResponse

from .conftest import NEED_TEXT, NEED_TITLE

pytestmark = pytest.mark.django_db


def need_form(**changes) -> dict[str, object]:
    data = {
        "title": NEED_TITLE,
        "description": NEED_TEXT,
        "partner_kind": "research_institute",
        "posting": "anonymous",
        "max_distance_km": "",
        "deadline": "",
        "field": "",
    }
    data.update(changes)
    return data


def test_a_member_posts_a_need_through_the_form(brokering, as_user) -> None:
    client = as_user(brokering.carla)
    page = client.get(reverse("brokering:create"))
    assert page.status_code == 200
    data = need_form(network=brokering.world.north.pk, field="23")
    response = client.post(reverse("brokering:create"), data)
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == need.get_absolute_url()
    assert need.posting == Posting.ANONYMOUS and need.field_id == "23"
    page = client.get(need.get_absolute_url())
    assert "Institut für Hochtemperaturkeramik" in page.content.decode()  # matches shown


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({"description": "x" * 1_000_000}, "10000"),
        ({"title": "<script>alert(1)</script>"}, "HTML"),
        ({"posting": "everywhere"}, "gültige Auswahl"),
        ({"max_distance_km": "-5"}, "größer oder gleich 1"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(
    brokering, as_user, changes, message
) -> None:
    client = as_user(brokering.carla)
    data = need_form(network=brokering.world.north.pk, **changes)
    response = client.post(reverse("brokering:create"), data)
    assert response.status_code == 400
    assert message in response.content.decode().replace(".", "")
    assert not Need.objects.exists()


def test_a_member_cannot_post_into_another_network(brokering, as_user) -> None:
    client = as_user(brokering.carla)
    response = client.post(reverse("brokering:create"), need_form(network=brokering.world.south.pk))
    assert response.status_code == 400
    assert not Need.objects.exists()


def test_the_manager_triages_and_routes_on_the_need_page(brokering, as_user) -> None:
    need = brokering.post()
    client = as_user(brokering.alice)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Nord Keramik GmbH" in page  # the manager knows who asks
    assert 'name="route-organisations"' in page
    client.post(need.get_absolute_url(), {"action": "accept"})
    response = client.post(
        need.get_absolute_url(),
        {
            "action": "route",
            "route-organisations": [brokering.institute.pk, brokering.second_institute.pk],
            "route-note": "Bitte melden Sie sich.",
        },
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.ROUTED
    assert need.referrals.count() == 2


def test_routing_form_refuses_an_organisation_of_another_network(brokering, as_user) -> None:
    need = brokering.post()
    client = as_user(brokering.alice)
    response = client.post(
        need.get_absolute_url(),
        {"action": "route", "route-organisations": [brokering.south_institute.pk]},
    )
    assert response.status_code == 400
    assert "ist keine Organisation aus dem Netzwerk dieses Bedarfs" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_routed_institute_answers_without_learning_who_asks(brokering, as_user) -> None:
    need = brokering.routed()
    client = as_user(brokering.ina)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Nord Keramik" not in page
    assert NEED_TITLE in page
    response = client.post(
        need.get_absolute_url(),
        {"action": "answer", "answer-response": "interested", "answer-message": "Ab wann?"},
    )
    assert response.status_code == 302
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Nord Keramik" not in page
    assert "Ab wann?" in page
    referral = Referral.objects.get(need=need, organisation=brokering.institute)
    assert referral.response == ReferralResponse.INTERESTED


def test_user_text_is_shown_escaped(brokering, as_user) -> None:
    need = brokering.post(title="Filter für 1200 °C & mehr")
    Need.objects.filter(pk=need.pk).update(description="<script>alert('x')</script>")
    page = as_user(brokering.alice).get(need.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "1200 °C &amp; mehr" in page


@pytest.mark.parametrize(
    ("persona", "inbox", "overview"),
    [("alice", 200, 200), ("root", 200, 200), ("bob", 200, 200), ("carla", 403, 403)],
)
def test_manager_pages_are_for_managers(brokering, as_user, persona, inbox, overview) -> None:
    brokering.post()
    client = as_user(getattr(brokering, persona))
    response = client.get(reverse("brokering:inbox"))
    assert response.status_code == inbox
    if inbox == 200:
        shown = NEED_TITLE in response.content.decode()
        assert shown == (persona in ("alice", "root"))
    assert client.get(reverse("brokering:overview")).status_code == overview


def test_anonymous_visitors_are_sent_to_the_login(brokering, client) -> None:
    for name in ("brokering:inbox", "brokering:overview", "brokering:create"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]


def test_overview_counts_answer_time_silent_needs_and_exports(brokering, as_user) -> None:
    answered = brokering.routed()
    services.answer_referral(brokering.ina, answered, ReferralResponse.INTERESTED)
    silent = brokering.post(title='=HYPERLINK("http://evil")')
    Need.objects.filter(pk=silent.pk).update(created_at=timezone.now() - timedelta(days=10))
    client = as_user(brokering.alice)
    page = client.get(reverse("brokering:overview"), {"days": 7})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="count-in_contact">1<' in html
    assert 'data-testid="count-new">1<' in html
    assert 'data-testid="median-answer"' in html
    assert "HYPERLINK" in html  # the silent need is listed
    exported = client.get(reverse("brokering:overview"), {"export": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles  # no formula injection into spreadsheets
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("brokering:overview"), {"export": "xlsx"}).content)
    )
    assert workbook.active.max_row == 3
    # bob manages the South network: North's needs are not in his figures
    bob_rows = as_user(brokering.bob).get(reverse("brokering:overview"), {"export": "csv"})
    assert len(list(csv.reader(io.StringIO(bob_rows.content.decode("utf-8-sig"))))) == 1


def test_overview_rejects_a_reversed_period(brokering, as_user) -> None:
    response = as_user(brokering.alice).get(
        reverse("brokering:overview"), {"since": "2026-05-01", "until": "2026-01-01"}
    )
    assert response.status_code == 400


def test_notifications_list_the_steps_and_are_marked_read(brokering, as_user) -> None:
    need = brokering.routed()
    client = as_user(brokering.ina)
    page = client.get(reverse("brokering:notifications")).content.decode()
    assert NEED_TITLE in page and "Nord Keramik" not in page
    client.get(need.get_absolute_url())
    assert not brokering.ina.notifications.filter(read_at__isnull=True).exists()
