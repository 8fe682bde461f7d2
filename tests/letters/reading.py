"""Reading letters back: build one from the sample fields, and the words its HTML and its
PDF hold, so tests can check what the resident will read in either."""

import io
import re

from pypdf import PdfReader

from letters import build_letter
from letters.render import render_html, render_pdf
from tests.letters.samples import FIELDS, ON, ORGANISATION_BY_ID, RESIDENT


def build(letter_type: str, fields: dict | None = None, **kwargs):
    organisation = "landlord" if letter_type in ORGANISATION_BY_ID else None
    kwargs = {"recipient": RESIDENT, "organisation": organisation, "on": ON} | kwargs
    return build_letter(letter_type, FIELDS[letter_type] if fields is None else fields, **kwargs)


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def html_text(html: str) -> str:
    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    body = re.sub(r"</?(?:b|strong|em|i|font)\b[^>]*>", "", body)  # inline: no gap
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&#39;", "'")


def written(letter_type: str, **kwargs) -> tuple[str, str]:
    """The letter's words as HTML shows them and as the PDF holds them."""
    letter = build(letter_type, **kwargs)
    return html_text(render_html(letter)), pdf_text(render_pdf(letter))


def font_sizes(data: bytes) -> set[float]:
    sizes: set[float] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        stream = page.get_contents().get_data().decode("latin-1")
        sizes |= {float(size) for size in re.findall(r"/F\d+ ([\d.]+) Tf", stream)}
    return sizes


def assert_says(letter_type: str, *phrases: str, **kwargs) -> None:
    for text in written(letter_type, **kwargs):
        for phrase in phrases:
            assert phrase in text, f"{letter_type}: {phrase!r} not in {text!r}"
