"""Form fields as GOV.UK Frontend renders them, and reading their values back.

A field knows its name, label and kind; templates render it with the macros in
``templates/_fields.html``. Reading a submitted form gives a value per field or a
`FormErrors` naming each field that is wrong, so the page shows the message beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from models.text import LETTER
from web.edge import problem, shown

Choices = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    # text | textarea | date | select | radios | checkbox | checkboxes | number | email
    kind: str = "text"
    required: bool = False
    hint: str = ""
    choices: Choices | Callable[[Any], Choices] = ()
    default: Callable[[Any], Any] | None = None  # from the page's context (e.g. the state)

    def options(self, context: Any) -> Choices:
        return self.choices(context) if callable(self.choices) else self.choices


class FormErrors(Exception):
    """Field name -> message; an empty name is an error about the whole form."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


@dataclass
class Reader:
    """Reads a submitted form field by field, collecting every error before raising."""

    form: FormData | Mapping[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str, label: str = "", required: bool = False, limit: int = LETTER) -> str:
        """The field's text, stripped; text the service cannot keep (a NUL, a control
        character, too long) is an error beside the field, and is left out of the value."""
        value = str(self.form.get(name) or "").strip()
        words = label or name.replace("_", " ")
        refused = problem(words[:1].upper() + words[1:], value, limit)
        if refused:
            self.errors.setdefault(name, refused)
            return shown(value)[:limit]
        if required and not value:
            self.errors[name] = f"Enter {words}"
        return value

    def optional(self, name: str) -> str | None:
        return self.text(name) or None

    def choice(self, name: str, choices: Choices, label: str, required: bool = True) -> str | None:
        value = self.text(name)
        if not value:
            if required:
                self.errors[name] = f"Select {label}"
            return None
        if value not in {key for key, _ in choices}:
            self.errors[name] = f"Select {label} from the list"
            return None
        return value

    def checked(self, name: str) -> bool:
        return str(self.form.get(name) or "") in ("yes", "on", "true", "1")

    def date(self, name: str, label: str, required: bool = False) -> date | None:
        """A GOV.UK date input: ``name-day``, ``name-month``, ``name-year``."""
        parts = [self.text(f"{name}-{part}") for part in ("day", "month", "year")]
        if not any(parts):
            if required:
                self.errors[name] = f"Enter {label}"
            return None
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1000:
                raise ValueError
            return date(year, month, day)
        except (ValueError, OverflowError):  # OverflowError: a year beyond a C long
            self.errors[name] = f"{label[:1].upper()}{label[1:]} must be a real date"
            return None

    def pounds(self, name: str, label: str) -> float:
        value = self.text(name).lstrip("£").replace(",", "")
        if not value:
            return 0.0
        try:
            amount = float(value)
        except ValueError:
            amount = math.nan
        if not math.isfinite(amount):  # "nan" and "inf" are floats, not amounts
            self.errors[name] = f"{label} must be an amount in pounds, like 150.00"
            return 0.0
        if amount < 0:
            self.errors[name] = f"{label} cannot be negative"
        return amount

    def done(self) -> None:
        if self.errors:
            raise FormErrors(self.errors)


def validation_errors(error: ValidationError, names: Mapping[str, str] | None = None) -> FormErrors:
    """A pydantic error as form errors: its location mapped to a field name where known."""
    errors: dict[str, str] = {}
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        name = (names or {}).get(where, (names or {}).get(str(item["loc"][0]), ""))
        message = item["msg"].removeprefix("Value error, ")
        key = name or where
        errors.setdefault(key, message[:1].upper() + message[1:])
    return FormErrors(errors)


def input_from(
    form: Any, build: Callable[[Reader], BaseModel], fields: Sequence[Field], by: str
) -> BaseModel:
    """An update's input made by `build` from a submitted form, recorded as by `by` (the
    signed-in user); raises FormErrors, the model's refusals beside the form's fields."""
    reader = Reader(form)
    try:
        built = build(reader)
    except ValidationError as error:
        reader.done()  # the fields' own errors say it better, when there are any
        raise validation_errors(error, {f.name: f.name for f in fields}) from None
    reader.done()
    return built.model_copy(update={"by": by})
