"""Every page and step of the talent exchange (issue 14, part 1) against every persona.

The personas and scene of tests/test_permission_matrix.py: alice manages North, bob South;
carla works for Nord Keramik, which posts an internship and receives an application with a
PDF; ina and otto work for North institutes, sven for a South company; ``anon`` is the
public. Applicants' data and attachments are for the posting organisation only: not for
the other organisations, not for the network's managers (the applicant consented to the
organisation), and for the site administrator per the existing rules.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty

from nahwerk.brokering.tests.conftest import brokering  # noqa: F401
from nahwerk.talent import services
from nahwerk.talent.choices import ApplicationStatus, PostingKind, PostingStatus
from nahwerk.talent.models import Application, Posting
from nahwerk.talent.storage import private_storage
from nahwerk.talent.tests.conftest import pdf_bytes
from tests.test_permission_matrix import LOGIN, PERSONAS, client_for
from tests.test_permission_matrix import scene as scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def talent(scene: dict[str, Any], settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.TALENT_PRIVATE_ROOT = tmp_path / "private"
    private_storage._wrapped = empty  # type: ignore[attr-defined]
    b = scene["b"]

    def post(title: str) -> Posting:
        return services.save_posting(
            user=b.carla,
            organisation=b.world.north_public,
            data=services.PostingInput(
                kind=PostingKind.INTERNSHIP,
                title=title,
                description="Glasuren mischen, brennen und prüfen.",
                field_of_work="materials",
                language="de",
                expires_on=timezone.localdate() + dt.timedelta(days=30),
            ),
        )

    posting = post("Praktikum Glasurlabor")
    closed = post("Praktikum, schon besetzt")
    services.close_posting(user=b.carla, posting=closed)
    application = services.apply(
        posting=posting,
        data=services.ApplicationInput(
            name="Lena Bewerberin",
            email="lena@example.org",
            message="Ich bewerbe mich.",
            consent=True,
            attachment=SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf"),
        ),
    )
    yield {**scene, "posting": posting, "closed": closed, "application": application}
    private_storage._wrapped = empty  # type: ignore[attr-defined]


def talent_url(t: dict[str, Any], name: str) -> str:
    slug, pk = t["posting"].slug, t["application"].pk
    return {
        "board": reverse("talent:board"),
        "board_filtered": reverse("talent:board")
        + "?kind=internship&near=56203&max_distance_km=50",
        "posting": reverse("talent:posting", args=[slug]),
        "closed_posting": reverse("talent:posting", args=[t["closed"].slug]),
        "apply": reverse("talent:apply", args=[slug]),
        "applied": reverse("talent:applied", args=[slug]),
        "create": reverse("talent:create"),
        "edit": reverse("talent:edit", args=[slug]),
        "inbox": reverse("talent:inbox"),
        "application": reverse("talent:application", args=[pk]),
        "attachment": reverse("talent:attachment", args=[pk]),
        "applicant_export": reverse("talent:applicant_export", args=[pk]),
    }[name]


#                        alice bob  carla ina  otto sven anon
TALENT_PAGES = {
    "board": (200, 200, 200, 200, 200, 200, 200),
    "board_filtered": (200, 200, 200, 200, 200, 200, 200),
    "posting": (200, 200, 200, 200, 200, 200, 200),
    # off the board: only the posting organisation still opens it
    "closed_posting": (404, 404, 200, 404, 404, 404, 404),
    "apply": (200, 200, 200, 200, 200, 200, 200),
    "applied": (200, 200, 200, 200, 200, 200, 200),
    # posting and the inbox: users of an organisation (managers without one have neither)
    "create": (403, 403, 200, 200, 200, 200, LOGIN),
    "edit": (403, 403, 200, 404, 404, 404, LOGIN),
    "inbox": (403, 403, 200, 200, 200, 200, LOGIN),
    # the applicant's data: the posting organisation only
    "application": (404, 404, 200, 404, 404, 404, LOGIN),
    "attachment": (404, 404, 200, 404, 404, 404, LOGIN),
    "applicant_export": (404, 404, 200, 404, 404, 404, LOGIN),
}


@pytest.mark.parametrize("page", TALENT_PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_its_talent_pages(talent, page, persona) -> None:
    expected = TALENT_PAGES[page][PERSONAS.index(persona)]
    response = client_for(talent, persona).get(talent_url(talent, page))
    assert response.status_code == expected, (page, persona)
    if response.status_code == 200 and page in ("inbox", "board", "posting"):
        # the applicant's name is in no one's page but the posting organisation's inbox
        assert ("Lena Bewerberin" in response.content.decode()) == (
            persona == "carla" and page == "inbox"
        ), (page, persona)


def test_the_site_administrator_reads_applications_per_the_existing_rules(talent) -> None:
    client = Client()
    client.force_login(talent["b"].root)
    for page in ("inbox", "application", "attachment", "applicant_export", "closed_posting"):
        assert client.get(talent_url(talent, page)).status_code == 200, page


def _state() -> list[Any]:
    return [
        sorted(Posting.objects.values_list("pk", "status", "title")),
        sorted(Application.objects.values_list("pk", "status")),
    ]


#                      alice bob  carla ina  otto sven anon
TALENT_STEPS = {
    "status": (404, 404, 302, 404, 404, 404, LOGIN),
    "erase": (404, 404, 302, 404, 404, 404, LOGIN),
    "close": (404, 404, 302, 404, 404, 404, LOGIN),
    "edit": (403, 403, 302, 404, 404, 404, LOGIN),
}


def _step(t: dict[str, Any], step: str) -> tuple[str, dict[str, Any]]:
    pk, slug = t["application"].pk, t["posting"].slug
    if step == "status":
        return reverse("talent:application", args=[pk]), {"status": ApplicationStatus.INVITED}
    if step == "erase":
        return reverse("talent:application", args=[pk]), {"action": "erase"}
    if step == "close":
        return reverse("talent:close", args=[slug]), {}
    return reverse("talent:edit", args=[slug]), {
        "kind": "internship",
        "title": "Praktikum Glasurlabor (geändert)",
        "description": "Glasuren mischen.",
        "field_of_work": "materials",
        "language": "de",
        "expires_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    }


@pytest.mark.parametrize("step", TALENT_STEPS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_may_take_exactly_its_talent_steps(talent, step, persona) -> None:
    expected = TALENT_STEPS[step][PERSONAS.index(persona)]
    before = _state()
    address, data = _step(talent, step)
    response = client_for(talent, persona).post(address, data)
    assert response.status_code == expected, (step, persona)
    if expected == 302 and persona != "anon":
        assert _state() != before, (step, persona)
    else:
        assert _state() == before, (step, persona)
    if step == "close" and expected == 302 and persona != "anon":
        assert Posting.objects.get(pk=talent["posting"].pk).status == PostingStatus.CLOSED
