"""A report view (``web.report_views``) as a CSV file and as a PDF, with the same figures
as its page. The PDF is written with fpdf2, as the letters are (``letters.render`` says why),
in the core font Helvetica: text it cannot hold is folded to plain Latin first."""

from __future__ import annotations

import csv
import io
import unicodedata

from fpdf import FPDF, FontFace

from web.report_views import ReportView

PDF_ENCODING = "windows-1252"


def to_csv(view: ReportView) -> str:
    """The headline figures, then each table under its caption, a blank line between."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([view.title])
    writer.writerow([view.scope])
    writer.writerow([])
    for name, value in view.headline:
        writer.writerow([name, value])
    for table in view.tables:
        writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow(table.head)
        writer.writerows(table.rows)
    return out.getvalue()


def _plain(text: str) -> str:
    """Text the core font can print: anything outside Windows-1252 folded, else dropped."""
    try:
        text.encode(PDF_ENCODING)
        return text
    except UnicodeEncodeError:
        folded = unicodedata.normalize("NFKD", text)
        return folded.encode(PDF_ENCODING, "ignore").decode(PDF_ENCODING)


def to_pdf(view: ReportView) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_plain(f"{view.title}: {view.scope}"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, _plain(view.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, _plain(view.scope), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    heading = FontFace(emphasis="BOLD", fill_color=(243, 242, 241))
    with pdf.table(col_widths=(2, 1), first_row_as_headings=False, text_align="LEFT") as table:
        for name, value in view.headline:
            row = table.row()
            row.cell(_plain(name))
            row.cell(_plain(value))
    for found in view.tables:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, _plain(found.caption), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        if not found.rows:
            pdf.multi_cell(0, 6, "None in the period.", new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(headings_style=heading, text_align="LEFT", col_widths=found.widths) as table:
            for cells in [found.head, *found.rows]:
                row = table.row()
                for cell in cells:
                    row.cell(_plain(cell))
    return bytes(pdf.output())
