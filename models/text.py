"""Free text as every model accepts it: refused once, at the type (STYLE 15).

PostgreSQL text cannot hold NUL, JSON can carry lone surrogates that no database, PDF or
mail server can encode, and Temporal refuses payloads over 2 MB. So every free-text field
of every model is one of the types below: control characters other than newline, carriage
return and tab are refused, and so are lone surrogates, each with a sentence a person
understands, and each field is bounded by what a person would need to write.

The bounds (characters):

| type          | bound  | for                                                          |
| ------------- | ------ | ------------------------------------------------------------ |
| ``Word``      | 200    | ids, names, emails, phone numbers, postcodes, labels         |
| ``Summary``   | 1,000  | a summary, a reason, a note, an issue, a restriction         |
| ``Address``   | 1,000  | a postal address over several lines                          |
| ``Description`` | 10,000 | what the resident tells us, our definition, outcomes sought |
| ``Letter``    | 50,000 | the text of a stage response (a long letter)                 |

A complaint's whole input is therefore some tens of kilobytes at most, far below the
payload limit, whatever is typed into it.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

WORD = 200
SUMMARY = 1_000
ADDRESS = 1_000
DESCRIPTION = 10_000
LETTER = 50_000

ALLOWED_CONTROLS = frozenset("\n\r\t")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be kept, in words, or None when it can."""
    for char in value:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return "contains a character that is not valid text (a lone surrogate)"
        if char in ALLOWED_CONTROLS:
            continue
        if code == 0:
            return "contains a null character, which is not allowed"
        if unicodedata.category(char) == "Cc":
            return f"contains a control character (U+{code:04X}), which is not allowed"
    return None


def too_long(value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"must be {limit:,} characters or fewer (it has {len(value):,})"
    return None


def _clean(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(f"The text {problem}")
    return value


Word = Annotated[str, Field(max_length=WORD), AfterValidator(_clean)]
Summary = Annotated[str, Field(max_length=SUMMARY), AfterValidator(_clean)]
Address = Annotated[str, Field(max_length=ADDRESS), AfterValidator(_clean)]
Description = Annotated[str, Field(max_length=DESCRIPTION), AfterValidator(_clean)]
Letter = Annotated[str, Field(max_length=LETTER), AfterValidator(_clean)]

__all__ = [
    "ADDRESS",
    "DESCRIPTION",
    "LETTER",
    "SUMMARY",
    "WORD",
    "Address",
    "Description",
    "Letter",
    "Summary",
    "Word",
    "text_problem",
    "too_long",
]
