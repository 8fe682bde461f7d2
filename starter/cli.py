"""``redress-starter``: log complaints and take every handler action against a running stack.

    redress-starter log --name "Alex Morgan" --email alex@example.org --description "..."
    redress-starter accept CMP-2026-000001 --by h.khan
    redress-starter show CMP-2026-000001
    redress-starter list --breached

Each action is a workflow update: a refused action prints the refusal on stderr and exits
with status 2 (as do options that do not make a valid input); an accepted one prints where
the complaint now stands. Other failures (no such complaint, no server) exit with 1.

`main` is the console script; `run` is the same command line for callers that already have
an event loop, a Temporal client and a database (tests, scripts): pass a `Connection`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import NoReturn

from pydantic import ValidationError
from temporalio.client import Client, WorkflowExecution, WorkflowUpdateFailedError
from temporalio.service import RPCError, RPCStatusCode

from clients import connect_temporal
from delivery.documents import document_store
from models.complaint import ComplaintState
from models.messages import CalendarChangedInput
from rules.organisations import UnknownOrganisation
from rules.policy import UnknownProfileError
from settings import Settings, get_settings
from starter import display, hazard_commands, log_command, records
from starter.actions import ACTIONS, BY_NAME, InputError
from starter.connection import Connection
from store.db import NoDatabase, make_engine, make_sessionmaker
from store.db import database_url as store_database_url
from workflows.updates import update_of

REFUSED = 2  # the workflow (or the input model) said no: as argparse's usage errors
FAILED = 1


class Failed(Exception):
    """A failure to report on stderr with an exit status."""

    def __init__(self, message: str, status: int = FAILED) -> None:
        super().__init__(message)
        self.status = status


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON instead of text")
    acting = argparse.ArgumentParser(add_help=False, parents=[common])
    acting.add_argument("reference", help="the complaint reference, e.g. CMP-2026-000001")
    acting.add_argument("--by", help="who takes the action (a staff id, or resident)")

    parser = argparse.ArgumentParser(
        prog="redress-starter",
        description="Log complaints and take handler actions against a running redress stack.",
        epilog="Connection settings come from REDRESS_* variables (see README).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    log_command.add_parser(commands, common)
    show = commands.add_parser("show", parents=[common], help="a complaint as it stands")
    show.add_argument("reference")
    listing = commands.add_parser("list", parents=[common], help="running complaints")
    listing.add_argument("--breached", action="store_true", help="only with a missed deadline")
    listing.add_argument("--handler", help="only this handler's (staff id)")
    listing.add_argument("--stage", choices=["stage_1", "stage_2", "stage_3"])
    listing.add_argument("--status")
    listing.add_argument("--organisation")
    listing.add_argument("--query", help="a further Temporal list filter, ANDed")
    listing.add_argument("--limit", type=int, default=100)
    changed = commands.add_parser(
        "calendar-changed", parents=[common], help="recompute deadlines after a calendar change"
    )
    which = changed.add_mutually_exclusive_group(required=True)
    which.add_argument("references", nargs="*", default=[], metavar="REFERENCE")
    which.add_argument("--all", action="store_true", help="every running complaint")
    changed.add_argument("--reason", default="calendar changed")
    records.add_parsers(commands, common)
    hazard_commands.add_parsers(commands, common)
    for action in ACTIONS:
        sub = commands.add_parser(action.name, parents=[acting], help=action.help)
        action.arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The console script: connect with the settings, run one command, exit with its status.

    It leaves with ``os._exit``: the Temporal client's runtime threads can outlive the
    event loop, and CPython's finalisation then aborts the process (temporalio/sdk-python
    issue 300), which would turn a refusal's status 2 into a crash. Use `run` in-process.
    """
    status = asyncio.run(run(argv))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


async def run(argv: Sequence[str] | None = None, connection: Connection | None = None) -> int:
    """Parse `argv` and run the command; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error argparse has printed
        return int(stop.code or 0)
    try:
        if connection is not None:
            await dispatch(args, connection)
        else:
            database = args.command in ("log", "attach", "staff")
            async with connect(_settings(), database=database) as made:
                await dispatch(args, made)
    except Failed as failure:
        print(str(failure), file=sys.stderr)
        return failure.status
    return 0


def _settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as error:
        raise Failed(f"Configuration error (REDRESS_* variables):\n{error}") from None


@asynccontextmanager
async def connect(settings: Settings, *, database: bool) -> AsyncIterator[Connection]:
    """A connection to the stack the settings name; the database only when asked."""
    try:
        client = await connect_temporal(settings)
    except RuntimeError as error:
        raise Failed(
            f"Cannot reach Temporal at {settings.temporal_address} ({error}); is the stack up? "
            "Start it with: python3 dev.py up"
        ) from None
    engine = make_engine(database_url(settings)) if database else None
    try:
        yield Connection(
            client=client,
            task_queue=settings.task_queue,
            sessionmaker=make_sessionmaker(engine) if engine is not None else None,
            policy_profile=settings.policy_profile,
            documents=document_store(settings),
        )
    finally:
        if engine is not None:
            await engine.dispose()


def database_url(settings: Settings) -> str:
    """DATABASE_URL, else the embedded PostgreSQL of the dev stack (`store.db.database_url`);
    none is a failure to report."""
    try:
        return store_database_url(settings)
    except NoDatabase as error:
        raise Failed(str(error)) from None


async def dispatch(args: argparse.Namespace, connection: Connection) -> None:
    try:
        if args.command == "log":
            await log_command.log(args, connection)
        elif args.command == "show":
            await show(args, connection)
        elif args.command == "list":
            await list_complaints(args, connection)
        elif args.command == "calendar-changed":
            await calendar_changed(args, connection)
        elif args.command == "attach":
            print(await records.attach(args, connection.sessionmaker, connection.documents))
        elif args.command == "staff":
            print(await records.add_staff(args, connection.sessionmaker))
        elif args.command.startswith(hazard_commands.PREFIX):
            refused, said = await hazard_commands.dispatch(args, connection)
            if refused:
                raise Failed(f"Refused: {said}", REFUSED)
            print(said)
        else:
            await act(args, connection)
    except records.RecordRefused as error:
        raise Failed(f"Refused: {error}", REFUSED) from None
    except (
        ValidationError,
        InputError,
        hazard_commands.HazardInputError,
        UnknownProfileError,
        UnknownOrganisation,
    ) as error:
        raise Failed(f"Invalid input: {_input_error(error)}", REFUSED) from None
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            reference = getattr(args, "reference", "")
            raise Failed(f"No complaint {reference} is running: {error.message}") from None
        raise Failed(f"Temporal refused the request: {error.message}") from None


def _input_error(error: Exception) -> str:
    if isinstance(error, ValidationError):
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item["loc"])
            message = item["msg"].removeprefix("Value error, ")
            problems.append(f"{where}: {message}" if where else message)
        return "; ".join(problems)
    return str(error)


async def act(args: argparse.Namespace, connection: Connection) -> None:
    """One handler action: the update's validator refuses, or the workflow answers."""
    action = BY_NAME[args.command]
    inp = action.build(args, await connection.today())
    handle = connection.client.get_workflow_handle(args.reference)
    try:
        result = await handle.execute_update(update_of(action.action), inp)
    except WorkflowUpdateFailedError as error:
        message = str(getattr(error.cause, "message", None) or error.cause or error)
        raise Failed(f"Refused: {message}", REFUSED) from None
    print(result.model_dump_json(indent=2) if args.json else display.action_result(result))


async def show(args: argparse.Namespace, connection: Connection) -> None:
    handle = connection.client.get_workflow_handle(args.reference)
    state = await handle.query("complaint", result_type=ComplaintState)
    print(state.model_dump_json(indent=2) if args.json else display.complaint(state))


def list_query(args: argparse.Namespace) -> str:
    """A Temporal visibility query over the search attributes the workflow publishes."""

    def quoted(value: str) -> str:
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"

    clauses = ["WorkflowType = 'ComplaintWorkflow'", "ExecutionStatus = 'Running'"]
    if args.breached:
        clauses.append("Breached = true")
    for name, value in (
        ("ComplaintHandler", args.handler),
        ("ComplaintStage", args.stage),
        ("ComplaintStatus", args.status),
        ("Organisation", args.organisation),
    ):
        if value:
            clauses.append(f"{name} = {quoted(value)}")
    if args.query:
        clauses.append(f"({args.query})")
    return " AND ".join(clauses)


async def running_references(
    client: Client, query: str, limit: int | None = None
) -> list[WorkflowExecution]:
    found = []
    async for execution in client.list_workflows(query, limit=limit):
        found.append(execution)
    return found


async def list_complaints(args: argparse.Namespace, connection: Connection) -> None:
    executions = await running_references(connection.client, list_query(args), args.limit)
    rows = sorted(
        (display.listing_row(e) for e in executions),
        key=lambda r: (r["next_due"] or "9999-12-31", r["reference"]),
    )
    print(json.dumps(rows, indent=2) if args.json else display.listing(rows))


async def calendar_changed(args: argparse.Namespace, connection: Connection) -> None:
    """R-TIME-4: tell complaints to fetch the calendar again and recompute open deadlines."""
    references = list(args.references)
    if args.all:
        query = "WorkflowType = 'ComplaintWorkflow' AND ExecutionStatus = 'Running'"
        references = [e.id for e in await running_references(connection.client, query)]
    signal = CalendarChangedInput(reason=args.reason)
    for reference in references:
        args.reference = reference  # named by the NOT_FOUND message
        await connection.client.get_workflow_handle(reference).signal("calendar_changed", signal)
    if args.json:
        print(json.dumps({"signalled": references}))
    else:
        print(f"Told {len(references)} complaint(s) the calendar changed: {args.reason}")
