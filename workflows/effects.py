"""Carrying out what the rules ask: each effect becomes one idempotent activity call,
keyed by the complaint's reference and the next number in its sequence."""

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from models.complaint import ComplaintState
    from models.effects import (
        AllocateReferenceInput,
        ComplaintSummary,
        Effect,
        Event,
        Letter,
        Notify,
        NotifyInput,
        Recipient,
        RecordEventInput,
        SendLetterInput,
        SplitOff,
        Track,
    )
    from rules.calendar import format_due
    from rules.handling.common import STAGE_WORDS, Ctx
    from workflows.inputs import StartComplaint, TrackerInput
    from workflows.options import ACTIVITY_RETRY, ACTIVITY_TIMEOUT


class EffectRunner:
    """Runs effects for `ComplaintBase`; uses its state, calendar context and summary."""

    state: ComplaintState
    _pending: list[Effect]

    def _ctx(self) -> Ctx:
        raise NotImplementedError

    def _summary(self) -> ComplaintSummary:
        raise NotImplementedError

    def _publish(self) -> None:
        raise NotImplementedError

    async def _run_effects(self, effects: list[Effect]) -> None:
        queued, self._pending = [*self._pending, *effects], []
        for effect in queued:
            if isinstance(effect, Event):
                await self._record(effect)
            elif isinstance(effect, Letter):
                await self._send_letter(effect)
            elif isinstance(effect, Notify):
                await self._notify(effect)
            elif isinstance(effect, Track):
                await self._track(effect)
            elif isinstance(effect, SplitOff):
                await self._split_off(effect)
        self._publish()

    def _next_seq(self) -> int:
        self.state.event_seq += 1
        return self.state.event_seq

    async def _record(self, event: Event) -> None:
        self._publish()
        await workflow.execute_activity(
            "record_event",
            RecordEventInput(
                reference=self.state.reference,
                seq=self._next_seq(),
                occurred_at=workflow.now(),
                event=event,
                summary=self._summary(),
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary=f"Record: {event.summary}"[:200],
        )

    def _recipients(self) -> list[Recipient]:
        """The complainant, and a representative once consent is recorded (R-WHO-2)."""
        person = self.state.intake.complainant
        found = [Recipient(name=person.name, email=person.email, address=person.address)]
        rep = self.state.representative or self.state.intake.representative
        if rep is not None and rep.has_consent:
            found.append(
                Recipient(
                    name=rep.name, email=rep.email, address=rep.address, role="representative"
                )
            )
        return found

    async def _send_letter(self, letter: Letter) -> None:
        prefs = self.state.intake.complainant.preferences
        fields = {
            "reference": self.state.reference,
            "stage": STAGE_WORDS[self.state.stage],
            "organisation": org.model_dump(mode="json")
            if (org := self.state.organisation)
            else None,
            **letter.fields,
        }
        try:
            await workflow.execute_activity(
                "send_letter",
                SendLetterInput(
                    reference=self.state.reference,
                    seq=self._next_seq(),
                    occurred_at=workflow.now(),
                    letter=letter.letter,
                    organisation=self.state.intake.organisation,
                    recipients=self._recipients(),
                    channel=prefs.channel,
                    large_print=prefs.large_print,
                    fields=fields,
                ),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
                summary=letter.summary,
            )
            await self._record(
                Event(
                    kind="letter_sent",
                    summary=f"Letter: {letter.summary}",
                    data={"letter": letter.letter},
                )
            )
        except ActivityError as error:
            cause = getattr(error.cause, "message", str(error))
            await self._record(
                Event(
                    kind="letter_failed",
                    summary=f"Letter not sent ({letter.letter}): {cause}",
                    data={"letter": letter.letter},
                )
            )
            await self._notify(
                Notify(
                    staff_id=None,
                    subject=f"Letter not sent: {self.state.reference}",
                    body=f"The {letter.letter} letter could not be sent: {cause}",
                )
            )

    async def _notify(self, notice: Notify) -> None:
        await workflow.execute_activity(
            "notify_staff",
            NotifyInput(
                reference=self.state.reference,
                seq=self._next_seq(),
                occurred_at=workflow.now(),
                staff_id=notice.staff_id,
                to_manager_of=notice.to_manager_of,
                subject=notice.subject,
                body=notice.body,
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary=f"Notify: {notice.subject}"[:200],
        )

    async def _track(self, track: Track) -> None:
        """R-REM-3: each remedy, action or order is followed by its own tracker workflow, so
        the complaint's history stays bounded however long the action takes."""
        item = self.state.tracked[track.item_id]
        prefs = self.state.intake.complainant.preferences
        owner = self.state.handler if self.state.stage.value == "stage_1" else self.state.reviewer
        owner = owner or self.state.handler
        await workflow.execute_activity(
            "start_tracker",
            TrackerInput(
                reference=self.state.reference,
                organisation=self.state.intake.organisation,
                item=item,
                profile=self.state.profile,
                calendar=self.state.calendar,
                started_on=self._ctx().today,
                staff_id=owner.id if owner else None,
                manager_id=owner.manager_id if owner else None,
                recipients=self._recipients(),
                channel=prefs.channel,
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
        reference: str = await workflow.execute_activity(
            "allocate_reference",
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
                "description": split.summary,
                "first_contact_on": today,
                "linked_to": self.state.reference,
                "issue_date": None,
            }
        )
        await workflow.execute_activity(
            "start_linked_complaint",
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
