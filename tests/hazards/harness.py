"""Driving a HazardWorkflow on the time-skipping server, as the activity `open_hazard`
starts one: the regime in force on the day of awareness and a bank-holidays-only calendar.
Shared by the hazard workflow tests, the replay scenario and nothing in production."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError

from activities.hazard import hazard_calendar, start_hazard_workflow
from models.effects import Recipient
from models.hazard import (
    Finding,
    HazardKind,
    HazardRegime,
    HazardReport,
    HazardSource,
    HazardStep,
    HazardTenant,
    HazardTenure,
    OpenHazardInput,
    StartHazard,
)
from models.hazard_state import (
    HazardDeadline,
    HazardState,
)
from models.hazard_steps import (
    FindingInput,
    SummaryInput,
    TriageInput,
)
from rules.calendar import local_date
from rules.hazards.regimes import regime_on
from rules.policy import load_profile
from workflows.hazard import HazardWorkflow

TENANT = HazardTenant(
    name="Amina Yusuf",
    recipients=[Recipient(name="Amina Yusuf", email="amina@example.org")],
)
CONTACT = "Call 0300 000 0000 or reply to this letter."


def report(aware_at: datetime, tenure: HazardTenure = HazardTenure.SOCIAL_TENANCY) -> HazardReport:
    return HazardReport(
        hazard="damp_and_mould",
        description="Black mould on the bedroom wall for two months.",
        location="back bedroom",
        aware_at=aware_at,
        affected="two adults and a baby",
        vulnerability="the baby has asthma",
        tenure=tenure,
    )


async def start_hazard(
    complaints: Any,
    aware_at: datetime | None = None,
    regime: HazardRegime | None = None,
    tenant: HazardTenant = TENANT,
    organisation: str = "landlord",
    source: HazardSource | None = None,
    tenure: HazardTenure = HazardTenure.SOCIAL_TENANCY,
) -> WorkflowHandle:
    """Start a damp and mould hazard we became aware of at `aware_at` (now by default),
    under `regime` (by default the one in force that day), for `tenant` of `organisation`'s
    homes held on `tenure`, reported from `source` (a complaint's by default) on its own,
    as the activity ``open_hazard`` starts one, and wait until it rests."""
    now = await complaints.now()
    reported = report(aware_at or now, tenure)
    if source is not None:
        reported = reported.model_copy(update={"source": source})
    opening = OpenHazardInput(
        report=reported,
        organisation=organisation,
        tenant=tenant,
        profile=load_profile("hos-2024"),
        logged_at=now,
    )
    complaints.counter[0] += 1
    start = StartHazard(
        reference=f"HAZ-2099-{complaints.counter[0]:06d}",
        organisation=organisation,
        report=reported,
        regime=regime or regime_on(local_date(reported.aware_at)),
        calendar=hazard_calendar(opening),
        profile=opening.profile,
        tenant=tenant,
        logged_at=now,
        manager_id="m.osei",
    )
    await start_hazard_workflow(complaints.env.client, complaints.task_queue, start)
    complaints.started.append(start.reference)
    await complaints.quiet(start.reference)
    return complaints.env.client.get_workflow_handle(start.reference)


async def act(complaints: Any, handle: WorkflowHandle, update: Any, inp: Any) -> HazardState:
    """Send one step's update and wait until the hazard rests again."""
    result = await handle.execute_update(update, inp, result_type=HazardState)
    await complaints.quiet(handle.id)
    return result


async def details(handle: WorkflowHandle) -> HazardState:
    return await handle.query(HazardWorkflow.details)


async def refused(handle: WorkflowHandle, update: Any, inp: Any) -> str:
    """The sentence a refused step gives."""
    try:
        await handle.execute_update(update, inp, result_type=HazardState)
    except WorkflowUpdateFailedError as error:
        return str(getattr(error.cause, "message", error.cause))
    raise AssertionError("not refused")


def deadline_of(state: HazardState, step: HazardStep, label: str = "") -> HazardDeadline:
    return next(d for d in state.deadlines if d.step == step and d.label.startswith(label))


async def found_significant(complaints: Any, **start: Any) -> tuple[WorkflowHandle, datetime]:
    """A hazard triaged significant, investigated the next working day and found
    significant, its written summary sent: the works are what is left."""
    day = await complaints.start_of_working_day()
    handle = await start_hazard(complaints, **start)
    triage = TriageInput(kind=HazardKind.SIGNIFICANT, by="o")
    await act(complaints, handle, HazardWorkflow.triage, triage)
    await complaints.advance_to_day(complaints.cal(day).next_working_day(day), hour=11)
    concluded = await complaints.now()
    finding = FindingInput(
        finding=Finding.SIGNIFICANT,
        concluded_at=concluded,
        what_was_found="Condensation mould from a failed extractor fan.",
        risk="Respiratory risk to a baby with asthma.",
        by="o",
    )
    await act(complaints, handle, HazardWorkflow.record_finding, finding)
    summary = SummaryInput(
        what_was_found="Condensation mould from a failed extractor fan.",
        hazard_and_risk="Damp and mould: a risk to the baby's breathing.",
        no_works_reason="The works are being planned; we will write with their dates.",
        contact=CONTACT,
        by="o",
    )
    await act(complaints, handle, HazardWorkflow.send_summary, summary)
    return handle, concluded
