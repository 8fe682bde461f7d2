"""The workflow's own defence against bad input (issue 8, "Input hygiene at one place").

A client that skipped the models' checks (another program, an old web app, a fuzzer) can
still send any JSON. The worker decodes each update into its model, so text the models
refuse (finding 1: a NUL in a name; finding 4: a lone surrogate; finding 2: an oversized
summary) is refused there, before the validator, leaving no trace in history, state or
record; and an action that would take the complaint's state past `STATE_BUDGET` is refused
with a sentence. Each time the complaint answers the next valid action at once.
"""

from __future__ import annotations

import json

import pytest
from temporalio.api.common.v1 import Payload
from temporalio.client import WorkflowUpdateFailedError
from temporalio.common import RawValue

from intake.service import prepare, start_workflow
from models.messages import AcceptInput, AssignHandlerInput, DeclineInput
from tests.harness import HANDLER, OTHER_HANDLER, Complaints, settled
from tests.workflows.test_refusals import added_kinds, history_events
from workflows.base import STATE_BUDGET


def raw_json(text: str) -> RawValue:
    """A payload exactly as a careless client would send it, past the client's converter
    (which could not encode a lone surrogate at all)."""
    return RawValue(Payload(metadata={"encoding": b"json/plain"}, data=text.encode()))


def handler_named(name_json: str) -> RawValue:
    return raw_json('{"by": "m.osei", "handler": {"id": "h.bad", "name": ' + name_json + "}}")


# (what, update, payload, words the refusal's causes must contain)
BAD_PAYLOADS = [
    (
        "finding 1: a NUL in a handler's name",
        "assign_handler",
        handler_named(json.dumps("Nul\u0000Name")),
        "null character",
    ),
    (
        "finding 4: a lone surrogate in a handler's name",
        "assign_handler",
        handler_named('"Lone \\ud800 surrogate"'),
        "Invalid JSON",  # pydantic's JSON parser refuses it before the text type sees it
    ),
    (
        "finding 1: an escape character in a decline's detail",
        "decline",
        raw_json(json.dumps({"reason": "already_considered", "detail": "Bell \u001b[31m"})),
        "control character",
    ),
    (
        "finding 2: an issue summary far over its bound",
        "add_issue",
        raw_json(json.dumps({"summary": "x" * 200_000})),
        "at most 1000 characters",
    ),
    (
        "a list of issues longer than a person would write",
        "acknowledge",
        raw_json(
            json.dumps({"definition": "Boiler", "outcomes_sought": "Repair", "issues": ["a"] * 51})
        ),
        "at most 50 items",
    ),
]


def causes(error: BaseException) -> str:
    """Every message in a refusal's chain of causes, as one text."""
    messages = []
    current: BaseException | None = error
    while current is not None:
        messages.append(str(getattr(current, "message", current)))
        current = current.__cause__
    return " | ".join(messages)


@pytest.mark.parametrize(
    "what,update,payload,words", BAD_PAYLOADS, ids=[case[0] for case in BAD_PAYLOADS]
)
async def test_text_the_models_refuse_is_refused_in_the_worker_and_changes_nothing(
    complaints: Complaints, what: str, update: str, payload: RawValue, words: str
) -> None:
    """Issue 8 findings 1, 2 and 4, sent straight to the workflow: the update is rejected
    while its input is decoded (before the validator), nothing reaches history, the state or
    the record, and the complaint takes the next action at once (finding 1: it was wedged)."""
    await complaints.start_of_working_day()
    handle = await complaints.log()
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    state_before, events_before = await settled(complaints, handle)
    history_before = await history_events(complaints, handle)

    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await complaints.latest(handle).execute_update(update, payload)

    assert words in causes(refused.value), causes(refused.value)
    assert (await complaints.state(handle)).model_dump() == state_before
    assert len(await complaints.events(handle.id)) == events_before
    assert added_kinds(history_before, await history_events(complaints, handle)) == set()

    result = await complaints.act(
        handle, "assign_handler", AssignHandlerInput(by="m.osei", handler=OTHER_HANDLER)
    )
    assert result.message == "Handler assigned"
    assert (await complaints.state(handle)).handler == OTHER_HANDLER


def json_size(model) -> int:
    return len(model.model_dump_json().encode())


async def test_an_action_that_would_take_the_state_past_its_budget_is_refused(
    complaints: Complaints,
) -> None:
    """Issue 8, "a budget well under Temporal's limits": a complaint whose state is close to
    STATE_BUDGET (as a run continued as new would carry it) refuses an action whose input
    would take it past, with a sentence and no change to state, record or history; a small
    action that fits is then accepted at once."""
    await complaints.start_of_working_day()
    handle = await complaints.log()
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    await settled(complaints, handle)
    state = await complaints.state(handle)
    assert json_size(state) < STATE_BUDGET // 10  # an ordinary complaint is far from it

    # Carry the same complaint on in a new run, its state padded to 5,000 bytes short of
    # the budget (lessons are free text kept with the complaint).
    await complaints.latest(handle).terminate(reason="carried on with a larger record")
    room = 5_000
    padded = state.model_copy(update={"lessons": [""]})
    padding = STATE_BUDGET - room - json_size(padded)
    padded = state.model_copy(update={"lessons": ["L" * padding]})
    assert json_size(padded) == STATE_BUDGET - room
    start = prepare(state.intake).model_copy(update={"carried": padded})
    handle = await start_workflow(complaints.env.client, start, complaints.task_queue)
    state_before, events_before = await settled(complaints, handle)
    history_before = await history_events(complaints, handle)
    left = STATE_BUDGET - json_size(await complaints.state(handle))
    big = DeclineInput(by="h.khan", reason="already_considered", detail="D" * 9_000)
    small = AcceptInput(by="h.khan")
    assert json_size(small) < left < json_size(big)

    message = await complaints.refused(handle, "decline", big)

    assert "too large to take this action" in message
    assert f"{STATE_BUDGET // 1024:,} KB" in message
    assert (await complaints.state(handle)).model_dump() == state_before
    assert len(await complaints.events(handle.id)) == events_before
    assert added_kinds(history_before, await history_events(complaints, handle)) == set()

    result = await complaints.act(handle, "accept", small)
    assert result.message == "Complaint accepted at Stage 1"
    assert (await complaints.state(handle)).accepted_on is not None
