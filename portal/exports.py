"""Shared pieces of the portal's exports: cells a spreadsheet never runs as formulas, CSV
streamed for Swedish Excel, and XLSX written to a file in constant memory (docs/exports.md).

CSV is UTF-8 with a byte order mark and `;` between cells. Excel opens a double-clicked
`.csv` with the system's list separator, which is `;` under Swedish regional settings (the
comma is the decimal sign there), and reads it as UTF-8 only when the file starts with the
BOM; without it å, ä and ö come out as "Ã¥", "Ã¤", "Ã¶". A `sep=;` first line is not used:
with it Excel ignores the BOM.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import xlsxwriter
from django.http import StreamingHttpResponse
from django.utils import timezone

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection; OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
BOM = "\ufeff"
# Rows sent per chunk of a streamed CSV: one write to the client per chunk instead of one per
# row (a few hundred kilobytes at most), while memory stays that of one chunk.
CSV_ROWS_PER_CHUNK = 200


def safe_cell(value: object) -> str:
    """The value as a CSV cell a spreadsheet shows as text, never runs as a formula: a
    leading apostrophe, which Excel and LibreOffice read as "this is text"."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value: object, zone: datetime.tzinfo | None = None) -> str:
    """A typed value as the text of a CSV cell: ISO dates, times to the minute in `zone`
    (the current time zone when None)."""
    if type(value) is str:  # most cells: the fast path
        return value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value, zone):%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _csv_cell(value: object, zone: datetime.tzinfo) -> str:
    """safe_cell(cell_text(value)), one call for a text (most cells of a large export)."""
    if type(value) is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return safe_cell(cell_text(value, zone))


def csv_lines(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    rows_per_chunk: int | None = None,
    zone: datetime.tzinfo | None = None,
) -> Iterator[str]:
    """The BOM with the header line, then the rows in chunks of `rows_per_chunk` lines, each
    cell made safe; one chunk in memory at a time. Closing the lines (a download broken off)
    closes the rows too."""
    rows_per_chunk = rows_per_chunk or CSV_ROWS_PER_CHUNK
    zone = zone or timezone.get_current_timezone()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)

    def taken() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    try:
        buffer.write(BOM)
        writer.writerow([safe_cell(cell) for cell in header])
        yield taken()
        for count, row in enumerate(rows, start=1):
            writer.writerow([_csv_cell(value, zone) for value in row])
            if count % rows_per_chunk == 0:
                yield taken()
        if buffer.tell():
            yield taken()
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def csv_response(
    *,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    filename: str,
    rows_per_chunk: int | None = None,
) -> StreamingHttpResponse:
    """A CSV download streamed as it is read. The header is translated and the time zone
    taken here, in the request's context: the stream runs after the view has returned and
    the request's language is reset."""
    header = [str(cell) for cell in header]
    lines = csv_lines(
        header, rows, rows_per_chunk=rows_per_chunk, zone=timezone.get_current_timezone()
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Staff names and report texts: not for shared caches; a proxy passes the stream on as
    # it comes instead of buffering the whole file (nginx).
    response["Cache-Control"] = "private, no-store"
    response["X-Accel-Buffering"] = "no"
    return response


def xlsx_write(
    target: str | Path | BinaryIO,
    *,
    sheet_name: str,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] | None = None,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> int:
    """Writes a one-sheet workbook to `target` (a path or a binary file) and returns the
    number of rows written. Constant-memory mode: each row goes to a temporary file as it is
    written, so memory stays flat whatever the size. Text is written as text, never as a
    formula or link (`write_string`), so no escaping is needed. `on_progress` is called with
    the rows written so far every `progress_every` rows."""
    workbook = xlsxwriter.Workbook(
        str(target) if isinstance(target, Path) else target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    try:
        sheet = workbook.add_worksheet(sheet_name[:31])
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        time_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        for column, width in enumerate(widths or ()):
            sheet.set_column(column, column, width, wrap if width > 30 else None)
        header = [str(cell) for cell in header]
        for column, title in enumerate(header):
            sheet.write_string(0, column, title, bold)
        sheet.freeze_panes(1, 0)
        written = 0
        for written, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                _xlsx_cell(sheet, written, column, value, date_format, time_format)
            if on_progress is not None and written % progress_every == 0:
                on_progress(written)
        sheet.autofilter(0, 0, max(written, 1), max(len(header) - 1, 0))
    finally:
        workbook.close()
    return written


def _xlsx_cell(sheet, row: int, column: int, value: object, date_format, time_format) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    elif isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        sheet.write_datetime(row, column, local.replace(tzinfo=None), time_format)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, column, value, date_format)
    else:
        sheet.write_string(row, column, str(value))
