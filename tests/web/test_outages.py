"""Issue 8, finding 7 (the web's part): when Temporal or PostgreSQL is down, staff and
residents get a GOV.UK page (or, under /api, a JSON sentence) saying what happened and to try
again in a few minutes, with status 503, within 2 seconds; never a bare text/plain 500. And
anything unexpected is a GOV.UK "Sorry, there is a problem with the service" page."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio

from devstack.process import find_executable
from store.db import make_engine, make_sessionmaker
from tests.web.conftest import Browser
from web.app import create_app
from web.engine import connect

GOVUK = 'class="govuk-template"'
TRY_AGAIN = "Try again in a few minutes."
WITHIN = 2.0  # seconds


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser_on(app: Any, cookies: httpx.Cookies | None = None) -> Browser:
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="https://testserver",
        cookies=cookies,
    )
    return Browser(client)


async def timed(request: Any) -> httpx.Response:
    started = time.monotonic()
    response = await request
    elapsed = time.monotonic() - started
    assert elapsed < WITHIN, f"{elapsed:.1f} s"
    return response


def assert_unavailable_page(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert GOVUK in response.text and "Sorry, the service is unavailable" in response.text
    assert TRY_AGAIN in response.text


def assert_unavailable_json(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"].endswith(TRY_AGAIN)


async def app_without_temporal(complaints: Any, address: str) -> Any:
    settings = complaints.settings.model_copy(
        update={"task_queue": complaints.task_queue, "temporal_address": address}
    )
    client = await connect(settings)
    return create_app(settings, client, complaints.sessionmaker, clock=complaints.now)


async def test_temporal_unreachable_is_a_503_page_within_two_seconds(app, complaints) -> None:
    """The web app starts with Temporal's address on a closed port (its client is lazy); a
    complaint's page, an action and the API each say the service is unavailable."""
    down = await app_without_temporal(complaints, f"127.0.0.1:{closed_port()}")
    manager = await browser_on(down).sign_in("manager")  # the database still answers
    reference = "CMP-1999-000001"
    assert_unavailable_page(await timed(manager.get(f"/complaints/{reference}")))
    token = await manager.token()
    action = manager.client.post(
        f"/complaints/{reference}/actions/accept", data={"csrf_token": token}
    )
    assert_unavailable_page(await timed(action))
    assert_unavailable_json(await timed(manager.get(f"/api/complaints/{reference}")))
    # Pages that need only the database still work.
    assert (await manager.get("/staff")).status_code == 200


@pytest_asyncio.fixture(loop_scope="session")
async def temporal_server() -> AsyncIterator[tuple[str, asyncio.subprocess.Process]]:
    """A Temporal (test) server of this test's own, to be stopped by the test."""
    port = closed_port()
    server = await asyncio.create_subprocess_exec(
        str(find_executable("temporal-test-server")),
        str(port),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            except OSError:
                await asyncio.sleep(0.1)
        yield f"127.0.0.1:{port}", server
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()


async def test_temporal_stopped_after_the_app_connected_is_a_503_within_two_seconds(
    app, complaints, temporal_server
) -> None:
    """Temporal answering, then stopped: the client's retries are bounded, so the page comes
    at once instead of after ten seconds of retrying."""
    address, server = temporal_server
    down = await app_without_temporal(complaints, address)
    manager = await browser_on(down).sign_in("manager")
    found = await manager.get("/api/complaints/CMP-1999-000001")
    assert found.status_code == 404, found.text  # connected: the server says there is none
    server.kill()
    await server.wait()
    assert_unavailable_page(await timed(manager.get("/complaints/CMP-1999-000001")))
    assert_unavailable_json(await timed(manager.get("/api/complaints/CMP-1999-000001")))


async def test_postgresql_unreachable_is_a_503_page_within_two_seconds(app, complaints) -> None:
    """The database URL on a closed port: staff pages, the resident's status page and the API
    sign-in each say the service is unavailable."""
    signed_in = await browser_on(app).sign_in("manager")  # a session made while all was well
    engine = make_engine(
        f"postgresql+asyncpg://redress:redress@127.0.0.1:{closed_port()}/redress",
        connect_args={"timeout": 1},
    )
    try:
        down = create_app(
            complaints.settings,
            complaints.env.client,
            make_sessionmaker(engine),
            clock=complaints.now,
        )
        manager = browser_on(down, signed_in.client.cookies)
        assert_unavailable_page(await timed(manager.get("/staff")))
        assert_unavailable_page(await timed(manager.get("/queues/overdue")))
        resident = browser_on(down)
        status = resident.post("/status", {"reference": "CMP-1999-000001", "contact": "LS1 1AA"})
        assert_unavailable_page(await timed(status))
        api = resident.api("/api/session", {"email": "a@test.example", "password": "guess"})
        assert_unavailable_json(await timed(api))
        # A page that needs neither still answers.
        assert (await resident.get("/complain")).status_code == 200
    finally:
        await engine.dispose()


async def test_an_unexpected_error_is_a_govuk_sorry_page_not_text(complaints) -> None:
    """Anything unforeseen: 500 with the GOV.UK "Sorry, there is a problem" page (or JSON)."""
    broken = create_app(complaints.settings, complaints.env.client, complaints.sessionmaker)

    async def fails() -> None:
        raise ZeroDivisionError("a bug")

    broken.add_api_route("/staff/broken", fails)
    broken.add_api_route("/api/broken", fails)
    visitor = browser_on(broken)
    page = await visitor.get("/staff/broken")
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert GOVUK in page.text and "Sorry, there is a problem with the service" in page.text
    assert "a bug" not in page.text
    api = await visitor.get("/api/broken")
    assert api.status_code == 500 and "Try again later" in api.json()["detail"]


async def test_a_complaints_page_reads_the_store_and_shows_while_temporal_is_down(
    app, complaints, browser
) -> None:
    """Issue 9, "pages read the read model" (STYLE 17): the complaint page and the API's GET
    read the state the workflow last recorded in PostgreSQL, so they answer with Temporal
    down; only actions need the workflow, and they say it is unavailable."""
    from tests.web.steps import file_complaint

    reference = await file_complaint(await browser(), complaints)
    down = await app_without_temporal(complaints, f"127.0.0.1:{closed_port()}")
    manager = await browser_on(down).sign_in("manager")
    page = await timed(manager.get(f"/complaints/{reference}"))
    assert page.status_code == 200, page.text
    assert f'id="reference">{reference}<' in page.text
    found = await timed(manager.get(f"/api/complaints/{reference}"))
    assert found.status_code == 200 and found.json()["reference"] == reference
    token = await manager.token()
    action = manager.client.post(
        f"/complaints/{reference}/actions/accept", data={"csrf_token": token}
    )
    assert_unavailable_page(await timed(action))
