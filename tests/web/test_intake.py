"""A resident's submission is kept in PostgreSQL with its reference before its workflow is
started, and nothing a form refuses takes a reference (issue 8, findings 3 and 7; R-INT-1).

Real parts: the web app on the session's PostgreSQL and time-skipping Temporal server; the
outage is a Temporal client aimed at a port where nothing listens.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from intake.retrier import start_waiting
from intake.service import try_start
from store.tables import IntakeSubmission, ReferenceCounter
from tests.harness import Complaints
from tests.web.steps import RESIDENT, due_now, file_complaint, file_during_outage
from workflows.inputs import StartComplaint


async def submission(complaints: Complaints, reference: str) -> IntakeSubmission | None:
    async with complaints.sessionmaker() as session:
        return await session.get(IntakeSubmission, reference)


async def taken(complaints: Complaints) -> tuple[int, int]:
    """How many references were ever given out, and how many submissions are kept."""
    async with complaints.sessionmaker() as session:
        numbers = await session.scalar(
            select(func.coalesce(func.sum(ReferenceCounter.last_value), 0))
        )
        kept = await session.scalar(select(func.count()).select_from(IntakeSubmission))
    return int(numbers or 0), int(kept or 0)


async def test_r_int_1_a_complaint_is_kept_with_its_reference_and_started(
    browser: Any, complaints: Complaints
) -> None:
    """The submission is in PostgreSQL under the reference the resident is given, with the
    workflow's whole start input, and marked started once its workflow exists."""
    resident = await browser()
    reference = await file_complaint(resident, complaints)
    kept = await submission(complaints, reference)
    assert kept is not None
    assert kept.kind == "complaint"
    assert kept.started_at is not None and kept.attempts == 1 and kept.last_error is None
    start = StartComplaint.model_validate(kept.start)
    assert start.intake.reference == reference
    assert start.intake.description == RESIDENT["description"]
    described = await complaints.env.client.get_workflow_handle(reference).describe()
    assert described.id == reference


async def test_issue_8_finding_3_an_oversized_complaint_is_refused_beside_each_field(
    browser: Any, complaints: Complaints
) -> None:
    """Three 900 KB fields: a 422 naming each field, nothing kept, no reference taken."""
    before = await taken(complaints)
    resident = await browser()
    huge = "x" * 900_000
    page = await resident.post(
        "/complain", {**RESIDENT, "description": huge, "outcomes_sought": huge, "address": huge}
    )
    assert page.status_code == 422, page.text[:500]
    for name in ("description", "outcomes_sought", "address"):
        assert f'id="{name}-error"' in page.text, name
    assert "must be 10,000 characters or fewer (it has 900,000)" in page.text
    assert await taken(complaints) == before


async def test_issue_8_finding_1_a_nul_in_a_complaint_is_refused_and_takes_no_reference(
    browser: Any, complaints: Complaints
) -> None:
    """Boiler\\x00broken is refused beside the description, and the name's NUL beside the name."""
    before = await taken(complaints)
    resident = await browser()
    page = await resident.post(
        "/complain", {**RESIDENT, "description": "Boiler\x00broken", "name": "Alex\x00Morgan"}
    )
    assert page.status_code == 422
    assert 'id="description-error"' in page.text and 'id="name-error"' in page.text
    assert "null character" in page.text
    assert await taken(complaints) == before


async def test_a_nul_or_oversized_compliment_is_refused_and_takes_no_reference(
    browser: Any, complaints: Complaints
) -> None:
    before = await taken(complaints)
    resident = await browser()
    for changes in ({"description": "Thanks\x00"}, {"name": "A" * 201}):
        form = {"kind": "compliment", "name": "Alex", "description": "Thank you.", **changes}
        page = await resident.post("/feedback", form)
        assert page.status_code == 422
        (name,) = changes
        assert f'id="{name}-error"' in page.text, name
    assert await taken(complaints) == before


async def test_issue_8_finding_7_with_temporal_unreachable_the_resident_still_gets_a_reference(
    app: Any, complaints: Complaints
) -> None:
    """The web app's Temporal client points at a closed port: the resident is told within
    two seconds that the complaint is received, under a reference, and it is kept; once
    Temporal answers, the retrier starts exactly one workflow for it."""
    reference, page, took = await file_during_outage(app, complaints, RESIDENT)
    assert took < 2, f"the resident waited {took:.1f} s"
    assert 'id="kept"' in page and "nothing you told us will be lost" in page

    kept = await submission(complaints, reference)
    assert kept is not None and kept.started_at is None
    assert kept.attempts == 1 and kept.last_error
    assert kept.next_attempt_at > kept.received_at  # backed off, not tried again at once

    # Temporal answers again: the retrier's next round finds it due and starts it.
    await due_now(complaints, reference)
    task_queue = app.state.settings.task_queue
    rounds = await start_waiting(complaints.sessionmaker, complaints.env.client, task_queue)
    assert any(r.reference == reference and r.started for r in rounds)
    kept = await submission(complaints, reference)
    assert kept is not None and kept.started_at is not None and kept.attempts == 2

    # A second start of the same submission is refused by Temporal and counts as started.
    start = StartComplaint.model_validate(kept.start)
    again = await try_start(
        complaints.sessionmaker,
        complaints.env.client,
        start,
        task_queue,
        attempts=3,
        wait=timedelta(seconds=5),
    )
    assert again.started and again.run_id is None
    first = await complaints.env.client.get_workflow_handle(reference).describe()
    assert first.run_id is not None
