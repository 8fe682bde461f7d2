"""R-DP-3 for hazards (section 10) on the real store and the time-skipping server: a
hazard's record, once complete for the retention period, loses the tenant's name, contact
details and what was said about the home and the people in it, from its row, record and
kept start input; the hazard reports' figures, with the reasons recorded for late steps
(R-HAZ-6), are the same after as before. A hazard reported with a complaint waits for its
complaint, so both go in the same run once both are due; one on its own runs on its own
clock."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from dataprotection.retention import erase_after, erase_due, hazards_due
from delivery.documents import document_store
from intake.hazards import form_report, open_from_form
from models.effects import Recipient
from models.hazard import Finding, HazardKind, HazardStep, HazardTenant, LateReason
from models.hazard_state import HazardState
from models.hazard_steps import (
    AccommodationInput,
    FindingInput,
    FurtherWorksInput,
    LateReasonInput,
    SafetyWorksInput,
    SummaryInput,
    TriageInput,
)
from models.parties import Complainant, ContactPreferences
from reports.__main__ import build
from store.tables import ComplaintEvent, Hazard, IntakeSubmission, RetentionRecord
from tests.dataprotection.test_retention import everything_held
from tests.harness import Complaints
from tests.hazards.harness import act, start_hazard
from tests.workflows.test_escalation import REVIEWER, at_stage_two, stage_issue_ids, stage_response
from workflows.hazard import HazardWorkflow

PERSON = Complainant(
    name="Drusilla Ashcombe-Vane",
    email="drusilla.av@example.net",
    phone="07700 900777",
    address="3 Lantern Row, Whitby",
    postcode="YO21 3PU",
    preferences=ContactPreferences(channel="email"),
)
DESCRIPTION = "Green mould climbing the nursery wall since the gutter failed"
OUTCOMES = "Dry the nursery and mend the gutter"
WHERE = "the nursery above the porch"
WHO = "two adults and twins aged three"
VULNERABILITY = "one twin uses a nebuliser at night"
FOUND = "Saturated cavity insulation behind the gable"
RISK = "Spores beside a child who uses a nebuliser"
WORKS_DONE = "Stripped the damp plaster and fogged the room"
FURTHER = "Replace the cavity insulation on the gable"
LODGING = "Seaview Guest House on Marine Parade"
ADDRESSED = "Gable dried out and the gutter replaced in March"
TRACES = [
    "Drusilla",
    "Ashcombe-Vane",
    "drusilla.av@example.net",
    "07700 900777",
    "Lantern Row",
    "YO21 3PU",
    "YO213PU",
    DESCRIPTION,
    WHERE,
    WHO,
    VULNERABILITY,
    FOUND,
    RISK,
    WORKS_DONE,
    LODGING,
    ADDRESSED,
]
# The landlord's defence for a late step (R-HAZ-6): kept, as the reports list it.
LATE_DETAIL = "No answer at the door on the first visit"
LATE_EVIDENCE = "Calling card left at 10:15 and a photograph of it"


async def hazard_report(complaints: Complaints, start: date, end: date) -> dict[str, Any]:
    args = argparse.Namespace(command="hazards", start=start, end=end, json=True)
    return (await build(args, complaints.sessionmaker)).model_dump(mode="json")  # type: ignore[union-attr]


async def period_report(complaints: Complaints, start: date, end: date) -> dict[str, Any]:
    args = argparse.Namespace(command="period", start=start, end=end, json=True)
    return (await build(args, complaints.sessionmaker)).model_dump(mode="json")  # type: ignore[union-attr]


async def ended_at(complaints: Complaints, reference: str, kind: str | None = None) -> Any:
    """When the record of ``reference`` ended: its ``kind`` event, or its last event."""
    async with complaints.sessionmaker() as session:
        at = ComplaintEvent.occurred_at
        statement = select(at).where(ComplaintEvent.reference == reference)
        if kind:
            statement = statement.where(ComplaintEvent.kind == kind)
        return await session.scalar(statement.order_by(at.desc()).limit(1))


async def works_through(complaints: Complaints, hazard: Any) -> None:
    """Triaged significant, found significant, summary sent, the safety works done late with
    the reason recorded, accommodation offered, and the further works begun and complete."""
    day = await complaints.today()
    await act(complaints, hazard, HazardWorkflow.triage, TriageInput(kind=HazardKind.SIGNIFICANT))
    await complaints.advance_to_day(complaints.cal(day).next_working_day(day), hour=11)
    concluded = await complaints.now()
    finding = FindingInput(
        finding=Finding.SIGNIFICANT, concluded_at=concluded, what_was_found=FOUND, risk=RISK
    )
    await act(complaints, hazard, HazardWorkflow.record_finding, finding)
    summary = SummaryInput(
        what_was_found=FOUND,
        hazard_and_risk=RISK,
        no_works_reason="The works are being planned; we will write with their dates.",
        contact="Call 0300 000 0000.",
    )
    await act(complaints, hazard, HazardWorkflow.send_summary, summary)
    offer = AccommodationInput(offered_at=await complaints.now(), where=LODGING, accepted=True)
    await act(complaints, hazard, HazardWorkflow.offer_accommodation, offer)
    await complaints.advance(timedelta(days=10))  # past the 5 working days
    await complaints.quiet(hazard.id)
    now = await complaints.now()
    done = SafetyWorksInput(done_at=now, what_was_done=WORKS_DONE)
    await act(complaints, hazard, HazardWorkflow.safety_works_done, done)
    late = LateReasonInput(
        step=HazardStep.SAFETY_WORKS,
        reason=LateReason.NO_ACCESS,
        occurred_on=(now - timedelta(days=3)).date(),
        detail=LATE_DETAIL,
        evidence=LATE_EVIDENCE,
    )
    await act(complaints, hazard, HazardWorkflow.record_late_reason, late)
    for stage in ("begun", "complete"):
        works = FurtherWorksInput(on=await complaints.now(), what=FURTHER, stage=stage)
        await act(complaints, hazard, HazardWorkflow.further_works, works)
    await asyncio.wait_for(hazard.result(), timeout=60)


async def test_r_dp_3_a_hazard_and_its_complaint_lose_the_person_and_keep_the_figures(
    complaints: Complaints,
) -> None:
    handle = await at_stage_two(
        complaints, complainant=PERSON, description=DESCRIPTION, outcomes_sought=OUTCOMES
    )
    intake = (await complaints.state(handle)).intake
    await complaints.start_of_working_day()
    now = await complaints.now()
    report = form_report(intake, "damp_or_mould", WHERE, WHO, now)
    report = report.model_copy(update={"vulnerability": VULNERABILITY})
    client, queue = complaints.env.client, complaints.task_queue
    reference = await open_from_form(
        complaints.sessionmaker, client, queue, intake, handle.id, report, now
    )
    assert reference is not None
    complaints.started.append(reference)
    await complaints.quiet(reference)
    hazard = client.get_workflow_handle(reference)
    await works_through(complaints, hazard)
    said = stage_response(stage_issue_ids(await complaints.state(handle)), by=REVIEWER.id)
    said.response.hazards_addressed = ADDRESSED
    await complaints.act(handle, "submit_response", said)
    await asyncio.wait_for(handle.result(), timeout=120)  # held 12 months, then complete

    held = await everything_held(complaints)
    assert [trace for trace in TRACES if trace.lower() not in held.lower()] == []
    aware = report.aware_at.date()
    start, end = aware - timedelta(days=1), aware + timedelta(days=400)
    hazards_before = await hazard_report(complaints, start, end)
    period_before = await period_report(complaints, start, end)
    [late] = [
        x
        for x in hazards_before["late"]
        if x["reference"] == reference and x["step"] == HazardStep.SAFETY_WORKS
    ]
    assert LATE_DETAIL in late["reasons"][0] and hazards_before["alternative_accommodation"] >= 1
    years = complaints.settings.retention_years
    hazard_due = erase_after(await ended_at(complaints, reference), years)
    complaint_due = erase_after(await ended_at(complaints, handle.id, "completed"), years)
    assert hazard_due < complaint_due
    async with complaints.sessionmaker() as session:
        # Its own period has passed, but its complaint still holds the person: it waits.
        assert reference not in [ref for ref, _ in await hazards_due(session, hazard_due, years)]

    store = document_store(complaints.settings)
    queue_path = complaints.settings.print_queue_path
    erased = await erase_due(complaints.sessionmaker, store, queue_path, complaint_due, years)

    assert erased.index(handle.id) < erased.index(reference)  # the complaint first
    held = await everything_held(complaints)
    assert [trace for trace in TRACES if trace.lower() in held.lower()] == []
    assert await hazard_report(complaints, start, end) == hazards_before
    assert await period_report(complaints, start, end) == period_before
    async with complaints.sessionmaker() as session:
        record = await session.get(RetentionRecord, reference)
        assert record is not None and record.period_years == years
        assert record.changed["hazards"] == 1 and record.changed["intake_submissions"] == 1
        assert record.changed["complaint_events"] > 0 and record.changed["letters"] > 0
        row = await session.get(Hazard, reference)
        assert row is not None and row.state["report"]["vulnerability"] == "[erased]"
        assert row.location == "[erased]" and row.vulnerable and row.hazard_words
        assert HazardState.model_validate(row.state).step == HazardStep.COMPLETE  # pages read it
        kept = await session.get(IntakeSubmission, reference)
        assert kept is not None and kept.start["tenant"]["name"] == "[erased]"
    assert await erase_due(complaints.sessionmaker, store, queue_path, complaint_due, years) == []


TENANT = HazardTenant(
    name="Bartholomew Quince",
    recipients=[
        Recipient(
            name="Bartholomew Quince",
            email="b.quince@example.org",
            address="7 Ropewalk Court, Hull",
            postcode="HU1 2AB",
        )
    ],
)
NO_HAZARD = "Condensation from washing dried in the box room by Mr Quince"


async def test_r_dp_3_a_hazard_on_its_own_is_erased_on_its_own_clock(
    complaints: Complaints,
) -> None:
    await complaints.start_of_working_day()
    hazard = await start_hazard(complaints, tenant=TENANT)
    await act(complaints, hazard, HazardWorkflow.triage, TriageInput(kind=HazardKind.SIGNIFICANT))
    await complaints.advance(timedelta(hours=3))
    finding = FindingInput(
        finding=Finding.NO_HAZARD,
        concluded_at=await complaints.now(),
        what_was_found=NO_HAZARD,
        risk="No risk from the fabric of the home",
    )
    await act(complaints, hazard, HazardWorkflow.record_finding, finding)
    summary = SummaryInput(
        what_was_found=NO_HAZARD,
        hazard_and_risk="No hazard in scope",
        no_works_reason="No works are needed to the home.",
        contact="Call 0300 000 0000.",
    )
    await act(complaints, hazard, HazardWorkflow.send_summary, summary)
    await asyncio.wait_for(hazard.result(), timeout=60)  # closed: its record ends
    traces = ["Bartholomew", "b.quince@example.org", "Ropewalk", "HU1 2AB", NO_HAZARD]
    held = await everything_held(complaints)
    assert [trace for trace in traces if trace.lower() not in held.lower()] == []
    aware = (await complaints.today()) - timedelta(days=1)
    before = await hazard_report(complaints, aware, aware + timedelta(days=3))
    assert before["by_kind"].get("significant", 0) >= 1 and before["steps"]["investigate"]
    years = complaints.settings.retention_years
    erase_on = erase_after(await ended_at(complaints, hazard.id), years)
    async with complaints.sessionmaker() as session:
        early = await hazards_due(session, erase_on - timedelta(days=1), years)
    assert hazard.id not in [ref for ref, _ in early]

    store = document_store(complaints.settings)
    queue_path = complaints.settings.print_queue_path
    erased = await erase_due(complaints.sessionmaker, store, queue_path, erase_on, years)

    assert hazard.id in erased
    held = await everything_held(complaints)
    assert [trace for trace in traces if trace.lower() in held.lower()] == []
    assert await hazard_report(complaints, aware, aware + timedelta(days=3)) == before
    async with complaints.sessionmaker() as session:
        row = await session.get(Hazard, hazard.id)
        assert row is not None and row.location == "[erased]"
        assert row.state["report"]["description"] == "[erased]"
