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

from pydantic import AfterValidator, BeforeValidator, Field

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


def _encodable(value: object) -> object:
    """Refuse a lone surrogate in our words before pydantic's own string check does in its
    ("unable to parse raw data as a unicode string"); encoding runs at C speed, so even a
    text far over its bound costs little before the bound refuses it."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(
                "The text contains a character that is not valid text (a lone surrogate)"
            ) from None
    return value


# Applied outermost first: the surrogate check, then pydantic's string check with the
# bound, then the control characters.
_ENCODABLE = BeforeValidator(_encodable)
_CLEAN = AfterValidator(_clean)

Word = Annotated[str, Field(max_length=WORD), _ENCODABLE, _CLEAN]
Summary = Annotated[str, Field(max_length=SUMMARY), _ENCODABLE, _CLEAN]
Address = Annotated[str, Field(max_length=ADDRESS), _ENCODABLE, _CLEAN]
Description = Annotated[str, Field(max_length=DESCRIPTION), _ENCODABLE, _CLEAN]
Letter = Annotated[str, Field(max_length=LETTER), _ENCODABLE, _CLEAN]

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
