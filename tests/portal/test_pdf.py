"""The shared PDF builder: latin-1 text in Helvetica, no input breaks a document."""

import re
import zlib

from portal.pdf import PdfSection, pdf_document, pdf_text


def pdf_strings(data: bytes) -> str:
    """The text shown by the document's Tj operators (fpdf2 compresses each page stream)."""
    shown = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            content = match.group(1)
        for text in re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", content):
            shown.append(re.sub(rb"\\(.)", rb"\1", text).decode("latin-1"))
    return "\n".join(shown)


def test_a_document_has_title_sections_and_rows():
    data = pdf_document(
        title="Gemensam arbetsplanering",
        rows=[("Status", "Utkast")],
        sections=[PdfSection("Uppföljning", ["Första mötet i skolan (måndag)."], [("BoU", "Ja")])],
    )

    assert data.startswith(b"%PDF")
    text = pdf_strings(data)
    for expected in ("Gemensam arbetsplanering", "Status", "Utkast", "Uppföljning", "(måndag)"):
        assert expected in text


def test_characters_outside_latin1_are_replaced_not_fatal():
    data = pdf_document(
        title="BoU \u2013 Vuxen “plan” → klar … 😀", sections=[PdfSection("Ω", ["€"])]
    )

    text = pdf_strings(data)
    assert 'BoU - Vuxen "plan" -> klar ...' in text
    assert "?" in text  # the emoji and omega have no latin-1 equivalent
    assert "EUR" in text


def test_pdf_text_keeps_swedish_letters():
    assert pdf_text("Åsa Öberg \u2013 äldre") == "Åsa Öberg - äldre"
    assert pdf_text(None) == ""


def test_long_text_flows_over_several_pages():
    paragraph = "Ett stycke om samverkan mellan enheterna. " * 60
    data = pdf_document(
        title="Lång", sections=[PdfSection(f"Del {i}", [paragraph]) for i in range(8)]
    )

    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 2
