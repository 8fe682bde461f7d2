"""`ComplaintWorkflow`: one durable workflow per complaint, reading like the Code.

The workflow id is the complaint reference. People act through updates whose validators
refuse what the Code does not allow (see the handler mixins); the pure rules in
`rules.handling` decide what each action changes and which letters, events and notices
follow. Between actions the workflow sleeps on a durable timer until the next thing falls
due: a reminder, a missed target or limit, a survey, or the end of the complaint's life.
"""

import asyncio
from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.complaint import ComplaintActivities
    from models.complaint import ComplaintState
    from models.effects import CalendarRequest, Effect, Event
    from models.enums import Status
    from models.messages import ActionResult, CalendarChangedInput, RecordProgressInput
    from rules.calendar import add_months, format_due
    from rules.handling import aftercare, intake, timekeeping
    from workflows.inputs import ItemCompleted, Progress, StartComplaint

from workflows.aftercare_handlers import AftercareHandlers
from workflows.base import ComplaintBase, refusal
from workflows.casework_handlers import CaseworkHandlers
from workflows.closure_handlers import ClosureHandlers
from workflows.escalation_handlers import EscalationHandlers
from workflows.hazard_handlers import HazardHandlers
from workflows.intake_handlers import IntakeHandlers
from workflows.mail_handlers import MailHandlers
from workflows.options import ACTIVITY_RETRY, ACTIVITY_TIMEOUT
from workflows.self_service_handlers import SelfServiceHandlers
from workflows.stage_handlers import StageHandlers

CALENDAR_YEARS_AHEAD = 3
REFRESH_CALENDAR_WITHIN = timedelta(days=400)


@workflow.defn(name="ComplaintWorkflow")
class ComplaintWorkflow(
    IntakeHandlers,
    StageHandlers,
    EscalationHandlers,
    AftercareHandlers,
    CaseworkHandlers,
    ClosureHandlers,
    SelfServiceHandlers,
    MailHandlers,
    HazardHandlers,
):
    @workflow.init
    def __init__(self, start: StartComplaint) -> None:
        self.start = start
        self._lock = asyncio.Lock()
        self._changed = False
        self._published = {}
        self._recorded = None
        self._deliveries = []
        self._calendar_stale = False
        if start.carried is not None:
            self.state = start.carried
            self._pending = []
        else:
            self.state = ComplaintState(
                reference=start.intake.reference,
                intake=start.intake,
                profile=start.profile,
                calendar=start.calendar,
                organisation=start.organisation,
                logged_at=workflow.now(),
                representative=start.intake.representative,
            )
            # Logging is pure and immediate, so an action arriving with the start finds the
            # complaint's deadlines already set; its records are written when run() starts.
            self._pending = intake.log(self.state, self._ctx())
            self._keep_comment_open()  # R-DEF-1

    @workflow.run
    async def run(self, start: StartComplaint) -> ComplaintState:
        """Live until the complaint is over: resting, nothing open, held long enough."""
        async with self._lock:
            await self._run_effects([])
        while True:
            async with self._lock:
                if self._calendar_stale or self._calendar_runs_out():
                    await self._refresh_calendar()
                await self._run_effects(timekeeping.run_due(self.state, self._ctx()))
                if timekeeping.finished(self.state, self._ctx()):
                    break
            if self._history_too_long():
                await workflow.wait_condition(workflow.all_handlers_finished)
                async with self._lock:
                    await self._run_effects([])
                await self._deliveries_done()
                self.state.generation += 1  # later epochs for the next run's records
                workflow.continue_as_new(
                    self.start.model_copy(update={"carried": self.state}),
                    search_attributes=workflow.info().typed_search_attributes,
                )
            await self._sleep_until_next()
        await workflow.wait_condition(workflow.all_handlers_finished)
        self.state.status = Status.COMPLETED
        await self._run_effects([Event(kind="completed", summary="Complaint record complete")])
        await self._deliveries_done()
        return self.state

    async def _sleep_until_next(self) -> None:
        self._changed = False
        wake = timekeeping.next_wakeup(self.state, self._ctx())
        retry = self._record_retry_wait()
        if retry is not None:
            at = workflow.now() + retry
            if wake is None or at < wake[0]:
                wake = (at, "Write the records the database could not take")
        if wake is None:
            await workflow.wait_condition(lambda: self._changed)
            return
        at, summary = wake
        delay = max(at - workflow.now(), timedelta(seconds=1))
        try:
            await workflow.wait_condition(
                lambda: self._changed, timeout=delay, timeout_summary=summary[:200]
            )
        except TimeoutError:
            pass

    def _history_too_long(self) -> bool:
        info = workflow.info()
        return (
            info.get_current_history_length() > self.start.continue_after_events
            or info.is_continue_as_new_suggested()
        )

    def _calendar_runs_out(self) -> bool:
        return self.state.calendar.covers_to - self._ctx().today < REFRESH_CALENDAR_WITHIN

    async def _refresh_calendar(self) -> None:
        """R-TIME-4: fetch the current calendar (an activity: the holidays package never runs
        in workflow code) and recompute open deadlines that are not yet due."""
        today = self._ctx().today
        covers_from = min(self.state.calendar.covers_from, today)
        snapshot = await workflow.execute_activity_method(
            ComplaintActivities.calendar_snapshot,
            CalendarRequest(
                covers_from=covers_from,
                covers_to=add_months(today, 12 * CALENDAR_YEARS_AHEAD),  # 29 Feb safe
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            summary="Fetch the working-day calendar",
        )
        self._calendar_stale = False
        await self._run_effects(aftercare.recalculate(self.state, snapshot, self._ctx()))

    # -- messages that are not handler actions --------------------------------------------

    @workflow.signal
    def calendar_changed(self, inp: CalendarChangedInput) -> None:
        """R-TIME-4: a bank holiday was announced or a closure configured."""
        self._calendar_stale = True
        self._changed = True

    @workflow.signal
    def item_completed(self, inp: ItemCompleted) -> None:
        """A tracker reports its remedy, action or order complete."""
        self._pending += aftercare.item_completed(self.state, inp.item_id, inp.on)
        self._changed = True

    @workflow.update
    async def record_progress(self, inp: RecordProgressInput) -> ActionResult:
        """R-REM-3: progress on an action; the tracker updates the resident."""
        async with self._lock:
            try:
                item = aftercare.check_record_progress(self.state, inp, self._ctx())
            except ValueError as error:
                raise refusal(error) from None
            handle = workflow.get_external_workflow_handle(item.workflow_id)
            await handle.signal(
                "progress", Progress(note=inp.note, completed=inp.completed, by=inp.by)
            )
            effects: list[Effect] = [
                Event(
                    kind="action_progress",
                    actor=inp.by,
                    summary=f"Progress on '{item.what}': {inp.note}",
                    data={"item_id": item.id, "completed": inp.completed},
                )
            ]
            if inp.completed:
                effects += aftercare.item_completed(self.state, item.id, self._ctx().today)
            await self._run_effects(effects)
            self._changed = True
            return self._result("Progress recorded")

    @record_progress.validator
    def _validate_record_progress(self, inp: RecordProgressInput) -> None:
        self._check(aftercare.check_record_progress, inp)

    @workflow.query
    def complaint(self) -> ComplaintState:
        """The whole complaint as it stands."""
        return self.state

    @workflow.query
    def next_due(self) -> str:
        deadlines = self.state.open_deadlines
        if not deadlines:
            return "Nothing due"
        return f"{deadlines[0].label} due {format_due(deadlines[0].due)}"


__all__ = ["ComplaintBase", "ComplaintWorkflow"]
