"""Exactly once: a worker killed after the mail server accepted a letter, and before its
delivery activity completed, does not make the retry send it again.

Real parts throughout: the Temporal dev server, a worker in a process of its own (killed
with SIGKILL), PostgreSQL and the SMTP sink. The worker pauses after the send only
because the test asks it to (``REDRESS_FAULT_PAUSE_AFTER_SEND_SECONDS``), so the kill
lands in exactly that gap.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from activities.delivery import PAUSE_AFTER_SEND_ENV
from devstack import TemporalDevServer, free_port
from intake.service import prepare, start_workflow
from models.complaint import LogComplaintInput
from models.enums import Kind
from models.parties import Complainant
from store.db import make_engine, make_sessionmaker
from store.tables import Delivery
from tests.mail import LocalMailSink

ROOT = Path(__file__).resolve().parents[2]


def start_worker(env: dict[str, str], log: Path, *, pause: bool) -> subprocess.Popen[bytes]:
    environment = {**os.environ, **env}
    environment.pop(PAUSE_AFTER_SEND_ENV, None)
    if pause:
        environment[PAUSE_AFTER_SEND_ENV] = "600"
    return subprocess.Popen(
        [sys.executable, str(ROOT / "worker.py")],
        cwd=ROOT,
        env=environment,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


async def wait_for(
    what: str, read: Callable[[], Awaitable[Any]], ok: Callable[[Any], bool], seconds: float = 60
) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        found = await read()
        if ok(found):
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last saw {found!r}")
        await asyncio.sleep(0.2)


async def test_a_worker_killed_between_send_and_completion_sends_the_letter_once(
    tmp_path: Path, postgres_url: str, mail_sink: LocalMailSink
) -> None:
    server = TemporalDevServer(
        db_file=None, log_path=tmp_path / "temporal.log", port=free_port(), headless=True
    )
    await server.start()
    engine = make_engine(postgres_url)
    sessionmaker = make_sessionmaker(engine)
    task_queue = f"exactly-once-{uuid.uuid4()}"
    env = {
        "REDRESS_ENVIRONMENT": "test",
        "REDRESS_TEMPORAL_ADDRESS": server.address,
        "REDRESS_TASK_QUEUE": task_queue,
        "DATABASE_URL": postgres_url,
        "REDRESS_SMTP_HOST": mail_sink.host,
        "REDRESS_SMTP_PORT": str(mail_sink.port),
        "REDRESS_DATA_DIR": str(tmp_path / "data"),
    }
    workers: list[subprocess.Popen[bytes]] = []
    try:
        workers.append(start_worker(env, tmp_path / "worker-1.log", pause=True))
        client = await Client.connect(server.address, data_converter=pydantic_data_converter)
        reference = f"CPL-2099-{uuid.uuid4().int % 900000 + 100000}"
        start = prepare(
            LogComplaintInput(
                reference=reference,
                kind=Kind.COMPLIMENT,
                first_contact_on=date.today(),
                complainant=Complainant(name="Alex Morgan", email="alex@example.org"),
                description="The gas engineer was quick and kind.",
            )
        )
        handle = await start_workflow(client, start, task_queue)

        async def mail() -> list[Any]:
            return mail_sink.for_reference(reference)

        async def delivery() -> Delivery | None:
            async with sessionmaker() as session:
                return await session.scalar(select(Delivery).where(Delivery.reference == reference))

        # The server accepted the thank-you letter and the send is recorded...
        await wait_for("the letter", mail, lambda found: len(found) == 1)
        await wait_for("the sent mark", delivery, lambda row: row and row.status == "sent")
        # ...and the worker dies before its activity completes.
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=10)
        workers.append(start_worker(env, tmp_path / "worker-2.log", pause=False))

        async def completed() -> bool:
            history = await handle.fetch_history()
            return any(
                e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED for e in history.events
            )

        # The heartbeat times out, the delivery is retried on the new worker and completes.
        await wait_for("the retried delivery", completed, bool, seconds=90)
        history = await handle.fetch_history()
        started = [
            e.activity_task_started_event_attributes.attempt
            for e in history.events
            if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
        ]
        assert started and started[-1] >= 2, "the delivery was retried after the kill"

        assert len(mail_sink.for_reference(reference)) == 1
        row = await delivery()
        assert row is not None and (row.status, row.attempts) == ("sent", 1)
        # A compliment's record is complete once it is thanked: its workflow has ended.
        assert (await handle.describe()).status is not None
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
        await engine.dispose()
        await server.stop()
