"""The handler actions the starter can take: one subcommand per action of the catalogue.

The catalogue (`rules.catalogue`) says which update each action sends; `COMMANDS` adds
its subcommand's help, its options and how they become the update's input model
(``models.messages``). An action with no entry there gets options made from its input
model (`generic_command`). The workflow's validator decides whether the action is
allowed; the starter only shapes the input.

- `command`: the shape of a subcommand (`Command`, `ActionCommand`) and the generic one;
- `intake`: taking a complaint in, and the record kept beside the response;
- `response`: the response clock and the stage response;
- `escalation`: escalation, the Stage 3 panel, the ombudsman and aftercare.
"""

from __future__ import annotations

from typing import Any

from rules import catalogue
from rules.catalogue import ActionEntry
from starter.actions import escalation, intake, response
from starter.actions.command import ActionCommand, Command, InputError, generic_command

__all__ = ["ACTIONS", "BY_NAME", "COMMANDS", "ActionCommand", "InputError", "generic_command"]

# What the command line adds to each action of the catalogue: its help, its options and how
# they become the update's input. An action without an entry here gets options made from
# its input model (`generic_command`).
COMMANDS: dict[ActionEntry[Any], Command] = {
    **intake.COMMANDS,
    **response.COMMANDS,
    **escalation.COMMANDS,
}

ACTIONS: tuple[ActionCommand, ...] = tuple(
    ActionCommand(action, COMMANDS.get(action) or generic_command(action))
    for action in catalogue.ACTIONS
)
BY_NAME = {command.name: command for command in ACTIONS}
