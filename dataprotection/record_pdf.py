"""A complaint's or hazard's record as a readable PDF, for a subject access bundle (R-DP-2):
the complaint and its parties (or the hazard, its report and its steps), timeline, letters,
notices and documents, in plain sections.

Helvetica (the core font, as the letters use) holds Windows-1252 only; a character it
cannot hold is printed as ``?`` rather than refused, since the JSON beside it is exact."""

from __future__ import annotations

import json
from typing import Any

from fpdf import FPDF


def _fit(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.encode("cp1252", "replace").decode("cp1252")


def record_pdf(record: dict[str, Any]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_title(f"Record of {record['reference']}")

    def heading(text: str) -> None:
        pdf.set_font("helvetica", "B", 14)
        pdf.multi_cell(0, 8, _fit(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)

    def line(text: Any) -> None:
        pdf.multi_cell(0, 5, _fit(text), new_x="LMARGIN", new_y="NEXT")

    hazard = record.get("hazard")
    heading(f"{'Hazard' if hazard is not None else 'Complaint'} {record['reference']}")
    for key, value in (record.get("complaint") or hazard or {}).items():
        if key != "state" and value not in (None, "", [], {}):
            line(f"{key.replace('_', ' ')}: {_fit(value)}")
    if hazard is not None:
        heading("Report")
        for key, value in (hazard.get("state") or {}).get("report", {}).items():
            if value not in (None, ""):
                line(f"{key.replace('_', ' ')}: {_fit(value)}")
    heading("Timeline")
    for event in record.get("timeline", []):
        line(f"{event['occurred_at']}  {event['summary']} ({event['actor']})")
    heading("Letters")
    for letter in record.get("letters", []):
        line(f"{letter['occurred_at']}  {letter['letter']} by {letter['channel']}")
        line(f"    to {_fit(letter['recipients'])}")
    heading("Notices to staff")
    for notice in record.get("notices", []):
        line(f"{notice['occurred_at']}  {notice['subject']}")
        line(f"    {notice['body']}")
    heading("Documents")
    for document in record.get("documents", []):
        line(f"{document['created_at']}  {document['name']} ({document['size']} bytes)")
    return bytes(pdf.output())
