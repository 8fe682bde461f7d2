"""The tracker's records: the letters, events and staff notices of one tracked item, numbered
from the item's own block of the complaint's sequence (`SEQ_SPACE`), so they never clash
with the complaint's own.

Trackers past `ONE_RUNNER_PATCH` gather each step's records into one batch, written by the
complaint's own `record_effects` local activity (`_commit`); a batch that cannot be written
is kept and written first next time, and the records' letters and notices are delivered
once written (R-REM-3). Trackers started before the patch keep their old commands: each
record written by an activity of its own, then delivered.
"""

import asyncio
from datetime import date
from typing import Any

from temporalio import workflow
from temporalio.exceptions import FailureError

from workflows.deliveries import Delivery

with workflow.unsafe.imports_passed_through():
    from activities.complaint import ComplaintActivities
    from activities.delivery import DeliveryActivities
    from letters.models import ActionCompleted, ActionUpdate
    from models.effects import (
        SEQ_SPACE,
        DeliverInput,
        Event,
        NotifyInput,
        RecordEffectsInput,
        RecordEventInput,
        SendLetterInput,
    )
    from rules import deadlines
    from rules.calendar import WorkingCalendar, local_date
    from rules.letters import action_letter
    from rules.record import epoch, merged, record_digest, records_of
    from workflows.inputs import TrackerInput
    from workflows.options import (
        ACTIVITY_RETRY,
        ACTIVITY_TIMEOUT,
        DELIVERY_HEARTBEAT,
        DELIVERY_PATCH,
        DELIVERY_RETRY,
        DELIVERY_TIMEOUT,
        RECORD_RETRY,
        RECORD_TIMEOUT,
    )

# Trackers started before the tracker wrote through one runner (one lock, one batch of
# records per step, deliveries keyed by the records' own numbers) keep their old commands.
ONE_RUNNER_PATCH = "tracker-one-effect-runner"


class TrackerRecords:
    """Records and deliveries for `TrackerWorkflow`, which sets these in its `__init__`."""

    inp: TrackerInput
    cal: WorkingCalendar
    seq: int  # the last number used
    seq_floor: int
    updates_sent: int
    next_update: date
    _batch: RecordEffectsInput
    _labels: list[str]
    _unrecorded: list[RecordEffectsInput]
    _deliveries: list[Any]

    def _today(self):
        return local_date(workflow.now())

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
