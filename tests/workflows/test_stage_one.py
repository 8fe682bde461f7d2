"""Stage 1 end to end (R-S1-1 to R-S1-7): real complaint workflows on the time-skipping
server, real activities writing to PostgreSQL. Every date is computed from the server's
clock and the working-day calendar, never written in."""

import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.client import WorkflowHandle

from models.complaint import ComplaintState
from models.enums import Decision, RemedyKind, Stage, Status
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AddIssueInput,
    AssignHandlerInput,
    ExtendInput,
    RecordAgreementInput,
    RequestAgreementInput,
    SubmitResponseInput,
)
from models.stages import IssueDecision, OutstandingAction, Remedy, StageResponse
from rules.calendar import LONDON, WorkingCalendar, add_months, overdue_from
from store.tables import ReferenceCounter
from tests.harness import assert_refused, eventually
from tests.workflows.conftest import HANDLER, Complaints

ISSUES = ["Boiler repair delay", "Poor communication"]
RESPONSE_KEY = "stage_1_response"


# -- helpers --------------------------------------------------------------------------------


async def opened(complaints: Complaints, on: date | None = None) -> WorkflowHandle:
    """A complaint logged, accepted and acknowledged at Stage 1 today (or on `on`)."""
    if on is None:
        await complaints.start_of_working_day()
    else:
        await complaints.advance_to_day(on)
    handle = await complaints.log()
    await complaints.act(
        handle, "assign_handler", AssignHandlerInput(by="officer", handler=HANDLER)
    )
    await complaints.act(handle, "accept", AcceptInput(by="officer"))
    await complaints.act(
        handle,
        "acknowledge",
        AcknowledgeInput(
            by=HANDLER.id, definition="Boiler broken", outcomes_sought="Fix it", issues=ISSUES
        ),
    )
    return handle


def answer(**changes: Any) -> SubmitResponseInput:
    """A complete Stage 1 response on the two issues; `changes` replace its parts."""
    fields: dict[str, Any] = {
        "definition": "The boiler was not repaired in time",
        "decisions": [
            IssueDecision(issue_id=1, decision=Decision.UPHELD, reasons="Repair took 3 weeks"),
            IssueDecision(issue_id=2, decision=Decision.NOT_UPHELD, reasons="Calls returned"),
        ],
        "reasons": "Our repairs policy sets a 3 day target for loss of heating.",
        "remedies": [Remedy(kind=RemedyKind.APOLOGY, description="We apologise")],
        "lesson": "Order boiler parts on the first visit",
    }
    fields.update(changes)
    return SubmitResponseInput(by=HANDLER.id, response=StageResponse(**fields))


async def response_due(complaints: Complaints, handle: WorkflowHandle) -> date:
    return (await complaints.state(handle)).deadlines[RESPONSE_KEY].due


def london(moment: datetime) -> datetime:
    """A recorded instant in London time, to the minute (timers fire a few ms late)."""
    return moment.astimezone(LONDON).replace(second=0, microsecond=0)


def in_office_hours(moment: datetime, cal: WorkingCalendar) -> bool:
    local = london(moment)
    return cal.is_working_day(local.date()) and time(9) <= local.time() < time(17, 30)


# -- R-S1-1 ---------------------------------------------------------------------------------


async def test_r_s1_1_response_due_ten_working_days_after_acknowledgement(complaints) -> None:
    handle = await opened(complaints)
    acknowledged = await complaints.today()
    expected = complaints.cal(acknowledged).add_working_days(acknowledged, 10)
    deadline = (await complaints.state(handle)).deadlines[RESPONSE_KEY]
    assert (deadline.basis, deadline.target, deadline.limit) == (acknowledged, expected, expected)
    (letter,) = [x for x in await complaints.letters(handle.id) if x.letter == "acknowledgement"]
    assert letter.fields["response_due"] == expected.isoformat()


async def test_r_s1_1_response_sent_late_on_the_due_date_meets_it(complaints) -> None:
    handle = await opened(complaints)
    due = await response_due(complaints, handle)
    await complaints.advance_to_day(due, hour=23)
    await complaints.act(handle, "submit_response", answer())
    state = await complaints.state(handle)
    assert state.deadlines[RESPONSE_KEY].met_on == due
    kinds = [e.kind for e in await complaints.events(handle.id)]
    assert "deadline_met" in kinds
    assert "limit_missed" not in kinds and "deadline_met_late" not in kinds


# -- R-S1-2 ---------------------------------------------------------------------------------


def friday_due_before_a_plain_weekend(cal: WorkingCalendar, after: date) -> date:
    """A working day to acknowledge on whose response falls due on a Friday followed by a
    working Monday, so a missed limit is noticed over the weekend."""
    day = cal.next_working_day(after)
    while True:
        due = cal.add_working_days(day, 10)
        if due.weekday() == 4 and cal.next_working_day(due) == due + timedelta(days=3):
            return day
        day = cal.next_working_day(day)


async def test_r_s1_2_handler_reminded_and_manager_told_on_monday_at_nine(complaints) -> None:
    today = await complaints.today()
    cal = complaints.cal(today)
    acknowledge_on = friday_due_before_a_plain_weekend(cal, today)
    handle = await opened(complaints, on=acknowledge_on)
    due = await response_due(complaints, handle)
    monday = due + timedelta(days=3)
    await complaints.advance_to_day(monday, hour=11)

    notices = await complaints.notices(handle.id)
    reminders = [n for n in notices if n.staff_id == HANDLER.id and "Stage 1 response" in n.subject]
    assert [london(n.occurred_at) for n in reminders] == [
        datetime.combine(cal.subtract_working_days(due, 2), time(9), tzinfo=LONDON)
    ]
    to_manager = [n for n in notices if n.staff_id == HANDLER.manager_id]
    assert [(london(n.occurred_at), n.subject.split(":")[0]) for n in to_manager] == [
        (datetime.combine(monday, time(9), tzinfo=LONDON), "Deadline missed")
    ]
    assert all(in_office_hours(n.occurred_at, cal) for n in notices)
    (missed,) = [e for e in await complaints.events(handle.id) if e.kind == "limit_missed"]
    assert london(missed.occurred_at) == london(
        overdue_from(due)
    )  # recorded at Saturday 00:00, told Monday
    assert (await complaints.row(handle.id)).breached


# -- R-S1-3 ---------------------------------------------------------------------------------


async def test_r_s1_3_extension_letter_and_new_due_date(complaints) -> None:
    handle = await opened(complaints)
    due = await response_due(complaints, handle)
    cal = complaints.cal(due)
    first, ceiling = cal.add_working_days(due, 3), cal.add_working_days(due, 10)
    assert (await complaints.state(handle)).deadlines[RESPONSE_KEY].ceiling == ceiling

    reason = "Waiting for the contractor's report"
    result = await complaints.act(
        handle, "extend", ExtendInput(by=HANDLER.id, new_due=first, reason=reason)
    )
    assert result.next_due == first
    (letter,) = [x for x in await complaints.letters(handle.id) if x.letter == "extension"]
    assert (letter.fields["reason"], letter.fields["new_due"]) == (reason, first.isoformat())
    assert letter.fields["previous_due"] == due.isoformat()

    # A further extension, up to 10 working days beyond the original date in total.
    await complaints.act(
        handle,
        "extend",
        ExtendInput(by=HANDLER.id, new_due=ceiling, reason="The surveyor's visit has moved"),
    )
    state = await complaints.state(handle)
    assert state.deadlines[RESPONSE_KEY].due == ceiling
    assert [e.new_due for e in state.stages[Stage.STAGE_1].extensions] == [first, ceiling]
    assert [e.kind for e in await complaints.events(handle.id)].count("extended") == 2
    await assert_refused(
        complaints,
        handle,
        "extend",
        ExtendInput(new_due=cal.add_working_days(ceiling, 1), reason="Waiting for the surveyor"),
        "agreement",
    )


def first_weekend_day_after(day: date) -> date:
    return day + timedelta(days=(5 - day.weekday()) % 7 or 7)


EXTENSION_REFUSALS = [
    pytest.param(
        lambda due, cal: cal.add_working_days(due, 2),
        "Not prioritised by the repairs team",
        ("Not prioritised", "not a reason"),
        id="not prioritised is no reason",
    ),
    pytest.param(
        lambda due, cal: cal.add_working_days(due, 11),
        "Waiting for the surveyor's report",
        ("beyond the 10 further working days", "agreement"),
        id="beyond the ceiling without agreement",
    ),
    pytest.param(
        lambda due, cal: first_weekend_day_after(due),
        "Waiting for the surveyor's report",
        ("not a working day",),
        id="a weekend day",
    ),
    pytest.param(
        lambda due, cal: cal.subtract_working_days(due, 1),
        "Waiting for the surveyor's report",
        ("must be after the current due date",),
        id="an earlier date",
    ),
]


@pytest.mark.parametrize(("new_due", "reason", "words"), EXTENSION_REFUSALS)
async def test_r_s1_3_extension_refused(complaints, new_due, reason, words) -> None:
    handle = await opened(complaints)
    due = await response_due(complaints, handle)
    inp = ExtendInput(by=HANDLER.id, new_due=new_due(due, complaints.cal(due)), reason=reason)
    await assert_refused(complaints, handle, "extend", inp, *words)


# -- R-S1-4 ---------------------------------------------------------------------------------


async def ask_for_a_later_date(complaints: Complaints, handle: WorkflowHandle) -> date:
    due = await response_due(complaints, handle)
    cal = complaints.cal(due)
    proposed = cal.add_working_days(due, 15)
    await complaints.act(
        handle,
        "request_agreement",
        RequestAgreementInput(
            by=HANDLER.id, proposed_due=proposed, reason="Major works need planning"
        ),
    )
    (letter,) = [x for x in await complaints.letters(handle.id) if x.letter == "agreement_request"]
    assert letter.fields["proposed_due"] == proposed.isoformat()
    return proposed


async def test_r_s1_4_agreed_date_beyond_the_ceiling_is_accepted(complaints) -> None:
    handle = await opened(complaints)
    proposed = await ask_for_a_later_date(complaints, handle)
    await complaints.act(
        handle, "record_agreement", RecordAgreementInput(by=HANDLER.id, agreed=True)
    )
    state = await complaints.state(handle)
    deadline = state.deadlines[RESPONSE_KEY]
    assert deadline.ceiling < proposed
    assert (deadline.agreed_to, deadline.due) == (proposed, proposed)
    assert state.stages[Stage.STAGE_1].extensions[-1].with_agreement
    (letter,) = [x for x in await complaints.letters(handle.id) if x.letter == "extension"]
    assert letter.fields["new_due"] == proposed.isoformat()
    assert "agreement_recorded" in [e.kind for e in await complaints.events(handle.id)]


async def test_r_s1_4_no_agreement_gives_ombudsman_details_and_stays_open_flagged(
    complaints,
) -> None:
    handle = await opened(complaints)
    due = await response_due(complaints, handle)
    await ask_for_a_later_date(complaints, handle)
    result = await complaints.act(
        handle,
        "record_agreement",
        RecordAgreementInput(by=HANDLER.id, agreed=False, note="Wants it sooner"),
    )
    assert result.status == Status.OPEN.value
    (letter,) = [x for x in await complaints.letters(handle.id) if x.letter == "no_agreement"]
    contact = letter.fields["ombudsman_contact"]
    assert contact["name"] == "Housing Ombudsman Service"
    assert (contact["phone"], contact["website"]) == (
        "0300 111 3000",
        "www.housing-ombudsman.org.uk",
    )
    state = await complaints.state(handle)
    assert state.status == Status.OPEN and state.stages[Stage.STAGE_1].agreement_refused
    assert state.deadlines[RESPONSE_KEY].due == due
    row = await complaints.row(handle.id)
    assert row.status == Status.OPEN.value and row.flagged and state.flagged
    assert "Flagged" in await complaints.current_details(handle)


# -- R-S1-5 ---------------------------------------------------------------------------------


async def test_r_s1_5_issue_added_before_the_response_must_be_decided_in_it(complaints) -> None:
    handle = await opened(complaints)
    await complaints.act(
        handle, "add_issue", AddIssueInput(by=HANDLER.id, summary="Damp in the bedroom")
    )
    state = await complaints.state(handle)
    assert [(i.id, i.summary, i.stage) for i in state.issues][-1] == (
        3,
        "Damp in the bedroom",
        Stage.STAGE_1,
    )
    assert state.linked_complaints == []

    await assert_refused(
        complaints, handle, "submit_response", answer(), "missing: 3 (Damp in the bedroom)"
    )
    decisions = [
        *answer().response.decisions,
        IssueDecision(issue_id=3, decision=Decision.UPHELD, reasons="Damp survey overdue"),
    ]
    await complaints.act(handle, "submit_response", answer(decisions=decisions))
    state = await complaints.state(handle)
    assert [i.decision for i in state.issues] == [
        Decision.UPHELD,
        Decision.NOT_UPHELD,
        Decision.UPHELD,
    ]


async def reference_counter(complaints: Complaints, year: int) -> int:
    async with complaints.sessionmaker() as session:
        counter = await session.scalar(
            select(ReferenceCounter.last_value).where(
                ReferenceCounter.prefix == "CMP", ReferenceCounter.year == year
            )
        )
    return counter or 0


@pytest.mark.parametrize(
    ("respond_first", "as_new_complaint"),
    [
        pytest.param(True, False, id="raised after the response"),
        pytest.param(False, True, id="raised before it but would delay it"),
    ],
)
async def test_r_s1_5_issue_becomes_a_new_linked_complaint(
    complaints, respond_first: bool, as_new_complaint: bool
) -> None:
    handle = await opened(complaints)
    if respond_first:
        await complaints.act(handle, "submit_response", answer())
    year = (await complaints.today()).year
    counter_before = await reference_counter(complaints, year)
    await complaints.act(
        handle,
        "add_issue",
        AddIssueInput(
            by=HANDLER.id, summary="Damp in the bedroom", as_new_complaint=as_new_complaint
        ),
    )
    original = await complaints.state(handle)
    assert [i.summary for i in original.issues] == ISSUES
    (linked,) = original.linked_complaints
    assert re.fullmatch(rf"CMP-{year}-\d{{6}}", linked)
    assert int(linked[-6:]) == await reference_counter(complaints, year) > counter_before

    child = complaints.env.client.get_workflow_handle(linked)
    state: ComplaintState = await child.query("complaint", result_type=ComplaintState)
    assert (state.intake.linked_to, state.intake.description) == (handle.id, "Damp in the bedroom")
    assert state.status == Status.RECEIVED
    row = await eventually(lambda: complaints.row(linked), lambda r: r is not None)
    assert row.status == Status.RECEIVED.value
    split = [e for e in await complaints.events(handle.id) if e.kind == "split_off"]
    assert [e.data["linked"] for e in split] == [linked]


# -- R-S1-6 ---------------------------------------------------------------------------------


RESPONSE_REFUSALS = [
    pytest.param(
        {"decisions": answer().response.decisions[:1]},
        ("decision on every issue", "2 (Poor communication)"),
        id="a decision on each issue",
    ),
    pytest.param({"reasons": "Policy."}, ("reasons, citing policy",), id="reasons"),
    pytest.param(
        {
            "decisions": [
                IssueDecision(issue_id=1, decision=Decision.UPHELD, reasons="Repair late"),
                IssueDecision(issue_id=2, decision=Decision.UPHELD, reasons="No call back"),
            ],
            "lesson": None,
        },
        ("lesson learned",),
        id="a lesson when upheld",
    ),
    pytest.param(
        {"overall": Decision.UPHELD},
        ("overall decision must follow", "'partially upheld', not 'upheld'"),
        id="an overall decision the issues do not give",
    ),
]


@pytest.mark.parametrize(("changes", "words"), RESPONSE_REFUSALS)
async def test_r_s1_6_response_refused_without_its_parts(complaints, changes, words) -> None:
    handle = await opened(complaints)
    await assert_refused(complaints, handle, "submit_response", answer(**changes), *words)


async def test_r_s1_6_response_sent_with_actions_outstanding_holds_every_part(complaints) -> None:
    handle = await opened(complaints)
    today = await complaints.today()
    cal = complaints.cal(today)
    action = OutstandingAction(what="Replace the boiler", due=cal.add_working_days(today, 20))
    result = await complaints.act(handle, "submit_response", answer(actions=[action]))
    assert result.status == Status.CLOSED.value

    state = await complaints.state(handle)
    assert state.stages[Stage.STAGE_1].responded_on == today
    assert [(i.what, i.due, i.completed_on) for i in state.tracked.values()] == [
        ("Replace the boiler", action.due, None)
    ]
    (letter,) = [x for x in await complaints.letters(handle.id) if x.letter == "stage_1_response"]
    fields = letter.fields
    assert (fields["stage"], fields["definition"]) == (
        "Stage 1",
        "The boiler was not repaired in time",
    )
    assert [(d["issue_id"], d["decision"]) for d in fields["decisions"]] == [
        (1, "upheld"),
        (2, "not_upheld"),
    ]
    assert fields["overall"] == "partially_upheld"
    assert fields["reasons"] == answer().response.reasons
    assert [r["kind"] for r in fields["remedies"]] == ["apology"]
    assert [(a["what"], a["due"]) for a in fields["actions"]] == [
        ("Replace the boiler", action.due.isoformat())
    ]
    assert fields["route"]["next"] == "stage_2"
    assert fields["route"]["escalate_by"] == add_months(today, 6).isoformat()


# -- R-S1-7 ---------------------------------------------------------------------------------


async def test_r_s1_7_response_naming_staff_refused_unless_complaint_is_about_them(
    complaints,
) -> None:
    handle = await opened(complaints)
    await assert_refused(
        complaints,
        handle,
        "submit_response",
        answer(names_staff=True),
        "must not name individual staff",
    )
    await complaints.act(
        handle, "submit_response", answer(names_staff=True, complaint_is_about_staff=True)
    )
    assert (await complaints.state(handle)).stages[Stage.STAGE_1].response.names_staff


async def test_r_s1_7_a_response_whose_text_names_the_handler_is_refused(complaints) -> None:
    handle = await opened(complaints)
    await assert_refused(
        complaints,
        handle,
        "submit_response",
        answer(reasons=f"{HANDLER.name} checked our repairs policy."),
        f"The response names {HANDLER.name}",
        "Describe their role instead",
    )
    await complaints.act(
        handle,
        "submit_response",
        answer(reasons=f"{HANDLER.name} did not return your calls.", complaint_is_about_staff=True),
    )
    [letter] = [x for x in await complaints.letters(handle.id) if x.letter == "stage_1_response"]
    assert letter.fields["staff_names"] == [HANDLER.name]
    assert letter.fields["complaint_is_about_staff"] is True


# -- refused actions: bad input ---------------------------------------------------------------


async def test_r_s1_3_extend_refused_before_a_response_is_due(complaints) -> None:
    await complaints.start_of_working_day()
    handle = await complaints.log()
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    await complaints.act(handle, "accept", AcceptInput(by="officer"))
    later = complaints.cal(await complaints.today()).add_working_days(await complaints.today(), 12)
    await assert_refused(
        complaints,
        handle,
        "extend",
        ExtendInput(new_due=later, reason="Waiting for the surveyor"),
        "Cannot extend the response date",
        "awaiting acknowledgement",
    )


async def test_r_s1_3_extend_refused_once_the_response_is_sent(complaints) -> None:
    handle = await opened(complaints)
    due = await response_due(complaints, handle)
    await complaints.act(handle, "submit_response", answer())
    await assert_refused(
        complaints,
        handle,
        "extend",
        ExtendInput(
            new_due=complaints.cal(due).add_working_days(due, 2), reason="Waiting for the surveyor"
        ),
        "Cannot extend the response date",
        "closed after its Stage 1 response",
    )


async def test_r_s1_4_agreement_refused_for_a_date_within_the_ceiling(complaints) -> None:
    handle = await opened(complaints)
    due = await response_due(complaints, handle)
    within = complaints.cal(due).add_working_days(due, 10)
    await assert_refused(
        complaints,
        handle,
        "request_agreement",
        RequestAgreementInput(proposed_due=within, reason="Major works need planning"),
        "within the extension the Code allows",
        "extend the date instead",
    )


async def test_r_s1_4_answer_refused_when_no_agreement_was_asked(complaints) -> None:
    handle = await opened(complaints)
    await assert_refused(
        complaints,
        handle,
        "record_agreement",
        RecordAgreementInput(agreed=True),
        "Ask the resident to agree a later date",
    )


async def test_r_s1_6_response_refused_when_sent_twice(complaints) -> None:
    handle = await opened(complaints)
    await complaints.act(handle, "submit_response", answer())
    await assert_refused(
        complaints,
        handle,
        "submit_response",
        answer(),
        "Cannot send the Stage 1 response",
        "closed after its Stage 1 response",
    )


async def test_r_s1_6_response_refused_for_an_unknown_issue(complaints) -> None:
    handle = await opened(complaints)
    decisions = [
        *answer().response.decisions,
        IssueDecision(issue_id=7, decision=Decision.UPHELD, reasons="Not an issue here"),
    ]
    await assert_refused(
        complaints, handle, "submit_response", answer(decisions=decisions), "no issue numbered 7"
    )
