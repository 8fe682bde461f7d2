"""The starter's subcommands derived from the catalogue of actions: one per action, each
sending its action's update, and options made from the input model for a new action."""

import argparse
from datetime import date

from rules import catalogue
from starter.actions import ACTIONS, BY_NAME, COMMANDS, ActionCommand, generic_command
from starter.cli import build_parser
from tests.catalogue_samples import RECORD_NOTE, RecordNoteInput


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    found = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(found.choices)


def test_every_catalogue_action_is_one_subcommand_sending_its_update() -> None:
    assert [command.action for command in ACTIONS] == list(catalogue.ACTIONS)
    assert [command.update for command in ACTIONS] == [a.name for a in catalogue.ACTIONS]
    assert len(BY_NAME) == len(catalogue.ACTIONS)  # no subcommand name twice
    assert set(BY_NAME) <= set(subcommands())
    assert set(COMMANDS) <= set(catalogue.ACTIONS)


def test_a_subcommand_is_named_after_its_update_unless_it_says_otherwise() -> None:
    renamed = {c.update: c.name for c in ACTIONS if c.name != c.update.replace("_", "-")}
    assert renamed == {"request_clarification": "clarify", "submit_response": "respond"}


def test_each_subcommand_takes_the_reference_and_who_acts() -> None:
    parsers = subcommands()
    for command in ACTIONS:
        options = {flag for a in parsers[command.name]._actions for flag in a.option_strings}
        assert {"--by", "--json"} <= options, command.name


def test_a_new_action_gets_options_made_from_its_input_model() -> None:
    command = ActionCommand(RECORD_NOTE, generic_command(RECORD_NOTE))
    assert (command.name, command.update) == ("record-note", "record_note")
    assert command.help == "record a note (R-REC-1)"
    parser = argparse.ArgumentParser()
    parser.add_argument("--by")
    command.arguments(parser)
    argv = ["--note", "Rang the resident", "--on", "2026-03-02", "--urgent", "--pages", "2"]
    built = command.build(parser.parse_args([*argv, "--by", "h.khan"]), date(2026, 3, 2))
    assert built == RecordNoteInput(
        by="h.khan", note="Rang the resident", on=date(2026, 3, 2), urgent=True, pages=2
    )
