"""Logging a complaint from outside the workflow: the reference, the policy profile and the
calendar snapshot are settled here, so the workflow starts with all it needs in its input
(R-INT-1, R-TIME-5). The starter command line, the web app and the benchmarks share this.

`receive` is the one way in for residents' forms and staff alike: the submission is kept in
PostgreSQL with its reference before its workflow is started, so nothing is lost while
Temporal is down; the worker's retrier (`keep_starting`) starts what was kept. The workflow
id is the reference and a reference is never reused, so a second start of the same
submission is refused by Temporal and counts as started: each reference gets one workflow.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client, WorkflowHandle
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from activities.complaint import CLOSURES_ENV, parse_closures
from models import search_attributes as sa
from models.calendar import CalendarSnapshot
from models.complaint import LogComplaintInput
from rules.calendar import add_months
from rules.holidays_source import build_snapshot, default_overrides
from rules.organisations import load_organisation
from rules.policy import load_profile
from store.db import Sessionmaker
from store.references import next_reference
from store.tables import IntakeSubmission
from workflows.complaint import CALENDAR_YEARS_AHEAD, ComplaintWorkflow
from workflows.inputs import StartComplaint

PREFIX = {"complaint": "CMP", "compliment": "CPL", "comment": "CMT"}


def calendar_for(first_contact: date) -> CalendarSnapshot:
    """The England and Wales working-day calendar around a complaint's first contact."""
    return build_snapshot(
        first_contact - timedelta(days=60),
        add_months(first_contact, 12 * CALENDAR_YEARS_AHEAD),  # 29 Feb safe
        closures=parse_closures(os.environ.get(CLOSURES_ENV)),
        overrides=default_overrides(),
    )


def prepare(intake: LogComplaintInput, *, continue_after_events: int = 2000) -> StartComplaint:
    profile = load_profile(intake.policy_profile, intake.policy_version)
    organisation = load_organisation(intake.organisation, intake.service_area)
    intake = intake.model_copy(
        update={"policy_version": profile.version, "organisation": organisation.id}
    )
    return StartComplaint(
        intake=intake,
        profile=profile,
        calendar=calendar_for(intake.first_contact_on),
        organisation=organisation,
        continue_after_events=continue_after_events,
    )


def static_summary(intake: LogComplaintInput) -> str:
    what = intake.kind.value.capitalize()
    area = intake.service_area.value.replace("_", " ")
    return f"{what} {intake.reference}: {intake.complainant.name}, {area}"


async def log_complaint(
    client: Client,
    start: StartComplaint,
    task_queue: str,
    *,
    once: bool = False,
    rpc_timeout: timedelta | None = None,
) -> WorkflowHandle[ComplaintWorkflow, object]:
    """Start the complaint's workflow; its id is the reference. ``once``: refused (with
    `WorkflowAlreadyStartedError`) if a workflow with that id ever ran, even one that ended."""
    intake = start.intake
    return await client.start_workflow(
        ComplaintWorkflow.run,
        start,
        id=intake.reference,
        task_queue=task_queue,
        id_reuse_policy=(
            WorkflowIDReusePolicy.REJECT_DUPLICATE
            if once
            else WorkflowIDReusePolicy.ALLOW_DUPLICATE
        ),
        rpc_timeout=rpc_timeout,
        static_summary=static_summary(intake),
        static_details=intake.description[:2000],
        search_attributes=TypedSearchAttributes(
            [
                SearchAttributePair(sa.REFERENCE, intake.reference),
                SearchAttributePair(sa.ORGANISATION, intake.organisation),
                SearchAttributePair(sa.SERVICE_AREA, intake.service_area.value),
            ]
        ),
    )


# -- intake: kept first, started at once or later ---------------------------------------------

log = logging.getLogger(__name__)

# The web waits this long for Temporal (a start takes tens of milliseconds) before telling
# the resident their submission is kept, so they have an answer within 2 seconds.
START_TIMEOUT = timedelta(seconds=1)
# Until the first try has had its chance, the retrier leaves a new submission alone.
FIRST_TRY_LEASE = timedelta(seconds=30)
RETRY_FIRST = timedelta(seconds=5)
RETRY_MOST = timedelta(minutes=5)
RETRY_BATCH = 50


@dataclass(frozen=True)
class Received:
    """A submission kept with its reference; ``started`` once its workflow exists."""

    reference: str
    started: bool
    run_id: str | None = None


def retry_delay(attempts: int) -> timedelta:
    """5 s after the first failed try, doubling each time, never more than 5 minutes."""
    return min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_MOST)


async def receive(
    session: AsyncSession,
    client: Client,
    intake: LogComplaintInput,
    task_queue: str,
    *,
    wait: timedelta = START_TIMEOUT,
    year: int | None = None,
    continue_after_events: int = 2000,
) -> Received:
    """Log a complaint, compliment or comment: the one path for residents, staff and the CLI.

    The profile, organisation and calendar are settled first, so a refused input takes no
    reference (R-INT-1). Then the reference is taken and the whole start input kept in one
    transaction, so no reference exists without a record behind it. Then the workflow is
    started, waiting at most ``wait``; if Temporal does not answer, the submission stays
    kept and the worker's retrier (`keep_starting`) starts it later. The reference counts in
    ``year``, the year it is logged (by default the year of first contact).
    """
    start = prepare(intake, continue_after_events=continue_after_events)
    start = await keep(session, start, year or intake.first_contact_on.year)
    return await try_start(session, client, start, task_queue, attempts=1, wait=wait)


async def keep(session: AsyncSession, start: StartComplaint, year: int) -> StartComplaint:
    """Take the reference and keep the submission under it, in one transaction."""
    intake = start.intake
    reference = await next_reference(session, intake.kind.value, year)
    start = start.model_copy(update={"intake": intake.model_copy(update={"reference": reference})})
    session.add(
        IntakeSubmission(
            reference=reference,
            kind=intake.kind.value,
            start=start.model_dump(mode="json"),
            next_attempt_at=func.now() + FIRST_TRY_LEASE,
        )
    )
    await session.commit()
    return start


async def try_start(
    session: AsyncSession,
    client: Client,
    start: StartComplaint,
    task_queue: str,
    *,
    attempts: int,
    wait: timedelta = START_TIMEOUT,
) -> Received:
    """Start a kept submission's workflow and mark it started; an "already started" answer
    means an earlier try got through, so it counts as started too. A failure is recorded
    with the next try's time; it is never raised, since the submission is safe."""
    reference = start.intake.reference
    run_id = None
    try:
        handle = await asyncio.wait_for(
            log_complaint(client, start, task_queue, once=True, rpc_timeout=wait),
            wait.total_seconds(),
        )
        run_id = handle.result_run_id
    except WorkflowAlreadyStartedError:
        pass
    except Exception as error:  # unreachable, too slow, or refused: try again later
        problem = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        log.warning("submission %s kept, not yet started: %s", reference, problem)
        await _mark(
            session,
            reference,
            attempts=attempts,
            last_error=problem[:2000],
            next_attempt_at=func.now() + retry_delay(attempts),
        )
        return Received(reference, started=False)
    await _mark(session, reference, attempts=attempts, started_at=func.now(), last_error=None)
    return Received(reference, started=True, run_id=run_id)


async def _mark(session: AsyncSession, reference: str, **values: Any) -> None:
    """Note how a try went. The note is bookkeeping: if it cannot be written, the retrier
    tries again and finds the workflow already started, so a failure here is only logged."""
    try:
        statement = (
            update(IntakeSubmission).where(IntakeSubmission.reference == reference).values(**values)
        )
        await session.execute(statement)
        await session.commit()
    except Exception:
        log.warning("could not note the try for submission %s", reference, exc_info=True)
        await session.rollback()


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
    the first that fails, Temporal is taken to be down: the rest wait for the next round."""
    waiting = (
        select(IntakeSubmission.reference)
        .where(IntakeSubmission.started_at.is_(None))
        .where(IntakeSubmission.next_attempt_at <= func.now())
        .order_by(IntakeSubmission.next_attempt_at)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    claim = (
        update(IntakeSubmission)
        .where(IntakeSubmission.reference.in_(waiting.scalar_subquery()))
        .values(next_attempt_at=func.now() + FIRST_TRY_LEASE + wait * batch)
        .returning(IntakeSubmission.reference, IntakeSubmission.start, IntakeSubmission.attempts)
        .execution_options(synchronize_session=False)
    )
    results: list[Received] = []
    async with sessionmaker() as session:
        claimed = (await session.execute(claim)).all()
        await session.commit()
        for reference, kept, attempts in claimed:
            if results and not results[-1].started:  # not tried: no attempt counted
                await _mark(session, reference, next_attempt_at=func.now() + RETRY_FIRST)
                continue
            try:
                start = StartComplaint.model_validate(kept)
            except ValidationError as error:  # kept by an older version: say so, keep it
                log.error("submission %s cannot be read: %s", reference, error)
                await _mark(
                    session,
                    reference,
                    last_error=f"cannot be read: {error}"[:2000],
                    next_attempt_at=func.now() + RETRY_MOST,
                )
                continue
            received = await try_start(
                session, client, start, task_queue, attempts=attempts + 1, wait=wait
            )
            results.append(received)
    return results


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
