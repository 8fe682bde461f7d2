"""Section 14's ends and corrections on the real test server, time-skipped: withdrawal
(R-WDR-1), duplicate linking (R-DUP-1), corrections (R-EDIT-1), and a comment treated as a
complaint (R-DEF-1)."""

from __future__ import annotations

from datetime import timedelta

from models.complaint import ComplaintState
from models.enums import Kind, Status
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignHandlerInput,
    CorrectContactInput,
    CorrectServiceInput,
    LinkDuplicateInput,
    TreatAsComplaintInput,
    WithdrawInput,
)
from rules import deadlines
from tests.harness import assert_refused, eventually
from tests.workflows.conftest import HANDLER
from workflows import search_attributes as sa

ACK = AcknowledgeInput(
    by=HANDLER.id, definition="Boiler broken", outcomes_sought="Repair", issues=["Boiler"]
)


async def acknowledged(complaints):
    handle = await complaints.log()
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    await complaints.act(handle, "accept", AcceptInput())
    await complaints.act(handle, "acknowledge", ACK)
    return handle


def kinds(records) -> list[str]:
    return [record.kind for record in records]


async def test_r_wdr_1_a_withdrawal_stops_the_deadlines_closes_and_confirms(complaints) -> None:
    day = await complaints.start_of_working_day()
    handle = await acknowledged(complaints)
    assert (await complaints.state(handle)).open_deadlines

    result = await complaints.act(
        handle,
        "withdraw",
        WithdrawInput(by="o.ahmed", how="telephone", withdrawn_on=day, reason="Repaired"),
    )
    assert (result.status, result.next_due) == ("withdrawn", None)
    state = await complaints.state(handle)
    assert state.withdrawal is not None and state.withdrawal.how == "telephone"
    assert state.open_deadlines == []
    letters = [x.letter for x in await complaints.letters(handle.id)]
    assert letters[-1] == "withdrawal" and "decline" not in letters
    row = await complaints.row(handle.id)
    assert (row.status, row.is_open) == ("withdrawn", False)

    # The Stage 1 response date passes with nothing missed and no one reminded.
    notices_before = len(await complaints.notices(handle.id))
    await complaints.advance(timedelta(days=30))
    events = kinds(await complaints.events(handle.id))
    assert "limit_missed" not in events and "target_missed" not in events
    assert len(await complaints.notices(handle.id)) == notices_before
    await assert_refused(
        complaints,
        handle,
        "withdraw",
        WithdrawInput(how="email", withdrawn_on=day),
        "withdrawn by the resident",
    )


async def test_r_wdr_1_a_withdrawal_on_a_bad_channel_is_refused(complaints) -> None:
    day = await complaints.start_of_working_day()
    handle = await acknowledged(complaints)
    inp = WithdrawInput(how="carrier pigeon", withdrawn_on=day)
    await assert_refused(complaints, handle, "withdraw", inp, "'carrier pigeon' is not a way")


async def test_r_dup_1_a_second_contact_joins_the_original_without_a_refusal(complaints) -> None:
    await complaints.start_of_working_day()
    original = await acknowledged(complaints)
    second = await complaints.log(description="Still no heating, the boiler is broken.")

    await assert_refused(
        complaints,
        second,
        "link_duplicate",
        LinkDuplicateInput(original="CMP-2099-999999"),
        "no open complaint CMP-2099-999999",
    )
    result = await complaints.act(
        second, "link_duplicate", LinkDuplicateInput(by="o.ahmed", original=original.id)
    )
    assert result.status == "duplicate"
    state = await complaints.state(second)
    assert (state.duplicate_of, state.declined_for, state.open_deadlines) == (original.id, None, [])
    letters = await complaints.letters(second.id)
    assert [x.letter for x in letters] == ["duplicate_linked"]
    assert letters[0].fields["original"] == original.id
    assert "ombudsman" not in str(letters[0].fields).lower()
    assert (await complaints.row(second.id)).status == "duplicate"

    joined = await eventually(
        lambda: complaints.events(original.id),
        lambda events: "duplicate_joined" in kinds(events),
    )
    assert [e.data for e in joined if e.kind == "duplicate_joined"] == [{"duplicate": second.id}]
    assert second.id in (await complaints.state(original)).linked_complaints
    assert (await complaints.state(original)).status == Status.OPEN


async def test_r_edit_1_corrections_update_the_record_read_model_and_search(complaints) -> None:
    await complaints.start_of_working_day()
    handle = await acknowledged(complaints)
    await complaints.act(
        handle,
        "correct_contact",
        CorrectContactInput(by="o.ahmed", reason="Misheard on the phone", email="a.m@example.org"),
    )
    await complaints.act(
        handle,
        "correct_service",
        CorrectServiceInput(
            by="o.ahmed",
            reason="It is about the care package",
            service_area="adult_social_care",
            organisation="care",
        ),
    )
    state = await complaints.state(handle)
    assert [(c.what, c.old, c.new) for c in state.corrections] == [
        ("email", "alex@example.org", "a.m@example.org"),
        ("service_area", "landlord_services", "adult_social_care"),
        ("organisation", "landlord", "care"),
    ]
    row = await complaints.row(handle.id)
    assert (row.email, row.service_area, row.organisation) == (
        "a.m@example.org",
        "adult_social_care",
        "care",
    )
    corrected = [e for e in await complaints.events(handle.id) if e.kind == "corrected"]
    assert [e.actor for e in corrected] == ["o.ahmed", "o.ahmed"]
    found = (await complaints.latest(handle).describe()).typed_search_attributes
    assert (found.get(sa.SERVICE_AREA), found.get(sa.ORGANISATION)) == ("adult_social_care", "care")
    await assert_refused(
        complaints,
        handle,
        "correct_service",
        CorrectServiceInput(reason="Back to housing", service_area="landlord_services"),
        "Northgate Care does not provide landlord services",
    )


async def test_r_def_1_a_comment_treated_as_a_complaint_counts_from_first_contact(
    complaints,
) -> None:
    first_contact = await complaints.start_of_working_day()
    reference = "CMT" + complaints.reference()[3:]
    comment = await complaints.log(
        reference=reference, kind=Kind.COMMENT, description="The repair left a mess again."
    )
    assert [x.letter for x in await eventually(lambda: complaints.letters(reference), bool)] == [
        "comment_reply"
    ]
    await complaints.advance(timedelta(days=7))  # the comment is read a week later
    assert (await complaints.state(comment)).status == Status.RECORDED

    await complaints.act(
        comment, "treat_as_complaint", TreatAsComplaintInput(by="o.ahmed", reason="Unhappy")
    )
    (linked,) = (await complaints.state(comment)).linked_complaints
    assert linked.startswith("CMP-")
    child = complaints.env.client.get_workflow_handle(linked)
    complaints.started.append(linked)
    state: ComplaintState = await child.query("complaint", result_type=ComplaintState)
    assert state.intake.kind == Kind.COMPLAINT and state.intake.linked_to == reference
    assert state.intake.first_contact_on == first_contact
    due = deadlines.acknowledgement_due(first_contact, state.profile, complaints.cal(first_contact))
    assert state.deadlines["acknowledgement"].limit == due.limit
    events = kinds(await complaints.events(reference))
    assert "treated_as_complaint" in events and "split_off" in events
    await assert_refused(
        complaints,
        comment,
        "treat_as_complaint",
        TreatAsComplaintInput(reason="Again"),
        "was treated as a complaint",
    )
