"""Erasure of a person's data (GDPR Art. 17) that keeps the network's figures intact.

Records that count (needs, routings, messages, registrations, meeting requests) stay; what
identifies the person in them goes: the account is deactivated and renamed, contact
records are emptied, texts the person wrote are replaced, and wherever else their name,
e-mail address or phone number still appears — other people's texts, the admin
history, the audit log — it is replaced by ``ERASED``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast

from nahwerk.accounts.models import Invitation
from nahwerk.brokering.models import Message, Notification
from nahwerk.directory.choices import Visibility
from nahwerk.directory.models import Organisation, Person
from nahwerk.directory.signals import organisations_changed
from nahwerk.events.models import MeetingRequest, Registration
from nahwerk.privacy.models import Erasure
from nahwerk.privacy.subjects import MIN_VALUE_LENGTH, DataSubject
from nahwerk.talent.privacy import erase_applications_of

# Stored, not shown through gettext: the text stays in the records whatever the language.
ERASED = "[gelöscht]"
ERASED_MESSAGE = "[Nachricht gelöscht]"

PERSON_FIELDS = ("title", "first_name", "last_name", "function", "email", "phone", "basis_note")
# Apps whose text columns are searched for the person's values. Reference data and the
# public EU project registers hold no platform users' data and are large.
SKIPPED_APPS = {"reference", "projects", "contenttypes", "auth", "sessions", "auditlog", "axes"}


def erase(subject: DataSubject, *, by: Any, by_manager: bool) -> Erasure:
    """Erase the person's data; returns the record that it happened (without values)."""
    counts: Counter[str] = Counter()
    with transaction.atomic(), disable_auditlog():
        values = set(subject.personal_values()) | _earlier_values(subject)
        values = {v for v in values if len(v) >= MIN_VALUE_LENGTH}
        user = subject.user
        user_id = user.pk if user is not None else None
        if user is not None:
            counts["messages"] = Message.objects.filter(author=user).update(body=ERASED_MESSAGE)
            counts["registrations"] = Registration.objects.filter(user=user).update(
                offers="", seeks=""
            )
            counts["meeting_requests"] = MeetingRequest.objects.filter(requester__user=user).update(
                message=""
            )
            Notification.objects.filter(user=user).delete()
            _end_sessions_and_tokens(user)
            counts["login_records"] = _delete_login_records(user.username, values)
            user.username = f"geloescht-{user.pk}"
            user.first_name = user.last_name = user.email = ""
            user.is_active = user.is_staff = user.is_superuser = False
            user.set_unusable_password()
            user.save()
            user.managed_networks.clear()
            counts["account"] = 1
        for person in subject.people:
            for name in PERSON_FIELDS:
                setattr(person, name, "")
            person.first_name = ERASED
            person.visibility = person.email_visibility = person.phone_visibility = (
                Visibility.MANAGERS
            )
            person.save()
            counts["contact_records"] += 1
        from nahwerk.startups import privacy as startups_privacy

        counts["mentor_offers"] = startups_privacy.erase(subject)
        counts["invitations"] = _erase_invitations(values)
        counts["job_applications"] = erase_applications_of(
            {v for v in values if "@" in v} | set(subject.emails)
        )
        counts["audit_log_entries"] = _scrub_audit_log(subject, values)
        counts["texts"] = redact_everywhere(values)
        # public pages kept for visitors without login may show the person's name
        caches["pages"].clear()
        return Erasure.objects.create(
            erased_by=by if by is not None and by.pk != user_id else None,
            by_manager=by_manager,
            user_id_erased=user_id,
            counts=dict(counts),
        )


def _pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(values), key=len, reverse=True)
    if not ordered:
        return None
    # whole words only: erasing "Anna Berg" leaves "Anna Bergmann" alone
    alternatives = "|".join(re.escape(v) for v in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _redact(value: Any, pattern: re.Pattern[str]) -> Any:
    """The value with every match replaced, also inside JSON lists and objects."""
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_redact(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _redact(item, pattern) for key, item in value.items()}
    return value


def _text_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and not f.unique
        and not f.primary_key
    ]


def redact_everywhere(values: Iterable[str]) -> int:
    """Replace the values in every text column of the platform's tables; rows changed."""
    values = sorted(set(values))
    pattern = _pattern(values)
    if pattern is None:
        return 0
    changed = 0
    organisations: list[int] = []
    for model in apps.get_models():
        if model._meta.app_label in SKIPPED_APPS or model._meta.proxy:
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        condition = Q()
        for name in fields:
            for value in values:
                condition |= Q(**{f"{name}__icontains": value})
        for row in model._base_manager.filter(condition).values("pk", *fields):
            update = {name: _redact(row[name], pattern) for name in fields}
            update = {k: v for k, v in update.items() if v != row[k]}
            if update:
                model._base_manager.filter(pk=row["pk"]).update(**update)
                changed += 1
                if model is Organisation:
                    organisations.append(row["pk"])
    if organisations:
        # a profile text named the person: the partner index must forget it too
        transaction.on_commit(
            lambda: organisations_changed.send(sender=Organisation, ids=organisations)
        )
    return changed


def _earlier_values(subject: DataSubject) -> set[str]:
    """Names, addresses and numbers the person's contact records had before (audit log)."""
    earlier: set[str] = set()
    if not subject.people:
        return earlier
    person_type = ContentType.objects.get_for_model(Person)
    for changes in LogEntry.objects.filter(
        content_type=person_type, object_pk__in=[str(p.pk) for p in subject.people]
    ).values_list("changes", flat=True):
        for name in ("email", "phone"):
            for value in (changes or {}).get(name, []) if isinstance(changes, dict) else []:
                if isinstance(value, str) and value not in ("", "None"):
                    earlier.add(value)
    return earlier


def _scrub_audit_log(subject: DataSubject, values: set[str]) -> int:
    """Remove the person's values from the audit log; the entries (who, when, what) stay."""
    pattern = _pattern(values)
    own = Q()
    if subject.people:
        own |= Q(
            content_type=ContentType.objects.get_for_model(Person),
            object_pk__in=[str(p.pk) for p in subject.people],
        )
    if subject.user is not None:
        registrations = Registration.objects.filter(user=subject.user).values_list("pk", flat=True)
        own |= Q(
            content_type=ContentType.objects.get_for_model(Registration),
            object_pk__in=[str(pk) for pk in registrations],
        )
    mentions = Q()
    entries = LogEntry.objects.annotate(
        changes_as_text=Cast("changes", models.TextField()),
        data_as_text=Cast("serialized_data", models.TextField()),
    )
    for value in values:
        # JSON columns may hold non-ASCII characters escaped (SQLite) or as they are.
        escaped = value.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
        for text in {value, escaped}:
            mentions |= (
                Q(object_repr__icontains=text)
                | Q(changes_text__icontains=text)
                | Q(changes_as_text__icontains=text)
                | Q(data_as_text__icontains=text)
            )
    if not own and not mentions:
        return 0
    scrubbed = 0
    for entry in entries.filter(own | mentions):
        if pattern is not None:
            entry.object_repr = _redact(entry.object_repr, pattern)
            entry.changes_text = _redact(entry.changes_text, pattern)
            entry.changes = _redact(entry.changes, pattern)
        if isinstance(entry.changes, dict) and own and _is_own(entry, subject):
            # earlier values of the person's fields, whatever they were
            for name in (*PERSON_FIELDS, "offers", "seeks"):
                if name in entry.changes:
                    entry.changes[name] = [ERASED, ERASED]
            entry.object_repr = ERASED
        entry.serialized_data = None
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=entry.object_repr,
            changes_text=entry.changes_text,
            changes=entry.changes,
            serialized_data=None,
        )
        scrubbed += 1
    return scrubbed


def _is_own(entry: LogEntry, subject: DataSubject) -> bool:
    model = entry.content_type.model_class()
    if model is Person:
        return entry.object_pk in {str(p.pk) for p in subject.people}
    if model is Registration and subject.user is not None:
        return Registration.objects.filter(pk=entry.object_pk, user=subject.user).exists()
    return False


def _end_sessions_and_tokens(user: Any) -> None:
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def _delete_login_records(username: str, values: set[str]) -> int:
    """django-axes keeps user names (and form data) of login attempts: those go."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        condition = Q(username__iexact=username)
        for value in values:
            condition |= Q(username__icontains=value)
            if hasattr(model, "post_data"):
                condition |= Q(post_data__icontains=value) | Q(get_data__icontains=value)
        deleted += model.objects.filter(condition).delete()[0]
    return deleted


def _erase_invitations(values: set[str]) -> int:
    emails = [v for v in values if "@" in v]
    if not emails:
        return 0
    condition = Q()
    for email in emails:
        condition |= Q(email__iexact=email)
    count = 0
    for invitation in Invitation.objects.filter(condition):
        invitation.email = f"geloescht-{invitation.pk}@geloescht.invalid"
        invitation.first_name = invitation.last_name = ""
        invitation.save(update_fields=["email", "first_name", "last_name"])
        count += 1
    return count
