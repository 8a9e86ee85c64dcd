"""A talent world on top of the personas: chairs to match, a posting company, a rival.

carla works for Nord Keramik (North), which posts; sven works for Süd Metall (South), an
outsider who must not see Nord Keramik's applications. Two ceramics chairs (a university
and an institute) fit a glaze thesis; a software chair and a ceramics SME do not count.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.functional import empty

from nahwerk.accounts.models import User
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.matching import services as matching_services
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.talent import services
from nahwerk.talent.choices import FieldOfWork, Language, PostingKind
from nahwerk.talent.matching import posting_index
from nahwerk.talent.models import Posting
from nahwerk.talent.storage import private_storage

THESIS_TITLE = "Masterarbeit: Glasurfehler beim Schnellbrand von Steinzeug vermeiden"
THESIS_TEXT = (
    "Beim Schnellbrand unserer Steinzeugfliesen entstehen Nadelstiche und Haarrisse in der "
    "Glasur. Untersuchen Sie Glasurzusammensetzung, Brennkurve und Wärmeausdehnung und "
    "entwickeln Sie eine Glasur, die fehlerfrei ausbrennt."
)


def pdf_bytes(pages: int = 1) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for n in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(text=f"Lebenslauf, Seite {n + 1}")
    return bytes(pdf.output())


def pdf_upload(name: str = "lebenslauf.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


@dataclass
class Talent:
    world: Any
    university: Organisation
    institute: Organisation
    software_chair: Organisation
    glaze_sme: Organisation
    carla: User
    sven: User
    thesis: Posting

    def post(self, **changes: Any) -> Posting:
        data = services.PostingInput(
            **{
                "kind": PostingKind.INTERNSHIP,
                "title": "Praktikum in der Glasurentwicklung",
                "description": "Sie mischen Glasuren, brennen Muster und prüfen sie im Labor.",
                "field_of_work": FieldOfWork.MATERIALS,
                "language": Language.GERMAN,
                "expires_on": timezone.localdate() + dt.timedelta(days=30),
                **changes,
            }
        )
        return services.save_posting(
            user=self.carla, organisation=self.world.north_public, data=data
        )

    def apply(self, posting: Posting | None = None, **changes: Any) -> Any:
        data = services.ApplicationInput(
            **{
                "name": "Lena Bewerberin",
                "email": "lena@example.org",
                "message": "Ich studiere Werkstofftechnik Glas und Keramik im 3. Semester.",
                "consent": True,
                "attachment": pdf_upload(),
                **changes,
            }
        )
        return services.apply(posting=posting or self.thesis, data=data)


@pytest.fixture
def private_root(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.TALENT_PRIVATE_ROOT = tmp_path / "private"
    # the storage reads the setting when first used: forget the one of an earlier test
    private_storage._wrapped = empty  # type: ignore[attr-defined]
    yield settings.TALENT_PRIVATE_ROOT
    private_storage._wrapped = empty  # type: ignore[attr-defined]


@pytest.fixture
def talent(world: Any, matching_index: Path, private_root: Path) -> Talent:
    university = OrganisationFactory(
        name="Hochschule Koblenz, Werkstofftechnik Glas und Keramik",
        slug="hs-koblenz-wgk",
        kind="university",
        postcode="56203",
        competences="Glasuren, Brennverhalten keramischer Massen, Wärmeausdehnung, Rissbildung",
        description="Lehre und Forschung zu Glas, Keramik und Glasuren in Höhr-Grenzhausen.",
    )
    institute = OrganisationFactory(
        name="Forschungsinstitut Glas und Keramik",
        slug="fgk",
        kind="research_institute",
        postcode="56203",
        competences="Glasurentwicklung, Schnellbrand, Fehleranalyse an Fliesen und Steinzeug",
        description="Angewandte Forschung für die keramische Industrie des Westerwalds.",
    )
    software_chair = OrganisationFactory(
        name="Lehrstuhl für Softwaretechnik",
        slug="softwaretechnik",
        kind="university",
        postcode="57610",
        competences="Agile Softwareentwicklung, Testautomatisierung, Web-Anwendungen",
        description="Informatik: Softwarearchitektur und verteilte Systeme.",
    )
    glaze_sme = OrganisationFactory(
        name="Westerwälder Glasurenwerk GmbH",
        slug="glasurenwerk",
        kind="sme",
        postcode="56203",
        competences="Glasuren für Steinzeug und Schnellbrand, Fehleranalyse an Glasuren",
    )
    for org in (university, institute, software_chair, glaze_sme):
        MembershipFactory(organisation=org, network=world.north)
    matching_services.rebuild_index()
    posting_index.clear()
    carla = world.carla
    carla.email = "carla@nord-keramik.example"
    carla.save()
    sven = UserFactory(username="sven", organisation=world.south_public)
    t = Talent(
        world=world,
        university=university,
        institute=institute,
        software_chair=software_chair,
        glaze_sme=glaze_sme,
        carla=carla,
        sven=sven,
        thesis=None,  # type: ignore[arg-type]
    )
    t.thesis = t.post(kind=PostingKind.MASTER_THESIS, title=THESIS_TITLE, description=THESIS_TEXT)
    return t


__all__ = ["THESIS_TEXT", "Talent", "io", "pdf_bytes", "pdf_upload", "private_root", "talent"]
