"""Logging a complaint, compliment or comment from outside the workflow (R-INT-1, R-TIME-5):
the one way in for residents' forms, staff, the command line, the benchmarks and the tests.

The reference, the policy profile and the calendar snapshot are settled here, so the
workflow starts with all it needs in its input. `receive` keeps the submission in
PostgreSQL with its reference before its workflow is started, so nothing is lost while
Temporal is down; the worker's retrier (`intake.retrier.keep_starting`) starts what was
kept. The workflow id is the reference and a reference is never reused, so a second start
of the same submission is refused by Temporal and counts as started: each reference gets
one workflow.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client, WorkflowHandle
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from intake.calendar import calendar_for
from models.complaint import LogComplaintInput
from rules.organisations import load_organisation
from rules.policy import load_profile
from store import intake as submissions
from store.db import Sessionmaker, UnitOfWork
from store.references import next_reference
from workflows import search_attributes as sa
from workflows.complaint import ComplaintWorkflow
from workflows.inputs import StartComplaint
from workflows.summaries import complaint_details, complaint_summary

log = logging.getLogger(__name__)

# The web waits this long for Temporal (a start takes tens of milliseconds) before telling
# the resident their submission is kept, so they have an answer within 2 seconds.
START_TIMEOUT = timedelta(seconds=1)
# Until the first try has had its chance, the retrier leaves a new submission alone.
FIRST_TRY_LEASE = timedelta(seconds=30)
RETRY_FIRST = timedelta(seconds=5)
RETRY_MOST = timedelta(minutes=5)


def prepare(intake: LogComplaintInput, *, continue_after_events: int = 2000) -> StartComplaint:
    """The workflow's whole start input: the profile and organisation settled, the calendar
    around first contact. Raises for an unknown profile or organisation, before any
    reference is taken."""
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
    """What Temporal Web lists: no personal data (R-DP-1), see workflows.summaries."""
    return complaint_summary(intake)


async def start_workflow(
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
        static_details=complaint_details(intake),
        search_attributes=TypedSearchAttributes(
            [
                SearchAttributePair(sa.REFERENCE, intake.reference),
                SearchAttributePair(sa.ORGANISATION, intake.organisation),
                SearchAttributePair(sa.SERVICE_AREA, intake.service_area.value),
            ]
        ),
    )


@dataclass(frozen=True)
class Received:
    """A submission kept with its reference; ``started`` once its workflow exists.
    ``unreachable``: not started because Temporal did not answer (down, unreachable or too
    slow), rather than for a reason of its own, such as a hazard's complaint not running
    yet."""

    reference: str
    started: bool
    run_id: str | None = None
    unreachable: bool = False


def temporal_unreachable(error: BaseException) -> bool:
    """Whether a failed start means Temporal did not answer: no connection, unavailable, or
    no answer in time. A refusal Temporal gave (a workflow not found, say) is an answer."""
    if isinstance(error, RPCError):
        return error.status in (RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED)
    if isinstance(error, RuntimeError):  # the client's own words when it cannot connect
        return str(error).startswith("Failed client connect")
    return isinstance(error, (TimeoutError, ConnectionError))


def retry_delay(attempts: int) -> timedelta:
    """5 s after the first failed try, doubling each time, never more than 5 minutes (the
    doubling stops there, so however many tries have failed the delay can be reckoned)."""
    doublings = 0
    while doublings < attempts - 1 and RETRY_FIRST * 2**doublings < RETRY_MOST:
        doublings += 1
    return min(RETRY_FIRST * 2**doublings, RETRY_MOST)


async def receive(
    sessionmaker: Sessionmaker,
    client: Client,
    intake: LogComplaintInput,
    task_queue: str,
    *,
    wait: timedelta = START_TIMEOUT,
    continue_after_events: int = 2000,
) -> Received:
    """Log a complaint, compliment or comment: the one path for residents, staff and the CLI.

    The profile, organisation and calendar are settled first, so a refused input takes no
    reference. Then the reference is taken and the whole start input kept in one
    transaction, so no reference exists without a record behind it. Then the workflow is
    started, waiting at most ``wait``; if Temporal does not answer, the submission stays
    kept and the worker's retrier starts it later. The reference counts in the year of first
    contact (R-INT-1: the date of first contact is the complaint's own, whoever logs it and
    whenever), never the year it happens to be logged.
    """
    start = prepare(intake, continue_after_events=continue_after_events)
    start = await keep(sessionmaker, start)
    return await try_start(sessionmaker, client, start, task_queue, attempts=1, wait=wait)


async def keep(sessionmaker: Sessionmaker, start: StartComplaint) -> StartComplaint:
    """Take the reference and keep the submission under it, in one transaction."""
    intake = start.intake
    async with UnitOfWork(sessionmaker) as uow:
        reference = await next_reference(
            uow.session, intake.kind.value, intake.first_contact_on.year
        )
        start = start.model_copy(
            update={"intake": intake.model_copy(update={"reference": reference})}
        )
        await submissions.keep_submission(
            uow.session,
            reference,
            intake.kind.value,
            start.model_dump(mode="json"),
            first_try_after=FIRST_TRY_LEASE,
        )
        await uow.commit()
    return start


async def try_start(
    sessionmaker: Sessionmaker,
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

    async def start_once() -> str | None:
        try:
            handle = await start_workflow(client, start, task_queue, once=True, rpc_timeout=wait)
        except WorkflowAlreadyStartedError:
            return None
        return handle.result_run_id

    return await try_kept(
        sessionmaker,
        start.intake.reference,
        start_once(),
        kind="submission",
        attempts=attempts,
        wait=wait,
    )


async def try_kept(
    sessionmaker: Sessionmaker,
    reference: str,
    start: Awaitable[str | None],
    *,
    kind: str,
    attempts: int,
    wait: timedelta,
) -> Received:
    """One try of a kept start, a submission's or a hazard's: wait at most ``wait`` for
    ``start`` (it gives the run id, or None when an earlier try got through), then mark it
    started. A failure (Temporal down, too slow, or refused) is noted with the next try's
    time; it is never raised, since what was kept is safe."""
    try:
        run_id = await asyncio.wait_for(start, wait.total_seconds())
    except Exception as error:  # unreachable, too slow, or refused: try again later
        problem = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        log.warning("%s %s kept, not yet started: %s", kind, reference, problem)

        async def failed(session: AsyncSession) -> None:
            after = retry_delay(attempts)
            await submissions.postpone(
                session, reference, after, attempts=attempts, problem=problem
            )

        await note(sessionmaker, reference, failed)
        return Received(reference, started=False, unreachable=temporal_unreachable(error))

    async def started(session: AsyncSession) -> None:
        await submissions.mark_started(session, reference, attempts=attempts)

    await note(sessionmaker, reference, started)
    return Received(reference, started=True, run_id=run_id)


async def note(
    sessionmaker: Sessionmaker, reference: str, write: Callable[[AsyncSession], Awaitable[None]]
) -> None:
    """Note how a try went, in its own unit of work. The note is bookkeeping: if it cannot
    be written, the retrier tries again and finds the workflow already started, so a
    failure here is only logged."""
    try:
        async with UnitOfWork(sessionmaker) as uow:
            await write(uow.session)
            await uow.commit()
    except Exception:
        log.warning("could not note the try for submission %s", reference, exc_info=True)
