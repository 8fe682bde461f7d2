"""R-RPT-3: the worker creates the monthly quality sample's schedule when it starts, and a
run of it draws a tenth of last month's closed complaints into the sample for reviewers.

The production worker (``worker.run``) runs against a real Temporal dev server (the
time-skipping test server has no schedules) and the test PostgreSQL."""

from __future__ import annotations

import asyncio
import signal
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from temporalio.client import Client
from temporalio.service import RPCError

import worker
from activities.qa import last_month
from clients import connect_temporal
from devstack import TemporalDevServer, free_port
from settings import Settings
from store import governance
from store.db import make_engine, make_sessionmaker
from store.tables import Complaint
from workflows.qa import qa_schedule_id


async def _schedule_appears(client: Client, name: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            await client.get_schedule_handle(name).describe()
            return
        except RPCError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


def closed_complaint(reference: str, closed_on: datetime) -> dict:
    """A read-model row of a complaint answered and closed on the day given."""
    return {
        "reference": reference,
        "kind": "complaint",
        "organisation": "landlord",
        "service_area": "repairs",
        "channel": "web_form",
        "stage": "stage_1",
        "status": "closed",
        "complainant_name": "Alex Morgan",
        "first_contact_on": closed_on.date(),
        "logged_at": closed_on,
        "closed_on": closed_on.date(),
        "is_open": False,
        "last_seq": 1,
    }


async def test_r_rpt_3_the_worker_creates_the_qa_schedule_and_a_run_draws_the_sample(
    tmp_path: Path, postgres_url: str
) -> None:
    month = last_month(datetime.now(UTC).date())
    year, number = (int(part) for part in month.split("-"))
    references = [f"QA-{uuid.uuid4().hex[:8].upper()}" for _ in range(3)]
    engine = make_engine(postgres_url)
    sessionmaker = make_sessionmaker(engine)
    async with sessionmaker() as session:
        for reference in references:
            day = datetime(year, number, 15, 10, tzinfo=UTC)
            await session.execute(insert(Complaint).values(**closed_complaint(reference, day)))
        await session.commit()

    server = TemporalDevServer(
        db_file=None, log_path=tmp_path / "temporal.log", port=free_port(), headless=True
    )
    await server.start()
    settings = Settings(
        environment="test",
        database_url=postgres_url,
        data_dir=tmp_path / "data",
        temporal_address=server.address,
        task_queue=f"complaints-{uuid.uuid4()}",
        render_processes=0,
    )
    running = asyncio.create_task(worker.run(settings))
    loop = asyncio.get_running_loop()
    try:
        client = await connect_temporal(settings)
        name = qa_schedule_id(settings.task_queue)
        await _schedule_appears(client, name)
        described = await client.get_schedule_handle(name).describe()
        spec = described.schedule.spec.calendars[0]
        assert [r.start for r in spec.day_of_month] == [1]

        await client.get_schedule_handle(name).trigger()
        deadline = time.monotonic() + 60
        while True:
            async with sessionmaker() as session:
                sample = await governance.qa_reviews(session, [month])
            if sample or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        # A tenth, at least one, of the month's closed complaints; each reviewed later.
        assert len(sample) >= 1
        assert all(review.scores is None for review in sample)
        async with sessionmaker() as session:
            closed = {
                row.reference: row.closed_on
                for row in await session.scalars(
                    select(Complaint).where(Complaint.reference.in_([r.reference for r in sample]))
                )
            }
        assert all(f"{closed[r.reference]:%Y-%m}" == month for r in sample)
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        for sig in (signal.SIGINT, signal.SIGTERM):  # worker.run took them over
            loop.remove_signal_handler(sig)
        await server.stop()
        await engine.dispose()
