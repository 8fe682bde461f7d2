"""`TrackerWorkflow`: one remedy, outstanding action or ombudsman order, followed to
completion (R-REM-3, R-EXT-2) in a child workflow so the complaint's history stays bounded.

The resident hears at least every `action_update_every_wd` working days; the manager is
told, in office hours, when the item is overdue; the complaint is signalled when it is done.
"""

import asyncio
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError

from workflows.tracker_records import TrackerRecords

with workflow.unsafe.imports_passed_through():
    from letters.models import ActionCompleted, ActionUpdate
    from models.effects import SEQ_SPACE, RecordEffectsInput
    from rules import deadlines
    from rules.calendar import (
        WorkingCalendar,
        format_due,
        next_office_hours,
        office_hours_on,
        overdue_from,
    )
    from workflows.inputs import ItemCompleted, Progress, TrackerInput, TrackerResult
    from workflows.options import RECORD_RETRY_AFTER


@workflow.defn(name="TrackerWorkflow")
class TrackerWorkflow(TrackerRecords):
    @workflow.init
    def __init__(self, inp: TrackerInput) -> None:
        self.inp = inp
        self.cal = WorkingCalendar(inp.calendar)
        self.notes: list[Progress] = []
        self.completed_on = None
        self.changed = False
        self.seq = int(inp.item.id) * SEQ_SPACE  # the last number used
        self.updates_sent = 0
        self.manager_told = False
        self.next_update = deadlines.next_action_update_due(inp.started_on, inp.profile, self.cal)
        # Event numbers of tracker n are n * SEQ_SPACE and up: no clash with the complaint's.
        self.seq_floor = int(inp.item.id) * SEQ_SPACE
        self._lock = asyncio.Lock()
        self._batch = RecordEffectsInput(reference=inp.reference)
        self._labels: list[str] = []
        self._unrecorded: list[RecordEffectsInput] = []
        self._deliveries: list[Any] = []

    @workflow.run
    async def run(self, inp: TrackerInput) -> TrackerResult:
        item = inp.item
        while self.completed_on is None:
            async with self._lock:
                await self._due_now()
                await self._commit()
            if self.completed_on is not None:
                break
            at, summary = self._next_wake()
            if self._unrecorded:
                at, summary = workflow.now() + RECORD_RETRY_AFTER, "Write the kept records"
            self.changed = False
            try:
                await workflow.wait_condition(
                    lambda: self.changed,
                    timeout=max(at - workflow.now(), timedelta(seconds=1)),
                    timeout_summary=summary,
                )
            except TimeoutError:
                pass
        late = " late" if self.completed_on > item.due else ""
        async with self._lock:
            await self._letter(
                ActionCompleted,
                f"Tell the resident '{item.what}' is done",
                what=item.what,
                completed_on=self.completed_on.isoformat(),
            )
            await self._record(f"Completed{late}: {item.what}")
            await self._commit()
            while self._unrecorded:
                await workflow.sleep(RECORD_RETRY_AFTER, summary="Write the kept records")
                await self._commit()
        try:
            await workflow.get_external_workflow_handle(inp.reference).signal(
                "item_completed", ItemCompleted(item_id=item.id, on=self.completed_on)
            )
        except ApplicationError:
            workflow.logger.warning("complaint %s no longer running", inp.reference)
        await workflow.wait_condition(workflow.all_handlers_finished)
        await self._deliveries_done()
        return TrackerResult(
            item_id=item.id, completed_on=self.completed_on, updates_sent=self.updates_sent
        )

    def _next_wake(self):
        item, profile = self.inp.item, self.inp.profile
        wakes = [
            (
                office_hours_on(self.next_update, profile.office_hour),
                f"Update the resident on '{item.what}' by {format_due(self.next_update)}",
            )
        ]
        if not self.manager_told:
            at = next_office_hours(overdue_from(item.due), self.cal, profile.office_hour)
            wakes.append((at, f"{item.what}: due {format_due(item.due)}"))
        return min(wakes)

    async def _due_now(self) -> None:
        now, item = workflow.now(), self.inp.item
        if now >= office_hours_on(self.next_update, self.inp.profile.office_hour):
            latest = self.notes[-1].note if self.notes else "work is under way"
            await self._letter(
                ActionUpdate,
                f"Update the resident on '{item.what}'",
                what=item.what,
                due=item.due.isoformat(),
                progress=latest,
            )
        if not self.manager_told and now >= next_office_hours(
            overdue_from(item.due), self.cal, self.inp.profile.office_hour
        ):
            self.manager_told = True
            await self._record(f"Overdue: {item.what} (due {format_due(item.due)})")
            await self._notify(
                f"Action overdue: {item.what} ({self.inp.reference})",
                f"'{item.what}' was due on {format_due(item.due)} and is not complete.",
            )

    @workflow.signal
    async def progress(self, note: Progress) -> None:
        """Progress from the handler: the resident hears of it, and the clock restarts."""
        async with self._lock:
            self.notes.append(note)
            if note.completed and self.completed_on is None:
                self.completed_on = self._today()
            else:
                await self._letter(
                    ActionUpdate,
                    f"Update the resident on '{self.inp.item.what}'",
                    what=self.inp.item.what,
                    due=self.inp.item.due.isoformat(),
                    progress=note.note,
                )
                await self._commit()
            self.changed = True
