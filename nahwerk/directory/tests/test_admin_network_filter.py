"""The admin's network filter reads its id like every query parameter: "²" is a 400."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("admin:directory_organisation_changelist")


@pytest.mark.parametrize("value", ["²", "9223372036854775808"])
def test_a_bad_network_id_is_refused_with_its_name(as_user: Any, world: Any, value: str) -> None:
    client = as_user(world.alice)
    client.raise_request_exception = False
    response = client.get(URL, {"network": value})
    assert response.status_code == 400
    assert "network" in response.context["reason"]


def test_the_filter_still_filters(as_user: Any, world: Any) -> None:
    response = as_user(world.alice).get(URL, {"network": world.north.pk})
    assert response.status_code == 200
    names = {o.name for o in response.context["cl"].result_list}
    assert names == {"Nord Keramik GmbH", "Nord Geheim GmbH"}
