"""The imperative shell every complaint handler shares: run the pure rules under a lock,
carry out the effects they return as idempotent activities, and publish where the
complaint stands to Temporal Web (search attributes, current details)."""

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from models import search_attributes as sa
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
    from models.messages import ActionResult
    from rules.calendar import CalendarRangeError, WorkingCalendar, format_due, london_midnight
    from rules.handling.common import STAGE_WORDS, Ctx, Refused, describe
    from workflows.inputs import StartComplaint, TrackerInput
    from workflows.options import ACTIVITY_RETRY, ACTIVITY_TIMEOUT

In = TypeVar("In")


def refusal(error: Exception) -> ApplicationError:
    return ApplicationError(str(error), type="Refused", non_retryable=True)


class ComplaintBase:
    """State and plumbing; the handler mixins and `ComplaintWorkflow.run` use these."""

    state: ComplaintState
    start: StartComplaint
    _lock: asyncio.Lock
    _changed: bool
    _pending: list[Effect]
    _published: dict[str, Any]

    def _ctx(self) -> Ctx:
        return Ctx(now=workflow.now(), cal=WorkingCalendar(self.state.calendar))

    def _check(self, check: Callable[[ComplaintState, In, Ctx], Any], inp: In) -> None:
        """Run a rule's check for an update validator: refuse with its sentence, change nothing."""
        try:
            check(self.state, inp, self._ctx())
        except (Refused, CalendarRangeError) as error:
            raise refusal(error) from None

    async def _act(
        self, apply: Callable[[ComplaintState, In, Ctx], list[Effect]], inp: In, message: str
    ) -> ActionResult:
        async with self._lock:
            try:
                effects = apply(self.state, inp, self._ctx())
            except (Refused, CalendarRangeError) as error:
                raise refusal(error) from None
            await self._run_effects(effects)
            self._changed = True
            return self._result(message)

    def _result(self, message: str) -> ActionResult:
        nxt = self.state.open_deadlines[0] if self.state.open_deadlines else None
        return ActionResult(
            reference=self.state.reference,
            stage=self.state.stage.value,
            status=self.state.status.value,
            message=message,
            next_due=nxt.due if nxt else None,
            next_due_label=nxt.label if nxt else None,
        )

    # -- effects -----------------------------------------------------------------------

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
            StartComplaint(intake=intake, profile=self.state.profile, calendar=self.state.calendar),
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

    # -- Temporal Web ------------------------------------------------------------------

    def _summary(self) -> ComplaintSummary:
        s = self.state
        nxt = s.open_deadlines[0] if s.open_deadlines else None
        return ComplaintSummary(
            reference=s.reference,
            kind=s.intake.kind.value,
            organisation=s.intake.organisation,
            service_area=s.intake.service_area.value,
            channel=s.intake.channel.value,
            stage=s.stage.value,
            status=s.status.value,
            complainant_name=s.intake.complainant.name,
            postcode=s.intake.complainant.postcode,
            email=str(s.intake.complainant.email) if s.intake.complainant.email else None,
            handler_id=s.handler.id if s.handler else None,
            handler_name=s.handler.name if s.handler else None,
            reviewer_id=s.reviewer.id if s.reviewer else None,
            first_contact_on=s.intake.first_contact_on,
            logged_at=s.logged_at,
            next_due=nxt.due if nxt else None,
            next_due_label=nxt.label if nxt else None,
            next_target=nxt.target if nxt else None,
            breached=s.breached,
            flagged=s.flagged,
            closed_on=s.closed_on,
            categories=s.intake.categories,
        )

    def _publish(self) -> None:
        """Search attributes for operations staff, and the current details shown in Temporal Web."""
        s = self.state
        nxt = s.open_deadlines[0] if s.open_deadlines else None
        values: dict[str, Any] = {
            "stage": s.stage.value,
            "status": s.status.value,
            "handler": s.handler.id if s.handler else "",
            "breached": s.breached,
            "next_due": london_midnight(nxt.due) if nxt else None,
        }
        if values != self._published:
            updates = [
                sa.REFERENCE.value_set(s.reference),
                sa.ORGANISATION.value_set(s.intake.organisation),
                sa.SERVICE_AREA.value_set(s.intake.service_area.value),
                sa.STAGE.value_set(values["stage"]),
                sa.STATUS.value_set(values["status"]),
                sa.HANDLER.value_set(values["handler"]),
                sa.BREACHED.value_set(values["breached"]),
                sa.NEXT_DUE.value_set(values["next_due"]) if nxt else sa.NEXT_DUE.value_unset(),
            ]
            workflow.upsert_search_attributes(updates)
            self._published = values
        lines = [f"**{STAGE_WORDS[s.stage]}**: {describe(s)}"]
        if nxt:
            lines.append(f"Next: {nxt.label} due {format_due(nxt.due)}")
        if s.handler:
            lines.append(f"Handler: {s.handler.name}")
        if s.breached:
            lines.append("A Code deadline has been missed.")
        if s.flagged:
            lines.append("Flagged: the resident did not agree a later response date.")
        workflow.set_current_details("\n\n".join(lines))


def now() -> datetime:
    return workflow.now()
