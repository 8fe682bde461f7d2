"""Refusing, at the edge, text the service cannot keep (issue 8).

The models refuse bad text at the type (``models.text``); this module applies the same rule
to what reaches the web app before any model sees it: the address (path and query string)
and every string of a JSON body. A NUL, another control character than newline, carriage
return and tab, or a lone surrogate would otherwise reach PostgreSQL or the response
encoder and end in a 500; here it ends in a 422 with a sentence naming the field, before
the route runs, so nothing is read, started or written.

Form fields are checked where they are read (``web.forms.Reader``), so a form can be shown
again with the message beside the field.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Request

from models.text import LETTER, SUMMARY, WORD, text_problem, too_long

# Bounds for what arrives outside a model: a path segment is a reference, a digest or an
# action's name; a query value at most a path to go back to; a JSON string is bounded
# again, more tightly, by its model's type.
PATH_LIMIT = WORD
QUERY_LIMIT = SUMMARY
JSON_LIMIT = LETTER
JSON_TYPES = ("application/json", "application/merge-patch+json")
# A number in the address, bounded where the database and the calendar can hold it: the key
# of an integer or a bigint column, and a year whose financial year (1 April to 31 March)
# the date type can hold. Beyond them the lookup would end in a 500; here it is a 422.
Key = Annotated[int, Path(ge=1, le=2**31 - 1)]
BigKey = Annotated[int, Path(ge=1, le=2**63 - 1)]
Year = Annotated[int, Path(ge=1, le=9998)]


class BadInput(Exception):
    """A value the service cannot keep; ``field`` names where it was, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def problem(label: str, value: str, limit: int) -> str | None:
    """A sentence saying why ``value`` cannot be kept, naming it by ``label``, or None."""
    found = text_problem(value) or too_long(value, limit)
    return f"{label} {found}" if found else None


def check(field: str, label: str, value: str, limit: int) -> None:
    found = problem(label, value, limit)
    if found:
        raise BadInput(field, f"{found}.")


def shown(value: str) -> str:
    """``value`` without the characters that cannot be kept, to show it again on a form."""
    return "".join(char for char in value if text_problem(char) is None)


async def refuse_bad_input(request: Request) -> None:
    """A dependency of every route: refuse bad text in the address and in a JSON body."""
    for name, value in request.path_params.items():
        if isinstance(value, str):
            words = name.replace("_", " ")
            check(name, f"The {words} in the address", value, PATH_LIMIT)
    for name, value in request.query_params.multi_items():
        label = shown(name)
        check(label or "query", "A query parameter's name", name, WORD)
        check(label, f"The query parameter {label}", value, QUERY_LIMIT)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in JSON_TYPES or content_type.endswith("+json"):
        try:
            body = await request.json()  # parsed once: FastAPI's own parse is cached
        except ValueError:
            return  # malformed JSON is refused by the route's own body parsing
        _check_json(body, "")


def _check_json(value: Any, where: str) -> None:
    if isinstance(value, str):
        check(where or "body", f"The field {where}" if where else "The body", value, JSON_LIMIT)
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{where}.{shown(key)}" if where else shown(key)
            check(name, f"The name of the field {name}", key, WORD)
            _check_json(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json(item, f"{where}[{index}]")
