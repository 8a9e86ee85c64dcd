"""Dates of needs, events and programme items must lie between 2000 and ten years ahead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nahwerk.validators import plausible_date

THIS_YEAR = timezone.localdate().year


@pytest.mark.parametrize(
    "value",
    [dt.date(1899, 12, 31), dt.date(1999, 12, 31), dt.date(THIS_YEAR + 11, 1, 1)],
)
def test_implausible_dates_are_refused(value: dt.date) -> None:
    with pytest.raises(ValidationError) as refused:
        plausible_date(value)
    assert refused.value.code == "implausible_date"


@pytest.mark.parametrize(
    "value", [dt.date(2000, 1, 1), timezone.localdate(), dt.date(THIS_YEAR + 10, 12, 31)]
)
def test_plausible_dates_pass(value: dt.date) -> None:
    plausible_date(value)
