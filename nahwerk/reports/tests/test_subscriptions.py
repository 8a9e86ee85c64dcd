"""The subscribed report by mail: due once per month or quarter, with both files attached."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from openpyxl import load_workbook
from pypdf import PdfReader

from nahwerk.jobs.periodic import PERIODIC_JOBS
from nahwerk.reports.models import ReportSubscription
from nahwerk.reports.tasks import send_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarterly(scene) -> ReportSubscription:
    return ReportSubscription.objects.create(
        network=scene.network,
        recipients="foerderung@land.example\nbuero@netzwerk.example",
        frequency="quarterly",
        language="de",
        created_by=scene.manager,
    )


def test_the_quarterly_report_goes_out_once_after_the_quarter(quarterly, time_machine) -> None:
    time_machine.move_to("2026-04-01 06:30 +02:00")
    assert send_reports() == "1 report(s) sent"
    (message,) = mail.outbox
    assert message.to == ["foerderung@land.example", "buero@netzwerk.example"]
    assert "Bericht für den Fördermittelgeber" in message.subject
    assert "01.01.2026\u201331.03.2026" in message.subject
    (pdf_name, pdf, pdf_type), (xlsx_name, xlsx, _) = message.attachments
    assert xlsx_name.endswith(".xlsx")
    assert (pdf_name, pdf_type) == (
        "bericht-kennzahlen-2026-01-01-2026-03-31.pdf",
        "application/pdf",
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Eingestellte Bedarfe" in text
    assert load_workbook(io.BytesIO(xlsx))["Bedarfe"]["B2"].value == 4
    quarterly.refresh_from_db()
    assert quarterly.last_period_end == dt.date(2026, 3, 31)
    # the next days: nothing more until the quarter after
    time_machine.move_to("2026-04-02 06:30 +02:00")
    assert send_reports() == "0 report(s) sent"
    time_machine.move_to("2026-06-30 06:30 +02:00")
    assert send_reports() == "0 report(s) sent"
    time_machine.move_to("2026-07-01 06:30 +02:00")
    assert send_reports() == "1 report(s) sent"
    assert "01.04.2026\u201330.06.2026" in mail.outbox[1].subject


def test_a_monthly_report_in_english(scene, time_machine) -> None:
    ReportSubscription.objects.create(
        network=scene.network, recipients="funder@example.org", frequency="monthly", language="en"
    )
    time_machine.move_to("2026-03-01 06:30 +01:00")
    send_reports()
    (message,) = mail.outbox
    assert message.subject.startswith("Report for the funding body")
    assert "01/02/2026\u201328/02/2026" in message.subject
    book = load_workbook(io.BytesIO(message.attachments[1][1]))
    assert book["Needs"]["B2"].value == 1


def test_a_failing_mail_server_leaves_the_report_due(quarterly, time_machine, settings) -> None:
    settings.EMAIL_BACKEND = "nahwerk.reports.tests.test_subscriptions.BrokenBackend"
    time_machine.move_to("2026-04-01 06:30 +02:00")
    assert send_reports() == "0 report(s) sent"
    quarterly.refresh_from_db()
    assert quarterly.last_period_end is None


def test_the_job_is_registered_daily() -> None:
    job = next(j for j in PERIODIC_JOBS if j.name == "funder-reports")
    assert job.func == "nahwerk.reports.tasks.send_reports" and job.daily_at


class BrokenBackend:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise ConnectionRefusedError("no mail server")
