"""A small shared PDF builder on fpdf2: a title, headed sections of paragraphs, key/value rows.

Uses the core font Helvetica, which only knows latin-1: characters outside it (dashes,
curly quotes, arrows) are replaced by safe equivalents so that no input can break a
document. Joint work plans, meeting agendas and minutes are printed with it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import XPos, YPos

# Common characters outside latin-1 and what stands in for them.
_REPLACEMENTS = {
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2212": "-",  # minus sign
    "\u2010": "-",
    "\u2011": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2026": "...",
    "\u2022": "-",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2194": "<->",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200b": "",
    "\u20ac": "EUR",
}
_TRANSLATION = str.maketrans(_REPLACEMENTS)

FONT = "Helvetica"


def pdf_text(value: object) -> str:
    """The value as text Helvetica can print: latin-1, anything else replaced by '?'."""
    text = str(value if value is not None else "").translate(_TRANSLATION)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return text.encode("latin-1", errors="replace").decode("latin-1")


@dataclass(frozen=True)
class PdfSection:
    """A heading followed by key/value rows and paragraphs (either may be empty)."""

    heading: str
    paragraphs: Sequence[str] = field(default_factory=tuple)
    rows: Sequence[tuple[str, str]] = field(default_factory=tuple)


def pdf_document(
    *,
    title: str,
    sections: Iterable[PdfSection] = (),
    rows: Sequence[tuple[str, str]] = (),
    author: str = "",
) -> bytes:
    """Builds an A4 document: title, optional key/value rows, then each section; returns bytes."""
    pdf = FPDF(format="A4")
    pdf.set_title(pdf_text(title))
    if author:
        pdf.set_author(pdf_text(author))
    pdf.set_creator("Samverkan")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    _block(pdf, title, height=8)
    pdf.ln(2)
    _rows(pdf, rows)
    for section in sections:
        pdf.ln(3)
        pdf.set_font(FONT, "B", 13)
        _block(pdf, section.heading, height=7)
        _rows(pdf, section.rows)
        pdf.set_font(FONT, "", 11)
        for paragraph in section.paragraphs:
            _block(pdf, paragraph, height=5.5)
            pdf.ln(1.5)
    return bytes(pdf.output())


def _block(pdf: FPDF, text: str, *, height: float) -> None:
    pdf.multi_cell(0, height, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _rows(pdf: FPDF, rows: Sequence[tuple[str, str]]) -> None:
    key_width = 55
    for key, value in rows:
        if pdf.get_y() > pdf.h - pdf.b_margin - 12:
            pdf.add_page()  # keep a key with its value
        page, y = pdf.page, pdf.get_y()
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(key_width, 5.5, pdf_text(key), new_x=XPos.LEFT, new_y=YPos.NEXT)
        key_bottom = pdf.get_y()
        pdf.set_font(FONT, "", 11)
        pdf.set_xy(pdf.l_margin + key_width, y)
        pdf.multi_cell(0, 5.5, pdf_text(value) or "-", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if pdf.page == page:
            pdf.set_y(max(pdf.get_y(), key_bottom))
