"""Every text field of the models people send in, found by introspection (issue 8).

`SENT_IN` is every intake and action model: the complaint as logged, each action's input
in `models.messages` (not its result), and the progress a tracker receives. `text_slots()`
walks their fields, into nested models and lists, and yields one `Slot` per place a
person's text can go, with the bound its type sets; a field added later is found here
without anyone listing it. `Slot.build(value)` is a valid payload of the slot's model with
`value` in that one place, so a test can see what the model makes of it.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import MaxLen
from pydantic import BaseModel, EmailStr
from pydantic.fields import FieldInfo

import models.messages
from models.complaint import LogComplaintInput
from models.text import text_problem
from workflows.inputs import ItemCompleted, Progress

EMAIL_BOUND = 254  # what email-validator allows in an address

SENT_IN: list[type[BaseModel]] = [
    LogComplaintInput,
    *(
        model
        for name, model in vars(models.messages).items()
        if inspect.isclass(model)
        and issubclass(model, BaseModel)
        and model.__module__ == models.messages.__name__
        and not name.endswith("Result")
    ),
    Progress,
    ItemCompleted,
]

# Required values introspection cannot guess: the reference's pattern.
EXAMPLES: dict[tuple[type[BaseModel], str], Any] = {
    (LogComplaintInput, "reference"): "CMP-2026-000001",
}


@dataclass(frozen=True)
class Slot:
    """One place a person's text goes: `model`, the field path, and its bound."""

    model: type[BaseModel]
    path: tuple[str | int, ...]
    bound: int
    strict: bool  # a pattern or an email address: not every clean text fits
    place: Callable[[Any], Any]  # builds the top-level field's value around the text

    def build(self, value: str) -> dict[str, Any]:
        data = example(self.model)
        data[str(self.path[0])] = self.place(value)
        return data

    def __str__(self) -> str:
        return f"{self.model.__name__}." + ".".join(str(step) for step in self.path)


def unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under Optional and Annotated, with the Annotated metadata."""
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
        elif origin is Annotated:
            annotation, *extra = get_args(annotation)
            for item in extra:
                metadata += item.metadata if isinstance(item, FieldInfo) else [item]
        else:
            return annotation, metadata


def example(model: type[BaseModel]) -> dict[str, Any]:
    """A valid payload of `model`: its required fields with plain values."""
    return {
        name: EXAMPLES.get((model, name), example_of(field.annotation))
        for name, field in model.model_fields.items()
        if field.is_required()
    }


def example_of(annotation: Any) -> Any:
    kind, _ = unwrap(annotation)
    if get_origin(kind) is list:
        return []
    if get_origin(kind) is Literal:
        return get_args(kind)[0]
    if inspect.isclass(kind) and issubclass(kind, Enum):
        return next(iter(kind)).value
    if inspect.isclass(kind) and issubclass(kind, BaseModel):
        return example(kind)
    plain = {str: "Text", date: "2026-12-01", bool: False, int: 1, float: 0.0}
    return plain[kind]


def text_slots() -> list[Slot]:
    return [slot for model in SENT_IN for slot in _model_slots(model, model, ())]


def _model_slots(root: type[BaseModel], model: type[BaseModel], path: tuple) -> Iterator[Slot]:
    for name, field in model.model_fields.items():
        annotation = (
            Annotated[field.annotation, *field.metadata] if field.metadata else (field.annotation)
        )
        yield from _slots(root, annotation, (*path, name))


def _slots(root: type[BaseModel], annotation: Any, path: tuple) -> Iterator[Slot]:
    kind, metadata = unwrap(annotation)
    if get_origin(kind) is list:
        (item,) = get_args(kind)
        for slot in _slots(root, item, (*path, 0)):
            yield _in_list(slot)
    elif kind is EmailStr:
        yield Slot(root, path, EMAIL_BOUND, True, lambda value: value)
    elif kind is str:
        bounds = [item.max_length for item in metadata if isinstance(item, MaxLen)]
        strict = any(getattr(item, "pattern", None) for item in metadata)
        yield Slot(root, path, min(bounds, default=-1), strict, lambda value: value)
    elif inspect.isclass(kind) and issubclass(kind, BaseModel):
        for slot in _model_slots(root, kind, ()):
            yield _nested(slot, kind, path)


def _in_list(slot: Slot) -> Slot:
    """The slot one list further out: its text sits in the list's first item."""
    inner = slot.place
    return Slot(slot.model, slot.path, slot.bound, slot.strict, lambda value: [inner(value)])


def _nested(slot: Slot, model: type[BaseModel], path: tuple) -> Slot:
    """The slot one model further out: the nested model's example with the text in it."""
    name, inner = str(slot.path[0]), slot.place

    def place(value: Any) -> dict[str, Any]:
        return {**example(model), name: inner(value)}

    return Slot(slot.model, (*path, *slot.path), slot.bound, slot.strict, place)


def list_bounds() -> dict[str, int | None]:
    """Every list field of the models sent in (nested ones too), with its item bound."""
    bounds: dict[str, int | None] = {}
    pending = list(SENT_IN)
    while pending:
        model = pending.pop()
        for name, field in model.model_fields.items():
            kind, metadata = unwrap(field.annotation)
            metadata += field.metadata
            if get_origin(kind) is list:
                sizes = [item.max_length for item in metadata if isinstance(item, MaxLen)]
                bounds[f"{model.__name__}.{name}"] = min(sizes, default=None)
                kind, _ = unwrap(get_args(kind)[0])
            if inspect.isclass(kind) and issubclass(kind, BaseModel):
                pending.append(kind)
    return bounds


def readable(message: str) -> bool:
    """A refusal a person can read beside the field: words, starting with a letter, and no
    character the page could not show."""
    return message[:1].isalpha() and len(message.split()) >= 3 and text_problem(message) is None
