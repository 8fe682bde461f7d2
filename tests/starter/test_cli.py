"""The starter command line drives a complaint through the real workflow and database.

`starter.cli.run` is the command line `main` runs, given an argv list and a `Connection`
to the time-skipping test server, the session's PostgreSQL and an in-process worker, so
the tests read like a handler's shell session. Every test starts at 10:00 on a working
day of the session's shared clock.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from activities import ComplaintActivities
from delivery.documents import LocalDocumentStore
from devstack.postgres import running_url
from devstack.process import free_port
from devstack.temporal import TemporalDevServer
from models.complaint import ComplaintState
from rules.policy import load_profile
from settings import Settings
from starter.cli import Connection, build_parser, list_query, run
from store import queries
from store.db import make_engine, make_sessionmaker
from store.tables import StaffRecord
from tests.harness import Complaints
from worker import build_worker

SEED = load_profile("seed")
HANDLER = ["--id", "h.khan", "--name", "Hana Khan", "--email", "hana.khan@example.org"]
REVIEWER = ["--id", "r.patel", "--name", "Ravi Patel", "--email", "ravi.patel@example.org"]


@dataclass
class Shell:
    """Runs the command line in-process and keeps what it printed."""

    connection: Connection
    complaints: Complaints
    capsys: pytest.CaptureFixture[str]

    async def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        status = await run(list(argv), self.connection)
        out, err = self.capsys.readouterr()
        return status, out, err

    async def ok(self, *argv: str) -> str:
        status, out, err = await self(*argv)
        assert status == 0, f"{argv[0]} failed with {status}: {err}"
        return out

    async def ok_json(self, *argv: str) -> dict:
        return json.loads(await self.ok(*argv, "--json"))

    async def state(self, reference: str) -> ComplaintState:
        handle = self.connection.client.get_workflow_handle(reference)
        return await handle.query("complaint", result_type=ComplaintState)

    async def log(self, *extra: str) -> str:
        """Log a complaint; first contact is today by the session's clock unless given."""
        logged = await self.ok_json(
            "log",
            "--name", "Alex Morgan",
            "--email", "alex@example.org",
            "--address", "1 Elm Road, Leeds",
            "--postcode", "LS1 1AA",
            "--description", "The boiler has not worked for three weeks.",
            "--outcomes", "Repair the boiler and compensation",
            "--channel", "telephone",
            *extra,
        )  # fmt: skip
        reference = logged["reference"]
        self.complaints.started.append(reference)
        await self.settled(reference)
        return reference

    async def settled(self, reference: str) -> None:
        """Wait for the records of logging: a workflow ended while its activities are in
        flight would hold the test server's clock for the tests after it."""

        async def acknowledgement_due() -> bool:
            events = await self.complaints.events(reference)
            return any(e.data.get("key") == "acknowledgement" for e in events)

        assert await until(acknowledgement_due), f"{reference} recorded nothing"

    async def open_at_stage_one(self) -> str:
        reference = await self.log()
        await self.ok("assign-handler", reference, *HANDLER, "--manager", "m.osei")
        await self.ok("accept", reference, "--by", "officer")
        await self.ok(
            "acknowledge", reference, "--by", "h.khan",
            "--definition", "The boiler has not been repaired",
            "--outcomes", "Working heating and compensation",
            "--issue", "Boiler repair delay",
            "--issue", "Not kept informed",
        )  # fmt: skip
        return reference


@pytest_asyncio.fixture(loop_scope="session")
async def shell(complaints: Complaints, capsys: pytest.CaptureFixture[str]) -> Shell:
    """The command line on the session's worker; what it logs is ended after the test."""
    await complaints.start_of_working_day()
    connection = Connection(
        client=complaints.env.client,
        task_queue=complaints.task_queue,
        sessionmaker=complaints.sessionmaker,
        today=complaints.today,
    )
    return Shell(connection, complaints, capsys)


async def test_r_int_1_log_allocates_a_reference_from_the_database_and_starts_the_workflow(
    shell: Shell,
) -> None:
    day = await shell.complaints.today()
    yesterday = day - timedelta(days=1)
    first = await shell.log("--first-contact", yesterday.isoformat())
    second = await shell.log("--category", "repairs", "--category", "heating")
    assert re.fullmatch(rf"CMP-{day.year}-\d{{6}}", first)
    assert int(second[-6:]) == int(first[-6:]) + 1
    assert (await shell.state(first)).intake.first_contact_on == yesterday
    state = await shell.state(second)
    assert state.intake.first_contact_on == day
    assert state.intake.channel.value == "telephone"
    assert state.intake.categories == ["repairs", "heating"]
    assert state.status.value == "received"
    events = await shell.complaints.events(second)
    assert [e.kind for e in events][:2] == ["logged", "deadline_set"]


async def test_r_org_1_log_finds_the_organisation_that_provides_the_service(shell: Shell) -> None:
    reference = await shell.log("--service-area", "adult_social_care")
    state = await shell.state(reference)
    assert (state.intake.service_area.value, state.intake.organisation) == (
        "adult_social_care",
        "care",
    )


async def test_a_complaint_goes_from_logging_to_stage_2_through_the_command_line(
    shell: Shell,
) -> None:
    day = await shell.complaints.today()
    cal = shell.complaints.cal(day)
    reference = await shell.log()

    assigned = await shell.ok("assign-handler", reference, *HANDLER, "--manager", "m.osei")
    assert "Handler assigned" in assigned and "stage 1, status received" in assigned
    accepted = await shell.ok_json("accept", reference, "--by", "officer")
    assert accepted["status"] == "accepted"

    acknowledged = await shell.ok_json(
        "acknowledge", reference, "--by", "h.khan",
        "--definition", "The boiler has not been repaired",
        "--outcomes", "Working heating and compensation",
        "--issue", "Boiler repair delay",
        "--issue", "Not kept informed",
    )  # fmt: skip
    due = cal.add_working_days(day, SEED.stage_1_response_wd)
    assert acknowledged["status"] == "open"
    assert acknowledged["next_due"] == due.isoformat()
    assert acknowledged["next_due_label"] == "Stage 1 response"

    # R-S1-3: an extension within the Code's further 10 working days, with a reason.
    new_due = cal.add_working_days(due, 5)
    extended = await shell.ok_json(
        "extend", reference, "--by", "h.khan",
        "--new-due", new_due.isoformat(), "--reason", "Waiting for the heating engineer's report",
    )  # fmt: skip
    assert extended["next_due"] == new_due.isoformat()
    assert [letter.letter for letter in await shell.complaints.letters(reference)][-1] == (
        "extension"
    )

    await shell.complaints.advance_to_day(cal.add_working_days(day, 3))
    action_due = day + timedelta(days=40)
    responded = await shell.ok_json(
        "respond", reference, "--by", "h.khan",
        "--definition", "The boiler has not been repaired",
        "--decision", "1:upheld:The repair took three weeks: policy says 3 days",
        "--decision", "2:not_upheld:We called on 3 and 10 March",
        "--reasons", "Our repairs policy sets 3 working days for loss of heating",
        "--remedy", "apology:We apologise for the delay",
        "--compensation", "time_and_trouble=50,distress_and_inconvenience=25",
        "--action", f"Replace the boiler:{action_due.isoformat()}",
        "--lesson", "Order parts on the first visit",
    )  # fmt: skip
    assert responded["status"] == "closed"
    state = await shell.state(reference)
    response = state.stages["stage_1"].response
    assert response is not None
    assert [d.decision.value for d in response.decisions] == ["upheld", "not_upheld"]
    assert response.overall is not None and response.overall.value == "partially_upheld"
    financial = [r for r in response.remedies if r.kind.value == "financial"]
    assert financial and financial[0].compensation and financial[0].compensation.total == 75
    assert [(i.what, i.due) for i in state.tracked.values()] == [("Replace the boiler", action_due)]

    escalation = await shell.ok_json(
        "request-escalation", reference, "--reasons", "The boiler is still not replaced"
    )
    assert escalation["status"] == "escalation_requested"
    status, _, err = await shell("assign-reviewer", reference, *HANDLER)
    assert status == 2
    assert "handled this complaint at Stage 1" in err  # R-S2-1
    await shell.ok("assign-reviewer", reference, *REVIEWER, "--manager", "d.ward")
    decided = await shell.ok_json(
        "decide-escalation", reference, "--by", "r.patel", "--accept",
        "--understanding", "The boiler is still not replaced",
        "--outcomes", "A new boiler",
    )  # fmt: skip
    today = await shell.complaints.today()
    assert (decided["stage"], decided["status"]) == ("stage_2", "open")
    assert decided["next_due"] == cal.add_working_days(today, SEED.stage_2_response_wd).isoformat()
    kinds = [event.kind for event in await shell.complaints.events(reference)]
    for kind in ("accepted", "acknowledged", "extended", "responded", "escalation_accepted"):
        assert kind in kinds


async def test_show_prints_stage_status_handler_every_deadline_and_the_issues(
    shell: Shell,
) -> None:
    reference = await shell.open_at_stage_one()
    state = await shell.state(reference)
    ack = state.deadlines["acknowledgement"]
    response = state.deadlines["stage_1_response"]
    new_due = shell.complaints.cal(response.due).add_working_days(response.due, 2)
    await shell.ok(
        "extend", reference, "--new-due", new_due.isoformat(),
        "--reason", "Waiting for the surveyor's report",
    )  # fmt: skip

    shown = await shell.ok("show", reference)

    assert f"{reference}  complaint  landlord services" in shown
    assert "Stage 1, status open" in shown
    assert "Handler: Hana Khan (h.khan)" in shown
    lines = shown.splitlines()
    header = next(line for line in lines if line.strip().startswith("deadline"))
    for column in ("target", "limit", "extended", "met"):
        assert column in header
    ack_line = next(line for line in lines if "Stage 1 acknowledgement" in line)
    assert ack.target.isoformat() in ack_line and ack.limit.isoformat() in ack_line
    assert ack.met_on is not None and ack.met_on.isoformat() in ack_line
    response_line = next(line for line in lines if "Stage 1 response" in line)
    assert response.limit.isoformat() in response_line
    assert new_due.isoformat() in response_line and "open" in response_line
    assert "1. [Stage 1] Boiler repair delay" in shown
    assert "2. [Stage 1] Not kept informed" in shown
    shown_json = json.loads(await shell.ok("show", reference, "--json"))
    assert shown_json["deadlines"]["stage_1_response"]["extended_to"] == new_due.isoformat()


async def test_show_lists_tracked_items_and_linked_complaints(shell: Shell) -> None:
    reference = await shell.open_at_stage_one()
    today = await shell.complaints.today()
    await shell.ok(
        "respond", reference,
        "--definition", "The boiler has not been repaired",
        "--decision", "1:upheld:The repair was late",
        "--decision", "2:upheld:We did not call back",
        "--reasons", "Our repairs policy sets 3 working days",
        "--action", f"Replace the boiler:{(today + timedelta(days=30)).isoformat()}",
        "--lesson", "Call residents back the same day",
    )  # fmt: skip
    # R-S1-5: after the response a new issue becomes a linked complaint.
    await shell.ok("add-issue", reference, "--summary", "Mould in the bathroom")

    shown = await shell.ok("show", reference)

    linked = (await shell.state(reference)).linked_complaints
    assert len(linked) == 1
    await shell.settled(linked[0])
    assert f"Linked complaints: {linked[0]}" in shown
    assert "1. action: Replace the boiler" in shown
    assert "1. [Stage 1] Boiler repair delay: upheld" in shown


REFUSED_AT_STAGE_ONE = [
    # (R-id, argv after the reference, words the handler must read)
    ("R-ESC-1", ["request-escalation"], ["escalated after its Stage 1 response"]),
    ("R-S1-3", ["extend", "--reason", "Not prioritised this month"], ["not prioritised"]),
    ("R-S2-1", ["assign-reviewer", "--id", "r.patel", "--name", "Ravi Patel"],
     ["when a complaint is escalated", "open at Stage 1"]),
    ("R-S1-6", ["respond", "--definition", "Boiler", "--decision", "1:upheld:Late",
                "--reasons", "Policy says 3 days", "--lesson", "Be quicker"],
     ["decision on every issue", "Not kept informed"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "argv", "words"), REFUSED_AT_STAGE_ONE, ids=[r[0] for r in REFUSED_AT_STAGE_ONE]
)
async def test_a_refused_action_exits_2_with_the_refusal_and_changes_nothing(
    shell: Shell, rule: str, argv: list[str], words: list[str]
) -> None:
    reference = await shell.open_at_stage_one()
    before = (await shell.state(reference)).model_dump()
    events_before = len(await shell.complaints.events(reference))
    if argv[0] == "extend":
        due = (await shell.state(reference)).deadlines["stage_1_response"].due
        argv = [*argv, "--new-due", shell.complaints.cal(due).add_working_days(due, 1).isoformat()]

    status, out, err = await shell(argv[0], reference, *argv[1:])

    assert status == 2, f"{rule}: expected a refusal, got {status}: {out}"
    assert out == ""
    assert err.startswith("Refused: ")
    for word in words:
        assert word.lower() in err.lower(), f"{rule}: {word!r} not in {err!r}"
    assert (await shell.state(reference)).model_dump() == before
    assert len(await shell.complaints.events(reference)) == events_before


async def test_input_that_makes_no_valid_message_exits_2_before_reaching_the_workflow(
    shell: Shell,
) -> None:
    reference = await shell.log()
    events_before = len(await shell.complaints.events(reference))

    status, _, err = await shell(
        "respond", reference, "--definition", "Boiler", "--decision", "1:maybe:Late",
        "--reasons", "Policy says 3 days",
    )  # fmt: skip
    assert status == 2
    assert "Invalid input: decisions.0.decision" in err and "'not_upheld'" in err

    status, _, err = await shell("extend", reference, "--new-due", "next week", "--reason", "x")
    assert status == 2
    assert "'next week' is not a date" in err

    # R-WHO-1: a legal representative is refused before anything is recorded.
    legal = ["--rep-name", "Law and Co", "--rep-kind", "legal_representative"]
    status, _, err = await shell("record-consent", reference, *legal)
    assert status == 2
    assert "Invalid input" in err and "legal representative" in err
    status, _, err = await shell("log", "--name", "A", "--description", "Damp", *legal)
    assert status == 2 and "legal representative" in err

    status, _, err = await shell("log", "--name", "A", "--description", "Damp", "--profile", "x")
    assert status == 2
    assert 'no policy profile named "x"' in err

    # R-ORG-1: an organisation that does not provide the service is refused.
    status, _, err = await shell(
        "log", "--name", "A", "--description", "Care visits missed",
        "--service-area", "adult_social_care", "--organisation", "housing_association",
    )  # fmt: skip
    assert status == 2
    assert "does not provide adult social care" in err

    assert len(await shell.complaints.events(reference)) == events_before
    # R-INT-1: a refused log takes no reference number.
    assert int((await shell.log())[-6:]) == int(reference[-6:]) + 1


async def test_an_action_on_an_unknown_complaint_exits_1_naming_it(shell: Shell) -> None:
    status, out, err = await shell("accept", "CMP-1999-999999")
    assert status == 1 and out == ""
    assert "No complaint CMP-1999-999999" in err


async def test_r_time_4_calendar_changed_tells_the_named_complaint_to_fetch_the_calendar(
    shell: Shell,
) -> None:
    reference = await shell.log()

    told = await shell.ok("calendar-changed", reference, "--reason", "A new bank holiday")

    assert told.strip() == "Told 1 complaint(s) the calendar changed: A new bank holiday"
    client = shell.connection.client
    assert await until(lambda: fetched_calendar(client, reference))
    status, _, err = await shell("calendar-changed", "CMP-1999-999998")
    assert status == 1 and "No complaint CMP-1999-999998" in err


def test_list_filters_running_complaints_by_the_published_search_attributes() -> None:
    args = build_parser().parse_args(
        ["list", "--breached", "--handler", "h.khan", "--stage", "stage_1"]
    )
    assert list_query(args) == (
        "WorkflowType = 'ComplaintWorkflow' AND ExecutionStatus = 'Running' "
        "AND Breached = true AND ComplaintHandler = 'h.khan' AND ComplaintStage = 'stage_1'"
    )
    quoted = build_parser().parse_args(["list", "--handler", "o'neil"])
    assert list_query(quoted).endswith("ComplaintHandler = 'o\\'neil'")


def test_running_url_finds_no_database_where_none_runs(tmp_path: Path) -> None:
    assert running_url(tmp_path / "pgdata") is None


def test_running_url_finds_the_sessions_embedded_database(postgres_url: str) -> None:
    match = re.search(r"host=([^&]+)", postgres_url)
    assert match is not None
    pgdata = Path(match[1])
    if not (pgdata / "postmaster.pid").exists():
        pytest.skip("the socket lives outside the data directory on this machine")
    assert running_url(pgdata) == postgres_url


async def fetched_calendar(client: Client, reference: str) -> bool:
    """Whether the complaint has fetched the calendar again, and nothing is in flight."""
    history = await client.get_workflow_handle(reference).fetch_history()
    scheduled = [
        e.activity_task_scheduled_event_attributes.activity_type.name
        for e in history.events
        if e.HasField("activity_task_scheduled_event_attributes")
    ]
    completed = sum(e.HasField("activity_task_completed_event_attributes") for e in history.events)
    return "calendar_snapshot" in scheduled and completed == len(scheduled)


async def until(check, seconds: float = 15.0):
    """Visibility on the dev server is eventually consistent: poll."""
    deadline = time.monotonic() + seconds
    while True:
        found = await check()
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.3)


async def test_list_and_calendar_changed_for_all_on_a_dev_server(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The test server has no list queries; a real dev server does (R-TIME-4)."""
    server = TemporalDevServer(
        db_file=None, log_path=tmp_path / "temporal.log", port=free_port(), headless=True
    )
    await server.start()
    engine = make_engine(postgres_url)
    try:
        client = await Client.connect(server.address, data_converter=pydantic_data_converter)
        sessionmaker = make_sessionmaker(engine)
        settings = Settings(environment="test", database_url=postgres_url, data_dir=tmp_path)
        connection = Connection(client=client, task_queue="complaints", sessionmaker=sessionmaker)
        worker = build_worker(client, ComplaintActivities(sessionmaker, settings), "complaints")
        async with worker:
            await _list_and_signal(connection, capsys)
    finally:
        await engine.dispose()
        await server.stop()


async def _list_and_signal(connection: Connection, capsys: pytest.CaptureFixture[str]) -> None:
    async def cli(*argv: str) -> str:
        capsys.readouterr()
        assert await run(list(argv), connection) == 0
        return capsys.readouterr().out

    base = ["log", "--name", "Sam Lee", "--description", "Damp in the bedroom", "--json"]
    mine = json.loads(await cli(*base, "--handler-id", "h.khan", "--handler-name", "Hana Khan"))
    other = json.loads(await cli(*base))

    async def listed() -> list[dict]:
        rows = json.loads(await cli("list", "--handler", "h.khan", "--json"))
        return [r for r in rows if r["reference"] == mine["reference"]]

    rows = await until(listed)
    assert rows and rows[0]["stage"] == "stage_1" and rows[0]["status"] == "received"
    everyone = json.loads(await cli("list", "--json"))
    assert other["reference"] not in [r["reference"] for r in await listed()]
    assert {mine["reference"], other["reference"]} <= {r["reference"] for r in everyone}
    text = await cli("list", "--handler", "h.khan")
    assert mine["reference"] in text and "received" in text

    told = json.loads(await cli("calendar-changed", "--all", "--reason", "Bank holiday", "--json"))
    assert {mine["reference"], other["reference"]} <= set(told["signalled"])
    fetched = await until(lambda: fetched_calendar(connection.client, other["reference"]))
    assert fetched, "the signal should make the complaint fetch the calendar"


async def test_r_rec_1_attach_keeps_an_inbound_email_and_refuses_an_empty_file(
    shell: Shell, tmp_path: Path
) -> None:
    reference = await shell.log()
    shell.connection.documents = LocalDocumentStore(tmp_path / "documents")
    email = tmp_path / "reply.eml"
    email.write_bytes(b"From: alex@example.org\r\nSubject: Re: CMP\r\n\r\nStill cold.\r\n")
    empty = tmp_path / "photo.jpg"
    empty.write_bytes(b"")

    out = await shell.ok("attach", reference, str(email))
    status, _, err = await shell("attach", reference, str(empty))

    assert out.startswith(f"Kept reply.eml with {reference}")
    assert status == 2
    assert err.strip() == 'Refused: the document "photo.jpg" is empty; there is nothing to keep'
    async with shell.complaints.sessionmaker() as session:
        [document] = await queries.list_documents(session, reference)
    assert (document.name, document.source, document.content_type) == (
        "reply.eml",
        "inbound_email",
        "message/rfc822",
    )


async def test_r_s1_2_staff_puts_a_member_in_the_directory_and_refuses_a_bad_address(
    shell: Shell,
) -> None:
    out = await shell.ok("staff", "m.test", "Morgan Test", "Morgan.Test@Example.org")
    status, _, err = await shell("staff", "m.bad", "Bad Address", "not-an-address")

    assert out.strip() == "Morgan Test (m.test) gets notices at Morgan.Test@example.org"
    assert status == 2 and "is not valid" in err
    async with shell.complaints.sessionmaker() as session:
        assert (await session.get(StaffRecord, "m.test")).email == "Morgan.Test@example.org"
        assert await session.get(StaffRecord, "m.bad") is None


async def test_r_com_2_record_restriction_limits_letters_to_one_channel(shell: Shell) -> None:
    reference = await shell.log()
    review_on = (await shell.complaints.today()) + timedelta(days=60)

    await shell.ok(
        "record-restriction", reference, "--by", "officer",
        "--reason", "Abusive emails to staff",
        "--restriction", "Written contact by post only",
        "--review-on", review_on.isoformat(),
        "--channel", "post",
    )  # fmt: skip

    restriction = (await shell.state(reference)).restriction
    assert restriction is not None and restriction.channel == "post"
