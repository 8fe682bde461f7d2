"""A wave of emergency hazards: 1,000 made-safe deadlines falling due within one minute.

On the time-skipping test server, N emergency hazards are reported within the same minute
and triaged as emergencies at once, so their 24-hour make-safe deadlines (R-HAZ-2) all fall
due within one minute a day later. The clock then skips to the end of that minute. The
figure is the wall time from that skip until every hazard's row in PostgreSQL shows
breached (goal: within 60 s; a missed emergency is told to the manager at any hour), and
the rate. The worker is the production worker, in this process.

    .venv/bin/python -m bench.hazards [-n 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from temporalio.client import Client

from activities.hazard import hazard_calendar, start_hazard_workflow
from bench.common import (
    Database,
    bounded,
    complaint_worker,
    embedded_database,
    running,
    settle,
    time_skipping_server,
)
from bench.wave import GIVE_UP_SECONDS, GOAL_SECONDS, SETUP_CONCURRENCY, _skip_to
from models.effects import Recipient
from models.hazard import (
    HazardKind,
    HazardReport,
    HazardSource,
    HazardTenant,
    OpenHazardInput,
    StartHazard,
)
from models.hazard_state import (
    HazardState,
)
from models.hazard_steps import (
    TriageInput,
)
from rules.calendar import local_date
from rules.hazards.regimes import regime_on
from rules.policy import load_profile
from store.tables import Hazard
from workflows.hazard import HazardWorkflow

TENANT = HazardTenant(
    name="Sam Reid", recipients=[Recipient(name="Sam Reid", email="sam@example.org")]
)


@dataclass
class HazardWave:
    n: int
    setup_seconds: float  # reporting and triaging the N emergencies
    breached_seconds: float  # from the skip to the end of the due minute to the last row


async def _breached(database: Database) -> int:
    async with database.sessionmaker() as session:
        query = select(func.count()).select_from(Hazard).where(Hazard.breached)
        return int((await session.execute(query)).scalar_one())


async def _report(client: Client, task_queue: str, reference: str, aware_at: datetime) -> None:
    """One emergency, reported and triaged as `open_hazard` and the triage form do it."""
    report = HazardReport(
        hazard="electrical_hazards",
        description="Water through the ceiling onto the light fitting.",
        location="kitchen",
        aware_at=aware_at,
        affected="one adult",
        source=HazardSource.REPAIR,
    )
    opening = OpenHazardInput(
        report=report,
        organisation="landlord",
        tenant=TENANT,
        profile=load_profile("hos-2024"),
        logged_at=aware_at,
    )
    start = StartHazard(
        reference=reference,
        organisation="landlord",
        report=report,
        regime=regime_on(local_date(aware_at)),
        calendar=hazard_calendar(opening),
        profile=opening.profile,
        tenant=TENANT,
        logged_at=aware_at,
        manager_id="m.osei",
    )
    await start_hazard_workflow(client, task_queue, start)
    handle = client.get_workflow_handle(reference)
    await handle.execute_update(
        HazardWorkflow.triage, TriageInput(kind=HazardKind.EMERGENCY, by="duty")
    )


async def measure(n: int, workdir: Path) -> HazardWave:
    async with time_skipping_server() as env, embedded_database(workdir) as database:
        worker, task_queue = complaint_worker(env.client, database, workdir)
        async with running(worker):
            now = await env.get_current_time()
            minute = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
            await _skip_to(env, minute + timedelta(seconds=59))
            year = local_date(minute).year
            step = timedelta(seconds=59) / n  # awareness spread over the one minute

            def one(i: int) -> Any:
                aware_at = minute + step * i
                return lambda: _report(env.client, task_queue, f"HAZ-{year}-{i + 1:06d}", aware_at)

            started = time.perf_counter()
            await bounded(SETUP_CONCURRENCY, (one(i) for i in range(n)))
            setup = time.perf_counter() - started
            handle = env.client.get_workflow_handle(f"HAZ-{year}-{n:06d}")
            state: HazardState = await handle.query(HazardWorkflow.details)
            due = max(d.due for d in state.deadlines if d.met_at is None)
            if due.replace(second=0, microsecond=0) != minute + timedelta(hours=24):
                raise RuntimeError(f"the last hazard falls due at {due}, not in the minute")

            await settle(env.client, GIVE_UP_SECONDS)  # the duty staff told of each
            started = time.perf_counter()
            await _skip_to(env, minute + timedelta(hours=24, minutes=1))
            while (done := await _breached(database)) < n:
                if time.perf_counter() - started > GIVE_UP_SECONDS:
                    raise RuntimeError(f"only {done} of {n} breached in {GIVE_UP_SECONDS:.0f} s")
                await asyncio.sleep(0.1)
            breached = time.perf_counter() - started
    return HazardWave(n, setup, breached)


def report(wave: HazardWave) -> str:
    verdict = "meets" if wave.breached_seconds <= GOAL_SECONDS else "misses"
    return "\n".join(
        [
            f"Hazards: {wave.n} emergency make-safe deadlines due within one minute, "
            "time-skipping test server, in-process worker",
            f"  reported and triaged {wave.n} in {wave.setup_seconds:.1f} s",
            f"  past the due minute: all {wave.n} hazard rows breached after "
            f"{wave.breached_seconds:.1f} s, {wave.n / wave.breached_seconds:.0f} a second "
            f"({verdict} the goal of {GOAL_SECONDS:.0f} s)",
        ]
    )


async def main_async(n: int) -> HazardWave:
    with tempfile.TemporaryDirectory(prefix="redress-bench-") as workdir:
        wave = await measure(n, Path(workdir))
    print(report(wave), flush=True)
    return wave


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hazards", description=__doc__)
    parser.add_argument("-n", type=int, default=1000, help="emergencies due within a minute")
    args = parser.parse_args(argv)
    asyncio.run(main_async(args.n))


if __name__ == "__main__":
    main()
