"""The imperative shell every complaint handler shares: run the pure rules under a lock,
carry out the effects they return as idempotent activities, and publish where the
complaint stands to Temporal Web (search attributes, current details)."""

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from temporalio import workflow
from temporalio.common import SearchAttributeUpdate
from temporalio.exceptions import ApplicationError

from workflows.effects import EffectRunner

with workflow.unsafe.imports_passed_through():
    from models import search_attributes as sa
    from models.complaint import ComplaintState
    from models.effects import (
        ComplaintSummary,
        Effect,
    )
    from models.messages import ActionResult
    from rules.calendar import CalendarRangeError, WorkingCalendar, format_due, london_midnight
    from rules.handling.common import STAGE_WORDS, Ctx, Refused, describe
    from rules.read_model import summarise
    from workflows.inputs import StartComplaint

In = TypeVar("In")


def refusal(error: Exception) -> ApplicationError:
    return ApplicationError(str(error), type="Refused", non_retryable=True)


class ComplaintBase(EffectRunner):
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

    # -- Temporal Web ------------------------------------------------------------------

    def _summary(self) -> ComplaintSummary:
        return summarise(self.state)

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
            updates: list[SearchAttributeUpdate[Any]] = [
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
