"""A wave of deadlines: 1,000 Stage 1 responses falling due at the same moment.

On the time-skipping test server, N complaints are logged and acknowledged on the same
working day, so their Stage 1 responses share one due date. The clock then skips past
it, and the figure is the wall time until every one of them has recorded its
``limit_missed`` event in PostgreSQL (goal: within 60 s), with the worker process's
resident memory (this process: the worker runs in it) before and after.

    .venv/bin/python -m bench.wave [-n 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import psutil
from sqlalchemy import distinct, func, select
from temporalio.api.testservice.v1 import SleepRequest
from temporalio.testing import WorkflowEnvironment

from bench.common import (
    Database,
    acknowledge,
    bounded,
    complaint_worker,
    embedded_database,
    log,
    mib,
    time_skipping_server,
)
from models.complaint import ComplaintState
from rules.calendar import WorkingCalendar, local_date, office_hours_on, overdue_from
from starter.service import calendar_for
from store.tables import ComplaintEvent

GOAL_SECONDS = 60.0
SETUP_CONCURRENCY = 100


@dataclass
class Wave:
    n: int
    setup_seconds: float
    skip_seconds: float  # the test server's own skip, until its clock passed the due date
    all_recorded_seconds: float  # from the start of the skip to the last limit_missed row
    rss_before: int
    rss_after: int


async def _limit_missed(database: Database) -> int:
    query = select(func.count(distinct(ComplaintEvent.reference))).where(
        ComplaintEvent.kind == "limit_missed"
    )
    async with database.sessionmaker() as session:
        return int((await session.execute(query)).scalar_one())


async def _skip(env: WorkflowEnvironment, duration: timedelta) -> None:
    """``env.sleep`` with a deadline long enough for the server to work through a wave."""
    request = SleepRequest()
    request.duration.FromTimedelta(duration)
    await env.client.test_service.unlock_time_skipping_with_sleep(
        request, timeout=timedelta(minutes=15)
    )


async def _report_progress(database: Database, n: int) -> None:
    from sqlalchemy import text
    while True:
        await asyncio.sleep(5)
        async with database.sessionmaker() as session:
            rows = (await session.execute(text("select kind, count(*) from complaint_events group by kind order by kind"))).all()
            notes = (await session.execute(text("select count(*) from staff_notifications"))).scalar_one()
        print(time.strftime("%H:%M:%S"), dict(rows), "notices", notes, flush=True)


async def _start_of_working_day(env: WorkflowEnvironment):
    today = local_date(await env.get_current_time())
    day = WorkingCalendar(calendar_for(today)).next_working_day(today)
    await env.sleep(office_hours_on(day, 10) - await env.get_current_time())
    return day


async def measure(n: int, workdir: Path, give_up_after: float) -> Wave:
    async with time_skipping_server() as env, embedded_database(workdir) as database:
        worker, task_queue = complaint_worker(env.client, database, workdir)
        async with worker:
            day = await _start_of_working_day(env)
            started = time.perf_counter()

            async def one():
                handle = await log(env.client, database, task_queue, day)
                await acknowledge(handle)
                return handle

            handles = await bounded(SETUP_CONCURRENCY, (one for _ in range(n)))
            setup = time.perf_counter() - started
            print("setup", setup, flush=True)
            dues = set()
            for handle in handles[:: max(1, n // 10)]:
                state = await handle.query("complaint", result_type=ComplaintState)
                dues.add(state.deadlines["stage_1_response"].due)
            if len(dues) != 1:
                raise RuntimeError(f"the complaints do not share one due date: {sorted(dues)}")
            due = dues.pop()
            rss_before = psutil.Process().memory_info().rss

            started = time.perf_counter()
            past_due = overdue_from(due) + timedelta(minutes=1)
            progress = asyncio.create_task(_report_progress(database, n))
            try:
                await _skip(env, past_due - await env.get_current_time())
            finally:
                progress.cancel()
            skipped = time.perf_counter() - started
            while (recorded := await _limit_missed(database)) < n:
                if time.perf_counter() - started > give_up_after:
                    raise RuntimeError(
                        f"only {recorded} of {n} recorded within {give_up_after:.0f} s"
                    )
                await asyncio.sleep(0.1)
            all_recorded = time.perf_counter() - started
            rss_after = psutil.Process().memory_info().rss
            # Stop the clock-driven work before the worker shuts down.
            await bounded(SETUP_CONCURRENCY, (h.terminate for h in handles))
    return Wave(n, setup, skipped, all_recorded, rss_before, rss_after)


def report(wave: Wave) -> str:
    verdict = "meets" if wave.all_recorded_seconds <= GOAL_SECONDS else "misses"
    return "\n".join(
        [
            f"Wave: {wave.n} Stage 1 responses due at once, time-skipping test server, "
            "in-process worker",
            f"  logged and acknowledged {wave.n} in {wave.setup_seconds:.1f} s",
            f"  skip past the due date: {wave.skip_seconds:.1f} s; all {wave.n} limit_missed "
            f"events in PostgreSQL after {wave.all_recorded_seconds:.1f} s "
            f"({verdict} the goal of {GOAL_SECONDS:.0f} s)",
            f"  worker RSS {mib(wave.rss_before):.0f} MiB before, "
            f"{mib(wave.rss_after):.0f} MiB after",
        ]
    )


async def main_async(n: int, give_up_after: float = 600.0) -> Wave:
    with tempfile.TemporaryDirectory(prefix="redress-bench-") as workdir:
        wave = await measure(n, Path(workdir), give_up_after)
    print(report(wave), flush=True)
    return wave


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.wave", description=__doc__)
    parser.add_argument("-n", type=int, default=1000, help="complaints due at once")
    args = parser.parse_args(argv)
    asyncio.run(main_async(args.n))


if __name__ == "__main__":
    main()
