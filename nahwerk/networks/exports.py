"""The member list for the general assembly, as PDF (to sign in) and as Excel."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nahwerk.events.exports import latin1
from nahwerk.networks.models import Membership, Network


def assembly_members(network: Network) -> list[Membership]:
    """Active members, in the order of the list: by organisation name."""
    return list(
        network.memberships.current()
        .select_related("organisation", "dues_category")
        .order_by("organisation__name")
    )


def _headers() -> list[str]:
    return [
        _("No."),
        _("Organisation"),
        _("Place"),
        _("Fee category"),
        _("Member since"),
        _("Leaves on"),
    ]


def _date(value: dt.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def member_list_pdf(network: Network, members: Sequence[Membership]) -> bytes:
    """A table with a column to sign in, one row per member."""
    pdf = FPDF(format="A4", orientation="landscape")
    title = _("Member list for the general assembly")
    pdf.set_title(latin1(f"{title}: {network.name}"))
    pdf.set_author("nahwerk")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, latin1(f"{title}: {network.name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0,
        6,
        latin1(
            _("As of %(date)s · %(count)s members")
            % {"date": date_format(timezone.localdate(), "DATE_FORMAT"), "count": len(members)}
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    widths = (12, 78, 42, 48, 26, 26, 45)
    labels = [*_headers(), _("Signature")]
    pdf.set_font("Helvetica", "B", 9)
    for width, label in zip(widths, labels, strict=True):
        pdf.cell(width, 7, latin1(label), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for number, membership in enumerate(members, start=1):
        org = membership.organisation
        cells = [
            str(number),
            latin1(org.name)[:48],
            latin1(org.city)[:24],
            latin1(str(membership.dues_category or ""))[:28],
            _date(membership.since),
            _date(membership.until),
            "",
        ]
        for width, text in zip(widths, cells, strict=True):
            pdf.cell(width, 9, text, border=1)
        pdf.ln()
    return bytes(pdf.output())


def member_list_xlsx(network: Network, members: Sequence[Membership]) -> bytes:
    """One row per member with real cells: numbers as numbers, dates as dates."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Members")[:31]
    headers = [*_headers(), _("Annual fee (EUR)"), _("Postcode"), _("Website")]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, membership in enumerate(members, start=1):
        org = membership.organisation
        category = membership.dues_category
        sheet.append(
            [
                number,
                org.name,
                org.city,
                category.name if category else "",
                membership.since,
                membership.until,
                float(category.yearly_amount) if category else None,
                org.postcode,
                org.website,
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for index in (4, 5):
            row[index].number_format = "DD.MM.YYYY"
        row[6].number_format = "#,##0.00"
    for index, width in enumerate((6, 45, 22, 28, 14, 14, 16, 10, 35), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
