"""Carrying out what the rules ask: each effect becomes one idempotent activity call,
keyed by the complaint's reference and the next number in its sequence.

Consecutive events, letters and notices are written together (`workflows.records`, which
then starts their deliveries, `workflows.deliveries`); starting a tracker for a remedy or
action (R-REM-3) or a linked complaint (R-S1-5) is an activity of its own, here.
"""

from temporalio import workflow

from workflows.records import RecordWriter

with workflow.unsafe.imports_passed_through():
    from activities.complaint import ComplaintActivities
    from activities.starting import WorkflowStarterActivities
    from models.complaint import ComplaintState
    from models.effects import (
        AllocateReferenceInput,
        Effect,
        Event,
        Letter,
        Notify,
        SplitOff,
        Track,
    )
    from models.enums import Kind, Stage
    from rules import letters
    from rules.calendar import format_due
    from rules.handling.common import Ctx
    from workflows.inputs import StartComplaint, TrackerInput
    from workflows.options import ACTIVITY_RETRY, ACTIVITY_TIMEOUT


class EffectRunner(RecordWriter):
    """Runs effects for `ComplaintBase`; uses its state, calendar context and summary."""

    state: ComplaintState
    _pending: list[Effect]

    def _ctx(self) -> Ctx:
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
