"""The web app's pages under load: a work queue and a complaint's page, 20 staff at once.

``python -m bench.web [--complaints N] [--workflows W] [--users U] [--requests R]``
fills the read model of a fresh embedded PostgreSQL with N open complaints (as
``bench.store`` does, with ``generate_series``), starts W real complaint workflows
(logged and acknowledged) on the time-skipping test server with the production worker in
this process, and serves the web app (``python -m web``) in a process of its own on a
free loopback port. U signed-in staff (httpx, each with its own session cookie) then ask,
R times each and all at once:

- a static asset and the signed-in session (``/api/session``): the baselines, the cost of
  the server, the session cookie and the user's row;
- the overdue queue (the 50 soonest of about N/3 overdue complaints, read from the read
  model and rendered) and the work-queue overview (the size of each of the 7 queues);
- a complaint's page, one of the W in turn: the workflow's ``complaint`` query, its events
  and letters from PostgreSQL, rendered.

Goal: p95 under 150 ms for the queue page and the complaint page. Figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import text
from temporalio.testing import WorkflowEnvironment

from activities import ComplaintActivities
from bench.common import (
    Database,
    acknowledge,
    bounded,
    embedded_database,
    log,
    running,
    time_skipping_server,
)
from bench.store import FILL, p95
from bench.web_app import STAFF, load, serve, signed_in, wait_until_up
from devstack.mail import MailDirectoryHandler
from devstack.process import free_port
from rules.calendar import local_date
from settings import Settings
from store.db import Sessionmaker
from web.engine import complaint_state
from web.seed import seed_users
from worker import build_worker

GOAL_MS = 150.0
# The filled rows take references of a year no real complaint here has.
FILL_ROWS = FILL.replace("'CMP-2027-'", "'CMP-1999-'")


async def fill(sessionmaker: Sessionmaker, count: int, today: date) -> float:
    started = time.perf_counter()
    async with sessionmaker() as session:
        await session.execute(text(FILL_ROWS), {"count": count, "today": today})
        await session.commit()
        await session.execute(text("ANALYZE complaints"))
        await session.commit()
    return time.perf_counter() - started


async def complaints_acknowledged(
    env: WorkflowEnvironment, database: Database, task_queue: str, today: date, count: int
) -> list[str]:
    """`count` real complaints, logged and acknowledged: their references."""
    started = time.perf_counter()
    logging = [partial(log, env.client, database, task_queue, today) for _ in range(count)]
    handles = await bounded(10, logging)
    await bounded(10, [partial(acknowledge, handle) for handle in handles])
    seconds = time.perf_counter() - started
    print(f"  {count} complaints logged and acknowledged in {seconds:.1f} s")
    return [handle.id for handle in handles]


async def main_async(complaints: int, workflows: int, users: int = 20, requests: int = 25) -> None:
    print(f"Web pages, {complaints:,} open complaints, {workflows} workflows, {users} users")
    with tempfile.TemporaryDirectory(prefix="redress-bench-") as folder:
        workdir = Path(folder)
        # The letters the workflows send go to a mail sink in this process.
        sink = Controller(
            MailDirectoryHandler(workdir / "mail"), hostname="127.0.0.1", port=free_port()
        )
        sink.start()
        try:
            async with embedded_database(workdir) as database, time_skipping_server() as env:
                settings = Settings(
                    environment="test",
                    database_url=database.url,
                    data_dir=workdir,
                    smtp_host="127.0.0.1",
                    smtp_port=sink.port,
                )
                task_queue = "bench-web"
                activities = ComplaintActivities(database.sessionmaker, settings)
                async with running(build_worker(env.client, activities, task_queue)):
                    today = local_date(await env.get_current_time())
                    seconds = await fill(database.sessionmaker, complaints, today)
                    print(f"  filled the read model in {seconds:.1f} s")
                    references = await complaints_acknowledged(
                        env, database, task_queue, today, workflows
                    )
                    await state_reads(env.client, database.sessionmaker, references)
                    await seed_users(database.sessionmaker, (STAFF,))
                    target = env.client.service_client.config.target_host
                    process, base_url = serve(workdir, database.url, target, task_queue)
                    try:
                        await wait_until_up(base_url, process, workdir)
                        await measure(base_url, references, users, requests)
                    finally:
                        process.terminate()
                        process.wait(timeout=30)
        finally:
            sink.stop()


async def state_reads(
    client: Any, sessionmaker: Sessionmaker, references: list[str], rounds: int = 10
) -> None:
    """The complaint page's read, before and after pages read the store (issue 9): the
    workflow's `complaint` query (a worker round trip, and a replay when the workflow is not
    cached) against the state the workflow last recorded in PostgreSQL."""
    before: list[float] = []
    after: list[float] = []
    for _ in range(rounds):
        for reference in references:
            started = time.perf_counter()
            await complaint_state(client, reference)
            before.append((time.perf_counter() - started) * 1000)
            async with sessionmaker() as db:
                started = time.perf_counter()
                await complaint_state(client, reference, db)
                after.append((time.perf_counter() - started) * 1000)
    b, a = statistics.median(before), statistics.median(after)
    print(
        f"  the complaint page's read, one at a time ({len(before)} reads): before, the "
        f"workflow's query: median {b:.2f} ms, p95 {p95(before):.2f} ms; after, the recorded "
        f"state in PostgreSQL: median {a:.2f} ms, p95 {p95(after):.2f} ms ({a / b:.2f}x)",
        flush=True,
    )


async def measure(base_url: str, references: list[str], users: int, requests: int) -> None:
    clients = [await signed_in(base_url) for _ in range(users)]
    try:
        static = "/assets/images/favicon.ico"
        if (await clients[0].get(static)).status_code != 200:  # no npm: no assets mounted
            static = "/sign-in"
        pages = {
            f"baseline: static asset ({static})": [static],
            "baseline: signed-in session (/api/session)": ["/api/session"],
            "queue page (/queues/overdue, 50 rows)": ["/queues/overdue"],
            "work-queue overview (/staff, 7 counts)": ["/staff"],
            f"complaint page (/complaints/<ref>, {len(references)} workflows)": [
                f"/complaints/{reference}" for reference in references
            ],
        }
        print(f"  {users} users at once, {requests} pages each (1 user alone in brackets):")
        base = None
        for name, paths in pages.items():
            alone, _ = await load(clients[:1], paths, requests)
            times, rate = await load(clients, paths, requests)
            median = statistics.median(times)
            base = base or median
            goal = ""
            if not name.startswith("baseline"):
                verdict = "meets" if p95(times) < GOAL_MS else "MISSES"
                goal = f"; {verdict} the {GOAL_MS:.0f} ms goal"
            print(
                f"  {name}: median {median:.1f} ms, p95 {p95(times):.1f} ms, {rate:.0f} pages/s "
                f"({median / base:.1f}x the static baseline{goal}) "
                f"[alone: median {statistics.median(alone):.1f} ms, p95 {p95(alone):.1f} ms]",
                flush=True,
            )
    finally:
        for client in clients:
            await client.aclose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__)
    parser.add_argument("--complaints", type=int, default=10_000)
    parser.add_argument("--workflows", type=int, default=40)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="pages each user asks for")
    args = parser.parse_args(argv)
    asyncio.run(main_async(args.complaints, args.workflows, args.users, args.requests))


if __name__ == "__main__":
    main()
