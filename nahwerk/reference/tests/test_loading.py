"""The shipped reference data loads completely and idempotently."""

from __future__ import annotations

import pytest

from nahwerk.reference.loading import load_reference_data
from nahwerk.reference.models import District, IndustryCode, Postcode

pytestmark = pytest.mark.django_db


def test_all_401_districts_with_population_and_boundary() -> None:
    assert District.objects.count() == 401
    assert not District.objects.filter(population__isnull=True).exists()
    westerwald = District.objects.get(ags="07143")
    assert westerwald.name == "Westerwaldkreis"
    assert westerwald.kind == "landkreis"
    assert westerwald.nuts3 == "DEB1B"
    assert westerwald.state_name == "Rheinland-Pfalz"
    assert westerwald.boundary["type"] in {"Polygon", "MultiPolygon"}
    assert 50.3 < westerwald.latitude < 50.8 and 7.6 < westerwald.longitude < 8.2


@pytest.mark.parametrize(
    ("ags", "name"),
    [
        ("07132", "Altenkirchen (Westerwald)"),
        ("07138", "Neuwied"),
        ("05911", "Bochum"),
        ("05913", "Dortmund"),
        ("05914", "Hagen"),
        ("05916", "Herne"),
        ("05954", "Ennepe-Ruhr-Kreis"),
        ("05512", "Bottrop"),
        ("05513", "Gelsenkirchen"),
        ("05562", "Recklinghausen"),
        ("03241", "Region Hannover"),
        ("14521", "Erzgebirgskreis"),
    ],
)
def test_seed_network_districts_exist(ags: str, name: str) -> None:
    assert District.objects.get(ags=ags).name == name


def test_postcodes_map_to_coordinates_and_district() -> None:
    assert Postcode.objects.count() > 10_000
    hoehr = Postcode.objects.get(code="56203")
    assert hoehr.place == "Höhr-Grenzhausen"
    assert hoehr.district_id == "07143"
    annaberg = Postcode.objects.get(code="09456")
    assert annaberg.district_id == "14521"


def test_wz_2008_hierarchy() -> None:
    assert IndustryCode.objects.count() == 1835
    ceramics = IndustryCode.objects.get(code="23.44")
    assert ceramics.level == 4 and ceramics.section == "C"
    assert ceramics.parent is not None and ceramics.parent.code == "23.4"
    assert IndustryCode.objects.get(code="C").title_en == "Manufacturing"
    assert IndustryCode.objects.filter(level=5).count() == 839


def test_loading_again_changes_nothing() -> None:
    before = (District.objects.count(), Postcode.objects.count(), IndustryCode.objects.count())
    report = load_reference_data()
    after = (District.objects.count(), Postcode.objects.count(), IndustryCode.objects.count())
    assert before == after == (report.districts, report.postcodes, report.industry_codes)
