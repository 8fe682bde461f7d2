"""Letters to residents for every touchpoint of the Complaint Handling Code.

`build_letter` turns the fields the complaint workflow sends into a letter model that
cannot exist without the parts the Code requires; `render_html` and `render_pdf` write it
out, in standard or large print. Every failure is a `LetterError` in plain words.
"""

from letters.errors import LetterError
from letters.models import LETTER_MODELS, Letter, build_letter
from letters.parts import LetterHead, ResidentLetter
from letters.render import render_html, render_pdf

__all__ = [
    "LETTER_MODELS",
    "Letter",
    "LetterError",
    "LetterHead",
    "ResidentLetter",
    "build_letter",
    "render_html",
    "render_pdf",
]
