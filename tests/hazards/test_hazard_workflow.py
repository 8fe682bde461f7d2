"""HazardWorkflow on the time-skipping server with the real activities and PostgreSQL
(R-HAZ-1..6): the clocks fire when the law says, and bad steps are refused unchanged."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError

from models.hazard import (
    Finding,
    HazardKind,
    HazardStep,
    HazardTenure,
)
from models.hazard_state import (
    HazardState,
)
from models.hazard_steps import (
    FindingInput,
    FurtherWorksInput,
    SafetyWorksInput,
    SummaryInput,
    TriageInput,
)
from rules.calendar import LONDON, WorkingCalendar, local_date, overdue_from
from rules.holidays_source import build_snapshot, default_overrides
from store.tables import Hazard
from tests.hazards.harness import act, start_hazard
from workflows.hazard import HazardWorkflow


async def _refused(handle: WorkflowHandle, update: Any, inp: Any) -> str:
    try:
        await handle.execute_update(update, inp, result_type=HazardState)
    except WorkflowUpdateFailedError as error:
        return str(getattr(error.cause, "message", error.cause))
    raise AssertionError("not refused")


async def _state(handle: WorkflowHandle) -> HazardState:
    return await handle.query(HazardWorkflow.details, result_type=HazardState)


async def _next_friday_1730(complaints: Any) -> datetime:
    today = await complaints.today()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    return datetime(friday.year, friday.month, friday.day, 17, 30, tzinfo=LONDON)


async def test_r_haz_2_emergency_reported_friday_1730_breaches_saturday_1730(complaints):
    await complaints.advance_to(await _next_friday_1730(complaints))
    handle = await start_hazard(complaints)
    aware = (await _state(handle)).report.aware_at
    state = await act(
        complaints, handle, HazardWorkflow.triage, TriageInput(kind=HazardKind.EMERGENCY, by="o")
    )
    make_safe = [d for d in state.deadlines if d.step == HazardStep.MAKE_SAFE][0]
    assert make_safe.due == aware + timedelta(hours=24)
    assert make_safe.due.astimezone(LONDON).strftime("%a %H:%M") == "Sat 17:30"
    # The duty contact is told at once, on a Friday evening.
    notices = await complaints.notices(handle.id)
    assert any("Emergency hazard" in n.subject for n in notices)

    await complaints.advance_to(make_safe.due - timedelta(minutes=1))
    assert not (await _state(handle)).breached
    await complaints.advance(timedelta(minutes=2))
    await complaints.quiet(handle.id)
    state = await _state(handle)
    assert state.breached, "the breach fires on Saturday, not on Monday"
    events = [e.summary for e in await complaints.events(handle.id)]
    assert any(s.startswith("Missed: Emergency: make safe by Sat") for s in events)
    notices = await complaints.notices(handle.id)
    assert any(n.subject.startswith("Hazard step missed") for n in notices)
    async with complaints.sessionmaker() as session:
        row = await session.scalar(select(Hazard).where(Hazard.reference == handle.id))
    assert row is not None and row.breached and row.kind == "emergency"


async def test_r_haz_3_r_haz_4_r_haz_5_clocks_start_from_the_conclusion(complaints):
    await complaints.start_of_working_day()
    handle = await start_hazard(complaints)
    state = await act(
        complaints,
        handle,
        HazardWorkflow.triage,
        TriageInput(kind=HazardKind.SIGNIFICANT, by="o"),
    )
    assert state.step == HazardStep.INVESTIGATE
    await complaints.advance(timedelta(days=3))
    concluded = await complaints.now()
    state = await act(
        complaints,
        handle,
        HazardWorkflow.record_finding,
        FindingInput(
            finding=Finding.SIGNIFICANT,
            concluded_at=concluded,
            what_was_found="Condensation mould from a failed extractor fan.",
            risk="Respiratory risk to a baby with asthma.",
            by="o",
        ),
    )
    steps = {d.step: d for d in state.deadlines}
    assert {HazardStep.SUMMARY, HazardStep.SAFETY_WORKS, HazardStep.FURTHER_WORKS} <= set(steps)
    assert steps[HazardStep.SUMMARY].label.startswith("Written summary by ")
    after = (HazardStep.SUMMARY, HazardStep.SAFETY_WORKS, HazardStep.FURTHER_WORKS)
    assert all(steps[step].due > concluded + timedelta(days=3) for step in after)
    # Counted from the conclusion on weekends and bank holidays only: 3, 5 and 5 working
    # days, each late from 00:00 London after its last day.
    cal = WorkingCalendar(
        build_snapshot(
            local_date(concluded) - timedelta(days=7),
            local_date(concluded) + timedelta(days=60),
            overrides=default_overrides(),
        )
    )
    for step, days in ((HazardStep.SUMMARY, 3), (HazardStep.SAFETY_WORKS, 5)):
        assert steps[step].due == overdue_from(cal.add_working_days(local_date(concluded), days))
    assert steps[HazardStep.FURTHER_WORKS].due == steps[HazardStep.SAFETY_WORKS].due
    state = await act(
        complaints,
        handle,
        HazardWorkflow.send_summary,
        SummaryInput(
            what_was_found="Condensation mould from a failed extractor fan.",
            hazard_and_risk="Damp and mould: a risk to the baby's breathing.",
            works=[
                {"what": "Replace the extractor fan", "by": concluded.date() + timedelta(days=14)}
            ],
            contact="Call 0300 000 0000 or reply to this letter.",
            by="o",
        ),
    )
    assert state.step == HazardStep.SAFETY_WORKS
    letters = await complaints.letters(handle.id)
    assert [x.letter for x in letters] == ["hazard_summary"]


async def test_bad_input_is_refused_with_a_sentence_and_nothing_changed(complaints):
    await complaints.start_of_working_day()
    handle = await start_hazard(complaints)
    before = await _state(handle)
    now = await complaints.now()
    finding = FindingInput(
        finding=Finding.SIGNIFICANT,
        concluded_at=now,
        what_was_found="x",
        risk="y",
    )
    message = await _refused(handle, HazardWorkflow.record_finding, finding)
    assert message == "Triage the hazard before recording the investigation's finding."
    await act(complaints, handle, HazardWorkflow.triage, TriageInput(kind=HazardKind.SIGNIFICANT))
    message = await _refused(handle, HazardWorkflow.triage, TriageInput(kind=HazardKind.EMERGENCY))
    assert message == f"Hazard {handle.id} was already triaged as significant."
    future = finding.model_copy(update={"concluded_at": now + timedelta(days=2)})
    message = await _refused(handle, HazardWorkflow.record_finding, future)
    assert message.startswith("The investigation's conclusion cannot be in the future")
    message = await _refused(handle, HazardWorkflow.send_summary, SummaryInput(contact="x"))
    assert message == "Record the investigation's finding before sending the written summary."
    after = await _state(handle)
    assert after.event_seq == before.event_seq + 1  # the triage's record only
    assert after.concluded_at is None


@pytest.mark.parametrize(
    ("tenure", "reason"),
    [
        (HazardTenure.SHARED_OWNERSHIP, "Awaab's Law does not apply to shared ownership"),
        (HazardTenure.SUPPORTED_HOUSING, "Awaab's Law does not yet apply to supported housing"),
    ],
)
async def test_r_haz_1_out_of_scope_tenure_is_refused_with_the_reason(complaints, tenure, reason):
    await complaints.start_of_working_day()
    handle = await start_hazard(complaints, tenure=tenure)
    for kind in (HazardKind.SIGNIFICANT, HazardKind.EMERGENCY):
        message = await _refused(handle, HazardWorkflow.triage, TriageInput(kind=kind))
        assert message.startswith(reason)
    assert (await _state(handle)).kind is None
    state = await act(
        complaints,
        handle,
        HazardWorkflow.triage,
        TriageInput(kind=HazardKind.NOT_IN_SCOPE, reason="Shared ownership: an ordinary repair"),
    )
    assert state.step == HazardStep.CLOSED


async def test_r_haz_4_r_haz_5_summary_without_parts_and_future_works_refused_unchanged(
    complaints,
):
    await complaints.start_of_working_day()
    handle = await start_hazard(complaints)
    await act(complaints, handle, HazardWorkflow.triage, TriageInput(kind=HazardKind.SIGNIFICANT))
    now = await complaints.now()
    finding = FindingInput(
        finding=Finding.SIGNIFICANT, concluded_at=now, what_was_found="Mould", risk="Breathing"
    )
    await act(complaints, handle, HazardWorkflow.record_finding, finding)
    before = await _state(handle)
    no_contact = SummaryInput(what_was_found="Mould", hazard_and_risk="Breathing", works=[])
    message = await _refused(handle, HazardWorkflow.send_summary, no_contact)
    assert message == (
        "The written summary needs the works planned with their dates (or why none are "
        "needed), how to contact us."
    )
    tomorrow = now + timedelta(days=1)
    safety = SafetyWorksInput(done_at=tomorrow, what_was_done="Treated")
    message = await _refused(handle, HazardWorkflow.safety_works_done, safety)
    assert message.startswith("The date of the safety works cannot be in the future")
    works = FurtherWorksInput(on=tomorrow, what="New fan", stage="complete")
    message = await _refused(handle, HazardWorkflow.further_works, works)
    assert message.startswith("The date of the works cannot be in the future")
    after = await _state(handle)
    assert after == before
    assert await complaints.letters(handle.id) == []
