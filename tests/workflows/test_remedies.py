"""Putting things right end to end (R-REM-1 to R-REM-3, R-LRN-1): remedies in the Stage 1
response, each outstanding action and remedy followed by its own `TrackerWorkflow` child,
real activities writing to PostgreSQL, time moved on the time-skipping server."""

from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest
from temporalio.client import WorkflowExecutionStatus

from models.enums import Decision, RemedyKind, Stage
from models.messages import RecordProgressInput
from models.stages import Compensation, IssueDecision, OutstandingAction, Remedy
from rules.calendar import LONDON, WorkingCalendar, format_due
from store import queries
from tests.workflows.conftest import HANDLER, Complaints
from tests.workflows.test_stage_one import (
    answer,
    assert_refused,
    eventually,
    london,
    opened,
)
from workflows.inputs import Progress, TrackerResult

MONEY = Compensation(
    statutory=25, quantifiable_losses=60.5, time_and_trouble=50, distress_and_inconvenience=100
)


def every_remedy() -> list[Remedy]:
    return [
        Remedy(
            kind=kind,
            description=f"Remedy: {kind.value.replace('_', ' ')}",
            compensation=MONEY if kind == RemedyKind.FINANCIAL else None,
        )
        for kind in RemedyKind
    ]


async def letters_named(complaints: Complaints, reference: str, name: str) -> list:
    return [x for x in await complaints.letters(reference) if x.letter == name]


def tracker(complaints: Complaints, workflow_id: str):
    return complaints.env.client.get_workflow_handle(workflow_id, result_type=TrackerResult)


# -- R-REM-1, R-REM-2 -------------------------------------------------------------------------


async def test_r_rem_1_every_kind_of_remedy_is_recorded_in_the_response(complaints) -> None:
    handle = await opened(complaints)
    await complaints.act(handle, "submit_response", answer(remedies=every_remedy()))
    state = await complaints.state(handle)
    assert [r.kind for r in state.stages[Stage.STAGE_1].response.remedies] == list(RemedyKind)
    (letter,) = await letters_named(complaints, handle.id, "stage_1_response")
    assert [r["kind"] for r in letter.fields["remedies"]] == [k.value for k in RemedyKind]


async def test_r_rem_2_compensation_records_its_parts(complaints) -> None:
    handle = await opened(complaints)
    money = Remedy(kind=RemedyKind.FINANCIAL, description="Compensation", compensation=MONEY)
    await complaints.act(handle, "submit_response", answer(remedies=[money]))
    (recorded,) = (await complaints.state(handle)).stages[Stage.STAGE_1].response.remedies
    assert recorded.compensation == MONEY and recorded.compensation.total == 235.5
    (letter,) = await letters_named(complaints, handle.id, "stage_1_response")
    assert letter.fields["remedies"][0]["compensation"] == {
        "statutory": 25,
        "quantifiable_losses": 60.5,
        "time_and_trouble": 50,
        "distress_and_inconvenience": 100,
    }


@pytest.mark.parametrize(
    "compensation",
    [pytest.param(None, id="no compensation"), pytest.param(Compensation(), id="all parts nil")],
)
async def test_r_rem_2_financial_remedy_refused_without_compensation_parts(
    complaints, compensation
) -> None:
    handle = await opened(complaints)
    remedy = Remedy(
        kind=RemedyKind.FINANCIAL, description="Compensation", compensation=compensation
    )
    await assert_refused(
        complaints,
        handle,
        "submit_response",
        answer(remedies=[remedy]),
        "financial remedy needs its compensation parts",
    )


# -- R-REM-3 ----------------------------------------------------------------------------------


async def test_r_rem_3_each_action_and_remedy_due_has_its_own_tracker(complaints) -> None:
    handle = await opened(complaints)
    today = await complaints.today()
    cal = complaints.cal(today)
    remedies = [
        Remedy(kind=RemedyKind.APOLOGY, description="We apologise"),  # given in the letter itself
        Remedy(
            kind=RemedyKind.AMEND_RECORD,
            description="Correct the repair log",
            due=cal.add_working_days(today, 5),
        ),
    ]
    actions = [
        OutstandingAction(what="Replace the boiler", due=cal.add_working_days(today, 20)),
        OutstandingAction(what="Survey the damp", due=cal.add_working_days(today, 8)),
    ]
    await complaints.act(handle, "submit_response", answer(remedies=remedies, actions=actions))

    state = await complaints.state(handle)
    assert [(i.id, i.kind, i.due, i.workflow_id) for i in state.tracked.values()] == [
        ("1", "remedy", remedies[1].due, f"{handle.id}/action-1"),
        ("2", "action", actions[0].due, f"{handle.id}/action-2"),
        ("3", "action", actions[1].due, f"{handle.id}/action-3"),
    ]
    for n in (1, 2, 3):
        description = await tracker(complaints, f"{handle.id}/action-{n}").describe()
        assert description.workflow_type == "TrackerWorkflow"
        assert description.status == WorkflowExecutionStatus.RUNNING
    started = [e for e in await complaints.events(handle.id) if e.kind == "tracking_started"]
    assert [e.data["item_id"] for e in started] == ["1", "2", "3"]

    # A tracker that finishes its item tells the complaint, which records it as done.
    await tracker(complaints, f"{handle.id}/action-1").signal(
        "progress", Progress(note="Repair log corrected", completed=True, by=HANDLER.id)
    )
    assert (await tracker(complaints, f"{handle.id}/action-1").result()).completed_on == today
    state = await eventually(
        lambda: complaints.state(handle), lambda s: s.tracked["1"].completed_on is not None
    )
    assert [i.completed_on for i in state.tracked.values()] == [today, None, None]
    done = await eventually(
        lambda: complaints.events(handle.id),
        lambda events: any(e.kind == "action_completed" for e in events),
    )
    assert [e.data["item_id"] for e in done if e.kind == "action_completed"] == ["1"]


async def test_r_rem_3_resident_hears_at_least_every_ten_working_days_and_of_progress(
    complaints,
) -> None:
    handle = await opened(complaints)
    responded = await complaints.today()
    cal = complaints.cal(responded)
    action = OutstandingAction(what="Replace the boiler", due=cal.add_working_days(responded, 40))
    await complaints.act(handle, "submit_response", answer(actions=[action]))

    first = cal.add_working_days(responded, 10)
    await complaints.advance_to_day(first, hour=10)
    (update,) = await letters_named(complaints, handle.id, "action_update")
    assert london(update.occurred_at) == datetime.combine(first, time(9), tzinfo=LONDON)
    assert (update.fields["what"], update.fields["due"]) == (action.what, action.due.isoformat())

    await complaints.act(
        handle,
        "record_progress",
        RecordProgressInput(by=HANDLER.id, item_id="1", note="New boiler ordered"),
    )
    updates = await eventually(
        lambda: letters_named(complaints, handle.id, "action_update"), lambda x: len(x) == 2
    )
    assert updates[-1].fields["progress"] == "New boiler ordered"
    progress = [e for e in await complaints.events(handle.id) if e.kind == "action_progress"]
    assert [e.summary for e in progress] == ["Progress on 'Replace the boiler': New boiler ordered"]

    second = cal.add_working_days(first, 10)
    await complaints.advance_to_day(second, hour=10)
    updates = await letters_named(complaints, handle.id, "action_update")
    days = [london(u.occurred_at).date() for u in updates]
    assert days == [first, first, second]
    assert all(cal.working_days_between(a, b) <= 10 for a, b in pairwise([responded, *days]))
    assert updates[-1].fields["progress"] == "New boiler ordered"


def thursday_before_a_plain_weekend(cal: WorkingCalendar, after: date) -> date:
    """A Thursday followed by a working Friday and a working Monday."""
    day = cal.next_working_day(after)
    while not (
        day.weekday() == 3
        and cal.next_working_day(day) == day + timedelta(days=1)
        and cal.add_working_days(day, 2) == day + timedelta(days=4)
    ):
        day = cal.next_working_day(day)
    return day


async def test_r_rem_3_overdue_action_tells_the_manager_in_office_hours_and_completion_closes_it(
    complaints,
) -> None:
    today = await complaints.today()
    cal = complaints.cal(today)
    thursday = thursday_before_a_plain_weekend(cal, today)
    handle = await opened(complaints, on=thursday)
    friday, monday = thursday + timedelta(days=1), thursday + timedelta(days=4)
    action = OutstandingAction(what="Replace the boiler", due=friday)
    await complaints.act(handle, "submit_response", answer(actions=[action]))

    await complaints.advance_to_day(monday, hour=11)
    overdue = [n for n in await complaints.notices(handle.id) if n.subject.startswith("Action")]
    assert [(n.staff_id, london(n.occurred_at)) for n in overdue] == [
        (HANDLER.manager_id, datetime.combine(monday, time(9), tzinfo=LONDON))
    ]
    assert f"due on {format_due(friday)}" in overdue[0].body

    await complaints.act(
        handle,
        "record_progress",
        RecordProgressInput(by=HANDLER.id, item_id="1", note="Boiler fitted", completed=True),
    )
    result = await tracker(complaints, f"{handle.id}/action-1").result()
    assert (result.item_id, result.completed_on) == ("1", monday)
    description = await tracker(complaints, f"{handle.id}/action-1").describe()
    assert description.status == WorkflowExecutionStatus.COMPLETED
    assert (await complaints.state(handle)).tracked["1"].completed_on == monday
    (done,) = await letters_named(complaints, handle.id, "action_completed")
    assert done.fields["completed_on"] == monday.isoformat()
    completed = [e for e in await complaints.events(handle.id) if e.kind == "action_completed"]
    assert [e.summary for e in completed] == [
        f"Completed late: Replace the boiler (due {format_due(friday)})"
    ]


async def test_r_rem_3_progress_refused_on_an_unknown_or_completed_item(complaints) -> None:
    handle = await opened(complaints)
    today = await complaints.today()
    action = OutstandingAction(
        what="Replace the boiler", due=complaints.cal(today).add_working_days(today, 5)
    )
    await complaints.act(handle, "submit_response", answer(actions=[action]))
    await assert_refused(
        complaints,
        handle,
        "record_progress",
        RecordProgressInput(item_id="9", note="Parts ordered"),
        "no action numbered 9",
        "1 (Replace the boiler)",
    )
    await complaints.act(
        handle,
        "record_progress",
        RecordProgressInput(item_id="1", note="Boiler fitted", completed=True),
    )
    await tracker(complaints, f"{handle.id}/action-1").result()
    await assert_refused(
        complaints,
        handle,
        "record_progress",
        RecordProgressInput(item_id="1", note="Checked again"),
        f"was completed on {format_due(today)}",
    )


# -- R-LRN-1 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "second",
    [
        pytest.param(Decision.UPHELD, id="upheld"),
        pytest.param(Decision.NOT_UPHELD, id="partially upheld"),
    ],
)
async def test_r_lrn_1_lesson_for_an_upheld_complaint_joins_the_lessons(
    complaints, second: Decision
) -> None:
    handle = await opened(complaints)
    decisions = [
        IssueDecision(issue_id=1, decision=Decision.UPHELD, reasons="Repair took 3 weeks"),
        IssueDecision(issue_id=2, decision=second, reasons="Calls were not returned"),
    ]
    lesson = "Order boiler parts on the first visit"
    await complaints.act(handle, "submit_response", answer(decisions=decisions, lesson=lesson))
    state = await complaints.state(handle)
    assert state.lessons == [lesson]
    assert state.stages[Stage.STAGE_1].response.lesson == lesson
    async with complaints.sessionmaker() as session:
        log = await queries.lessons_log(session, service_area="landlord_services")
    assert any(e.reference == handle.id and e.data["lesson"] == lesson for e in log)


async def test_r_lrn_1_response_refused_without_a_lesson_when_upheld(complaints) -> None:
    handle = await opened(complaints)
    await assert_refused(
        complaints, handle, "submit_response", answer(lesson=None), "Record the lesson learned"
    )
    assert (await complaints.state(handle)).lessons == []
