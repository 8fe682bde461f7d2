"""A wave of deadlines: 1,000 Stage 1 responses falling due at the same moment.

On the time-skipping test server, N complaints are logged and acknowledged on the same
working day, so their Stage 1 responses share one due date. The clock first skips to the
evening of that day (the handlers' reminders go out on the way, a wave of their own),
then past midnight, when every response is overdue. The figure is the wall time from that
second skip until every complaint has recorded its ``limit_missed`` event in PostgreSQL
(goal: within 60 s), with the worker process's resident memory before and after (the
worker runs in this process).

    .venv/bin/python -m bench.wave [-n 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import distinct, func, select
from temporalio.api.testservice.v1 import SleepRequest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from bench.common import (
    Database,
    acknowledge,
    bounded,
    complaint_worker,
    embedded_database,
    log,
    mib,
    running,
    settle,
    time_skipping_server,
)
from intake.calendar import calendar_for
from models.complaint import ComplaintState
from rules.calendar import WorkingCalendar, local_date, office_hours_on, overdue_from
from store.tables import ComplaintEvent, StaffNotification

GOAL_SECONDS = 60.0
SETUP_CONCURRENCY = 100
GIVE_UP_SECONDS = 600.0


@dataclass
class Wave:
    n: int
    setup_seconds: float  # logging and acknowledging the N complaints
    reminders_seconds: float  # the reminder wave on the way to the due date
    missed_seconds: float  # from the skip past the due date to the last limit_missed row
    rss_before: int
    rss_after: int


async def _count(database: Database, query: Any) -> int:
    async with database.sessionmaker() as session:
        return int((await session.execute(query)).scalar_one())


def _limit_missed(database: Database) -> Awaitable[int]:
    query = select(func.count(distinct(ComplaintEvent.reference))).where(
        ComplaintEvent.kind == "limit_missed"
    )
    return _count(database, query)


def _reminded(database: Database) -> Awaitable[int]:
    query = select(func.count(distinct(StaffNotification.reference))).where(
        StaffNotification.subject.startswith("Reminder:")
    )
    return _count(database, query)


async def _skip_to(env: WorkflowEnvironment, moment: datetime) -> None:
    """``env.sleep`` until `moment`, with a deadline long enough for a wave of work."""
    request = SleepRequest()
    request.duration.FromTimedelta(moment - await env.get_current_time())
    await env.client.test_service.unlock_time_skipping_with_sleep(
        request, timeout=timedelta(seconds=GIVE_UP_SECONDS)
    )


async def _until(count: Callable[[], Awaitable[int]], n: int, started: float) -> float:
    """Seconds since `started` when `count()` reaches `n`."""
    while (done := await count()) < n:
        if time.perf_counter() - started > GIVE_UP_SECONDS:
            raise RuntimeError(f"only {done} of {n} within {GIVE_UP_SECONDS:.0f} s")
        await asyncio.sleep(0.1)
    return time.perf_counter() - started


async def _common_due(handles: list[WorkflowHandle[Any, Any]]) -> date:
    dues = set()
    for handle in handles[:: max(1, len(handles) // 10)]:
        state = await handle.query("complaint", result_type=ComplaintState)
        dues.add(state.deadlines["stage_1_response"].due)
    if len(dues) != 1:
        raise RuntimeError(f"the complaints do not share one due date: {sorted(dues)}")
    return dues.pop()


async def measure(n: int, workdir: Path) -> Wave:
    async with time_skipping_server() as env, embedded_database(workdir) as database:
        worker, task_queue = complaint_worker(env.client, database, workdir)
        async with running(worker):
            today = local_date(await env.get_current_time())
            day = WorkingCalendar(calendar_for(today)).next_working_day(today)
            await _skip_to(env, office_hours_on(day, 10))

            async def one() -> WorkflowHandle[Any, Any]:
                handle = await log(env.client, database, task_queue, day)
                await acknowledge(handle)
                return handle

            started = time.perf_counter()
            handles = await bounded(SETUP_CONCURRENCY, (one for _ in range(n)))
            setup = time.perf_counter() - started
            due = await _common_due(handles)

            await settle(env.client, GIVE_UP_SECONDS)  # the acknowledgement letters
            started = time.perf_counter()
            await _skip_to(env, office_hours_on(due, 18))
            reminders = await _until(lambda: _reminded(database), n, started)

            await settle(env.client, GIVE_UP_SECONDS)  # the reminders
            rss_before = psutil.Process().memory_info().rss
            started = time.perf_counter()
            await _skip_to(env, overdue_from(due) + timedelta(minutes=1))
            missed = await _until(lambda: _limit_missed(database), n, started)
            rss_after = psutil.Process().memory_info().rss
            # The complaints stay open; `running` lets the notices being delivered finish.
    return Wave(n, setup, reminders, missed, rss_before, rss_after)


def report(wave: Wave) -> str:
    verdict = "meets" if wave.missed_seconds <= GOAL_SECONDS else "misses"
    return "\n".join(
        [
            f"Wave: {wave.n} Stage 1 responses due at once, time-skipping test server, "
            "in-process worker",
            f"  logged and acknowledged {wave.n} in {wave.setup_seconds:.1f} s; "
            f"reminders for all {wave.n} in {wave.reminders_seconds:.1f} s",
            f"  past the due date: all {wave.n} limit_missed events in PostgreSQL after "
            f"{wave.missed_seconds:.1f} s ({verdict} the goal of {GOAL_SECONDS:.0f} s)",
            f"  worker RSS {mib(wave.rss_before):.0f} MiB before, "
            f"{mib(wave.rss_after):.0f} MiB after",
        ]
    )


async def main_async(n: int) -> Wave:
    with tempfile.TemporaryDirectory(prefix="redress-bench-") as workdir:
        wave = await measure(n, Path(workdir))
    print(report(wave), flush=True)
    return wave


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.wave", description=__doc__)
    parser.add_argument("-n", type=int, default=1000, help="complaints due at once")
    args = parser.parse_args(argv)
    asyncio.run(main_async(args.n))


if __name__ == "__main__":
    main()
