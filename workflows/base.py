"""The imperative shell every complaint handler shares: run the pure rules under a lock,
carry out the effects they return as idempotent activities, and publish where the
complaint stands to Temporal Web (search attributes, current details).

Every update's validator passes through `ComplaintBase._check`, which refuses (before the
rule's own check) an action that would make the complaint too large to carry: see
`STATE_BUDGET`. The text in an action is refused again when the worker decodes it (the
types of `models.text`), so what a client failed to check never reaches history (issue 8).
"""

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel
from temporalio import workflow
from temporalio.common import SearchAttributeUpdate
from temporalio.exceptions import ApplicationError

from workflows.effects import EffectRunner

with workflow.unsafe.imports_passed_through():
    from models.complaint import ComplaintState
    from models.effects import (
        ComplaintSummary,
        Effect,
    )
    from models.messages import ActionResult
    from rules.calendar import CalendarRangeError, WorkingCalendar, format_due, london_midnight
    from rules.catalogue import ActionEntry
    from rules.handling.common import STAGE_WORDS, Ctx, Refused, describe
    from rules.read_model import summarise
    from workflows import search_attributes as sa
    from workflows.inputs import StartComplaint

In = TypeVar("In")
M = TypeVar("M", bound=BaseModel)

# The most a complaint's state and one action's input may come to together, in bytes of
# JSON. The state travels whole in every query's answer and in the input of the run that
# continues it as new, and Temporal refuses any payload over 2 MB (warning from 512 KB).
# A quarter of that limit leaves room for what one action adds to the state (at most some
# tens of kilobytes of bounded text, models.text) and for the start input around it. A
# complaint's state is about 5 KB when logged and some tens of KB when it has been through
# every stage, so only an abuse (an action repeated hundreds of times) ever meets it.
STATE_BUDGET = 512 * 1024


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
        """Run a rule's check for an update validator: refuse with its sentence, change nothing.

        First, an action that would take the complaint past `STATE_BUDGET` is refused."""
        self._check_budget(inp)
        try:
            check(self.state, inp, self._ctx())
        except (Refused, CalendarRangeError) as error:
            raise refusal(error) from None

    def _check_budget(self, inp: object) -> None:
        """Refuse an action whose input, added to the complaint's state, passes the budget."""
        state_size = len(self.state.model_dump_json().encode())
        input_size = len(inp.model_dump_json().encode()) if isinstance(inp, BaseModel) else 0
        if state_size + input_size > STATE_BUDGET:
            raise ApplicationError(
                f"This complaint's record is too large to take this action: with it, the "
                f"record would be {(state_size + input_size) // 1024:,} KB, over the "
                f"{STATE_BUDGET // 1024:,} KB one complaint can hold. Shorten what was "
                "written, or keep the long text as a document of the complaint.",
                type="Refused",
                non_retryable=True,
            )

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

    def _vet(self, action: ActionEntry[M], inp: M) -> None:
        """The validator of a catalogue action: its rule's check, through `_check`."""
        self._check(action.check, inp)

    async def _take(self, action: ActionEntry[M], inp: M) -> ActionResult:
        """The handler of a catalogue action: its rule applied, its effects carried out."""
        assert action.apply is not None, f"{action.name} has its own handler"
        return await self._act(action.apply, inp, action.done)

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
            "attention": s.attention is not None,
            # R-EDIT-1: a corrected service area or organisation is upserted too.
            "service_area": s.intake.service_area.value,
            "organisation": s.intake.organisation,
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
                sa.NEEDS_ATTENTION.value_set(values["attention"]),
                sa.NEXT_DUE.value_set(values["next_due"]) if nxt else sa.NEXT_DUE.value_unset(),
            ]
            workflow.upsert_search_attributes(updates)
            self._published = values
        lines = [f"**{STAGE_WORDS[s.stage]}**: {describe(s)}"]
        if nxt:
            lines.append(f"Next: {nxt.label} due {format_due(nxt.due)}")
        if s.handler:  # the staff id only: Temporal Web shows this without the codec
            lines.append(f"Handler: {s.handler.id}")
        if s.breached:
            lines.append("A Code deadline has been missed.")
        if s.flagged:
            lines.append("Flagged: the resident did not agree a later response date.")
        if s.attention:
            lines.append(f"**Needs attention**: {s.attention}")
        workflow.set_current_details("\n\n".join(lines))
