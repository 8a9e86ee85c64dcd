"""A network's regional development concept: fields, indicators, assignments, progress."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nahwerk.brokering.tests.conftest import brokering  # noqa: F401
from nahwerk.projects.models import FieldOfAction, Indicator

pytestmark = pytest.mark.django_db


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_manager_builds_a_field_with_an_indicator_and_the_network_page_shows_progress(
    brokering,  # noqa: F811
) -> None:
    b = brokering
    url = reverse("projects:fields", args=[b.world.north.slug])
    alice = client(b.alice)
    alice.post(url, {"action": "field", "field-title": "Wasserstoff", "field-order": 1})
    field = FieldOfAction.objects.get(network=b.world.north, title="Wasserstoff")
    alice.post(
        url,
        {
            "action": "indicator",
            "indicator-field": field.pk,
            "indicator-name": "Projekte mit Wasserstoff",
            "indicator-unit": "Projekte",
            "indicator-target": "4",
            "indicator-current": "0",
            "indicator-order": "1",
        },
    )
    indicator = Indicator.objects.get(field=field)
    alice.post(url, {"action": "value", "value-indicator": indicator.pk, "value-current": "3"})
    need = b.post()
    alice.post(url, {"action": "assign", "assign-field": field.pk, "assign-needs": [need.pk]})
    indicator.refresh_from_db()
    assert indicator.current == Decimal(3) and indicator.progress_percent == 75
    assert list(field.needs.all()) == [need]
    page = Client().get(b.world.north.get_absolute_url()).content.decode()
    assert "Wasserstoff" in page and "75 %" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "field", "field-title": "", "field-order": 1}, "zwingend erforderlich"),
        (
            {"action": "field", "field-title": "Wasserstoff", "field-order": 1},
            "bereits ein Handlungsfeld",
        ),
        ({"action": "value", "value-indicator": "x", "value-current": "3"}, "gültige Auswahl"),
        (
            {"action": "value", "value-indicator": "{ind}", "value-current": "-1"},
            "größer oder gleich 0",
        ),
    ],
)
def test_bad_input_on_the_fields_page_is_named_and_changes_nothing(
    brokering,  # noqa: F811
    data,
    message,
) -> None:
    b = brokering
    field = FieldOfAction.objects.create(network=b.world.north, title="Wasserstoff")
    indicator = Indicator.objects.create(field=field, name="Projekte", target=4, current=1)
    data = {k: (str(indicator.pk) if v == "{ind}" else v) for k, v in data.items()}
    response = client(b.alice).post(reverse("projects:fields", args=[b.world.north.slug]), data)
    assert response.status_code == 400
    assert message in response.content.decode()  # the page speaks German
    indicator.refresh_from_db()
    assert indicator.current == 1 and FieldOfAction.objects.count() == 1


def test_a_manager_cannot_assign_needs_of_another_network(brokering) -> None:  # noqa: F811
    b = brokering
    field = FieldOfAction.objects.create(network=b.world.south, title="Metall")
    need = b.post()  # a North need
    response = client(b.bob).post(
        reverse("projects:fields", args=[b.world.south.slug]),
        {"action": "assign", "assign-field": field.pk, "assign-needs": [need.pk]},
    )
    assert response.status_code == 400
    assert not field.needs.exists()
