"""The web app built on the session's time-skipping Temporal server, worker and database,
driven through httpx as a browser would: a cookie jar, forms posted with their CSRF token.

Users: one per role, plus a second handler; the handler ``h.khan`` is also a reviewer, so
the tests can show that someone who handled Stage 1 cannot review it (R-S2-1).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest_asyncio

from tests.harness import Complaints
from web.app import create_app
from web.seed import SeedUser, seed_users
from web.users import Role

PASSWORD = "correct horse battery staple"
USERS = {
    "officer": SeedUser(
        "officer@test.example", "o.bennett", "Olu Bennett", (Role.OFFICER,), PASSWORD
    ),
    "handler": SeedUser(
        "handler@test.example",
        "h.khan",
        "Hana Khan",
        (Role.HANDLER, Role.REVIEWER),
        PASSWORD,
        manager_id="m.osei",
    ),
    "other_handler": SeedUser("jo@test.example", "j.doe", "Jo Doe", (Role.HANDLER,), PASSWORD),
    "reviewer": SeedUser(
        "reviewer@test.example", "r.patel", "Ravi Patel", (Role.REVIEWER,), PASSWORD
    ),
    "manager": SeedUser("manager@test.example", "m.osei", "Mary Osei", (Role.MANAGER,), PASSWORD),
    "governance": SeedUser(
        "governance@test.example", "g.ward", "Gail Ward", (Role.GOVERNANCE,), PASSWORD
    ),
    "admin": SeedUser("admin@test.example", "a.admin", "Ade Admin", (Role.ADMIN,), PASSWORD),
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser:
    """An httpx client with the session cookie, posting forms with the page's CSRF token."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.get(path, **kwargs)

    async def token(self) -> str:
        return (await self.client.get("/api/session")).json()["csrf_token"]

    async def post(self, path: str, data: dict[str, Any], *, csrf: bool = True) -> httpx.Response:
        form = dict(data)
        if csrf:
            form["csrf_token"] = await self.token()
        return await self.client.post(path, data=form)

    async def api(self, path: str, body: Any, *, csrf: bool = True) -> httpx.Response:
        headers = {"X-CSRF-Token": await self.token()} if csrf else {}
        return await self.client.post(path, json=body, headers=headers)

    async def sign_in(self, who: str) -> Browser:
        user = USERS[who]
        response = await self.post("/sign-in", {"email": user.email, "password": user.password})
        assert response.status_code == 303, response.text
        return self


def date_fields(name: str, day: date) -> dict[str, str]:
    """A GOV.UK date input's three fields."""
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


@pytest_asyncio.fixture(loop_scope="session")
async def app(complaints: Complaints) -> Any:
    await seed_users(complaints.sessionmaker, tuple(USERS.values()))
    settings = complaints.settings.model_copy(update={"task_queue": complaints.task_queue})
    app = create_app(settings, complaints.env.client, complaints.sessionmaker, clock=complaints.now)
    # Guessing limits are kept in the database, which outlives a test: each app counts apart.
    for limiter in (app.state.sign_in_limiter, app.state.status_limiter):
        limiter.scope = f"{limiter.scope}-{uuid.uuid4()}"
    return app


@pytest_asyncio.fixture(loop_scope="session")
async def browser(app: Any) -> AsyncIterator[Any]:
    """A factory: ``await browser()`` is a new, signed-out browser; ``await browser("officer")``
    is one signed in with that user."""
    opened: list[httpx.AsyncClient] = []

    async def make(who: str | None = None) -> Browser:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="https://testserver"
        )
        opened.append(client)
        made = Browser(client)
        return await made.sign_in(who) if who else made

    yield make
    for client in opened:
        await client.aclose()
