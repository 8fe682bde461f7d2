"""`TrackerWorkflow`: one remedy, outstanding action or ombudsman order, followed to
completion (R-REM-3, R-EXT-2) in a child workflow so the complaint's history stays bounded.

The resident hears at least every `action_update_every_wd` working days; the manager is
told, in office hours, when the item is overdue; the complaint is signalled when it is done.
"""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError, FailureError

with workflow.unsafe.imports_passed_through():
    from activities.complaint import ComplaintActivities
    from activities.delivery import DeliveryActivities
    from letters.models import ActionCompleted, ActionUpdate
    from models.effects import (
        SEQ_SPACE,
        DeliverInput,
        DeliveryReport,
        Event,
        NotifyInput,
        RecordEffectsInput,
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
    from rules.letters import action_letter
    from rules.record import epoch, merged, record_digest, records_of
    from workflows.inputs import ItemCompleted, Progress, TrackerInput, TrackerResult
    from workflows.options import (
        ACTIVITY_RETRY,
        ACTIVITY_TIMEOUT,
        DELIVERY_HEARTBEAT,
        DELIVERY_PATCH,
        DELIVERY_RETRY,
        DELIVERY_TIMEOUT,
        RECORD_RETRY,
        RECORD_RETRY_AFTER,
        RECORD_TIMEOUT,
    )

# deliver_letter or deliver_notice, called by reference so that mypy and a reader follow it.
Delivery = Callable[[DeliveryActivities, DeliverInput], Awaitable[DeliveryReport]]

# Trackers started before the tracker wrote through one runner (one lock, one batch of
# records per step, deliveries keyed by the records' own numbers) keep their old commands.
ONE_RUNNER_PATCH = "tracker-one-effect-runner"


@workflow.defn(name="TrackerWorkflow")
class TrackerWorkflow:
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

    # -- records: one batch per step, written by the complaint's own record_effects ------

    def _one_runner(self) -> bool:
        return workflow.patched(ONE_RUNNER_PATCH)

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    async def _commit(self) -> None:
        """Write this step's records (and any kept from before) in one local activity, then
        start their deliveries, each by its own record's number (R-REM-3)."""
        if not self._one_runner():
            return
        records, labels = self._batch, self._labels
        self._batch, self._labels = RecordEffectsInput(reference=self.inp.reference), []
        pending = list(self._unrecorded)
        if labels:
            for record in records_of(records):
                record.digest = record_digest(record)
            records.last_seq = self.seq
            pending.append(records)
        if not pending:
            return
        write = merged(pending)
        write.seq_floor = self.seq_floor
        write.seq_ceiling = self.seq_floor + SEQ_SPACE
        write.epoch = epoch(0, workflow.info().get_current_history_length())
        try:
            await workflow.execute_local_activity_method(
                ComplaintActivities.record_effects,
                write,
                start_to_close_timeout=RECORD_TIMEOUT,
                retry_policy=RECORD_RETRY,
                summary=("; ".join(labels) or "Write the kept records")[:200],
            )
        except FailureError as error:  # ActivityError, or the activity's own ApplicationError
            workflow.logger.error(
                "tracker of %s: records kept, not yet written: %s", self.inp.reference, error
            )
            self._unrecorded = pending
            return
        self._unrecorded = []
        if workflow.patched(DELIVERY_PATCH):
            for done in pending:
                for letter in done.letters:
                    how = "by post" if letter.channel == "post" else "by email"
                    what = letter.letter.replace("_", " ")
                    self._start(
                        DeliveryActivities.deliver_letter,
                        letter.seq,
                        f"Send the {what} letter {how}",
                    )
                for notice in done.notices:
                    self._start(
                        DeliveryActivities.deliver_notice, notice.seq, f"Email: {notice.subject}"
                    )

    def _start(self, activity: Delivery, seq: int, summary: str) -> None:
        self._deliveries.append(
            workflow.start_activity_method(
                activity,
                DeliverInput(reference=self.inp.reference, seq=seq),
                start_to_close_timeout=DELIVERY_TIMEOUT,
                heartbeat_timeout=DELIVERY_HEARTBEAT,
                retry_policy=DELIVERY_RETRY,
                summary=summary[:200],
            )
        )

    async def _deliveries_done(self) -> None:
        pending, self._deliveries = self._deliveries, []
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

    async def _letter(
        self, kind: type[ActionUpdate] | type[ActionCompleted], summary: str, **parts: Any
    ) -> None:
        """R-REM-3: a letter about the item, built and checked by the rules
        (`rules.letters.action_letter`)."""
        letter = kind.letter_type
        fields = action_letter(
            kind,
            reference=self.inp.reference,
            organisation=self.inp.organisation,
            recipients=self.inp.recipients,
            on=self._today(),
            **parts,
        )
        seq = self._next_seq()
        if kind is ActionUpdate:
            self.updates_sent += 1
            self.next_update = deadlines.next_action_update_due(
                self._today(), self.inp.profile, self.cal
            )
        record = SendLetterInput(
            reference=self.inp.reference,
            seq=seq,
            occurred_at=workflow.now(),
            letter=letter,
            organisation=self.inp.organisation,
            recipients=self.inp.recipients,
            channel=self.inp.channel,
            large_print=self.inp.large_print,
            fields=fields,
        )
        if self._one_runner():
            self._batch.letters.append(record)
            self._labels.append(summary)
            return
        await workflow.execute_activity_method(
            ComplaintActivities.send_letter,
            record,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary=summary[:200],
        )
        how = "by post" if self.inp.channel == "post" else "by email"
        await self._deliver(
            DeliveryActivities.deliver_letter,
            seq,
            f"Send the {letter.replace('_', ' ')} letter {how}",
        )

    async def _record(self, summary: str) -> None:
        seq = self._next_seq()
        event = RecordEventInput(
            reference=self.inp.reference,
            seq=seq,
            occurred_at=workflow.now(),
            event=Event(
                kind="action_tracking", summary=summary, data={"item_id": self.inp.item.id}
            ),
        )
        if self._one_runner():
            self._batch.events.append(event)
            self._labels.append(summary)
            return
        await workflow.execute_activity_method(
            ComplaintActivities.record_event,
            event,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary=summary[:200],
        )

    async def _notify(self, subject: str, body: str) -> None:
        seq = self._next_seq()
        notice = NotifyInput(
            reference=self.inp.reference,
            seq=seq,
            occurred_at=workflow.now(),
            staff_id=self.inp.manager_id,
            to_manager_of=self.inp.manager_id is None,
            subject=subject,
            body=body,
        )
        if self._one_runner():
            self._batch.notices.append(notice)
            self._labels.append(f"Notify: {subject}")
            return
        await workflow.execute_activity_method(
            ComplaintActivities.notify_staff,
            notice,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary=subject[:200],
        )
        await self._deliver(DeliveryActivities.deliver_notice, seq, f"Email: {subject}")

    async def _deliver(self, activity: Delivery, seq: int, summary: str) -> None:
        """Trackers started before ONE_RUNNER_PATCH: send what was just recorded."""
        if not workflow.patched(DELIVERY_PATCH):
            return
        await workflow.execute_activity_method(
            activity,
            DeliverInput(reference=self.inp.reference, seq=seq),
            start_to_close_timeout=DELIVERY_TIMEOUT,
            heartbeat_timeout=DELIVERY_HEARTBEAT,
            retry_policy=DELIVERY_RETRY,
            summary=summary[:200],
        )
