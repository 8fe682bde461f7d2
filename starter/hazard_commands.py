"""``redress-starter hazard-*``: every step of a hazard under Awaab's Law (R-HAZ-1..6), one
subcommand per entry of `rules.hazard_catalogue`, each its `HazardWorkflow` update (by
reference), and ``hazard-show`` and ``hazard-list``.

Options come from the step's input model: ``--what-was-done "..."``; a moment is ISO 8601
(``2026-12-12T17:30``, London when no offset is given) and defaults to now; a planned work
of the written summary is ``--work "Treat the wall|2026-12-20"``, repeated. As for a
complaint's actions, a refusal prints the sentence on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import types
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from temporalio.client import WorkflowUpdateFailedError

from models.hazard_state import (
    HazardState,
)
from models.hazard_steps import (
    PlannedWork,
)
from rules import hazard_catalogue
from rules.calendar import LONDON, format_due, local_date
from rules.hazard_catalogue import HazardActionEntry
from starter.connection import Connection
from workflows.hazard import HazardWorkflow
from workflows.hazard_updates import hazard_update_of

PREFIX = "hazard-"


class HazardInputError(ValueError):
    """Options that do not make a valid input; the message says what to give."""


def _plain(annotation: Any) -> Any:
    """The type inside ``X | None``."""
    if get_origin(annotation) in (Union, types.UnionType):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        return inner[0] if len(inner) == 1 else annotation
    return annotation


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    acting = argparse.ArgumentParser(add_help=False, parents=[common])
    acting.add_argument("reference", help="the hazard reference, e.g. HAZ-2026-000012")
    acting.add_argument("--by", help="who records the step (a staff id)")
    show = commands.add_parser(f"{PREFIX}show", parents=[common], help="a hazard as it stands")
    show.add_argument("reference")
    listing = commands.add_parser(f"{PREFIX}list", parents=[common], help="running hazards")
    listing.add_argument("--breached", action="store_true", help="only with a missed step")
    listing.add_argument("--limit", type=int, default=100)
    for action in hazard_catalogue.ACTIONS:
        sub = commands.add_parser(
            PREFIX + action.name.replace("_", "-"),
            parents=[acting],
            help=f"{action.title} ({action.rule_ids})",
        )
        _arguments(sub, action.model)


def _arguments(parser: argparse.ArgumentParser, model: type[BaseModel]) -> None:
    for name, info in model.model_fields.items():
        if name == "by":
            continue
        kind = _plain(info.annotation)
        required = info.is_required() and kind is not datetime
        if get_origin(kind) is list:  # the summary's planned works
            parser.add_argument(
                "--work", dest=name, action="append", default=[], help='"what|YYYY-MM-DD"'
            )
        elif kind is bool:
            parser.add_argument(_option(name), dest=name, choices=["yes", "no"])
        elif isinstance(kind, type) and issubclass(kind, Enum):
            values = [member.value for member in kind]
            parser.add_argument(_option(name), dest=name, choices=values, required=required)
        else:
            words = {datetime: "ISO date and time (default now)", date: "YYYY-MM-DD"}
            parser.add_argument(_option(name), dest=name, required=required, help=words.get(kind))


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)


def build(action: HazardActionEntry[Any], args: argparse.Namespace) -> BaseModel:
    """The step's input from the options; raises HazardInputError or ValidationError."""
    values: dict[str, Any] = {"by": args.by} if args.by else {}
    for name, info in action.model.model_fields.items():
        kind = _plain(info.annotation)
        given = getattr(args, name, None)
        try:
            if get_origin(kind) is list:
                values[name] = [_work(item) for item in given or []]
            elif kind is datetime:
                values[name] = _moment(given) if given else datetime.now(UTC)
            elif kind is date and given:
                values[name] = date.fromisoformat(given)
            elif kind is bool and given:
                values[name] = given == "yes"
            elif given is not None and name != "by":
                values[name] = given
        except ValueError as error:
            raise HazardInputError(f"{_option(name)}: {error}") from None
    return action.model.model_validate(values)


def _work(item: str) -> PlannedWork:
    what, _, by = item.rpartition("|")
    if not what:
        raise ValueError('give a planned work as "what|YYYY-MM-DD"')
    return PlannedWork(what=what, by=date.fromisoformat(by))


def describe(state: HazardState) -> str:
    report = state.report
    kind = state.kind.value.replace("_", " ") if state.kind else "not yet triaged"
    lines = [
        f"{state.reference}: {report.hazard.replace('_', ' ')} in {report.location} ({kind})",
        f"  next step {state.step.value.replace('_', ' ')}"
        + (f", complaint {state.complaint_reference}" if state.complaint_reference else ""),
        f"  aware {report.aware_at.astimezone(LONDON):%d %b %Y %H:%M}, regime {state.regime_name}",
    ]
    for d in sorted(state.deadlines, key=lambda d: d.due):
        if d.gave_way_at is not None:
            outcome = "gave way to the 12-week clock"
        elif d.met_at is not None:
            outcome = "met late" if d.met_at > d.due else "met"
        else:
            outcome = "missed" if d.breached else "open"
        lines.append(f"  {d.label}: {outcome}")
    lines += [f"  late: {r.step.value} {r.reason.value}: {r.detail}" for r in state.late_reasons]
    if state.breached:
        lines.append("  A statutory hazard deadline has been missed.")
    return "\n".join(lines)


async def dispatch(args: argparse.Namespace, connection: Connection) -> tuple[bool, str]:
    """Run a ``hazard-*`` command: (refused, what to print). A refusal's sentence is the
    second part, for stderr."""
    client = connection.client
    if args.command == f"{PREFIX}list":
        query = "WorkflowType = 'HazardWorkflow' AND ExecutionStatus = 'Running'"
        if args.breached:
            query += " AND Breached = true"
        rows = []
        async for execution in client.list_workflows(query, limit=args.limit):
            attributes = execution.typed_search_attributes
            due = next((p.value for p in attributes if p.key.name == "HazardDue"), None)
            kind = next((p.value for p in attributes if p.key.name == "HazardKind"), None)
            step = next((p.value for p in attributes if p.key.name == "HazardStep"), None)
            rows.append({"reference": execution.id, "kind": kind, "step": step, "due": due})
        rows.sort(key=lambda r: (r["kind"] != "emergency", str(r["due"] or "9999")))
        if args.json:
            return False, json.dumps(rows, indent=2, default=str)
        return False, "\n".join(
            f"{r['reference']}  {r['kind'] or '-'}  {r['step'] or '-'}  "
            + (format_due(local_date(r["due"])) if isinstance(r["due"], datetime) else "-")
            for r in rows
        )
    handle = client.get_workflow_handle(args.reference)
    if args.command == f"{PREFIX}show":
        state = await handle.query(HazardWorkflow.details)
    else:
        action = hazard_catalogue.BY_NAME[args.command.removeprefix(PREFIX).replace("-", "_")]
        inp = build(action, args)
        try:
            state = await handle.execute_update(hazard_update_of(action), inp)
        except WorkflowUpdateFailedError as error:
            return True, str(getattr(error.cause, "message", None) or error.cause or error)
    return False, state.model_dump_json(indent=2) if args.json else describe(state)
