"""An action input's simple fields, for the surfaces that make a form or options from a model:
the web's generic form (`web.generic_form`) and the starter's options. An input with a
person, a list or a choice has a form and options written for it instead.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

LONG = 200  # text that may be longer than a name is long text


@dataclass(frozen=True)
class InputField:
    name: str
    kind: str  # text | long_text | date | flag | number
    required: bool
    label: str  # its description, else its name in words


def _plain(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under `X | None` and `Annotated[X, ...]`, with the Annotated metadata."""
    metadata: list[Any] = []
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    if get_origin(annotation) is Annotated:
        annotation, *metadata = get_args(annotation)
    return annotation, metadata


def _kind(name: str, info: FieldInfo) -> str:
    plain, metadata = _plain(info.annotation)
    kinds = {bool: "flag", date: "date", int: "number"}
    if plain in kinds:
        return kinds[plain]
    if plain is str:
        bounds = [m.max_length for m in [*metadata, *info.metadata] if hasattr(m, "max_length")]
        return "long_text" if not bounds or max(bounds) > LONG else "text"
    raise TypeError(f"{name} ({plain}) is no simple field: give the action a form and options")


def input_fields(model: type[BaseModel]) -> tuple[InputField, ...]:
    """What a person fills in for an action (every field but `by`), each of a simple kind.

    A field of another kind (a person, a list) raises TypeError: such an action needs a
    form (`web.actions`) and options (`starter.actions`) written for it."""
    return tuple(
        InputField(
            name,
            _kind(name, info),
            info.is_required(),
            info.description or name.replace("_", " ").capitalize(),
        )
        for name, info in model.model_fields.items()
        if name != "by"
    )
