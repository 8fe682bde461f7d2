"""The intake service is the one way a complaint, compliment or comment comes in: the web's
forms, the command line, the benchmarks and the tests log through it (issue 9).

Real parts: the session's PostgreSQL and time-skipping Temporal server.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from intake.service import receive
from models.complaint import LogComplaintInput
from models.enums import Kind
from models.parties import Complainant
from rules.policy import UnknownProfileError
from starter.cli import Connection, run
from store.tables import IntakeSubmission
from tests.harness import Complaints

WAIT = timedelta(seconds=30)  # a loaded test machine may take more than the web's 1 second


def compliment(first_contact: date, **changes: object) -> LogComplaintInput:
    fields: dict[str, object] = {
        "reference": "CPL-0000-000000",
        "kind": Kind.COMPLIMENT,
        "first_contact_on": first_contact,
        "complainant": Complainant(name="Alex Morgan", email="alex@example.org"),
        "description": "The gas engineer was quick and kind.",
    }
    return LogComplaintInput.model_validate(fields | changes)


async def kept(complaints: Complaints, reference: str) -> IntakeSubmission | None:
    async with complaints.sessionmaker() as session:
        return await session.get(IntakeSubmission, reference)


async def test_r_int_1_the_reference_counts_in_the_year_of_first_contact(
    complaints: Complaints,
) -> None:
    """Logged in January about a first contact on 30 December: the reference is of the year
    of first contact, whoever logs it."""
    first_contact = date((await complaints.today()).year - 1, 12, 30)
    received = await receive(
        complaints.sessionmaker,
        complaints.env.client,
        compliment(first_contact),
        complaints.task_queue,
        wait=WAIT,
    )
    complaints.started.append(received.reference)
    assert received.reference.startswith(f"CPL-{first_contact.year}-")
    assert received.started and received.run_id
    row = await kept(complaints, received.reference)
    assert row is not None and row.started_at is not None and row.attempts == 1
    described = await complaints.env.client.get_workflow_handle(received.reference).describe()
    assert described.run_id == received.run_id


async def test_r_int_1_the_command_line_takes_the_year_of_first_contact_too(
    complaints: Complaints, capsys: pytest.CaptureFixture[str]
) -> None:
    """`redress-starter log` once took today's year; it now goes through the same service."""
    first_contact = date((await complaints.today()).year - 1, 12, 30)
    connection = Connection(
        client=complaints.env.client,
        task_queue=complaints.task_queue,
        sessionmaker=complaints.sessionmaker,
        today=complaints.today,
    )
    capsys.readouterr()
    argv = ["log", "--kind", "compliment", "--name", "Alex Morgan", "--email", "a@example.org"]
    argv += ["--description", "Quick and kind.", "--first-contact", first_contact.isoformat()]
    assert await run([*argv, "--json"], connection) == 0
    printed = json.loads(capsys.readouterr().out)
    complaints.started.append(printed["reference"])
    assert printed["reference"].startswith(f"CPL-{first_contact.year}-")
    row = await kept(complaints, printed["reference"])
    assert row is not None and row.kind == "compliment"


async def test_an_unknown_policy_profile_is_refused_before_a_reference_is_taken(
    complaints: Complaints,
) -> None:
    async with complaints.sessionmaker() as session:
        before = await session.scalar(select(func.count()).select_from(IntakeSubmission))
    with pytest.raises(UnknownProfileError):
        await receive(
            complaints.sessionmaker,
            complaints.env.client,
            compliment(await complaints.today(), policy_profile="no-such-profile"),
            complaints.task_queue,
            wait=WAIT,
        )
    async with complaints.sessionmaker() as session:
        after = await session.scalar(select(func.count()).select_from(IntakeSubmission))
    assert after == before
