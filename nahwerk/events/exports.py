"""Files for download: participant lists (CSV, Excel), calendars (.ics) and the agenda PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from nahwerk.events.models import Event, Registration
from nahwerk.networks.models import Network

if TYPE_CHECKING:
    from nahwerk.events.services import AgendaItem

PRODUCT_ID = "-//nahwerk//Events//DE"


# --- Calendars ------------------------------------------------------------------------------


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _place(event: Event) -> str:
    parts = [event.venue, event.street, " ".join(p for p in (event.postcode, event.city) if p)]
    return ", ".join(p for p in parts if p)


def events_calendar(network: Network, events: Iterable[Event]) -> bytes:
    """A network's events; UIDs stay the same, so calendar programs update them."""
    calendar = _calendar(str(network))
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "nahwerk"
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("summary", event.title)
        entry.add("dtstart", _utc(event.starts_at))
        entry.add("dtend", _utc(event.ends_at))
        entry.add("dtstamp", _utc(event.updated_at))
        entry.add("location", _place(event))
        entry.add("description", event.description)
        entry.add("url", settings.SITE_URL.rstrip("/") + event.get_absolute_url())
        calendar.add_component(entry)
    return calendar.to_ical()


def agenda_calendar(
    registration: Registration,
    items: Sequence[AgendaItem],
    host: str,
    cancelled: Sequence[AgendaItem] = (),
) -> bytes:
    """The participant's meetings; one UID per meeting request, stable across re-runs.

    Published meetings that no longer take place come with ``STATUS:CANCELLED`` under
    the same UID, so a calendar that imported or subscribed to the agenda drops them.
    """
    event = registration.event
    calendar = _calendar(event.title)
    domain = host.split(":")[0] or "nahwerk"
    stamp = _utc(timezone.now())
    entries = [(item, "CONFIRMED", 0) for item in items]
    entries += [(item, "CANCELLED", 1) for item in cancelled]
    for item, status, sequence in entries:
        other = item.other
        entry = CalendarEvent()
        entry.add("uid", f"meeting-{item.meeting.request_id}-event-{event.pk}@{domain}")
        entry.add(
            "summary",
            _("Meeting with %(name)s (%(organisation)s)")
            % {"name": other.display_name, "organisation": other.organisation.name},
        )
        entry.add("dtstart", _utc(item.starts_at))
        entry.add("dtend", _utc(item.ends_at))
        entry.add("dtstamp", stamp)
        entry.add("status", status)
        entry.add("sequence", sequence)
        entry.add("location", f"{item.meeting.table.name} · {_place(event)}".strip(" ·"))
        entry.add("description", f"{event.title}\n{item.meeting.request.message}".strip())
        calendar.add_component(entry)
    return calendar.to_ical()


# --- The agenda as PDF ----------------------------------------------------------------------

# fpdf2's core fonts know latin-1 only: typographic characters become their plain forms.
_LATIN1 = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201a": "'",
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u20ac": "EUR",
        "\u2022": "-",
        "\u2192": "->",
        "\u00d7": "x",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def latin1(text: str) -> str:
    return str(text).translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def agenda_pdf(registration: Registration, items: Sequence[AgendaItem]) -> bytes:
    event = registration.event
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(event.title))
    pdf.set_author("nahwerk")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, latin1(event.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    starts = timezone.localtime(event.starts_at)
    pdf.multi_cell(
        0,
        6,
        latin1(f"{date_format(starts, 'WEEKDAY_DATETIME_FORMAT')} · {_place(event)}".strip(" ·")),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(
        0,
        7,
        latin1(
            _("Meetings of %(name)s (%(organisation)s)")
            % {"name": registration.display_name, "organisation": registration.organisation.name}
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    if not items:
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 6, latin1(_("No meetings are scheduled for you yet.")))
        return bytes(pdf.output())
    widths = (30, 30, 130)
    pdf.set_font("Helvetica", "B", 10)
    for width, label in zip(widths, (_("Time"), _("Table"), _("Meeting with")), strict=True):
        pdf.cell(width, 7, latin1(label), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for item in items:
        begins = timezone.localtime(item.starts_at)
        ends = timezone.localtime(item.ends_at)
        other = f"{item.other.display_name} ({item.other.organisation.name})"
        pdf.cell(widths[0], 7, f"{begins:%H:%M}-{ends:%H:%M}", border=1)
        pdf.cell(widths[1], 7, latin1(item.meeting.table.name)[:18], border=1)
        pdf.cell(widths[2], 7, latin1(other)[:80], border=1)
        pdf.ln()
    return bytes(pdf.output())
