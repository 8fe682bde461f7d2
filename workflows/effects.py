"""Carrying out what the rules ask: each effect becomes one idempotent activity call,
keyed by the complaint's reference and the next number in its sequence."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError, FailureError

with workflow.unsafe.imports_passed_through():
    from activities.complaint import ComplaintActivities
    from activities.delivery import DeliveryActivities
    from activities.starting import WorkflowStarterActivities
    from models.complaint import ComplaintState
    from models.effects import (
        AllocateReferenceInput,
        AttentionInput,
        ComplaintSummary,
        DeliverInput,
        DeliveryReport,
        Effect,
        Event,
        Letter,
        Notify,
        NotifyInput,
        RecordEffectsInput,
        RecordEventInput,
        SendLetterInput,
        SplitOff,
        Track,
    )
    from models.enums import Kind, Stage
    from rules import letters
    from rules.calendar import format_due
    from rules.handling.common import Ctx
    from rules.read_model import as_record, changed_fields
    from rules.record import epoch, fold_digest, merged, record_digest, records_of
    from workflows.inputs import StartComplaint, TrackerInput
    from workflows.options import (
        ACTIVITY_RETRY,
        ACTIVITY_TIMEOUT,
        ATTENTION_RETRY,
        DELIVERY_HEARTBEAT,
        DELIVERY_PATCH,
        DELIVERY_RETRY,
        DELIVERY_TIMEOUT,
        RECORD_RETRY,
        RECORD_RETRY_AFTER,
        RECORD_RETRY_AT_MOST,
        RECORD_TIMEOUT,
    )

# deliver_letter or deliver_notice, called by reference so that mypy and a reader follow it.
Delivery = Callable[[DeliveryActivities, DeliverInput], Awaitable[DeliveryReport]]


class EffectRunner:
    """Runs effects for `ComplaintBase`; uses its state, calendar context and summary."""

    state: ComplaintState
    _pending: list[Effect]
    _recorded: dict[str, Any] | None  # the read-model row as last recorded
    _deliveries: list[asyncio.Future[Any]]

    def _ctx(self) -> Ctx:
        raise NotImplementedError

    def _summary(self) -> ComplaintSummary:
        raise NotImplementedError

    def _publish(self) -> None:
        raise NotImplementedError

    async def _run_effects(self, effects: list[Effect]) -> None:
        """Carry out effects in order. Consecutive events, letters and notices go to the
        database together, in one activity; starting a tracker or a linked complaint is
        an activity of its own."""
        queued, self._pending = [*self._pending, *effects], []
        batch = self._new_batch()
        for effect in queued:
            if isinstance(effect, Event | Letter | Notify):
                self._add(batch, effect)
                continue
            await self._flush(batch)
            batch = self._new_batch()
            if isinstance(effect, Track):
                await self._track(effect)
            elif isinstance(effect, SplitOff):
                await self._split_off(effect)
        await self._flush(batch)
        self._publish()

    def _next_seq(self) -> int:
        self.state.event_seq += 1
        return self.state.event_seq

    def _new_batch(self) -> tuple[RecordEffectsInput, list[str]]:
        return RecordEffectsInput(reference=self.state.reference), []

    def _add(
        self, batch: tuple[RecordEffectsInput, list[str]], effect: Event | Letter | Notify
    ) -> None:
        records, labels = batch
        now = workflow.now()
        if isinstance(effect, Event):
            records.events.append(self._event(effect, now))
            labels.append(effect.summary)
        elif isinstance(effect, Letter):
            records.letters.append(self._letter(effect, now))
            sent = Event(
                kind="letter_sent",
                summary=f"Letter: {effect.summary}",
                data={"letter": effect.letter},
            )
            records.events.append(self._event(sent, now))
            labels.append(effect.summary)
        else:
            records.notices.append(
                NotifyInput(
                    reference=self.state.reference,
                    seq=self._next_seq(),
                    occurred_at=now,
                    staff_id=effect.staff_id,
                    to_manager_of=effect.to_manager_of,
                    subject=effect.subject,
                    body=effect.body,
                )
            )
            labels.append(f"Notify: {effect.subject}")

    def _event(self, event: Event, now: datetime) -> RecordEventInput:
        return RecordEventInput(
            reference=self.state.reference, seq=self._next_seq(), occurred_at=now, event=event
        )

    async def _flush(self, batch: tuple[RecordEffectsInput, list[str]]) -> None:
        records, labels = batch
        if not labels and not self.state.unrecorded:
            return
        self._publish()
        if labels:
            records.summary = self._summary()
            records.last_seq = self.state.event_seq
            if records.events:
                # The event log carries what each record changed in the read model, so the
                # read model can be rebuilt from the log alone (python -m store.rebuild).
                row = as_record(records.summary)
                changes = changed_fields(self._recorded, row)
                if changes:
                    records.events[-1].changes = changes
                self._recorded = row
            self._seal(records)
        pending = [*self.state.unrecorded, records] if labels else [*self.state.unrecorded]
        write = merged(pending)
        write.epoch = epoch(self.state.generation, workflow.info().get_current_history_length())
        # The whole state for pages to read (store.tables.ComplaintState), without the
        # records this very write carries.
        write.state = self.state.model_dump(mode="json", exclude={"unrecorded"})
        summary = (
            "; ".join(labels) if labels else "Write the records kept while the record was behind"
        )
        try:
            # A local activity: a short write to the complaint's own database, run by the
            # worker that holds the workflow, with no extra round trip through the server.
            await workflow.execute_local_activity_method(
                ComplaintActivities.record_effects,
                write,
                start_to_close_timeout=RECORD_TIMEOUT,
                retry_policy=RECORD_RETRY,
                summary=summary[:200],
            )
        except FailureError as error:  # ActivityError, or the activity's own ApplicationError
            self.state.unrecorded = pending
            await self._record_behind(error)
            return
        self.state.unrecorded = []
        if self.state.attention is not None:
            self._record_caught_up()
        for done in pending:
            self._deliver(done)

    def _seal(self, records: RecordEffectsInput) -> None:
        """Fingerprint each record and fold it into the complaint's running digest, in
        sequence order (see rules.record and store.reconcile)."""
        for record in records_of(records):
            record.digest = record_digest(record)
            self.state.record_digest = fold_digest(self.state.record_digest, record.digest)

    async def _record_behind(self, error: FailureError) -> None:
        """The record could not be written: keep the records, say so to managers (the read
        model's ``needs_attention``), operations (``NeedsAttention``) and the log, and try
        again later. The complaint's deadlines and updates carry on meanwhile."""
        cause = error.cause if isinstance(error, ActivityError) and error.cause else error
        reason = cause.message if isinstance(cause, FailureError) else str(cause)
        first = self.state.attention is None
        self.state.attention = (
            f"The complaint's record is behind: {len(self._unrecorded_seqs())} record(s) "
            f"could not be written ({reason[:300]}); they are kept and tried again."
        )[:1000]
        self.state.record_retries += 1
        workflow.logger.error("%s needs attention: %s", self.state.reference, reason)
        self._publish()
        if first or self.state.record_retries % 10 == 0:
            await self._flag(self.state.attention)

    def _record_caught_up(self) -> None:
        workflow.logger.info("%s: the record has caught up", self.state.reference)
        self.state.attention = None
        self.state.record_retries = 0
        self._publish()

    async def _flag(self, reason: str | None) -> None:
        try:
            await workflow.execute_local_activity_method(
                ComplaintActivities.flag_attention,
                AttentionInput(reference=self.state.reference, reason=reason),
                start_to_close_timeout=RECORD_TIMEOUT,
                retry_policy=ATTENTION_RETRY,
                summary="Mark the complaint as needing attention",
            )
        except FailureError:
            pass  # the database is down too: the search attribute and the log still say so

    def _unrecorded_seqs(self) -> list[int]:
        return [record.seq for batch in self.state.unrecorded for record in records_of(batch)]

    def _record_retry_wait(self) -> timedelta | None:
        """How long to wait before writing the kept records again (doubling), or None."""
        if not self.state.unrecorded:
            return None
        wait = RECORD_RETRY_AFTER * (2 ** min(self.state.record_retries - 1, 10))
        return min(wait, RECORD_RETRY_AT_MOST)

    def _deliver(self, records: RecordEffectsInput) -> None:
        """Send each recorded letter and staff notice (R-COM-1, R-S1-2), without waiting:
        a slow or unreachable mail server must not hold up the complaint. Each delivery is
        idempotent (keyed by reference and sequence number), and the workflow waits for
        them all before it continues as new or ends."""
        if not (records.letters or records.notices) or not workflow.patched(DELIVERY_PATCH):
            return
        for letter in records.letters:
            self._start_delivery(
                DeliveryActivities.deliver_letter, letter.seq, self._letter_label(letter)
            )
        for notice in records.notices:
            who = "the manager of " if notice.to_manager_of else ""
            label = f"Email {who}{notice.staff_id or 'the complaints team'}: {notice.subject}"
            self._start_delivery(DeliveryActivities.deliver_notice, notice.seq, label)

    def _letter_label(self, letter: SendLetterInput) -> str:
        how = "by post" if letter.channel == "post" else "by email"
        kind = letter.letter.replace("_", " ")
        large = ", large print" if letter.large_print else ""
        return f"Send the {kind} letter {how}{large}"

    def _start_delivery(self, activity: Delivery, seq: int, label: str) -> None:
        handle = workflow.start_activity_method(
            activity,
            DeliverInput(reference=self.state.reference, seq=seq),
            start_to_close_timeout=DELIVERY_TIMEOUT,
            heartbeat_timeout=DELIVERY_HEARTBEAT,
            retry_policy=DELIVERY_RETRY,
            summary=label[:200],
        )
        self._deliveries.append(handle)

    async def _deliveries_done(self) -> None:
        """Wait for every delivery started so far; a failed one is in the record already."""
        pending, self._deliveries = self._deliveries, []
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

    async def _record(self, event: Event) -> None:
        batch = self._new_batch()
        self._add(batch, event)
        await self._flush(batch)

    def _letter(self, letter: Letter, now: datetime) -> SendLetterInput:
        """The letter as the rules built it, numbered in the complaint's sequence."""
        return SendLetterInput(
            reference=self.state.reference,
            seq=self._next_seq(),
            occurred_at=now,
            letter=letter.letter,
            organisation=self.state.intake.organisation,
            recipients=letter.recipients,
            channel=letter.channel,
            large_print=letter.large_print,
            fields=letter.fields,
        )

    async def _track(self, track: Track) -> None:
        """R-REM-3: each remedy, action or order is followed by its own tracker workflow, so
        the complaint's history stays bounded however long the action takes."""
        item = self.state.tracked[track.item_id]
        prefs = self.state.intake.complainant.preferences
        owner = self.state.handler if self.state.stage == Stage.STAGE_1 else self.state.reviewer
        owner = owner or self.state.handler
        await workflow.execute_activity_method(
            WorkflowStarterActivities.start_tracker,
            TrackerInput(
                reference=self.state.reference,
                organisation=self.state.intake.organisation,
                item=item,
                profile=self.state.profile,
                calendar=self.state.calendar,
                started_on=self._ctx().today,
                staff_id=owner.id if owner else None,
                manager_id=owner.manager_id if owner else None,
                recipients=letters.recipients(self.state),
                channel=letters.channel(self.state),
                large_print=prefs.large_print,
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary=f"Start tracking: {item.what}"[:200],
        )
        await self._record(
            Event(
                kind="tracking_started",
                summary=f"Tracking {item.kind.replace('_', ' ')}: {item.what}, "
                f"due {format_due(item.due)}",
                data={"item_id": item.id},
            )
        )

    async def _split_off(self, split: SplitOff) -> None:
        """R-S1-5: a new complaint linked to this one, with its own reference and workflow."""
        today = self._ctx().today
        reference: str = await workflow.execute_activity_method(
            ComplaintActivities.allocate_reference,
            AllocateReferenceInput(
                kind="complaint",
                year=today.year,
                key=f"{self.state.reference}:{self._next_seq()}",
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary="Allocate a reference for the linked complaint",
        )
        intake = self.state.intake.model_copy(
            update={
                "reference": reference,
                "kind": Kind.COMPLAINT,  # R-DEF-1: a comment treated as a complaint
                "description": split.summary,
                "first_contact_on": split.first_contact_on or today,
                "linked_to": self.state.reference,
                "issue_date": None,
            }
        )
        await workflow.execute_activity_method(
            WorkflowStarterActivities.start_linked_complaint,
            StartComplaint(
                intake=intake,
                profile=self.state.profile,
                calendar=self.state.calendar,
                organisation=self.state.organisation,
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary=f"Start linked complaint {reference}",
        )
        self.state.linked_complaints.append(reference)
        await self._record(
            Event(
                kind="split_off",
                summary=f"New linked complaint {reference}: {split.summary}",
                data={"linked": reference},
            )
        )
