"""Complaints brought to a point quickly, through the same forms posted over HTTP (the web
tests' client), so a browser test can start where its story starts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from models.qa import QaSampleRun
from tests.delivery.test_lifecycle import opened, response
from tests.harness import Complaints, eventually
from tests.web.steps import act, file_complaint
from workflows.qa import QaSampleWorkflow

ACKNOWLEDGE = {
    "definition": "The boiler was not repaired for three weeks",
    "outcomes_sought": "A working boiler",
    "issues": "Boiler repair delay",
}
RESPOND = {
    "definition": "The boiler was not repaired for three weeks",
    "decision-1": "not_upheld",
    "reasons-1": "The engineer came within our target",
    "reasons": "Our repairs policy sets a 3 day target for loss of heating.",
}


async def _done(response: Any, what: str) -> None:
    assert response.status_code == 303, (what, response.status_code, response.text[-2000:])


async def received(http: Any, complaints: Complaints) -> str:
    """Filed by a resident on the form, awaiting acceptance."""
    return await file_complaint(await http(), complaints)


async def acknowledged(http: Any, complaints: Complaints) -> str:
    """Assigned to h.khan, accepted and acknowledged with one issue: open at Stage 1."""
    reference = await received(http, complaints)
    officer = await http("officer")
    for update, form in (
        ("assign_handler", {"handler": "h.khan"}),
        ("accept", {}),
        ("acknowledge", ACKNOWLEDGE),
    ):
        await _done(await act(officer, reference, update, form), update)
    return reference


async def responded(http: Any, complaints: Complaints) -> str:
    """Answered at Stage 1 by h.khan: closed, and open to escalation."""
    reference = await acknowledged(http, complaints)
    handler = await http("handler")
    await _done(await act(handler, reference, "submit_response", RESPOND), "submit_response")
    await eventually(lambda: complaints.row(reference), lambda row: row.status == "closed")
    return reference


async def escalated(http: Any, complaints: Complaints) -> str:
    """The resident asked for Stage 2 on the status page."""
    reference = await responded(http, complaints)
    resident = await http()
    page = await resident.post("/status", {"reference": reference, "contact": "LS1 1AA"})
    assert 'id="escalate-form"' in page.text, page.text[-2000:]
    page = await resident.post(
        "/status/escalate", {"reference": reference, "reasons": "I disagree"}
    )
    assert 'id="escalated"' in page.text, page.text[-2000:]
    await eventually(
        lambda: complaints.row(reference), lambda row: row.status == "escalation_requested"
    )
    return reference


@dataclass(frozen=True)
class Sampled:
    """What the governance pages have to show: a closed complaint and the month's sample."""

    reference: str  # closed with its Stage 1 response
    today: date
    month: str  # this month, as the quality sample names it (2026-11)
    sampled: str  # the first complaint drawn for the month's quality sample
    period: str  # this month to today, as a report's query


async def closed_and_sampled(complaints: Complaints) -> Sampled:
    """A complaint responded to and closed, then this month's quality sample drawn (R-RPT-3)."""
    handle = await opened(complaints)
    await complaints.act(handle, "submit_response", response())
    await eventually(lambda: complaints.row(handle.id), lambda row: row.status == "closed")
    today = await complaints.today()
    month = f"{today:%Y-%m}"
    drawn = await complaints.env.client.execute_workflow(
        QaSampleWorkflow.run,
        QaSampleRun(month=month),
        id=f"qa-{uuid.uuid4()}",
        task_queue=complaints.task_queue,
    )
    period = f"from={today.replace(day=1).isoformat()}&to={today.isoformat()}"
    return Sampled(handle.id, today, month, drawn.sampled[0], period)
