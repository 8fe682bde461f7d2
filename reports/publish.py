"""The annual report and the MRC's pack as a web page and a PDF (R-GOV-2, R-GOV-4).

One Jinja2 template per document gives the body; the web page wraps it in a plain,
self-contained page ready for the complaints section of the landlord's website, and the PDF
is the same body through fpdf2's HTML reader (as the letters are), in the core font
Helvetica: characters it cannot show are folded to their nearest or shown as "?".
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from fpdf import FPDF
from jinja2 import Environment, FileSystemLoader, select_autoescape

from reports.annual import WRITTEN_PARTS, AnnualReport
from reports.assessment import REASONS
from reports.pack import MrcPack
from rules.code_clauses import CodeEdition, edition

FOLD = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "-", "…": "..."}


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        words=lambda value: str(value or "").replace("_", " ").capitalize(),
        share=lambda value: "none due" if value is None else f"{value:.0%}",
        day=lambda value: f"{value:%-d %B %Y}" if isinstance(value, date) else str(value or ""),
        money=lambda value: f"£{value:,.2f}",
    )
    env.globals.update(WRITTEN_PARTS=WRITTEN_PARTS, REASONS=REASONS)
    return env


ENV = _environment()
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:Arial,sans-serif;max-width:48em;margin:2em auto;line-height:1.5;
color:#0b0c0c}}table{{border-collapse:collapse}}th,td{{border:1px solid #b1b4b6;
padding:.25em .5em;text-align:left}}</style></head>
<body><main>{body}</main></body></html>
"""


def body(template: str, **context: Any) -> str:
    return ENV.get_template(template).render(**context)


def annual_title(report: AnnualReport) -> str:
    return (
        f"Complaints performance and service improvement report "
        f"{report.year}-{(report.year + 1) % 100:02d}"
    )


def assessed_edition(report: AnnualReport) -> CodeEdition | None:
    """The Code's edition the report's self-assessment answers, which the report names."""
    return edition(report.assessment_edition) if report.assessment_edition else None


def annual_body(report: AnnualReport, landlord: str) -> str:
    return body(
        "annual_report.html",
        r=report,
        title=annual_title(report),
        landlord=landlord,
        code=assessed_edition(report),
    )


def annual_html(report: AnnualReport, landlord: str) -> str:
    """The published page, self-contained."""
    return PAGE.format(title=annual_title(report), body=annual_body(report, landlord))


def annual_pdf(report: AnnualReport, landlord: str) -> bytes:
    return pdf(annual_body(report, landlord), annual_title(report))


def pack_html(pack: MrcPack) -> str:
    title = f"Complaints: the quarterly pack for {pack.quarter}"
    return PAGE.format(title=title, body=body("mrc_pack.html", p=pack, title=title))


def pack_pdf(pack: MrcPack) -> bytes:
    title = f"Complaints: the quarterly pack for {pack.quarter}"
    return pdf(body("mrc_pack.html", p=pack, title=title), title)


def fold(text: str) -> str:
    """Text the PDF core font can show."""
    out = []
    for char in text:
        char = FOLD.get(char, char)
        try:
            char.encode("latin-1")
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
            char = plain or "?"
        out.append(char)
    return "".join(out)


def pdf(html: str, title: str) -> bytes:
    document = FPDF(format="A4")
    document.set_title(fold(title))
    document.set_margins(18, 18, 18)
    document.add_page()
    document.set_font("helvetica", size=10)
    document.write_html(fold(html))
    return bytes(document.output())
