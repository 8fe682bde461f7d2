"""The web app as the web benchmark (`bench.web`) runs it, and staff asking it for pages.

The app is ``python -m web`` in a process of its own on a free loopback port, as the dev
stack runs it (plain HTTP), its output in web.log. Each member of staff is an httpx client
with their own session cookie, signed in through the sign-in form as a browser is; `load`
has them all ask for pages at once and gives the latency of every request.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from devstack.process import free_port
from web.seed import SeedUser
from web.users import Role

REPO_ROOT = Path(__file__).resolve().parent.parent
# Every member of staff asking for pages signs in as this manager, each with a session.
STAFF = SeedUser("manager@bench.example", "m.osei", "Mary Osei", (Role.MANAGER,), "bench-pw-1234")


def serve(
    workdir: Path, database_url: str, temporal: str, task_queue: str
) -> tuple[subprocess.Popen[bytes], str]:
    """``python -m web`` on a free port, as the dev stack runs it (plain HTTP on loopback);
    the process and its address."""
    port = free_port()
    env = {
        **os.environ,
        "REDRESS_ENVIRONMENT": "dev",
        "REDRESS_DATA_DIR": str(workdir),
        "DATABASE_URL": database_url,
        "REDRESS_TEMPORAL_ADDRESS": temporal,
        "REDRESS_TASK_QUEUE": task_queue,
    }
    with (workdir / "web.log").open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "web",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    return process, f"http://127.0.0.1:{port}"


async def wait_until_up(base_url: str, process: subprocess.Popen[bytes], workdir: Path) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        for _ in range(300):
            if process.poll() is not None:
                raise SystemExit(f"the web app stopped:\n{(workdir / 'web.log').read_text()}")
            try:
                if (await client.get("/sign-in")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the web app did not start in 30 s")


async def signed_in(base_url: str) -> httpx.AsyncClient:
    """A member of staff's own session: the sign-in form, as the browser sends it."""
    client = httpx.AsyncClient(base_url=base_url, timeout=60)
    token = (await client.get("/api/session")).json()["csrf_token"]
    form = {"email": STAFF.email, "password": STAFF.password, "csrf_token": token}
    response = await client.post("/sign-in", data=form)
    assert response.status_code == 303, response.text
    return client


async def load(
    clients: Sequence[httpx.AsyncClient], paths: Sequence[str], each: int
) -> tuple[list[float], float]:
    """Every client asks for `each` pages one after another (cycling through `paths`), all
    clients at once; the latency of each request in ms."""

    async def user(n: int, client: httpx.AsyncClient) -> list[float]:
        times = []
        for i in range(each):
            path = paths[(n * each + i) % len(paths)]
            started = time.perf_counter()
            response = await client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        return times

    for client in clients:  # warm each connection, the app's caches and PostgreSQL's plans
        await client.get(paths[0])
    started = time.perf_counter()
    results = await asyncio.gather(*(user(n, c) for n, c in enumerate(clients)))
    elapsed = time.perf_counter() - started
    times = [t for result in results for t in result]
    return times, len(times) / elapsed
