"""The shape of a handler action's subcommand, and the one made from an input model.

A `Command` is what the command line adds to a catalogue action (`rules.catalogue`): its
help, its options and how the options become the update's input model. `ActionCommand`
pairs the two. An action the starter has written no command for gets `generic_command`,
options made from its input model's fields.

The option helpers here (who acts, a staff member, a required text) are shared by the
commands of every stage (`starter.actions.intake`, `.response`, `.escalation`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from models.parties import StaffMember
from rules.catalogue import ActionEntry, input_fields
from starter.options import iso_date

Args = argparse.Namespace
Parser = argparse.ArgumentParser


class InputError(ValueError):
    """Options that do not make a valid input; the message says what to give."""


@dataclass(frozen=True)
class Command:
    """What the command line adds to a catalogue action."""

    help: str
    arguments: Callable[[Parser], None]
    build: Callable[[Args, date], BaseModel]  # (options, today) -> update input
    name: str | None = None  # the subcommand, when not the update's name with dashes


@dataclass(frozen=True)
class ActionCommand:
    action: ActionEntry[Any]
    command: Command

    @property
    def name(self) -> str:
        """The subcommand."""
        return self.command.name or self.action.name.replace("_", "-")

    @property
    def update(self) -> str:
        """The ComplaintWorkflow update it sends."""
        return self.action.name

    @property
    def help(self) -> str:
        return self.command.help

    def arguments(self, parser: Parser) -> None:
        self.command.arguments(parser)

    def build(self, args: Args, today: date) -> BaseModel:
        return self.command.build(args, today)


def by_whom(args: Args) -> dict[str, Any]:
    """``by`` for the input model when ``--by`` was given, else nothing (the model's own)."""
    return {"by": args.by} if args.by else {}


def staff_arguments(parser: Parser) -> None:
    parser.add_argument("--id", required=True, help="staff id, e.g. h.khan")
    parser.add_argument("--name", required=True)
    parser.add_argument("--email")
    parser.add_argument("--phone")
    parser.add_argument("--manager", help="the staff id of their manager (told of breaches)")


def staff_member(args: Args) -> StaffMember:
    return StaffMember(
        id=args.id, name=args.name, email=args.email, phone=args.phone, manager_id=args.manager
    )


def text_option(parser: Parser, flag: str, help: str, required: bool = True) -> None:
    parser.add_argument(flag, required=required, default=None if required else "", help=help)


def generic_command(action: ActionEntry[Any]) -> Command:
    """Options made from the action's input model: ``--field-name`` for each simple field."""
    fields = input_fields(action.model)
    types: dict[str, Callable[[str], Any]] = {"date": iso_date, "number": int}

    def arguments(p: Parser) -> None:
        for f in fields:
            flag = "--" + f.name.replace("_", "-")
            if f.kind == "flag":
                p.add_argument(flag, action="store_true", help=f.label)
            else:
                p.add_argument(flag, type=types.get(f.kind, str), required=f.required, help=f.label)

    def build(a: Args, today: date) -> BaseModel:
        given = {f.name: getattr(a, f.name) for f in fields if getattr(a, f.name) is not None}
        return action.model(**by_whom(a), **given)

    rules = f" ({action.rule_ids})" if action.rules else ""
    return Command(action.title[:1].lower() + action.title[1:] + rules, arguments, build)
