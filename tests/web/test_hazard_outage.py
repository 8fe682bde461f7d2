"""A hazard reported on the resident's complaint form while Temporal is down is kept with
its reference, as the complaint is, and started beside its complaint by the intake
retrier once Temporal is back (R-HAZ-1, R-HAZ-7).

Real parts: the web app on the session's PostgreSQL and time-skipping Temporal server; the
outage is a Temporal client aimed at a port where nothing listens, as for a complaint.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from temporalio.client import WorkflowExecutionStatus

from intake.hazards import HAZARD, open_from_form
from intake.retrier import start_waiting
from models.hazard import HazardReport, HazardSource
from store.tables import IntakeSubmission
from tests.harness import Complaints
from tests.web.steps import RESIDENT, due_now, file_during_outage, state

MOULD = {"hazard": "damp_or_mould", "hazard_where": "back bedroom", "hazard_who": "me and a baby"}


async def _kept(complaints: Complaints, reference: str) -> list[IntakeSubmission]:
    async with complaints.sessionmaker() as session:
        found = await session.scalars(
            select(IntakeSubmission).where(
                IntakeSubmission.kind == HAZARD,
                IntakeSubmission.start["complaint_reference"].astext == reference,
            )
        )
        return list(found)


def _mould_on_the_form(now: datetime) -> HazardReport:
    return HazardReport(
        hazard="damp_and_mould",
        description="Black mould in the bedroom.",
        location="bedroom",
        aware_at=now,
        affected="two adults",
        source=HazardSource.FORM,
    )


async def test_r_haz_1_r_haz_7_mould_reported_while_temporal_is_down_starts_when_it_is_back(
    app: Any, complaints: Complaints
) -> None:
    # The duty contact is told at once of an emergency, as for a hazard the team reports.
    settings = app.state.settings.model_copy(update={"hazard_duty_contact": "duty.officer"})
    complaint, _, took = await file_during_outage(app, complaints, {**RESIDENT, **MOULD}, settings)
    assert took < 4, f"the resident waited {took:.1f} s"

    # Both are kept, neither started: the hazard with its own reference and whole start.
    [kept] = await _kept(complaints, complaint)
    hazard = kept.reference
    assert re.fullmatch(r"HAZ-\d{4}-\d{6}", hazard)
    assert kept.started_at is None and kept.attempts == 1 and kept.last_error
    assert kept.start["report"]["location"] == "back bedroom"
    assert kept.start["report"]["source"] == HazardSource.FORM.value
    assert kept.start["report"]["aware_at"] is not None
    assert kept.start["duty_contact"] == "duty.officer"

    # Temporal is back: the retrier's next round starts the complaint, then its hazard.
    await due_now(complaints, complaint, hazard)
    task_queue = app.state.settings.task_queue
    rounds = await start_waiting(complaints.sessionmaker, complaints.env.client, task_queue)
    started = [r.reference for r in rounds if r.started]
    assert complaint in started and hazard in started
    assert started.index(complaint) < started.index(hazard)
    complaints.started.append(hazard)
    running = await complaints.env.client.get_workflow_handle(hazard).describe()
    assert (running.workflow_type, running.status) == (
        "HazardWorkflow",
        WorkflowExecutionStatus.RUNNING,
    )
    [kept] = await _kept(complaints, complaint)
    assert kept.started_at is not None and kept.attempts >= 2
    filed = await state(complaints, complaint)
    assert filed.hazards == [hazard]
    await complaints.quiet(hazard)


async def test_r_haz_1_a_second_try_for_the_same_form_keeps_and_opens_one_hazard(
    complaints: Complaints,
) -> None:
    handle = await complaints.log()
    filed = await complaints.state(handle)
    now = await complaints.now()
    report = _mould_on_the_form(now)
    args = (complaints.sessionmaker, complaints.env.client, complaints.task_queue)
    first = await open_from_form(*args, filed.intake, handle.id, report, now)
    again = await open_from_form(*args, filed.intake, handle.id, report, now)
    assert first is not None and first == again
    complaints.started.append(first)
    assert [k.reference for k in await _kept(complaints, handle.id)] == [first]
    await complaints.quiet(first)
    await complaints.quiet(handle.id)
    assert (await complaints.state(handle)).hazards == [first]


async def test_r_haz_7_a_hazard_whose_complaint_has_ended_still_starts(
    complaints: Complaints,
) -> None:
    """The complaint ended (say, withdrawn) before its hazard could be started: the hazard
    starts on its own and is not retried for ever."""
    handle = await complaints.log()
    filed = await complaints.state(handle)
    await complaints.quiet(handle.id)
    await handle.terminate(reason="withdrawn before the hazard started")
    now = await complaints.now()
    report = _mould_on_the_form(now)
    args = (complaints.sessionmaker, complaints.env.client, complaints.task_queue)
    hazard = await open_from_form(*args, filed.intake, handle.id, report, now)
    assert hazard is not None
    complaints.started.append(hazard)
    [kept] = await _kept(complaints, handle.id)
    assert kept.reference == hazard and kept.started_at is not None and kept.last_error is None
    running = await complaints.env.client.get_workflow_handle(hazard).describe()
    assert running.status == WorkflowExecutionStatus.RUNNING
    await complaints.quiet(hazard)
