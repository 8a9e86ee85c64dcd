"""Applicants' data for the privacy app: export and erasure by e-mail address.

Applicants have no account; their e-mail address is what identifies them. The privacy
app's export and erasure of a person (``nahwerk/privacy``) call these with the person's
addresses; the posting organisation calls them for one applicant from the application page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from nahwerk.talent.models import Application


def applications_of(
    emails: Iterable[str], *, within: QuerySet[Application] | None = None
) -> QuerySet[Application]:
    condition = Q()
    for email in {e.strip() for e in emails if e and "@" in e}:
        condition |= Q(email__iexact=email)
    if not condition:
        return Application.objects.none()
    return (within if within is not None else Application.objects.all()).filter(condition)


def _when(value: Any) -> Any:
    return timezone.localtime(value) if value else None


def export_applications(
    emails: Iterable[str], *, within: QuerySet[Application] | None = None
) -> list[dict[str, Any]]:
    """The applications sent with these addresses, as plain data (JSON-ready)."""
    rows = applications_of(emails, within=within).select_related("posting__organisation")
    return [
        {
            "posting": a.posting.title,
            "organisation": str(a.posting.organisation),
            "name": a.name,
            "email": a.email,
            "phone": a.phone,
            "message": a.message,
            "attachment": a.attachment_name,
            "status": str(a.get_status_display()),
            "sent_at": _when(a.created_at),
            "lawful_basis": "consent",
            "consent_given_at": _when(a.consent_given_at),
            "consent_version": a.consent_version,
            "consent_text": a.consent_text,
            "erased_after": _when(a.erase_after),
        }
        for a in rows
    ]


def erase_applications_of(
    emails: Iterable[str], *, within: QuerySet[Application] | None = None
) -> int:
    """Delete the applications sent with these addresses, with their files."""
    from nahwerk.talent.services import delete_application

    count = 0
    with transaction.atomic():
        for application in applications_of(emails, within=within):
            delete_application(application)
            count += 1
    return count
