"""Steps the web tests share: filing a complaint as a resident and reading its state."""

from __future__ import annotations

import re
from typing import Any

from models.complaint import ComplaintState
from tests.harness import Complaints, eventually
from tests.web.conftest import Browser

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
    found = re.search(r'id="filed-reference">([A-Z]{3}-\d{4}-\d{6})<', page)
    assert found, page
    reference = found.group(1)
    complaints.started.append(reference)
    await eventually(lambda: complaints.row(reference), lambda row: row is not None)
    return reference


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


async def whole_queue(client: Any, slug: str) -> str:
    """Every page of a queue one after another: complaints from other tests share the
    queues (the database lives for the whole session), so a test's own row may be on any
    page."""
    pages = [(await client.get(f"/queues/{slug}")).text]
    while 'rel="next"' in pages[-1]:
        pages.append((await client.get(f"/queues/{slug}", params={"page": len(pages) + 1})).text)
    return "".join(pages)
