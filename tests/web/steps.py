"""Steps the web tests share: filing a complaint as a resident, while Temporal answers or
while it is down, and reading its state."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
from sqlalchemy import func, update
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from devstack import free_port
from models.complaint import ComplaintState
from settings import Settings
from store.tables import IntakeSubmission
from tests.harness import Complaints, eventually
from tests.web.conftest import Browser
from web.app import create_app

FILED = re.compile(r'id="filed-reference">([A-Z]{3}-\d{4}-\d{6})<')

RESIDENT = {
    "acting_for": "no",
    "name": "Alex Morgan",
    "email": "alex@example.org",
    "postcode": "LS1 1AA",
    "relationship": "current_resident",
    "tenure": "tenant",
    "service_area": "landlord_services",
    "description": "The boiler has not worked for three weeks.",
    "outcomes_sought": "A working boiler and compensation",
    "contact_by": "email",
}


async def file_complaint(browser: Browser, complaints: Complaints, **changes: Any) -> str:
    """A resident files a complaint on the web form; its reference, once it is recorded."""
    response = await browser.post("/complain", {**RESIDENT, **changes})
    assert response.status_code == 303, response.text
    page = (await browser.get(response.headers["location"])).text
    found = FILED.search(page)
    assert found, page
    reference = found.group(1)
    complaints.started.append(reference)
    await eventually(lambda: complaints.row(reference), lambda row: row is not None)
    return reference


async def file_during_outage(
    app: Any, complaints: Complaints, form: dict[str, Any], settings: Settings | None = None
) -> tuple[str, str, float]:
    """A resident files `form` on the complaint form of a web app whose Temporal client is
    aimed at a port where nothing listens: the reference they are given, the confirmation
    page and how many seconds they waited for it."""
    nowhere = await Client.connect(
        f"127.0.0.1:{free_port()}", data_converter=pydantic_data_converter, lazy=True
    )
    outage = create_app(
        settings or app.state.settings, nowhere, complaints.sessionmaker, clock=complaints.now
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=outage), base_url="https://testserver"
    ) as client:
        resident = Browser(client)
        token = await resident.token()
        began = time.monotonic()
        response = await client.post("/complain", data={**form, "csrf_token": token})
        took = time.monotonic() - began
        assert response.status_code == 303, response.text
        page = (await resident.get("/confirmation")).text
    found = FILED.search(page)
    assert found, page
    reference = found.group(1)
    complaints.started.append(reference)
    return reference, page, took


async def due_now(complaints: Complaints, *references: str) -> None:
    """The kept submissions' next tries fall due now, for the retrier's next round."""
    async with complaints.sessionmaker() as session:
        await session.execute(
            update(IntakeSubmission)
            .where(IntakeSubmission.reference.in_(references))
            .values(next_attempt_at=func.now())
        )
        await session.commit()


async def state(complaints: Complaints, reference: str) -> ComplaintState:
    handle = complaints.env.client.get_workflow_handle(reference)
    return await handle.query("complaint", result_type=ComplaintState)


async def act(browser: Browser, reference: str, update: str, form: dict[str, Any]) -> Any:
    return await browser.post(f"/complaints/{reference}/actions/{update}", form)


def refusal_on(page: str) -> str:
    """The refusal shown beside the form."""
    found = re.search(r'id="action-refused">.*?</span>\s*(.*?)</p>', page, re.S)
    assert found, "no refusal beside the form"
    return found.group(1).strip()


async def every_page(client: Any, path: str, **filters: str) -> list[str]:
    """Every page of a paged list at `path` (under its `filters`), first to last, as a
    person follows its ``rel="next"`` link: rows from other tests share the lists (the
    database lives for the whole session), so a test's own row may be on any page."""
    pages: list[str] = []
    while not pages or 'rel="next"' in pages[-1]:
        params = {**filters, "page": str(len(pages) + 1)}
        pages.append((await client.get(path, params=params)).text)
    return pages


async def whole_queue(client: Any, slug: str, **filters: str) -> str:
    """Every page of a work queue (under its `filters`) in one text."""
    return "".join(await every_page(client, f"/queues/{slug}", **filters))


async def whole_api_queue(client: Any, slug: str) -> list[dict[str, Any]]:
    """Every row of a queue through the API, page after page until one comes back empty:
    complaints from other tests share the queues, so a test's own row may be on any page."""
    rows: list[dict[str, Any]] = []
    page = 1
    while found := (await client.get(f"/api/queues/{slug}", params={"page": page})).json():
        rows += found
        page += 1
    return rows
