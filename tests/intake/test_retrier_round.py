"""One round of the intake retrier (``intake.retrier.start_waiting``) stops early only when
Temporal does not answer: a kept hazard whose complaint is not running yet, or one that
cannot be read, is noted and the rest of the round is still tried (R-HAZ-1, R-HAZ-7,
R-INT-1).

Real parts: the session's PostgreSQL and time-skipping Temporal server.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.contrib.pydantic import pydantic_data_converter

from devstack import free_port
from intake.hazards import HAZARD, keep_hazard
from intake.retrier import start_waiting
from intake.service import RETRY_MOST, keep, prepare, retry_delay
from models.complaint import LogComplaintInput
from models.hazard import HazardReport, HazardSource
from store import intake as submissions
from store.db import UnitOfWork
from store.tables import IntakeSubmission
from tests.harness import Complaints
from tests.web.steps import due_now, state


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 5), (2, 10), (3, 20), (6, 160), (7, 300), (45, 300), (1_000_000, 300)],
)
def test_r_int_1_a_kept_submission_is_tried_again_later_each_time_up_to_5_minutes(
    attempts: int, seconds: int
) -> None:
    """However long Temporal has been down, the next try's delay can be reckoned."""
    assert retry_delay(attempts) == timedelta(seconds=seconds)


async def _report(complaints: Complaints) -> HazardReport:
    return HazardReport(
        hazard="damp_and_mould",
        description="Black mould in the bedroom.",
        location="bedroom",
        aware_at=await complaints.now(),
        affected="two adults",
        source=HazardSource.FORM,
    )


async def _kept_hazard(complaints: Complaints, intake: LogComplaintInput, reference: str) -> str:
    """A hazard from the complaint form kept beside the complaint filed as ``reference``,
    its first try not made: the retrier's to start."""
    now = await complaints.now()
    start = await keep_hazard(
        complaints.sessionmaker, intake, reference, await _report(complaints), now
    )
    return start.reference


async def _row(complaints: Complaints, reference: str) -> IntakeSubmission:
    async with complaints.sessionmaker() as session:
        found = await session.get(IntakeSubmission, reference)
    assert found is not None
    return found


async def _waits_for(complaints: Complaints, reference: str) -> timedelta:
    """How long from now until the kept submission's next try."""
    async with complaints.sessionmaker() as session:
        found = await session.execute(
            select(IntakeSubmission.next_attempt_at - func.now()).where(
                IntakeSubmission.reference == reference
            )
        )
        return found.scalar_one()


async def _filed(complaints: Complaints) -> tuple[str, LogComplaintInput]:
    handle = await complaints.log()
    await complaints.quiet(handle.id)
    return handle.id, (await state(complaints, handle.id)).intake


async def test_r_haz_7_a_hazard_whose_complaint_is_not_running_holds_back_no_other(
    complaints: Complaints,
) -> None:
    # A complaint kept but not started yet (its first try not made), with its hazard...
    running, intake = await _filed(complaints)
    waiting = await keep(complaints.sessionmaker, prepare(intake.model_copy()))
    later = waiting.intake.reference
    blocked = await _kept_hazard(complaints, waiting.intake, later)
    # ... and a hazard beside a complaint that runs: both due in the same round.
    ready = await _kept_hazard(complaints, intake, running)
    await due_now(complaints, blocked, ready)
    complaints.started.extend([blocked, ready])

    rounds = await start_waiting(
        complaints.sessionmaker, complaints.env.client, complaints.task_queue
    )
    tried = {r.reference: r for r in rounds}
    assert tried[blocked].started is False and tried[blocked].unreachable is False
    assert tried[ready].started is True
    assert (await state(complaints, running)).hazards == [ready]
    kept = await _row(complaints, blocked)
    assert kept.started_at is None and kept.attempts == 1 and kept.last_error
    assert timedelta(seconds=1) < await _waits_for(complaints, blocked) <= timedelta(seconds=5)

    # Its complaint starts in a later round, first, and is told of its hazard.
    await due_now(complaints, later, blocked)
    complaints.started.append(later)
    rounds = await start_waiting(
        complaints.sessionmaker, complaints.env.client, complaints.task_queue
    )
    started = [r.reference for r in rounds if r.started]
    assert started.index(later) < started.index(blocked)
    await complaints.quiet(later)
    assert (await state(complaints, later)).hazards == [blocked]
    for hazard in (blocked, ready):
        described = await complaints.env.client.get_workflow_handle(hazard).describe()
        assert described.status == WorkflowExecutionStatus.RUNNING
        await complaints.quiet(hazard)


async def test_r_haz_1_an_unreadable_kept_hazard_holds_back_no_other(
    complaints: Complaints,
) -> None:
    """Kept by an older version in a shape this one cannot read: noted with its problem and
    tried again at the longest interval, as an unreadable complaint is."""
    running, intake = await _filed(complaints)
    unreadable = f"HAZ-0000-{running[-6:]}"
    async with UnitOfWork(complaints.sessionmaker) as uow:
        await submissions.keep_submission(
            uow.session, unreadable, HAZARD, {"reference": unreadable}, first_try_after=timedelta()
        )
        await uow.commit()
    ready = await _kept_hazard(complaints, intake, running)
    await due_now(complaints, unreadable, ready)
    complaints.started.append(ready)
    try:
        rounds = await start_waiting(
            complaints.sessionmaker, complaints.env.client, complaints.task_queue
        )
        tried = {r.reference: r for r in rounds}
        assert tried[unreadable].started is False and tried[unreadable].unreachable is False
        assert tried[ready].started is True
        kept = await _row(complaints, unreadable)
        assert kept.started_at is None and kept.attempts == 0
        assert kept.last_error is not None and kept.last_error.startswith("cannot be read: ")
        waits = await _waits_for(complaints, unreadable)
        assert RETRY_MOST - timedelta(seconds=30) < waits <= RETRY_MOST
        await complaints.quiet(ready)
        assert (await state(complaints, running)).hazards == [ready]
    finally:
        async with UnitOfWork(complaints.sessionmaker) as uow:
            await uow.session.execute(
                delete(IntakeSubmission).where(IntakeSubmission.reference == unreadable)
            )
            await uow.commit()


async def test_r_int_1_with_temporal_unreachable_the_round_stops_at_the_first_try(
    complaints: Complaints,
) -> None:
    """The first try finds nothing listening: the rest of the round wait for the next one,
    their attempts not counted; once Temporal answers, a round starts them all."""
    _, intake = await _filed(complaints)
    kept = [await keep(complaints.sessionmaker, prepare(intake.model_copy())) for _ in range(2)]
    references = [start.intake.reference for start in kept]
    await due_now(complaints, *references)
    nowhere = await Client.connect(
        f"127.0.0.1:{free_port()}", data_converter=pydantic_data_converter, lazy=True
    )
    rounds = await start_waiting(
        complaints.sessionmaker, nowhere, complaints.task_queue, wait=timedelta(seconds=2)
    )
    assert [(r.started, r.unreachable) for r in rounds] == [(False, True)]
    rows = [await _row(complaints, reference) for reference in references]
    assert sorted(row.attempts for row in rows) == [0, 1]
    for reference in references:
        assert await _waits_for(complaints, reference) <= timedelta(seconds=5)

    await due_now(complaints, *references)
    complaints.started.extend(references)
    rounds = await start_waiting(
        complaints.sessionmaker, complaints.env.client, complaints.task_queue
    )
    assert set(references) <= {r.reference for r in rounds if r.started}
    for reference in references:
        await complaints.quiet(reference)
