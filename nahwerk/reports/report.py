"""The funder report ("Bericht für den Fördermittelgeber") of a network as PDF and Excel.

Both are built from :class:`Report`: the key figures of the period and the regional
statistics of the network's region (latest year imported). Neither carries the time it was
made, so the same data give the same files, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nahwerk.networks.models import Network
from nahwerk.regional import services as regional
from nahwerk.regional.choices import ATTRIBUTION, SECTOR_SHORT_LABELS, SOURCE_TABLE, Sector
from nahwerk.reports import charts
from nahwerk.reports.keyfigures import KeyFigures, Period, key_figures

PDF_MIME = "application/pdf"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Report:
    figures: KeyFigures
    profile: regional.RegionProfile

    @property
    def network(self) -> Network:
        return self.figures.network

    @property
    def period(self) -> Period:
        return self.figures.period

    def filename(self, extension: str) -> str:
        return (
            f"bericht-{self.network.slug}-{self.period.start:%Y-%m-%d}"
            f"-{self.period.end:%Y-%m-%d}.{extension}"
        )


def build_report(network: Network, period: Period, *, now: dt.datetime | None = None) -> Report:
    figures = key_figures(network, period, now=now)
    profile = regional.region_profile(regional.network_region(network))
    return Report(figures, profile)


# --- what both formats say ----------------------------------------------------------------


def title() -> str:
    return _("Report for the funding body")


def sources(report: Report) -> list[str]:
    """The data sources, cited as a reader would look them up."""
    lines = [
        _(
            "Key figures: the nahwerk platform of %(network)s, its records of memberships, "
            "needs, projects, events and B2B meetings, as of %(end)s."
        )
        % {
            "network": report.network.name,
            "end": formats.date_format(report.period.end, "SHORT_DATE_FORMAT"),
        },
    ]
    if report.profile.year:
        lines.append(
            _(
                "Regional statistics: Statistische Ämter des Bundes und der Länder, "
                "Regionalstatistik, table %(table)s (employees subject to social insurance "
                "at their place of work, 30 June %(year)s)."
            )
            % {"table": SOURCE_TABLE, "year": report.profile.year}
        )
        lines.append(ATTRIBUTION)
    lines.append(
        _(
            "Location quotient = (employees of the sector in the region ÷ all employees of "
            "the region) ÷ (employees of the sector in Germany ÷ all employees in Germany)."
        )
    )
    return lines


Rows = list[tuple[str, int | float | Decimal | None]]


def member_rows(f: KeyFigures) -> Rows:
    m = f.members
    rows: Rows = [
        (_("Members at the start of the period"), m.at_start),
        (_("Members at the end of the period"), m.at_end),
        (_("Joined"), m.joined),
        (_("Left"), m.left),
    ]
    return rows + [(k.label, k.count) for k in m.by_kind]


def need_rows(f: KeyFigures) -> list[tuple[str, int | float | Decimal | None]]:
    n = f.needs
    hours = n.median_hours_to_first_answer
    return [
        (_("Needs posted"), n.posted),
        (_("Routed to organisations"), n.routed),
        (_("Answered"), n.answered),
        (_("Cooperation started"), n.cooperation),
        (_("Median time to the first answer (hours)"), None if hours is None else round(hours, 1)),
    ]


def project_rows(f: KeyFigures) -> list[tuple[str, int | float | Decimal | None]]:
    p = f.projects
    rows: Rows = [(s.label, s.count) for s in p.by_status]
    return [
        *rows,
        (_("Submitted in the period"), p.submitted),
        (_("Funding requested (EUR)"), p.requested),
        (_("Granted in the period"), p.granted),
        (_("Funding granted (EUR)"), p.granted_amount),
    ]


def event_rows(f: KeyFigures) -> list[tuple[str, int | float | Decimal | None]]:
    e, b = f.events, f.meetings
    share = e.members_share
    return [
        (_("Events held"), e.held),
        (_("Participants"), e.participants),
        (_("Of them from member organisations"), e.member_participants),
        (_("Members' share (%)"), None if share is None else round(share * 100, 1)),
        (_("B2B meetings requested"), b.requested),
        (_("B2B meeting requests accepted"), b.accepted),
        (_("B2B meetings held"), b.held),
    ]


def series_header() -> list[str]:
    return [
        _("Month"),
        _("Members"),
        _("Joined"),
        _("Left"),
        _("Needs posted"),
        _("Needs answered"),
        _("Events held"),
        _("Participants"),
        _("B2B meetings held"),
    ]


def regional_header() -> list[str]:
    return [
        _("Sector"),
        _("Employees"),
        _("Share of the region (%)"),
        _("Location quotient"),
        _("Change (%)"),
        _("Stars"),
    ]


def regional_rows(report: Report) -> list[list[str | int | float | None]]:
    rows: list[list[str | int | float | None]] = []
    for row in report.profile.rows:
        s = row.stats
        rows.append(
            [
                str(Sector(row.sector).label),
                s.employees,
                None if s.share is None else round(s.share * 100, 2),
                None if s.lq is None else round(s.lq, 2),
                None
                if s.change is None or s.change.percent is None
                else round(s.change.percent, 1),
                s.stars.count if row.sector != Sector.TOTAL else None,
            ]
        )
    return rows


def _text(value: int | float | Decimal | str | None, decimals: int = 1) -> str:
    if value is None:
        return "\u2013"
    if isinstance(value, Decimal):
        return formats.number_format(value, 0, force_grouping=True)
    if isinstance(value, float):
        return formats.number_format(value, decimals)
    if isinstance(value, int):
        return formats.number_format(value, 0, force_grouping=True)
    return str(value)


# --- PDF -----------------------------------------------------------------------------------


class _ReportPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(110)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0)


def render_pdf(report: Report) -> bytes:
    f = report.figures
    pdf = _ReportPDF(format="A4")
    pdf.footer_text = f"{title()} · {report.network.name} · {report.period}"
    # a fixed creation date (the period's end) keeps the file the same for the same data
    pdf.set_creation_date(dt.datetime.combine(report.period.end, dt.time(12, 0), tzinfo=dt.UTC))
    pdf.set_title(f"{title()} {report.network.name} {report.period}")
    pdf.set_author(report.network.name)
    pdf.set_creator("nahwerk")
    pdf.add_font("DejaVu", "", str(charts.FONT_PATH))
    pdf.add_font("DejaVu", "B", str(charts.FONT_BOLD_PATH))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 17)
    pdf.multi_cell(0, 8, title(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 6, report.network.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0,
        5,
        _("Period: %(period)s") % {"period": report.period},
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    if report.profile.districts:
        pdf.multi_cell(
            0,
            5,
            _("Region: %(districts)s")
            % {"districts": ", ".join(d.name for d in report.profile.districts)},
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.ln(3)

    labels = f.series.labels
    _section(pdf, _("1. Members"), member_rows(f))
    _chart(
        pdf,
        charts.line_chart(
            _("Members at the end of each month"), labels, [(_("Members"), f.series.members)]
        ),
    )
    _section(pdf, _("2. Needs and brokering"), need_rows(f))
    _chart(
        pdf,
        charts.line_chart(
            _("Needs per month"),
            labels,
            [(_("posted"), f.series.needs_posted), (_("answered"), f.series.needs_answered)],
            bars=True,
        ),
    )
    _section(pdf, _("3. Projects"), project_rows(f))
    _section(pdf, _("4. Events and B2B meetings"), event_rows(f))
    _chart(
        pdf,
        charts.line_chart(
            _("Events per month"),
            labels,
            [
                (_("participants"), f.series.participants),
                (_("B2B meetings held"), f.series.meetings_held),
            ],
            bars=True,
        ),
    )
    _series_table(pdf, f)
    _regional(pdf, report)
    _heading(pdf, _("Sources and method"))
    pdf.set_font("DejaVu", "", 8)
    for line in sources(report):
        pdf.multi_cell(0, 4, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _section(pdf: FPDF, heading: str, rows: list[tuple[str, int | float | Decimal | None]]) -> None:
    _heading(pdf, heading)
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(
        col_widths=(120, 50), text_align=("LEFT", "RIGHT"), first_row_as_headings=False
    ) as table:
        for label, value in rows:
            table.row([label, _text(value)])


def _chart(pdf: FPDF, png: bytes) -> None:
    if pdf.get_y() > pdf.h - 90:
        pdf.add_page()
    pdf.ln(2)
    pdf.image(io.BytesIO(png), w=pdf.epw)


def _series_table(pdf: FPDF, f: KeyFigures) -> None:
    pdf.add_page()
    _heading(pdf, _("5. Month by month"))
    pdf.set_font("DejaVu", "", 6.5)
    with pdf.table(
        col_widths=(14, 15, 16, 16, 18, 19, 24, 20, 22),
        text_align="RIGHT",
        first_row_as_headings=True,
    ) as table:
        table.row(series_header())
        for row in f.series.rows():
            table.row([_text(v) for v in row])


def _regional(pdf: FPDF, report: Report) -> None:
    profile = report.profile
    _heading(pdf, _("6. Regional statistics of the network's region"))
    pdf.set_font("DejaVu", "", 9)
    if not profile.year:
        pdf.multi_cell(0, 5, _("No employment figures have been imported yet."))
        return
    pdf.multi_cell(
        0,
        5,
        _("Employees subject to social insurance at their place of work, %(year)s.")
        % {"year": profile.year},
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font("DejaVu", "", 7)
    with pdf.table(
        col_widths=(66, 20, 22, 28, 22, 12),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
    ) as table:
        table.row(regional_header())
        for row in regional_rows(report):
            table.row([_text(v, d) for v, d in zip(row, (0, 0, 1, 2, 1, 0), strict=True)])
    bars = [
        (str(SECTOR_SHORT_LABELS.get(Sector(row.sector), row.label)), row.stats.lq)
        for row in profile.chart_rows
    ]
    _chart(
        pdf,
        charts.lq_bars(
            _("Location quotients %(year)s (Germany = 1)") % {"year": profile.year},
            bars,
            _("not published"),
        ),
    )


# --- Excel ---------------------------------------------------------------------------------


def render_xlsx(report: Report) -> bytes:
    """One sheet per section; numbers are numbers, not text."""
    f = report.figures
    book = Workbook()
    bold = Font(bold=True)
    overview = book.active
    assert overview is not None
    overview.title = _("Overview")[:31]
    overview.append([title()])
    overview["A1"].font = Font(bold=True, size=14)
    overview.append([_("Network"), report.network.name])
    overview.append([_("From"), report.period.start])
    overview.append([_("To"), report.period.end])
    overview.append([])
    overview.append([_("Sources")])
    overview.cell(row=overview.max_row, column=1).font = bold
    for line in sources(report):
        overview.append([line])
    for cell in ("B3", "B4"):
        overview[cell].number_format = "DD.MM.YYYY"
    _widths(overview, [40, 60])

    for name, rows in (
        (_("Members"), member_rows(f)),
        (_("Needs"), need_rows(f)),
        (_("Projects"), project_rows(f)),
        (_("Events"), event_rows(f)),
    ):
        sheet = book.create_sheet(name[:31])
        sheet.append([_("Figure"), _("Value")])
        for cell in sheet[1]:
            cell.font = bold
        for label, value in rows:
            sheet.append([label, value])
            if isinstance(value, Decimal):
                sheet.cell(row=sheet.max_row, column=2).number_format = "#,##0.00"
        _widths(sheet, [50, 16])

    monthly = book.create_sheet(_("Month by month")[:31])
    monthly.append(series_header())
    for cell in monthly[1]:
        cell.font = bold
    for row in f.series.rows():
        monthly.append(list(row))
    _widths(monthly, [12] + [14] * 8)

    stats = book.create_sheet(_("Regional statistics")[:31])
    if report.profile.year:
        stats.append(
            [
                _("Employees subject to social insurance at their place of work, %(year)s.")
                % {"year": report.profile.year}
            ]
        )
        stats.append(
            [_("Districts"), ", ".join(f"{d.name} ({d.ags})" for d in report.profile.districts)]
        )
        stats.append(regional_header())
        for cell in stats[3]:
            cell.font = bold
        for regional_row in regional_rows(report):
            stats.append(regional_row)
        stats.append([])
        stats.append([ATTRIBUTION])
    else:
        stats.append([_("No employment figures have been imported yet.")])
    _widths(stats, [60, 14, 14, 14, 14, 8])

    buffer = io.BytesIO()
    # fixed document properties: the same data give the same workbook
    fixed = dt.datetime.combine(report.period.end, dt.time(12, 0))
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "nahwerk"
    book.properties.title = f"{title()} {report.network.name} {report.period}"
    book.save(buffer)
    return buffer.getvalue()


def _widths(sheet: object, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width  # type: ignore[attr-defined]
