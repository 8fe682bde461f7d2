"""The recorded scenario whose history is checked in for replay tests (STYLE habit 10).

A complaint goes through Stage 1 with an extension and an outstanding action, is escalated
and answered at Stage 2. `python -m tests.replay.record` re-records it when the workflow's
behaviour changes on purpose (bump the file name with a version then, keep the old one).
"""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import WorkflowHandle

from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignHandlerInput,
    AssignReviewerInput,
    DecideEscalationInput,
    ExtendInput,
    RecordProgressInput,
    RequestEscalationInput,
    SubmitResponseInput,
)
from models.stages import IssueDecision, OutstandingAction, Remedy, StageResponse
from tests.workflows.conftest import HANDLER, REVIEWER, Complaints


def response(issue_ids: list[int], due_in: timedelta, today) -> StageResponse:
    return StageResponse(
        definition="The boiler has not been repaired",
        decisions=[
            IssueDecision(issue_id=i, decision="upheld", reasons="Repair was late")
            for i in issue_ids
        ],
        reasons="Our repairs policy sets 3 working days for loss of heating",
        remedies=[Remedy(kind="apology", description="We apologise for the delay")],
        actions=[OutstandingAction(what="Replace the boiler", due=today + due_in)],
        lesson="Order parts on the first visit",
    )


async def run_scenario(complaints: Complaints, **log: object) -> WorkflowHandle:
    await complaints.start_of_working_day()
    handle = await complaints.log(**log)
    await complaints.act(
        handle, "assign_handler", AssignHandlerInput(by="officer", handler=HANDLER)
    )
    await complaints.act(handle, "accept", AcceptInput(by="officer"))
    await complaints.act(
        handle,
        "acknowledge",
        AcknowledgeInput(
            by=HANDLER.id,
            definition="Boiler not repaired",
            outcomes_sought="Working heating",
            issues=["Boiler repair delay"],
        ),
    )
    state = await complaints.state(handle)
    due = state.deadlines["stage_1_response"].due
    await complaints.advance_to_day(due)
    cal = complaints.cal(due)
    await complaints.act(
        handle,
        "extend",
        ExtendInput(
            by=HANDLER.id,
            new_due=cal.add_working_days(due, 5),
            reason="Waiting for the contractor's report on the boiler",
        ),
    )
    await complaints.advance(timedelta(days=3))
    today = await complaints.today()
    await complaints.act(
        handle,
        "submit_response",
        SubmitResponseInput(by=HANDLER.id, response=response([1], timedelta(days=20), today)),
    )
    await complaints.advance(timedelta(days=5))
    await complaints.act(
        handle,
        "record_progress",
        RecordProgressInput(by=HANDLER.id, item_id="1", note="Boiler ordered"),
    )
    await complaints.act(handle, "request_escalation", RequestEscalationInput(reasons="Still cold"))
    await complaints.act(
        handle, "assign_reviewer", AssignReviewerInput(by="officer", reviewer=REVIEWER)
    )
    await complaints.act(
        handle,
        "decide_escalation",
        DecideEscalationInput(
            by=REVIEWER.id,
            accept=True,
            understanding="Boiler still not replaced",
            outcomes_sought="Replacement and compensation",
        ),
    )
    await complaints.advance(timedelta(days=10))
    await complaints.act(
        handle,
        "record_progress",
        RecordProgressInput(by=HANDLER.id, item_id="1", note="Boiler fitted", completed=True),
    )
    state = await complaints.state(handle)
    stage_two = [i.id for i in state.issues if i.stage.value == "stage_2"]
    today = await complaints.today()
    await complaints.act(
        handle,
        "submit_response",
        SubmitResponseInput(
            by=REVIEWER.id, response=response(stage_two, timedelta(days=10), today)
        ),
    )
    await complaints.advance(timedelta(days=40))
    return handle
