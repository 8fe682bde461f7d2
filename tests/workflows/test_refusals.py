"""Bad input: a refused action is rejected with a sentence a handler understands, and
changes nothing — not the complaint's state, not its record, not its Temporal history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from temporalio.api.enums.v1 import EventType

from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignHandlerInput,
    AssignReviewerInput,
    DeclineInput,
    ExtendInput,
    RequestEscalationInput,
)
from tests.harness import HANDLER

# A rejected update leaves no update, activity, timer or signal in history. (The test
# server still records the workflow task that ran the validator; a real server drops it.)
BOOKKEEPING = {
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
}


async def history_events(complaints, handle) -> list:
    return list((await complaints.latest(handle).fetch_history()).events)


def added_kinds(before: list, after: list) -> set:
    return {event.event_type for event in after[len(before) :]} - BOOKKEEPING


ACK = AcknowledgeInput(
    by="h.khan",
    definition="Boiler broken",
    outcomes_sought="Repair",
    issues=["Boiler repair delay"],
)

# (name, actions that set the scene, the refused update, its input, words the message must contain)
CASES = [
    ("acknowledge before accepting", [], "acknowledge", ACK, "awaiting a decision to accept"),
    ("accept twice", [("accept", AcceptInput())], "accept", AcceptInput(), "Cannot accept"),
    (
        "decline for an unknown reason",
        [],
        "decline",
        DeclineInput(reason="too busy", detail="We are too busy to look at this"),
        "not one of the reasons",
    ),
    (
        "escalate before the Stage 1 response",
        [("accept", AcceptInput()), ("acknowledge", ACK)],
        "request_escalation",
        RequestEscalationInput(reasons="Unhappy"),
        "after its Stage 1 response",
    ),
    (
        "extend for lack of priority",
        [("accept", AcceptInput()), ("acknowledge", ACK)],
        "extend",
        None,
        "Not prioritised",
    ),
    (
        "acknowledge with an empty definition",
        [("accept", AcceptInput())],
        "acknowledge",
        AcknowledgeInput(definition=" ", outcomes_sought="Repair", issues=["Boiler"]),
        "our understanding of the complaint",
    ),
    (
        "acknowledge with no issues",
        [("accept", AcceptInput())],
        "acknowledge",
        AcknowledgeInput(definition="Boiler broken", outcomes_sought="Repair", issues=[]),
        "at least one issue",
    ),
    (
        "review one's own Stage 1 complaint",
        [],
        "assign_reviewer",
        AssignReviewerInput(reviewer=HANDLER),
        "escalated",
    ),
]


@pytest.mark.parametrize("name,scene,update,inp,words", CASES, ids=[c[0] for c in CASES])
async def test_refused_action_changes_nothing(complaints, name, scene, update, inp, words) -> None:
    await complaints.start_of_working_day()
    handle = await complaints.log()
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    for scene_update, scene_input in scene:
        await complaints.act(handle, scene_update, scene_input)
    if inp is None:  # an extension whose date depends on today's calendar
        state = await complaints.state(handle)
        due = state.deadlines["stage_1_response"].due
        inp = ExtendInput(
            new_due=complaints.cal(due).add_working_days(due, 2),
            reason="Not prioritised by the repairs team",
        )
    before = await complaints.state(handle)
    history_before = await history_events(complaints, handle)
    events_before = len(await complaints.events(handle.id))

    message = await complaints.refused(handle, update, inp)

    assert words.lower() in message.lower()
    assert (await complaints.state(handle)).model_dump() == before.model_dump()
    assert added_kinds(history_before, await history_events(complaints, handle)) == set()
    assert len(await complaints.events(handle.id)) == events_before


async def test_malformed_input_is_refused_before_it_reaches_the_complaint(complaints) -> None:
    """A payload that is not an action at all (wrong types) never reaches history."""
    await complaints.start_of_working_day()
    handle = await complaints.log()
    await complaints.advance(timedelta(minutes=1))
    before = await complaints.state(handle)
    history_before = await history_events(complaints, handle)
    message = await complaints.refused(
        handle,
        "acknowledge",
        {"by": "h.khan", "definition": ["not", "text"], "issues": "not a list"},
    )
    assert message
    assert added_kinds(history_before, await history_events(complaints, handle)) == set()
    assert (await complaints.state(handle)).model_dump() == before.model_dump()
