"""A form made from an action's input model, for a catalogue action with no form of its own.

Each simple field of the model (`rules.catalogue.input_fields`) becomes a form field: text
(a textarea when it may be long), a date, a checkbox or a whole number. A model with any
other kind of field needs a form written for it in `web.actions`; the app refuses to start
without one, so no action goes unreachable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from rules.catalogue import input_fields
from web.forms import Field, Reader

KINDS = {
    "text": "text",
    "long_text": "textarea",
    "date": "date",
    "flag": "checkbox",
    "number": "number",
}

MAX_DIGITS = 18  # a whole number a bigint column can hold


def generic_form(
    model: type[BaseModel],
) -> tuple[Callable[[Reader, Any], BaseModel], tuple[Field, ...]]:
    """The builder and the fields of a form for `model`."""
    fields = tuple(Field(f.name, f.label, KINDS[f.kind], f.required) for f in input_fields(model))

    def build(r: Reader, context: Any) -> BaseModel:
        values: dict[str, Any] = {}
        for f in fields:
            words = f.label[:1].lower() + f.label[1:]
            if f.kind == "checkbox":
                values[f.name] = r.checked(f.name)
            elif f.kind == "date":
                values[f.name] = r.date(f.name, words, f.required)
            elif f.kind == "number":
                text = r.text(f.name, words, f.required)
                # ASCII digits only: "²" is a digit to str.isdigit but not a number to int;
                # and no more than a bigint holds (int reads at most 4,300 digits).
                whole = text.isascii() and text.isdigit()
                if text and not whole:
                    r.errors[f.name] = f"{f.label} must be a whole number"
                elif len(text) > MAX_DIGITS:
                    r.errors[f.name] = f"{f.label} must be {MAX_DIGITS} digits or fewer"
                values[f.name] = int(text) if whole and len(text) <= MAX_DIGITS else None
            else:
                values[f.name] = r.text(f.name, words, f.required)
        r.done()
        return model(**{k: v for k, v in values.items() if v is not None and v != ""})

    return build, fields
