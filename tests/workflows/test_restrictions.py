"""R-COM-2: contact restrictions are recorded with a reason, the restriction and a review
date; they never stop a complaint being handled."""

from __future__ import annotations

from datetime import timedelta

from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignHandlerInput,
    RecordRestrictionInput,
)
from models.parties import ContactRestriction
from rules.calendar import LONDON
from tests.harness import assert_refused
from tests.workflows.conftest import HANDLER

ACK = AcknowledgeInput(
    by=HANDLER.id, definition="Boiler broken", outcomes_sought="Repair", issues=["Boiler"]
)


async def test_r_com_2_restriction_recorded_and_handling_goes_on(complaints) -> None:
    day = await complaints.start_of_working_day()
    handle = await complaints.log()
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    review_on = complaints.cal(day).add_working_days(day, 3)
    restriction = ContactRestriction(
        reason="Abusive telephone calls to staff",
        restriction="Contact by email only",
        review_on=review_on,
    )
    result = await complaints.act(
        handle, "record_restriction", RecordRestrictionInput(by="m.osei", restriction=restriction)
    )
    assert result.status == "received"

    # Handling goes on: accepted, acknowledged, the acknowledgement letter still goes out.
    await complaints.act(handle, "accept", AcceptInput())
    await complaints.act(handle, "acknowledge", ACK)
    state = await complaints.state(handle)
    assert state.restriction == restriction and state.status.value == "open"
    assert "acknowledgement" in [x.letter for x in await complaints.letters(handle.id)]
    recorded = [e for e in await complaints.events(handle.id) if e.kind == "restriction_recorded"]
    assert recorded[0].data["reason"] == "Abusive telephone calls to staff"

    # The handler is reminded to review it at 09:00 on the review date.
    await complaints.advance_to_day(review_on, hour=12)
    notices = [n for n in await complaints.notices(handle.id) if "contact restriction" in n.subject]
    assert [n.staff_id for n in notices] == [HANDLER.id]
    local = notices[0].occurred_at.astimezone(LONDON)
    assert (local.date(), local.hour) == (review_on, 9)


async def test_r_com_2_restriction_refused_without_reason_or_future_review(complaints) -> None:
    day = await complaints.start_of_working_day()
    handle = await complaints.log()
    no_reason = ContactRestriction(
        reason=" ", restriction="Email only", review_on=day + timedelta(days=30)
    )
    await assert_refused(
        complaints,
        handle,
        "record_restriction",
        RecordRestrictionInput(restriction=no_reason),
        "reason for the contact restriction",
    )
    past = ContactRestriction(reason="Abusive calls", restriction="Email only", review_on=day)
    await assert_refused(
        complaints,
        handle,
        "record_restriction",
        RecordRestrictionInput(restriction=past),
        "review date must be in the future",
    )
