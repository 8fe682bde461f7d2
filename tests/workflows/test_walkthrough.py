"""One complaint from first contact to a completed ombudsman order, over more than 60
working days of skipped time: every due date on the way is checked against a date
computed here, independently, with the working-day calendar (R-ACK-1, R-S1-1, R-S1-3,
R-ESC-2, R-ESC-3, R-S2-2, R-S2-3, R-EXT-1, R-EXT-2, R-SAT-1)."""

from datetime import date

from models.enums import Decision, Determination, Ombudsman, RemedyKind, Stage, Status
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AnswerEnquiryInput,
    AssignHandlerInput,
    AssignReviewerInput,
    DecideEscalationInput,
    ExtendInput,
    RecordDeterminationInput,
    RecordEnquiryInput,
    RecordOmbudsmanCaseInput,
    RecordProgressInput,
    RequestEscalationInput,
    SubmitResponseInput,
)
from models.stages import IssueDecision, OutstandingAction, Remedy, StageResponse
from rules.calendar import add_months, office_hours_on
from tests.workflows.conftest import HANDLER, REVIEWER, Complaints
from tests.workflows.test_escalation import eventually, letters_named

# What happened, in order, leaving out the bookkeeping (deadlines set and met, letters sent).
MILESTONES = [
    "logged",
    "handler_assigned",
    "accepted",
    "acknowledged",
    "extended",
    "responded",
    "lesson_recorded",
    "escalation_requested",
    "reviewer_assigned",
    "escalation_accepted",
    "extended",
    "responded",
    "ombudsman_case",
    "ombudsman_determination",
    "tracking_started",
    "action_progress",
    "action_completed",
]
BOOKKEEPING = {"deadline_set", "deadline_met", "letter_sent", "action_tracking"}
LETTERS = [
    "acknowledgement",
    "extension",
    "stage_1_response",
    "stage_2_acknowledgement",
    "extension",
    "stage_2_response",
    "satisfaction_survey",
    "action_completed",
]


async def on(complaints: Complaints, day: date) -> date:
    """Move the clock to 10:00 on `day` (a working day) and say so."""
    await complaints.advance_to_day(day)
    assert await complaints.today() == day
    return day


async def test_walkthrough_stage_1_extension_escalation_stage_2_extension_ombudsman_over_60_working_days(  # noqa: E501
    complaints,
) -> None:
    start = await complaints.start_of_working_day()
    cal = complaints.cal(start)
    wd = cal.add_working_days

    # -- first contact: logged, with the acknowledgement's target (2 WD) and limit (5 WD).
    handle = await complaints.log()
    ref = handle.id
    ack = (await complaints.state(handle)).deadlines["acknowledgement"]
    assert (ack.basis, ack.target, ack.limit) == (start, wd(start, 2), wd(start, 5))

    # -- the next working day: assigned, accepted and acknowledged; Stage 1 due in 10 WD.
    acknowledged_on = await on(complaints, wd(start, 1))
    await complaints.act(
        handle, "assign_handler", AssignHandlerInput(by="officer", handler=HANDLER)
    )
    await complaints.act(handle, "accept", AcceptInput(by="officer"))
    result = await complaints.act(
        handle,
        "acknowledge",
        AcknowledgeInput(
            by=HANDLER.id,
            definition="The boiler has not worked for three weeks",
            outcomes_sought="A working boiler and compensation",
            issues=["Boiler repair delay", "Poor communication"],
        ),
    )
    stage_1_due = wd(acknowledged_on, 10)
    assert result.next_due == stage_1_due
    state = await complaints.state(handle)
    assert state.deadlines["acknowledgement"].met_on == acknowledged_on
    stage_1 = state.deadlines["stage_1_response"]
    assert (stage_1.target, stage_1.limit, stage_1.ceiling) == (
        stage_1_due,
        stage_1_due,
        wd(stage_1_due, 10),
    )

    # -- Stage 1 extended by 5 WD, within the 10 allowed without the resident's agreement.
    await on(complaints, wd(acknowledged_on, 7))
    stage_1_extended = wd(stage_1_due, 5)
    result = await complaints.act(
        handle,
        "extend",
        ExtendInput(
            by=HANDLER.id, new_due=stage_1_extended, reason="Waiting for the engineer's report"
        ),
    )
    assert result.next_due == stage_1_extended
    assert (await complaints.state(handle)).deadlines["stage_1_response"].due == stage_1_extended

    # -- Stage 1 response on the extended date: partly upheld, with an apology and a lesson.
    stage_1_sent = await on(complaints, stage_1_extended)
    await complaints.act(
        handle,
        "submit_response",
        SubmitResponseInput(
            by=HANDLER.id,
            response=StageResponse(
                definition="The boiler was not repaired in time",
                decisions=[
                    IssueDecision(issue_id=1, decision=Decision.UPHELD, reasons="3 weeks cold"),
                    IssueDecision(
                        issue_id=2, decision=Decision.NOT_UPHELD, reasons="Calls returned"
                    ),
                ],
                reasons="Our repairs policy sets a 3 day target for loss of heating.",
                remedies=[Remedy(kind=RemedyKind.APOLOGY, description="We apologise")],
                lesson="Order boiler parts on the first visit",
            ),
        ),
    )
    state = await complaints.state(handle)
    assert state.deadlines["stage_1_response"].met_on == stage_1_sent
    assert (state.status, state.closed_on) == (Status.CLOSED, stage_1_sent)

    # -- two weeks later the resident asks to escalate: decided within 5 WD.
    requested_on = await on(complaints, wd(stage_1_sent, 10))
    result = await complaints.act(
        handle, "request_escalation", RequestEscalationInput(reasons="Still no heating")
    )
    assert result.next_due == wd(requested_on, 5)
    decision = (await complaints.state(handle)).deadlines["escalation_decision_1"]
    assert (decision.target, decision.limit) == (wd(requested_on, 5), wd(requested_on, 5))

    # -- two working days later: a reviewer who was not involved accepts; Stage 2 due 20 WD.
    accepted_on = await on(complaints, wd(requested_on, 2))
    await complaints.act(handle, "assign_reviewer", AssignReviewerInput(reviewer=REVIEWER))
    await complaints.act(
        handle,
        "decide_escalation",
        DecideEscalationInput(
            by=REVIEWER.id,
            accept=True,
            understanding="The boiler is still not working reliably",
            outcomes_sought="A new boiler and compensation",
        ),
    )
    stage_2_due = wd(accepted_on, 20)
    state = await complaints.state(handle)
    assert state.deadlines["escalation_decision_1"].met_on == accepted_on
    stage_2 = state.deadlines["stage_2_response"]
    assert (stage_2.basis, stage_2.target, stage_2.limit, stage_2.ceiling) == (
        accepted_on,
        stage_2_due,
        stage_2_due,
        wd(stage_2_due, 10),
    )
    (ack_2,) = await letters_named(complaints, ref, "stage_2_acknowledgement")
    assert ack_2.fields["response_due"] == stage_2_due.isoformat()
    assert ack_2.fields["contact"]["name"] == REVIEWER.name

    # -- Stage 2 extended by 6 WD two days before it falls due.
    await on(complaints, wd(accepted_on, 18))
    stage_2_extended = wd(stage_2_due, 6)
    await complaints.act(
        handle,
        "extend",
        ExtendInput(
            by=REVIEWER.id,
            new_due=stage_2_extended,
            reason="Waiting for the independent surveyor",
        ),
    )
    assert (await complaints.state(handle)).deadlines["stage_2_response"].due == stage_2_extended

    # -- Stage 2 response on the extended date: final, with the Housing Ombudsman's details.
    stage_2_sent = await on(complaints, stage_2_extended)
    state = await complaints.state(handle)
    stage_2_issues = [i.id for i in state.issues if i.stage == Stage.STAGE_2]
    await complaints.act(
        handle,
        "submit_response",
        SubmitResponseInput(
            by=REVIEWER.id,
            response=StageResponse(
                definition="The boiler is still not working reliably",
                decisions=[
                    IssueDecision(issue_id=i, decision=Decision.NOT_UPHELD, reasons="Fixed now")
                    for i in stage_2_issues
                ],
                reasons="The Stage 1 remedy was fair under our compensation policy.",
            ),
        ),
    )
    state = await complaints.state(handle)
    assert state.deadlines["stage_2_response"].met_on == stage_2_sent
    assert (state.final, state.survey_due) == (True, add_months(stage_2_sent, 1))
    # The Stage 2 response is the one final letter, with the ombudsman's details.
    assert await letters_named(complaints, ref, "final") == []
    (final,) = await letters_named(complaints, ref, "stage_2_response")
    assert final.fields["route"]["ombudsman"] == "the Housing Ombudsman Service"

    # -- five weeks on (the survey has gone out): the resident went to the ombudsman.
    case_on = await on(complaints, wd(stage_2_sent, 25))
    (survey,) = await letters_named(complaints, ref, "satisfaction_survey")
    assert survey.occurred_at >= office_hours_on(add_months(stage_2_sent, 1), 9)
    await complaints.act(
        handle,
        "record_ombudsman_case",
        RecordOmbudsmanCaseInput(
            by="officer",
            ombudsman=Ombudsman.HOUSING.value,
            case_reference="HOS-202700123",
            referred_on=case_on,
        ),
    )
    enquiry_due = wd(case_on, 10)
    await complaints.act(handle, "record_enquiry", RecordEnquiryInput(case_id=1, due=enquiry_due))
    enquiry = (await complaints.state(handle)).deadlines["ombudsman_1_enquiry_1"]
    assert (enquiry.target, enquiry.limit) == (enquiry_due, enquiry_due)

    # The handler is reminded two working days before the enquiry is due, and answers it.
    reminded_on = await on(complaints, cal.subtract_working_days(enquiry_due, 2))
    notices = await complaints.notices(ref)
    assert [n.staff_id for n in notices if "Ombudsman enquiry" in n.subject] == [REVIEWER.id]
    answered_on = await on(complaints, wd(reminded_on, 1))
    await complaints.act(handle, "answer_enquiry", AnswerEnquiryInput(case_id=1, enquiry_id=1))
    assert (await complaints.state(handle)).deadlines["ombudsman_1_enquiry_1"].met_on == answered_on

    # -- the determination, with one order tracked by its own workflow to completion.
    determined_on = await on(complaints, wd(answered_on, 5))
    order_due = wd(determined_on, 20)
    await complaints.act(
        handle,
        "record_determination",
        RecordDeterminationInput(
            by="officer",
            case_id=1,
            determination=Determination.SERVICE_FAILURE.value,
            orders=[OutstandingAction(what="Pay £150 for time and trouble", due=order_due)],
        ),
    )
    order = (await complaints.state(handle)).tracked["1"]
    assert (order.kind, order.due) == ("ombudsman_order", order_due)
    paid_on = await on(complaints, wd(determined_on, 5))
    await complaints.act(
        handle,
        "record_progress",
        RecordProgressInput(by=HANDLER.id, item_id="1", note="Paid by BACS", completed=True),
    )
    await eventually(
        lambda: letters_named(complaints, ref, "action_completed"), lambda found: len(found) == 1
    )

    # -- more than 60 working days have passed, and everything was on time.
    assert cal.working_days_between(start, paid_on) > 60
    state = await complaints.state(handle)
    assert state.tracked["1"].completed_on == paid_on
    assert not state.breached and state.open_deadlines == []
    assert all(d.met_on is not None and d.met_on <= d.due for d in state.deadlines.values())

    row = await complaints.row(ref)
    assert (row.stage, row.status, row.closed_on) == ("stage_2", "closed", stage_2_sent)
    assert (row.handler_id, row.reviewer_id, row.breached, row.next_due) == (
        HANDLER.id,
        REVIEWER.id,
        False,
        None,
    )

    events = await complaints.events(ref)
    assert [e.kind for e in events if e.kind not in BOOKKEEPING] == MILESTONES
    met = [e.data["key"] for e in events if e.kind == "deadline_met"]
    assert met == [
        "log",
        "acknowledgement",
        "stage_1_response",
        "escalation_decision_1",
        "stage_2_response",
        "ombudsman_1_enquiry_1",
    ]
    assert [x.letter for x in await complaints.letters(ref)] == LETTERS
