"""`HazardWorkflow`'s records: the state it holds, the events, notices and letters each
step batches, and one local activity that writes them with the hazard's read-model row
and state (``record_hazard``); then each letter and notice is delivered by its own
activity. Also what Temporal Web shows of the hazard: search attributes and details."""

from __future__ import annotations

import asyncio
from typing import Any

from temporalio import workflow
from temporalio.exceptions import FailureError

with workflow.unsafe.imports_passed_through():
    from activities.delivery import DeliveryActivities
    from activities.hazard import HazardActivities
    from models.effects import (
        DeliverInput,
        Event,
        NotifyInput,
        RecordEffectsInput,
        RecordEventInput,
        SendLetterInput,
    )
    from models.hazard import HazardRegime, StartHazard
    from models.hazard_state import HazardDeadline, HazardState, RecordHazardInput
    from rules.calendar import WorkingCalendar, local_date
    from rules.hazards import steps
    from rules.hazards.letters import hazard_letter
    from rules.hazards.read_model import hazard_summary
    from rules.record import epoch, fold_digest, merged, record_digest, records_of
    from workflows import search_attributes as sa
    from workflows.options import (
        DELIVERY_HEARTBEAT,
        DELIVERY_RETRY,
        DELIVERY_TIMEOUT,
        RECORD_RETRY,
        RECORD_TIMEOUT,
    )


class HazardRecords:
    """What every part of the hazard's workflow shares: its input, regime, calendar and
    state, and the batch of records the step under way adds to."""

    inp: StartHazard
    regime: HazardRegime
    cal: WorkingCalendar
    state: HazardState
    changed: bool
    _lock: asyncio.Lock
    _batch: RecordEffectsInput
    _labels: list[str]
    _deliveries: list[Any]

    def _open(self) -> list[HazardDeadline]:
        return sorted(
            (
                d
                for d in self.state.deadlines
                if d.met_at is None and not d.breached and d.gave_way_at is None
            ),
            key=lambda d: d.due,
        )

    async def _step_done(self) -> None:
        if self.state.step not in steps.OPEN_STEPS:
            self.state.next_update_on = None
        await self._commit()
        self.changed = True

    def _next_seq(self) -> int:
        self.state.event_seq += 1
        return self.state.event_seq

    def _event(self, kind: str, summary: str, actor: str = "system") -> None:
        event = Event(kind=kind, summary=summary[:1000], actor=actor)
        self._batch.events.append(
            RecordEventInput(
                reference=self.state.reference,
                seq=self._next_seq(),
                occurred_at=workflow.now(),
                event=event,
            )
        )
        self._labels.append(summary)

    def _notify(self, staff_id: str | None, subject: str, body: str, **kw: Any) -> None:
        self._batch.notices.append(
            NotifyInput(
                reference=self.state.reference,
                seq=self._next_seq(),
                occurred_at=workflow.now(),
                staff_id=staff_id,
                subject=subject[:200],
                body=body,
                **kw,
            )
        )
        self._labels.append(f"Notify: {subject}")

    def _notify_duty(self, deadline: HazardDeadline) -> None:
        """R-HAZ-2: staff on duty are told at once, at any hour."""
        s = self.state
        self._notify(
            self.inp.duty_contact,
            f"Emergency hazard {s.reference}: {deadline.label}",
            f"An emergency hazard ({s.report.hazard.replace('_', ' ')}) in {s.report.location}"
            f" was reported; {deadline.label}. Who is affected: {s.report.affected}."
            + (f" Vulnerability: {s.report.vulnerability}." if s.report.vulnerability else ""),
        )

    def _letter(self, letter: str, summary: str, **parts: Any) -> None:
        tenant = self.inp.tenant
        fields = hazard_letter(
            letter,
            reference=self.state.reference,
            organisation=self.inp.organisation,
            recipients=tenant.recipients,
            on=local_date(workflow.now()),
            **parts,
        )
        seq = self._next_seq()
        self._batch.letters.append(
            SendLetterInput(
                reference=self.state.reference,
                seq=seq,
                occurred_at=workflow.now(),
                letter=letter,
                organisation=self.inp.organisation,
                recipients=tenant.recipients,
                channel=tenant.channel,
                large_print=tenant.large_print,
                fields=fields,
            )
        )
        self._event("letter_sent", f"Letter: {summary}")

    async def _commit(self) -> None:
        """This step's records, the hazard's row and its state, in one local activity;
        then each letter and notice is delivered by its own activity, not waited for."""
        s = self.state
        records, labels = self._batch, self._labels
        self._batch, self._labels = RecordEffectsInput(reference=s.reference), []
        pending = list(s.unrecorded)
        if labels:
            for record in records_of(records):
                record.digest = record_digest(record)
                s.record_digest = fold_digest(s.record_digest, record.digest)
            records.last_seq = s.event_seq
            pending.append(records)
        self._publish()
        if not pending:
            return
        write = merged(pending)
        write.epoch = epoch(0, workflow.info().get_current_history_length())
        try:
            await workflow.execute_local_activity_method(
                HazardActivities.record_hazard,
                self._record_input(write),
                start_to_close_timeout=RECORD_TIMEOUT,
                retry_policy=RECORD_RETRY,
                summary=("; ".join(labels) or "Write the kept records")[:200],
            )
        except FailureError as error:
            workflow.logger.error("hazard %s: records kept, not written: %s", s.reference, error)
            s.unrecorded = pending
            s.attention = f"The hazard's record is behind: {error}"[:1000]
            return
        s.unrecorded, s.attention = [], s.letter_problem
        for done in pending:
            for letter in done.letters:
                how = "by post" if letter.channel == "post" else "by email"
                label = f"Send the {letter.letter.replace('_', ' ')} letter {how}"
                self._start(DeliveryActivities.deliver_letter, letter.seq, label)
            for notice in done.notices:
                self._start(
                    DeliveryActivities.deliver_notice, notice.seq, f"Email: {notice.subject}"
                )

    def _record_input(self, write: RecordEffectsInput) -> RecordHazardInput:
        state = self.state.model_dump(mode="json", exclude={"unrecorded"})
        summary = hazard_summary(self.state, self.regime)
        return RecordHazardInput(records=write, summary=summary, state=state)

    def _start(self, activity: Any, seq: int, summary: str) -> None:
        self._deliveries.append(
            workflow.start_activity_method(
                activity,
                DeliverInput(reference=self.state.reference, seq=seq),
                start_to_close_timeout=DELIVERY_TIMEOUT,
                heartbeat_timeout=DELIVERY_HEARTBEAT,
                retry_policy=DELIVERY_RETRY,
                summary=summary[:200],
            )
        )

    def _publish(self) -> None:
        """Search attributes and current details for Temporal Web, in words."""
        s = self.state
        nxt = self._open()
        workflow.upsert_search_attributes(
            [
                sa.HAZARD_KIND.value_set(s.kind.value if s.kind else "untriaged"),
                sa.HAZARD_STEP.value_set(s.step.value),
                sa.BREACHED.value_set(s.breached),
                sa.HAZARD_DUE.value_set(nxt[0].due) if nxt else sa.HAZARD_DUE.value_unset(),
            ]
        )
        lines = [
            f"**{s.report.hazard.replace('_', ' ').capitalize()}** in {s.report.location}: "
            f"{(s.kind.value if s.kind else 'not yet triaged').replace('_', ' ')}, "
            f"next step {s.step.value.replace('_', ' ')}"
        ]
        if nxt:
            lines.append(f"Next: {nxt[0].label}")
        if s.complaint_reference:
            lines.append(f"Complaint: {s.complaint_reference}")
        if s.breached:
            lines.append("A statutory hazard deadline has been missed.")
        if s.attention:
            lines.append(f"**Needs attention**: {s.attention}")
        workflow.set_current_details("\n\n".join(lines))
