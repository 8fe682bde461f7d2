"""How a case file (``web.case_file``) is laid out on A4: the text the PDF's font can
show, and the page with its footer, headings, summary lists and tables.

As the letters do (``letters/render.py``), it uses fpdf2 with the core font Helvetica, which
holds Windows-1252 only; a character outside it is folded to its plain Latin form where it
has one (``letters/core_font.py``, as for the letters) and printed as ``?`` where not, rather
than refused: a case file is for reading, and the record beside it is exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fpdf import FPDF

from letters.core_font import PDF_ENCODING, fold_for_core_font, plain_latin

NAVY = (29, 53, 87)


def printable(value: Any) -> str:
    """Text the core font can show: folded to plain Latin where it can be, else ``?``."""

    def plain_or_mark(char: str) -> str:
        plain = plain_latin(char)
        return plain.encode(PDF_ENCODING, "replace").decode(PDF_ENCODING) or "?"

    return fold_for_core_font("" if value is None else str(value), plain_or_mark)


class CaseFilePdf(FPDF):
    """An A4 case file whose every page ends with the reference and the page number."""

    def __init__(self, reference: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.reference = reference
        self.core_fonts_encoding = PDF_ENCODING
        self.set_margins(left=18, top=16, right=18)
        self.set_auto_page_break(auto=True, margin=18)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("helvetica", size=8)
        self.set_text_color(70, 70, 70)
        self.cell(
            0, 8, f"Case file {self.reference}   |   Page {self.page_no()} of {{nb}}", align="C"
        )
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: float = 13) -> None:
        self.ln(2)
        self.set_font("helvetica", "B", size)
        self.set_text_color(*NAVY)
        self.multi_cell(0, size * 0.5, printable(text), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.set_font("helvetica", size=10)
        self.ln(1)

    def para(self, text: Any) -> None:
        self.multi_cell(0, 5, printable(text), new_x="LMARGIN", new_y="NEXT")

    def pairs(self, rows: Iterable[tuple[str, Any]]) -> None:
        """A summary list: the key in bold on the left, its value beside it."""
        for key, value in rows:
            self.set_font("helvetica", "B", 10)
            self.multi_cell(48, 5, printable(key), new_x="RIGHT", new_y="TOP")
            self.set_font("helvetica", size=10)
            self.multi_cell(0, 5, printable(value) or "-", new_x="LMARGIN", new_y="NEXT")
            self.ln(1)

    def listing(
        self, headings: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int]
    ) -> None:
        """A table with a header row, or "None." when there is nothing to list."""
        listed = list(rows)
        if not listed:
            self.para("None.")
            return
        self.set_font("helvetica", size=9)
        with self.table(col_widths=widths, text_align="LEFT", line_height=4.5) as made:
            made.row([printable(h) for h in headings])
            for row in listed:
                made.row([printable(cell) for cell in row])
        self.set_font("helvetica", size=10)
