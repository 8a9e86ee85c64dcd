"""Export of a person's data (GDPR Art. 15 and 20): a readable page and JSON, in one zip."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from auditlog.models import LogEntry
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from nahwerk.accounts.models import Invitation
from nahwerk.brokering.models import Message, Need
from nahwerk.events.models import MeetingRequest, Registration
from nahwerk.privacy.subjects import DataSubject
from nahwerk.talent.privacy import export_applications


def _when(value: Any) -> Any:
    """A time in the site's zone (the JSON file gets it as ISO 8601)."""
    return timezone.localtime(value) if value else None


def collect(subject: DataSubject) -> dict[str, Any]:
    """Everything the platform holds about the person, as plain data (JSON-ready)."""
    user = subject.user
    data: dict[str, Any] = {
        "exported_at": _when(timezone.now()),
        "account": None,
        "contact_records": [],
        "consents": [],
        "needs_posted": [],
        "messages_written": [],
        "event_registrations": [],
        "meeting_requests": [],
        "invitations": [],
        "changes_made": [],
        "job_applications": [],
    }
    for person in subject.people:
        data["contact_records"].append(
            {
                "organisation": str(person.organisation or ""),
                "title": person.title,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "function": person.function,
                "email": person.email,
                "phone": person.phone,
                "lawful_basis": str(person.get_lawful_basis_display()),
                "basis_note": person.basis_note,
                "visibility_of_name": str(person.get_visibility_display()),
                "visibility_of_email": str(person.get_email_visibility_display()),
                "visibility_of_phone": str(person.get_phone_visibility_display()),
                "created_at": _when(person.created_at),
                "updated_at": _when(person.updated_at),
            }
        )
        if person.consent_given_at:
            data["consents"].append(
                {
                    "organisation": str(person.organisation or ""),
                    "purpose": person.consent_purpose,
                    "given_at": _when(person.consent_given_at),
                    "withdrawn_at": _when(person.consent_withdrawn_at),
                }
            )
    emails = {p.email.lower() for p in subject.people if p.email}
    if user is not None:
        emails.add(user.email.lower())
        data["account"] = {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "organisation": str(user.organisation or ""),
            "managed_networks": [str(n) for n in user.managed_networks.all()],
            "active": user.is_active,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        }
        for need in Need.objects.filter(created_by=user).select_related("network", "organisation"):
            data["needs_posted"].append(
                {
                    "title": need.title,
                    "description": need.description,
                    "organisation": str(need.organisation),
                    "network": str(need.network),
                    "posting": str(need.get_posting_display()),
                    "status": str(need.get_status_display()),
                    "posted_at": _when(need.created_at),
                }
            )
        messages = Message.objects.filter(author=user).select_related(
            "referral__need", "referral__organisation"
        )
        for message in messages:
            data["messages_written"].append(
                {
                    "need": message.referral.need.title,
                    "conversation_with": str(message.referral.organisation),
                    "message": message.body,
                    "written_at": _when(message.created_at),
                }
            )
        registrations = Registration.objects.filter(user=user).select_related(
            "event", "organisation"
        )
        for registration in registrations:
            data["event_registrations"].append(
                {
                    "event": registration.event.title,
                    "starts_at": _when(registration.event.starts_at),
                    "organisation": str(registration.organisation),
                    "status": str(registration.get_status_display()),
                    "we_offer": registration.offers,
                    "we_are_looking_for": registration.seeks,
                    "registered_at": _when(registration.created_at),
                    "cancelled_at": _when(registration.cancelled_at),
                    "checked_in_at": _when(registration.checked_in_at),
                }
            )
        requests = MeetingRequest.objects.filter(
            Q(requester__user=user) | Q(recipient__user=user)
        ).select_related("event", "requester__organisation", "recipient__organisation")
        for request in requests:
            sent = request.requester.user_id == user.pk
            other = request.recipient if sent else request.requester
            data["meeting_requests"].append(
                {
                    "event": request.event.title,
                    "direction": _("sent") if sent else _("received"),
                    "other_organisation": str(other.organisation),
                    "message": request.message,
                    "priority": str(request.get_priority_display()),
                    "status": str(request.get_status_display()),
                    "sent_at": _when(request.created_at),
                    "answered_at": _when(request.responded_at),
                }
            )
        for entry in LogEntry.objects.filter(actor=user).select_related("content_type"):
            data["changes_made"].append(
                {
                    "at": _when(entry.timestamp),
                    "record_type": str(entry.content_type.model_class()._meta.verbose_name)
                    if entry.content_type.model_class()
                    else entry.content_type.model,
                    "record": entry.object_repr,
                    "action": str(entry.get_action_display()),
                }
            )
    emails.discard("")
    emails |= {e.lower() for e in subject.emails}
    data["job_applications"] = export_applications(emails)
    for invitation in Invitation.objects.filter(
        email__in=[e for e in emails] + [e.upper() for e in emails]
    ).select_related("organisation"):
        data["invitations"].append(
            {
                "email": invitation.email,
                "organisation": str(invitation.organisation),
                "sent_at": _when(invitation.sent_at),
                "expires_at": _when(invitation.expires_at),
                "accepted_at": _when(invitation.accepted_at),
                "withdrawn_at": _when(invitation.revoked_at),
            }
        )
    from nahwerk.startups import privacy as startups_privacy

    data.update(startups_privacy.export(subject))
    return data


def export_zip(subject: DataSubject) -> tuple[str, bytes]:
    """The file name and content of the download: ``daten.html`` and ``daten.json``."""
    data = collect(subject)
    page = render_to_string("privacy/export.html", {"data": data, "subject": subject})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("daten.html", page)
        archive.writestr(
            "daten.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
    stamp = timezone.localdate().isoformat()
    name = slugify(subject.label) or "person"
    return f"nahwerk-daten-{name}-{stamp}.zip", buffer.getvalue()
