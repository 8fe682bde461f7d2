"""The tracker scenario behind tracker histories: an outstanding action in a Stage 1
response, the resident updated on time, progress from the handler (twice at once), the
item overdue and the manager told, then completed (R-REM-3)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from temporalio.client import WorkflowHandle

from models.messages import RecordProgressInput
from models.stages import OutstandingAction
from tests.harness import HANDLER, Complaints
from tests.workflows.test_stage_one import answer, opened
from workflows.inputs import TrackerResult


async def run_tracker_scenario(complaints: Complaints) -> WorkflowHandle:
    """Returns the tracker's handle, once it has finished."""
    handle = await opened(complaints)
    today = await complaints.today()
    due = complaints.cal(today).add_working_days(today, 12)
    action = OutstandingAction(what="Replace the boiler", due=due)
    await complaints.act(handle, "submit_response", answer(actions=[action]))
    await complaints.advance_to_day(complaints.cal(today).add_working_days(today, 10), hour=10)
    await asyncio.gather(
        *(
            complaints.latest(handle).execute_update(
                "record_progress", RecordProgressInput(by=HANDLER.id, item_id="1", note=note)
            )
            for note in ("Boiler ordered", "Fitter booked")
        )
    )
    await complaints.advance(timedelta(days=7))
    await complaints.act(
        handle,
        "record_progress",
        RecordProgressInput(by=HANDLER.id, item_id="1", note="Boiler fitted", completed=True),
    )
    tracker = complaints.env.client.get_workflow_handle(
        f"{handle.id}/action-1", result_type=TrackerResult
    )
    await tracker.result()
    return tracker
