"""A need's deadline in 1899 or fifty years ahead is refused with the allowed years."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from nahwerk.brokering.models import Need
from nahwerk.brokering.tests.test_pages import need_form

THIS_YEAR = timezone.localdate().year
MESSAGE = f"Bitte geben Sie ein Datum zwischen den Jahren 2000 und {THIS_YEAR + 10} an."


@pytest.mark.django_db
@pytest.mark.parametrize("deadline", ["1899-12-31", f"{THIS_YEAR + 50}-01-01"])
def test_the_need_form_refuses_an_implausible_deadline(
    brokering: Any, as_user: Any, deadline: str
) -> None:
    data = need_form(network=brokering.world.north.pk, deadline=deadline)
    response = as_user(brokering.carla).post(reverse("brokering:create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["deadline"] == [MESSAGE]
    assert not Need.objects.exists()
