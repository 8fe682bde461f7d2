"""The record equals what the workflow accepted (R-REC-1; issue 8, findings 1, 2 and 6).

- A workflow task that fails after its local activity wrote the records leaves no phantom:
  the retried task supersedes them, and ``store.reconcile`` finds no difference.
- A record the database refuses (a poison pill) is not retried for ever: the complaint is
  marked as needing attention, keeps answering queries and updates within seconds, and the
  kept records are written once the database takes them.
- A tracker records and delivers through one runner: every letter it records is delivered,
  even with progress arriving while it writes.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest_asyncio
from sqlalchemy import select, text
from temporalio import workflow
from temporalio.worker import UnsandboxedWorkflowRunner

from activities import ComplaintActivities
from models.complaint import ComplaintState
from models.effects import Event, RecordEffectsInput, RecordEventInput
from models.messages import AddIssueInput, RecordProgressInput
from models.stages import OutstandingAction
from store.reconcile import reconcile
from store.tables import Complaint, ComplaintEvent, Delivery, LetterRecord, SupersededRecord
from store.tables import ComplaintState as ComplaintStateRow
from tests.harness import _COUNTER, HANDLER, Complaints, eventually
from tests.workflows.test_stage_one import answer, opened
from worker import build_worker
from workflows import search_attributes as sa
from workflows.complaint import ComplaintWorkflow
from workflows.inputs import StartComplaint
from workflows.tracker import TrackerWorkflow

PHANTOM = "A record no workflow accepted"
ARMED: list[str] = []  # the issue summary whose first workflow task is made to fail


@workflow.defn(name="ComplaintWorkflow")
class FailingAfterRecord(ComplaintWorkflow):
    """The complaint workflow, with one workflow task made to fail after its records were
    written, and those records different from what the retried task will write (as a task
    that fails on a payload limit or a non-determinism error would leave them)."""

    @workflow.init
    def __init__(self, start: StartComplaint) -> None:
        super().__init__(start)

    @workflow.run
    async def run(self, start: StartComplaint) -> ComplaintState:
        return await super().run(start)

    async def _flush(self, batch: tuple[RecordEffectsInput, list[str]]) -> None:
        records, _ = batch
        armed = [e for e in records.events for s in ARMED if s in e.event.summary]
        if not armed:
            return await super()._flush(batch)
        ARMED.clear()
        armed[0].event.summary += " (a version never accepted)"
        records.events.append(
            RecordEventInput(
                reference=self.state.reference,
                seq=self._next_seq(),
                occurred_at=workflow.now(),
                event=Event(kind="phantom", summary=PHANTOM),
            )
        )
        await super()._flush(batch)
        raise RuntimeError("the workflow task fails after its records were written")


@pytest_asyncio.fixture(loop_scope="session")
async def failing(_complaints_session: Complaints) -> AsyncIterator[Complaints]:
    """Complaints on a worker whose ComplaintWorkflow fails one task after recording."""
    base = _complaints_session
    task_queue = f"failing-{uuid.uuid4()}"
    activities = ComplaintActivities(base.sessionmaker, base.settings)
    worker = build_worker(
        base.env.client,
        activities,
        task_queue,
        workflows=[FailingAfterRecord, TrackerWorkflow],
        workflow_runner=UnsandboxedWorkflowRunner(),
    )
    complaints = Complaints(base.env, task_queue, base.sessionmaker, _COUNTER, base.settings)
    complaints.mail = base.mail
    async with worker:
        yield complaints
        await complaints.terminate_started()


async def rows(complaints: Complaints, table, reference: str) -> list:
    async with complaints.sessionmaker() as session:
        found = await session.scalars(
            select(table).where(table.reference == reference).order_by(table.seq)
        )
        return list(found)


async def test_r_rec_1_a_failed_workflow_task_leaves_no_phantom_and_loses_no_action(
    failing: Complaints,
) -> None:
    """Finding 2: the task that wrote the records fails; its retry writes what the workflow
    accepted over them, the phantom goes aside, and the next action is recorded."""
    handle = await opened(failing)
    ARMED.append("Damp in the bedroom")
    await failing.act(
        handle, "add_issue", AddIssueInput(by=HANDLER.id, summary="Damp in the bedroom")
    )
    await failing.act(
        handle, "add_issue", AddIssueInput(by=HANDLER.id, summary="Mould in the hall")
    )
    assert not ARMED, "the injected failure did not happen"

    events = await rows(failing, ComplaintEvent, handle.id)
    summaries = [e.summary for e in events]
    assert PHANTOM not in summaries
    assert not [s for s in summaries if "never accepted" in s]
    assert sum("Damp in the bedroom" in s for s in summaries) == 1
    assert sum("Mould in the hall" in s for s in summaries) == 1
    superseded = await rows(failing, SupersededRecord, handle.id)
    assert PHANTOM in [r.row["summary"] for r in superseded]
    state = await failing.state(handle)
    assert [i.summary for i in state.issues][-2:] == ["Damp in the bedroom", "Mould in the hall"]
    (row,) = await rows_of_read_model(failing, handle.id)
    assert [i["summary"] for i in row.issues][-2:] == ["Damp in the bedroom", "Mould in the hall"]
    assert row.last_seq == state.event_seq
    async with failing.sessionmaker() as session:
        snapshot = await session.get(ComplaintStateRow, handle.id)
    assert snapshot is not None and snapshot.last_seq == state.event_seq
    assert ComplaintState.model_validate(snapshot.state) == state
    assert await reconcile(failing.env.client, failing.sessionmaker, [handle.id]) == []


async def rows_of_read_model(complaints: Complaints, reference: str) -> list[Complaint]:
    async with complaints.sessionmaker() as session:
        return list(
            await session.scalars(select(Complaint).where(Complaint.reference == reference))
        )


POISON_FUNCTION = """
CREATE OR REPLACE FUNCTION refuse_poison_{suffix}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.reference = '{reference}' THEN
        RAISE EXCEPTION 'the database refuses this record (a test poison pill)';
    END IF;
    RETURN NEW;
END;
$$
"""
POISON_TRIGGER = """
CREATE TRIGGER refuse_poison_{suffix} BEFORE INSERT ON complaint_events
FOR EACH ROW EXECUTE FUNCTION refuse_poison_{suffix}()
"""


async def test_r_rec_1_a_record_the_database_refuses_marks_the_complaint_and_it_keeps_working(
    complaints: Complaints,
) -> None:
    """Finding 1: a write that fails on its data is not retried for ever; the complaint is
    marked as needing attention, answers queries and updates within seconds, and its kept
    records are written, in order, once the database takes them."""
    handle = await opened(complaints)
    suffix = uuid.uuid4().hex[:8]
    async with complaints.sessionmaker() as session:
        for sql in (POISON_FUNCTION, POISON_TRIGGER):
            await session.execute(text(sql.format(reference=handle.id, suffix=suffix)))
        await session.commit()
    try:
        started = time.monotonic()
        await complaints.act(handle, "add_issue", AddIssueInput(by=HANDLER.id, summary="Leak"))
        await complaints.act(handle, "add_issue", AddIssueInput(by=HANDLER.id, summary="Drafts"))
        state = await complaints.state(handle)
        assert time.monotonic() - started < 20
        assert state.attention and "could not be written" in state.attention
        assert [i.summary for i in state.issues][-2:] == ["Leak", "Drafts"]
        assert state.unrecorded
        (row,) = await rows_of_read_model(complaints, handle.id)
        assert row.needs_attention and "could not be written" in row.needs_attention
        description = await handle.describe()
        assert description.typed_search_attributes.get(sa.NEEDS_ATTENTION) is True
        differences = await reconcile(complaints.env.client, complaints.sessionmaker, [handle.id])
        assert any("not yet written" in str(d) for d in differences)
    finally:
        async with complaints.sessionmaker() as session:
            await session.execute(text(f"DROP TRIGGER refuse_poison_{suffix} ON complaint_events"))
            await session.commit()
    await complaints.advance(timedelta(hours=2))  # past the doubling retry waits
    await complaints.quiet(handle.id)
    state = await complaints.state(handle)
    assert state.attention is None and not state.unrecorded
    summaries = [e.summary for e in await rows(complaints, ComplaintEvent, handle.id)]
    assert sum("Leak" in s for s in summaries) == 1 and sum("Drafts" in s for s in summaries) == 1
    (row,) = await rows_of_read_model(complaints, handle.id)
    assert row.needs_attention is None
    assert await reconcile(complaints.env.client, complaints.sessionmaker, [handle.id]) == []


async def test_r_rem_3_every_letter_a_tracker_records_is_delivered(complaints: Complaints) -> None:
    """Finding 6: progress arriving while the tracker writes cannot make it deliver the wrong
    number: every letter it records has its delivery."""
    handle = await opened(complaints)
    today = await complaints.today()
    action = OutstandingAction(
        what="Replace the boiler", due=complaints.cal(today).add_working_days(today, 30)
    )
    await complaints.act(handle, "submit_response", answer(actions=[action]))
    notes = ["Boiler ordered", "Fitter booked", "Parts arrived"]
    await asyncio.gather(
        *(
            complaints.latest(handle).execute_update(
                "record_progress", RecordProgressInput(by=HANDLER.id, item_id="1", note=note)
            )
            for note in notes
        )
    )
    await complaints.advance(timedelta(days=20))
    await complaints.quiet(f"{handle.id}/action-1")
    letters = [x for x in await rows(complaints, LetterRecord, handle.id) if x.seq >= 1_000_000]
    assert len(letters) >= len(notes)
    delivered = await eventually(
        lambda: rows(complaints, Delivery, handle.id),
        lambda found: {d.seq for d in found} >= {x.seq for x in letters},
    )
    assert {d.seq for d in delivered} >= {x.seq for x in letters}
    progress = sorted(x.fields.get("progress") for x in letters if x.letter == "action_update")
    assert set(notes) <= set(progress)
