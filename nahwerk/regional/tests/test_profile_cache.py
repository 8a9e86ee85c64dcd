"""Region profiles come from a cache per data version, and a new import is seen at once."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.regional import services
from nahwerk.regional.importing import import_employment
from nahwerk.regional.tests.conftest import shipped_text
from nahwerk_engine.regional import Region

pytestmark = pytest.mark.django_db

WESTERWALD = Region("07143", "Westerwaldkreis", ("07143",))


def test_a_profile_is_computed_once_per_data_version(
    employment: None, django_assert_num_queries: Any
) -> None:
    services.forget_cached()
    first = services.region_profile(WESTERWALD, 2020)
    with django_assert_num_queries(1):  # the data version, nothing else
        again = services.region_profile(WESTERWALD, 2020)
    assert again is first
    assert first.row("C").stats.employees == 20867


def test_a_new_import_replaces_the_cached_figures(employment: None) -> None:
    before = services.region_profile(WESTERWALD, 2020)
    assert before.row("C").stats.employees == 20867
    # a corrected file for 2020: Westerwaldkreis' manufacturing 20867 -> 20000
    text = shipped_text(2020)
    line = next(
        row
        for row in text.splitlines()
        if row.startswith("07143;") and ";Verarbeitendes Gewerbe (C);20867;" in row
    )
    # male + female must still make the total (the reader checks it): 15368 + 4632
    corrected = text.replace(line, line.replace(";20867;16235;", ";20000;15368;", 1))
    report = import_employment([("corrected-2020.csv", corrected.encode("latin-1"))])
    assert report is not None
    after = services.region_profile(WESTERWALD, 2020)
    assert after is not before
    assert after.row("C").stats.employees == 20000
    # and a page served after the import in another process would read the same version
    assert services.data_version() == services._signature()
