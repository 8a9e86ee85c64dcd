"""The reports app's background job: the subscribed funder reports."""

from __future__ import annotations


def send_reports() -> str:
    """The daily run: send the reports of the months and quarters that have ended."""
    from nahwerk.reports.services import send_due_reports

    return f"{send_due_reports()} report(s) sent"
