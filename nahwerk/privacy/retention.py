"""Retention periods: personal data that has served its purpose is deleted.

The periods are settings (``PRIVACY_*``, see docs/privacy.md). ``run_retention`` applies
all of them and is what the periodic job calls; ``manage.py apply_retention`` runs it by
hand. Each function takes ``now`` so that tests can move the clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from nahwerk.accounts.models import Invitation
from nahwerk.brokering.models import Message, Need, NeedStatus

# Needs whose conversation is over: the messages of these are deleted after the period.
CLOSED_STATUSES = (NeedStatus.CLOSED, NeedStatus.REJECTED)


def _deleted(queryset: QuerySet[Any]) -> int:
    """How many rows of the queryset's own model were deleted (not counting cascades)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def invitation_days() -> int:
    return int(getattr(settings, "PRIVACY_INVITATION_RETENTION_DAYS", 90))


def audit_log_days() -> int:
    return int(getattr(settings, "PRIVACY_AUDIT_LOG_RETENTION_DAYS", 3 * 365))


def login_log_days() -> int:
    return int(getattr(settings, "PRIVACY_LOGIN_LOG_RETENTION_DAYS", 90))


def closed_need_message_months() -> int:
    return int(getattr(settings, "PRIVACY_CLOSED_NEED_MESSAGES_MONTHS", 24))


def delete_stale_invitations(*, now: datetime | None = None) -> int:
    """Invitations never accepted, expired or withdrawn more than the period ago."""
    cutoff = (now or timezone.now()) - timedelta(days=invitation_days())
    stale = Invitation.objects.filter(accepted_at__isnull=True).filter(
        Q(revoked_at__lt=cutoff) | Q(revoked_at__isnull=True, expires_at__lt=cutoff)
    )
    return _deleted(stale)


def delete_old_audit_entries(*, now: datetime | None = None) -> int:
    """Audit log entries older than the period (who changed what is kept that long)."""
    cutoff = (now or timezone.now()) - timedelta(days=audit_log_days())
    return _deleted(LogEntry.objects.filter(timestamp__lt=cutoff))


def delete_old_login_records(*, now: datetime | None = None) -> int:
    """The login throttle's records of attempts (user names, addresses, browsers)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = (now or timezone.now()) - timedelta(days=login_log_days())
    return (
        _deleted(AccessAttempt.objects.filter(attempt_time__lt=cutoff))
        + _deleted(AccessFailureLog.objects.filter(attempt_time__lt=cutoff))
        + _deleted(AccessLog.objects.filter(attempt_time__lt=cutoff))
    )


def delete_messages_of_closed_needs(*, now: datetime | None = None) -> int:
    """Messages of needs closed or rejected more than the period ago.

    A need counts as closed since its last step; the need, its routings and answers stay,
    so the overview's figures do not change.
    """
    cutoff = (now or timezone.now()) - timedelta(days=30 * closed_need_message_months())
    closed = (
        Need.objects.filter(status__in=CLOSED_STATUSES)
        .annotate(last_step=Max("events__created_at"))
        .filter(Q(last_step__lt=cutoff) | Q(last_step__isnull=True, updated_at__lt=cutoff))
    )
    return _deleted(Message.objects.filter(referral__need__in=closed.values("pk")))


def run_retention(*, now: datetime | None = None) -> dict[str, int]:
    """Apply every retention period; how many records each deleted.

    The one entry point for the periodic job (and ``manage.py apply_retention``).
    """
    now = now or timezone.now()
    return {
        "invitations": delete_stale_invitations(now=now),
        "audit_log_entries": delete_old_audit_entries(now=now),
        "login_records": delete_old_login_records(now=now),
        "messages_of_closed_needs": delete_messages_of_closed_needs(now=now),
    }
