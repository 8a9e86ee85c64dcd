"""The talent exchange's workflows: posting, applying, matching, expiry, erasure, privacy."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from nahwerk.privacy.erasure import erase
from nahwerk.privacy.export import collect
from nahwerk.privacy.subjects import DataSubject
from nahwerk.talent import services
from nahwerk.talent.choices import ApplicationStatus, PostingKind, PostingStatus
from nahwerk.talent.matching import fitting_chairs, postings_for_interest
from nahwerk.talent.models import Application, Posting
from nahwerk.talent.tests.conftest import Talent, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> None:
    # the messages are asserted in their English msgids (German has its own test in views)
    translation.activate("en")


def files_in(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- postings --------------------------------------------------------------------------------


def test_a_posting_is_placed_at_the_organisation_unless_a_postcode_says_otherwise(
    talent: Talent,
) -> None:
    assert talent.thesis.place == talent.world.north_public.city
    elsewhere = talent.post(title="Praktikum in Hachenburg", postcode="57627")
    assert elsewhere.place and elsewhere.district is not None
    assert elsewhere.district.ags == "07143"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"starts_on": dt.date(2027, 3, 1), "ends_on": dt.date(2027, 2, 1)},
            "ends_on",
            "lies before the start",
        ),
        ({"title": "<b>Praktikum</b>"}, "title", "without HTML tags"),
        ({"description": "Klick <script>alert(1)</script>"}, "description", "<script>"),
        ({"expires_on": dt.date(2020, 1, 1)}, "expires_on", "has passed already"),
        ({"postcode": "99999"}, "postcode", "Unknown German postcode: 99999"),
    ],
)
def test_bad_postings_are_refused_naming_the_field_and_nothing_is_saved(
    talent: Talent, changes: dict[str, Any], field: str, message: str
) -> None:
    before = Posting.objects.count()
    with pytest.raises(ValidationError) as error:
        talent.post(**changes)
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert Posting.objects.count() == before


def test_a_company_is_no_supervising_chair(talent: Talent) -> None:
    with pytest.raises(ValidationError, match="no university or research institute"):
        talent.post(kind=PostingKind.BACHELOR_THESIS, chair=talent.glaze_sme)


def test_only_the_organisations_users_post_in_its_name(talent: Talent) -> None:
    data = services.PostingInput(
        kind=PostingKind.JOB,
        title="Fremder Job",
        description="x",
        field_of_work="other",
        language="de",
        expires_on=timezone.localdate(),
    )
    with pytest.raises(PermissionDenied):
        services.save_posting(user=talent.sven, organisation=talent.world.north_public, data=data)


def test_an_expired_posting_leaves_the_board_by_the_job(talent: Talent) -> None:
    assert talent.thesis in Posting.objects.on_board()
    later = timezone.now() + dt.timedelta(days=31)
    with time_machine.travel(later, tick=False):
        assert services.expire_postings() == "1 posting(s) expired"
        assert Posting.objects.on_board().count() == 0
    talent.thesis.refresh_from_db()
    assert talent.thesis.status == PostingStatus.EXPIRED


# --- applying --------------------------------------------------------------------------------


def test_an_application_is_stored_privately_with_the_consent_recorded(
    talent: Talent, private_root: Path
) -> None:
    application = talent.apply()
    assert application.consent_given_at is not None
    assert application.consent_version == services.CONSENT_VERSION
    assert "Nord Keramik GmbH" in application.consent_text
    assert application.attachment_name == "lebenslauf.pdf"
    stored = files_in(private_root)
    assert len(stored) == 1 and stored[0].read_bytes().startswith(b"%PDF-")
    # a random name outside MEDIA: the applicant's file name is not in the path
    assert "lebenslauf" not in str(stored[0])
    # readable by the service user only, whatever the umask
    assert stat.S_IMODE(stored[0].stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
            "“cv.pdf” is not a PDF file",
        ),
        (
            SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
            "“bild.png” is not a PDF file",
        ),
        (
            SimpleUploadedFile("kaputt.pdf", b"%PDF-1.4\n garbage", content_type="application/pdf"),
            "cannot be read as a PDF",
        ),
        (
            SimpleUploadedFile(
                "gross.pdf", pdf_bytes() + b"\n%" + b"0" * (5 * 1024 * 1024), content_type="x"
            ),
            "attachments may have at most 5 MB",
        ),
    ],
    ids=["exe-named-pdf", "png", "broken-pdf", "oversized"],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(
    talent: Talent, private_root: Path, upload: SimpleUploadedFile, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        talent.apply(attachment=upload)
    assert message in " ".join(error.value.message_dict["attachment"])
    assert Application.objects.count() == 0
    assert files_in(private_root) == []


def test_markup_and_missing_consent_are_refused(talent: Talent) -> None:
    with pytest.raises(ValidationError) as error:
        talent.apply(name="<img src=x onerror=alert(1)>", consent=False)
    assert set(error.value.message_dict) == {"name", "consent"}
    assert Application.objects.count() == 0


def test_no_application_to_a_posting_off_the_board(talent: Talent) -> None:
    services.close_posting(user=talent.carla, posting=talent.thesis)
    with pytest.raises(ValidationError, match="no longer open"):
        talent.apply()


def test_the_organisation_is_told_by_mail_without_the_applicants_details(
    talent: Talent, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        talent.apply()
    assert [m.to for m in mailoutbox] == [["carla@nord-keramik.example"]]
    assert "Lena" not in mailoutbox[0].body and "/talente/eingang/" in mailoutbox[0].body


def test_only_the_posting_organisation_reads_and_decides(talent: Talent) -> None:
    application = talent.apply()
    assert list(services.readable_applications(talent.carla)) == [application]
    assert list(services.readable_applications(talent.sven)) == []
    # the network's manager neither: the applicant consented to the organisation
    assert list(services.readable_applications(talent.world.alice)) == []
    assert list(services.readable_applications(talent.world.root)) == [application]
    with pytest.raises(PermissionDenied):
        services.set_status(
            user=talent.sven, application=application, status=ApplicationStatus.DECLINED
        )
    services.set_status(
        user=talent.carla, application=application, status=ApplicationStatus.INVITED
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INVITED


def test_applications_and_their_files_are_erased_when_the_period_ends(
    talent: Talent, private_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    talent.apply()
    assert len(files_in(private_root)) == 1
    with time_machine.travel(timezone.now() + dt.timedelta(days=179), tick=False):
        assert services.erase_applications() == "0 application(s) erased"
    with (
        time_machine.travel(timezone.now() + dt.timedelta(days=181), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.erase_applications() == "1 application(s) erased"
    assert Application.objects.count() == 0
    assert files_in(private_root) == []


# --- privacy ---------------------------------------------------------------------------------


def test_the_applicant_is_in_the_export_and_erasure_by_email(
    talent: Talent, private_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    talent.apply()
    subject = DataSubject(user=None, emails=["LENA@example.org"])
    exported = collect(subject)["job_applications"]
    assert [a["posting"] for a in exported] == [talent.thesis.title]
    assert exported[0]["lawful_basis"] == "consent"
    assert exported[0]["consent_version"] == services.CONSENT_VERSION
    with django_capture_on_commit_callbacks(execute=True):
        record = erase(subject, by=talent.world.root, by_manager=True)
    assert record.counts["job_applications"] == 1
    assert Application.objects.count() == 0 and files_in(private_root) == []


# --- matching --------------------------------------------------------------------------------


def test_a_thesis_topic_finds_the_fitting_chairs_explained(talent: Talent) -> None:
    chairs = fitting_chairs(talent.thesis, user=talent.carla)
    names = [r.organisation.name for r in chairs]
    assert set(names[:2]) == {talent.university.name, talent.institute.name}
    assert talent.software_chair.name not in names
    assert talent.glaze_sme.name not in names  # a company is no chair
    assert all(r.passages or r.shared_terms for r in chairs[:2])


def test_an_interest_finds_the_postings_that_fit_and_says_when_none_does(
    talent: Talent,
) -> None:
    talent.post(
        kind=PostingKind.APPRENTICESHIP,
        title="Ausbildung zur Industriekauffrau",
        description="Buchhaltung, Einkauf und Vertrieb in einem Familienunternehmen.",
    )
    fits = postings_for_interest("Ich möchte an Glasuren und Brennfehlern bei Fliesen forschen")
    assert fits and fits[0].posting == talent.thesis
    assert fits[0].shared_terms or fits[0].passages
    assert postings_for_interest("xyzzy quux plonk") == []


def test_an_attachment_upload_is_checked_by_content_not_by_name(talent: Talent) -> None:
    application = talent.apply(attachment=pdf_upload("Lebenslauf.PNG"))
    assert application.attachment_name == "Lebenslauf.PNG"


def test_expiry_and_erasure_are_registered_as_periodic_jobs() -> None:
    from django.utils.module_loading import import_string

    from nahwerk.jobs.periodic import PERIODIC_JOBS

    jobs = {job.name: job for job in PERIODIC_JOBS}
    for name in ("expire-postings", "erase-applications"):
        assert name in jobs and jobs[name].daily_at
        assert callable(import_string(jobs[name].func))
