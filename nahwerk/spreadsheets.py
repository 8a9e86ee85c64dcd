"""Tables for download as CSV (for Excel, with a byte order mark) or as an Excel workbook."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook


def spreadsheet_safe(value: object) -> object:
    """Keep text that starts like a formula from being run by a spreadsheet program."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows([[spreadsheet_safe(v) for v in row] for row in rows])
    # a byte order mark, so that Excel opens the umlauts correctly
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list[object]], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]  # Excel's limit for sheet names
    sheet.append(header)
    for row in rows:
        sheet.append([spreadsheet_safe(v) for v in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
