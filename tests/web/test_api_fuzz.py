"""The JSON API fuzzed against its own OpenAPI document (issue 8, "How it is checked").

Schemathesis reads ``/api/openapi.json`` from the app served by uvicorn on a loopback port
(on the real database and Temporal test server) and sends generated requests, valid and
invalid, NUL characters included: once signed in as a manager, with every complaint path on
a real complaint, and once as nobody. No answer may be a 5xx, and every answer must be one
the document declares for its route (401, 403, 404, 409, 422, 429 as they apply), with the
declared content type and body. Bounded to about a minute in all.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import httpx
import pytest
import pytest_asyncio
import uvicorn

from tests.web.conftest import USERS
from web.app import create_app
from web.security import CSRF_HEADER, SESSION_COOKIE

SECONDS_PER_RUN = 25
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    )
)


@pytest_asyncio.fixture(loop_scope="session")
async def served(app: Any, complaints: Any) -> AsyncIterator[str]:
    """The web app on uvicorn at a free loopback port, in this event loop; its base URL."""
    fuzzed = create_app(
        complaints.settings.model_copy(update={"task_queue": complaints.task_queue}),
        complaints.env.client,
        complaints.sessionmaker,
        clock=complaints.now,
        secure_cookies=False,  # plain HTTP on loopback
    )
    server = uvicorn.Server(
        uvicorn.Config(fuzzed, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    serving = asyncio.create_task(server.serve())
    for _ in range(200):  # up to 10 s
        if server.started:
            break
        await asyncio.sleep(0.05)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


async def session_of(base_url: str, who: str | None) -> tuple[str, str]:
    """The session cookie and CSRF token of a new session, signed in as ``who`` or nobody."""
    async with httpx.AsyncClient(base_url=base_url) as client:
        token = (await client.get("/api/session")).json()["csrf_token"]
        if who is not None:
            user = USERS[who]
            body = {"email": user.email, "password": user.password}
            signed_in = await client.post("/api/session", json=body, headers={CSRF_HEADER: token})
            assert signed_in.status_code == 200, signed_in.text
            token = signed_in.json()["csrf_token"]
        return client.cookies[SESSION_COOKIE], token


async def fuzz(base_url: str, who: str | None, config: Path) -> None:
    cookie, token = await session_of(base_url, who)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "--no-color",
        "run",
        f"{base_url}/api/openapi.json",
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing",
        "--max-time",
        str(SECONDS_PER_RUN),
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--seed",
        "8",
        "--generation-database",
        "none",
        "--header",
        f"Cookie: {SESSION_COOKIE}={cookie}",
        "--header",
        f"{CSRF_HEADER}: {token}",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=config.parent,  # its cache (.schemathesis/) stays out of the working tree
    )
    output, _ = await process.communicate()
    report = output.decode(errors="replace")
    assert process.returncode == 0, f"signed in as {who or 'nobody'}:\n{report[-12_000:]}"


@pytest.mark.timeout(240)
async def test_the_api_answers_every_generated_request_as_its_document_says(
    served, complaints, tmp_path
) -> None:
    """No 5xx and no undeclared status, content type or body, as a manager (on a real
    complaint) and as nobody."""
    handle = await complaints.log()
    on_a_complaint = tmp_path / "manager.toml"
    on_a_complaint.write_text(f'[parameters]\n"path.reference" = "{handle.id}"\n')
    anywhere = tmp_path / "nobody.toml"
    anywhere.write_text("")
    try:
        await fuzz(served, "manager", on_a_complaint)
        await fuzz(served, None, anywhere)
    finally:
        await end_fuzzed(complaints)


async def end_fuzzed(complaints: Any) -> None:
    """End the fuzzed complaint without the harness's check that every letter was written:
    generated text may hold characters no letter font can show, and such a letter is kept as
    undeliverable with the reason in words (by design), which that check takes for a
    template error."""

    async def letters_not_checked(references: list[str]) -> None:
        return None

    with patch.object(complaints, "assert_letters_written", letters_not_checked):
        await complaints.terminate_started()
    complaints.started = []
