"""The shape of an action's form: what a page adds to a catalogue action (`Form`), the
two together (`ActionForm`), what a form's builder is given besides the submitted values
(`Context`), and the choices more than one form offers.

`ActionForm.input_from` reads the submitted values into the update's input model, with a
sentence beside each field that is wrong. A form only shapes the input: the workflow's
validator decides whether the Code allows the action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from models.closure import UndeliveredLetter
from models.complaint import ComplaintState
from models.enums import EXCLUSION_WORDS, Exclusion
from models.parties import StaffMember
from rules.catalogue import ActionEntry
from rules.rule_clauses import code_reference
from web.forms import Choices, Field, Reader, input_from


@dataclass
class Context:
    """What a form needs besides the submitted values."""

    state: ComplaintState
    today: date
    by: str  # the signed-in user's staff id
    by_name: str = ""  # and their name, for what they record (R-NOTE-1)
    handlers: dict[str, StaffMember] = field(default_factory=dict)
    reviewers: dict[str, StaffMember] = field(default_factory=dict)
    # R-EDIT-1: the letters the resident never received, from the record
    undelivered: list[UndeliveredLetter] = field(default_factory=list)


Build = Callable[[Reader, Context], BaseModel]


@dataclass(frozen=True)
class Form:
    """What a page adds to a catalogue action."""

    button: str
    build: Build
    fields: tuple[Field, ...] = ()
    template: str = "action.html"


@dataclass(frozen=True)
class ActionForm:
    """A catalogue action with its form: what the pages and the JSON API's routes read."""

    action: ActionEntry[Any]
    form: Form

    @property
    def update(self) -> str:
        """The workflow update, also the last part of the form's address."""
        return self.action.name

    @property
    def title(self) -> str:
        return self.action.title

    @property
    def rule(self) -> str:
        """The Code's clauses it serves, shown as a hint ("Code 5.1"): staff know the Code
        by its clause numbers, not by our rule ids."""
        return code_reference(self.action.rules)

    @property
    def model(self) -> type[BaseModel]:
        return self.action.model

    @property
    def button(self) -> str:
        return self.form.button

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.form.fields

    @property
    def template(self) -> str:
        return self.form.template

    def offered(self, state: ComplaintState) -> bool:
        return self.action.offered(state)

    def input_from(self, form: object, context: Context) -> BaseModel:
        """The update's input from a submitted form; raises FormErrors."""
        return input_from(form, lambda r: self.form.build(r, context), self.fields, context.by)


def words(enum: type[StrEnum], labels: dict | None = None) -> Choices:
    """An enum's members as choices: each value, labelled from ``labels`` or in words."""
    return [(m.value, (labels or {}).get(m, m.value.replace("_", " ").capitalize())) for m in enum]


def staff_choices(attribute: str) -> Callable[[Context], Choices]:
    def choices(context: Context) -> Choices:
        people = getattr(context, attribute)
        return [(staff_id, f"{person.name} ({staff_id})") for staff_id, person in people.items()]

    return choices


EXCLUSIONS = words(Exclusion, {e: w[:1].upper() + w[1:] for e, w in EXCLUSION_WORDS.items()})

TEXTAREA = "textarea"  # the kind of field for text of more than a line
