"""`TrackerWorkflow`: one remedy, outstanding action or ombudsman order, followed to
completion (R-REM-3, R-EXT-2) in a child workflow so the complaint's history stays bounded.

The resident hears at least every `action_update_every_wd` working days; the manager is
told, in office hours, when the item is overdue; the complaint is signalled when it is done.
"""

from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from models.effects import (
        DeliverInput,
        Event,
        NotifyInput,
        RecordEventInput,
        SendLetterInput,
    )
    from rules import deadlines
    from rules.calendar import (
        WorkingCalendar,
        format_due,
        local_date,
        next_office_hours,
        office_hours_on,
        overdue_from,
    )
    from workflows.inputs import ItemCompleted, Progress, TrackerInput, TrackerResult
    from workflows.options import (
        ACTIVITY_RETRY,
        ACTIVITY_TIMEOUT,
        DELIVERY_HEARTBEAT,
        DELIVERY_PATCH,
        DELIVERY_RETRY,
        DELIVERY_TIMEOUT,
    )

SEQ_SPACE = (
    1_000_000  # event numbers of tracker n start at n * SEQ_SPACE: no clash with the complaint's
)


@workflow.defn(name="TrackerWorkflow")
class TrackerWorkflow:
    @workflow.init
    def __init__(self, inp: TrackerInput) -> None:
        self.inp = inp
        self.cal = WorkingCalendar(inp.calendar)
        self.notes: list[Progress] = []
        self.completed_on = None
        self.changed = False
        self.seq = int(inp.item.id) * SEQ_SPACE
        self.updates_sent = 0
        self.manager_told = False
        self.next_update = deadlines.next_action_update_due(inp.started_on, inp.profile, self.cal)

    @workflow.run
    async def run(self, inp: TrackerInput) -> TrackerResult:
        item = inp.item
        while self.completed_on is None:
            await self._due_now()
            if self.completed_on is not None:
                break
            at, summary = self._next_wake()
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
        await self._letter(
            "action_completed",
            f"Tell the resident '{item.what}' is done",
            {"what": item.what, "completed_on": self.completed_on.isoformat()},
        )
        await self._record(f"Completed{late}: {item.what}")
        try:
            await workflow.get_external_workflow_handle(inp.reference).signal(
                "item_completed", ItemCompleted(item_id=item.id, on=self.completed_on)
            )
        except ApplicationError:
            workflow.logger.warning("complaint %s no longer running", inp.reference)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return TrackerResult(
            item_id=item.id, completed_on=self.completed_on, updates_sent=self.updates_sent
        )

    def _today(self):
        return local_date(workflow.now())

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
                "action_update",
                f"Update the resident on '{item.what}'",
                {"what": item.what, "due": item.due.isoformat(), "progress": latest},
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
        self.notes.append(note)
        if note.completed and self.completed_on is None:
            self.completed_on = self._today()
        else:
            await self._letter(
                "action_update",
                f"Update the resident on '{self.inp.item.what}'",
                {
                    "what": self.inp.item.what,
                    "due": self.inp.item.due.isoformat(),
                    "progress": note.note,
                },
            )
        self.changed = True

    async def _letter(self, letter: str, summary: str, fields: dict) -> None:
        self.seq += 1
        if letter == "action_update":
            self.updates_sent += 1
            self.next_update = deadlines.next_action_update_due(
                self._today(), self.inp.profile, self.cal
            )
        await workflow.execute_activity(
            "send_letter",
            SendLetterInput(
                reference=self.inp.reference,
                seq=self.seq,
                occurred_at=workflow.now(),
                letter=letter,
                organisation=self.inp.organisation,
                recipients=self.inp.recipients,
                channel=self.inp.channel,
                large_print=self.inp.large_print,
                fields={"reference": self.inp.reference, **fields},
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary=summary[:200],
        )
        how = "by post" if self.inp.channel == "post" else "by email"
        await self._deliver("deliver_letter", f"Send the {letter.replace('_', ' ')} letter {how}")

    async def _record(self, summary: str) -> None:
        self.seq += 1
        await workflow.execute_activity(
            "record_event",
            RecordEventInput(
                reference=self.inp.reference,
                seq=self.seq,
                occurred_at=workflow.now(),
                event=Event(
                    kind="action_tracking", summary=summary, data={"item_id": self.inp.item.id}
                ),
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary=summary[:200],
        )

    async def _notify(self, subject: str, body: str) -> None:
        self.seq += 1
        await workflow.execute_activity(
            "notify_staff",
            NotifyInput(
                reference=self.inp.reference,
                seq=self.seq,
                occurred_at=workflow.now(),
                staff_id=self.inp.manager_id,
                to_manager_of=self.inp.manager_id is None,
                subject=subject,
                body=body,
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary=subject[:200],
        )
        await self._deliver("deliver_notice", f"Email: {subject}")

    async def _deliver(self, activity: str, summary: str) -> None:
        """Send what was just recorded (see workflows.effects.EffectRunner._deliver)."""
        if not workflow.patched(DELIVERY_PATCH):
            return
        await workflow.execute_activity(
            activity,
            DeliverInput(reference=self.inp.reference, seq=self.seq),
            start_to_close_timeout=DELIVERY_TIMEOUT,
            heartbeat_timeout=DELIVERY_HEARTBEAT,
            retry_policy=DELIVERY_RETRY,
            summary=summary[:200],
        )
