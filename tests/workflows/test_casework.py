"""Section 14 on the real test server: notes and contacts (R-NOTE-1) join the record, and a
vulnerability (R-VUL-1) reaches the read model's flag and is reviewed on its date."""

from __future__ import annotations

from datetime import datetime, timedelta

from models.messages import AssignHandlerInput, RecordContactInput, RecordVulnerabilityInput
from rules.calendar import LONDON
from tests.harness import assert_refused
from tests.workflows.conftest import HANDLER


async def test_r_note_1_a_call_and_its_correction_join_the_record(complaints) -> None:
    await complaints.start_of_working_day()
    handle = await complaints.log()
    call = RecordContactInput(
        by="o.bennett",
        author="Olu Bennett",
        kind="phone_in",
        summary="Resident rang about the mould in the bedroom.",
    )
    await complaints.act(handle, "record_contact", call)
    fix = call.model_copy(update={"summary": "It is the back bedroom.", "corrects": 1})
    await complaints.act(handle, "record_contact", fix)

    state = await complaints.state(handle)
    assert [(n.id, n.corrects, n.author) for n in state.notes] == [
        (1, None, "Olu Bennett"),
        (2, 1, "Olu Bennett"),
    ]
    recorded = [e for e in await complaints.events(handle.id) if e.kind == "note_recorded"]
    assert [e.data["note_id"] for e in recorded] == [1, 2]
    assert recorded[0].actor == "o.bennett" and "by Olu Bennett" in recorded[0].summary


async def test_r_note_1_a_contact_in_the_future_is_refused(complaints) -> None:
    day = await complaints.start_of_working_day()
    handle = await complaints.log()
    later = datetime.combine(day + timedelta(days=2), datetime.min.time(), tzinfo=LONDON)
    await assert_refused(
        complaints,
        handle,
        "record_contact",
        RecordContactInput(summary="Visit to the home", kind="visit", happened_at=later),
        "time in the future",
    )
    assert (await complaints.state(handle)).notes == []


async def test_r_vul_1_recorded_flagged_in_the_read_model_and_reviewed_on_its_date(
    complaints,
) -> None:
    day = await complaints.start_of_working_day()
    handle = await complaints.log()
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    review_on = complaints.cal(day).add_working_days(day, 3)
    await complaints.act(
        handle,
        "record_vulnerability",
        RecordVulnerabilityInput(
            by="o.bennett",
            circumstances="Aged 84 with COPD",
            adjustments=["large_print"],
            review_on=review_on,
        ),
    )
    state = await complaints.state(handle)
    assert state.vulnerability is not None and state.vulnerability.review_on == review_on
    row = await complaints.row(handle.id)
    assert row is not None and row.vulnerable

    await complaints.advance_to_day(review_on, hour=12)
    notices = [n for n in await complaints.notices(handle.id) if "vulnerability" in n.subject]
    assert [n.staff_id for n in notices] == [HANDLER.id]
    assert "Letters in large print" in notices[0].body
    local = notices[0].occurred_at.astimezone(LONDON)
    assert (local.date(), local.hour) == (review_on, 9)
