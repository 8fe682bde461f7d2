"""R-GOV-4: the worker creates the quarterly schedule of the Member Responsible for
Complaints' pack when it starts, and a run of it emails the pack, with the PDF, to the MRC
and governance at the mail sink.

The production worker (``worker.run``) runs against a real Temporal dev server (the
time-skipping test server has no schedules), the test PostgreSQL and the mail sink."""

from __future__ import annotations

import asyncio
import io
import signal
import time
import uuid
from pathlib import Path

from pypdf import PdfReader
from temporalio.client import Client
from temporalio.service import RPCError

import worker
from clients import connect_temporal
from devstack import TemporalDevServer, free_port
from settings import Settings
from tests.mail import LocalMailSink
from workflows.mrc_pack import mrc_schedule_id


async def _schedule_appears(client: Client, name: str, seconds: float = 60.0) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            described = await client.get_schedule_handle(name).describe()
            return described.id
        except RPCError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def test_r_gov_4_the_worker_creates_the_mrc_schedule_and_a_run_mails_the_pack(
    tmp_path: Path, postgres_url: str, mail_sink: LocalMailSink
) -> None:
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
        smtp_host=mail_sink.host,
        smtp_port=mail_sink.port,
        render_processes=0,
        homes=1200,
        mrc_name="Sam Okafor",
        mrc_email="mrc@example.org",
        governance_email="governance@example.org",
    )
    running = asyncio.create_task(worker.run(settings))
    loop = asyncio.get_running_loop()
    try:
        client = await connect_temporal(settings)
        name = await _schedule_appears(client, mrc_schedule_id(settings.task_queue))
        assert name == mrc_schedule_id(settings.task_queue)
        described = await client.get_schedule_handle(name).describe()
        spec = described.schedule.spec.calendars[0]
        assert [r.start for r in spec.month] == [1, 4, 7, 10]

        before = {m["Message-ID"] for m in mail_sink.messages()}
        await client.get_schedule_handle(name).trigger()
        deadline = time.monotonic() + 60
        while True:
            sent = [m for m in mail_sink.messages() if m["Message-ID"] not in before]
            sent = [m for m in sent if "quarterly pack" in str(m["Subject"])]
            if len(sent) >= 2 or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        assert sorted(str(m["To"]) for m in sent) == ["governance@example.org", "mrc@example.org"]
        for message in sent:
            (attachment,) = list(message.iter_attachments())
            assert attachment.get_content_type() == "application/pdf"
            pdf = PdfReader(io.BytesIO(attachment.get_content()))
            words = " ".join(page.extract_text() for page in pdf.pages)
            assert "Sam Okafor" in words
            for part in ("Volumes", "Categories and trends", "Outcomes", "Performance"):
                assert part in words
            assert "Compliance with the Ombudsman's orders" in words
            assert "Tenant Satisfaction Measures" in words and "CH01" in words
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        for sig in (signal.SIGINT, signal.SIGTERM):  # worker.run took them over
            loop.remove_signal_handler(sig)
        await server.stop()
