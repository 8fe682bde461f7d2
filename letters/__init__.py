"""Letters to residents for every touchpoint of the Complaint Handling Code.

The letter models (`letters.models`) cannot exist without the parts the Code requires; the
rules build them (`rules.letters`), so a letter without a part fails the rule that writes
it. `build_letter` reads a recorded letter back into its model, and `letters.render` writes
it out, in standard or large print (HTML and PDF). Every failure is a `LetterError` in plain
words. This package imports only pydantic and the pure core; rendering (Jinja2, fpdf2) is
imported from `letters.render` by those who render.
"""

from letters.errors import LetterError
from letters.models import LETTER_MODELS, Letter, build_letter, read_letter
from letters.parts import LetterHead, ResidentLetter

__all__ = [
    "LETTER_MODELS",
    "Letter",
    "LetterError",
    "LetterHead",
    "ResidentLetter",
    "build_letter",
    "read_letter",
]
