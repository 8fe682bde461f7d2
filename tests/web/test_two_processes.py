"""Two web processes on one database (issue 10, R-DP-4): real ``python -m web`` processes
(uvicorn) on two loopback ports. A sign-out in one ends the session in the other, wrong
passwords count across both, and ``X-Forwarded-For`` counts for nothing unless it comes
from an address in ``REDRESS_TRUSTED_PROXIES``.

Cookies are carried by hand, as a script replaying a saved cookie would: the session cookie
is Secure outside the dev stack, and these processes serve plain HTTP on loopback.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from devstack.process import free_port
from tests.harness import Complaints
from tests.web.conftest import USERS
from web.limits import SIGN_IN_FAILURES, STATUS_FAILURES
from web.seed import seed_users

ROOT = Path(__file__).resolve().parents[2]
COOKIE = re.compile(r"redress_session=([^;]+)")


class Web:
    """One web process, driven over HTTP with the cookie given by hand."""

    def __init__(self, port: int, process: subprocess.Popen[bytes], log: Path) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.process = process
        self.log = log

    async def request(
        self, method: str, path: str, cookie: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if cookie:
            headers["Cookie"] = f"redress_session={cookie}"
        async with httpx.AsyncClient(base_url=self.base, timeout=10) as client:
            return await client.request(method, path, headers=headers, **kwargs)

    async def visit(self) -> tuple[str, str]:
        """A fresh visitor's cookie and CSRF token."""
        answer = await self.request("GET", "/api/session")
        return cookie_of(answer), answer.json()["csrf_token"]

    async def sign_in(self, email: str, password: str) -> tuple[int, str, str]:
        """The status, the session's cookie and its CSRF token."""
        cookie, token = await self.visit()
        answer = await self.request(
            "POST",
            "/api/session",
            cookie,
            json={"email": email, "password": password},
            headers={"X-CSRF-Token": token},
        )
        if answer.status_code != 200:
            return answer.status_code, "", ""
        return 200, cookie_of(answer), answer.json()["csrf_token"]

    async def look_up(self, reference: str, forwarded_for: str) -> int:
        """One status look-up that finds nothing, claiming to come from ``forwarded_for``."""
        cookie, token = await self.visit()
        answer = await self.request(
            "POST",
            "/status",
            cookie,
            data={"reference": reference, "contact": "ZZ9 9ZZ", "csrf_token": token},
            headers={"X-Forwarded-For": forwarded_for},
        )
        return answer.status_code


def cookie_of(answer: httpx.Response) -> str:
    found = COOKIE.search(answer.headers.get("set-cookie", ""))
    assert found, answer.headers
    return found.group(1)


def reference() -> str:
    return f"CMP-2099-{uuid.uuid4().int % 1_000_000:06d}"


@contextmanager
def web_processes(complaints: Complaints, tmp: Path, count: int, **env: str) -> Iterator[list[Web]]:
    """``count`` web processes on free loopback ports, sharing the test database."""
    environment = {
        **os.environ,
        "REDRESS_ENVIRONMENT": "test",
        "REDRESS_DATABASE_URL": str(complaints.settings.database_url),
        "REDRESS_DATA_DIR": str(tmp / "data"),
        "REDRESS_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",  # lazy: never reached here
        "REDRESS_SECRET_KEY": "two-processes-test-secret-key-of-some-length",
        **env,
    }
    webs = []
    try:
        for _ in range(count):
            port = free_port()
            log = tmp / f"web-{port}.log"
            process = subprocess.Popen(
                [sys.executable, "-m", "web", "--host", "127.0.0.1", "--port", str(port)],
                cwd=ROOT,
                env=environment,
                stdout=log.open("ab"),
                stderr=subprocess.STDOUT,
            )
            webs.append(Web(port, process, log))
        yield webs
    finally:
        for web in webs:
            web.process.terminate()
        for web in webs:
            try:
                web.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                web.process.kill()
                web.process.wait()


async def started(webs: list[Web], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    for web in webs:
        while True:
            try:
                if (await web.request("GET", "/status")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if web.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"web process did not start:\n{web.log.read_text()}")
            await asyncio.sleep(0.25)


@pytest_asyncio.fixture(loop_scope="session")
async def two(complaints: Complaints, tmp_path: Path) -> AsyncIterator[list[Web]]:
    await seed_users(complaints.sessionmaker, tuple(USERS.values()))
    with web_processes(complaints, tmp_path, 2) as webs:
        await started(webs)
        yield webs


async def test_a_sign_out_in_one_process_ends_the_session_in_the_other(two: list[Web]) -> None:
    first, second = two
    user = USERS["officer"]
    status, cookie, token = await first.sign_in(user.email, user.password)
    assert status == 200
    assert (await second.request("GET", "/api/queues", cookie)).status_code == 200

    signed_out = await second.request(
        "DELETE", "/api/session", cookie, headers={"X-CSRF-Token": token}
    )

    assert signed_out.status_code == 204
    assert (await first.request("GET", "/api/queues", cookie)).status_code == 401
    assert (await second.request("GET", "/api/queues", cookie)).status_code == 401
    page = await first.request("GET", "/staff", cookie)
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")


async def test_wrong_passwords_count_across_both_processes(two: list[Web]) -> None:
    first, second = two
    email = f"nobody-{uuid.uuid4().hex[:8]}@test.example"
    answers = []
    for n in range(SIGN_IN_FAILURES):
        answers.append((await two[n % 2].sign_in(email, "guess"))[0])
    assert answers == [401] * SIGN_IN_FAILURES
    assert (await first.sign_in(email, "guess"))[0] == 429
    assert (await second.sign_in(email, "guess"))[0] == 429


async def test_forwarded_for_is_ignored_from_an_address_not_trusted(two: list[Web]) -> None:
    """Every miss counts against 127.0.0.1, whatever the header claims, in both processes."""
    first, second = two
    # Earlier tests may have counted misses from 127.0.0.1 already: a fresh reference each
    # time, so only the client's count can stop the look-ups.
    answers = [
        await two[n % 2].look_up(reference(), f"198.51.100.{n}") for n in range(STATUS_FAILURES)
    ]
    # Misses until the count for 127.0.0.1 reaches the limit, then only waits: the header
    # spread nothing.
    assert answers == sorted(answers) and set(answers) <= {404, 429}
    assert await first.look_up(reference(), "198.51.100.200") == 429
    assert await second.look_up(reference(), "198.51.100.201") == 429


async def test_forwarded_for_is_believed_from_a_trusted_proxy(
    complaints: Complaints, tmp_path: Path
) -> None:
    await seed_users(complaints.sessionmaker, tuple(USERS.values()))
    with web_processes(complaints, tmp_path, 1, REDRESS_TRUSTED_PROXIES="127.0.0.1") as webs:
        await started(webs)
        (behind_proxy,) = webs
        spread = [
            await behind_proxy.look_up(reference(), f"192.0.2.{n}")
            for n in range(STATUS_FAILURES + 2)
        ]
        one_client = [
            await behind_proxy.look_up(reference(), "203.0.113.77") for _ in range(STATUS_FAILURES)
        ]
        stopped = await behind_proxy.look_up(reference(), "203.0.113.77")
        other = await behind_proxy.look_up(reference(), "203.0.113.78")
    assert set(spread) == {404}  # each forwarded address is its own client
    assert set(one_client) == {404}
    assert stopped == 429
    assert other == 404


@pytest.mark.parametrize("value", ["not-an-address", "10.0.0.1,300.1.1.1"])
def test_a_trusted_proxy_setting_that_is_not_an_address_is_refused(value: str) -> None:
    from pydantic import ValidationError

    from settings import Settings

    with pytest.raises(ValidationError, match="is not an IP address or network"):
        Settings(environment="test", trusted_proxies=value)
    assert Settings(environment="test", trusted_proxies=" 10.0.0.1 , 10.1.0.0/16").trusted_proxies
