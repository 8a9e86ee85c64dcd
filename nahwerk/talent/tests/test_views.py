"""The talent exchange's pages: the board's filters, JSON-LD, forms refusing bad input."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nahwerk.talent.choices import PostingKind
from nahwerk.talent.models import Application, Posting
from nahwerk.talent.tests.conftest import Talent, pdf_bytes

pytestmark = pytest.mark.django_db


def test_the_board_filters_by_kind_field_wz_district_language_and_distance(
    client: Client, talent: Talent
) -> None:
    talent.post(title="Praktikum in Altenkirchen", postcode="57610", language="en")
    board = reverse("talent:board")

    def titles(query: str) -> set[str]:
        response = client.get(f"{board}?{query}")
        assert response.status_code == 200, response.content[:500]
        return {p.title for p, _km in response.context["postings"]}

    thesis, internship = talent.thesis.title, "Praktikum in Altenkirchen"
    assert titles("") == {thesis, internship}
    assert titles("kind=master_thesis") == {thesis}
    assert titles("field_of_work=computing") == set()
    assert titles("language=en") == {internship}
    ags = talent.thesis.district.ags
    assert titles(f"district={ags}") == {thesis}
    assert titles("near=56203&max_distance_km=5") == {thesis}
    assert titles("near=56203&max_distance_km=100") == {thesis, internship}
    section = talent.world.north_public.industry_codes.values_list("section", flat=True).first()
    if section:
        assert thesis in titles(f"wz_section={section}")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=spy", "„spy“ ist keine der Auswahlmöglichkeiten."),
        ("near=99999", "„99999“ ist keine bekannte deutsche Postleitzahl."),
        ("max_distance_km=20", "20 km ab wo?"),
    ],
)
def test_bad_filters_are_named_with_a_400(
    client: Client, talent: Talent, query: str, message: str
) -> None:
    response = client.get(reverse("talent:board") + "?" + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_posting_carries_schema_org_jobposting(client: Client, talent: Talent) -> None:
    page = client.get(talent.thesis.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    assert data["@type"] == "JobPosting"
    assert data["title"] == talent.thesis.title
    assert data["hiringOrganization"]["name"] == "Nord Keramik GmbH"
    assert data["validThrough"] == talent.thesis.expires_on.isoformat()
    assert data["jobLocation"]["address"]["addressCountry"] == "DE"


def test_the_interest_search_says_plainly_when_nothing_fits(client: Client, talent: Talent) -> None:
    response = client.get(reverse("talent:board") + "?interest=xyzzy+quux+plonk")
    assert "Kein Angebot passt zu Ihrem Interesse" in response.content.decode()
    response = client.get(reverse("talent:board") + "?interest=Glasurfehler+im+Schnellbrand")
    assert talent.thesis.title in response.content.decode()
    assert "passt zu Ihrem Interesse" in response.content.decode()


def test_a_posting_with_its_end_before_its_start_is_refused_in_the_form(
    client: Client, talent: Talent
) -> None:
    client.force_login(talent.carla)
    before = Posting.objects.count()
    response = client.post(
        reverse("talent:create"),
        {
            "kind": PostingKind.INTERNSHIP,
            "title": "Praktikum",
            "description": "Etwas <script>alert(1)</script>",
            "field_of_work": "materials",
            "language": "de",
            "starts_on": "2027-05-01",
            "ends_on": "2027-04-01",
            "expires_on": "2027-01-31",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Bitte geben Sie reinen Text ohne HTML-Tags ein" in text
    assert Posting.objects.count() == before


def test_an_oversized_attachment_is_refused_in_the_form_in_english_too(
    client: Client, talent: Talent, settings: Any
) -> None:
    settings.TALENT_ATTACHMENT_MAX_BYTES = 1000
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("talent:apply", args=[talent.thesis.slug]),
        {
            "name": "Lena",
            "email": "lena@example.org",
            "message": "Hallo",
            "consent": "on",
            "attachment": SimpleUploadedFile("cv.pdf", pdf_bytes(3) + b"0" * 2000),
        },
        HTTP_ACCEPT_LANGUAGE="en",
        headers={"Cookie": "django_language=en"},
    )
    assert response.status_code == 400
    assert Application.objects.count() == 0
    assert "cv.pdf" in response.content.decode()


def test_one_address_sends_only_a_few_applications_an_hour(
    client: Client, talent: Talent, settings: Any
) -> None:
    settings.TALENT_APPLICATIONS_PER_IP = "2/h"
    from django.core.cache import caches

    caches["shared"].clear()
    address = reverse("talent:apply", args=[talent.thesis.slug])
    data = {"name": "Spam", "email": "spam@example.org", "message": "x", "consent": "on"}
    codes = [client.post(address, data, REMOTE_ADDR="198.51.100.7").status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Application.objects.count() == 2
    caches["shared"].clear()


def test_the_start_page_tells_the_organisation_of_new_applications(
    client: Client, talent: Talent
) -> None:
    talent.apply()
    client.force_login(talent.carla)
    page = client.get(reverse("dashboard:start")).content.decode()
    assert "Neue Bewerbungen auf Ihre Angebote" in page and "Lena Bewerberin" in page
    client.force_login(talent.sven)
    page = client.get(reverse("dashboard:start")).content.decode()
    assert "Lena Bewerberin" not in page
