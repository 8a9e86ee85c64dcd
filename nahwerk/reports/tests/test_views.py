"""The dashboard, the downloads and the subscriptions: who may, and what they see."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.networks.tests.factories import NetworkFactory
from nahwerk.reports.models import ReportSubscription

pytestmark = pytest.mark.django_db
Q1 = "?von=2026-01-01&bis=2026-03-31"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def dashboard(scene) -> str:
    return reverse("reports:dashboard", args=[scene.network.slug])


def test_the_manager_sees_the_figures_with_a_table_beside_each_chart(scene) -> None:
    response = logged_in(scene.manager).get(dashboard(scene) + Q1)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="needs-posted">4<' in html
    assert 'data-figure="members-at-end">3<' in html
    assert html.count("<canvas") == 4
    assert 'id="keyfigures-data" type="application/json"' in html
    assert "<script>" not in html  # data by json_script only, code in static files
    assert "chartjs/chart.umd.min.js" in html and "reports/keyfigures.js" in html
    series = response.context["chart_data"]
    assert series["labels"] == ["01/2026", "02/2026", "03/2026"]
    assert '<th scope="row">02/2026</th>' in html


def test_a_site_administrator_sees_every_networks_figures(scene) -> None:
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert logged_in(root).get(dashboard(scene) + Q1).status_code == 200


def test_the_manager_of_another_network_sees_nothing(scene) -> None:
    other = UserFactory(username="other-manager", is_staff=True)
    other.managed_networks.add(NetworkFactory())
    client = logged_in(other)
    assert client.get(dashboard(scene)).status_code == 403
    assert client.get(reverse("reports:report_pdf", args=[scene.network.slug])).status_code == 403
    response = client.post(
        reverse("reports:subscribe", args=[scene.network.slug]),
        {"recipients": "x@example.org", "frequency": "monthly", "language": "de"},
    )
    assert response.status_code == 403
    assert not ReportSubscription.objects.exists()


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("?von=2026-13-01", "von"),
        ("?von=gestern", "von"),
        ("?von=2026-03-01&bis=2026-01-01", "bis"),
        ("?von=2000-01-01&bis=2026-01-01", "bis"),
    ],
)
def test_a_bad_period_is_refused_naming_the_parameter(scene, query, named) -> None:
    response = logged_in(scene.manager).get(dashboard(scene) + query)
    assert response.status_code == 400
    assert f"„{named}“" in response.content.decode() or f"“{named}”" in response.content.decode()


def test_the_downloads_are_a_pdf_and_a_workbook_of_the_period(scene) -> None:
    client = logged_in(scene.manager)
    pdf = client.get(reverse("reports:report_pdf", args=[scene.network.slug]) + Q1)
    assert pdf["Content-Type"] == "application/pdf"
    assert "bericht-kennzahlen-2026-01-01-2026-03-31.pdf" in pdf["Content-Disposition"]
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("reports:report_xlsx", args=[scene.network.slug]) + Q1)
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book["Bedarfe"]["B2"].value == 4


def test_a_manager_subscribes_and_ends_the_subscription(scene) -> None:
    client = logged_in(scene.manager)
    response = client.post(
        reverse("reports:subscribe", args=[scene.network.slug]),
        {
            "recipients": "foerderung@land.example, buero@netzwerk.example",
            "frequency": "quarterly",
            "language": "en",
        },
    )
    assert response.status_code == 302
    subscription = ReportSubscription.objects.get()
    assert subscription.recipient_list == ["foerderung@land.example", "buero@netzwerk.example"]
    assert (subscription.frequency, subscription.language) == ("quarterly", "en")
    page = client.get(dashboard(scene)).content.decode()
    assert "foerderung@land.example" in page
    client.post(reverse("reports:unsubscribe", args=[scene.network.slug, subscription.pk]))
    assert not ReportSubscription.objects.exists()


def test_a_bad_address_is_named_and_nothing_is_saved(scene) -> None:
    response = logged_in(scene.manager).post(
        reverse("reports:subscribe", args=[scene.network.slug]),
        {"recipients": "ok@example.org\nkeine-adresse", "frequency": "monthly", "language": "de"},
    )
    assert response.status_code == 400
    assert "„keine-adresse“ ist keine E-Mail-Adresse." in response.content.decode()
    assert not ReportSubscription.objects.exists()


def test_the_public_network_page_shows_counts_only(scene, client, time_machine) -> None:
    time_machine.move_to("2026-04-01 12:00 +02:00")
    html = client.get(scene.network.get_absolute_url()).content.decode()
    section = html[html.index('id="public-key-figures"') :]
    section = section[: section.index("</section>")]
    assert "Das Netzwerk in Zahlen" in section
    assert "KF A" not in section and "KF X" not in section  # no names
    assert "EUR" not in section  # no amounts
    assert "&lt; 3" in section  # two events held: too few to show
    assert "key-figures-link" not in section  # the dashboard's link is for managers


def test_the_manager_finds_the_dashboard_from_the_network_page(scene) -> None:
    html = logged_in(scene.manager).get(scene.network.get_absolute_url()).content.decode()
    assert f'href="{dashboard(scene)}"' in html
