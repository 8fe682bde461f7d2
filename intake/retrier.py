"""The intake retrier, run beside the worker: it starts the workflows of the submissions
kept while Temporal was down (or whose first try was lost), backing off from 5 seconds to 5
minutes per submission: complaints, compliments and comments, and the hazards reported on
the complaint form (`intake.hazards`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from intake.hazards import HAZARD, start_kept_hazard
from intake.service import (
    FIRST_TRY_LEASE,
    RETRY_FIRST,
    RETRY_MOST,
    START_TIMEOUT,
    Received,
    note,
    try_start,
)
from store import intake as submissions
from store.db import Sessionmaker, UnitOfWork
from workflows.inputs import StartComplaint

log = logging.getLogger(__name__)

RETRY_BATCH = 50


async def start_waiting(
    sessionmaker: Sessionmaker,
    client: Client,
    task_queue: str,
    *,
    batch: int = RETRY_BATCH,
    wait: timedelta = START_TIMEOUT,
) -> list[Received]:
    """One round of the retrier: claim the submissions whose next try is due (a claim holds
    them for a while, so two workers never try the same one at once) and start each. After
    the first that Temporal did not answer, it is taken to be down: the rest wait for the
    next round. One that fails for a reason of its own (a hazard whose complaint is not
    running yet, a submission that cannot be read) is noted and the round goes on."""
    async with UnitOfWork(sessionmaker) as uow:
        hold = FIRST_TRY_LEASE + wait * batch
        claimed = await submissions.claim_waiting(uow.session, batch=batch, hold=hold)
        await uow.commit()
    results: list[Received] = []
    # A hazard from the complaint form tells its complaint once started: complaints first.
    claimed.sort(key=lambda row: row[3] == HAZARD)
    for reference, kept, attempts, kind in claimed:
        if results and results[-1].unreachable:  # not tried: no attempt counted
            await note(sessionmaker, reference, _later(reference, RETRY_FIRST))
            continue
        if kind == HAZARD:  # a hazard from the complaint form (R-HAZ-1)
            results.append(
                await start_kept_hazard(
                    sessionmaker, client, task_queue, reference, kept, attempts, wait=wait
                )
            )
            continue
        try:
            start = StartComplaint.model_validate(kept)
        except ValidationError as error:  # kept by an older version: say so, keep it
            log.error("submission %s cannot be read: %s", reference, error)
            problem = f"cannot be read: {error}"
            await note(sessionmaker, reference, _later(reference, RETRY_MOST, problem))
            continue
        received = await try_start(
            sessionmaker, client, start, task_queue, attempts=attempts + 1, wait=wait
        )
        results.append(received)
    return results


def _later(
    reference: str, after: timedelta, problem: str | None = None
) -> Callable[[AsyncSession], Awaitable[None]]:
    """The note that puts the submission's next try ``after`` from now."""

    async def write(session: AsyncSession) -> None:
        await submissions.postpone(session, reference, after, problem=problem)

    return write


async def keep_starting(
    sessionmaker: Sessionmaker, client: Client, task_queue: str, *, every: float = 3.0
) -> None:
    """The retrier, run beside the worker until cancelled: every few seconds it starts the
    submissions kept while Temporal was down (or whose first try was lost)."""
    while True:
        try:
            started = await start_waiting(sessionmaker, client, task_queue)
            if started:
                done = sum(received.started for received in started)
                log.info("intake retrier: %d of %d kept submissions started", done, len(started))
        except Exception:  # the database is down: the next round tries again
            log.warning("intake retrier could not read the kept submissions", exc_info=True)
        await asyncio.sleep(every)
