"""Complaints logged and acknowledged per second, against a do-nothing workflow.

On a real Temporal dev server (SQLite file, as ``python3 dev.py up`` runs it) with an
embedded PostgreSQL and the production worker in this process: N complaints are logged
at once (reference from PostgreSQL, calendar snapshot, workflow start) and each gets
assign_handler, accept and acknowledge; the wall time runs until the last is
acknowledged. `BareWorkflow` is started and updated the same way on the same server.
Complaints run as in production, every payload encrypted (R-DP-1); the same N run again
with the pydantic converter alone gives what the codec costs.

    .venv/bin/python -m bench.throughput [-n 200]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from temporalio.client import Client, WorkflowHandle
from temporalio.worker import Worker

from bench.bare import BareWorkflow
from bench.common import (
    Database,
    acknowledge,
    bounded,
    complaint_worker,
    connect,
    embedded_database,
    log,
    running,
)
from devstack.process import free_port
from devstack.temporal import TemporalDevServer
from rules.calendar import local_date
from worker import workflow_runner

GOAL = 0.5
CODEC_GOAL = 0.9  # the codec may cost at most 10%
WARM_UP = 5


@dataclass
class Rates:
    n: int
    bare_seconds: float
    complaint_seconds: float
    plain_seconds: float  # the same complaints without the payload codec
    bare_history: Counter[str]  # one bare workflow's history events by kind
    complaint_history: Counter[str]  # one complaint's, up to its acknowledgement

    @property
    def bare_rate(self) -> float:
        return self.n / self.bare_seconds

    @property
    def complaint_rate(self) -> float:
        return self.n / self.complaint_seconds

    @property
    def ratio(self) -> float:
        return self.complaint_rate / self.bare_rate

    @property
    def plain_rate(self) -> float:
        return self.n / self.plain_seconds

    @property
    def codec_ratio(self) -> float:
        """Encrypted over plain: 0.95 means the codec costs 5%."""
        return self.complaint_rate / self.plain_rate


Run = tuple[float, WorkflowHandle[Any, Any]]  # seconds, and the last workflow


async def _bare(client: Client, task_queue: str, n: int, concurrency: int) -> Run:
    async def one(i: int) -> WorkflowHandle[Any, Any]:
        handle = await client.start_workflow(
            BareWorkflow.run, f"bare-{i}", id=f"bare-{uuid.uuid4()}", task_queue=task_queue
        )
        for step in ("assigned", "accepted", "acknowledged"):
            await handle.execute_update(BareWorkflow.touch, step)
        return handle

    started = time.perf_counter()
    handles = await bounded(concurrency, (functools.partial(one, i) for i in range(n)))
    return time.perf_counter() - started, handles[-1]


async def _complaints(
    client: Client, database: Database, task_queue: str, n: int, concurrency: int
) -> Run:
    today = local_date(datetime.now(UTC))  # the dev server keeps real time

    async def one() -> WorkflowHandle[Any, Any]:
        handle = await log(client, database, task_queue, today)
        await acknowledge(handle)
        return handle

    started = time.perf_counter()
    handles = await bounded(concurrency, (one for _ in range(n)))
    return time.perf_counter() - started, handles[-1]


async def _history(handle: WorkflowHandle[Any, Any]) -> Counter[str]:
    history = await handle.fetch_history()
    return Counter(str(event.WhichOneof("attributes")) for event in history.events)


async def measure(n: int, concurrency: int, workdir: Path) -> Rates:
    server = TemporalDevServer(
        db_file=workdir / "temporal.db",
        log_path=workdir / "temporal.log",
        port=free_port(),
        headless=True,
    )
    await server.start()
    try:
        async with embedded_database(workdir) as database:
            client = await connect(server.address)
            worker, task_queue = complaint_worker(client, database, workdir)
            plain = await connect(server.address, encrypted=False)
            plain_worker, plain_queue = complaint_worker(plain, database, workdir)
            bare_queue = f"bare-{uuid.uuid4()}"
            bare_worker = Worker(
                client,
                task_queue=bare_queue,
                workflows=[BareWorkflow],
                workflow_runner=workflow_runner(),
            )
            async with running(worker), running(plain_worker), bare_worker:
                # Warm up each: sandbox imports, gRPC and database connections.
                await _bare(client, bare_queue, WARM_UP, WARM_UP)
                await _complaints(client, database, task_queue, WARM_UP, WARM_UP)
                await _complaints(plain, database, plain_queue, WARM_UP, WARM_UP)
                bare, bare_handle = await _bare(client, bare_queue, n, concurrency)
                without, _ = await _complaints(plain, database, plain_queue, n, concurrency)
                complaints, handle = await _complaints(client, database, task_queue, n, concurrency)
                histories = await _history(bare_handle), await _history(handle)
    finally:
        await server.stop()
    return Rates(n, bare, complaints, without, *histories)


def _round_trips(history: Counter[str]) -> str:
    return (
        f"{history['workflow_task_completed_event_attributes']} workflow tasks, "
        f"{history['activity_task_completed_event_attributes']} activities, "
        f"{history['workflow_execution_update_completed_event_attributes']} updates"
    )


def report(rates: Rates, concurrency: int) -> str:
    verdict = "meets" if rates.ratio >= GOAL else "below"
    return "\n".join(
        [
            f"Throughput: Temporal dev server + embedded PostgreSQL, in-process worker, "
            f"N={rates.n}, {concurrency} at a time",
            f"  BareWorkflow, start + 3 updates:        {rates.n} in "
            f"{rates.bare_seconds:6.2f} s = {rates.bare_rate:7.1f} /s",
            f"  complaints logged and acknowledged:     {rates.n} in "
            f"{rates.complaint_seconds:6.2f} s = {rates.complaint_rate:7.1f} /s",
            f"  ratio complaint / bare: {rates.ratio:.2f} ({verdict} the goal of >= {GOAL})",
            f"  the same without the payload codec:     {rates.n} in "
            f"{rates.plain_seconds:6.2f} s = {rates.plain_rate:7.1f} /s",
            f"  ratio with codec / without: {rates.codec_ratio:.2f} "
            f"({'meets' if rates.codec_ratio >= CODEC_GOAL else 'below'} the goal of >= "
            f"{CODEC_GOAL}: the codec costs under 10%)",
            f"  each bare workflow: {_round_trips(rates.bare_history)}; each complaint "
            f"until acknowledged: {_round_trips(rates.complaint_history)}",
        ]
    )


async def main_async(n: int, concurrency: int | None = None) -> Rates:
    concurrency = concurrency or n
    with tempfile.TemporaryDirectory(prefix="redress-bench-") as workdir:
        rates = await measure(n, concurrency, Path(workdir))
    print(report(rates, concurrency), flush=True)
    return rates


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.throughput", description=__doc__)
    parser.add_argument("-n", type=int, default=200, help="complaints (and bare workflows)")
    parser.add_argument("--concurrency", type=int, help="at most this many at a time (default N)")
    args = parser.parse_args(argv)
    asyncio.run(main_async(args.n, args.concurrency))


if __name__ == "__main__":
    main()
