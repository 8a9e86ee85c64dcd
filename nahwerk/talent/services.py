"""The talent exchange's workflows: posting, applying, the inbox, expiry and erasure.

Every step checks who may take it and refuses bad input with a ``ValidationError`` that
names the field, before anything is written. Applicants have no account: what they send
is reachable only by the users of the posting organisation (and the site administrator),
and is erased ``TALENT_APPLICATION_RETENTION_DAYS`` after it arrived (``erase_applications``).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import is_site_admin
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.mail import Mail, send_logged
from nahwerk.reference.models import Postcode
from nahwerk.slugs import german_slug
from nahwerk.talent.choices import ApplicationStatus, PostingKind, PostingStatus
from nahwerk.talent.models import Application, Posting
from nahwerk.validators import plausible_date, reject_markup

logger = logging.getLogger(__name__)

# The consent an applicant gives, stored with its version: a changed text gets a new one.
CONSENT_VERSION = "2026-12"
CHAIR_KINDS = frozenset({OrganisationKind.UNIVERSITY, OrganisationKind.RESEARCH_INSTITUTE})


def consent_text(posting: Posting) -> str:
    """The text the applicant agrees to (stored with the application as it was shown)."""
    return _(
        "I agree that %(organisation)s processes my details and attachment to decide on my "
        "application for “%(title)s”. Only its staff see them; they are erased %(days)s days "
        "after receipt at the latest. I can withdraw this consent at any time by e-mail to "
        "the organisation."
    ) % {
        "organisation": posting.organisation.name,
        "title": posting.title,
        "days": retention_days(),
    }


def retention_days() -> int:
    return int(getattr(settings, "TALENT_APPLICATION_RETENTION_DAYS", 180))


def max_attachment_bytes() -> int:
    return int(getattr(settings, "TALENT_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Who may do what ------------------------------------------------------------------------


def may_post_for(user: Any, organisation: Organisation) -> bool:
    """The organisation's own users (and the site administrator) post in its name."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_site_admin(user) or user.organisation_id == organisation.pk


def editable_postings(user: Any) -> QuerySet[Posting]:
    if is_site_admin(user):
        return Posting.objects.all()
    if not (user.is_authenticated and user.is_active and user.organisation_id):
        return Posting.objects.none()
    return Posting.objects.filter(organisation_id=user.organisation_id)


def readable_applications(user: Any) -> QuerySet[Application]:
    """Applications the user may read: those to their organisation's postings.

    Network managers do not see them: the applicant consented to the posting
    organisation, not to the network.
    """
    if is_site_admin(user):
        return Application.objects.all()
    if not (user.is_authenticated and user.is_active and user.organisation_id):
        return Application.objects.none()
    return Application.objects.filter(posting__organisation_id=user.organisation_id)


# --- Postings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostingInput:
    kind: str
    title: str
    description: str
    field_of_work: str
    language: str
    expires_on: dt.date
    requirements: str = ""
    chair: Organisation | None = None
    chair_name: str = ""
    postcode: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


def _check(data: PostingInput, *, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name in ("title", "description", "requirements", "chair_name"):
        try:
            reject_markup(getattr(data, name))
        except ValidationError as error:
            add(name, " ".join(error.messages))
    if not data.title.strip():
        add("title", _("Please give the posting a title."))
    if not data.description.strip():
        add("description", _("Please describe the posting."))
    if data.kind not in PostingKind.values:
        add("kind", _("Unknown kind of posting: %(value)s") % {"value": data.kind})
    for name in ("starts_on", "ends_on", "expires_on"):
        try:
            plausible_date(getattr(data, name))
        except ValidationError as error:
            add(name, " ".join(error.messages))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        add(
            "ends_on",
            _("The end (%(end)s) lies before the start (%(start)s).")
            % {
                "end": date_format(data.ends_on, "SHORT_DATE_FORMAT"),
                "start": date_format(data.starts_on, "SHORT_DATE_FORMAT"),
            },
        )
    if data.expires_on < today:
        add(
            "expires_on",
            _("“Shown until” (%(date)s) has passed already.")
            % {"date": date_format(data.expires_on, "SHORT_DATE_FORMAT")},
        )
    if data.chair is not None and data.chair.kind not in CHAIR_KINDS:
        add(
            "chair",
            _("%(name)s is no university or research institute.") % {"name": data.chair.name},
        )
    if data.postcode and not Postcode.objects.filter(code=data.postcode).exists():
        add("postcode", _("Unknown German postcode: %(value)s") % {"value": data.postcode})
    return errors


def _unique_slug(title: str, exclude: int | None = None) -> str:
    base = german_slug(title, fallback="stelle")
    slug, n = base, 2
    others = Posting.objects.filter(slug=slug)
    while (others.exclude(pk=exclude) if exclude else others).exists():
        slug = f"{base}-{n}"
        others = Posting.objects.filter(slug=slug)
        n += 1
    return slug


def _locate(posting: Posting) -> None:
    """Place, district and coordinates from the postcode, or else from the organisation."""
    org = posting.organisation
    entry = Postcode.objects.filter(code=posting.postcode).first() if posting.postcode else None
    if entry is not None:
        posting.latitude, posting.longitude = entry.latitude, entry.longitude
        posting.place = entry.place
        posting.district_id = entry.district_id
    else:
        posting.latitude, posting.longitude = org.latitude, org.longitude
        posting.place = org.city
        posting.district_id = org.district_id


# what a posting's form edits, in its order (the form's initial values and the save)
POSTING_FIELDS = (
    "kind",
    "title",
    "description",
    "requirements",
    "field_of_work",
    "language",
    "chair",
    "chair_name",
    "postcode",
    "starts_on",
    "ends_on",
    "expires_on",
)


def save_posting(
    *,
    user: Any,
    organisation: Organisation,
    data: PostingInput,
    posting: Posting | None = None,
) -> Posting:
    """Create or change a posting of the organisation; nothing is written on bad input."""
    if not may_post_for(user, organisation):
        raise PermissionDenied(_("Only the organisation's own users may post in its name."))
    if posting is not None and posting.organisation_id != organisation.pk:
        raise PermissionDenied(_("This posting belongs to another organisation."))
    errors = _check(data, today=timezone.localdate())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        posting = posting or Posting(organisation=organisation, created_by=user)
        for name in POSTING_FIELDS:
            value = getattr(data, name)
            setattr(posting, name, value.strip() if isinstance(value, str) else value)
        if not posting.is_thesis:
            posting.chair, posting.chair_name = None, ""
        if not posting.slug:
            posting.slug = _unique_slug(posting.title)
        posting.status = PostingStatus.OPEN
        _locate(posting)
        posting.save()
    transaction.on_commit(enqueue_posting_vectors)
    return posting


def close_posting(*, user: Any, posting: Posting) -> None:
    if not may_post_for(user, posting.organisation):
        raise PermissionDenied(_("Only the organisation's own users may close its postings."))
    posting.status = PostingStatus.CLOSED
    posting.save(update_fields=["status", "updated_at"])


def expire_postings(*, now: dt.datetime | None = None) -> str:
    """The periodic job: open postings whose "shown until" has passed leave the board."""
    today = timezone.localdate(now or timezone.now())
    count = Posting.objects.filter(status=PostingStatus.OPEN, expires_on__lt=today).update(
        status=PostingStatus.EXPIRED, updated_at=timezone.now()
    )
    return f"{count} posting(s) expired"


def enqueue_posting_vectors() -> None:
    from nahwerk.jobs.queue import enqueue, queued_args
    from nahwerk.talent.tasks import refresh_vectors

    if not queued_args("embed postings"):
        enqueue(refresh_vectors, name="embed postings")


# --- Applying -------------------------------------------------------------------------------


def check_attachment(upload: UploadedFile) -> None:
    """A PDF of at most the allowed size, judged by its content, not by its name."""
    limit = max_attachment_bytes()
    name = upload.name or ""
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "attachment": _(
                    "“%(name)s” is %(size)s MB; attachments may have at most %(limit)s MB."
                )
                % {
                    "name": name,
                    "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                    "limit": limit // (1024 * 1024),
                }
            }
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not content.startswith(b"%PDF-"):
        raise ValidationError(
            {"attachment": _("“%(name)s” is not a PDF file. Please attach a PDF.") % {"name": name}}
        )
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError(
                {
                    "attachment": _(
                        "“%(name)s” is protected by a password. Please attach it without one."
                    )
                    % {"name": name}
                }
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(
            {
                "attachment": _("“%(name)s” cannot be read as a PDF. Please save it again as PDF.")
                % {"name": name}
            }
        ) from error
    if pages == 0:
        raise ValidationError({"attachment": _("“%(name)s” has no pages.") % {"name": name}})


@dataclass(frozen=True)
class ApplicationInput:
    name: str
    email: str
    message: str
    consent: bool
    phone: str = ""
    attachment: UploadedFile | None = None


def apply(
    *, posting: Posting, data: ApplicationInput, now: dt.datetime | None = None
) -> Application:
    """A person applies without an account; the organisation's users are told by mail."""
    now = now or timezone.now()
    if not posting.on_board:
        raise ValidationError(_("This posting is no longer open for applications."))
    errors: dict[str, list[str]] = {}
    for name in ("name", "message", "phone"):
        try:
            reject_markup(getattr(data, name))
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
    if not data.consent:
        errors.setdefault("consent", []).append(
            _("Without your consent the organisation may not process your application.")
        )
    if errors:
        raise ValidationError(errors)
    if data.attachment is not None:
        check_attachment(data.attachment)
    with transaction.atomic():
        application = Application(
            posting=posting,
            name=data.name.strip(),
            email=data.email.strip(),
            phone=data.phone.strip(),
            message=data.message.strip(),
            consent_given_at=now,
            consent_version=CONSENT_VERSION,
            consent_text=consent_text(posting),
            erase_after=now + dt.timedelta(days=retention_days()),
        )
        if data.attachment is not None:
            application.attachment_name = (data.attachment.name or "")[:200]
            application.attachment_size = data.attachment.size or 0
            application.attachment.save("anlage.pdf", data.attachment, save=False)
        try:
            application.save()
        except Exception:
            if application.attachment:
                application.attachment.delete(save=False)
            raise
        _tell_organisation(application)
    return application


def _tell_organisation(application: Application) -> None:
    posting = application.posting
    users = User.objects.filter(organisation=posting.organisation_id, is_active=True).exclude(
        email=""
    )
    subject = _("New application: %(title)s") % {"title": posting.title}
    # the applicant's details stay on the platform: the mail only points to the inbox
    body = _("A new application for “%(title)s” has arrived.\n\nOpen it in your inbox: %(url)s") % {
        "title": posting.title,
        "url": _site(reverse("talent:inbox")),
    }
    messages: list[Mail] = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in users
    ]
    transaction.on_commit(lambda: send_logged(messages, "a talent application"))


def set_status(*, user: Any, application: Application, status: str) -> Application:
    if not readable_applications(user).filter(pk=application.pk).exists():
        raise PermissionDenied(_("Only the posting organisation may decide on applications."))
    if status not in ApplicationStatus.values:
        raise ValidationError({"status": _("Unknown status: %(value)s") % {"value": status}})
    application.status = status
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at"])
    return application


def delete_application(application: Application) -> None:
    """The row and its file; the file goes only once the deletion is committed."""
    name = application.attachment.name if application.attachment else ""
    storage = application.attachment.storage
    application.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def erase_applications(*, now: dt.datetime | None = None) -> str:
    """The periodic job: applications past their period are deleted with their files."""
    now = now or timezone.now()
    count = 0
    for application in Application.objects.filter(erase_after__lt=now):
        with transaction.atomic():
            delete_application(application)
        count += 1
    return f"{count} application(s) erased"


def new_applications(organisation_id: int, *, limit: int = 5) -> tuple[int, list[Application]]:
    """How many applications to the organisation's postings are unread, and the newest."""
    received = Application.objects.filter(
        posting__organisation_id=organisation_id, status=ApplicationStatus.RECEIVED
    ).select_related("posting")
    return received.count(), list(received[:limit])
