"""Escalation, Stage 2 and the Stage 3 panel end to end (R-ESC-1 to R-ESC-3, R-S2-1 to
R-S2-3, R-S3-1): real complaint workflows on the time-skipping server, real activities
writing to PostgreSQL. Every date is computed from the server's clock and the working-day
calendar, never written in.

The helpers here (a complaint brought to a given point, refusals that change nothing) are
shared by the other files of this section: test_after_process.py and test_walkthrough.py."""

from datetime import date, timedelta
from typing import Any

import pytest
from temporalio.client import WorkflowHandle

from models.complaint import ComplaintState
from models.enums import (
    Decision,
    EscalationRefusal,
    Exclusion,
    Relationship,
    ServiceArea,
    Stage,
    Status,
    Tenure,
)
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    ArrangePanelInput,
    AssignHandlerInput,
    AssignReviewerInput,
    DecideEscalationInput,
    ExtendInput,
    RecordAgreementInput,
    RecordPanelMeetingInput,
    RequestAgreementInput,
    RequestEscalationInput,
    RequestStageThreeInput,
    SubmitResponseInput,
)
from models.parties import Complainant, StaffMember
from models.stages import IssueDecision, StageResponse
from rules.calendar import add_months, format_due
from tests.harness import assert_refused, eventually
from tests.workflows.conftest import HANDLER, OTHER_HANDLER, REVIEWER, Complaints

ISSUES = ["Boiler repair delay"]
REASONS = "The boiler is still broken and nobody has said when it will be fixed."
UNDERSTANDING = "The boiler is still not repaired and the resident wants a date for it."
BOARD_MEMBER = StaffMember(id="b.jones", name="Bea Jones", email="bea.jones@example.org")
EXECUTIVE = StaffMember(id="e.clark", name="Ed Clark", email="ed.clark@example.org")
HEAD_OF_SERVICE = StaffMember(id="s.ahmed", name="Sara Ahmed", email="sara.ahmed@example.org")


# -- helpers ---------------------------------------------------------------------------------


def stage_response(
    issue_ids: list[int], decision: Decision = Decision.NOT_UPHELD, by: str = HANDLER.id
) -> SubmitResponseInput:
    """A complete response deciding every issue the same way (a lesson when upheld)."""
    return SubmitResponseInput(
        by=by,
        response=StageResponse(
            definition="The boiler was not repaired in time",
            decisions=[
                IssueDecision(issue_id=i, decision=decision, reasons="Checked the repair log")
                for i in issue_ids
            ],
            reasons="Our repairs policy sets a 3 day target for loss of heating.",
            lesson=None if decision == Decision.NOT_UPHELD else "Order parts on the first visit",
        ),
    )


def stage_issue_ids(state: ComplaintState) -> list[int]:
    return [issue.id for issue in state.issues if issue.stage == state.stage]


def non_tenant() -> Complainant:
    """A homeless applicant: not our tenant or leaseholder, so Stage 3 is open to them."""
    return Complainant(
        name="Sam Reid",
        email="sam@example.org",
        relationship=Relationship.POTENTIAL_RESIDENT,
        tenure=Tenure.NONE,
    )


HOMELESS_APPLICANT = {
    "service_area": ServiceArea.HOMELESSNESS_ALLOCATIONS,
    "complainant": non_tenant(),
}


async def opened(complaints: Complaints, handler: StaffMember = HANDLER, **log: Any):
    """Logged, accepted and acknowledged at Stage 1 at 10:00 on the next working day."""
    await complaints.start_of_working_day()
    handle = await complaints.log(**log)
    await complaints.act(
        handle, "assign_handler", AssignHandlerInput(by="officer", handler=handler)
    )
    await complaints.act(handle, "accept", AcceptInput(by="officer"))
    await complaints.act(
        handle,
        "acknowledge",
        AcknowledgeInput(
            by=handler.id, definition="Boiler broken", outcomes_sought="Fix it", issues=ISSUES
        ),
    )
    return handle


async def responded(complaints: Complaints, **log: Any) -> WorkflowHandle:
    """As `opened`, and the Stage 1 response sent the same day."""
    handle = await opened(complaints, **log)
    await complaints.act(handle, "submit_response", stage_response([1]))
    return handle


async def escalation_requested(
    complaints: Complaints, reasons: str = REASONS, **log: Any
) -> WorkflowHandle:
    """As `responded`, and the resident asked to escalate the next working day."""
    handle = await responded(complaints, **log)
    await complaints.start_of_working_day()
    await complaints.act(handle, "request_escalation", RequestEscalationInput(reasons=reasons))
    return handle


def accept_escalation(**changes: Any) -> DecideEscalationInput:
    fields: dict[str, Any] = {
        "by": REVIEWER.id,
        "accept": True,
        "understanding": UNDERSTANDING,
        "outcomes_sought": "A repair date and compensation",
    }
    fields.update(changes)
    return DecideEscalationInput(**fields)


def refuse_escalation(refusal: str, **changes: Any) -> DecideEscalationInput:
    fields: dict[str, Any] = {
        "by": REVIEWER.id,
        "accept": False,
        "refusal": refusal,
        "explanation": "We explained this decision to you on the telephone.",
    }
    fields.update(changes)
    return DecideEscalationInput(**fields)


async def at_stage_two(complaints: Complaints, **log: Any) -> WorkflowHandle:
    """As `escalation_requested`, with a reviewer assigned and the escalation accepted."""
    handle = await escalation_requested(complaints, **log)
    await complaints.act(handle, "assign_reviewer", AssignReviewerInput(reviewer=REVIEWER))
    await complaints.act(handle, "decide_escalation", accept_escalation())
    return handle


async def responded_at_stage_two(complaints: Complaints, **log: Any) -> WorkflowHandle:
    """As `at_stage_two`, and the Stage 2 response sent the next working day."""
    handle = await at_stage_two(complaints, **log)
    await complaints.start_of_working_day()
    state = await complaints.state(handle)
    await complaints.act(
        handle, "submit_response", stage_response(stage_issue_ids(state), by=REVIEWER.id)
    )
    return handle


async def at_stage_three(complaints: Complaints) -> WorkflowHandle:
    """A homeless applicant's complaint answered at Stage 2, Stage 3 asked for next day."""
    handle = await responded_at_stage_two(complaints, **HOMELESS_APPLICANT)
    await complaints.start_of_working_day()
    await complaints.act(
        handle, "request_stage_three", RequestStageThreeInput(reasons="The panel should hear me")
    )
    return handle


async def letters_named(complaints: Complaints, reference: str, name: str) -> list[Any]:
    return [x for x in await complaints.letters(reference) if x.letter == name]


async def the_final_letter(complaints: Complaints, reference: str) -> Any:
    """The one final letter: the last stage's response, ending with the route to the
    ombudsman and their details (R-S2-3, R-EXT-1); no separate final letter follows it."""
    letters = await complaints.letters(reference)
    assert "final" not in [x.letter for x in letters]
    (final,) = [x for x in letters if x.fields.get("route", {}).get("final")]
    assert final.fields["route"]["next"] == "ombudsman"
    return final


async def kinds(complaints: Complaints, reference: str) -> list[str]:
    return [e.kind for e in await complaints.events(reference)]


# -- R-ESC-1 ---------------------------------------------------------------------------------


async def test_r_esc_1_escalation_before_the_stage_1_response_is_refused(complaints) -> None:
    await complaints.start_of_working_day()
    handle = await complaints.log()
    await assert_refused(
        complaints,
        handle,
        "request_escalation",
        RequestEscalationInput(reasons=REASONS),
        "only be escalated after its Stage 1 response",
    )

    handle = await opened(complaints)
    due = (await complaints.state(handle)).deadlines["stage_1_response"].due
    await assert_refused(
        complaints,
        handle,
        "request_escalation",
        RequestEscalationInput(reasons=REASONS),
        "only be escalated after its Stage 1 response has been sent",
        f"due {format_due(due)}",
    )


async def test_r_esc_1_request_after_the_stage_1_response_is_recorded(complaints) -> None:
    handle = await responded(complaints)
    day = await complaints.start_of_working_day()
    result = await complaints.act(
        handle, "request_escalation", RequestEscalationInput(reasons=REASONS)
    )
    assert (result.stage, result.status) == ("stage_1", "escalation_requested")
    state = await complaints.state(handle)
    (request,) = state.escalations
    assert (request.stage, request.requested_on, request.reasons) == (Stage.STAGE_2, day, REASONS)
    assert request.accepted is None
    assert state.survey_due is None  # no survey while the resident is still being heard
    (event,) = [e for e in await complaints.events(handle.id) if e.kind == "escalation_requested"]
    assert (event.actor, event.data["reasons"]) == ("resident", REASONS)


async def test_r_esc_1_request_refused_once_the_complaint_has_reached_stage_2(complaints) -> None:
    handle = await at_stage_two(complaints)
    await assert_refused(
        complaints,
        handle,
        "request_escalation",
        RequestEscalationInput(reasons=REASONS),
        "cannot be escalated to Stage 2",
        "open at Stage 2",
    )


# -- R-ESC-2 ---------------------------------------------------------------------------------


async def test_r_esc_2_decision_due_five_working_days_after_the_request(complaints) -> None:
    handle = await responded(complaints)
    responded_on = await complaints.today()
    requested_on = complaints.cal(responded_on).add_working_days(responded_on, 3)
    await complaints.advance_to_day(requested_on)
    result = await complaints.act(
        handle, "request_escalation", RequestEscalationInput(reasons=REASONS)
    )
    expected = complaints.cal(requested_on).add_working_days(requested_on, 5)
    deadline = (await complaints.state(handle)).deadlines["escalation_decision_1"]
    assert (deadline.basis, deadline.target, deadline.limit) == (requested_on, expected, expected)
    assert (result.next_due, result.next_due_label) == (
        expected,
        "Escalation decision and Stage 2 acknowledgement",
    )

    # Decided in time: the deadline is met on the day of the decision.
    decided_on = complaints.cal(requested_on).add_working_days(requested_on, 2)
    await complaints.advance_to_day(decided_on)
    await complaints.act(handle, "assign_reviewer", AssignReviewerInput(reviewer=REVIEWER))
    await complaints.act(handle, "decide_escalation", accept_escalation())
    assert (await complaints.state(handle)).deadlines["escalation_decision_1"].met_on == decided_on


async def test_r_esc_2_unknown_refusal_reason_is_refused_listing_the_valid_ones(
    complaints,
) -> None:
    handle = await escalation_requested(complaints)
    message = await assert_refused(
        complaints,
        handle,
        "decide_escalation",
        refuse_escalation("too_busy"),
        "'too_busy' is not a reason an escalation may be refused",
    )
    for reason in EscalationRefusal:
        assert reason.value in message


ESCALATION_REFUSALS_REFUSED = [
    pytest.param(
        refuse_escalation(EscalationRefusal.WINDOW_PASSED.value),
        ("within the escalation window", "cannot be refused as late"),
        id="window passed, within the window",
    ),
    pytest.param(
        refuse_escalation(EscalationRefusal.NO_STAGE_1_RESPONSE.value),
        ("has had its Stage 1 response",),
        id="no Stage 1 response, after one was sent",
    ),
    pytest.param(
        refuse_escalation(EscalationRefusal.EXCLUSION.value, exclusion="bored"),
        ("Name the exclusion", *[e.value for e in Exclusion]),
        id="an unknown exclusion",
    ),
    pytest.param(
        refuse_escalation(EscalationRefusal.REFUSED_TO_ENGAGE.value, explanation="No"),
        ("Please give the explanation for the resident",),
        id="no explanation for the resident",
    ),
]


@pytest.mark.parametrize(("inp", "words"), ESCALATION_REFUSALS_REFUSED)
async def test_r_esc_2_refusal_for_a_reason_that_does_not_apply_is_refused(
    complaints, inp, words
) -> None:
    handle = await escalation_requested(complaints)
    await assert_refused(complaints, handle, "decide_escalation", inp, *words)


async def test_r_esc_2_decision_refused_when_no_request_is_waiting(complaints) -> None:
    handle = await responded(complaints)
    await assert_refused(
        complaints,
        handle,
        "decide_escalation",
        refuse_escalation(EscalationRefusal.REFUSED_TO_ENGAGE.value),
        "no escalation request to decide",
    )


async def late_request(complaints: Complaints) -> tuple[WorkflowHandle, date]:
    """A Stage 1 response, then a request to escalate the working day after the 6-month
    window closed. Returns the complaint and the day the window closed."""
    handle = await responded(complaints)
    responded_on = await complaints.today()
    closes = add_months(responded_on, 6)
    cal = complaints.cal(responded_on)
    await complaints.advance_to_day(cal.next_working_day(closes))
    result = await complaints.act(
        handle, "request_escalation", RequestEscalationInput(reasons=REASONS)
    )
    assert result.status == "escalation_requested"  # recorded, however late
    return handle, closes


async def test_r_esc_2_request_after_the_window_is_recorded_and_may_be_refused_as_late(
    complaints,
) -> None:
    handle, closes = await late_request(complaints)
    state = await complaints.state(handle)
    assert state.escalations[-1].requested_on > closes
    assert state.survey_sent_on is not None  # the survey went out while it rested

    result = await complaints.act(
        handle, "decide_escalation", refuse_escalation(EscalationRefusal.WINDOW_PASSED.value)
    )
    assert (result.stage, result.status) == ("stage_1", "closed")
    state = await complaints.state(handle)
    assert (state.escalations[-1].accepted, state.escalations[-1].refusal) == (
        False,
        EscalationRefusal.WINDOW_PASSED,
    )
    (letter,) = await letters_named(complaints, handle.id, "escalation_refused")
    assert letter.fields["reason"] == "the request came after the time allowed to escalate"
    assert letter.fields["ombudsman"] == "the Housing Ombudsman Service"


async def test_r_esc_2_late_request_is_accepted_only_for_an_exceptional_reason(
    complaints,
) -> None:
    handle, _ = await late_request(complaints)
    await complaints.act(handle, "assign_reviewer", AssignReviewerInput(reviewer=REVIEWER))
    await assert_refused(
        complaints,
        handle,
        "decide_escalation",
        accept_escalation(),
        "after the escalation window closed",
        "exceptional reason",
    )
    because = "The resident was in hospital for five months."
    result = await complaints.act(
        handle, "decide_escalation", accept_escalation(exceptional_reason=because)
    )
    assert (result.stage, result.status) == ("stage_2", "open")
    (event,) = [e for e in await complaints.events(handle.id) if e.kind == "escalation_accepted"]
    assert f"after the window, exceptionally: {because}" in event.summary


NO_REASONS_GIVEN = [
    pytest.param("seed", "", None, id="seed requires reasons: refusable without them"),
    pytest.param(
        "hos-2024",
        "",
        "does not require reasons to escalate",
        id="hos-2024 requires none: not a reason",
    ),
    pytest.param("seed", REASONS, "The resident gave reasons", id="seed, with reasons given"),
]


@pytest.mark.parametrize(("profile", "reasons", "refused"), NO_REASONS_GIVEN)
async def test_r_esc_2_no_reasons_given_is_a_reason_only_where_the_profile_requires_them(
    complaints, profile, reasons, refused
) -> None:
    handle = await escalation_requested(complaints, reasons=reasons, policy_profile=profile)
    inp = refuse_escalation(EscalationRefusal.NO_REASONS_GIVEN.value)
    if refused:
        await assert_refused(complaints, handle, "decide_escalation", inp, refused)
        return
    result = await complaints.act(handle, "decide_escalation", inp)
    assert result.status == "closed"
    (letter,) = await letters_named(complaints, handle.id, "escalation_refused")
    assert letter.fields["reason"] == "no reasons were given for escalating"


REFUSAL_LETTERS = [
    pytest.param(
        {"refusal": EscalationRefusal.REFUSED_TO_ENGAGE.value},
        "we were unable to engage with you about the complaint",
        id="refused to engage",
    ),
    pytest.param(
        {
            "refusal": EscalationRefusal.EXCLUSION.value,
            "exclusion": Exclusion.LEGAL_ACTION_STARTED.value,
        },
        "an exclusion in our complaints policy applies: legal proceedings have started",
        id="an exclusion",
    ),
]


@pytest.mark.parametrize(("changes", "reason"), REFUSAL_LETTERS)
async def test_r_esc_2_refusal_letter_gives_the_reason_and_the_ombudsman(
    complaints, changes, reason
) -> None:
    handle = await escalation_requested(complaints)
    explanation = "We wrote to you three times and called twice without an answer."
    inp = refuse_escalation(changes.pop("refusal"), explanation=explanation, **changes)
    await complaints.act(handle, "decide_escalation", inp)

    state = await complaints.state(handle)
    assert (state.stage, state.status) == (Stage.STAGE_1, Status.CLOSED)
    assert state.escalations[-1].decided_on == await complaints.today()
    (letter,) = await letters_named(complaints, handle.id, "escalation_refused")
    assert letter.fields["reference"] == handle.id
    assert (letter.fields["reason"], letter.fields["explanation"]) == (reason, explanation)
    assert letter.fields["ombudsman"] == "the Housing Ombudsman Service"
    contact = letter.fields["ombudsman_contact"]
    assert (contact["name"], contact["phone"]) == ("Housing Ombudsman Service", "0300 111 3000")
    (event,) = [e for e in await complaints.events(handle.id) if e.kind == "escalation_refused"]
    assert event.summary == f"Escalation refused: {reason}"


async def test_r_esc_2_only_new_issues_starts_a_new_linked_complaint(complaints) -> None:
    new_issue = "The neighbour's fence damaged my garden wall."
    handle = await escalation_requested(complaints, reasons=new_issue)
    await complaints.act(
        handle, "decide_escalation", refuse_escalation(EscalationRefusal.ONLY_NEW_ISSUES.value)
    )

    state = await complaints.state(handle)
    (linked,) = state.linked_complaints
    assert state.status == Status.CLOSED and state.stage == Stage.STAGE_1
    (letter,) = await letters_named(complaints, handle.id, "escalation_refused")
    assert "only new issues" in letter.fields["reason"]
    split = [e for e in await complaints.events(handle.id) if e.kind == "split_off"]
    assert [e.data["linked"] for e in split] == [linked]

    child = complaints.env.client.get_workflow_handle(linked)
    new = await eventually(lambda: complaints.state(child), lambda s: s is not None)
    assert new.intake.linked_to == handle.id
    assert new.intake.description == new_issue
    assert new.intake.first_contact_on == await complaints.today()
    assert (new.stage, new.status) == (Stage.STAGE_1, Status.RECEIVED)
    assert "acknowledgement" in new.deadlines


# -- R-ESC-3 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        pytest.param(
            {"understanding": None},
            "our understanding of what is outstanding, agreed with the resident",
            id="no agreed understanding",
        ),
        pytest.param(
            {"outcomes_sought": " "},
            "the outcomes the resident is seeking",
            id="no outcomes sought",
        ),
    ],
)
async def test_r_esc_3_accepting_needs_the_agreed_understanding_and_outcomes(
    complaints, changes, words
) -> None:
    handle = await escalation_requested(complaints)
    await complaints.act(handle, "assign_reviewer", AssignReviewerInput(reviewer=REVIEWER))
    await assert_refused(
        complaints, handle, "decide_escalation", accept_escalation(**changes), words
    )


async def test_r_esc_3_stage_2_acknowledgement_has_reference_reviewer_contact_and_due_date(
    complaints,
) -> None:
    handle = await escalation_requested(complaints)
    await complaints.act(handle, "assign_reviewer", AssignReviewerInput(reviewer=REVIEWER))
    accepted_on = await complaints.today()
    result = await complaints.act(handle, "decide_escalation", accept_escalation())
    due = complaints.cal(accepted_on).add_working_days(accepted_on, 20)
    assert (result.stage, result.status, result.next_due) == ("stage_2", "open", due)

    (letter,) = await letters_named(complaints, handle.id, "stage_2_acknowledgement")
    assert letter.fields["reference"] == handle.id
    assert letter.fields["stage"] == "Stage 2"
    assert letter.fields["contact"] == {
        "name": REVIEWER.name,
        "email": REVIEWER.email,
        "phone": REVIEWER.phone,
    }
    assert letter.fields["response_due"] == due.isoformat()
    assert letter.fields["understanding"] == UNDERSTANDING
    assert letter.fields["outcomes_sought"] == "A repair date and compensation"

    state = await complaints.state(handle)
    record = state.stages[Stage.STAGE_2]
    assert (record.acknowledged_on, record.definition, record.owner) == (
        accepted_on,
        UNDERSTANDING,
        REVIEWER,
    )
    assert [i.summary for i in state.issues if i.stage == Stage.STAGE_2] == ISSUES
    assert state.escalations[-1].accepted is True


# -- R-S2-1 ---------------------------------------------------------------------------------


async def test_r_s2_1_the_stage_1_handler_cannot_review_at_stage_2(complaints) -> None:
    handle = await escalation_requested(complaints)
    await assert_refused(
        complaints,
        handle,
        "assign_reviewer",
        AssignReviewerInput(reviewer=HANDLER),
        f"{HANDLER.name} handled this complaint at Stage 1",
        "cannot review it at Stage 2",
    )


async def test_r_s2_1_no_one_who_handled_stage_1_can_review_after_a_reassignment(
    complaints,
) -> None:
    await complaints.start_of_working_day()
    handle = await complaints.log(handler=OTHER_HANDLER)
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    await complaints.act(handle, "accept", AcceptInput())
    await complaints.act(
        handle,
        "acknowledge",
        AcknowledgeInput(definition="Boiler broken", outcomes_sought="Fix it", issues=ISSUES),
    )
    await complaints.act(handle, "submit_response", stage_response([1]))
    await complaints.act(handle, "request_escalation", RequestEscalationInput(reasons=REASONS))
    assert (await complaints.state(handle)).stage_1_staff == [OTHER_HANDLER.id, HANDLER.id]

    for former in (OTHER_HANDLER, HANDLER):
        await assert_refused(
            complaints,
            handle,
            "assign_reviewer",
            AssignReviewerInput(reviewer=former),
            f"{former.name} handled this complaint at Stage 1",
        )
    await complaints.act(handle, "assign_reviewer", AssignReviewerInput(reviewer=REVIEWER))
    assert (await complaints.state(handle)).reviewer == REVIEWER


async def test_r_s2_1_accepting_an_escalation_without_a_reviewer_is_refused(complaints) -> None:
    handle = await escalation_requested(complaints)
    await assert_refused(
        complaints,
        handle,
        "decide_escalation",
        accept_escalation(),
        "Assign a Stage 2 reviewer (not a Stage 1 handler) before accepting",
    )


async def test_r_s2_1_reviewer_refused_before_any_escalation_request(complaints) -> None:
    handle = await responded(complaints)
    await assert_refused(
        complaints,
        handle,
        "assign_reviewer",
        AssignReviewerInput(reviewer=REVIEWER),
        "A reviewer is assigned when a complaint is escalated",
    )


async def test_r_s2_1_stage_1_handler_refused_as_a_replacement_reviewer_at_stage_2(
    complaints,
) -> None:
    handle = await at_stage_two(complaints)
    await assert_refused(
        complaints,
        handle,
        "assign_reviewer",
        AssignReviewerInput(reviewer=HANDLER),
        "handled this complaint at Stage 1",
    )


# -- R-S2-2 ---------------------------------------------------------------------------------


async def test_r_s2_2_stage_2_response_due_twenty_working_days_after_acknowledgement(
    complaints,
) -> None:
    handle = await at_stage_two(complaints)
    accepted_on = await complaints.today()
    cal = complaints.cal(accepted_on)
    due = cal.add_working_days(accepted_on, 20)
    deadline = (await complaints.state(handle)).deadlines["stage_2_response"]
    assert (deadline.basis, deadline.target, deadline.limit) == (accepted_on, due, due)
    assert deadline.ceiling == cal.add_working_days(due, 10)
    assert deadline.staff_id == REVIEWER.id
    assert (await complaints.row(handle.id)).next_due == due


@pytest.mark.parametrize(("profile", "further"), [("seed", 10), ("hos-2024", 20)])
async def test_r_s2_2_extension_up_to_the_profiles_further_days_without_agreement(
    complaints, profile, further
) -> None:
    handle = await at_stage_two(complaints, policy_profile=profile)
    deadline = (await complaints.state(handle)).deadlines["stage_2_response"]
    cal = complaints.cal(deadline.limit)
    ceiling = cal.add_working_days(deadline.limit, further)
    assert deadline.ceiling == ceiling

    await assert_refused(
        complaints,
        handle,
        "extend",
        ExtendInput(
            by=REVIEWER.id,
            new_due=cal.add_working_days(ceiling, 1),
            reason="Waiting for the surveyor's report",
        ),
        f"beyond the {further} further working days",
        f"latest {format_due(ceiling)}",
        "agree a later date",
    )
    reason = "Waiting for the independent surveyor's report"
    result = await complaints.act(
        handle, "extend", ExtendInput(by=REVIEWER.id, new_due=ceiling, reason=reason)
    )
    assert result.next_due == ceiling
    state = await complaints.state(handle)
    assert state.deadlines["stage_2_response"].due == ceiling
    assert [e.new_due for e in state.stages[Stage.STAGE_2].extensions] == [ceiling]
    (letter,) = await letters_named(complaints, handle.id, "extension")
    assert (letter.fields["stage"], letter.fields["reason"]) == ("Stage 2", reason)
    assert letter.fields["new_due"] == ceiling.isoformat()
    assert letter.fields["previous_due"] == deadline.limit.isoformat()


async def test_r_s2_2_beyond_the_extension_only_with_the_residents_agreement(complaints) -> None:
    handle = await at_stage_two(complaints)
    deadline = (await complaints.state(handle)).deadlines["stage_2_response"]
    assert deadline.ceiling is not None
    cal = complaints.cal(deadline.limit)
    proposed = cal.add_working_days(deadline.ceiling, 5)
    reason = "The structural engineer cannot visit until next month"

    await assert_refused(
        complaints,
        handle,
        "request_agreement",
        RequestAgreementInput(by=REVIEWER.id, proposed_due=deadline.ceiling, reason=reason),
        "within the extension the Code allows without agreement",
        "extend the date instead",
    )
    await assert_refused(
        complaints,
        handle,
        "record_agreement",
        RecordAgreementInput(agreed=True),
        "Ask the resident to agree a later date before recording their answer",
    )
    await complaints.act(
        handle,
        "request_agreement",
        RequestAgreementInput(by=REVIEWER.id, proposed_due=proposed, reason=reason),
    )
    (asked,) = await letters_named(complaints, handle.id, "agreement_request")
    assert asked.fields["stage"] == "Stage 2"
    assert asked.fields["proposed_due"] == proposed.isoformat()

    result = await complaints.act(
        handle, "record_agreement", RecordAgreementInput(by=REVIEWER.id, agreed=True)
    )
    assert result.next_due == proposed
    state = await complaints.state(handle)
    assert state.deadlines["stage_2_response"].agreed_to == proposed
    assert state.deadlines["stage_2_response"].due == proposed
    (extension,) = state.stages[Stage.STAGE_2].extensions
    assert (extension.new_due, extension.with_agreement) == (proposed, True)


# -- R-S2-3 ---------------------------------------------------------------------------------


def without_a_decision(ids: list[int]) -> SubmitResponseInput:
    inp = stage_response(ids, by=REVIEWER.id)
    return inp.model_copy(update={"response": inp.response.model_copy(update={"decisions": []})})


def with_changes(ids: list[int], decision: Decision, **changes: Any) -> SubmitResponseInput:
    inp = stage_response(ids, decision, by=REVIEWER.id)
    return inp.model_copy(update={"response": inp.response.model_copy(update=changes)})


STAGE_TWO_RESPONSES_REFUSED = [
    pytest.param(without_a_decision, ("Give a decision on every issue",), id="an issue undecided"),
    pytest.param(
        lambda ids: with_changes(ids, Decision.UPHELD, lesson=None),
        ("Record the lesson learned",),
        id="upheld without a lesson",
    ),
    pytest.param(
        lambda ids: with_changes(ids, Decision.NOT_UPHELD, reasons="Policy"),
        ("Please give the reasons, citing policy, law or good practice",),
        id="reasons too thin",
    ),
    pytest.param(
        lambda ids: with_changes(ids, Decision.NOT_UPHELD, overall=Decision.UPHELD),
        ("overall decision must follow from the decisions",),
        id="overall decision contradicts the issues",
    ),
    pytest.param(
        lambda ids: stage_response([1], by=REVIEWER.id),
        ("no issue numbered 1 at this stage",),
        id="decides the Stage 1 issue instead",
    ),
]


@pytest.mark.parametrize(("build", "words"), STAGE_TWO_RESPONSES_REFUSED)
async def test_r_s2_3_stage_2_response_is_refused_without_its_parts(
    complaints, build, words
) -> None:
    handle = await at_stage_two(complaints)
    ids = stage_issue_ids(await complaints.state(handle))
    await assert_refused(complaints, handle, "submit_response", build(ids), *words)


async def test_r_s2_3_landlord_services_stage_2_response_is_final(complaints) -> None:
    handle = await responded_at_stage_two(complaints)
    state = await complaints.state(handle)
    assert (state.stage, state.status, state.final) == (Stage.STAGE_2, Status.CLOSED, True)
    final = await the_final_letter(complaints, handle.id)
    assert final.letter == "stage_2_response"
    assert final.fields["route"]["ombudsman"] == "the Housing Ombudsman Service"
    assert final.fields["route"]["ombudsman_contact"]["website"] == "www.housing-ombudsman.org.uk"
    await assert_refused(
        complaints,
        handle,
        "request_stage_three",
        RequestStageThreeInput(),
        "Stage 3 is only for homelessness and allocations",
    )


async def test_r_s2_3_homelessness_non_tenant_stage_2_response_offers_stage_3(complaints) -> None:
    handle = await responded_at_stage_two(complaints, **HOMELESS_APPLICANT)
    state = await complaints.state(handle)
    assert (state.stage, state.status, state.final) == (Stage.STAGE_2, Status.CLOSED, False)
    (response,) = await letters_named(complaints, handle.id, "stage_2_response")
    assert response.fields["route"] == {"final": False, "next": "stage_3"}
    assert await letters_named(complaints, handle.id, "final") == []


async def test_r_s2_3_adult_social_care_final_letter_names_the_lgsco(complaints) -> None:
    handle = await responded_at_stage_two(complaints, service_area=ServiceArea.ADULT_SOCIAL_CARE)
    assert (await complaints.state(handle)).final is True
    final = await the_final_letter(complaints, handle.id)
    assert final.letter == "stage_2_response"
    assert final.fields["route"]["ombudsman"] == "the Local Government and Social Care Ombudsman"
    assert final.fields["route"]["ombudsman_contact"]["website"] == "www.lgo.org.uk"


# -- R-S3-1 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "log",
    [
        pytest.param({}, id="landlord services, a tenant"),
        pytest.param(
            {"service_area": ServiceArea.HOMELESSNESS_ALLOCATIONS},
            id="homelessness and allocations, a tenant",
        ),
        pytest.param(
            {
                "service_area": ServiceArea.HOMELESSNESS_ALLOCATIONS,
                "complainant": non_tenant().model_copy(update={"tenure": Tenure.LEASEHOLDER}),
            },
            id="homelessness and allocations, a leaseholder",
        ),
    ],
)
async def test_r_s3_1_stage_3_refused_for_tenants_and_landlord_services(complaints, log) -> None:
    handle = await responded_at_stage_two(complaints, **log)
    assert (await complaints.state(handle)).final is True
    await assert_refused(
        complaints,
        handle,
        "request_stage_three",
        RequestStageThreeInput(reasons="I want a panel"),
        "Stage 3 is only for homelessness and allocations complaints",
        "the next step is the ombudsman",
    )


async def test_r_s3_1_stage_3_is_requested_only_after_the_stage_2_response(complaints) -> None:
    handle = await responded(complaints, **HOMELESS_APPLICANT)
    await assert_refused(
        complaints,
        handle,
        "request_stage_three",
        RequestStageThreeInput(),
        "after the Stage 2 response",
        "closed after its Stage 1 response",
    )


async def test_r_s3_1_panel_due_twenty_working_days_after_the_request(complaints) -> None:
    handle = await at_stage_three(complaints)
    requested_on = await complaints.today()
    due = complaints.cal(requested_on).add_working_days(requested_on, 20)
    state = await complaints.state(handle)
    assert (state.stage, state.status) == (Stage.STAGE_3, Status.PANEL_REQUESTED)
    deadline = state.deadlines["stage_3_panel"]
    assert (deadline.basis, deadline.target, deadline.limit) == (requested_on, due, due)
    assert [i.summary for i in state.issues if i.stage == Stage.STAGE_3] == ISSUES
    assert state.escalations[-1].stage == Stage.STAGE_3


def panel(meeting_on: date, **changes: StaffMember) -> ArrangePanelInput:
    members = {
        "board_member": BOARD_MEMBER,
        "executive": EXECUTIVE,
        "head_of_service": HEAD_OF_SERVICE,
    }
    members.update(changes)
    return ArrangePanelInput(by="officer", meeting_on=meeting_on, **members)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        pytest.param({"executive": BOARD_MEMBER}, "three different people", id="one person twice"),
        pytest.param(
            {"head_of_service": HANDLER},
            f"{HANDLER.name} was involved in the complaint before",
            id="the Stage 1 handler",
        ),
        pytest.param(
            {"executive": REVIEWER},
            f"{REVIEWER.name} was involved in the complaint before",
            id="the Stage 2 reviewer",
        ),
    ],
)
async def test_r_s3_1_panel_is_three_different_people_not_involved_before(
    complaints, changes, words
) -> None:
    handle = await at_stage_three(complaints)
    today = await complaints.today()
    meeting_on = complaints.cal(today).add_working_days(today, 5)
    await assert_refused(complaints, handle, "arrange_panel", panel(meeting_on, **changes), words)


async def test_r_s3_1_panel_meets_on_a_working_day_by_the_panel_due_date(complaints) -> None:
    handle = await at_stage_three(complaints)
    due = (await complaints.state(handle)).deadlines["stage_3_panel"].due
    cal = complaints.cal(due)
    await assert_refused(
        complaints,
        handle,
        "arrange_panel",
        panel(cal.next_working_day(due)),
        f"The panel must meet by {format_due(due)}",
    )
    saturday = due + timedelta(days=(5 - due.weekday()) % 7)
    await assert_refused(
        complaints, handle, "arrange_panel", panel(saturday), "is not a future working day"
    )
    result = await complaints.act(handle, "arrange_panel", panel(due))
    assert result.status == "panel_requested"
    (invitation,) = await letters_named(complaints, handle.id, "stage_3_panel")
    assert invitation.fields["meeting_on"] == due.isoformat()
    assert invitation.fields["may_attend"] is True


async def test_r_s3_1_response_after_the_meeting_is_final_and_names_the_lgsco(complaints) -> None:
    handle = await at_stage_three(complaints)
    today = await complaints.today()
    cal = complaints.cal(today)
    meeting_on = cal.add_working_days(today, 8)
    await complaints.act(handle, "arrange_panel", panel(meeting_on))
    await assert_refused(
        complaints,
        handle,
        "submit_response",
        stage_response([3]),
        "Cannot send the Stage 3 response",
        "awaiting its Stage 3 panel",
    )
    await assert_refused(
        complaints,
        handle,
        "record_panel_meeting",
        RecordPanelMeetingInput(held_on=meeting_on),
        "cannot be in the future",
    )

    await complaints.advance_to_day(meeting_on, hour=15)
    result = await complaints.act(
        handle, "record_panel_meeting", RecordPanelMeetingInput(held_on=meeting_on)
    )
    target, limit = cal.add_working_days(meeting_on, 10), cal.add_working_days(meeting_on, 20)
    assert (result.status, result.next_due) == ("panel_held", limit)
    state = await complaints.state(handle)
    assert state.deadlines["stage_3_panel"].met_on == meeting_on
    deadline = state.deadlines["stage_3_response"]
    assert (deadline.basis, deadline.target, deadline.limit) == (meeting_on, target, limit)

    answered_on = cal.add_working_days(meeting_on, 4)
    await complaints.advance_to_day(answered_on)
    result = await complaints.act(
        handle, "submit_response", stage_response(stage_issue_ids(state), by="panel")
    )
    assert (result.stage, result.status) == ("stage_3", "closed")
    state = await complaints.state(handle)
    assert state.final is True
    assert state.deadlines["stage_3_response"].met_on == answered_on
    final = await the_final_letter(complaints, handle.id)
    assert final.letter == "stage_3_response"
    assert final.fields["route"]["ombudsman"] == "the Local Government and Social Care Ombudsman"
    assert final.fields["route"]["ombudsman_contact"]["phone"] == "0300 061 0614"
