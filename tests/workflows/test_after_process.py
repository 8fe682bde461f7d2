"""After the landlord's process (R-EXT-1, R-EXT-2, R-SAT-1) and the end of a complaint's
life: real complaint and tracker workflows on the time-skipping server, real activities
writing to PostgreSQL, every date computed from the server's clock and the calendar."""

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from temporalio.client import WorkflowExecutionStatus, WorkflowHandle

from models.enums import Determination, Ombudsman, ServiceArea, Stage, Status
from models.messages import (
    AnswerEnquiryInput,
    RecordDeterminationInput,
    RecordEnquiryInput,
    RecordOmbudsmanCaseInput,
    RecordPanelMeetingInput,
    RecordProgressInput,
    RequestEscalationInput,
)
from models.stages import OutstandingAction
from rules.calendar import add_months, local_date, london_midnight, office_hours_on
from tests.workflows.conftest import HANDLER, REVIEWER, Complaints
from tests.workflows.test_escalation import (
    assert_refused,
    at_stage_three,
    eventually,
    kinds,
    letters_named,
    panel,
    responded,
    responded_at_stage_two,
    stage_issue_ids,
    stage_response,
)
from workflows.inputs import TrackerResult

HOUSING_OMBUDSMAN = {
    "name": "Housing Ombudsman Service",
    "address": "PO Box 152, Liverpool L33 7WQ",
    "phone": "0300 111 3000",
    "website": "www.housing-ombudsman.org.uk",
    "email": "info@housing-ombudsman.org.uk",
}
LGSCO = {
    "name": "Local Government and Social Care Ombudsman",
    "address": "PO Box 4771, Coventry CV4 0EH",
    "phone": "0300 061 0614",
    "website": "www.lgo.org.uk",
}


def about(moment: datetime, expected: datetime) -> bool:
    """The same instant, give or take the milliseconds the test server adds to a timer."""
    return expected <= moment < expected + timedelta(seconds=5)


async def responded_at_stage_three(complaints: Complaints) -> WorkflowHandle:
    """A homeless applicant's complaint through the Stage 3 panel and its response."""
    handle = await at_stage_three(complaints)
    today = await complaints.today()
    meeting_on = complaints.cal(today).add_working_days(today, 5)
    await complaints.act(handle, "arrange_panel", panel(meeting_on))
    await complaints.advance_to_day(meeting_on)
    await complaints.act(
        handle, "record_panel_meeting", RecordPanelMeetingInput(held_on=meeting_on)
    )
    state = await complaints.state(handle)
    await complaints.act(
        handle, "submit_response", stage_response(stage_issue_ids(state), by="panel")
    )
    return handle


async def closed_finally(complaints: Complaints) -> WorkflowHandle:
    """A landlord services complaint answered at Stage 2: the end of the landlord's process."""
    handle = await responded_at_stage_two(complaints)
    assert (await complaints.state(handle)).final
    return handle


async def record_case(complaints: Complaints, handle: WorkflowHandle) -> None:
    await complaints.act(
        handle,
        "record_ombudsman_case",
        RecordOmbudsmanCaseInput(
            by="officer",
            ombudsman=Ombudsman.HOUSING.value,
            case_reference="HOS-202612345",
            referred_on=await complaints.today(),
        ),
    )


# -- R-EXT-1 ---------------------------------------------------------------------------------


ROUTES = [
    pytest.param(
        closed_finally, Stage.STAGE_2, HOUSING_OMBUDSMAN, id="landlord services: Housing Ombudsman"
    ),
    pytest.param(
        lambda complaints: responded_at_stage_two(
            complaints, service_area=ServiceArea.ADULT_SOCIAL_CARE
        ),
        Stage.STAGE_2,
        LGSCO,
        id="adult social care: LGSCO after Stage 2",
    ),
    pytest.param(
        lambda complaints: responded_at_stage_two(
            complaints, service_area=ServiceArea.HOMELESSNESS_ALLOCATIONS
        ),
        Stage.STAGE_2,
        LGSCO,
        id="homelessness and allocations, a tenant: LGSCO after Stage 2",
    ),
    pytest.param(
        responded_at_stage_three,
        Stage.STAGE_3,
        LGSCO,
        id="homelessness and allocations, not a tenant: LGSCO after Stage 3",
    ),
]


@pytest.mark.parametrize(("reach", "last", "ombudsman"), ROUTES)
async def test_r_ext_1_final_letter_names_the_ombudsman_and_how_to_reach_them(
    complaints, reach, last, ombudsman
) -> None:
    handle = await reach(complaints)
    state = await complaints.state(handle)
    assert (state.stage, state.status, state.final) == (last, Status.CLOSED, True)

    letters = await complaints.letters(handle.id)
    # The last stage's response is the one final letter (issue 15: not a second letter).
    assert [x for x in letters if x.letter == "final"] == []
    (response,) = [x for x in letters if x.letter == f"{last.value}_response"]
    assert response.fields["route"]["final"] is True
    assert response.fields["route"]["ombudsman"] == f"the {ombudsman['name']}"
    assert response.fields["route"]["ombudsman_contact"] == ombudsman
    assert response.fields["reference"] == handle.id
    # Every earlier response pointed onwards, not to the ombudsman.
    earlier = [x for x in letters if x.letter.endswith("_response") and x.seq < response.seq]
    assert all(x.fields["route"]["final"] is False for x in earlier)


# -- R-EXT-2 ---------------------------------------------------------------------------------


async def test_r_ext_2_ombudsman_case_is_recorded_against_the_complaint(complaints) -> None:
    handle = await closed_finally(complaints)
    today = await complaints.today()
    referred_on = complaints.cal(today).subtract_working_days(today, 2)
    result = await complaints.act(
        handle,
        "record_ombudsman_case",
        RecordOmbudsmanCaseInput(
            by="officer",
            ombudsman=Ombudsman.HOUSING.value,
            case_reference="HOS-202612345",
            referred_on=referred_on,
        ),
    )
    assert result.message == "Ombudsman case recorded"
    (case,) = (await complaints.state(handle)).ombudsman_cases
    assert (case.id, case.ombudsman, case.case_reference, case.referred_on) == (
        1,
        Ombudsman.HOUSING,
        "HOS-202612345",
        referred_on,
    )
    assert case.determination is None and case.enquiries == []
    (event,) = [e for e in await complaints.events(handle.id) if e.kind == "ombudsman_case"]
    assert event.actor == "officer"
    assert event.data == {"case_id": 1, "ombudsman": "housing_ombudsman"}


async def test_r_ext_2_ombudsman_case_refused_for_an_unknown_ombudsman_or_a_future_date(
    complaints,
) -> None:
    handle = await closed_finally(complaints)
    today = await complaints.today()
    message = await assert_refused(
        complaints,
        handle,
        "record_ombudsman_case",
        RecordOmbudsmanCaseInput(ombudsman="the press", case_reference="X1", referred_on=today),
        "Choose the ombudsman",
    )
    assert all(o.value in message for o in Ombudsman)
    await assert_refused(
        complaints,
        handle,
        "record_ombudsman_case",
        RecordOmbudsmanCaseInput(
            ombudsman=Ombudsman.HOUSING.value,
            case_reference="X1",
            referred_on=today + timedelta(days=1),
        ),
        "referral date cannot be in the future",
    )


async def test_r_ext_2_enquiry_deadline_is_reminded_and_met_when_answered(complaints) -> None:
    handle = await closed_finally(complaints)
    await record_case(complaints, handle)
    today = await complaints.today()
    cal = complaints.cal(today)
    due = cal.add_working_days(today, 10)
    await complaints.act(handle, "record_enquiry", RecordEnquiryInput(case_id=1, due=due))

    key = "ombudsman_1_enquiry_1"
    deadline = (await complaints.state(handle)).deadlines[key]
    assert (deadline.target, deadline.limit, deadline.staff_id) == (due, due, REVIEWER.id)
    assert deadline.is_open and not deadline.reminded

    remind_on = cal.subtract_working_days(due, 2)

    def reminders(notices: list[Any]) -> list[Any]:
        return [n for n in notices if n.subject.startswith("Reminder: Ombudsman enquiry")]

    await complaints.advance_to_day(cal.subtract_working_days(remind_on, 1))
    assert reminders(await complaints.notices(handle.id)) == []
    await complaints.advance_to_day(remind_on)
    (reminder,) = reminders(await complaints.notices(handle.id))
    assert reminder.staff_id == REVIEWER.id
    assert about(reminder.occurred_at, office_hours_on(remind_on, 9))
    assert (await complaints.state(handle)).deadlines[key].reminded

    answered_on = cal.next_working_day(remind_on)
    await complaints.advance_to_day(answered_on)
    await complaints.act(handle, "answer_enquiry", AnswerEnquiryInput(case_id=1, enquiry_id=1))
    state = await complaints.state(handle)
    assert state.deadlines[key].met_on == answered_on
    assert state.ombudsman_cases[0].enquiries[0].answered_on == answered_on
    events = await complaints.events(handle.id)
    assert [e.kind for e in events if e.data.get("key") == key] == ["deadline_set", "deadline_met"]
    await assert_refused(
        complaints,
        handle,
        "answer_enquiry",
        AnswerEnquiryInput(case_id=1, enquiry_id=1),
        "no open enquiry numbered 1",
    )


async def test_r_ext_2_enquiry_refused_for_an_unknown_case_or_a_past_deadline(complaints) -> None:
    handle = await closed_finally(complaints)
    await record_case(complaints, handle)
    today = await complaints.today()
    await assert_refused(
        complaints,
        handle,
        "record_enquiry",
        RecordEnquiryInput(case_id=2, due=today + timedelta(days=14)),
        "no ombudsman case numbered 2",
    )
    await assert_refused(
        complaints,
        handle,
        "record_enquiry",
        RecordEnquiryInput(case_id=1, due=today - timedelta(days=1)),
        "deadline is already past",
    )
    await assert_refused(
        complaints,
        handle,
        "answer_enquiry",
        AnswerEnquiryInput(case_id=1, enquiry_id=1),
        "no open enquiry numbered 1",
    )


async def test_r_ext_2_determination_is_recorded_and_an_unknown_one_refused(complaints) -> None:
    handle = await closed_finally(complaints)
    await record_case(complaints, handle)
    today = await complaints.today()
    message = await assert_refused(
        complaints,
        handle,
        "record_determination",
        RecordDeterminationInput(case_id=1, determination="very bad"),
        "Choose the determination",
    )
    assert all(d.value in message for d in Determination)
    await assert_refused(
        complaints,
        handle,
        "record_determination",
        RecordDeterminationInput(
            case_id=1,
            determination=Determination.SERVICE_FAILURE.value,
            orders=[OutstandingAction(what="Pay £100", due=today - timedelta(days=1))],
        ),
        "The order 'Pay £100' has a due date in the past",
    )

    await complaints.act(
        handle,
        "record_determination",
        RecordDeterminationInput(
            by="officer", case_id=1, determination=Determination.NO_MALADMINISTRATION.value
        ),
    )
    (case,) = (await complaints.state(handle)).ombudsman_cases
    assert (case.determination, case.determined_on, case.orders) == (
        Determination.NO_MALADMINISTRATION,
        today,
        [],
    )
    events = await complaints.events(handle.id)
    (event,) = [e for e in events if e.kind == "ombudsman_determination"]
    assert event.summary == "Ombudsman determination: no maladministration"
    await assert_refused(
        complaints,
        handle,
        "record_determination",
        RecordDeterminationInput(case_id=1, determination=Determination.MALADMINISTRATION.value),
        "determination is already recorded",
    )
    await assert_refused(
        complaints,
        handle,
        "record_enquiry",
        RecordEnquiryInput(case_id=1, due=today + timedelta(days=14)),
        "already determined this case",
    )


async def test_r_ext_2_each_order_is_tracked_by_its_own_tracker_to_completion(complaints) -> None:
    handle = await closed_finally(complaints)
    await record_case(complaints, handle)
    today = await complaints.today()
    cal = complaints.cal(today)
    orders = [
        OutstandingAction(what="Pay compensation of £250", due=cal.add_working_days(today, 20)),
        OutstandingAction(what="Review the repairs policy", due=cal.add_working_days(today, 40)),
    ]
    await complaints.act(
        handle,
        "record_determination",
        RecordDeterminationInput(
            by="officer",
            case_id=1,
            determination=Determination.MALADMINISTRATION.value,
            orders=orders,
        ),
    )
    state = await complaints.state(handle)
    assert state.ombudsman_cases[0].orders == ["1", "2"]
    items = [state.tracked[i] for i in ("1", "2")]
    assert [(i.kind, i.what, i.due) for i in items] == [
        ("ombudsman_order", o.what, o.due) for o in orders
    ]
    trackers = [complaints.env.client.get_workflow_handle(i.workflow_id) for i in items]
    for tracker in trackers:
        described = await tracker.describe()
        assert (described.workflow_type, described.status) == (
            "TrackerWorkflow",
            WorkflowExecutionStatus.RUNNING,
        )
    assert (await kinds(complaints, handle.id)).count("tracking_started") == 2

    paid_on = cal.add_working_days(today, 3)
    await complaints.advance_to_day(paid_on)
    await complaints.act(
        handle,
        "record_progress",
        RecordProgressInput(
            by=HANDLER.id, item_id="1", note="Paid by bank transfer", completed=True
        ),
    )
    await eventually(trackers[0].describe, lambda d: d.status == WorkflowExecutionStatus.COMPLETED)
    result = TrackerResult.model_validate(await trackers[0].result())
    assert (result.item_id, result.completed_on) == ("1", paid_on)
    assert (await trackers[1].describe()).status == WorkflowExecutionStatus.RUNNING
    state = await complaints.state(handle)
    assert (state.tracked["1"].completed_on, state.tracked["2"].completed_on) == (paid_on, None)
    await assert_refused(
        complaints,
        handle,
        "record_progress",
        RecordProgressInput(item_id="1", note="Paid again", completed=True),
        "was completed on",
    )

    reviewed_on = cal.add_working_days(paid_on, 5)
    await complaints.advance_to_day(reviewed_on)
    await complaints.act(
        handle,
        "record_progress",
        RecordProgressInput(by=HANDLER.id, item_id="2", note="Policy reviewed", completed=True),
    )
    await eventually(trackers[1].describe, lambda d: d.status == WorkflowExecutionStatus.COMPLETED)
    state = await complaints.state(handle)
    assert all(item.completed_on is not None for item in state.tracked.values())
    done = [e for e in await complaints.events(handle.id) if e.kind == "action_completed"]
    assert [(e.data["item_id"], e.data["on"]) for e in done] == [
        ("1", paid_on.isoformat()),
        ("2", reviewed_on.isoformat()),
    ]
    told = await eventually(
        lambda: letters_named(complaints, handle.id, "action_completed"),
        lambda found: len(found) == 2,
    )
    assert [x.fields["what"] for x in told] == [o.what for o in orders]


# -- R-SAT-1 ---------------------------------------------------------------------------------


async def test_r_sat_1_survey_goes_out_one_calendar_month_after_closure(complaints) -> None:
    handle = await responded(complaints)
    closed_on = await complaints.today()
    survey_on = add_months(closed_on, 1)
    state = await complaints.state(handle)
    assert (state.closed_on, state.survey_due, state.survey_sent_on) == (
        closed_on,
        survey_on,
        None,
    )

    await complaints.advance_to(london_midnight(survey_on) - timedelta(minutes=1))
    assert await letters_named(complaints, handle.id, "satisfaction_survey") == []
    await complaints.advance_to_day(survey_on, hour=8)
    assert await letters_named(complaints, handle.id, "satisfaction_survey") == []

    await complaints.advance_to_day(survey_on, hour=12)
    (survey,) = await letters_named(complaints, handle.id, "satisfaction_survey")
    assert about(survey.occurred_at, office_hours_on(survey_on, 9))
    assert local_date(survey.occurred_at) == survey_on
    assert survey.fields["reference"] == handle.id
    assert (await complaints.state(handle)).survey_sent_on == survey_on

    # One survey per closure: a month later there is still only one.
    await complaints.advance(timedelta(days=31))
    assert len(await letters_named(complaints, handle.id, "satisfaction_survey")) == 1


async def test_r_sat_1_no_survey_while_an_escalation_is_being_decided(complaints) -> None:
    handle = await responded(complaints)
    closed_on = await complaints.today()
    await complaints.act(handle, "request_escalation", RequestEscalationInput(reasons="Still cold"))
    assert (await complaints.state(handle)).survey_due is None
    await complaints.advance_to_day(add_months(closed_on, 1), hour=12)
    assert await letters_named(complaints, handle.id, "satisfaction_survey") == []


# -- the end of a complaint's life -------------------------------------------------------


async def test_complaint_workflow_completes_after_survey_and_twelve_months_retention(
    complaints,
) -> None:
    handle = await closed_finally(complaints)
    closed_on = await complaints.today()
    retain_until = add_months(closed_on, 12)
    state = await complaints.state(handle)
    assert (state.retain_until, state.open_deadlines, state.tracked) == (retain_until, [], {})

    # result() lets the test server skip time by itself, to the end of the retention.
    final = await asyncio.wait_for(handle.result(), timeout=60)
    assert (final.stage, final.status, final.final) == (Stage.STAGE_2, Status.COMPLETED, True)
    assert (await complaints.row(handle.id)).status == Status.COMPLETED.value
    assert final.survey_sent_on == add_months(closed_on, 1)
    assert final.retain_until == retain_until
    assert await complaints.now() >= london_midnight(retain_until)
    events = await complaints.events(handle.id)
    assert events[-1].kind == "completed"
    assert about(events[-1].occurred_at, london_midnight(retain_until))
    assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED


async def test_complaint_workflow_does_not_complete_while_an_order_is_open(complaints) -> None:
    handle = await closed_finally(complaints)
    closed_on = await complaints.today()
    await record_case(complaints, handle)
    due = complaints.cal(closed_on).add_working_days(closed_on, 10)
    await complaints.act(
        handle,
        "record_determination",
        RecordDeterminationInput(
            case_id=1,
            determination=Determination.SERVICE_FAILURE.value,
            orders=[OutstandingAction(what="Apologise in writing", due=due)],
        ),
    )
    await complaints.advance_to_day(add_months(closed_on, 12) + timedelta(days=2))
    assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING
    assert "completed" not in await kinds(complaints, handle.id)
    # The tracker told the manager the order is overdue, and kept the resident informed.
    notices = await complaints.notices(handle.id)
    assert any(n.subject.startswith("Action overdue: Apologise in writing") for n in notices)

    done_on = await complaints.today()
    await complaints.act(
        handle,
        "record_progress",
        RecordProgressInput(item_id="1", note="Apology letter sent", completed=True),
    )
    final = await asyncio.wait_for(handle.result(), timeout=60)
    assert final.status == Status.COMPLETED
    assert final.tracked["1"].completed_on == done_on
