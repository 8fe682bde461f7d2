"""Temporal stopped during residents' submissions loses nothing and duplicates nothing
(issue 8, finding 7, and its fault test "Temporal stopped during a resident's submission").

Real parts throughout: a Temporal dev server (stopped, then started again on the same port
and SQLite file), the web app on a client to it, PostgreSQL, the mail sink, and two real
workers (`worker.py`), each a process of its own with its intake retrier, so that "one
workflow per reference" is shown with two retriers racing for the same submissions.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from devstack import TemporalDevServer, free_port
from settings import Settings
from store.db import make_engine, make_sessionmaker
from store.tables import Complaint, ComplaintEvent, IntakeSubmission, ReferenceCounter
from tests.mail import LocalMailSink
from tests.web.conftest import Browser
from tests.web.steps import RESIDENT
from web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = re.compile(r'id="filed-reference">([A-Z]{3}-\d{4}-\d{6})<')
COMPLIMENT = {
    "kind": "compliment",
    "name": "Sam Lee",
    "email": "sam@example.org",
    "description": "The caretaker was very helpful.",
}


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "worker.py")],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


async def wait_for(
    what: str, read: Callable[[], Awaitable[Any]], ok: Callable[[Any], bool], seconds: float = 90
) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        found = await read()
        if ok(found):
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last saw {found!r}")
        await asyncio.sleep(0.5)


async def submit(resident: Browser, path: str, form: dict[str, str]) -> tuple[str, str, float]:
    """A resident sends a form: the reference on the confirmation page, the page, the wait."""
    token = await resident.token()
    began = time.monotonic()
    response = await resident.client.post(path, data={**form, "csrf_token": token})
    took = time.monotonic() - began
    assert response.status_code == 303, response.text[:500]
    page = (await resident.get("/confirmation")).text
    found = REFERENCE.search(page)
    assert found, page
    return found.group(1), page, took


async def test_issue_8_temporal_stopped_during_submissions_every_reference_gets_one_complaint(
    tmp_path: Path, postgres_url: str, mail_sink: LocalMailSink
) -> None:
    port = free_port()

    def dev_server() -> TemporalDevServer:
        return TemporalDevServer(
            db_file=tmp_path / "temporal.db",
            log_path=tmp_path / "temporal.log",
            port=port,
            headless=True,
        )

    server = dev_server()
    await server.start()
    engine = make_engine(postgres_url)
    sessionmaker = make_sessionmaker(engine)
    task_queue = f"intake-outage-{uuid.uuid4()}"
    settings = Settings(
        environment="test",
        database_url=postgres_url,
        temporal_address=server.address,
        task_queue=task_queue,
        data_dir=tmp_path / "data",
    )
    env = {
        **os.environ,
        "REDRESS_ENVIRONMENT": "test",
        "REDRESS_TEMPORAL_ADDRESS": server.address,
        "REDRESS_TASK_QUEUE": task_queue,
        "DATABASE_URL": postgres_url,
        "REDRESS_SMTP_HOST": mail_sink.host,
        "REDRESS_SMTP_PORT": str(mail_sink.port),
        "REDRESS_DATA_DIR": str(tmp_path / "data"),
        "REDRESS_RENDER_PROCESSES": "0",
    }
    workers: list[subprocess.Popen[bytes]] = []
    try:
        client = await Client.connect(server.address, data_converter=pydantic_data_converter)
        app = create_app(settings, client, sessionmaker)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="https://testserver"
        ) as http:
            resident = Browser(http)
            async with sessionmaker() as session:
                numbers_before = await session.scalar(select(func.sum(ReferenceCounter.last_value)))

            # Temporal goes down; residents keep sending their forms.
            await server.stop()
            filed = []
            for form in ({**RESIDENT, "name": f"Resident {n}"} for n in range(3)):
                reference, page, took = await submit(resident, "/complain", form)
                assert took < 2, f"the resident waited {took:.1f} s"
                assert "nothing you told us will be lost" in page
                filed.append(reference)
            reference, page, took = await submit(resident, "/feedback", COMPLIMENT)
            assert took < 2 and 'id="kept"' in page
            filed.append(reference)
            assert len(set(filed)) == len(filed)

            # Each is kept under its reference, none started, and no number was taken
            # without a submission behind it.
            async with sessionmaker() as session:
                kept = (
                    await session.scalars(
                        select(IntakeSubmission).where(IntakeSubmission.reference.in_(filed))
                    )
                ).all()
                numbers_after = await session.scalar(select(func.sum(ReferenceCounter.last_value)))
            assert sorted(row.reference for row in kept) == sorted(filed)
            assert all(row.started_at is None and row.last_error for row in kept)
            assert (numbers_after or 0) - (numbers_before or 0) == len(filed)

            # Temporal comes back, and two workers, each with its retrier.
            server = dev_server()
            await server.start()
            for n in (1, 2):
                workers.append(start_worker(env, tmp_path / f"worker-{n}.log"))
            second = await Client.connect(server.address, data_converter=pydantic_data_converter)
            # The web app's own client is used again once the server is back.
            reference, page, _ = await submit(resident, "/complain", RESIDENT)
            filed.append(reference)

        async def started() -> list[IntakeSubmission]:
            async with sessionmaker() as session:
                query = select(IntakeSubmission).where(IntakeSubmission.reference.in_(filed))
                return list((await session.scalars(query)).all())

        await wait_for(
            "every submission started",
            started,
            lambda rows: len(rows) == len(filed) and all(r.started_at for r in rows),
        )

        async def recorded() -> list[str]:
            async with sessionmaker() as session:
                query = select(Complaint.reference).where(Complaint.reference.in_(filed))
                return list((await session.scalars(query)).all())

        # Every reference has its complaint in the record...
        found = await wait_for(
            "every complaint in the record", recorded, lambda rows: len(rows) == len(filed)
        )
        assert sorted(found) == sorted(filed)

        # ...and exactly one workflow, logged once.
        async def executions() -> list[str]:
            query = f'TaskQueue = "{task_queue}" AND WorkflowType = "ComplaintWorkflow"'
            return [execution.id async for execution in second.list_workflows(query)]

        ids = await wait_for(
            "the workflows listed", executions, lambda ids: len(ids) >= len(filed), seconds=30
        )
        await asyncio.sleep(2)  # time for a duplicate, were there one, to show
        ids = await executions()
        assert Counter(ids) == Counter(filed), ids
        for reference in filed:
            history = [run async for run in second.list_workflows(f'WorkflowId = "{reference}"')]
            assert len(history) == 1, (reference, history)
        async with sessionmaker() as session:
            logged = (
                await session.execute(
                    select(ComplaintEvent.reference, func.count())
                    .where(ComplaintEvent.reference.in_(filed), ComplaintEvent.kind == "logged")
                    .group_by(ComplaintEvent.reference)
                )
            ).all()
        assert dict(logged) == {reference: 1 for reference in filed}
        # The kept ones were started by the workers' retriers.
        logs = "".join((tmp_path / f"worker-{n}.log").read_text() for n in (1, 2))
        assert "kept submissions started" in logs
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
        await engine.dispose()
        await server.stop()
