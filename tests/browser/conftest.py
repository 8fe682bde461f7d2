"""The web app served by uvicorn on a free loopback port and driven by headless Chromium.

The app is built on the session's time-skipping Temporal server, worker and database (the
fixtures of ``tests/conftest.py``), with the web tests' users (``tests/web/conftest.py``),
and served on the session's event loop, so the browser, the app and the worker share one
clock. Chromium is Debian's ``chromium`` package, driven by the ``playwright`` wheel with
``executable_path``: no browser is ever downloaded.

Without Chromium (or the playwright package, or axe-core in ``node_modules``) the browser
tests are skipped with the reason, except in CI (``CI`` set), where they fail: a CI run
must not pass without them.

``screenshots``  saves a full-page screenshot of each page a test visits, under
                 ``test-output/screenshots/<test>/<nn>-<page>.png``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import uvicorn

from tests.harness import Complaints
from tests.web.conftest import USERS, Browser
from web.app import create_app
from web.seed import seed_users

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("REDRESS_CHROMIUM", "/usr/bin/chromium"))
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"
# Headless, and quiet: without the background-networking flags Chromium reaches for
# Google's services, which a closed network turns into slow failures.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(what: str) -> None:
    """Fail in CI, skip elsewhere, saying what is missing and how to get it."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {what}", pytrace=False)
    pytest.skip(f"browser tests skipped: {what}")


class LiveServer(uvicorn.Server):
    """uvicorn on the test session's loop. Signals stay with pytest: Ctrl-C stops the run."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def base_url(_complaints_session: Complaints) -> AsyncIterator[str]:
    """The web app at ``http://127.0.0.1:<free port>``, for the whole session.

    Cookies are not marked Secure: the app is served over plain HTTP on loopback, as in
    the dev stack.
    """
    complaints = _complaints_session
    await seed_users(complaints.sessionmaker, tuple(USERS.values()))
    settings = complaints.settings.model_copy(update={"task_queue": complaints.task_queue})
    app = create_app(
        settings,
        complaints.env.client,
        complaints.sessionmaker,
        clock=complaints.now,
        secure_cookies=False,
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = LiveServer(uvicorn.Config(app, lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if serving.done():
            serving.result()  # raises what stopped it
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
        sock.close()


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's chromium, and the playwright package to drive it, or the reason they are not
    here (a skip, or in CI a failure)."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} not found; install Debian's package: apt-get install chromium")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing("the playwright package is not installed: pip install -e '.[dev]'")
    return CHROMIUM


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def chromium(chromium_path: Path) -> AsyncIterator[Any]:
    """Headless Chromium from Debian's package, launched once for the session (Playwright
    gives each launch a fresh, temporary user data dir)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture(scope="session")
def signed_in_cookies() -> dict[str, Any]:
    """Each user's cookies once they have signed in on the form, to open more windows as
    them without signing in again."""
    return {}


@pytest_asyncio.fixture(loop_scope="session")
async def people(
    chromium: Any, base_url: str, signed_in_cookies: dict[str, Any]
) -> AsyncIterator[Any]:
    """A factory: ``await people()`` is a new browser window (its own cookies) signed out;
    ``await people("officer", screenshots)`` is one signed in on the sign-in page as that
    user, now on the page the sign-in led to, the two pages photographed. Without
    ``screenshots``, a user who signed in before gets a window with their cookies."""
    opened: list[Any] = []

    async def make(who: str | None = None, shots: Screenshots | None = None, **options: Any) -> Any:
        if who and not shots and who in signed_in_cookies:
            options["storage_state"] = signed_in_cookies[who]
        context = await chromium.new_context(
            base_url=base_url, viewport={"width": 1280, "height": 900}, **options
        )
        context.set_default_timeout(20_000)
        opened.append(context)
        page = await context.new_page()
        if who and "storage_state" not in options:
            user = USERS[who]
            await page.goto("/sign-in")
            if shots:
                await shots.take(page, "sign-in")
            await page.get_by_label("Email address").fill(user.email)
            await page.get_by_label("Password").fill(user.password)
            async with page.expect_navigation():
                await page.click("#sign-in")
            assert await page.locator("#signed-in-as").count() == 1, await page.content()
            if shots:
                await shots.take(page, "work-queues" if page.url.endswith("/staff") else "home")
            signed_in_cookies[who] = await context.storage_state()
        return page

    yield make
    for context in opened:
        await context.close()


@pytest_asyncio.fixture(loop_scope="session")
async def http(base_url: str) -> AsyncIterator[Any]:
    """The web tests' form-posting client against the live server, to set a scene fast:
    ``await http("officer")``."""
    opened: list[httpx.AsyncClient] = []

    async def make(who: str | None = None) -> Browser:
        client = httpx.AsyncClient(base_url=base_url, timeout=30)
        opened.append(client)
        made = Browser(client)
        return await made.sign_in(who) if who else made

    yield make
    for client in opened:
        await client.aclose()


class Screenshots:
    """Numbered full-page screenshots of the pages a test visits."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.taken: list[Path] = []

    async def take(self, page: Any, name: str) -> Path:
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        await page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Screenshots:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    folder = SCREENSHOTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Screenshots(folder)


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.exists():
        missing(f"{AXE.relative_to(REPO_ROOT)} not found; run npm install (python3 dev.py does)")
    return AXE
