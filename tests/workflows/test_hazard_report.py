"""A hazard reported with a complaint on the real test server (R-HAZ-1, R-HAZ-7): it opens
its own HazardWorkflow at once, linked to the complaint, which keeps its reference and goes
on as it was, and the stage response is refused until it says what was done about it."""

from __future__ import annotations

from datetime import timedelta

from models.hazard import (
    ReportHazardInput,
)
from models.hazard_state import (
    HazardState,
)
from tests.harness import assert_refused, eventually
from tests.workflows.test_stage_one import answer, opened
from workflows.hazard import HazardWorkflow


async def test_r_haz_7_a_hazard_reported_with_a_complaint_runs_beside_it(complaints) -> None:
    handle = await opened(complaints)
    before = (await complaints.state(handle)).deadlines
    now = await complaints.now()
    report = ReportHazardInput(
        by="h.khan",
        hazard="damp_and_mould",
        description="Black mould on the bedroom wall for two months.",
        location="back bedroom",
        aware_at=now - timedelta(hours=2),
        affected="two adults and a baby",
        vulnerability="the baby has asthma",
    )
    result = await complaints.act(handle, "report_hazard", report)

    state = await complaints.state(handle)
    (reference,) = state.hazards
    complaints.started.append(reference)
    assert reference.startswith("HAZ-") and reference in result.message
    assert state.deadlines == before  # the complaint never waits for it (R-HAZ-7)
    events = await complaints.events(handle.id)
    (event,) = [e for e in events if e.kind == "hazard_reported"]
    assert event.summary == f"A hazard was reported: damp and mould, back bedroom ({reference})"

    hazard = complaints.env.client.get_workflow_handle(reference)
    details = await eventually(
        lambda: hazard.query(HazardWorkflow.details, result_type=HazardState),
        lambda found: found is not None,
    )
    assert details.complaint_reference == handle.id
    assert details.report.aware_at == report.aware_at  # its clock from awareness (R-HAZ-1)

    await assert_refused(
        complaints, handle, "submit_response", answer(), "Say what was done about the hazard"
    )
    said = answer()
    said.response.hazards_addressed = "Mould treated and an extractor fan fitted."
    await complaints.act(handle, "submit_response", said)


async def test_r_haz_1_a_hazard_aware_in_the_future_is_refused(complaints) -> None:
    handle = await opened(complaints)
    now = await complaints.now()
    report = ReportHazardInput(
        hazard="damp_and_mould",
        description="Mould",
        location="kitchen",
        aware_at=now + timedelta(days=1),
        affected="one adult",
    )
    await assert_refused(complaints, handle, "report_hazard", report, "in the future")
    assert (await complaints.state(handle)).hazards == []
