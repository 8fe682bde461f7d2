"""What every benchmark needs: a throwaway database and Temporal server, an in-process
worker, and a complaint logged and acknowledged the way the starter does it.

Nothing here is a test: the benchmarks print figures (``python -m bench``).
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from aiosmtpd.controller import Controller
from temporalio import client as temporal_client
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client, WorkflowHandle
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
    Worker,
)

from activities import ComplaintActivities
from clients import encrypted_converter
from codec import PayloadKey
from devstack.mail import MailDirectoryHandler
from devstack.migrations import run_migrations
from devstack.postgres import EmbeddedPostgres
from devstack.process import find_executable, free_port
from intake.service import receive
from models.complaint import LogComplaintInput
from models.enums import Tenure
from models.messages import AcceptInput, AcknowledgeInput, ActionResult, AssignHandlerInput
from models.parties import Complainant, StaffMember
from settings import Settings
from store.db import Sessionmaker, make_engine, make_sessionmaker
from worker import build_worker
from workflows import search_attributes as sa

T = TypeVar("T")

HANDLER = StaffMember(
    id="h.khan", name="Hana Khan", email="hana.khan@example.org", manager_id="m.osei"
)
REVIEWER = StaffMember(
    id="r.patel", name="Ravi Patel", email="ravi.patel@example.org", manager_id="d.ward"
)
# Any reference of the right shape: the intake service takes the real one.
PLACEHOLDER = "CMP-0000-000000"
# How long a benchmark lets the letters still being delivered finish before its worker stops.
DRAIN_SECONDS = 60.0


class InFlight(temporal_client.Interceptor, Interceptor):
    """Counts the activities running in this process's workers. On a client, it is on every
    worker built with that client, so a benchmark can let its deliveries finish."""

    def __init__(self) -> None:
        self.running = 0

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _Counted(next, self)

    async def drained(self, seconds: float) -> bool:
        """Wait until no activity has run for half a second, up to `seconds`; True if so."""
        deadline = time.monotonic() + seconds
        idle_since: float | None = None
        while time.monotonic() < deadline:
            now = time.monotonic()
            if self.running:
                idle_since = None
            elif idle_since is None:
                idle_since = now
            elif now - idle_since >= 0.5:
                return True
            await asyncio.sleep(0.05)
        return False


class _Counted(ActivityInboundInterceptor):
    def __init__(self, next: ActivityInboundInterceptor, in_flight: InFlight) -> None:
        super().__init__(next)
        self._in_flight = in_flight

    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        self._in_flight.running += 1
        try:
            return await super().execute_activity(input)
        finally:
            self._in_flight.running -= 1


def converter(encrypted: bool = True) -> DataConverter:
    """The product's data converter (payloads encrypted, a key made for the run), or, for
    comparison, the pydantic converter alone."""
    return encrypted_converter([PayloadKey.generate()]) if encrypted else pydantic_data_converter


async def connect(address: str, *, encrypted: bool = True) -> Client:
    """A client whose workers count their activities (see `running`), encrypting payloads
    as the product does unless ``encrypted`` is False."""
    return await Client.connect(
        address, data_converter=converter(encrypted), interceptors=[InFlight()]
    )


def in_flight(client: Client) -> InFlight:
    """The activity counter on a client from `connect` or `time_skipping_server`."""
    found = [i for i in client.config()["interceptors"] if isinstance(i, InFlight)]
    if not found:
        raise ValueError("this client does not count activities: connect with bench.common")
    return found[0]


async def settle(client: Client, seconds: float = DRAIN_SECONDS) -> None:
    """Let the letters and notices being delivered finish, for up to `seconds`.

    Call it before stopping a worker, and before skipping time on the test server: a skip
    times out the deliveries in flight, and the SDK logs a traceback for each cancelled
    that way (a worker's shutdown cancels them quietly)."""
    counter = in_flight(client)
    if not await counter.drained(seconds):
        print(
            f"  ({counter.running} activities still running after {seconds:.0f} s)",
            flush=True,
        )


@asynccontextmanager
async def running(worker: Worker, drain_seconds: float = DRAIN_SECONDS) -> AsyncIterator[Worker]:
    """Run `worker`; on the way out, let what it is still delivering finish (up to
    `drain_seconds`); the worker's shutdown cancels the rest, quietly."""
    async with worker:
        yield worker
        await settle(worker.client, drain_seconds)


@dataclass
class Database:
    url: str
    sessionmaker: Sessionmaker
    smtp_port: int = 0  # the mail sink that letters and notices go to


@asynccontextmanager
async def embedded_database(workdir: Path) -> AsyncIterator[Database]:
    """A fresh embedded PostgreSQL in `workdir`, migrated, and a mail sink (aiosmtpd, in
    this process) for the letters the worker sends; both stopped afterwards."""
    server = EmbeddedPostgres(workdir / "pgdata")
    url = await asyncio.to_thread(server.start)
    port = free_port()
    sink = Controller(MailDirectoryHandler(workdir / "mail"), hostname="127.0.0.1", port=port)
    sink.start()
    try:
        await asyncio.to_thread(run_migrations, url)
        engine = make_engine(url)
        try:
            yield Database(url, make_sessionmaker(engine), port)
        finally:
            await engine.dispose()
    finally:
        sink.stop()
        await asyncio.to_thread(server.stop)


@asynccontextmanager
async def time_skipping_server() -> AsyncIterator[WorkflowEnvironment]:
    """The time-skipping test server, with our search attributes registered."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(find_executable("temporal-test-server")),
        data_converter=converter(),
        interceptors=[InFlight()],
    )
    try:
        await env.client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(
                namespace=env.client.namespace,
                search_attributes={
                    key.name: key.indexed_value_type.value  # type: ignore[misc]
                    for key in sa.ALL
                },
            )
        )
        yield env
    finally:
        await env.shutdown()


def complaint_worker(client: Client, database: Database, workdir: Path) -> tuple[Worker, str]:
    """The production worker (``worker.build_worker``) on a task queue of its own."""
    settings = Settings(
        environment="test",
        database_url=database.url,
        data_dir=workdir,
        smtp_host="127.0.0.1",
        smtp_port=database.smtp_port,
    )
    task_queue = f"bench-{uuid.uuid4()}"
    activities = ComplaintActivities(database.sessionmaker, settings)
    return build_worker(client, activities, task_queue), task_queue


# A benchmark starts hundreds at once: it waits for each start rather than leave it to the
# worker's retrier, which does not run here.
START_WAIT = timedelta(seconds=120)


async def log(
    client: Client, database: Database, task_queue: str, first_contact: date
) -> WorkflowHandle[Any, Any]:
    """Log a complaint through the intake service, as the web and the starter do: the
    reference from PostgreSQL, the submission kept, then the workflow."""
    intake = LogComplaintInput(
        reference=PLACEHOLDER,
        first_contact_on=first_contact,
        complainant=Complainant(
            name="Alex Morgan",
            email="alex@example.org",
            address="1 Elm Road, Leeds",
            postcode="LS1 1AA",
            tenure=Tenure.TENANT,
        ),
        description="The boiler has not worked for three weeks.",
        outcomes_sought="Repair the boiler and compensation",
    )
    received = await receive(database.sessionmaker, client, intake, task_queue, wait=START_WAIT)
    if not received.started:
        raise RuntimeError(f"{received.reference} was kept but its workflow did not start")
    return client.get_workflow_handle(received.reference)


async def act(handle: WorkflowHandle[Any, Any], update: str, inp: Any) -> ActionResult:
    return await handle.execute_update(update, inp, result_type=ActionResult)


async def acknowledge(handle: WorkflowHandle[Any, Any]) -> ActionResult:
    """Assign the handler, accept and acknowledge: the complaint's response clock starts."""
    await act(handle, "assign_handler", AssignHandlerInput(by="officer", handler=HANDLER))
    await act(handle, "accept", AcceptInput(by="officer"))
    return await act(
        handle,
        "acknowledge",
        AcknowledgeInput(
            by=HANDLER.id,
            definition="The boiler has not been repaired",
            outcomes_sought="Working heating",
            issues=["Boiler repair delay"],
        ),
    )


async def bounded(limit: int, jobs: Iterable[Callable[[], Awaitable[T]]]) -> list[T]:
    """Run the jobs concurrently, at most `limit` at a time; results in order."""
    gate = asyncio.Semaphore(limit)

    async def one(job: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await job()

    return await asyncio.gather(*(one(job) for job in jobs))


def median(values: list[float]) -> float:
    return statistics.median(values)


def mib(n_bytes: int) -> float:
    return n_bytes / (1024 * 1024)
