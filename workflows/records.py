"""Writing the complaint's records: events, letters and staff notices numbered in the
complaint's sequence, sealed into its running digest (`rules.record`) and written together
by one local activity (`ComplaintActivities.record_effects`), with the read-model row and
the whole state for pages to read.

When the write fails, the records are kept in `state.unrecorded` and the complaint says it
needs attention; the next write carries them first, and the workflow tries again after
`_record_retry_wait` (doubling). Deadlines and updates carry on meanwhile. Once written,
the records' letters and notices are delivered (`workflows.deliveries`).
"""

from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError, FailureError

from workflows.deliveries import DeliveryStarter

with workflow.unsafe.imports_passed_through():
    from activities.complaint import ComplaintActivities
    from models.complaint import ComplaintState
    from models.effects import (
        AttentionInput,
        ComplaintSummary,
        Event,
        Letter,
        Notify,
        NotifyInput,
        RecordEffectsInput,
        RecordEventInput,
        SendLetterInput,
    )
    from rules.read_model import as_record, changed_fields
    from rules.record import epoch, fold_digest, merged, record_digest, records_of
    from workflows.options import (
        ATTENTION_RETRY,
        RECORD_RETRY,
        RECORD_RETRY_AFTER,
        RECORD_RETRY_AT_MOST,
        RECORD_TIMEOUT,
    )


class RecordWriter(DeliveryStarter):
    """Writes the complaint's records for `EffectRunner`; uses its state and summary."""

    state: ComplaintState
    _recorded: dict[str, Any] | None  # the read-model row as last recorded

    def _summary(self) -> ComplaintSummary:
        raise NotImplementedError

    def _publish(self) -> None:
        raise NotImplementedError

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
