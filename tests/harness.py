"""The harness for driving complaints through the time-skipping test server, with the real
activities on a real PostgreSQL database.

The test server skips time only when asked: updates return at once, and `advance` /
`advance_to` move the clock (the pitfall: awaiting an update's result skips nothing).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.api.sdk.v1 import WorkflowMetadata
from temporalio.client import WorkflowExecutionStatus, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from intake.service import prepare, start_workflow
from models.complaint import ComplaintState, LogComplaintInput
from models.enums import ServiceArea, Tenure
from models.messages import ActionResult
from models.parties import Complainant, StaffMember
from rules.calendar import WorkingCalendar, local_date, office_hours_on
from store import queries
from store.tables import Delivery
from workflows import search_attributes as sa

HANDLER = StaffMember(
    id="h.khan", name="Hana Khan", email="hana.khan@example.org", manager_id="m.osei"
)
OTHER_HANDLER = StaffMember(
    id="j.doe", name="Jo Doe", email="jo.doe@example.org", manager_id="m.osei"
)
REVIEWER = StaffMember(
    id="r.patel", name="Ravi Patel", email="ravi.patel@example.org", manager_id="d.ward"
)


# The last history event of a workflow that waits on a timer or a message, doing nothing.
RESTING = {
    "timer_started_event_attributes",
    "workflow_task_completed_event_attributes",
    "workflow_execution_update_completed_event_attributes",
    "timer_canceled_event_attributes",
    "marker_recorded_event_attributes",  # a local activity's result, recorded with the task
}


@dataclass
class Complaints:
    env: WorkflowEnvironment
    task_queue: str
    sessionmaker: Any
    counter: list[int]
    settings: Any = None  # the worker's Settings
    mail: Any = None  # the session's mail sink (tests.mail.LocalMailSink)
    started: list[str] = field(default_factory=list)

    async def now(self) -> datetime:
        return await self.env.get_current_time()

    async def today(self) -> date:
        return local_date(await self.now())

    async def advance(self, delta: timedelta) -> None:
        await self.env.sleep(delta)

    async def advance_to(self, moment: datetime) -> None:
        now = await self.now()
        if moment > now:
            await self.env.sleep(moment - now)

    async def advance_to_day(self, day: date, hour: int = 10) -> None:
        """Move the clock to a local time on a day (10:00 by default: office hours)."""
        await self.advance_to(office_hours_on(day, hour))

    async def start_of_working_day(self) -> date:
        """Move to 10:00 on the next working day, a calm place to start a scenario."""
        today = await self.today()
        day = self.cal(today).next_working_day(today)
        await self.advance_to_day(day)
        return day

    def cal(self, around: date) -> WorkingCalendar:
        from intake.calendar import calendar_for

        return WorkingCalendar(calendar_for(around))

    def reference(self) -> str:
        self.counter[0] += 1
        return f"CMP-2099-{self.counter[0]:06d}"

    async def log(self, **changes: Any) -> WorkflowHandle:
        today = await self.today()
        fields: dict[str, Any] = {
            "reference": self.reference(),
            "first_contact_on": today,
            "complainant": Complainant(
                name="Alex Morgan",
                email="alex@example.org",
                address="1 Elm Road, Leeds",
                postcode="LS1 1AA",
                tenure=Tenure.TENANT,
            ),
            "description": "The boiler has not worked for three weeks.",
            "outcomes_sought": "Repair the boiler and compensation",
            "service_area": ServiceArea.LANDLORD_SERVICES,
        }
        fields.update(changes)
        continue_after = fields.pop("continue_after_events", 2000)
        start = prepare(LogComplaintInput(**fields), continue_after_events=continue_after)
        handle = await start_workflow(self.env.client, start, self.task_queue)
        self.started.append(handle.id)
        return handle

    async def terminate_started(self) -> None:
        """End what a test started (complaints, their trackers, linked complaints).

        Each is first left to come to rest: the test server never unlocks its clock for an
        activity of a workflow terminated while the activity runs.
        """
        seen: list[str] = []
        pending = list(self.started)
        while pending:
            workflow_id = pending.pop()
            if workflow_id in seen:
                continue
            seen.append(workflow_id)
            handle = self.env.client.get_workflow_handle(workflow_id)
            try:
                state = await handle.query("complaint", result_type=ComplaintState)
                pending += [item.workflow_id for item in state.tracked.values()]
                pending += state.linked_complaints
            except Exception:  # noqa: BLE001 - a tracker, or an ended workflow: nothing to follow
                pass
        for workflow_id in seen:
            await self.quiet(workflow_id)
        await self.assert_letters_written(seen)
        for workflow_id in seen:
            try:
                await self.env.client.get_workflow_handle(workflow_id).terminate(
                    reason="end of test"
                )
            except Exception:  # noqa: BLE001 - already ended
                pass

    async def assert_letters_written(self, references: list[str]) -> None:
        """Every letter the workflows sent could be written: none is undeliverable for a
        missing part or a template error (a mismatch between rules and letters)."""
        async with self.sessionmaker() as session:
            statement = select(Delivery.reference, Delivery.problem).where(
                Delivery.reference.in_(references),
                Delivery.problem.like("Not sent: the % letter could not be written.%"),
            )
            unwritten = (await session.execute(statement)).all()
        assert not unwritten, f"letters that could not be written: {unwritten}"

    async def quiet(self, workflow_id: str) -> None:
        """Wait until a workflow rests: closed, or waiting on a timer or a message with no
        activity in flight, the same on two looks in a row."""
        handle = self.env.client.get_workflow_handle(workflow_id)
        previous = None
        for _ in range(400):
            description = await handle.describe()
            if description.status != WorkflowExecutionStatus.RUNNING:
                return
            events = (await handle.fetch_history()).events
            last = (len(events), events[-1].WhichOneof("attributes"))
            resting = last[1] in RESTING and not description.raw_description.pending_activities
            if resting and last == previous:
                return
            previous = last if resting else None
            await asyncio.sleep(0.02)
        raise AssertionError(f"{workflow_id} is still busy")

    def latest(self, handle: WorkflowHandle) -> WorkflowHandle:
        """The complaint's current run, wherever continue-as-new has taken it."""
        return self.env.client.get_workflow_handle(handle.id)

    async def act(self, handle: WorkflowHandle, update: str, inp: Any) -> ActionResult:
        """Perform an action, then let the workflow finish what it started (the letters and
        notices it sends go on after the update has returned)."""
        result = await self.latest(handle).execute_update(update, inp, result_type=ActionResult)
        await self.quiet(handle.id)
        return result

    async def refused(self, handle: WorkflowHandle, update: str, inp: Any) -> str:
        """Attempt a refused action; return the message the handler would see."""
        try:
            await self.latest(handle).execute_update(update, inp, result_type=ActionResult)
        except WorkflowUpdateFailedError as error:
            return str(getattr(error.cause, "message", error.cause))
        raise AssertionError(f"{update} was not refused")

    async def state(self, handle: WorkflowHandle) -> ComplaintState:
        return await self.latest(handle).query("complaint", result_type=ComplaintState)

    async def current_details(self, handle: WorkflowHandle) -> str:
        """What Temporal Web shows as the workflow's current details."""
        metadata = await self.latest(handle).query(
            "__temporal_workflow_metadata", result_type=WorkflowMetadata
        )
        return metadata.current_details

    async def events(self, reference: str) -> list[Any]:
        async with self.sessionmaker() as session:
            return list(await queries.list_events(session, reference))

    async def letters(self, reference: str) -> list[Any]:
        async with self.sessionmaker() as session:
            return list(await queries.list_letters(session, reference))

    async def notices(self, reference: str) -> list[Any]:
        async with self.sessionmaker() as session:
            return list(await queries.list_notifications(session, reference))

    async def row(self, reference: str) -> Any:
        async with self.sessionmaker() as session:
            return await queries.get_complaint(session, reference)


# -- shared by the workflow tests -----------------------------------------------------------


async def settled(complaints: Complaints, handle: WorkflowHandle) -> tuple[dict, int]:
    """The complaint's state and event count once the workflow has finished what it started."""
    seen = None
    for _ in range(50):
        now = (
            (await complaints.state(handle)).model_dump(),
            len(await complaints.events(handle.id)),
        )
        if now == seen:
            return now
        seen = now
        await asyncio.sleep(0.05)
    raise AssertionError("the complaint did not settle")


async def assert_refused(
    complaints: Complaints, handle: WorkflowHandle, update: str, inp: Any, *words: str
) -> str:
    """The action is refused with a sentence naming `words`, and nothing changes: not the
    complaint's state, not the number of events in its record."""
    state_before, events_before = await settled(complaints, handle)
    message = await complaints.refused(handle, update, inp)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert (await complaints.state(handle)).model_dump() == state_before
    assert len(await complaints.events(handle.id)) == events_before
    return message


async def eventually(read: Callable[[], Awaitable[Any]], ok: Callable[[Any], bool]) -> Any:
    """Poll in real time (which the test server does not skip) until `ok` holds."""
    value = None
    for _ in range(100):
        value = await read()
        if ok(value):
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"condition never held; last value {value!r}")


_COUNTER = [0]
_REGISTERED: list[bool] = []


async def register_search_attributes(env: WorkflowEnvironment) -> None:
    """The test server, like the dev server, must know our search attributes."""
    if _REGISTERED:
        return
    try:
        await env.client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(
                namespace=env.client.namespace,
                search_attributes={
                    key.name: key.indexed_value_type.value  # type: ignore[misc]
                    for key in sa.ALL
                },
            )
        )
    except RPCError as error:
        if error.status != RPCStatusCode.ALREADY_EXISTS:
            raise
    _REGISTERED.append(True)
