"""`redress-starter log` goes the residents' way in (issue 8, finding 7; R-INT-1): the
submission is kept with its reference first, so with Temporal unreachable the command
still gives the reference, says the worker will start it, and the retrier does, once.

Real parts: the session's PostgreSQL and time-skipping Temporal server; the outage is a
client aimed at a port where nothing listens.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, update
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from devstack import free_port
from intake.retrier import start_waiting
from models.complaint import ComplaintState
from starter.cli import Connection, run
from store.tables import IntakeSubmission
from tests.harness import Complaints

LOG = ["log", "--name", "Alex Morgan", "--email", "alex@example.org"]
DESCRIPTION = ["--description", "The boiler has not worked for three weeks."]


async def test_r_int_1_log_with_temporal_unreachable_keeps_the_complaint_and_the_worker_starts_it(
    complaints: Complaints, capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = await Client.connect(
        f"127.0.0.1:{free_port()}", data_converter=pydantic_data_converter, lazy=True
    )
    connection = Connection(
        client=nowhere,
        task_queue=complaints.task_queue,
        sessionmaker=complaints.sessionmaker,
        today=complaints.today,
    )
    capsys.readouterr()
    assert await run([*LOG, *DESCRIPTION, "--json"], connection) == 0
    printed = json.loads(capsys.readouterr().out)
    reference = printed["reference"]
    complaints.started.append(reference)
    assert printed["started"] is False and printed["run_id"] is None

    async with complaints.sessionmaker() as session:
        kept = await session.get(IntakeSubmission, reference)
        assert kept is not None and kept.started_at is None and kept.last_error
        # The retrier's next round, with Temporal answering again.
        await session.execute(
            update(IntakeSubmission)
            .where(IntakeSubmission.reference == reference)
            .values(next_attempt_at=func.now())
        )
        await session.commit()
    rounds = await start_waiting(
        complaints.sessionmaker, complaints.env.client, complaints.task_queue
    )
    assert reference in [r.reference for r in rounds if r.started]
    handle = complaints.env.client.get_workflow_handle(reference)
    state = await handle.query("complaint", result_type=ComplaintState)
    assert state.intake.description == DESCRIPTION[1]
    assert state.intake.complainant.name == "Alex Morgan"


async def test_log_refuses_a_nul_in_the_description_and_takes_no_reference(
    complaints: Complaints, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 1: refused by the input model, before a reference is taken (exit status 2)."""
    connection = Connection(
        client=complaints.env.client,
        task_queue=complaints.task_queue,
        sessionmaker=complaints.sessionmaker,
        today=complaints.today,
    )
    async with complaints.sessionmaker() as session:
        before = await session.scalar(func.count(IntakeSubmission.reference).select())
    status = await run([*LOG, "--description", "Boiler\x00broken"], connection)
    assert status == 2, capsys.readouterr().err
    async with complaints.sessionmaker() as session:
        after = await session.scalar(func.count(IntakeSubmission.reference).select())
    assert after == before
