"""The hazard scenarios behind hazard histories. hazard-v1 (`run_hazard_scenario`, recorded
by ``python -m tests.replay.record hazard-v1``): damp and mould reported, triaged as
significant, investigated and found significant, the written summary sent, the safety works
done, the further works begun and then complete, so the workflow finishes (R-HAZ-1..5).
hazard-v2 (`run_hazard_late_scenario`, recorded by handing it to `tests.replay.record.record`
in place of the first): further works started after their 12-week date, late at once."""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio.client import WorkflowHandle

from models.hazard import (
    Finding,
    HazardKind,
)
from models.hazard_state import (
    HazardResult,
)
from models.hazard_steps import (
    FindingInput,
    FurtherWorksInput,
    PlannedWork,
    SafetyWorksInput,
    SummaryInput,
    TriageInput,
)
from tests.harness import Complaints
from tests.hazards.harness import CONTACT, act, start_hazard
from workflows.hazard import HazardWorkflow


async def _found_significant(
    complaints: Complaints, investigated_after: timedelta
) -> tuple[WorkflowHandle, datetime, str]:
    """Damp and mould reported at the start of a working day, triaged as significant, and
    found significant `investigated_after` later: the handle, when, and what was found."""
    await complaints.start_of_working_day()
    handle = await start_hazard(complaints)
    await act(complaints, handle, HazardWorkflow.triage, TriageInput(kind=HazardKind.SIGNIFICANT))
    await complaints.advance(investigated_after)
    concluded = await complaints.now()
    found = "Condensation mould from a failed extractor fan."
    finding = FindingInput(
        finding=Finding.SIGNIFICANT,
        concluded_at=concluded,
        what_was_found=found,
        risk="Respiratory risk to a baby with asthma.",
        by="o.officer",
    )
    await act(complaints, handle, HazardWorkflow.record_finding, finding)
    return handle, concluded, found


async def _finished(
    complaints: Complaints, handle: WorkflowHandle, *, breached: bool
) -> WorkflowHandle:
    """The hazard's workflow once it has finished complete, breached or not as expected."""
    finished = complaints.env.client.get_workflow_handle(handle.id, result_type=HazardResult)
    result = await finished.result()
    assert result.step.value == "complete" and result.breached == breached, result
    return finished


async def run_hazard_scenario(complaints: Complaints) -> WorkflowHandle:
    """Returns the hazard's handle, once its workflow has finished."""
    handle, concluded, found = await _found_significant(complaints, timedelta(days=2))
    work = PlannedWork(what="Replace the extractor fan", by=concluded.date() + timedelta(days=14))
    summary = SummaryInput(
        what_was_found=found,
        hazard_and_risk="Damp and mould: a risk to the baby's breathing.",
        works=[work],
        contact=CONTACT,
        by="o.officer",
    )
    await act(complaints, handle, HazardWorkflow.send_summary, summary)
    await complaints.advance(timedelta(days=1))
    safety = SafetyWorksInput(
        done_at=await complaints.now(), what_was_done="Mould treated, dehumidifier left"
    )
    await act(complaints, handle, HazardWorkflow.safety_works_done, safety)
    begun = FurtherWorksInput(on=await complaints.now(), what="Extractor fan ordered")
    await act(complaints, handle, HazardWorkflow.further_works, begun)
    await complaints.advance(timedelta(days=9))
    complete = FurtherWorksInput(
        on=await complaints.now(), what="Extractor fan fitted", stage="complete"
    )
    await act(complaints, handle, HazardWorkflow.further_works, complete)
    return await _finished(complaints, handle, breached=False)


async def run_hazard_late_scenario(complaints: Complaints) -> WorkflowHandle:
    """hazard-v2: as hazard-v1 to the safety works, then the further works are recorded
    as started 13 weeks after the conclusion, with the reason they could not begin sooner:
    the 5 working days were missed on their timer, and the 12-week clock, added with the
    record, is late at once (workflow.patched "hazard-step-done-late-is-missed"); then
    complete, so the workflow finishes breached (R-HAZ-5, R-HAZ-6)."""
    handle, _, found = await _found_significant(complaints, timedelta(days=1))
    summary = SummaryInput(
        what_was_found=found,
        hazard_and_risk="Damp and mould: a risk to the baby's breathing.",
        no_works_reason="The works need a survey first; we will write with their dates.",
        contact=CONTACT,
        by="o.officer",
    )
    await act(complaints, handle, HazardWorkflow.send_summary, summary)
    safety = SafetyWorksInput(done_at=await complaints.now(), what_was_done="Mould treated")
    await act(complaints, handle, HazardWorkflow.safety_works_done, safety)
    await complaints.advance(timedelta(weeks=13))
    await complaints.quiet(handle.id)
    started = FurtherWorksInput(
        on=await complaints.now(),
        what="New extractor fan and vent",
        stage="started",
        why_not_sooner="The wall needed a structural survey before it was cut.",
        by="o.officer",
    )
    await act(complaints, handle, HazardWorkflow.further_works, started)
    await complaints.advance(timedelta(days=2))
    complete = FurtherWorksInput(on=await complaints.now(), what="Fan fitted", stage="complete")
    await act(complaints, handle, HazardWorkflow.further_works, complete)
    return await _finished(complaints, handle, breached=True)
