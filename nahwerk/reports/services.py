"""Sending the subscribed funder reports: each subscription once per month or quarter."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nahwerk.reports import report as reports
from nahwerk.reports.keyfigures import Period
from nahwerk.reports.models import ReportSubscription

logger = logging.getLogger(__name__)


def send_report(*, subscription: ReportSubscription, period: Period) -> None:
    """One mail to the subscription's recipients with the report as PDF and Excel."""
    with translation.override(subscription.language):
        report = reports.build_report(subscription.network, period)
        mail = EmailMessage(
            subject=_("%(title)s: %(network)s, %(period)s")
            % {"title": reports.title(), "network": subscription.network.name, "period": period},
            body=_(
                "Attached is the report of %(network)s for %(period)s, as PDF and as Excel.\n\n"
                "You receive it because a manager of the network subscribed this address on "
                "nahwerk; the managers can end the subscription on the key figures page."
            )
            % {"network": subscription.network.name, "period": period},
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=subscription.recipient_list,
        )
        mail.attach(report.filename("pdf"), reports.render_pdf(report), reports.PDF_MIME)
        mail.attach(report.filename("xlsx"), reports.render_xlsx(report), reports.XLSX_MIME)
    mail.send(fail_silently=False)


def send_due_reports(*, today: dt.date | None = None) -> int:
    """Send every report whose month or quarter has ended and was not sent yet.

    A subscription is marked sent only after its mail went out; a failing mail server
    leaves it due, and the next run tries again.
    """
    today = today or timezone.localdate()
    sent = 0
    for subscription in ReportSubscription.objects.select_related("network").order_by("pk"):
        period = subscription.due_period(today)
        if period is None:
            continue
        try:
            send_report(subscription=subscription, period=period)
        except Exception:
            logger.exception("Could not send the report of subscription %s", subscription.pk)
            continue
        with transaction.atomic():
            ReportSubscription.objects.filter(pk=subscription.pk).update(last_period_end=period.end)
        sent += 1
    return sent
