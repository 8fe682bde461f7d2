"""HazardWorkflow on the time-skipping server with the real activities and PostgreSQL: the
12-week route for further works chosen while the 5 working days run, a step done after its
due time counted late, and a tenant's update that cannot be written (R-HAZ-5, R-HAZ-6)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from models.effects import Recipient
from models.hazard import (
    Finding,
    HazardKind,
    HazardStep,
    HazardTenant,
)
from models.hazard_steps import (
    FindingInput,
    FurtherWorksInput,
    MakeSafeInput,
    SafetyWorksInput,
    TriageInput,
)
from reports.hazard_figures import hazard_figures
from rules.calendar import local_date, office_hours_on, overdue_from
from rules.hazards.read_model import hazard_summary
from rules.hazards.regimes import regime_on
from tests.hazards.harness import (
    act,
    deadline_of,
    details,
    found_significant,
    refused,
    start_hazard,
)
from workflows.hazard import HazardWorkflow

WHY = "The wall needs a structural survey before it is cut."


async def _safe(complaints: Any) -> Any:
    """Found significant, summary sent and safety works done: the further works are left."""
    handle, concluded = await found_significant(complaints)
    safety = SafetyWorksInput(done_at=await complaints.now(), what_was_done="Mould treated")
    await act(complaints, handle, HazardWorkflow.safety_works_done, safety)
    return handle, concluded


async def test_r_haz_5_within_5_working_days_the_12_week_route_is_chosen_and_not_breached(
    complaints,
):
    handle, concluded = await _safe(complaints)
    five_days = deadline_of(await details(handle), HazardStep.FURTHER_WORKS, "Further works begun")
    assert await complaints.now() < five_days.due
    later = FurtherWorksInput(
        on=await complaints.now(), what="New extractor fan", stage="not_practicable", by="o"
    )
    message = await refused(handle, HazardWorkflow.further_works, later)
    assert message == "Say why the further works cannot begin within 5 working days."
    later = later.model_copy(update={"why_not_sooner": WHY})
    state = await act(complaints, handle, HazardWorkflow.further_works, later)
    twelve = deadline_of(state, HazardStep.FURTHER_WORKS, "Further works started by")
    assert twelve.due == overdue_from(local_date(concluded) + timedelta(weeks=12))
    gave_way = deadline_of(state, HazardStep.FURTHER_WORKS, "Further works begun")
    assert gave_way.gave_way_at is not None and gave_way.met_at is None
    assert state.step == HazardStep.FURTHER_WORKS and state.further_works_why_later == WHY
    assert await refused(handle, HazardWorkflow.further_works, later) == (
        "The further works are already recorded as unable to begin within 5 WD."
    )
    # The 5 working days pass: nothing is missed, the 12-week clock runs.
    await complaints.advance_to(five_days.due + timedelta(days=3))
    await complaints.quiet(handle.id)
    state = await details(handle)
    assert not state.breached
    assert not deadline_of(state, HazardStep.FURTHER_WORKS, "Further works begun").breached
    events = [e.summary for e in await complaints.events(handle.id)]
    assert f"Further works cannot begin within 5 working days ({WHY}): {twelve.label}" in events
    assert not any(s.startswith("Missed:") for s in events)
    # Physically started at 8 weeks: the reason was given, the 12 weeks are met in time.
    await complaints.advance(timedelta(weeks=7))
    await complaints.quiet(handle.id)
    started = FurtherWorksInput(
        on=await complaints.now(), what="New extractor fan", stage="started", by="o"
    )
    state = await act(complaints, handle, HazardWorkflow.further_works, started)
    twelve = deadline_of(state, HazardStep.FURTHER_WORKS, "Further works started by")
    assert twelve.met_at == started.on and not twelve.breached
    assert state.step == HazardStep.WORKS and not state.breached
    row = hazard_summary(state, regime_on(local_date(state.report.aware_at)))
    figures = hazard_figures([row], local_date(row.aware_at), local_date(row.aware_at))
    assert figures.steps["further_works"].counted == 1
    assert figures.steps["further_works"].in_time == 1 and not figures.late


async def test_r_haz_5_r_haz_6_works_started_after_their_12_week_date_are_late(complaints):
    handle, concluded = await _safe(complaints)
    await complaints.advance(timedelta(weeks=13))
    await complaints.quiet(handle.id)
    started = FurtherWorksInput(
        on=await complaints.now(),
        what="New extractor fan",
        stage="started",
        why_not_sooner=WHY,
        by="o",
    )
    state = await act(complaints, handle, HazardWorkflow.further_works, started)
    twelve = deadline_of(state, HazardStep.FURTHER_WORKS, "Further works started by")
    assert twelve.due < started.on
    assert twelve.met_at == started.on and twelve.breached, "done after 12 weeks is late"
    assert state.breached
    events = [e.summary for e in await complaints.events(handle.id)]
    assert any(s.startswith(f"Done late: {twelve.label} (done ") for s in events)
    notices = await complaints.notices(handle.id)
    told = [n for n in notices if n.subject.startswith(f"Hazard step missed: {twelve.label}")]
    assert told and "it was done late" in told[0].body
    row = hazard_summary(state, regime_on(local_date(state.report.aware_at)))
    assert row.breached
    figures = hazard_figures([row], local_date(row.aware_at), local_date(row.aware_at))
    late = [x for x in figures.late if x.step == "further_works" and x.due == twelve.due]
    assert late and late[0].done == started.on
    assert figures.steps["further_works"].in_time == 0


async def test_r_haz_2_an_emergency_made_safe_after_24_hours_is_late_in_state_and_reports(
    complaints,
):
    await complaints.start_of_working_day()
    handle = await start_hazard(complaints)
    triage = TriageInput(kind=HazardKind.EMERGENCY, by="o")
    state = await act(complaints, handle, HazardWorkflow.triage, triage)
    make_safe = deadline_of(state, HazardStep.MAKE_SAFE)
    await complaints.advance_to(make_safe.due + timedelta(hours=2))
    await complaints.quiet(handle.id)
    done = MakeSafeInput(done_at=await complaints.now(), what_was_done="Boarded", by="o")
    state = await act(complaints, handle, HazardWorkflow.make_safe, done)
    make_safe = deadline_of(state, HazardStep.MAKE_SAFE)
    assert make_safe.breached and make_safe.met_at == done.done_at
    row = hazard_summary(state, regime_on(local_date(state.report.aware_at)))
    figures = hazard_figures([row], local_date(row.aware_at), local_date(row.aware_at))
    assert figures.steps["make_safe"].in_time == 0
    assert [x.done for x in figures.late if x.step == "make_safe"] == [done.done_at]


async def test_r_haz_5_an_update_letter_that_cannot_be_written_is_surfaced_not_wedged(
    complaints,
):
    """A tenant recorded without a name: the update letter cannot be written. The workflow
    records it, says it needs attention and tells the manager, and goes on."""
    nameless = HazardTenant(name="", recipients=[Recipient(name="", email="t@example.org")])
    await complaints.start_of_working_day()
    handle = await start_hazard(complaints, tenant=nameless)
    triage = TriageInput(kind=HazardKind.SIGNIFICANT, by="o")
    state = await act(complaints, handle, HazardWorkflow.triage, triage)
    assert state.next_update_on is not None
    first = state.next_update_on
    await complaints.advance_to(office_hours_on(first, 10) + timedelta(minutes=5))
    await complaints.quiet(handle.id)
    state = await details(handle)
    assert state.updates_sent == 0
    assert state.letter_problem and state.letter_problem.startswith(
        "The update to the tenant could not be written: "
    )
    assert state.attention == state.letter_problem
    assert state.next_update_on is not None and state.next_update_on > first
    events = await complaints.events(handle.id)
    assert [e.summary for e in events if e.kind == "hazard_update_not_sent"] == [
        state.letter_problem
    ]
    notices = await complaints.notices(handle.id)
    assert any(n.subject.startswith("Hazard update not sent") for n in notices)
    assert await complaints.letters(handle.id) == []
    # The hazard is not wedged: the next step is recorded as ever.
    finding = FindingInput(
        finding=Finding.SIGNIFICANT,
        concluded_at=await complaints.now(),
        what_was_found="Condensation mould",
        risk="Respiratory risk",
        by="o",
    )
    state = await act(complaints, handle, HazardWorkflow.record_finding, finding)
    assert state.step == HazardStep.SUMMARY and state.concluded_at == finding.concluded_at
